// SPDX-License-Identifier: GPL-2.0
/*
 * path_safe(): labels, hostnames and kernel releases become one path
 * component that cannot climb, hide or carry shell or gnuplot syntax.
 * result_derive(): a ratio pairs the two points' repetitions, so a machine
 * that changed speed between repetitions does not widen it; unequal
 * counts fall back to the ratio of the means.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

/* A valid ptl point with these ops/s samples. */
static json_t *ptl_point(const char *placement, int threads, const double *ops, size_t n)
{
	json_t *s = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(s, json_real(ops[i]));
	return json_pack("{s:s++, s:s, s:{s:s, s:s, s:i}, s:{s:{s:o}}, s:{s:b, s:[]}}",
		"id", "ptl:placement=", placement, threads == 1 ? ",threads=1" : ",threads=2",
		"workload", "ptl", "params", "level", "pte", "placement", placement, "threads", threads,
		"metrics", "ops_per_sec", "samples", s, "validity", "valid", 1, "notes");
}

static double num_at(json_t *p, const char *metric, const char *key)
{
	return json_number_value(json_object_get(json_object_get(json_object_get(
		json_object_get(p, "metrics"), metric), "derived"), key));
}

static void test_ratio_pairs_repetitions(void **st)
{
	/* the machine runs at 1000 or 1400 ops/s; each pair measured in one state */
	const double shared[] = { 1000, 1400, 1000, 1400, 1000, 1400 };
	const double split[] = { 1010, 1414, 1010, 1414, 1010, 1414 };
	const double two_sh[] = { 1800, 2520, 1800, 2520, 1800, 2520 };
	const double two_sp[] = { 2160, 3024, 2160, 3024, 2160, 3024 };
	json_t *pts = json_array(), *p2, *ci, *d;

	(void)st;
	json_array_append_new(pts, ptl_point("shared", 1, shared, 6));
	json_array_append_new(pts, ptl_point("split", 1, split, 6));
	json_array_append_new(pts, ptl_point("shared", 2, two_sh, 6));
	json_array_append_new(pts, p2 = ptl_point("split", 2, two_sp, 6));
	result_derive(pts);
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
	json_decref(pts);
}

static void test_ratio_unequal_counts(void **st)
{
	const double shared[] = { 1000, 1400, 1000, 1400 };
	const double split[] = { 1200, 1680, 1200 };
	json_t *pts = json_array(), *p, *d, *ci;

	(void)st;
	json_array_append_new(pts, ptl_point("shared", 2, shared, 4));
	json_array_append_new(pts, p = ptl_point("split", 2, split, 3));
	result_derive(pts);
	d = json_object_get(json_object_get(json_object_get(p, "metrics"), "split_benefit"), "derived");
	assert_string_equal(json_string_value(json_object_get(d, "pairing")), "none");
	/* mean 1360 over mean 1200 */
	assert_true(fabs(json_number_value(json_object_get(d, "value")) - 1360.0 / 1200) < 1e-9);
	ci = json_object_get(d, "ratio_ci95");
	assert_true(json_number_value(json_array_get(ci, 0)) < 1.0);
	json_decref(pts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_safe),
		cmocka_unit_test(test_ratio_pairs_repetitions),
		cmocka_unit_test(test_ratio_unequal_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
