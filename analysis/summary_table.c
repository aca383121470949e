// SPDX-License-Identifier: GPL-2.0
/*
 * A family of the summary as a markdown or HTML table: the same rows as
 * the text (summary_rows.c), with no width limit. One row per figure and
 * point: figure, point, BASE's value, then each NEW's value and the change
 * with its mark; a figure's folded rows are one row saying what they hold.
 */
#include <stdio.h>
#include <string.h>

#include "summary_int.h"

static void cell(FILE *f, enum fmt k, const char *cls, const char *s)
{
	if (k == FMT_MD) {
		fputs(" ", f);
		fmt_esc(f, k, s);
		fputs(" |", f);
		return;
	}
	fprintf(f, cls ? "<td class=%s>" : "<td>", cls);
	fmt_esc(f, k, s);
	fputs("</td>", f);
}

static void row_open(FILE *f, enum fmt k)
{
	fputs(k == FMT_MD ? "|" : "<tr>", f);
}

static void row_close(FILE *f, enum fmt k)
{
	fputs(k == FMT_MD ? "\n" : "</tr>\n", f);
}

static const char *mark_class(const char *mark)
{
	if (!strcmp(mark, "WORSE") || !strcmp(mark, "WORSE?") || !strcmp(mark, "FAIL"))
		return "worse";
	if (!strcmp(mark, "better") || !strcmp(mark, "better?"))
		return "better";
	return NULL;
}

/* NEW's value and the change with its mark, for table j. */
static void new_cells(FILE *f, enum fmt k, const struct sum_col *col, const struct sum_cell *cl,
		      const struct cmp_row *r)
{
	char v[48], ch[48], txt[96];
	const char *mark = sum_mark(r, col->role);

	if (!r) {
		snprintf(v, sizeof(v), cl->unobserved ? "n/a (%d)" : "-", cl->note);
		cell(f, k, NULL, v);
		cell(f, k, NULL, "");
		return;
	}
	sum_value_text(&r->new, v, sizeof(v));
	cell(f, k, NULL, v);
	sum_change_text(col->role == HL_CHECK ? NULL : r, ch, sizeof(ch));
	snprintf(txt, sizeof(txt), "%s%s%s", ch, *ch && *mark ? " " : "", mark);
	if (k == FMT_MD && mark_class(mark)) {
		/* the mark in bold: escaped text around it, markdown's own ** */
		fputs(" ", f);
		fmt_esc(f, k, ch);
		fprintf(f, "%s**%s** |", *ch ? " " : "", mark);
		return;
	}
	cell(f, k, mark_class(mark), txt);
}

static void point_row(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_family *fm,
		      size_t p, const struct sum_col *col, int first)
{
	const struct sum_cell *cl = &fm->cells[p][col->rank];
	char fig[160], name[512], v[48];
	size_t j;

	sum_figure_text(col, fig, sizeof(fig));
	sum_point_name(fm, p, name, sizeof(name));
	row_open(f, k);
	cell(f, k, NULL, first ? fig : "");
	cell(f, k, NULL, name);
	if (cl->unobserved)
		snprintf(v, sizeof(v), "n/a (%d)", cl->note);
	else
		sum_value_text(&cl->any->base, v, sizeof(v));
	cell(f, k, NULL, v);
	for (j = 0; sum_compared(st) && j < st->ntab; j++)
		new_cells(f, k, col, cl, cl->r[j]);
	row_close(f, k);
}

static void fold_row(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_col *col)
{
	char fig[160], fold[400];
	size_t j;

	sum_figure_text(col, fig, sizeof(fig));
	sum_fold_text(col, col->nshown > 0, fold, sizeof(fold));
	row_open(f, k);
	cell(f, k, NULL, col->nshown ? "" : fig);
	cell(f, k, NULL, fold);
	cell(f, k, NULL, "");
	for (j = 0; sum_compared(st) && j < st->ntab; j++) {
		cell(f, k, NULL, "");
		cell(f, k, NULL, "");
	}
	row_close(f, k);
}

