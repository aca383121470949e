// SPDX-License-Identifier: GPL-2.0
/*
 * Printing the summary (summary.h): text in at most 80 columns (a row
 * whose cells do not fit continues on the next line, a long name gets a
 * line of its own), markdown, JSON and HTML with the same rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary_int.h"

#define WIDTH	80
#define CELL	64

/* Display columns of UTF-8 text ("±" is one). */
static int dwidth(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void put_pad(FILE *f, const char *s, int w)
{
	int n = dwidth(s);

	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
	for (; n < w; n++)
		fputc(' ', f);
}

static int one_side(const struct sum_table *st)
{
	return st->t->new < 0;
}

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

/* ---- text tables ---- */

struct layout {
	int namew, cellw, per_line;
};

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int median_name(const struct sum_family *fm, char **names)
{
	int *w = xcalloc(fm->npt, sizeof(*w)), m;
	size_t p;

	for (p = 0; p < fm->npt; p++)
		w[p] = dwidth(names[p]);
	qsort(w, fm->npt, sizeof(*w), cmp_int);
	m = fm->npt ? w[fm->npt / 2] : 5;
	free(w);
	/* a name column wider than 20 is not worth a second line per row */
	return m < 5 ? 5 : m > 20 ? 20 : m;
}

static void text_layout(const struct sum_family *fm, char (*txt)[SUM_MAXFIG][CELL], char **names,
			struct layout *l)
{
	size_t p, k;
	int maxname = 5;

	l->cellw = 0;
	for (k = 0; k < fm->ncol; k++)
		l->cellw = dwidth(fm->col[k].label) > l->cellw ? dwidth(fm->col[k].label) : l->cellw;
	for (p = 0; p < fm->npt; p++) {
		maxname = dwidth(names[p]) > maxname ? dwidth(names[p]) : maxname;
		for (k = 0; k < fm->ncol; k++)
			l->cellw = dwidth(txt[p][k]) > l->cellw ? dwidth(txt[p][k]) : l->cellw;
	}
	/*
	 * As many cells per line as leave room for the typical (median) name;
	 * longer names get a line of their own.
	 */
	for (l->per_line = (int)fm->ncol; l->per_line > 1; l->per_line--)
		if (WIDTH - 2 - l->per_line * (l->cellw + 2) >= median_name(fm, names))
			break;
	l->namew = WIDTH - 2 - l->per_line * (l->cellw + 2);
	if (l->namew > maxname)
		l->namew = maxname;
	if (l->namew < 5)
		l->namew = 5;
}

/* One row (or the head when name is NULL): cells continue on following lines. */
static void text_row(FILE *f, const struct sum_family *fm, const struct layout *l, const char *name,
		     char (*cells)[CELL])
{
	size_t k, per = (size_t)l->per_line;

	if (name && dwidth(name) > l->namew) {
		fputs("  ", f);
		put_pad(f, name, 0);
		fputc('\n', f);
		name = "";
	}
	for (k = 0; k < fm->ncol; k += per) {
		size_t j, last = k;

		/* no trailing blanks: stop after the last non-empty cell of the line */
		for (j = k; j < k + per && j < fm->ncol; j++)
			if (!name || *cells[j])
				last = j;
		if (k && name && !*cells[last])
			continue;	/* a continuation line with nothing on it */
		fputs("  ", f);
		put_pad(f, k ? "" : name ? name : "point", !name || *cells[k] || last > k ? l->namew : 0);
		for (j = k; j <= last && (!name || *cells[last]); j++) {
			fputs("  ", f);
			put_pad(f, name ? cells[j] : fm->col[j].label, j == last ? 0 : l->cellw);
		}
		fputc('\n', f);
	}
}

static void text_shared(FILE *f, const struct sum_family *fm)
{
	char buf[2048], part[160];
	size_t n;
	const char *k;
	json_t *v;

	if (!json_object_size(fm->shared))
		return;
	n = (size_t)snprintf(buf, sizeof(buf), fm->fold.n ? "  points shown:" : "  all points:");
	json_object_foreach(fm->shared, k, v) {
		sum_param_text(k, v, 0, part, sizeof(part));
		if (n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", part);
	}
	fmt_wrapped(f, buf, 4);
}

static void text_family(FILE *f, const struct sum_table *st, const struct sum_family *fm)
{
	char (*txt)[SUM_MAXFIG][CELL] = xcalloc(fm->npt, sizeof(*txt)), buf[1200];
	char **names = xcalloc(fm->npt, sizeof(*names));
	const char *title = headline_family_title(fm->workload);
	struct layout l;
	size_t i, p, k;
	int j;

	/* rows in group order; a row under a group line is indented by two */
	for (i = 0; i < fm->npt; i++) {
		p = fm->order[i];
		for (k = 0; k < fm->ncol; k++)
			sum_cell_text(fm, k, &fm->cells[p][fm->col[k].rank], one_side(st), txt[i][k], CELL);
		snprintf(buf, sizeof(buf), "%s%s", fm->ngroups > 1 && fm->gsize[fm->grp[p]] > 1 ? "  " : "",
			 fm->name[p]);
		names[i] = strdup(buf);
	}
	text_layout(fm, txt, names, &l);
	fprintf(f, "\n%s%s%s\n", fm->workload, title ? ": " : "", title ? title : "");
	text_shared(f, fm);
	if (fm->npt)
		text_row(f, fm, &l, NULL, NULL);
	for (i = 0; i < fm->npt; i++) {
		if (sum_group_starts(fm, i)) {
			snprintf(buf, sizeof(buf), "  %s", fm->glabel[fm->grp[fm->order[i]]]);
			fmt_wrapped(f, buf, 4);
		}
		text_row(f, fm, &l, names[i], txt[i]);
		free(names[i]);
	}
	if (fm->fold.n) {
		char line[400];

		sum_fold_text(fm, line, sizeof(line));
		snprintf(buf, sizeof(buf), "  %s", line);
		fmt_wrapped(f, buf, 4);
	}
	for (j = 0; j < fm->nnotes; j++) {
		snprintf(buf, sizeof(buf), "  (%d) %s n/a: %s", j + 1,
			 headline_label(fm->workload, headline_metric(fm->workload, fm->notes[j].rank)),
			 fm->notes[j].reason);
		fmt_wrapped(f, buf, 6);
	}
	free(names);
	free(txt);
}

static void text_verdict(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	struct summary_count n;

	char buf[512];

	summary_count(c, t, &n);
	fputc('\n', f);
	if (t->new < 0) {
		fprintf(f, "%s alone: mean ±half of its 95%% CI (no comparison)\n", fmt_side_tag(c, 0));
		return;
	}
	snprintf(buf, sizeof(buf), "%s vs %s: %zu headline figures; %zu better, %zu WORSE, %zu tested "
		 "without significant change (FDR %g%%)", fmt_side_tag(c, t->new),
		 fmt_side_tag(c, t->base), n.figures, n.better, n.worse, n.tested - n.better - n.worse,
		 c->opts.alpha * 100);
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

static void text_legend(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	char buf[1200];

	fputc('\n', f);
	if (t->new < 0)
		snprintf(buf, sizeof(buf), "Each cell: the mean of all repetitions, ± half its 95%% CI in %%. "
			 "compare --all: every metric, min, median, max (docs/compare.md).");
	else
		snprintf(buf, sizeof(buf), "change = %s/%s - 1 ± the wider half of its 95%% CI; better/WORSE: "
			 "significant after Benjamini-Hochberg FDR %g%% over the table's %zu tests; ~: tested, "
			 "not significant; blank: shown, not tested; mde: smallest change the test sees at "
			 "80%% power. --all: every metric, p, q (docs/compare.md).", fmt_side_tag(c, t->new),
			 fmt_side_tag(c, t->base), c->opts.alpha * 100, t->ntests);
	fmt_wrapped(f, buf, 0);
}

void summary_text(FILE *f, const struct comparison *c)
{
	struct sum_table st;
	size_t i, k;

	compare_text_header(f, c);
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];

		text_verdict(f, c, t);
		sum_build_shown(&st, c, t);
		text_failed(f, c, t, st.nunshown > 0);
		text_unshown(f, &st);
		for (k = 0; k < st.nfam; k++)
			text_family(f, &st, &st.fam[k]);
		sum_free(&st);
		text_legend(f, c, t);
		compare_text_listed(f, c, t, 0);
	}
}
