// SPDX-License-Identifier: GPL-2.0
/*
 * path_safe(): labels, hostnames and kernel releases become one path
 * component that cannot climb, hide or carry shell or gnuplot syntax.
 * derive_all() (bench/core/derive.c): a ratio pairs the two points'
 * repetitions, so a machine that changed speed between repetitions does
 * not widen it; unequal counts fall back to the ratio of the means; twins
 * are found by their specs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bench/core/derive.h"
#include "bench/core/result.h"

static void check(const char *in, const char *want)
{
	char out[64];

	path_safe(in, out, sizeof(out));
	assert_string_equal(out, want);
	assert_null(strchr(out, '/'));
}

static void test_path_safe(void **st)
{
	(void)st;
	check("6.12.0-rc1+", "6.12.0-rc1+");
	check("..", "_.");
	check(".", "_");
	check("", "_");
	check("../../etc/passwd", "_._.._etc_passwd");
	check(".hidden", "_hidden");
	check("a/b", "a_b");
	check("x$(touch y)`z`\n\"q'", "x__touch_y__z___q_");
	check("system(\"rm -rf /\")", "system__rm_-rf____");
	/* truncated to the buffer, still terminated */
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

/* A valid ptl point with these ops/s samples: its spec, its result, its JSON. */
struct pt {
	struct point_spec ps;
	struct point_result r;
	double rate[8];
	json_t *pj;
};

static json_t *ptl_point(struct derive *d, struct pt *p, const char *placement, int threads,
			 const double *ops, size_t n)
{
	static const char *const names[] = { "level", "placement", "op" };
	const char *vals[] = { "pte", placement, "fault" };
	int i;

	memset(p, 0, sizeof(*p));
	p->ps.ops = workload_find("ptl");
	for (i = 0; i < 3; i++) {
		snprintf(p->ps.vals[i], sizeof(p->ps.vals[i]), "%s", vals[i]);
		p->ps.args.name[i] = names[i];
		p->ps.args.val[i] = p->ps.vals[i];
	}
	p->ps.args.n = 3;
	p->ps.nthreads = (unsigned int)threads;
	snprintf(p->ps.id, sizeof(p->ps.id), "ptl:placement=%s,threads=%d", placement, threads);
	memcpy(p->rate, ops, n * sizeof(double));
	p->r.rate = p->rate;
	p->r.reps_done = (unsigned int)n;
	p->pj = json_pack("{s:{}, s:{s:b, s:[]}}", "metrics", "validity", "valid", 1, "notes");
	derive_add(d, &p->ps, &p->r, p->pj);
	return p->pj;
}

static double num_at(json_t *p, const char *metric, const char *key)
{
	return json_number_value(json_object_get(json_object_get(json_object_get(
		json_object_get(p, "metrics"), metric), "derived"), key));
}

/* A ratio is one figure: its summary is derived's value and interval, geometric. */
static void assert_one_figure(json_t *p, const char *metric)
{
	json_t *m = json_object_get(json_object_get(p, "metrics"), metric);
	json_t *s = json_object_get(m, "summary"), *d = json_object_get(m, "derived");
	json_t *sci = json_object_get(s, "ci95"), *dci = json_object_get(d, "ratio_ci95");
	int i;

	assert_string_equal(json_string_value(json_object_get(s, "mean_kind")), "geometric");
	assert_true(json_number_value(json_object_get(s, "mean")) ==
		    json_number_value(json_object_get(d, "value")));
	for (i = 0; i < 2; i++)
		assert_true(json_number_value(json_array_get(sci, i)) ==
			    json_number_value(json_array_get(dci, i)));
	assert_true(json_number_value(json_array_get(sci, 0)) > 0);
}

/*
 * A stalled repetition (issue 23: 14, 915, 24, 824, 1320 ops/s on a noisy
 * host): the ratio's summary and derived value agree, and the interval
 * stays above 0 (the arithmetic summary read 26.2 [-25.2, 77.6]).
 */
