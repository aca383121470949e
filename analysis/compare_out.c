// SPDX-License-Identifier: GPL-2.0
/*
 * Printing a comparison: text (80 columns, for mail), markdown, JSON.
 * Everything from a result file is data: text output replaces control
 * characters, markdown escapes its punctuation, JSON is encoded by jansson.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "headline.h"
#include "skipped.h"

#define WIDTH	80

void fmt_num(double v, char *buf, size_t len)
{
	static const struct {
		double div;
		const char *suf;
	} si[] = { { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } };
	double a = fabs(v);
	size_t i;

	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (a >= 1e12 || (a > 0 && a < 1e-3)) {
		snprintf(buf, len, "%.2e", v);
		return;
	}
	for (i = 0; i < sizeof(si) / sizeof(si[0]); i++)
		if (a >= 1e4 && a >= si[i].div) {
			snprintf(buf, len, "%.4g%s", v / si[i].div, si[i].suf);
			return;
		}
	snprintf(buf, len, "%.4g", v);
}

static const char *side_tag(const struct comparison *c, int side)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	if (side == 0)
		return "BASE";
	if (c->nsides <= 2)
		return "NEW";
	snprintf(buf[k], sizeof(buf[k]), "NEW%d", side);
	return buf[k];
}

static void fmt_cv(const struct cmp_stat *st, char *buf, size_t len)
{
	double cv = st->s.cv * 100;

	if (st->s.n < 2)
		snprintf(buf, len, "-");
	else if (cv < 10)
		snprintf(buf, len, "%.1f", cv);
	else if (cv < 1000)
		snprintf(buf, len, "%.0f", cv);
	else
		snprintf(buf, len, "big");
}

static void fmt_pct(double x, char *buf, size_t len)
{
	if (isnan(x))
		snprintf(buf, len, "n/a");
	else if (fabs(x) < 10)
		snprintf(buf, len, "%+.2f%%", x);
	else if (fabs(x) < 100)
		snprintf(buf, len, "%+.1f%%", x);
	else
		snprintf(buf, len, "%+.0f%%", x);
}

static void fmt_p1(double x, char *buf, size_t len)
{
	snprintf(buf, len, fabs(x) < 100 ? "%+.1f" : "%+.0f", x);
}

static void fmt_ci(const struct cmp_row *r, char *buf, size_t len)
{
	char lo[16], hi[16];

	if (!r->have_ratio || (r->ratio_lo == r->ratio && r->ratio_hi == r->ratio)) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_p1((r->ratio_lo - 1) * 100, lo, sizeof(lo));
	fmt_p1((r->ratio_hi - 1) * 100, hi, sizeof(hi));
	snprintf(buf, len, "[%s,%s]", lo, hi);
}

static const char *mark(const struct cmp_row *r)
{
	if (r->verdict == CMP_BETTER)
		return r->mw_disagrees ? "better?" : "better";
	if (r->verdict == CMP_WORSE)
		return r->mw_disagrees ? "WORSE?" : "WORSE";
	return "";
}

/* A metric name in 20 columns: a longer one is cut with '~'. */
static void fmt_metric(const char *m, char *buf, size_t len)
{
	if (strlen(m) <= 20)
		snprintf(buf, len, "%s", m);
	else
		snprintf(buf, len, "%.19s~", m);
}

/* The point id, wrapped after commas to fit the width (a part longer than a line is cut). */
static void put_id_at(FILE *f, const char *id, size_t col)
{
	const char *p = id;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t w = e ? (size_t)(e - p) + 1 : strlen(p);

		if (col > 4 && col + w > WIDTH) {
			fputs("\n    ", f);
			col = 4;
		}
		for (size_t i = 0; i < w; i++, col++) {
			if (col >= WIDTH) {
				fputs("\n    ", f);
				col = 4;
			}
			fputc((unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i], f);
		}
		p += w;
	}
	fputc('\n', f);
}

static void put_id(FILE *f, const char *id)
{
	put_id_at(f, id, 0);
}

/*
 * Where to cut a word of w characters that does not fit in room columns:
 * after its last comma that fits (ids are "k=v,k=v"), else at room.
 */
static int cut_at(const char *s, int w, int room)
{
	int i;

	for (i = room; i > room / 2; i--)
		if (s[i - 1] == ',')
			return i;
	return room < w ? room : w;
}

