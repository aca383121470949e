// SPDX-License-Identifier: GPL-2.0
/*
 * compare's summary (analysis/summary*.c) on the hand-made fixtures: every
 * text line within 80 columns, failed checks above the first family table,
 * headline figures only (ns_per_op and per-thread duplicates gone), points
 * named by what differs with the shared params in the head, both sides'
 * values with their spread then the change and its mark (checked on points
 * whose samples the test sets), the sensitivity said once, "blind" rows,
 * three kernels side by side, and an unobserved figure as n/a with its
 * reason.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/headline.h"
#include "analysis/summary.h"
#include "lib/stats.h"
#include "tmpdir.h"

#define FIX	"tests/fixtures/"

/* Most tests check the marks of single-run fixtures: --within-run. */
static void build_opt(struct comparison *c, struct sides *s, const char *a, const char *b,
		      int within_run)
{
	char *args[2] = { (char *)a, (char *)b };
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = within_run };
	char err[512];

	if (sides_load(s, args, b ? 2 : 1, err, sizeof(err)))
		fail_msg("%s", err);
	if (compare_build(c, &o, s->n, s->res, s->nres, err, sizeof(err)))
		fail_msg("%s", err);
}

static void build(struct comparison *c, struct sides *s, const char *a, const char *b)
{
	build_opt(c, s, a, b, 1);
}

static __attribute__((noinline)) char *text_of(void (*fn)(FILE *, const struct comparison *), const struct comparison *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, c);
	fclose(f);
	return buf;
}

/* Display columns of the longest line (UTF-8: continuation bytes take none). */
static int widest(const char *s)
{
	int w = 0, max = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			w = 0;
			continue;
		}
		w += ((unsigned char)*s & 0xc0) != 0x80;
		max = w > max ? w : max;
	}
	return max;
}

/*
 * One run a side, the default: values and changes shown, nothing marked,
 * and why said in the verdict line, the legend and the folded figures' head.
 */
