// SPDX-License-Identifier: GPL-2.0
/*
 * A comparison as HTML tables for the report's index.html: every string
 * from a result file escaped.
 */

#include "compare_fmt.h"
#include "headline.h"

static void html_row(FILE *f, const struct cmp_row *r, int summary)
{
	char b[24], n[24], cb[16], cn[16], ch[24], ci[64], lo[24], hi[24];

	fputs("<tr><td class=id>", f);
	fmt_esc(f, FMT_HTML, r->pb->id);
	fputs("</td><td>", f);
	fmt_esc(f, FMT_HTML, r->metric);
	fputs(" (", f);
	fmt_esc(f, FMT_HTML, r->unit);
	fputs(")</td>", f);
	fmt_num(r->base.s.mean, b, sizeof(b));
	fmt_cv(&r->base, cb, sizeof(cb));
	if (summary) {
		fmt_num(r->base.s.ci95_lo, lo, sizeof(lo));
		fmt_num(r->base.s.ci95_hi, hi, sizeof(hi));
		if (r->base.s.n < 2)
			snprintf(ci, sizeof(ci), "-");
		else
			snprintf(ci, sizeof(ci), "%s – %s", lo, hi);
		fprintf(f, "<td>%s</td><td>%s</td><td>%s</td><td>%zu</td></tr>\n", b, cb, ci, r->base.s.n);
		return;
	}
	fmt_num(r->new.s.mean, n, sizeof(n));
	fmt_cv(&r->new, cn, sizeof(cn));
	fmt_pct(r->change * 100, ch, sizeof(ch));
	fmt_ci(r, ci, sizeof(ci));
	fprintf(f, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>", b, cb, n, cn, ch, ci);
	if (r->tested)
		fprintf(f, "<td>%.3g</td><td>%.3g</td><td>%.3g</td>", r->p, r->q, r->mw_p);
	else
		fputs("<td>-</td><td>-</td><td>-</td>", f);
	fprintf(f, "<td class=%s>%s</td></tr>\n", r->verdict == CMP_WORSE ? "worse" :
		r->verdict == CMP_BETTER ? "better" : "none", fmt_mark(r, 0));
}

void compare_html(FILE *f, const struct comparison *c)
{
	size_t i, j, s, k;
	json_t *e;

	if (c->ndiffs) {
		fprintf(f, "<div class=%s><p>%s</p><ul>\n", compare_serious(c) ? "warn" : "note",
			compare_serious(c) ? "WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL; "
			"NUMBERS MAY NOT BE COMPARABLE." : "The systems also differ in:");
		for (i = 0; i < c->ndiffs; i++) {
			fprintf(f, "<li>%s<code>%s</code>: %s ", c->diffs[i].serious ? "" : "(minor) ",
				c->diffs[i].field, fmt_side_tag(c, 0));
			fmt_esc(f, FMT_HTML, c->diffs[i].base);
			fprintf(f, " / %s ", fmt_side_tag(c, c->diffs[i].side));
			fmt_esc(f, FMT_HTML, c->diffs[i].new);
			fputs("</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	for (i = 0; i < c->nwarn; i++) {
		fputs("<p class=warn>WARNING: ", f);
		fmt_esc(f, FMT_HTML, c->warnings[i]);
		fputs("</p>\n", f);
	}
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];

		if (t->new < 0)
			fprintf(f, "<h2>%s: summaries</h2>\n<table><tr><th>point</th><th>metric</th><th>mean</th>"
				"<th>cv%%</th><th>95%% CI of mean</th><th>n</th></tr>\n", fmt_side_tag(c, 0));
		else
			fprintf(f, "<h2>%s vs %s: %zu tests, %zu significant at FDR %g%%</h2>\n<table><tr>"
				"<th>point</th><th>metric</th><th>%s</th><th>cv%%</th><th>%s</th><th>cv%%</th>"
				"<th>change</th><th>95%% CI</th><th>p</th><th>q (BH)</th><th>MW p</th><th></th></tr>\n",
				fmt_side_tag(c, t->new), fmt_side_tag(c, t->base), t->ntests, t->nsig, c->opts.alpha * 100,
				fmt_side_tag(c, t->base), fmt_side_tag(c, t->new));
		for (j = 0; j < t->nrows; j++)
			if (!headline_duplicate(t->rows[j].metric, t->rows[j].pb->key))
				html_row(f, &t->rows[j], t->new < 0);
		fputs("</table>\n", f);
		if (t->new >= 0)
			fprintf(f, "<p class=legend>change = %s/%s − 1 with the 95%% CI of the ratio (log-scale delta "
				"method, Welch df). p: Welch's t-test (derived ratios: t-test of the log ratio); "
				"q: Benjamini-Hochberg adjusted over the %zu tests of this table; better/WORSE when "
				"q &lt; %g, by the metric's higher_is_better; MW p: Mann-Whitney U check ('?' when "
				"it disagrees although n allows).</p>\n", fmt_side_tag(c, t->new), fmt_side_tag(c, t->base),
				t->ntests, c->opts.alpha);
		if (t->nonly || t->ninvalid)
			fputs("<ul>\n", f);
		for (j = 0; j < t->nonly; j++) {
			fprintf(f, "<li>only in %s: ", fmt_side_tag(c, t->only[j].side));
			fmt_esc(f, FMT_HTML, t->only[j].sp->id);
			fputs("</li>\n", f);
		}
		for (j = 0; j < t->ninvalid; j++) {
			fprintf(f, "<li class=worse>invalid in %s: ", fmt_side_tag(c, t->invalid[j].side));
			fmt_esc(f, FMT_HTML, t->invalid[j].sp->id);
			fputs(": ", f);
			fmt_esc(f, FMT_HTML, t->invalid[j].why);
			fputs("</li>\n", f);
		}
		if (t->nonly || t->ninvalid)
			fputs("</ul>\n", f);
	}
	fputs("<h3>Skipped or not run</h3>\n<ul>\n", f);
	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++)
			json_array_foreach(c->sides[s].res[i]->skipped, k, e) {
				fprintf(f, "<li>%s: ", fmt_side_tag(c, (int)s));
				fmt_esc(f, FMT_HTML, json_string_value(json_object_get(e, "id")));
				fputs(": ", f);
				fmt_esc(f, FMT_HTML, json_string_value(json_object_get(e, "status")));
				fputs(": ", f);
				fmt_esc(f, FMT_HTML, json_string_value(json_object_get(e, "reason")));
				fputs("</li>\n", f);
			}
	fputs("</ul>\n", f);
}
