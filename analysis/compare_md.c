// SPDX-License-Identifier: GPL-2.0
/*
 * A comparison as markdown (for a cover letter or a PR): the header, one
 * table per family, the skipped points; punctuation from result files escaped.
 */
#include <string.h>

#include "compare_fmt.h"
#include "headline.h"

static void md_row(FILE *f, const struct cmp_row *r, int summary)
{
	char b[24], n[24], cb[16], cn[16], ch[24], ci[64], lo[24], hi[24];

	fputs("| ", f);
	fmt_esc(f, FMT_MD, r->pb->id);
	fputs(" | ", f);
	fmt_esc(f, FMT_MD, r->metric);
	fprintf(f, " (");
	fmt_esc(f, FMT_MD, r->unit);
	fprintf(f, ")");
	fmt_num(r->base.s.mean, b, sizeof(b));
	fmt_cv(&r->base, cb, sizeof(cb));
	if (summary) {
		fmt_num(r->base.s.ci95_lo, lo, sizeof(lo));
		fmt_num(r->base.s.ci95_hi, hi, sizeof(hi));
		fprintf(f, " | %s | %s | %s | %zu |\n", b, cb,
			r->base.s.n < 2 ? "-" : (snprintf(ci, sizeof(ci), "%s – %s", lo, hi), ci),
			r->base.s.n);
		return;
	}
	fmt_num(r->new.s.mean, n, sizeof(n));
	fmt_cv(&r->new, cn, sizeof(cn));
	fmt_pct(r->change * 100, ch, sizeof(ch));
	fmt_ci(r, ci, sizeof(ci));
	fprintf(f, " | %s | %s | %s | %s | %s | %s | ", b, cb, n, cn, ch, ci);
	if (r->tested)
		fprintf(f, "%.3g | %.3g | %.3g | ", r->p, r->q, r->mw_p);
	else
		fprintf(f, "- | - | - | ");
	fprintf(f, "%s%s%s |\n", r->verdict ? "**" : "", fmt_mark(r, 0), r->verdict ? "**" : "");
}

void compare_markdown_header(FILE *f, const struct comparison *c)
{
	size_t i, s;

	fprintf(f, "| side | label | runs | kernel |\n|---|---|---|---|\n");
	for (s = 0; s < c->nsides; s++) {
		fprintf(f, "| %s | ", fmt_side_tag(c, (int)s));
		fmt_esc(f, FMT_MD, c->sides[s].name);
		fprintf(f, " | %zu | ", c->sides[s].nres);
		for (i = 0; i < c->sides[s].nres; i++) {
			if (i)
				fputs(", ", f);
			fmt_esc(f, FMT_MD, json_string_value(json_object_get(json_object_get(c->sides[s].res[i]->system,
										 "kernel"), "release")));
		}
		fprintf(f, " |\n");
	}
	if (c->ndiffs) {
		fprintf(f, "\n%s\n\n", compare_serious(c) ?
			"**WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL; NUMBERS MAY NOT BE COMPARABLE.**" :
			"The systems also differ in:");
		for (i = 0; i < c->ndiffs; i++) {
			fprintf(f, "- %s`%s`: %s ", c->diffs[i].serious ? "" : "(minor) ", c->diffs[i].field,
				fmt_side_tag(c, 0));
			fmt_esc(f, FMT_MD, c->diffs[i].base);
			fprintf(f, " / %s ", fmt_side_tag(c, c->diffs[i].side));
			fmt_esc(f, FMT_MD, c->diffs[i].new);
			fputc('\n', f);
		}
	}
	for (i = 0; i < c->nwarn; i++) {
		fprintf(f, "%s- **WARNING**: ", i ? "" : "\n");
		fmt_esc(f, FMT_MD, c->warnings[i]);
		fputc('\n', f);
	}
}

void compare_markdown_skipped(FILE *f, const struct comparison *c)
{
	size_t i, j, s;

	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			json_t *e;

			json_array_foreach(c->sides[s].res[i]->skipped, j, e) {
				if (!j && !s && !i)
					fputc('\n', f);
				fprintf(f, "- %s in %s: ", json_string_value(json_object_get(e, "status")) ?: "?",
					fmt_side_tag(c, (int)s));
				fmt_esc(f, FMT_MD, json_string_value(json_object_get(e, "id")));
				fputs(": ", f);
				fmt_esc(f, FMT_MD, json_string_value(json_object_get(e, "reason")));
				fputc('\n', f);
			}
		}
}

void compare_markdown(FILE *f, const struct comparison *c)
{
	size_t i, j;

	compare_markdown_header(f, c);
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];

		if (t->new < 0) {
			fprintf(f, "\n### %s: summaries\n\n| point | metric | mean | cv%% | 95%% CI of mean | n |\n"
				"|---|---|---:|---:|---:|---:|\n", fmt_side_tag(c, 0));
		} else {
			fprintf(f, "\n### %s vs %s: %zu tests, %zu significant at FDR %g%%\n\n",
				fmt_side_tag(c, t->new), fmt_side_tag(c, t->base), t->ntests, t->nsig,
				c->opts.alpha * 100);
			fprintf(f, "| point | metric | %s | cv%% | %s | cv%% | change | 95%% CI | p | q (BH) | MW p | |\n"
				"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
				fmt_side_tag(c, t->base), fmt_side_tag(c, t->new));
		}
		for (j = 0; j < t->nrows; j++)
			if (!headline_duplicate(t->rows[j].metric, t->rows[j].pb->key))
				md_row(f, &t->rows[j], t->new < 0);
		if (t->new >= 0)
			fprintf(f, "\nchange = %s/%s − 1, with the 95%% CI of the ratio (log-scale delta method, "
				"Welch df). p: Welch's t-test (derived ratios: t-test of the log ratio); q: "
				"Benjamini-Hochberg adjusted over the %zu tests of this table; **better**/**WORSE** "
				"when q < %g, by the metric's higher_is_better; MW p: Mann-Whitney U, a "
				"non-parametric check ('?' when it disagrees although n allows). "
				"Method: docs/methodology.md.\n", fmt_side_tag(c, t->new), fmt_side_tag(c, t->base),
				t->ntests, c->opts.alpha);
		if (t->nonly || t->ninvalid)
			fputc('\n', f);
		for (j = 0; j < t->nonly; j++) {
			fprintf(f, "- only in %s: ", fmt_side_tag(c, t->only[j].side));
			fmt_esc(f, FMT_MD, t->only[j].sp->id);
			fputc('\n', f);
		}
		for (j = 0; j < t->ninvalid; j++) {
			fprintf(f, "- invalid in %s: ", fmt_side_tag(c, t->invalid[j].side));
			fmt_esc(f, FMT_MD, t->invalid[j].sp->id);
			fputs(": ", f);
			fmt_esc(f, FMT_MD, t->invalid[j].why);
			fputc('\n', f);
		}
	}
	compare_markdown_skipped(f, c);
}
