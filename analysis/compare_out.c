// SPDX-License-Identifier: GPL-2.0
/*
 * Printing a comparison as text (80 columns, for mail), and the cell
 * formatters the markdown, JSON and HTML outputs share.
 * Everything from a result file is data: text output replaces control
 * characters, markdown escapes its punctuation, JSON is encoded by jansson.
 */
#include <math.h>
#include <string.h>

#include "lib/stats.h"
#include "lib/xalloc.h"
#include "compare_fmt.h"
#include "headline.h"
#include "skipped.h"

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

#define put_wrapped fmt_wrapped

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
		 fmt_side_tag(c, t->new), fmt_side_tag(c, t->base), c->opts.alpha * 100, t->ntests,
		 c->opts.alpha, t->nby_runs, t->ntests);
	put_wrapped(f, buf, 0);
}

static const char *release_of(const struct result *r)
{
	const char *k = json_string_value(json_object_get(json_object_get(r->system, "kernel"), "release"));

	return k ? k : "?";
}

/* The median of the finite values of x[0..n-1] (reordered); NAN: none. */
static double median_of(double *x, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (isfinite(x[i]))
			x[k++] = x[i];
	return k ? percentile(x, k, 50) : NAN;
}

/*
 * Where a side's runs came from several boots: in how many tests the boots
 * were the top level, in how many pooled with the runs (no evidence of a
 * boot effect), and each level's spread over both (medians).
 */
static void boots_line(FILE *f, const struct comparison *c)
{
	size_t t, i, s, n = 0, tested = 0, nb = 0, est = 0;
	double *bcv = NULL, *rcv = NULL, bm, rm;
	char buf[480];

	for (t = 0; t < c->ntables; t++) {
		n += c->tables[t].nboot_level;
		for (i = 0; i < c->tables[t].nrows; i++) {
			const struct cmp_row *r = &c->tables[t].rows[i];
			int any = 0;

			tested += r->tested;
			for (s = 0; s < 2 && r->tested; s++) {
				if (!isfinite(r->lv[s].boot_cv))
					continue;
				any = 1;
				bcv = xgrow(bcv, nb + 1, sizeof(*bcv));
				rcv = xgrow(rcv, nb + 1, sizeof(*rcv));
				bcv[nb] = r->lv[s].boot_cv;
				rcv[nb++] = r->lv[s].run_cv;
			}
			est += any;
		}
	}
	bm = median_of(bcv, nb);
	rm = median_of(rcv, nb);
	if (est && isfinite(bm) && isfinite(rm)) {
		snprintf(buf, sizeof(buf), "Boots are the top level of %zu of %zu tests, pooled with "
			 "the runs in %zu more (their spread not above the runs'): boot-to-boot spread "
			 "%.1f%%, run-to-run within a boot %.1f%% (medians over the %zu sides with "
			 "several boots; docs/methodology.md)", n, tested, est > n ? est - n : 0, bm * 100,
			 rm * 100, nb);
		put_wrapped(f, buf, 2);
	} else if (n) {
		snprintf(buf, sizeof(buf), "Boots are the top level of %zu of %zu tests "
			 "(docs/methodology.md)", n, tested);
		put_wrapped(f, buf, 2);
	}
	free(bcv);
	free(rcv);
}

/* --speed-adjust: which rows were adjusted, by which reference and how much of it. */
static void speed_adjust_line(FILE *f, const struct comparison *c)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t t, i, n = 0, tested = 0, by[CMP_REFS] = { 0 };
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
			by[r->speed_adj.ref]++;
			lo = fmin(lo, r->speed_adj.slope);
			hi = fmax(hi, r->speed_adj.slope);
		}
	if (n)
		snprintf(buf, sizeof(buf), "Adjusted for the machine's speed (--speed-adjust): %zu of %zu "
			 "tested rows, %zu by the %s reference, %zu by the %s, slope %.2f..%.2f "
			 "(docs/methodology.md)", n, tested, by[0], cmp_ref_names[0], by[1],
			 cmp_ref_names[1], lo, hi);
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
		n = (size_t)snprintf(buf, sizeof(buf), "  %s: %s (%zu run%s", fmt_side_tag(c, (int)s),
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
			 d->field, fmt_side_tag(c, 0), d->base, strlen(d->base) > 60 ? "..." : "",
			 fmt_side_tag(c, d->side), d->new, strlen(d->new) > 60 ? "..." : "");
		put_wrapped(f, buf, 4);
	}
	for (i = 0; i < c->nwarn; i++) {
		char buf[1200];

		snprintf(buf, sizeof(buf), "WARNING: %s", c->warnings[i]);
		put_wrapped(f, buf, 2);
	}
	speed_adjust_line(f, c);
	boots_line(f, c);
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
	fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s %s\n", m, b, cb, n, cn, ch, ci, fmt_mark(r, 0));
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