/* Plain text wrapped at WIDTH, with indent after the first line; longer words are cut. */
void cmp_put_wrapped(FILE *f, const char *text, int indent)
{
	const char *s = text;
	int col = 0, lead;

	while (*s == ' ') {
		fputc(*s++, f);
		col++;
	}
	lead = col;
	while (*s) {
		const char *e = s;
		int w;

		while (*e && *e != ' ')
			e++;
		w = (int)(e - s);
		/* a word longer than a whole line is cut where it stands, not first wrapped */
		if (col > indent && col + 1 + w > WIDTH && w <= WIDTH - indent) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > lead || (col && col != lead)) {
			fputc(' ', f);
			col++;
		}
		while (col + w > WIDTH) {
			int k = cut_at(s, w, WIDTH - col);

			for (int i = 0; i < k; i++)
				fputc((unsigned char)s[i] < 0x20 ? '?' : s[i], f);
			s += k;
			w -= k;
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		for (; s < e; s++)
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		col += w;
		while (*s == ' ')
			s++;
	}
	fputc('\n', f);
}

#define put_wrapped cmp_put_wrapped

static void legend(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "Legend: means of all repetitions (runs of one side pooled); cv%% ="
		 " stddev/mean; change = %s/%s - 1 with the 95%% CI of that ratio (log-scale"
		 " delta method, Welch df). better/WORSE: significant after"
		 " Benjamini-Hochberg FDR control at %g%% over the %zu tests of this table"
		 " (Welch's t-test; derived ratios: t-test of the log ratio), direction from"
		 " the metric's higher_is_better; blank: no significant change. '?': the"
		 " Mann-Whitney check disagrees although its n allows p < %g. Unit of the"
		 " tests: each run's mean when both sides have 2+ runs (%zu of %zu tests"
		 " here), else the repetitions of one run. See docs/compare.md.",
		 side_tag(c, t->new), side_tag(c, t->base), c->opts.alpha * 100, t->ntests,
		 c->opts.alpha, t->nby_runs, t->ntests);
	put_wrapped(f, buf, 0);
}

static const char *release_of(const struct result *r)
{
	const char *k = json_string_value(json_object_get(json_object_get(r->system, "kernel"), "release"));

	return k ? k : "?";
}

void compare_text_header(FILE *f, const struct comparison *c)
{
	size_t s, i;

	fprintf(f, "ptbench compare\n");
	for (s = 0; s < c->nsides; s++) {
		char buf[2048];
		size_t n;

		/* labels come from the files: folded like everything else */
		n = (size_t)snprintf(buf, sizeof(buf), "  %s: %s (%zu run%s", side_tag(c, (int)s),
				     c->sides[s].name, c->sides[s].nres, c->sides[s].nres == 1 ? "" : "s");
		for (i = 0; i < c->sides[s].nres && n < sizeof(buf); i++) {
			const char *k = release_of(c->sides[s].res[i]);
			size_t j;

			/* each kernel once: eight runs of one kernel are "kernel X" */
			for (j = 0; j < i && strcmp(release_of(c->sides[s].res[j]), k); j++)
				;
			if (j < i)
				continue;
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : ": kernel ", k);
		}
		if (n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - n, ")");
		put_wrapped(f, buf, 8);
	}
	if (compare_serious(c)) {
		fprintf(f, "\nWARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL. NUMBERS MAY NOT BE\n"
			   "COMPARABLE (compared anyway because of --force):\n");
	} else if (c->ndiffs) {
		fprintf(f, "\nNote: the systems also differ in:\n");
	}
	for (i = 0; i < c->ndiffs; i++) {
		const struct cmp_diff *d = &c->diffs[i];

		char buf[1024];

		/* long values (a whole config) are cut: --format json has them whole */
		snprintf(buf, sizeof(buf), "  %s%s: %s %.60s%s / %s %.60s%s", d->serious ? "" : "(minor) ",
			 d->field, side_tag(c, 0), d->base, strlen(d->base) > 60 ? "..." : "",
			 side_tag(c, d->side), d->new, strlen(d->new) > 60 ? "..." : "");
		put_wrapped(f, buf, 4);
	}
	for (i = 0; i < c->nwarn; i++) {
		char buf[1200];

		snprintf(buf, sizeof(buf), "WARNING: %s", c->warnings[i]);
		put_wrapped(f, buf, 2);
	}
}

