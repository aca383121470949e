// SPDX-License-Identifier: GPL-2.0
/*
 * The summary (summary.h) as markdown, JSON and HTML: the same failed
 * checks and family tables as the text, with no width limit, so a cell
 * also carries the two means (BASE -> NEW). Strings from result files are
 * escaped for each format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skipped.h"
#include "summary_int.h"

/* A cell with the means: "155.8k → 137.3k: -11.8% ±2.1 WORSE". */
static void wide_cell(const struct sum_family *fm, size_t col, const struct sum_cell *cl, int one_side,
		      char *buf, size_t len)
{
	const struct cmp_row *r = cl->r;
	char a[24], b[24], ch[24], h[16], short_txt[64];

	sum_cell_text(fm, col, cl, one_side, short_txt, sizeof(short_txt));
	if (!r || one_side || fm->col[col].role == HL_CHECK) {
		snprintf(buf, len, "%s", short_txt);
		return;
	}
	fmt_num(r->base.s.mean, a, sizeof(a));
	fmt_num(r->new.s.mean, b, sizeof(b));
	sum_change(r, ch, sizeof(ch), h, sizeof(h));
	snprintf(buf, len, "%s → %s: %s%s%s", a, b, ch, *h ? " ±" : "", h);
}

static const char *cell_class(const struct sum_family *fm, size_t col, const struct sum_cell *cl, int one_side)
{
	const struct cmp_row *r = cl->r;

	if (!r)
		return "none";
	if (fm->col[col].role == HL_CHECK)
		return sum_check_failed(&r->base) || (!one_side && sum_check_failed(&r->new)) ? "worse" : "none";
	return r->verdict == CMP_WORSE ? "worse" : r->verdict == CMP_BETTER ? "better" : "none";
}

static void shared_line(FILE *f, enum fmt k, const struct sum_family *fm)
{
	char part[160];
	const char *key;
	json_t *v;
	int first = 1;

	if (!json_object_size(fm->shared))
		return;
	if (k == FMT_MD)
		fputs(fm->fold.n ? "Points shown: " : "All points: ", f);
	else
		fputs(fm->fold.n ? "<p>Points shown: " : "<p>All points: ", f);
	json_object_foreach(fm->shared, key, v) {
		sum_param_text(key, v, 0, part, sizeof(part));
		fputs(first ? "" : ", ", f);
		fmt_esc(f, k, part);
		first = 0;
	}
	fputs(k == FMT_MD ? "\n\n" : "</p>\n", f);
}

static void family_head(FILE *f, enum fmt k, const struct sum_family *fm)
{
	const char *title = headline_family_title(fm->workload);
	size_t i;

	fputs(k == FMT_MD ? "\n#### " : "<h3>", f);
	fmt_esc(f, k, fm->workload);
	if (title) {
		fputs(": ", f);
		fmt_esc(f, k, title);
	}
	fputs(k == FMT_MD ? "\n\n" : "</h3>\n", f);
	shared_line(f, k, fm);
	if (!fm->npt)
		return;	/* every point folded: no table */
	fputs(k == FMT_MD ? "| point |" : "<table class=summary><tr><th>point</th>", f);
	for (i = 0; i < fm->ncol; i++) {
		fputs(k == FMT_MD ? " " : "<th>", f);
		fmt_esc(f, k, fm->col[i].label);
		fputs(k == FMT_MD ? " |" : "</th>", f);
	}
	if (k == FMT_MD) {
		fputs("\n|---|", f);
		for (i = 0; i < fm->ncol; i++)
			fputs("---:|", f);
	} else {
		fputs("</tr>", f);
	}
	fputc('\n', f);
}

