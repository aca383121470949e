// SPDX-License-Identifier: GPL-2.0
/*
 * Printing a comparison as text (80 columns, for mail), and the cell
 * formatters the markdown, JSON and HTML outputs share.
 * Everything from a result file is data: text output replaces control
 * characters, markdown escapes its punctuation, JSON is encoded by jansson.
 */
#include <math.h>
#include <string.h>

#include "compare_fmt.h"
#include "headline.h"
#include "skipped.h"

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

const char *cmp_side_tag(const struct comparison *c, int side)
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

void cmp_fmt_cv(const struct cmp_stat *st, char *buf, size_t len)
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

void cmp_fmt_pct(double x, char *buf, size_t len)
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

void cmp_fmt_ci(const struct cmp_row *r, char *buf, size_t len)
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

const char *cmp_mark(const struct cmp_row *r)
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

void cmp_legend(FILE *f, const struct comparison *c, const struct cmp_table *t)
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
		 cmp_side_tag(c, t->new), cmp_side_tag(c, t->base), c->opts.alpha * 100, t->ntests,
		 c->opts.alpha, t->nby_runs, t->ntests);
	put_wrapped(f, buf, 0);
}

static const char *release_of(const struct result *r)
{
	const char *k = json_string_value(json_object_get(json_object_get(r->system, "kernel"), "release"));

	return k ? k : "?";
}

/* --speed-adjust: which rows were adjusted, and by how much of the reference. */
static void speed_adjust_line(FILE *f, const struct comparison *c)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t t, i, n = 0, tested = 0;
	char buf[512];

	if (!c->opts.speed_adjust)
		return;
	for (t = 0; t < c->ntables; t++)
		for (i = 0; i < c->tables[t].nrows; i++) {
			const struct cmp_row *r = &c->tables[t].rows[i];

			tested += r->tested;
			if (!r->speed_adjusted)
				continue;
			n++;
			lo = fmin(lo, r->speed_slope);
			hi = fmax(hi, r->speed_slope);
		}
	if (n)
		snprintf(buf, sizeof(buf), "Adjusted for the machine's speed reference (--speed-adjust): %zu of "
			 "%zu tested rows, slope %.2f..%.2f (docs/methodology.md)", n, tested, lo, hi);
	else
		snprintf(buf, sizeof(buf), "--speed-adjust: no row could be adjusted (no speed reference per "
			 "repetition on both sides)");
	put_wrapped(f, buf, 2);
}

void compare_text_header(FILE *f, const struct comparison *c)
{
	size_t s, i;

	fprintf(f, "ptbench compare\n");
	for (s = 0; s < c->nsides; s++) {
		char buf[2048];
		size_t n;

		/* labels come from the files: folded like everything else */
		n = (size_t)snprintf(buf, sizeof(buf), "  %s: %s (%zu run%s", cmp_side_tag(c, (int)s),
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
			 d->field, cmp_side_tag(c, 0), d->base, strlen(d->base) > 60 ? "..." : "",
			 cmp_side_tag(c, d->side), d->new, strlen(d->new) > 60 ? "..." : "");
		put_wrapped(f, buf, 4);
	}
	for (i = 0; i < c->nwarn; i++) {
		char buf[1200];

		snprintf(buf, sizeof(buf), "WARNING: %s", c->warnings[i]);
		put_wrapped(f, buf, 2);
	}
	speed_adjust_line(f, c);
}

static void text_row(FILE *f, const struct cmp_row *r)
{
	char m[32], b[24], n[24], cb[16], cn[16], ch[24], ci[40];

	fmt_metric(r->metric, m, sizeof(m));
	fmt_num(r->base.s.mean, b, sizeof(b));
	fmt_num(r->new.s.mean, n, sizeof(n));
	cmp_fmt_cv(&r->base, cb, sizeof(cb));
	cmp_fmt_cv(&r->new, cn, sizeof(cn));
	cmp_fmt_pct(r->change * 100, ch, sizeof(ch));
	cmp_fmt_ci(r, ci, sizeof(ci));
	fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s %s\n", m, b, cb, n, cn, ch, ci, cmp_mark(r));
}

static void text_summary_row(FILE *f, const struct cmp_row *r)
{
	char m[32], mean[24], cv[16], mn[24], md[24], mx[24], lo[24], hi[24];

	fmt_metric(r->metric, m, sizeof(m));
	fmt_num(r->base.s.mean, mean, sizeof(mean));
	cmp_fmt_cv(&r->base, cv, sizeof(cv));
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

void compare_text_listed(FILE *f, const struct comparison *c, const struct cmp_table *t, int all)
{
	size_t i;

	if (t->nonly) {
		fprintf(f, "\nOn one side only (%zu), not compared:\n", t->nonly);
		for (i = 0; i < t->nonly; i++) {
			fprintf(f, "  only %s: ", cmp_side_tag(c, t->only[i].side));
			put_id_at(f, t->only[i].sp->id, 9 + strlen(cmp_side_tag(c, t->only[i].side)));
		}
	}
	if (all && t->ninvalid) {
		fprintf(f, "\nInvalid (%zu), %s:\n", t->ninvalid, t->new < 0 ? "shown but not to be trusted" :
			"not compared");
		for (i = 0; i < t->ninvalid; i++) {
			char buf[1400];

			snprintf(buf, sizeof(buf), "  %s %s: %s", cmp_side_tag(c, t->invalid[i].side),
				 t->invalid[i].sp->id, t->invalid[i].why ? t->invalid[i].why : "?");
			put_wrapped(f, buf, 4);
		}
	}
	if (t->nunobs)
		fprintf(f, "\nNot observed (%zu), absent rather than 0:\n", t->nunobs);
	for (i = 0; i < t->nunobs; i++) {
		char buf[1400];

		snprintf(buf, sizeof(buf), "  %s %s %s: n/a (%s)", cmp_side_tag(c, t->unobs[i].side),
			 t->unobs[i].sp->id, t->unobs[i].metric, t->unobs[i].why);
		put_wrapped(f, buf, 4);
	}
	if (all)
		skipped_all_text(f, c, t);
	else
		skipped_brief_text(f, c, t);
}

static void text_table(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	const struct side_point *last = NULL;
	size_t i;

	fputc('\n', f);
	if (t->new < 0) {
		fprintf(f, "%s alone: no comparison, summaries only\n", cmp_side_tag(c, 0));
		fprintf(f, "  %-20s %8s %4s %7s %7s %7s %-15s %3s\n", "metric", "mean", "cv%", "min",
			"median", "max", "95% CI of mean", "n");
	} else {
		fprintf(f, "%s vs %s: %zu tests, %zu significant at FDR %g%%\n", cmp_side_tag(c, t->new),
			cmp_side_tag(c, t->base), t->ntests, t->nsig, c->opts.alpha * 100);
		fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s\n", "metric", cmp_side_tag(c, t->base), "cv%",
			cmp_side_tag(c, t->new), "cv%", "change", "95% CI");
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
		cmp_legend(f, c, t);
	compare_text_listed(f, c, t, 1);
}

void compare_text(FILE *f, const struct comparison *c)
{
	size_t i;

	compare_text_header(f, c);
	for (i = 0; i < c->ntables; i++)
		text_table(f, c, &c->tables[i]);
}

const char *compare_side_tag(const struct comparison *c, int side)
{
	return cmp_side_tag(c, side);
}