static void text_row(FILE *f, const struct cmp_row *r)
{
	char m[32], b[24], n[24], cb[16], cn[16], ch[24], ci[40];

	fmt_metric(r->metric, m, sizeof(m));
	fmt_num(r->base.s.mean, b, sizeof(b));
	fmt_num(r->new.s.mean, n, sizeof(n));
	fmt_cv(&r->base, cb, sizeof(cb));
	fmt_cv(&r->new, cn, sizeof(cn));
	fmt_pct(r->change * 100, ch, sizeof(ch));
	fmt_ci(r, ci, sizeof(ci));
	fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s %s\n", m, b, cb, n, cn, ch, ci, mark(r));
}

static void text_summary_row(FILE *f, const struct cmp_row *r)
{
	char m[32], mean[24], cv[16], mn[24], md[24], mx[24], lo[24], hi[24];

	fmt_metric(r->metric, m, sizeof(m));
	fmt_num(r->base.s.mean, mean, sizeof(mean));
	fmt_cv(&r->base, cv, sizeof(cv));
	fmt_num(r->base.s.min, mn, sizeof(mn));
	fmt_num(r->base.s.median, md, sizeof(md));
	fmt_num(r->base.s.max, mx, sizeof(mx));
	fmt_num(r->base.s.ci95_lo, lo, sizeof(lo));
	fmt_num(r->base.s.ci95_hi, hi, sizeof(hi));
	if (r->base.s.n < 2)
		fprintf(f, "  %-20s %8s %4s %7s %7s %7s %-15s %3zu\n", m, mean, cv, mn, md, mx, "-",
			r->base.s.n);
	else
		fprintf(f, "  %-20s %8s %4s %7s %7s %7s %7s-%-7s %3zu\n", m, mean, cv, mn, md, mx, lo,
			hi, r->base.s.n);
}

struct skip {
	int side;
	json_t *e;
};