static void test_single_run(void **state)
{
	struct comparison c;
	struct sides s;
	char *t, *m;

	(void)state;
	build_opt(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json", 0);
	t = text_of(summary_text, &c);
	if (!strstr(t, "headline figures; none tested: a side is one run\n"))
		fail_msg("verdict:\n%s", t);
	assert_non_null(strstr(t, "  other figures, one run a side: "));
	assert_null(strstr(t, "cannot be seen"));
	assert_null(strstr(t, "% WORSE\n"));
	assert_null(strstr(t, "% better\n"));
	assert_null(strstr(t, "% ~\n"));
	assert_null(strstr(t, "% blind\n"));
	assert_non_null(strstr(t, "not tested: one run a side (--within-run"));
	assert_null(strstr(t, "none significant"));
	if (widest(t) > 80)
		fail_msg("%d columns:\n%s", widest(t), t);
	m = text_of(summary_markdown, &c);
	assert_non_null(strstr(m, "none tested: a side is one run"));
	free(m);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

static void test_width(void **state)
{
	static const char *const pairs[][2] = {
		{ FIX "full-kernel-a.json", FIX "full-kernel-b.json" },
		{ FIX "full-kernel-a.json", FIX "thp-always.json" },
		{ FIX "sleep-1.json", FIX "sleep-2.json" },
		{ FIX "hostile.json", NULL },
		{ FIX "full-kernel-a.json", NULL },
		{ FIX "many-a.json", FIX "many-b.json" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct comparison c;
		struct sides s;
		char *a, *b;

		build(&c, &s, pairs[i][0], pairs[i][1]);
		a = text_of(summary_text, &c);
		b = text_of(compare_text, &c);
		if (widest(a) > 80 || widest(b) > 80)
			fail_msg("%s %s: %d/%d columns", pairs[i][0], pairs[i][1] ?: "", widest(a), widest(b));
		assert_null(strstr(a, " \n"));	/* no trailing blanks */
		free(a);
		free(b);
		compare_free(&c);
		sides_free(&s);
	}
}

static void test_content(void **state)
{
	struct comparison c;
	struct sides s;
	char *t, *fail, *ptl;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	t = text_of(summary_text, &c);
	fail = strstr(t, "FAILED CHECKS");
	ptl = strstr(t, "\nptl: ");
	assert_non_null(fail);
	assert_non_null(ptl);
	assert_true(fail < ptl);	/* failed checks above any speed row */
	assert_non_null(strstr(fail, "INVALID NEW ptl:level=pte"));
	assert_non_null(strstr(t, "  all points: op=fault pages=8\n"));
	/* the figure with its unit and direction, carrying the column heads */
	assert_non_null(strstr(t, "\n  ops/s, higher is better     BASE           NEW  change\n"));
	assert_non_null(strstr(t, "\n    pte shared thr=2  155.8k ±0.8%  137.3k   ±2%  -11.8% WORSE\n"));
	assert_non_null(strstr(t, "\n        shared thr=4  211.4k   ±1%  191.2k   ±2%   -9.5% WORSE\n"));
	assert_non_null(strstr(t, "  latency p50 (ns), lower is better"));
	assert_non_null(strstr(t, " ~\n"));
	assert_null(strstr(t, "ns_per_op"));
	assert_null(strstr(t, "ops_per_sec"));
	assert_null(strstr(t, "level=pmd,placement"));	/* not the full id in tables */
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* samples[] into point p's metric m, with its summary as the runner writes it */
static void set_samples(json_t *p, const char *m, const double *x, size_t n)
{
	json_t *mj = json_object_get(json_object_get(p, "metrics"), m), *a = json_array();
	struct summary su;
	size_t i;

	assert_non_null(mj);
	for (i = 0; i < n; i++)
		json_array_append_new(a, json_real(x[i]));
	summarize(x, n, &su);
	json_object_set_new(mj, "samples", a);
	json_object_set_new(mj, "summary", json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:[f, f]}",
		"n", (json_int_t)n, "mean", su.mean, "stddev", su.stddev, "cv", su.cv, "min", su.min,
		"median", su.median, "max", su.max, "ci95", su.ci95_lo, su.ci95_hi));
}

/* The point of wl whose params are all of want's, or NULL. */
static json_t *find_point(json_t *doc, const char *wl, json_t *want)
{
	const char *k;
	json_t *p, *v;
	size_t i;

	json_array_foreach(json_object_get(doc, "points"), i, p) {
		int all = !strcmp(json_string_value(json_object_get(p, "workload")), wl);

		json_object_foreach(want, k, v)
			all &= json_equal(json_object_get(json_object_get(p, "params"), k), v);
		if (all)
			return p;
	}
	return NULL;
}

static char tdir[] = "/tmp/ptbench-summary.XXXXXX";

/* Some line of t, its runs of blanks squeezed to one, holds want. */
static int line_has(const char *t, const char *want)
{
	char sq[512];
	size_t n = 0;

	for (;; t++) {
		if (!*t || *t == '\n') {
			sq[n] = '\0';
			if (strstr(sq, want))
				return 1;
			if (!*t)
				return 0;
			n = 0;
		} else if ((*t != ' ' || (n && sq[n - 1] != ' ')) && n + 1 < sizeof(sq)) {
			sq[n++] = *t;
		}
	}
}

/* fixture name with ptl pte shared thr=2 at ops/s x[5], integrity's checks all 1000 */
static const char *known(const char *name, const char *out, const double *x)
{
	static const double ones[5] = { 1000, 1000, 1000, 1000, 1000 };
	char path[512];
	json_t *doc, *want, *p;
	const char *dst;

	snprintf(path, sizeof(path), FIX "%s", name);
	doc = json_load_file(path, 0, NULL);
	assert_non_null(doc);
	want = json_pack("{s:s, s:s, s:i}", "level", "pte", "placement", "shared", "threads", 2);
	p = find_point(doc, "ptl", want);
	assert_non_null(p);
	set_samples(p, "ops_per_sec", x, 5);
	json_decref(want);
	want = json_object();
	p = find_point(doc, "integrity", want);
	assert_non_null(p);
	set_samples(p, "checks", ones, 5);
	json_decref(want);
	dst = tmpdir_at(tdir, out);
	assert_int_equal(json_dump_file(doc, dst, 0), 0);
	json_decref(doc);
	return dst;
}

/* Values whose text is known: 2000 ±0.4% -> 1000 ±0.8%, -50.0% WORSE; equal repetitions ±0%. */
static void test_values_known(void **state)
{
	static const double a[5] = { 1990, 2010, 2000, 1995, 2005 }, b[5] = { 990, 1010, 1000, 995, 1005 };
	char *fa, *fb, *t, *md;
	struct comparison c;
	struct sides s;

	(void)state;
	assert_non_null(mkdtemp(tdir));
	fa = strdup(known("full-kernel-a.json", "a.json", a));
	fb = strdup(known("full-kernel-b.json", "b.json", b));
	build(&c, &s, fa, fb);
	t = text_of(summary_text, &c);
	if (!line_has(t, "pte shared thr=2 2000 ±0.4% 1000 ±0.8% -50.0% WORSE"))
		fail_msg("the known row:\n%s", t);
	/* checks: every repetition 1000, on both sides: a spread of 0, not "?" */
	if (!line_has(t, "(one point) 1000 ±0% 1000 ±0% +0.0%"))
		fail_msg("equal repetitions:\n%s", t);
	assert_null(strstr(t, "±?"));
	md = text_of(summary_markdown, &c);
	if (!strstr(md, "| pte shared thr=2 | 2000 ±0.4% | 1000 ±0.8% | \\-50.0% **WORSE** |"))
		fail_msg("markdown row:\n%s", md);
	free(md);
	free(t);
	compare_free(&c);
	sides_free(&s);
	free(fa);
	free(fb);
	tmpdir_remove(tdir);
}

/* Three kernels: one column each against the first, in 80 columns, marks of one character. */
static void test_three_sides(void **state)
{
	char *args[3] = { FIX "full-kernel-a.json", FIX "full-kernel-b.json", FIX "full-kernel-b.json" };
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1 };
	struct comparison c;
	struct sides s;
	char err[512], *t;

	(void)state;
	if (sides_load(&s, args, 3, err, sizeof(err)) ||
	    compare_build(&c, &o, s.n, s.res, s.nres, err, sizeof(err)))
		fail_msg("%s", err);
	t = text_of(summary_text, &c);
	if (!strstr(t, "  ops/s, higher is better   BASE          NEW1  change            NEW2  change\n"))
		fail_msg("heads:\n%s", t);
	assert_non_null(strstr(t, "\n      shared thr=2  155.8k ±0.8%  137.3k   ±2%  -11.8% *  137.3k   ±2%  -11.8% *\n"));
	assert_non_null(strstr(t, "NEW1 vs BASE: "));
	assert_non_null(strstr(t, "NEW2 vs BASE: "));
	if (widest(t) > 80)
		fail_msg("%d columns:\n%s", widest(t), t);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* The "unobserved" contract: a figure that could not be observed is n/a with its reason. */
static void test_unobserved(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i;
	char *t;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	for (i = 0; i < s.res[0][0]->npoints; i++) {
		json_t *p = s.res[0][0]->points[i].json;

		if (!strcmp(s.res[0][0]->points[i].workload, "collapse"))
			json_object_set_new(p, "unobserved", json_pack("{s:s}", "sync_ipis_per_collapse_bystander",
					    "no tracepoint ipi:ipi_send_cpu"));
	}
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "n/a (1)"));
	assert_non_null(strstr(t, "(1) sync IPIs n/a: no tracepoint ipi:ipi_send_cpu"));
	assert_true(widest(t) <= 80);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/*
 * Sensitivity is said once per family (the median mde), never per row; a
 * row whose test could miss a change of 50% is "blind", not "~".
 */
static void test_mde(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i;
	char *t;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	for (i = 0; i < c.tables[0].nrows; i++)
		c.tables[0].rows[i].mde = NAN;
	t = text_of(summary_text, &c);
	assert_null(strstr(t, "cannot be seen"));	/* NAN: nothing said */
	assert_null(strstr(t, "% blind\n"));
	free(t);
	for (i = 0; i < c.tables[0].nrows; i++)
		c.tables[0].rows[i].mde = 0.018;
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "  changes under 1.8% cannot be seen with these runs: median mde of 17 tests"));
	assert_null(strstr(t, "mde 1.8%"));	/* per row: --all */
	free(t);
	for (i = 0; i < c.tables[0].nrows; i++)
		c.tables[0].rows[i].mde = 0.6;
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "+11.3% blind\n"));	/* collapse latency p50, not significant */
	assert_non_null(strstr(t, "(FDR 5%), 12 of them blind"));
	assert_true(widest(t) <= 80);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* --all: every metric but the per-thread rate at one thread (ops_per_sec again). */
