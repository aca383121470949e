// SPDX-License-Identifier: GPL-2.0
/*
 * One cell of the summary: a side's value and spread, the change, the
 * mark of a row, a figure's name with its unit and direction, a point's
 * name; the notes numbered under a family; and the counts the summary's
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

/* The CV in % as the summary shows it: "0" when every repetition is equal. */
static void cv_text(double cv, char *buf, size_t len)
{
	cv *= 100;
	if (!isfinite(cv))
		snprintf(buf, len, "?");
	else if (cv == 0 || cv >= 0.95)	/* 0.96 would read "1.0" */
		snprintf(buf, len, cv < 1000 ? "%.0f" : "%.0e", cv);
	else
		snprintf(buf, len, "%.1f", cv);
}

void sum_value_parts(const struct cmp_stat *s, char *val, size_t vlen, char *spread, size_t slen)
{
	char cv[24];

	spread[0] = '\0';
	if (!s->present || !s->s.n) {
		snprintf(val, vlen, "n/a");
		return;
	}
	fmt_num(s->s.mean, val, vlen);
	if (s->s.n < 2)
		return;
	/* all equal: the spread is 0 (a mean of 0 has no CV, but nothing varied either) */
	cv_text(s->s.min == s->s.max ? 0 : s->s.cv, cv, sizeof(cv));
	snprintf(spread, slen, "±%s%%", cv);
}

void sum_value_text(const struct cmp_stat *s, char *buf, size_t len)
{
	char v[24], sp[24];

	sum_value_parts(s, v, sizeof(v), sp, sizeof(sp));
	snprintf(buf, len, "%s%s%s", v, *sp ? " " : "", sp);
}

void sum_change_text(const struct cmp_row *r, char *buf, size_t len)
{
	double ch;

	if (!r) {
		buf[0] = '\0';
		return;
	}
	ch = r->change * 100;
	if (isnan(ch))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, fabs(ch) < 100 ? "%+.1f%%" : "%+.0f%%", ch);
}

static int blind(const struct cmp_row *r)
{
	return r->tested && r->verdict == CMP_NONE && isfinite(r->mde) && r->mde > SUM_BLIND;
}

static int check_bad(const struct cmp_row *r)
{
	return sum_check_failed(&r->base) || sum_check_failed(&r->new);
}

const char *sum_mark(const struct cmp_row *r, enum headline_role role)
{
	if (!r)
		return "";
	if (role == HL_CHECK)
		return check_bad(r) ? "FAIL" : "ok";
	return blind(r) ? "blind" : fmt_mark(r, 1);
}

const char *sum_mark1(const struct cmp_row *r, enum headline_role role)
{
	if (!r)
		return "";
	if (role == HL_CHECK)
		return check_bad(r) ? "!" : "";
	if (r->verdict != CMP_NONE)
		return "*";
	return blind(r) ? "?" : r->tested ? "~" : "";
}

void sum_figure_text(const struct sum_col *col, char *buf, size_t len)
{
	const char *u = col->unit;
	int with_unit = u && *u && !strstr(col->label, u);

	snprintf(buf, len, "%s%s%s%s, %s", col->label, with_unit ? " (" : "", with_unit ? u : "",
		 with_unit ? ")" : "", col->role == HL_CHECK ? "must be 0" :
		 col->higher_is_better ? "higher is better" : "lower is better");
}

void sum_point_name(const struct sum_family *fm, size_t p, char *buf, size_t len)
{
	int g = fm->grp[p];

	if (fm->ngroups > 1 && fm->gsize[g] > 1 && *fm->glabel[g])
		snprintf(buf, len, "%s %s", fm->glabel[g], fm->name[p]);
	else
		snprintf(buf, len, "%s", fm->name[p]);
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
	sum_build(&st, c, &t, 1);
	for (f = 0; f < st.nfam; f++)
		for (p = 0; p < st.fam[f].npt; p++)
			for (k = 0; k < st.fam[f].ncol; k++) {
				const struct sum_cell *cl = &st.fam[f].cells[p][st.fam[f].col[k].rank];
				const struct cmp_row *r = cl->r[0];

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
				n->single += r->single_run;
				n->blind += !strcmp(sum_mark(r, HL_TESTED), "blind");
				n->better += r->verdict == CMP_BETTER;
				n->worse += r->verdict == CMP_WORSE;
			}
	n->invalid = t->ninvalid;
	sum_free(&st);
}

void summary_verdict_text(const struct comparison *c, const struct cmp_table *t,
			  const struct summary_count *n, char *buf, size_t len)
{
	size_t k;

	k = (size_t)snprintf(buf, len, "%s vs %s: %zu headline figures; ", fmt_side_tag(c, t->new),
			     fmt_side_tag(c, t->base), n->figures);
	if (k >= len)
		return;
	if (!n->tested && n->single) {
		snprintf(buf + k, len - k, "none tested: a side is one run");
		return;
	}
	k += (size_t)snprintf(buf + k, len - k, "%zu better, %zu WORSE, %zu tested without significant "
			      "change (FDR %g%%)", n->better, n->worse, n->tested - n->better - n->worse,
			      c->opts.alpha * 100);
	if (k < len && n->blind)
		k += (size_t)snprintf(buf + k, len - k, ", %zu of them blind", n->blind);
	if (k < len && n->single)
		snprintf(buf + k, len - k, ", %zu not tested: a side is one run", n->single);
}