static int same_skip(json_t *a, json_t *b)
{
	static const char *const keys[] = { "id", "status", "reason" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (!json_equal(json_object_get(a, keys[i]), json_object_get(b, keys[i])))
			return 0;
	return 1;
}

/*
 * Every skipped or interrupted point of the table's sides, once: a point
 * skipped for the same reason on both sides (or in every run) is one line
 * naming the sides ("BASE+NEW").
 */
static void skipped_text(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	struct skip *sk = NULL;
	size_t n = 0, i, j, r, k;
	json_t *e;
	int s;

	for (s = 0; s < (int)c->nsides; s++) {
		if (t->new >= 0 && s != t->base && s != t->new)
			continue;
		for (r = 0; r < c->sides[s].nres; r++)
			json_array_foreach(c->sides[s].res[r]->skipped, k, e) {
				sk = realloc(sk, (n + 1) * sizeof(*sk));
				if (!sk)
					exit(1);
				sk[n++] = (struct skip){ s, e };
			}
	}
	for (i = 0; i < n; i++) {
		char buf[1400], tags[64] = "";
		int seen = 0, last = -1;

		for (j = 0; j < i; j++)
			seen |= same_skip(sk[j].e, sk[i].e);
		if (seen)
			continue;
		for (j = i; j < n; j++)
			if (same_skip(sk[j].e, sk[i].e) && sk[j].side != last) {
				snprintf(tags + strlen(tags), sizeof(tags) - strlen(tags), "%s%s", *tags ? "+" : "",
					 side_tag(c, sk[j].side));
				last = sk[j].side;
			}
		snprintf(buf, sizeof(buf), "  %s %s: %s: %s", tags, json_string_value(json_object_get(sk[i].e, "id")),
			 json_string_value(json_object_get(sk[i].e, "status")),
			 json_string_value(json_object_get(sk[i].e, "reason")));
		if (!i)
			fprintf(f, "\nSkipped or not run:\n");
		put_wrapped(f, buf, 4);
	}
	free(sk);
}

void compare_text_listed(FILE *f, const struct comparison *c, const struct cmp_table *t, int all)
{
	size_t i;

	if (t->nonly) {
		fprintf(f, "\nOn one side only (%zu), not compared:\n", t->nonly);
		for (i = 0; i < t->nonly; i++) {
			fprintf(f, "  only %s: ", side_tag(c, t->only[i].side));
			put_id_at(f, t->only[i].sp->id, 9 + strlen(side_tag(c, t->only[i].side)));
		}
	}
	if (all && t->ninvalid) {
		fprintf(f, "\nInvalid (%zu), %s:\n", t->ninvalid, t->new < 0 ? "shown but not to be trusted" :
			"not compared");
		for (i = 0; i < t->ninvalid; i++) {
			char buf[1400];

			snprintf(buf, sizeof(buf), "  %s %s: %s", side_tag(c, t->invalid[i].side),
				 t->invalid[i].sp->id, t->invalid[i].why ? t->invalid[i].why : "?");
			put_wrapped(f, buf, 4);
		}
	}
	if (t->nunobs)
		fprintf(f, "\nNot observed (%zu), absent rather than 0:\n", t->nunobs);
	for (i = 0; i < t->nunobs; i++) {
		char buf[1400];

		snprintf(buf, sizeof(buf), "  %s %s %s: n/a (%s)", side_tag(c, t->unobs[i].side),
			 t->unobs[i].sp->id, t->unobs[i].metric, t->unobs[i].why);
		put_wrapped(f, buf, 4);
	}
	if (all)
		skipped_text(f, c, t);
	else
		skipped_brief_text(f, c, t);
}

static void text_table(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	const struct side_point *last = NULL;
	size_t i;

	fputc('\n', f);
	if (t->new < 0) {
		fprintf(f, "%s alone: no comparison, summaries only\n", side_tag(c, 0));
		fprintf(f, "  %-20s %8s %4s %7s %7s %7s %-15s %3s\n", "metric", "mean", "cv%", "min",
			"median", "max", "95% CI of mean", "n");
	} else {
		fprintf(f, "%s vs %s: %zu tests, %zu significant at FDR %g%%\n", side_tag(c, t->new),
			side_tag(c, t->base), t->ntests, t->nsig, c->opts.alpha * 100);
		fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s\n", "metric", side_tag(c, t->base), "cv%",
			side_tag(c, t->new), "cv%", "change", "95% CI");
	}
	for (i = 0; i < t->nrows; i++) {
		if (headline_duplicate(t->rows[i].metric, t->rows[i].pb->key))
			continue;
		if (t->rows[i].pb != last) {
			last = t->rows[i].pb;
			put_id(f, last->id);
		}
		if (t->new < 0)
			text_summary_row(f, &t->rows[i]);
		else
			text_row(f, &t->rows[i]);
	}
	if (t->new >= 0)
		legend(f, c, t);
	compare_text_listed(f, c, t, 1);
}

void compare_text(FILE *f, const struct comparison *c)
{
	size_t i;

	compare_text_header(f, c);
	for (i = 0; i < c->ntables; i++)
		text_table(f, c, &c->tables[i]);
}

/* ---- markdown ---- */

void cmp_md_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			fputc(' ', f);
		else if (strchr("\\`*_{}[]<>()#+-!|&~$", ch))
			fprintf(f, "\\%c", ch);
		else
			fputc(ch, f);
	}
}

static void md_row(FILE *f, const struct cmp_row *r, int summary)
{
	char b[24], n[24], cb[16], cn[16], ch[24], ci[64], lo[24], hi[24];

	fputs("| ", f);
	cmp_md_escape(f, r->pb->id);
	fputs(" | ", f);
	cmp_md_escape(f, r->metric);
	fprintf(f, " (");
	cmp_md_escape(f, r->unit);
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
	fprintf(f, "%s%s%s |\n", r->verdict ? "**" : "", mark(r), r->verdict ? "**" : "");
}