static void test_all_no_duplicates(void **state)
{
	struct comparison c;
	struct sides s;
	json_t *p = json_pack("{s:i}", "threads", 1), *q = json_pack("{s:s}", "threads", "2");
	char *t;

	(void)state;
	assert_true(headline_duplicate("ops_per_sec_per_thread", p));
	assert_false(headline_duplicate("ops_per_sec_per_thread", q));
	assert_false(headline_duplicate("ops_per_sec", p));
	/* split/shared at one worker: the split benefit there is the layout effect */
	assert_true(headline_duplicate("layout_effect", p));
	assert_false(headline_duplicate("layout_effect", q));
	assert_false(headline_duplicate("split_benefit", p));
	json_decref(p);
	json_decref(q);
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	t = text_of(compare_text, &c);
	assert_non_null(strstr(t, "ns_per_op"));
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/*
 * A family of 16 points, one changed: the summary shows that row and folds
 * the other 15 into a line of the figure; a figure with no row shown is a
 * line of its own; 6 points skipped for one reason are one line; --all and
 * the verdict still count and list everything.
 */
static void test_fold(void **state)
{
	struct comparison c;
	struct sides s;
	char *t, *all, *md, *js;
	json_t *j;

	(void)state;
	build(&c, &s, FIX "many-a.json", FIX "many-b.json");
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "  all points: ppc=16 thr=1\n"));
	assert_non_null(strstr(t, "    futex anon  99.73 ±1%  129.8 ±2%  +30.1% WORSE\n"));
	assert_non_null(strstr(t, "    15 more points: none significant (|change| <=0.8%), BASE 99.8-101\n"));
	assert_non_null(strstr(t, "    pages/s, higher is better           16  untested  9.92M-10M\n"));
	assert_null(strstr(t, "vmsplice"));	/* folded */
	assert_non_null(strstr(t, "1 WORSE, 15 tested without"));	/* the verdict counts all */
	assert_non_null(strstr(t, "  BASE+NEW 6 points of gup trigger=gup_test,gup_test_pin mapping=anon\n"
				  "    pages_per_call=1,16,512 threads=1: skipped: this kernel has no gup_test:"));
	assert_null(strstr(t, "gup:trigger=gup_test"));	/* not point by point */
	all = text_of(compare_text, &c);
	assert_non_null(strstr(all, "vmsplice"));
	assert_non_null(strstr(all, "gup:trigger=gup_test_pin,mapping=anon,pages_per_call=512,threads=1"));
	md = text_of(summary_markdown, &c);
	assert_non_null(strstr(md, "15 more points: none significant"));
	assert_non_null(strstr(md, "- skipped in BASE+NEW: 6 points of gup"));
	j = summary_json(&c);
	js = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(js, "\"folded\":{\"points\":15,\"max_abs_change\":"));
	free(js);
	json_decref(j);
	free(md);
	free(all);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/*
 * A stall a result file names (bench/core/stalls.c) is said under its
 * family, with the point, side, run and repetition, in text, Markdown and
 * JSON; a family without one says nothing.
 */