static int same_unobs(const struct cmp_unobs *a, const struct cmp_unobs *b)
{
	return !strcmp(a->metric, b->metric) && !strcmp(a->why, b->why);
}

/*
 * One unobserved figure, or (without --all) every one of the same metric
 * and reason at once: a counter a kernel lacks is missing from every
 * point, and a line per point would bury the summary.
 */
static void unobs_text(FILE *f, const struct comparison *c, const struct cmp_table *t, size_t i,
		       int all)
{
	const struct cmp_unobs *u = &t->unobs[i];
	size_t j, n[2] = { 0, 0 };
	char buf[1400];

	for (j = 0; !all && j < t->nunobs; j++) {
		if (!same_unobs(&t->unobs[j], u))
			continue;
		if (j < i)
			return;		/* said with the first */
		n[t->unobs[j].side == t->new]++;
	}
	if (all || n[0] + n[1] == 1)
		snprintf(buf, sizeof(buf), "  %s %s %s: n/a (%s)", fmt_side_tag(c, u->side), u->sp->id,
			 u->metric, u->why);
	else if (t->new < 0)
		snprintf(buf, sizeof(buf), "  %s: n/a (%s), in %zu points", u->metric, u->why, n[0]);
	else
		snprintf(buf, sizeof(buf), "  %s: n/a (%s), in %zu points of %s and %zu of %s", u->metric,
			 u->why, n[0], fmt_side_tag(c, t->base), n[1], fmt_side_tag(c, t->new));
	put_wrapped(f, buf, 4);
}

/* Without --all, only the figures the summary shows; the rest are counted. */
static void unobs_list(FILE *f, const struct comparison *c, const struct cmp_table *t, int all)
{
	size_t i, outside = 0;
	int head = 0;

	for (i = 0; i < t->nunobs; i++)
		outside += !all && headline_role(t->unobs[i].sp->workload, t->unobs[i].metric) == HL_NONE;
	if (outside && outside == t->nunobs) {
		fprintf(f, "\nNot observed, so absent: %zu figures outside the summary (--all "
			"lists them)\n", outside);
		return;
	}
	for (i = 0; i < t->nunobs; i++) {
		if (!all && headline_role(t->unobs[i].sp->workload, t->unobs[i].metric) == HL_NONE)
			continue;
		if (!head++)
			fprintf(f, "\nNot observed (%zu), absent rather than 0:\n", t->nunobs);
		unobs_text(f, c, t, i, all);
	}
	if (outside)
		fprintf(f, "  and %zu figures outside the summary (--all lists them)\n", outside);
}

void compare_text_listed(FILE *f, const struct comparison *c, const struct cmp_table *t, int all)
{
	size_t i;

	if (t->nonly) {
		fprintf(f, "\nOn one side only (%zu), not compared:\n", t->nonly);
		for (i = 0; i < t->nonly; i++) {
			fprintf(f, "  only %s: ", fmt_side_tag(c, t->only[i].side));
			put_id_at(f, t->only[i].sp->id, 9 + strlen(fmt_side_tag(c, t->only[i].side)));
		}
	}
	if (all && t->ninvalid) {
		fprintf(f, "\nInvalid (%zu), %s:\n", t->ninvalid, t->new < 0 ? "shown but not to be trusted" :
			"not compared");
		for (i = 0; i < t->ninvalid; i++) {
			char buf[1400];

			snprintf(buf, sizeof(buf), "  %s %s: %s", fmt_side_tag(c, t->invalid[i].side),
				 t->invalid[i].sp->id, t->invalid[i].why ? t->invalid[i].why : "?");
			put_wrapped(f, buf, 4);
		}
	}
	unobs_list(f, c, t, all);
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
		fprintf(f, "%s alone: no comparison, summaries only\n", fmt_side_tag(c, 0));
		fprintf(f, "  %-20s %8s %4s %7s %7s %7s %-15s %3s\n", "metric", "mean", "cv%", "min",
			"median", "max", "95% CI of mean", "n");
	} else {
		fprintf(f, "%s vs %s: %zu tests, %zu significant at FDR %g%%\n", fmt_side_tag(c, t->new),
			fmt_side_tag(c, t->base), t->ntests, t->nsig, c->opts.alpha * 100);
		fprintf(f, "  %-20s %8s %4s %8s %4s %7s %-13s\n", "metric", fmt_side_tag(c, t->base), "cv%",
			fmt_side_tag(c, t->new), "cv%", "change", "95% CI");
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