void compare_markdown_header(FILE *f, const struct comparison *c)
{
	size_t i, s;

	fprintf(f, "| side | label | runs | kernel |\n|---|---|---|---|\n");
	for (s = 0; s < c->nsides; s++) {
		fprintf(f, "| %s | ", side_tag(c, (int)s));
		cmp_md_escape(f, c->sides[s].name);
		fprintf(f, " | %zu | ", c->sides[s].nres);
		for (i = 0; i < c->sides[s].nres; i++) {
			if (i)
				fputs(", ", f);
			cmp_md_escape(f, json_string_value(json_object_get(json_object_get(c->sides[s].res[i]->system,
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
				side_tag(c, 0));
			cmp_md_escape(f, c->diffs[i].base);
			fprintf(f, " / %s ", side_tag(c, c->diffs[i].side));
			cmp_md_escape(f, c->diffs[i].new);
			fputc('\n', f);
		}
	}
	for (i = 0; i < c->nwarn; i++) {
		fprintf(f, "%s- **WARNING**: ", i ? "" : "\n");
		cmp_md_escape(f, c->warnings[i]);
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
					side_tag(c, (int)s));
				cmp_md_escape(f, json_string_value(json_object_get(e, "id")));
				fputs(": ", f);
				cmp_md_escape(f, json_string_value(json_object_get(e, "reason")));
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
				"|---|---|---:|---:|---:|---:|\n", side_tag(c, 0));
		} else {
			fprintf(f, "\n### %s vs %s: %zu tests, %zu significant at FDR %g%%\n\n",
				side_tag(c, t->new), side_tag(c, t->base), t->ntests, t->nsig,
				c->opts.alpha * 100);
			fprintf(f, "| point | metric | %s | cv%% | %s | cv%% | change | 95%% CI | p | q (BH) | MW p | |\n"
				"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
				side_tag(c, t->base), side_tag(c, t->new));
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
				"Method: docs/methodology.md.\n", side_tag(c, t->new), side_tag(c, t->base),
				t->ntests, c->opts.alpha);
		if (t->nonly || t->ninvalid)
			fputc('\n', f);
		for (j = 0; j < t->nonly; j++) {
			fprintf(f, "- only in %s: ", side_tag(c, t->only[j].side));
			cmp_md_escape(f, t->only[j].sp->id);
			fputc('\n', f);
		}
		for (j = 0; j < t->ninvalid; j++) {
			fprintf(f, "- invalid in %s: ", side_tag(c, t->invalid[j].side));
			cmp_md_escape(f, t->invalid[j].sp->id);
			fputs(": ", f);
			cmp_md_escape(f, t->invalid[j].why);
			fputc('\n', f);
		}
	}
	compare_markdown_skipped(f, c);
}

/* ---- JSON ---- */

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *stat_json(const struct cmp_stat *st)
{
	json_t *o = json_object(), *runs = json_array();
	size_t i;

	for (i = 0; i < st->nruns; i++)
		json_array_append_new(runs, json_pack("{s:s, s:I, s:o}", "file", st->runs[i].file,
						      "n", (json_int_t)st->runs[i].n,
						      "mean", num(st->runs[i].mean)));
	json_object_set_new(o, "n", json_integer((json_int_t)st->s.n));
	json_object_set_new(o, "mean", num(st->s.mean));
	json_object_set_new(o, "stddev", num(st->s.stddev));
	json_object_set_new(o, "cv", num(st->s.cv));
	json_object_set_new(o, "min", num(st->s.min));
	json_object_set_new(o, "median", num(st->s.median));
	json_object_set_new(o, "max", num(st->s.max));
	json_object_set_new(o, "ci95", st->s.n >= 2 ? json_pack("[o, o]", num(st->s.ci95_lo),
								 num(st->s.ci95_hi)) : json_null());
	json_object_set_new(o, "runs", runs);
	if (st->derived)
		json_object_set_new(o, "denominator_spread_known", json_boolean(st->den_known));
	return o;
}