static void family_fmt(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_family *fm)
{
	int one = st->t->new < 0, j;
	char buf[160];
	size_t o, p, i;

	family_head(f, k, fm);
	for (o = 0; o < fm->npt; o++) {
		p = fm->order[o];
		if (sum_group_starts(fm, o)) {
			fputs(k == FMT_MD ? "| **" : "<tr><th class=group colspan=99>", f);
			fmt_esc(f, k, fm->glabel[fm->grp[p]]);
			fputs(k == FMT_MD ? "** |\n" : "</th></tr>\n", f);
		}
		fputs(k == FMT_MD ? "| " : "<tr><td class=id>", f);
		if (fm->ngroups > 1 && fm->gsize[fm->grp[p]] > 1)
			fputs(k == FMT_MD ? "&nbsp;&nbsp;" : "&nbsp;&nbsp;", f);
		fmt_esc(f, k, fm->name[p]);
		for (i = 0; i < fm->ncol; i++) {
			const struct sum_cell *cl = &fm->cells[p][fm->col[i].rank];
			const char *cls = cell_class(fm, i, cl, one), *mark = cl->r && !one &&
				fm->col[i].role != HL_CHECK ? fmt_mark(cl->r, 1) : "";

			wide_cell(fm, i, cl, one, buf, sizeof(buf));
			if (k == FMT_MD) {
				fputs(" | ", f);
				fmt_esc(f, k, buf);
				fprintf(f, *mark ? (strcmp(cls, "none") ? " **%s**" : " %s") : "%s", mark);
			} else {
				fprintf(f, "<td class=%s>", cls);
				fmt_esc(f, k, buf);
				fprintf(f, "%s%s", *mark ? " " : "", mark);
			}
			/* inside the cell: text between HTML cells is moved out of the table */
			if (cl->r && isfinite(cl->r->mde))
				fprintf(f, " mde %.1f%%", cl->r->mde * 100);
			if (k == FMT_HTML)
				fputs("</td>", f);
		}
		fputs(k == FMT_MD ? " |\n" : "</tr>\n", f);
	}
	if (k == FMT_HTML && fm->npt)
		fputs("</table>\n", f);
	if (fm->fold.n) {
		char line[400];

		sum_fold_text(fm, line, sizeof(line));
		fputs(k == FMT_MD ? "\n" : "<p class=legend>", f);
		fmt_esc(f, k, line);
		fputs(k == FMT_MD ? "\n" : "</p>\n", f);
	}
	for (j = 0; j < fm->nnotes; j++) {
		fprintf(f, k == FMT_MD ? "\n(%d) " : "<p class=legend>(%d) ", j + 1);
		fmt_esc(f, k, headline_label(fm->workload, headline_metric(fm->workload, fm->notes[j].rank)));
		fputs(" n/a: ", f);
		fmt_esc(f, k, fm->notes[j].reason);
		fputs(k == FMT_MD ? "\n" : "</p>\n", f);
	}
}

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

