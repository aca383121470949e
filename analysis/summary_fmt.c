// SPDX-License-Identifier: GPL-2.0
/*
 * The summary (summary.h) as markdown and HTML: the verdicts, failed
 * checks, family tables (summary_table.c: the same rows as the text) and
 * legend, with no width limit. Strings from result files are escaped for
 * each format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skipped.h"
#include "summary_int.h"

/* unknown: some family's checks are not known (no summary table: unshown_fmt says why). */
static void failed_fmt(FILE *f, enum fmt k, const struct comparison *c, const struct cmp_table *t,
		       int unknown)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++) {
		const struct cmp_row *r = &t->rows[i];
		int s;

		if (headline_role(r->pb->workload, r->metric) != HL_CHECK)
			continue;
		for (s = 0; s < (t->new >= 0 ? 2 : 1); s++) {
			const struct cmp_stat *st = s ? &r->new : &r->base;
			char mx[24];

			if (!sum_check_failed(st))
				continue;
			fmt_num(st->s.max, mx, sizeof(mx));
			fputs(n++ ? "" : k == FMT_MD ? "**Failed checks:**\n\n" : "<h3 class=worse>Failed checks</h3>\n<ul>\n", f);
			fprintf(f, k == FMT_MD ? "- **FAILED** %s " : "<li class=worse>FAILED %s ",
				fmt_side_tag(c, s ? t->new : t->base));
			fmt_esc(f, k, r->pb->id);
			fprintf(f, ": %s %s in a repetition%s\n", headline_label(r->pb->workload, r->metric), mx,
				k == FMT_MD ? "" : "</li>");
		}
	}
	for (i = 0; i < t->ninvalid; i++) {
		fputs(n++ ? "" : k == FMT_MD ? "**Failed checks:**\n\n" : "<h3 class=worse>Failed checks</h3>\n<ul>\n", f);
		fprintf(f, k == FMT_MD ? "- **INVALID** %s " : "<li class=worse>INVALID %s ",
			fmt_side_tag(c, t->invalid[i].side));
		fmt_esc(f, k, t->invalid[i].sp->id);
		fputs(": ", f);
		fmt_esc(f, k, t->invalid[i].why ? t->invalid[i].why : "?");
		fputs(k == FMT_MD ? "\n" : "</li>\n", f);
	}
	if (!n && unknown)
		fputs(k == FMT_MD ? "Failed checks: none known (no invalid point; the correctness counts of "
		      "the families above are not known).\n" : "<p>Failed checks: none known (no invalid point; "
		      "the correctness counts of the families above are not known).</p>\n", f);
	else if (!n)
		fputs(k == FMT_MD ? "Failed checks: none (correctness counts all 0; no invalid point).\n" :
		      "<p class=better>Failed checks: none (correctness counts all 0; no invalid point).</p>\n", f);
	else if (k == FMT_HTML)
		fputs("</ul>\n", f);
}

/* Table j's tested figures of fm: how many moved which way; the largest significant change. */
static void family_count(const struct sum_family *fm, size_t j, size_t *n, const struct cmp_row **big,
			 size_t *big_p)
{
	size_t p, i;

	for (p = 0; p < fm->npt; p++)
		for (i = 0; i < fm->ncol; i++) {
			const struct cmp_row *r = fm->cells[p][fm->col[i].rank].r[j];

			if (!r || !r->tested || fm->col[i].role == HL_CHECK)
				continue;
			n[r->verdict]++;
			if (r->verdict != CMP_NONE && (!*big || fabs(r->change) > fabs((*big)->change))) {
				*big = r;
				*big_p = p;
			}
		}
}