static void test_ratio_stall_one_figure(void **st)
{
	const double shared[] = { 200, 180, 190, 210, 200 };
	const double split[] = { 14, 915, 24, 824, 1320 };
	struct derive dv = { 0 };
	struct pt pp[2];
	json_t *p;

	(void)st;
	ptl_point(&dv, &pp[0], "shared", 2, shared, 5);
	p = ptl_point(&dv, &pp[1], "split", 2, split, 5);
	derive_all(&dv);
	assert_one_figure(p, "split_benefit");
	json_decref(pp[0].pj);
	json_decref(pp[1].pj);
	derive_free(&dv);
}

/* A repetition of 0 ops: no log scale; the ratio is still written, arithmetic, and says so. */
static void test_ratio_zero_rep(void **st)
{
	const double shared[] = { 1000, 1000, 1000, 1000 };
	const double split[] = { 0, 1000, 1000, 1000 };
	struct derive dv = { 0 };
	struct pt pp[2];
	json_t *p, *m;

	(void)st;
	ptl_point(&dv, &pp[0], "shared", 2, shared, 4);
	p = ptl_point(&dv, &pp[1], "split", 2, split, 4);
	derive_all(&dv);
	m = json_object_get(json_object_get(p, "metrics"), "split_benefit");
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "summary"), "mean_kind")),
			    "arithmetic");
	assert_true(fabs(num_at(p, "split_benefit", "value") - 0.75) < 1e-12);
	assert_true(json_number_value(json_object_get(json_object_get(m, "summary"), "mean")) ==
		    num_at(p, "split_benefit", "value"));
	json_decref(pp[0].pj);
	json_decref(pp[1].pj);
	derive_free(&dv);
}

static void test_ratio_pairs_repetitions(void **st)
{
	/* the machine runs at 1000 or 1400 ops/s; each pair measured in one state */
	const double shared[] = { 1000, 1400, 1000, 1400, 1000, 1400 };
	const double split[] = { 1010, 1414, 1010, 1414, 1010, 1414 };
	const double two_sh[] = { 1800, 2520, 1800, 2520, 1800, 2520 };
	const double two_sp[] = { 2160, 3024, 2160, 3024, 2160, 3024 };
	struct derive dv = { 0 };
	struct pt p[4];
	json_t *p2, *ci, *d;
	int i;

	(void)st;
	ptl_point(&dv, &p[0], "shared", 1, shared, 6);
	ptl_point(&dv, &p[1], "split", 1, split, 6);
	ptl_point(&dv, &p[2], "shared", 2, two_sh, 6);
	p2 = ptl_point(&dv, &p[3], "split", 2, two_sp, 6);
	derive_all(&dv);
	/* 1.2 in every pair: exactly 1.2, and no interval to speak of */
	assert_true(fabs(num_at(p2, "split_benefit", "value") - 1.2) < 1e-9);
	ci = json_object_get(json_object_get(json_object_get(json_object_get(p2, "metrics"),
		"split_benefit"), "derived"), "ratio_ci95");
	assert_true(fabs(json_number_value(json_array_get(ci, 0)) - 1.2) < 1e-9);
	assert_true(fabs(json_number_value(json_array_get(ci, 1)) - 1.2) < 1e-9);
	d = json_object_get(json_object_get(json_object_get(p2, "metrics"), "split_benefit"), "derived");
	assert_string_equal(json_string_value(json_object_get(d, "pairing")), "repetition");
	/* the control: 1.01, within 1 +- 3%, so the pair is not confounded */
	assert_true(fabs(num_at(p2, "layout_effect", "value") - 1.01) < 1e-9);
	assert_false(json_is_true(json_object_get(json_object_get(d, "control"), "confounded")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "control"), "verdict")),
			    "held");
	/* scaling at 2: 1800/(2*1000) in the first pair */
	assert_true(fabs(num_at(p[2].pj, "scaling_efficiency", "value") - 0.9) < 1e-9);
	assert_one_figure(p2, "split_benefit");
	assert_one_figure(p2, "layout_effect");
	assert_one_figure(p[2].pj, "scaling_efficiency");
	for (i = 0; i < 4; i++)
		json_decref(p[i].pj);
	derive_free(&dv);
}

