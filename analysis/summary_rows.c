// SPDX-License-Identifier: GPL-2.0
/*
 * A family of the summary as text, in 80 columns: figure by figure, one row
 * per point with BASE's value, each NEW's value (mean ±CV), the change and
 * its mark, LKP- and mmtests-like:
 *
 *                               BASE         NEW  change
 *   ops/s, higher is better
 *     pte shared thr=1    456.5k ±2%  110.5k ±3%  -75.8% WORSE
 *         split thr=1     ...
 *
 * A group's label names its first row; the rows under it line up below.
 * A group whose label does not fit beside a name gets a line of its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary_int.h"

#define ROW_INDENT	4
#define VAL		32	/* one value's text */

/* Display columns of UTF-8 text ("±" is one). */
static int dwidth(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The texts of one row: BASE's value and spread, then per table NEW's, the change, the mark. */
struct row_txt {
	char base[VAL], bsp[VAL];
	char val[SUM_MAXTAB][VAL], vsp[SUM_MAXTAB][VAL], chg[SUM_MAXTAB][VAL];
	const char *mark[SUM_MAXTAB];
};

struct widths {
	int name, val, sp, chg, mark;	/* sp: the spread ("±2%"), 0 when no value has one */
	int narrow;			/* one-character marks (more than one NEW) */
};

static void row_texts(const struct sum_table *st, const struct sum_col *col, const struct sum_cell *cl,
		      int narrow, struct row_txt *rt)
{
	size_t j;

	memset(rt, 0, sizeof(*rt));
	if (cl->unobserved)
		snprintf(rt->base, sizeof(rt->base), "n/a (%d)", cl->note);
	else
		sum_value_parts(&cl->any->base, rt->base, VAL, rt->bsp, VAL);
	if (!sum_compared(st))
		return;
	for (j = 0; j < st->ntab; j++) {
		const struct cmp_row *r = cl->r[j];

		rt->mark[j] = narrow ? sum_mark1(r, col->role) : sum_mark(r, col->role);
		if (!r) {
			snprintf(rt->val[j], VAL, cl->unobserved ? "n/a (%d)" : "-", cl->note);
			continue;
		}
		sum_value_parts(&r->new, rt->val[j], VAL, rt->vsp[j], VAL);
		if (col->role != HL_CHECK)
			sum_change_text(r, rt->chg[j], VAL);
	}
}

/* Width of a point's name as its row shows it (group label and name). */
static int name_width(const struct sum_family *fm, size_t p)
{
	int g = fm->grp[p], w = dwidth(fm->name[p]);

	if (fm->ngroups > 1 && fm->gsize[g] > 1 && *fm->glabel[g])
		w += dwidth(fm->glabel[g]) + 1;
	return w;
}

static int values_width(const struct sum_table *st, const struct widths *w)
{
	int per = 2 + w->val + (w->sp ? 1 + w->sp : 0);

	if (sum_compared(st))
		per += 2 + w->chg + 1 + w->mark;
	return 2 + w->val + (w->sp ? 1 + w->sp : 0) + (sum_compared(st) ? (int)st->ntab * per : 0);
}

static void measure(const struct sum_table *st, const struct sum_family *fm, struct widths *w)
{
	struct row_txt rt;
	size_t p, k, j;

	for (p = 0; p < fm->npt; p++)
		for (k = 0; k < fm->ncol; k++) {
			const struct sum_cell *cl = &fm->cells[p][fm->col[k].rank];

			if (!cl->shown || (!cl->any && !cl->unobserved))
				continue;
			row_texts(st, &fm->col[k], cl, w->narrow, &rt);
			w->name = max_int(w->name, name_width(fm, p));
			w->val = max_int(w->val, dwidth(rt.base));
			w->sp = max_int(w->sp, dwidth(rt.bsp));
			for (j = 0; j < st->ntab; j++) {
				w->val = max_int(w->val, dwidth(rt.val[j]));
				w->sp = max_int(w->sp, dwidth(rt.vsp[j]));
				w->chg = max_int(w->chg, dwidth(rt.chg[j]));
				w->mark = max_int(w->mark, rt.mark[j] ? dwidth(rt.mark[j]) : 0);
			}
		}
}

/* Column widths: word marks if they fit, else one character; names get what is left. */
static void layout(const struct sum_table *st, const struct sum_family *fm, struct widths *w)
{
	int room;

	memset(w, 0, sizeof(*w));
	w->val = 4;
	w->chg = 6;
	w->narrow = st->ntab > 1;
	measure(st, fm, w);
	room = FMT_WIDTH - ROW_INDENT - values_width(st, w);
	if (w->name > room)
		w->name = room;
	if (w->name < 8)
		w->name = 8;
}

/* pad s to w columns (right-aligned when right), into out at *n */
static void put(char *out, size_t len, size_t *n, const char *s, int w, int right)
{
	int pad = w - dwidth(s);

	if (*n >= len)
		return;
	*n += (size_t)snprintf(out + *n, len - *n, "%*s%s%*s", right && pad > 0 ? pad : 0, "", s,
			       !right && pad > 0 ? pad : 0, "");
}

/* print a line without trailing blanks */
static void put_line(FILE *f, char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
	for (char *s = line; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	fprintf(f, "%s\n", line);
}

/* a value right-aligned, then its spread right-aligned in its own column */
static void put_value(const struct widths *w, const char *val, const char *sp, char *line, size_t len,
		      size_t *n)
{
	put(line, len, n, val, w->val, 1);
	if (!w->sp)
		return;
	put(line, len, n, " ", 0, 0);
	put(line, len, n, sp, w->sp, 1);
}

static void put_values(const struct sum_table *st, const struct widths *w, const struct row_txt *rt,
		       char *line, size_t len, size_t *n)
{
	size_t j;

	put(line, len, n, "  ", 0, 0);
	put_value(w, rt->base, rt->bsp, line, len, n);
	if (!sum_compared(st))
		return;
	for (j = 0; j < st->ntab; j++) {
		put(line, len, n, "  ", 0, 0);
		put_value(w, rt->val[j], rt->vsp[j], line, len, n);
		put(line, len, n, "  ", 0, 0);
		put(line, len, n, rt->chg[j], w->chg, 1);
		put(line, len, n, " ", 0, 0);
		put(line, len, n, rt->mark[j] ? rt->mark[j] : "", w->mark, 0);
	}
}

/* The column heads: BASE, NEW (NEW1, NEW2...), change. */
static void put_head(FILE *f, const struct sum_table *st, const struct widths *w, const char *label)
{
	struct row_txt rt;
	char line[512];
	size_t n = 0, j, lead;

	/* the heads over the spreads' column when there is one: they end where the cells do */
	memset(&rt, 0, sizeof(rt));
	snprintf(w->sp ? rt.bsp : rt.base, VAL, "BASE");
	for (j = 0; j < st->ntab && sum_compared(st); j++) {
		snprintf(w->sp ? rt.vsp[j] : rt.val[j], VAL, "%s", fmt_side_tag(st->c, st->t[j]->new));
		snprintf(rt.chg[j], VAL, "change");
	}
	put(line, sizeof(line), &n, "", ROW_INDENT + w->name, 0);
	put_values(st, w, &rt, line, sizeof(line), &n);
	/* the figure's line carries the heads when it fits before them (labels are ASCII) */
	lead = strspn(line, " ");
	if (2 + strlen(label) + 2 <= lead)
		memcpy(line + 2, label, strlen(label));
	else
		fprintf(f, "  %s\n", label);
	put_line(f, line);
}

/*
 * A name longer than its column is cut at spaces: the lines before the
 * last stand alone, the rest (indented by two) goes beside the values.
 */
static const char *wrap_name(FILE *f, const char *name, int w, char *rest, size_t rlen)
{
	const char *s = name, *cut, *sp;
	char line[600];
	int cont = 0;

	for (;;) {
		int room = w - (cont ? 2 : 0);

		if (dwidth(s) <= room)
			break;
		cut = NULL;
		for (sp = strchr(s, ' '); sp && (int)(sp - s) <= room; sp = strchr(sp + 1, ' '))
			cut = sp;
		if (!cut)
			break;	/* one word wider than the column: it overflows, whole */
		snprintf(line, sizeof(line), "%*s%s%.*s", ROW_INDENT, "", cont ? "  " : "", (int)(cut - s), s);
		put_line(f, line);
		s = cut + 1;
		cont = 1;
	}
	snprintf(rest, rlen, "%s%s", cont ? "  " : "", s);
	return rest;
}

/* The name part of point p's row in this figure; *lastg is the group whose label was shown. */
static void put_name(FILE *f, const struct sum_family *fm, size_t p, const struct widths *w, int *lastg,
		     char *line, size_t len, size_t *n)
{
	int g = fm->grp[p], grouped = fm->ngroups > 1 && fm->gsize[g] > 1 && *fm->glabel[g];
	int gw = grouped ? dwidth(fm->glabel[g]) + 1 : 0;
	char name[512], rest[512];

	put(line, len, n, "", ROW_INDENT, 0);
	if (grouped && gw + dwidth(fm->name[p]) > w->name) {
		/* the label does not fit beside the name: a line of its own, the rows under it */
		if (*lastg != g) {
			snprintf(name, sizeof(name), "%*s%s", ROW_INDENT, "", fm->glabel[g]);
			put_line(f, name);
		}
		snprintf(name, sizeof(name), "  %s", fm->name[p]);
	} else if (grouped) {
		snprintf(name, sizeof(name), "%*s%s", *lastg == g ? gw : 0, "", *lastg == g ? "" : fm->glabel[g]);
		snprintf(name + strlen(name), sizeof(name) - strlen(name), "%s%s", *lastg == g ? "" : " ",
			 fm->name[p]);
	} else {
		snprintf(name, sizeof(name), "%s", fm->name[p]);
	}
	*lastg = g;
	put(line, len, n, wrap_name(f, name, w->name, rest, sizeof(rest)), w->name, 0);
}

/* One figure with rows shown: its line (with the heads when first), its rows, its folded rows. */
static void text_figure(FILE *f, const struct sum_table *st, const struct sum_family *fm, size_t k,
			const struct widths *w, int first)
{
	const struct sum_col *col = &fm->col[k];
	char line[1024], fig[160], fold[400];
	int lastg = -1;
	size_t o, n;

	sum_figure_text(col, fig, sizeof(fig));
	if (first)
		put_head(f, st, w, fig);
	else
		fprintf(f, "  %s\n", fig);
	for (o = 0; o < fm->npt; o++) {
		size_t p = fm->order[o];
		const struct sum_cell *cl = &fm->cells[p][col->rank];
		struct row_txt rt;

		if (!cl->shown || (!cl->any && !cl->unobserved))
			continue;
		row_texts(st, col, cl, w->narrow, &rt);
		n = 0;
		put_name(f, fm, p, w, &lastg, line, sizeof(line), &n);
		put_values(st, w, &rt, line, sizeof(line), &n);
		put_line(f, line);
	}
	if (col->fold.n) {
		sum_fold_text(col, 1, fold, sizeof(fold));
		snprintf(line, sizeof(line), "%*s%s", ROW_INDENT, "", fold);
		fmt_wrapped(f, line, ROW_INDENT + 2);
	}
}

/*
 * The figures whose every row is folded, a line each: how many points,
 * the largest |change| among them, BASE's range.
 */
static void text_folded(FILE *f, const struct sum_family *fm)
{
	char line[512], fig[160], chg[24], range[64];
	int figw = 0, k, any = 0;

	for (k = 0; k < (int)fm->ncol; k++)
		if (!fm->col[k].nshown && fm->col[k].fold.n) {
			sum_figure_text(&fm->col[k], fig, sizeof(fig));
			figw = max_int(figw, dwidth(fig));
			any = 1;
		}
	if (!any)
		return;
	figw = max_int(figw > 44 ? 44 : figw, dwidth(sum_folded_head(fm)) - 2);
	snprintf(line, sizeof(line), "  %-*s  points  |change|  BASE", figw + 2, sum_folded_head(fm));
	put_line(f, line);
	for (k = 0; k < (int)fm->ncol; k++) {
		const struct sum_col *col = &fm->col[k];

		if (col->nshown || !col->fold.n)
			continue;
		sum_figure_text(col, fig, sizeof(fig));
		sum_fold_parts(col, chg, sizeof(chg), range, sizeof(range));
		snprintf(line, sizeof(line), "    %-*s  %6zu  %8s  %s", figw, fig, col->fold.n, chg, range);
		put_line(f, line);
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
	n = (size_t)snprintf(buf, sizeof(buf), "  all points:");
	json_object_foreach(fm->shared, k, v) {
		sum_param_text(k, v, 0, part, sizeof(part));
		if (n < sizeof(buf))
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", part);
	}
	fmt_wrapped(f, buf, 4);
}

void sum_text_family(FILE *f, const struct sum_table *st, const struct sum_family *fm)
{
	const char *title = headline_family_title(fm->workload);
	char buf[1200];
	struct widths w;
	size_t k;
	int j, shown = 0;

	layout(st, fm, &w);
	snprintf(buf, sizeof(buf), "%s%s%s", fm->workload, title ? ": " : "", title ? title : "");
	fputc('\n', f);
	fmt_wrapped(f, buf, 2);
	text_shared(f, fm);
	if (!sum_sensitivity_text(fm, buf + 2, sizeof(buf) - 2)) {
		memcpy(buf, "  ", 2);
		fmt_wrapped(f, buf, 4);
	}
	for (k = 0; k < fm->ncol; k++)
		if (fm->col[k].nshown)
			text_figure(f, st, fm, k, &w, !shown++);
	text_folded(f, fm);
	if (!sum_stalls_text(st, fm, buf + 2, sizeof(buf) - 2)) {
		memcpy(buf, "  ", 2);
		fmt_wrapped(f, buf, 4);
	}
	for (j = 0; j < fm->nnotes; j++) {
		snprintf(buf, sizeof(buf), "  (%d) %s n/a: %s", j + 1,
			 headline_label(fm->workload, headline_metric(fm->workload, fm->notes[j].rank)),
			 fm->notes[j].reason);
		fmt_wrapped(f, buf, 6);
	}
}