/* One line per family (and NEW): how many figures moved which way, and the largest change. */
static void family_verdicts(FILE *f, enum fmt k, const struct sum_table *st)
{
	char ch[24], name[512];
	size_t i, j;

	fputs(k == FMT_MD ? "\n" : "<ul class=verdict>\n", f);
	for (i = 0; i < st->nfam; i++)
		for (j = 0; j < st->ntab; j++) {
			const struct sum_family *fm = &st->fam[i];
			const struct cmp_row *big = NULL;
			size_t n[3] = { 0 }, big_p = 0;

			family_count(fm, j, n, &big, &big_p);
			fputs(k == FMT_MD ? "- **" : "<li><b>", f);
			fmt_esc(f, k, fm->workload);
			if (st->ntab > 1)
				fprintf(f, " (%s)", fmt_side_tag(st->c, st->t[j]->new));
			fprintf(f, k == FMT_MD ? "**: %zu WORSE, %zu better, %zu without significant change" :
				"</b>: %zu WORSE, %zu better, %zu without significant change", n[CMP_WORSE],
				n[CMP_BETTER], n[CMP_NONE]);
			if (big) {
				sum_change_text(big, ch, sizeof(ch));
				sum_point_name(fm, big_p, name, sizeof(name));
				fputs("; largest: ", f);
				fmt_esc(f, k, headline_label(fm->workload, big->metric));
				fputs(" of ", f);
				fmt_esc(f, k, name);
				fprintf(f, " %s", ch);
			}
			fputs(k == FMT_MD ? "\n" : "</li>\n", f);
		}
	fputs(k == FMT_MD ? "" : "</ul>\n", f);
}

static void unshown_fmt(FILE *f, enum fmt k, const struct sum_table *st)
{
	char buf[1024];
	size_t r;

	for (r = 0; !sum_unshown_text(st, r, buf, sizeof(buf)); r++) {
		fputs(k == FMT_MD ? "" : "<p>", f);
		fmt_esc(f, k, buf);
		fputs(k == FMT_MD ? "\n\n" : "</p>\n", f);
	}
}

static void verdict_fmt(FILE *f, enum fmt k, const struct comparison *c, const struct cmp_table *t)
{
	struct summary_count n;
	char buf[512];

	summary_count(c, t, &n);
	if (t->new < 0) {
		fprintf(f, k == FMT_MD ? "\n### %s alone: summary\n\n" : "<h2 id=verdict>%s alone: summary</h2>\n",
			fmt_side_tag(c, 0));
		return;
	}
	summary_verdict_text(c, t, &n, buf, sizeof(buf));
	fputs(k == FMT_MD ? "\n### " : "<h2 id=verdict>", f);
	fmt_esc(f, k, buf);
	fputs(k == FMT_MD ? "\n" : "</h2>\n", f);
}

static void legend_fmt(FILE *f, enum fmt k, const struct sum_table *st)
{
	char buf[1400];

	sum_legend_text(st, buf, sizeof(buf));
	fputs(k == FMT_MD ? "\n" : "<p class=legend>", f);
	fmt_esc(f, k, buf);
	fputs(k == FMT_MD ? "\n" : "</p>\n", f);
}

static void tables_fmt(FILE *f, enum fmt k, const struct comparison *c)
{
	const struct cmp_table *t[SUM_MAXTAB];
	struct sum_table st;
	size_t i, n = c->ntables < SUM_MAXTAB ? c->ntables : SUM_MAXTAB;

	for (i = 0; i < n; i++) {
		t[i] = &c->tables[i];
		verdict_fmt(f, k, c, t[i]);
	}
	sum_build_shown(&st, c, t, n);
	unshown_fmt(f, k, &st);
	if (sum_compared(&st))
		family_verdicts(f, k, &st);
	if (k == FMT_MD)
		fputc('\n', f);	/* not a line of the list above */
	for (i = 0; i < n; i++)
		failed_fmt(f, k, c, t[i], st.nunshown > 0);
	for (i = 0; i < st.nfam; i++)
		sum_fmt_family(f, k, &st, &st.fam[i]);
	legend_fmt(f, k, &st);
	sum_free(&st);
}

void summary_markdown_tables(FILE *f, const struct comparison *c)
{
	tables_fmt(f, FMT_MD, c);
}

void summary_markdown(FILE *f, const struct comparison *c)
{
	compare_markdown_header(f, c);
	summary_markdown_tables(f, c);
	skipped_brief_markdown(f, c);
	fputs("\n`ptbench compare --all` lists every metric of every point with p and q.\n", f);
}

void summary_html(FILE *f, const struct comparison *c)
{
	tables_fmt(f, FMT_HTML, c);
}
