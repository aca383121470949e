// SPDX-License-Identifier: GPL-2.0
/*
 * Stalls (bench/core/stalls.c): a repetition more than 3x off its point's
 * median is named with its value, the median and the factor, and a note
 * says so; the cause is the speed reference or context switches when they
 * moved in that repetition, and none is claimed when they did not.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bench/core/stalls.h"

/* Issue 23's point: 14 and 24 ops/s among 824, 915 and 1320 on a noisy host. */
static double rates[] = { 824, 915, 14, 1320, 24 };

static void init(struct point_result *r)
{
	memset(r, 0, sizeof(*r));
	r->rate = rates;
	r->reps_done = 5;
	strcpy(r->speed[SREF_CACHE].absent, "not measured here");
	strcpy(r->speed[SREF_FOOTPRINT].absent, "not measured here");
}

static void test_two_stalls(void **state)
{
	struct point_result r;
	json_t *notes = json_array(), *a, *s;

	(void)state;
	init(&r);
	a = stalls_json(&r, notes);
	assert_non_null(a);
	/* 1320 is 1.6x the median 824, not a stall; 14 and 24 are */
	assert_int_equal(json_array_size(a), 2);
	s = json_array_get(a, 0);
	assert_int_equal(json_integer_value(json_object_get(s, "repetition")), 3);
	assert_true(json_real_value(json_object_get(s, "median")) == 824);
	assert_true(fabs(json_real_value(json_object_get(s, "factor")) - 824.0 / 14) < 1e-9);
	assert_null(json_object_get(s, "cause"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a, 1), "repetition")), 5);
	assert_int_equal(json_array_size(notes), 2);
	assert_non_null(strstr(json_string_value(json_array_get(notes, 0)),
			       "repetition 3 of 5 is a stall: 14 ops/s, 59x below the point's median 824"));
	assert_non_null(strstr(json_string_value(json_array_get(notes, 0)), "no cause ptbench can see"));
	json_decref(a);
	json_decref(notes);
}

/* The machine's speed reference fell in the stalled repetition: that is the cause named. */
static void test_speed_cause(void **state)
{
	double speed[] = { 10e9, 10.2e9, 4e9, 9.9e9, 10.1e9 };
	struct point_result r;
	json_t *notes = json_array(), *a;

	(void)state;
	init(&r);
	r.speed[SREF_CACHE].x = speed;
	r.speed[SREF_CACHE].absent[0] = '\0';
	a = stalls_json(&r, notes);
	assert_int_equal(json_array_size(a), 2);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(a, 0), "cause")),
			       "speed reference was 2.5x off"));
	/* repetition 5: the speed held, no cause */
	assert_null(json_object_get(json_array_get(a, 1), "cause"));
	json_decref(a);
	json_decref(notes);
}

/* Context switches many times their median in the repetition: the workers were descheduled. */
static void test_context_switch_cause(void **state)
{
	double cs[] = { 10, 12, 400, 11, 9 };
	struct point_result r;
	json_t *notes = json_array(), *a;

	(void)state;
	init(&r);
	r.nev = 1;
	strcpy(r.ev[0].name, "context-switches");
	r.ev[0].per_rep = cs;
	a = stalls_json(&r, notes);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(a, 0), "cause")),
			       "400 context switches in it"));
	json_decref(a);
	json_decref(notes);
}

/* The spread of a quiet point (within 2.1x) and too few repetitions: nothing. */
static void test_quiet(void **state)
{
	double quiet[] = { 1000, 1900, 1500, 2050, 1200 }, two[] = { 10, 1000 };
	struct point_result r;
	json_t *notes = json_array();

	(void)state;
	init(&r);
	r.rate = quiet;
	assert_null(stalls_json(&r, notes));
	r.rate = two;
	r.reps_done = 2;
	assert_null(stalls_json(&r, notes));
	assert_int_equal(json_array_size(notes), 0);
	json_decref(notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_stalls),
		cmocka_unit_test(test_speed_cause),
		cmocka_unit_test(test_context_switch_cause),
		cmocka_unit_test(test_quiet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
