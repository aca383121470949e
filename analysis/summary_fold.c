// SPDX-License-Identifier: GPL-2.0
/*
 * What of a family the summary shows (summary_int.h): every row when it
 * has SUM_FOLD_AT or fewer, else the rows that tell (a significant change
 * in some table, a failed check) and, per figure, one line for the rest.
 * And how sensitive its tests were, said once: the median of their mde.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/stats.h"
#include "summary_int.h"

/* A row that must stay in view: a significant change in some table, or a failed check. */
static int row_stays(const struct sum_col *col, const struct sum_cell *cl, size_t ntab)
{
	size_t j;

	if (col->role == HL_CHECK && cl->any && sum_check_failed(&cl->any->base))
		return 1;
	for (j = 0; j < ntab; j++) {
		const struct cmp_row *r = cl->r[j];

		if (!r)
			continue;
		if (col->role == HL_CHECK ? sum_check_failed(&r->new) : r->verdict != CMP_NONE)
			return 1;
	}
	return 0;
}

static void fold_add(struct sum_fold *fo, const struct sum_cell *cl, size_t ntab)
{
	size_t j;

	fo->n++;
	if (cl->any && isfinite(cl->any->base.s.mean)) {
		double m = cl->any->base.s.mean;

		fo->base_lo = isnan(fo->base_lo) || m < fo->base_lo ? m : fo->base_lo;
		fo->base_hi = isnan(fo->base_hi) || m > fo->base_hi ? m : fo->base_hi;
	}
	for (j = 0; j < ntab; j++) {
		const struct cmp_row *r = cl->r[j];

		if (!r || !(r->tested || r->single_run))
			continue;
		fo->single |= r->single_run;
		if (isfinite(r->change) && !(fabs(r->change) <= fo->max_abs))
			fo->max_abs = fabs(r->change);
	}
}

static size_t family_rows(const struct sum_family *fm)
{
	size_t p, k, n = 0;

	for (p = 0; p < fm->npt; p++)
		for (k = 0; k < fm->ncol; k++) {
			const struct sum_cell *cl = &fm->cells[p][fm->col[k].rank];

			n += cl->any || cl->unobserved;
		}
	return n;
}

void sum_fold(struct sum_family *fm, int compared, size_t ntab)
{
	size_t p, k;

	fm->folded = compared && family_rows(fm) > SUM_FOLD_AT;
	for (k = 0; k < fm->ncol; k++) {
		struct sum_col *col = &fm->col[k];

		col->fold.max_abs = col->fold.base_lo = col->fold.base_hi = NAN;
		for (p = 0; p < fm->npt; p++) {
			struct sum_cell *cl = &fm->cells[p][col->rank];

			if (!cl->any && !cl->unobserved)
				continue;
			cl->shown = !fm->folded || row_stays(col, cl, ntab);
			if (cl->shown)
				col->nshown++;
			else
				fold_add(&col->fold, cl, ntab);
		}
	}
}

void sum_sensitivity(struct sum_family *fm, size_t ntab)
{
	double *mde = xcalloc(fm->npt * fm->ncol * ntab + 1, sizeof(*mde));
	size_t p, k, j, n = 0;

	fm->ntests = fm->nblind = fm->nsingle = 0;
	for (p = 0; p < fm->npt; p++)
		for (k = 0; k < fm->ncol; k++)
			for (j = 0; j < ntab; j++) {
				const struct cmp_row *r = fm->cells[p][fm->col[k].rank].r[j];

				fm->nsingle += r && r->single_run;
				if (!r || !r->tested)
					continue;
				fm->ntests++;
				fm->nblind += !strcmp(sum_mark(r, fm->col[k].role), "blind");
				if (isfinite(r->mde))
					mde[n++] = r->mde;
			}
	fm->mde_median = n ? percentile(mde, n, 50) : NAN;
	free(mde);
}

/* "98.2k-1.21M" (three digits: a magnitude, not a result), or the one value. */
static void range_text(double lo, double hi, char *buf, size_t len)
{
	char a[24], b[24];

	fmt_num3(lo, a, sizeof(a));
	fmt_num3(hi, b, sizeof(b));
	if (!strcmp(a, b))
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, "%s-%s", a, b);
}

void sum_fold_parts(const struct sum_col *col, char *chg, size_t clen, char *range, size_t rlen)
{
	const struct sum_fold *fo = &col->fold;

	if (col->role == HL_CHECK)
		snprintf(chg, clen, "all 0");
	else if (col->role != HL_TESTED || !isfinite(fo->max_abs))
		snprintf(chg, clen, "untested");
	else
		snprintf(chg, clen, "<=%.1f%%", fo->max_abs * 100);
	range[0] = '\0';
	if (isfinite(fo->base_lo) && col->role != HL_CHECK)
		range_text(fo->base_lo, fo->base_hi, range, rlen);
}

void sum_fold_text(const struct sum_col *col, int more, char *buf, size_t len)
{
	const struct sum_fold *fo = &col->fold;
	char chg[24], range[64];
	size_t n;

	sum_fold_parts(col, chg, sizeof(chg), range, sizeof(range));
	n = (size_t)snprintf(buf, len, "%zu %spoint%s: ", fo->n, more ? "more " : "", fo->n == 1 ? "" : "s");
	if (n >= len)
		return;
	if (col->role == HL_CHECK)
		n += (size_t)snprintf(buf + n, len - n, "all 0");
	else if (col->role == HL_TESTED && isfinite(fo->max_abs))
		n += (size_t)snprintf(buf + n, len - n, fo->single ? "one run a side, not tested (|change| %s)" :
				      "none significant (|change| %s)", chg);
	else
		n += (size_t)snprintf(buf + n, len - n, "not tested");
	if (n < len && *range)
		snprintf(buf + n, len - n, ", BASE %s", range);
}

const char *sum_folded_head(const struct sum_family *fm)
{
	return fm->nsingle && !fm->ntests ? "other figures, one run a side:" : "other figures, none significant:";
}

int sum_sensitivity_text(const struct sum_family *fm, char *buf, size_t len)
{
	if (!fm->ntests || isnan(fm->mde_median))
		return -1;
	snprintf(buf, len, fm->mde_median < 0.1 ? "changes under %.1f%% cannot be seen with these runs: "
		 "median mde of %zu test%s" : "changes under %.0f%% cannot be seen with these runs: median mde "
		 "of %zu test%s", fm->mde_median * 100, fm->ntests, fm->ntests == 1 ? "" : "s");
	return 0;
}
