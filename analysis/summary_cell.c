// SPDX-License-Identifier: GPL-2.0
/*
 * One cell of the summary: the mark of a row, the change and its half-width
 * as text, the notes numbered under a family, and the counts the summary's
 * first line gives.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headline.h"
#include "summary_int.h"

int sum_check_failed(const struct cmp_stat *s)
{
	return s->present && s->s.n && s->s.max > 0;
}

static void fmt_half(double half, char *buf, size_t len)
{
	if (!isfinite(half))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, half < 10 ? "%.1f" : "%.0f", half);
}

/*
 * change = NEW/BASE - 1 in %, with the wider half of the ratio's 95% CI
 * (the log-scale interval is asymmetric; the wider side is the honest one).
 */
void sum_change(const struct cmp_row *r, char *chg, size_t clen, char *half, size_t hlen)
{
	double ch = r->change * 100, lo, hi;

	half[0] = '\0';
	if (isnan(r->change)) {
		snprintf(chg, clen, "n/a");
		return;
	}
	snprintf(chg, clen, fabs(ch) < 1000 ? "%+.1f%%" : "%+.0f%%", ch);
	if (!r->have_ratio || (r->ratio_lo == r->ratio && r->ratio_hi == r->ratio))
		return;
	lo = (r->ratio_lo - 1) * 100;
	hi = (r->ratio_hi - 1) * 100;
	fmt_half(fmax(hi - ch, ch - lo), half, hlen);
}

/* The text of a cell, for 80 columns: "-11.8%±2.1 WORSE mde 1.8%". */
void sum_cell_text(const struct sum_family *fm, size_t col, const struct sum_cell *cl, int one_side,
		   char *buf, size_t len)
{
	const struct cmp_row *r = cl->r;
	char a[24], b[24], h[16];

	if (cl->unobserved) {
		snprintf(buf, len, "n/a (%d)", cl->note);
		return;
	}
	if (!r) {
		buf[0] = '\0';
		return;
	}
	fmt_num(r->base.s.mean, a, sizeof(a));
	if (fm->col[col].role == HL_CHECK) {
		int bad = sum_check_failed(&r->base) || (!one_side && sum_check_failed(&r->new));

		if (one_side) {
			snprintf(buf, len, "%s %s", a, bad ? "FAIL" : "ok");
			return;
		}
		fmt_num(r->new.s.mean, b, sizeof(b));
		snprintf(buf, len, "%s -> %s %s", a, b, bad ? "FAIL" : "ok");
		return;
	}
	if (one_side) {
		double lo, hi;

		cmp_stat_ci(&r->base, &lo, &hi);
		fmt_half(r->base.s.mean > 0 && hi > lo ? (hi - lo) / 2 / r->base.s.mean * 100 : NAN, h,
			 sizeof(h));
		snprintf(buf, len, r->base.s.n < 2 ? "%s" : "%s ±%s%%", a, h);
		return;
	}
	sum_change(r, a, sizeof(a), h, sizeof(h));
	snprintf(buf, len, "%6s%s%-3s %s", a, *h ? "±" : " ", h, fmt_mark(r, 1));
	if (isfinite(r->mde)) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, " mde %.1f%%", r->mde * 100);
	}
}

/* Number the distinct unobserved reasons of a family (its notes under the table). */
void sum_number_notes(struct sum_family *fm)
{
	size_t p;
	int k, j;

	fm->nnotes = 0;
	for (p = 0; p < fm->npt; p++)
		for (k = 0; k < SUM_MAXFIG; k++) {
			struct sum_cell *cl = &fm->cells[p][k];

			if (!cl->unobserved)
				continue;
			for (j = 0; j < fm->nnotes; j++)
				if (fm->notes[j].rank == k && !strcmp(fm->notes[j].reason, cl->unobserved))
					break;
			if (j == fm->nnotes && fm->nnotes < SUM_MAXNOTES) {
				fm->notes[j].rank = k;
				fm->notes[j].reason = cl->unobserved;
				fm->nnotes++;
			}
			cl->note = j < fm->nnotes ? j + 1 : fm->nnotes;
		}
}

void summary_count(const struct comparison *c, const struct cmp_table *t, struct summary_count *n)
{
	struct sum_table st;
	size_t f, p, k;

	memset(n, 0, sizeof(*n));
	sum_build(&st, c, t);
	for (f = 0; f < st.nfam; f++)
		for (p = 0; p < st.fam[f].npt; p++)
			for (k = 0; k < st.fam[f].ncol; k++) {
				const struct sum_cell *cl = &st.fam[f].cells[p][st.fam[f].col[k].rank];
				const struct cmp_row *r = cl->r;

				n->unobserved += !!cl->unobserved;
				if (!r)
					continue;
				n->figures++;
				if (st.fam[f].col[k].role == HL_CHECK) {
					n->failed += sum_check_failed(&r->base) ||
						     (t->new >= 0 && sum_check_failed(&r->new));
					continue;
				}
				n->tested += r->tested;
				n->better += r->verdict == CMP_BETTER;
				n->worse += r->verdict == CMP_WORSE;
			}
	n->invalid = t->ninvalid;
	sum_free(&st);
}