json_t *cmp_row_json(const struct cmp_row *r)
{
	static const char *const verdicts[] = { "none", "better", "worse" };
	json_t *o = json_pack("{s:s, s:s, s:O, s:s, s:s, s:b, s:o}", "point", r->pb->id,
			      "workload", r->pb->workload, "params", r->pb->key, "metric", r->metric,
			      "unit", r->unit, "higher_is_better", r->higher_is_better,
			      "base", stat_json(&r->base));

	if (!r->new.present)
		return o;
	json_object_set_new(o, "new", stat_json(&r->new));
	json_object_set_new(o, "change", num(r->change));
	json_object_set_new(o, "ratio", r->have_ratio ? num(r->ratio) : json_null());
	json_object_set_new(o, "ratio_ci95", r->have_ratio ? json_pack("[o, o]", num(r->ratio_lo),
									num(r->ratio_hi)) : json_null());
	json_object_set_new(o, "tested", json_boolean(r->tested));
	json_object_set_new(o, "test", json_string(r->base.derived ? "log-ratio t" : "welch"));
	json_object_set_new(o, "t", num(r->t));
	json_object_set_new(o, "df", num(r->df));
	json_object_set_new(o, "p", num(r->p));
	json_object_set_new(o, "q", num(r->q));
	json_object_set_new(o, "mde", num(r->mde));
	json_object_set_new(o, "mann_whitney", json_pack("{s:o, s:o, s:o}", "u", num(r->mw_u),
							 "p", num(r->mw_p), "min_p", num(r->mw_min_p)));
	json_object_set_new(o, "verdict", json_string(verdicts[r->verdict]));
	json_object_set_new(o, "mann_whitney_disagrees", json_boolean(r->mw_disagrees));
	/* what one observation of the test is; "unit" above is the metric's */
	json_object_set_new(o, "test_unit", json_string(r->by_runs ? "runs" : "repetitions"));
	return o;
}

static json_t *listed_json(const struct comparison *c, const struct cmp_listed *l, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s}", "side", side_tag(c, l[i].side), "point", l[i].sp->id);

		if (l[i].why)
			json_object_set_new(o, "reason", json_string(l[i].why));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *unobs_json(const struct comparison *c, const struct cmp_table *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < t->nunobs; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "side",
			side_tag(c, t->unobs[i].side), "point", t->unobs[i].sp->id,
			"metric", t->unobs[i].metric, "reason", t->unobs[i].why));
	return a;
}

json_t *compare_json(const struct comparison *c)
{
	json_t *root = json_pack("{s:s, s:f}", "schema", "ptbench-compare/1", "alpha", c->opts.alpha);
	json_t *sides = json_array(), *tables = json_array(), *diffs = json_array(), *warns = json_array();
	json_t *skipped = json_array(), *e;
	size_t i, j, k;

	for (i = 0; i < c->nsides; i++) {
		json_t *files = json_array();

		for (j = 0; j < c->sides[i].nres; j++) {
			json_array_append_new(files, json_string(c->sides[i].res[j]->file));
			json_array_foreach(c->sides[i].res[j]->skipped, k, e) {
				json_t *x = json_deep_copy(e);

				json_object_set_new(x, "side", json_string(side_tag(c, (int)i)));
				json_array_append_new(skipped, x);
			}
		}
		json_array_append_new(sides, json_pack("{s:s, s:s, s:o}", "side", side_tag(c, (int)i),
						       "label", c->sides[i].name, "files", files));
	}
	for (i = 0; i < c->ndiffs; i++)
		json_array_append_new(diffs, json_pack("{s:s, s:s, s:s, s:s, s:b}", "field", c->diffs[i].field,
						       "base", c->diffs[i].base, "other", c->diffs[i].new,
						       "side", side_tag(c, c->diffs[i].side),
						       "serious", c->diffs[i].serious));
	for (i = 0; i < c->nwarn; i++)
		json_array_append_new(warns, json_string(c->warnings[i]));
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];
		json_t *rows = json_array();

		for (j = 0; j < t->nrows; j++)
			json_array_append_new(rows, cmp_row_json(&t->rows[j]));
		json_array_append_new(tables, json_pack("{s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:o}",
			"base", side_tag(c, t->base),
			"new", t->new >= 0 ? json_string(side_tag(c, t->new)) : json_null(),
			"tests", (json_int_t)t->ntests, "significant", (json_int_t)t->nsig,
			"rows", rows, "one_side_only", listed_json(c, t->only, t->nonly),
			"invalid", listed_json(c, t->invalid, t->ninvalid),
			"unobserved", unobs_json(c, t)));
	}
	json_object_set_new(root, "sides", sides);
	json_object_set_new(root, "system_differences", diffs);
	json_object_set_new(root, "systems_comparable", json_boolean(!compare_serious(c)));
	json_object_set_new(root, "warnings", warns);
	json_object_set_new(root, "tables", tables);
	json_object_set_new(root, "skipped", skipped);
	return root;
}

