// SPDX-License-Identifier: GPL-2.0
/*
 * The summary's legend, one text for every format: what a value is, what
 * a mark means, where the rest is. The text summary wraps it at 80
 * columns, Markdown and HTML escape it; only the marks differ, as the
 * table's cells do (one character when there is more than one NEW).
 */
#include <stdio.h>

#include "summary_int.h"

static const char untested[] =
	"BASE, NEW: the mean of the repetitions (geometric for ratios) ±CV. change: NEW/BASE - 1, "
	"not tested: one run a side (--within-run tests its repetitions). Counts: ok, or FAIL "
	"when not 0. --all: every metric with CI (docs/compare.md).";

void sum_legend_text(const struct sum_table *st, char *buf, size_t len)
{
	int narrow = st->ntab > 1;
	size_t n = 0, j;

	if (!sum_compared(st)) {
		snprintf(buf, len, "Each value: the mean of the repetitions (geometric for ratios) ±CV "
			 "(no ±: one repetition). --all: every metric, min, median, max "
			 "(docs/compare.md).");
		return;
	}
	for (j = 0; j < st->ntab; j++)
		n += st->t[j]->ntests;
	if (!n) {
		snprintf(buf, len, "%s", untested);
		return;
	}
	snprintf(buf, len, "BASE, NEW: mean of the repetitions ±CV (geometric for ratios). change: "
		 "NEW/BASE - 1; %s after Benjamini-Hochberg FDR %g%% over %zu tests; ~: not "
		 "significant; %s: its test could miss %.0f%% (mde, 80%% power); blank: not tested. "
		 "Counts: FAIL when not 0. --all: CI, p, q, mde of every metric (docs/compare.md).",
		 narrow ? "*: significant (better or WORSE as the figure's direction says)" :
		 "better/WORSE: significant", st->c->opts.alpha * 100, n, narrow ? "?" : "blind",
		 SUM_BLIND * 100);
}