/* One line per family: how many figures moved which way, and the largest significant change. */
static void family_verdicts(FILE *f, enum fmt k, const struct sum_table *st)
{
	size_t i, p, j;

	fputs(k == FMT_MD ? "\n" : "<ul class=verdict>\n", f);
	for (i = 0; i < st->nfam; i++) {
		const struct sum_family *fm = &st->fam[i];
		const struct cmp_row *big = NULL;
		size_t better = 0, worse = 0, same = 0, big_p = 0;
		char ch[24], h[16];

		for (p = 0; p < fm->npt; p++)
			for (j = 0; j < fm->ncol; j++) {
				const struct cmp_row *r = fm->cells[p][fm->col[j].rank].r;

				if (!r || !r->tested || fm->col[j].role == HL_CHECK)
					continue;
				better += r->verdict == CMP_BETTER;
				worse += r->verdict == CMP_WORSE;
				same += r->verdict == CMP_NONE;
				if (r->verdict != CMP_NONE && (!big || fabs(r->change) > fabs(big->change))) {
					big = r;
					big_p = p;
				}
			}
		fputs(k == FMT_MD ? "- **" : "<li><b>", f);
		fmt_esc(f, k, fm->workload);
		fprintf(f, k == FMT_MD ? "**: %zu WORSE, %zu better, %zu without significant change" :
			"</b>: %zu WORSE, %zu better, %zu without significant change", worse, better, same);
		if (big) {
			sum_change(big, ch, sizeof(ch), h, sizeof(h));
			fputs("; largest: ", f);
			fmt_esc(f, k, headline_label(fm->workload, big->metric));
			fputs(" of ", f);
			fmt_esc(f, k, fm->glabel[fm->grp[big_p]]);
			if (fm->gsize[fm->grp[big_p]] > 1) {
				fputs(" ", f);
				fmt_esc(f, k, fm->name[big_p]);
			}
			fprintf(f, " %s%s%s", ch, *h ? " ±" : "", h);
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

static void table_fmt(FILE *f, enum fmt k, const struct comparison *c, const struct cmp_table *t)
{
	struct summary_count n;
	struct sum_table st;
	size_t i;

	summary_count(c, t, &n);
	if (t->new < 0)
		fprintf(f, k == FMT_MD ? "\n### %s alone: summary\n\nEach cell: mean ± half its 95%% CI.\n\n" :
			"<h2 id=verdict>%s alone: summary</h2>\n<p>Each cell: mean ± half its 95%% CI.</p>\n",
			fmt_side_tag(c, 0));
	else
		fprintf(f, k == FMT_MD ? "\n### %s vs %s: %zu headline figures; %zu better, %zu WORSE, %zu tested "
			"without significant change (FDR %g%%)\n\n" : "<h2 id=verdict>%s vs %s: %zu headline figures; "
			"%zu better, %zu WORSE, %zu tested without significant change (FDR %g%%)</h2>\n",
			fmt_side_tag(c, t->new), fmt_side_tag(c, t->base), n.figures, n.better, n.worse,
			n.tested - n.better - n.worse, c->opts.alpha * 100);
	sum_build_shown(&st, c, t);
	unshown_fmt(f, k, &st);
	if (t->new >= 0)
		family_verdicts(f, k, &st);
	failed_fmt(f, k, c, t, st.nunshown > 0);
	for (i = 0; i < st.nfam; i++)
		family_fmt(f, k, &st, &st.fam[i]);
	sum_free(&st);
	if (t->new >= 0)
		fprintf(f, k == FMT_MD ? "\nEach cell: BASE → NEW means, change = NEW/BASE − 1 ± the wider half of its "
			"95%% CI, then **better**/**WORSE** when significant after Benjamini-Hochberg FDR control at "
			"%g%% over the %zu tests of the table, ~ when tested and not significant, nothing when only "
			"shown; mde: the smallest change the test detects at 80%% power. Counts: BASE -> NEW, FAIL "
			"when not 0.\n" : "<p class=legend>Each cell: BASE → NEW means, change = NEW/BASE − 1 ± the "
			"wider half of its 95%% CI, then better/WORSE when significant after Benjamini-Hochberg FDR "
			"control at %g%% over the %zu tests of the table, ~ when tested and not significant, nothing "
			"when only shown; mde: the smallest change the test detects at 80%% power. Counts: BASE -&gt; "
			"NEW, FAIL when not 0.</p>\n", c->opts.alpha * 100, t->ntests);
}

void summary_markdown_tables(FILE *f, const struct comparison *c)
{
	size_t i;

	for (i = 0; i < c->ntables; i++)
		table_fmt(f, FMT_MD, c, &c->tables[i]);
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
	size_t i;

	for (i = 0; i < c->ntables; i++)
		table_fmt(f, FMT_HTML, c, &c->tables[i]);
}

/* ---- JSON: compare's document with the summary's tables in place of every row ---- */

/* Folded points: how many, and the largest change and the mde among them (null: none). */
static json_t *fold_json(const struct sum_fold *fo)
{
	json_t *o = json_pack("{s:I, s:I}", "points", (json_int_t)fo->n, "tested", (json_int_t)fo->tested);

	json_object_set_new(o, "max_abs_change", isfinite(fo->max_abs) ? json_real(fo->max_abs) : json_null());
	if (fo->max_metric)
		json_object_set_new(o, "max_abs_change_figure", json_string(fo->max_metric));
	json_object_set_new(o, "mde_min", isfinite(fo->mde_lo) ? json_real(fo->mde_lo) : json_null());
	json_object_set_new(o, "mde_median", isfinite(fo->mde_med) ? json_real(fo->mde_med) : json_null());
	json_object_set_new(o, "mde_max", isfinite(fo->mde_hi) ? json_real(fo->mde_hi) : json_null());
	return o;
}

static json_t *family_json(const struct sum_family *fm)
{
	json_t *cols = json_array(), *rows = json_array(), *o;
	size_t p, i;

	for (i = 0; i < fm->ncol; i++)
		json_array_append_new(cols, json_pack("{s:s, s:s, s:s}", "metric", fm->col[i].metric,
			"label", fm->col[i].label, "role", fm->col[i].role == HL_TESTED ? "tested" :
			fm->col[i].role == HL_CHECK ? "check" : "shown"));
	for (p = 0; p < fm->npt; p++) {
		json_t *figs = json_object();

		for (i = 0; i < fm->ncol; i++) {
			const struct sum_cell *cl = &fm->cells[p][fm->col[i].rank];

			if (cl->r)
				json_object_set_new(figs, fm->col[i].metric, cmp_row_json(cl->r));
			else if (cl->unobserved)
				json_object_set_new(figs, fm->col[i].metric,
						    json_pack("{s:s}", "unobserved", cl->unobserved));
		}
		json_array_append_new(rows, json_pack("{s:s, s:s, s:O, s:o}", "point", fm->pt[p]->id,
			"name", fm->name[p], "params", fm->pt[p]->key, "figures", figs));
	}
	o = json_pack("{s:s, s:O, s:o, s:o}", "family", fm->workload, "shared", fm->shared,
		      "columns", cols, "rows", rows);
	if (fm->fold.n)
		json_object_set_new(o, "folded", fold_json(&fm->fold));
	if (headline_family_title(fm->workload))
		json_object_set_new(o, "title", json_string(headline_family_title(fm->workload)));
	return o;
}

static json_t *failed_json(const struct comparison *c, const struct cmp_table *t)
{
	json_t *a = json_array();
	size_t i;
	int s;

	for (i = 0; i < t->nrows; i++) {
		const struct cmp_row *r = &t->rows[i];

		if (headline_role(r->pb->workload, r->metric) != HL_CHECK)
			continue;
		for (s = 0; s < (t->new >= 0 ? 2 : 1); s++) {
			const struct cmp_stat *st = s ? &r->new : &r->base;

			if (sum_check_failed(st))
				json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:f}", "side",
					fmt_side_tag(c, s ? t->new : t->base), "point", r->pb->id,
					"metric", r->metric, "max", st->s.max, "mean", st->s.mean));
		}
	}
	for (i = 0; i < t->ninvalid; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "side",
			fmt_side_tag(c, t->invalid[i].side), "point", t->invalid[i].sp->id,
			"status", "invalid", "reason", t->invalid[i].why ? t->invalid[i].why : "?"));
	return a;
}