/* ---- HTML (for report's index.html): every string escaped ---- */

void html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, f);
		}
	}
}

static void html_row(FILE *f, const struct cmp_row *r, int summary)
{
	char b[24], n[24], cb[16], cn[16], ch[24], ci[64], lo[24], hi[24];

	fputs("<tr><td class=id>", f);
	html_esc(f, r->pb->id);
	fputs("</td><td>", f);
	html_esc(f, r->metric);
	fputs(" (", f);
	html_esc(f, r->unit);
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
		r->verdict == CMP_BETTER ? "better" : "none", mark(r));
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
				c->diffs[i].field, side_tag(c, 0));
			html_esc(f, c->diffs[i].base);
			fprintf(f, " / %s ", side_tag(c, c->diffs[i].side));
			html_esc(f, c->diffs[i].new);
			fputs("</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	for (i = 0; i < c->nwarn; i++) {
		fputs("<p class=warn>WARNING: ", f);
		html_esc(f, c->warnings[i]);
		fputs("</p>\n", f);
	}
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];

		if (t->new < 0)
			fprintf(f, "<h2>%s: summaries</h2>\n<table><tr><th>point</th><th>metric</th><th>mean</th>"
				"<th>cv%%</th><th>95%% CI of mean</th><th>n</th></tr>\n", side_tag(c, 0));
		else
			fprintf(f, "<h2>%s vs %s: %zu tests, %zu significant at FDR %g%%</h2>\n<table><tr>"
				"<th>point</th><th>metric</th><th>%s</th><th>cv%%</th><th>%s</th><th>cv%%</th>"
				"<th>change</th><th>95%% CI</th><th>p</th><th>q (BH)</th><th>MW p</th><th></th></tr>\n",
				side_tag(c, t->new), side_tag(c, t->base), t->ntests, t->nsig, c->opts.alpha * 100,
				side_tag(c, t->base), side_tag(c, t->new));
		for (j = 0; j < t->nrows; j++)
			if (!headline_duplicate(t->rows[j].metric, t->rows[j].pb->key))
				html_row(f, &t->rows[j], t->new < 0);
		fputs("</table>\n", f);
		if (t->new >= 0)
			fprintf(f, "<p class=legend>change = %s/%s − 1 with the 95%% CI of the ratio (log-scale delta "
				"method, Welch df). p: Welch's t-test (derived ratios: t-test of the log ratio); "
				"q: Benjamini-Hochberg adjusted over the %zu tests of this table; better/WORSE when "
				"q &lt; %g, by the metric's higher_is_better; MW p: Mann-Whitney U check ('?' when "
				"it disagrees although n allows).</p>\n", side_tag(c, t->new), side_tag(c, t->base),
				t->ntests, c->opts.alpha);
		if (t->nonly || t->ninvalid)
			fputs("<ul>\n", f);
		for (j = 0; j < t->nonly; j++) {
			fprintf(f, "<li>only in %s: ", side_tag(c, t->only[j].side));
			html_esc(f, t->only[j].sp->id);
			fputs("</li>\n", f);
		}
		for (j = 0; j < t->ninvalid; j++) {
			fprintf(f, "<li class=worse>invalid in %s: ", side_tag(c, t->invalid[j].side));
			html_esc(f, t->invalid[j].sp->id);
			fputs(": ", f);
			html_esc(f, t->invalid[j].why);
			fputs("</li>\n", f);
		}
		if (t->nonly || t->ninvalid)
			fputs("</ul>\n", f);
	}
	fputs("<h3>Skipped or not run</h3>\n<ul>\n", f);
	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++)
			json_array_foreach(c->sides[s].res[i]->skipped, k, e) {
				fprintf(f, "<li>%s: ", side_tag(c, (int)s));
				html_esc(f, json_string_value(json_object_get(e, "id")));
				fputs(": ", f);
				html_esc(f, json_string_value(json_object_get(e, "status")));
				fputs(": ", f);
				html_esc(f, json_string_value(json_object_get(e, "reason")));
				fputs("</li>\n", f);
			}
	fputs("</ul>\n", f);
}

const char *compare_side_tag(const struct comparison *c, int side)
{
	return side_tag(c, side);
}
