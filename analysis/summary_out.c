// SPDX-License-Identifier: GPL-2.0
/*
 * The summary as text (summary.h), in at most 80 columns: the sides, the
 * verdict of each NEW, the failed checks, the families (summary_rows.c),
 * the legend and what was skipped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary_int.h"

/* ---- failed checks ---- */

struct failed_fn {
	void (*check)(void *ctx, const struct comparison *c, int side, const struct cmp_row *r,
		      const struct cmp_stat *s);
	void (*invalid)(void *ctx, const struct comparison *c, const struct cmp_listed *l);
	void *ctx;
};

/* Call fn for every failed check and invalid point of t; returns how many, *checks the checks. */
static size_t failed_each(const struct comparison *c, const struct cmp_table *t, const struct failed_fn *fn,
			  size_t *checks)
{
	size_t i, n = 0;

	*checks = 0;
	for (i = 0; i < t->nrows; i++) {
		const struct cmp_row *r = &t->rows[i];

		if (headline_role(r->pb->workload, r->metric) != HL_CHECK)
			continue;
		(*checks)++;
		if (sum_check_failed(&r->base)) {
			n++;
			if (fn)
				fn->check(fn->ctx, c, t->base, r, &r->base);
		}
		if (t->new >= 0 && sum_check_failed(&r->new)) {
			n++;
			if (fn)
				fn->check(fn->ctx, c, t->new, r, &r->new);
		}
	}
	for (i = 0; i < t->ninvalid; i++, n++)
		if (fn)
			fn->invalid(fn->ctx, c, &t->invalid[i]);
	return n;
}

static void text_check(void *ctx, const struct comparison *c, int side, const struct cmp_row *r,
		       const struct cmp_stat *s)
{
	char buf[1200], mx[24], mean[24];

	fmt_num(s->s.max, mx, sizeof(mx));
	fmt_num(s->s.mean, mean, sizeof(mean));
	snprintf(buf, sizeof(buf), "  FAILED %s %s: %s %s in a repetition (mean %s over %zu)",
		 fmt_side_tag(c, side), r->pb->id, headline_label(r->pb->workload, r->metric), mx, mean,
		 s->s.n);
	fmt_wrapped(ctx, buf, 4);
}

static void text_invalid(void *ctx, const struct comparison *c, const struct cmp_listed *l)
{
	char buf[1400];

	snprintf(buf, sizeof(buf), "  INVALID %s %s: %s", fmt_side_tag(c, l->side), l->sp->id,
		 l->why ? l->why : "?");
	fmt_wrapped(ctx, buf, 4);
}

/* unknown: some family's checks are not known (no summary table: text_unshown says why). */
static void text_failed(FILE *f, const struct comparison *c, const struct cmp_table *t, int unknown)
{
	struct failed_fn fn = { text_check, text_invalid, f };
	size_t checks, n = failed_each(c, t, NULL, &checks);

	if (!n && checks) {
		fprintf(f, "Failed checks: none (%zu correctness count%s, all 0; no invalid point)\n", checks,
			checks == 1 ? "" : "s");
		return;
	}
	if (!n && unknown) {
		fmt_wrapped(f, "Failed checks: none known (no invalid point; the correctness counts of "
			    "the families below are not known)", 2);
		return;
	}
	if (!n) {
		fprintf(f, "Failed checks: none (no invalid point; no correctness count here)\n");
		return;
	}
	fprintf(f, "FAILED CHECKS (%zu), before any speed figure:\n", n);
	failed_each(c, t, &fn, &checks);
}

static void text_verdict(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	struct summary_count n;

	char buf[512];

	summary_count(c, t, &n);
	if (t->new < 0) {
		fprintf(f, "%s alone: the mean of the repetitions ±CV (no comparison)\n", fmt_side_tag(c, 0));
		return;
	}
	summary_verdict_text(c, t, &n, buf, sizeof(buf));
	fmt_wrapped(f, buf, 2);
}

static void text_unshown(FILE *f, const struct sum_table *st)
{
	char buf[1024];
	size_t r;

	for (r = 0; !sum_unshown_text(st, r, buf, sizeof(buf)); r++) {
		fputc('\n', f);
		fmt_wrapped(f, buf, 2);
	}
}

static void text_legend(FILE *f, const struct sum_table *st)
{
	char buf[1400];

	fputc('\n', f);
	sum_legend_text(st, buf, sizeof(buf));
	fmt_wrapped(f, buf, 0);
}

/* Tables of as many NEW sides as fit side by side in 80 columns: two. */
#define TEXT_NEW_PER	2

static void text_group(FILE *f, const struct comparison *c, size_t first, size_t n)
{
	const struct cmp_table *t[SUM_MAXTAB];
	struct sum_table st;
	size_t i, k;

	for (i = 0; i < n; i++)
		t[i] = &c->tables[first + i];
	sum_build_shown(&st, c, t, n);
	for (i = 0; i < n; i++)
		text_failed(f, c, t[i], st.nunshown > 0);
	text_unshown(f, &st);
	for (k = 0; k < st.nfam; k++)
		sum_text_family(f, &st, &st.fam[k]);
	text_legend(f, &st);
	sum_free(&st);
}

void summary_text(FILE *f, const struct comparison *c)
{
	size_t i, n;

	compare_text_header(f, c);
	fputc('\n', f);
	for (i = 0; i < c->ntables; i++)
		text_verdict(f, c, &c->tables[i]);
	for (i = 0; i < c->ntables; i += n) {
		n = c->ntables - i < TEXT_NEW_PER ? c->ntables - i : TEXT_NEW_PER;
		text_group(f, c, i, n);
	}
	for (i = 0; i < c->ntables; i++)
		compare_text_listed(f, c, &c->tables[i], 0);
}