static json_t *unshown_json(const struct sum_table *st)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < st->nunshown; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "family", st->unshown[i].workload,
						   "reason", st->unshown[i].why));
	return a;
}

json_t *summary_json(const struct comparison *c)
{
	json_t *root = compare_json(c), *tables = json_object_get(root, "tables");
	struct summary_count n;
	struct sum_table st;
	size_t i, k;

	json_object_set_new(root, "view", json_string("summary"));
	for (i = 0; i < c->ntables && i < json_array_size(tables); i++) {
		json_t *t = json_array_get(tables, i), *fams = json_array();

		sum_build_shown(&st, c, &c->tables[i]);
		for (k = 0; k < st.nfam; k++)
			json_array_append_new(fams, family_json(&st.fam[k]));
		if (st.nunshown)
			json_object_set_new(t, "unshown", unshown_json(&st));
		sum_free(&st);
		summary_count(c, &c->tables[i], &n);
		json_object_del(t, "rows");
		json_object_set_new(t, "families", fams);
		json_object_set_new(t, "failed", failed_json(c, &c->tables[i]));
		json_object_set_new(t, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}", "figures",
			(json_int_t)n.figures, "tested", (json_int_t)n.tested, "better", (json_int_t)n.better,
			"worse", (json_int_t)n.worse, "unobserved", (json_int_t)n.unobserved));
	}
	return root;
}