static void head(FILE *f, enum fmt k, const struct sum_table *st)
{
	size_t j, n = 3;

	fputs(k == FMT_MD ? "| figure | point | BASE |" : "<table class=summary><tr><th>figure</th>"
	      "<th>point</th><th>BASE</th>", f);
	for (j = 0; sum_compared(st) && j < st->ntab; j++, n += 2)
		fprintf(f, k == FMT_MD ? " %s | change |" : "<th>%s</th><th>change</th>",
			fmt_side_tag(st->c, st->t[j]->new));
	if (k == FMT_HTML) {
		fputs("</tr>\n", f);
		return;
	}
	fputs("\n|---|---|", f);
	for (j = 2; j < n; j++)
		fputs(j == 2 || j % 2 ? "---:|" : "---|", f);
	fputc('\n', f);
}

/* "All points: op=fault, pages=8." and the family's sensitivity, as one paragraph. */
static void intro(FILE *f, enum fmt k, const struct sum_family *fm)
{
	char part[160], sens[256];
	const char *key;
	json_t *v;
	int first = 1;

	fputs(k == FMT_MD ? "" : "<p>", f);
	json_object_foreach(fm->shared, key, v) {
		sum_param_text(key, v, 0, part, sizeof(part));
		fputs(first ? "All points: " : ", ", f);
		fmt_esc(f, k, part);
		first = 0;
	}
	if (!first)
		fputs(".", f);
	if (!sum_sensitivity_text(fm, sens, sizeof(sens))) {
		sens[0] = (char)(sens[0] - 'a' + 'A');
		fputs(first ? "" : " ", f);
		fmt_esc(f, k, sens);
		fputs(".", f);
	}
	fputs(k == FMT_MD ? "\n\n" : "</p>\n", f);
}

static void stalls_fmt(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_family *fm)
{
	char buf[1200];

	if (sum_stalls_text(st, fm, buf, sizeof(buf)))
		return;
	fputs(k == FMT_MD ? "\n" : "<p class=legend>", f);
	fmt_esc(f, k, buf);
	fputs(k == FMT_MD ? "\n" : "</p>\n", f);
}

void sum_fmt_family(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_family *fm)
{
	const char *title = headline_family_title(fm->workload);
	size_t i, o;
	int j;

	fputs(k == FMT_MD ? "\n#### " : "<h3>", f);
	fmt_esc(f, k, fm->workload);
	if (title) {
		fputs(": ", f);
		fmt_esc(f, k, title);
	}
	fputs(k == FMT_MD ? "\n\n" : "</h3>\n", f);
	intro(f, k, fm);
	head(f, k, st);
	for (i = 0; i < fm->ncol; i++) {
		int first = 1;

		for (o = 0; o < fm->npt; o++) {
			const struct sum_cell *cl = &fm->cells[fm->order[o]][fm->col[i].rank];

			if (!cl->shown || (!cl->any && !cl->unobserved))
				continue;
			point_row(f, k, st, fm, fm->order[o], &fm->col[i], first);
			first = 0;
		}
		if (fm->col[i].fold.n)
			fold_row(f, k, st, &fm->col[i]);
	}
	if (k == FMT_HTML)
		fputs("</table>\n", f);
	stalls_fmt(f, k, st, fm);
	for (j = 0; j < fm->nnotes; j++) {
		fprintf(f, k == FMT_MD ? "\n(%d) " : "<p class=legend>(%d) ", j + 1);
		fmt_esc(f, k, headline_label(fm->workload, headline_metric(fm->workload, fm->notes[j].rank)));
		fputs(" n/a: ", f);
		fmt_esc(f, k, fm->notes[j].reason);
		fputs(k == FMT_MD ? "\n" : "</p>\n", f);
	}
}