/* The layout control by its interval: held, confounded, or unresolved. */
static const char *control_of(const double *sh1, const double *sp1)
{
	static char v[16];
	const double sh2[] = { 1800, 1800, 1800, 1800 }, sp2[] = { 2000, 2000, 2000, 2000 };
	struct derive dv = { 0 };
	struct pt p[4];
	json_t *c;
	int i;

	ptl_point(&dv, &p[0], "shared", 1, sh1, 4);
	ptl_point(&dv, &p[1], "split", 1, sp1, 4);
	ptl_point(&dv, &p[2], "shared", 2, sh2, 4);
	ptl_point(&dv, &p[3], "split", 2, sp2, 4);
	derive_all(&dv);
	c = json_object_get(json_object_get(json_object_get(json_object_get(p[3].pj, "metrics"),
		"split_benefit"), "derived"), "control");
	snprintf(v, sizeof(v), "%s", json_string_value(json_object_get(c, "verdict")));
	assert_int_equal(json_is_true(json_object_get(c, "confounded")), !strcmp(v, "confounded"));
	/* a note for confounded and unresolved, none when it held */
	assert_int_equal(json_array_size(json_object_get(json_object_get(p[3].pj, "validity"), "notes")),
			 strcmp(v, "held") ? 1 : 0);
	for (i = 0; i < 4; i++)
		json_decref(p[i].pj);
	derive_free(&dv);
	return v;
}

static void test_control_interval(void **st)
{
	const double sh[] = { 1000, 1000, 1000, 1000 };
	const double tight[] = { 1010, 1011, 1009, 1010 };	/* 1.01 [1.009, 1.011] */
	const double far[] = { 1100, 1101, 1099, 1100 };	/* 1.10, all outside */
	const double wide[] = { 1010, 900, 1120, 1010 };	/* ~1.01, interval past 3% */

	(void)st;
	assert_string_equal(control_of(sh, tight), "held");
	assert_string_equal(control_of(sh, far), "confounded");
	assert_string_equal(control_of(sh, wide), "unresolved");
}

static void test_ratio_unequal_counts(void **st)
{
	const double shared[] = { 1000, 1400, 1000, 1400 };
	const double split[] = { 1200, 1680, 1200 };
	struct derive dv = { 0 };
	struct pt pp[2];
	json_t *p, *d, *ci;

	(void)st;
	ptl_point(&dv, &pp[0], "shared", 2, shared, 4);
	p = ptl_point(&dv, &pp[1], "split", 2, split, 3);
	derive_all(&dv);
	d = json_object_get(json_object_get(json_object_get(p, "metrics"), "split_benefit"), "derived");
	assert_string_equal(json_string_value(json_object_get(d, "pairing")), "none");
	/* 1200, 1680, 1200 over mean 1200: the geometric mean of 1, 1.4, 1 */
	assert_true(fabs(json_number_value(json_object_get(d, "value")) - cbrt(1.4)) < 1e-9);
	ci = json_object_get(d, "ratio_ci95");
	assert_true(json_number_value(json_array_get(ci, 0)) < 1.0);
	assert_one_figure(p, "split_benefit");
	json_decref(pp[0].pj);
	json_decref(pp[1].pj);
	derive_free(&dv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_safe),
		cmocka_unit_test(test_ratio_pairs_repetitions),
		cmocka_unit_test(test_ratio_stall_one_figure),
		cmocka_unit_test(test_ratio_zero_rep),
		cmocka_unit_test(test_control_interval),
		cmocka_unit_test(test_ratio_unequal_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