static void test_stalls(void **state)
{
	char *args[2] = { FIX "full-kernel-a.json", FIX "full-kernel-b.json" };
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	struct comparison c;
	struct sides s;
	char err[512], *t, *md, *js;
	size_t i;
	json_t *j;

	(void)state;
	if (sides_load(&s, args, 2, err, sizeof(err)))
		fail_msg("%s", err);
	for (i = 0; i < s.res[1][0]->npoints; i++)
		if (!strcmp(s.res[1][0]->points[i].id, "ptl:level=pte,placement=shared,op=fault,pages=8,threads=2"))
			json_object_set_new(s.res[1][0]->points[i].json, "stalls", json_pack(
				"[{s:i, s:f, s:f, s:f}]", "repetition", 2, "ops_per_sec", 34000.0,
				"median", 136000.0, "factor", 4.0));
	if (compare_build(&c, &o, s.n, s.res, s.nres, err, sizeof(err)))
		fail_msg("%s", err);
	t = text_of(summary_text, &c);
	if (!strstr(t, "\n  1 stall (3x off median, kept): pte shared thr=2: NEW run 1 rep 2, 4x below\n"))
		fail_msg("no stall line:\n%s", t);
	/* once: under ptl only */
	assert_null(strstr(strstr(t, " stall (") + 1, " stall ("));
	md = text_of(summary_markdown, &c);
	assert_non_null(strstr(md, "1 stall \\(3x off median, kept\\): pte shared"));
	j = summary_json(&c);
	js = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(js, "\"stalls\":\"1 stall (3x"));
	free(js);
	json_decref(j);
	free(md);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_run),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_values_known),
		cmocka_unit_test(test_three_sides),
		cmocka_unit_test(test_unobserved),
		cmocka_unit_test(test_mde),
		cmocka_unit_test(test_all_no_duplicates),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_stalls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
