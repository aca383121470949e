// SPDX-License-Identifier: GPL-2.0
/*
 * Rounds (bench/core/rounds.c): a point's repetitions shared out over the
 * rounds, and the rounds' results of a point joined into one: samples in
 * order, counts summed, checks held only if held in every round, the
 * first invalid or failed round named. Two real harness runs of a fake
 * workload give the results to join; the speed reference comes along.
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

#include "bench/core/rounds.h"
#include "bench/host/placement.h"

static const struct wl_param fake_params[] = { { 0 } };

static const struct wl_metric fake_metrics[] = {
	{ "rep_index", "count", 1, "the repetition's index within its round" },
	{ 0 },
};

static double dist[2] = { 7, 8 };

static void fake_run(struct wl_thread *t)
{
	unsigned int n = 0;

	while (!READ_ONCE(*t->stop) && n++ < 1000)
		t->ops++;
	t->finished = 1;
}

static void fake_rep_end(struct wl_point *pt, int rep, double *val)
{
	(void)pt;
	val[0] = rep;
}

static size_t fake_distribution(struct wl_point *pt, int i, const struct wl_metric **def,
				const double **x)
{
	(void)pt;
	if (i > 0)
		return 0;
	*def = &fake_metrics[0];
	*x = dist;
	return 2;
}

static const struct workload_ops fake_ops = {
	.name = "fake",
	.summary = "test workload",
	.op_desc = "an increment",
	.params = fake_params,
	.run = fake_run,
	.flags = WL_FIXED_WORK,
	.metrics = fake_metrics,
	.rep_end = fake_rep_end,
	.distribution = fake_distribution,
};

static void run_fake(struct topo *t, unsigned int reps, struct point_result *r)
{
	struct point_spec ps = { .ops = &fake_ops, .nthreads = 1 };
	struct wl_sys sys = { .page_size = 4096 };
	struct harness h = { 0 };

	ps.opts.duration = 30;	/* a time-out: the fixed work ends far sooner */
	ps.opts.warmup = 0;
	ps.opts.reps = reps;
	snprintf(ps.opts.bind, sizeof(ps.opts.bind), "none");
	snprintf(ps.id, sizeof(ps.id), "fake");
	h.sys = &sys;
	h.topo = t;
	h.mem_share = 0.5;
	assert_int_equal(harness_run_point(&h, &ps, r), 0);
	assert_int_equal(r->status, PT_OK);
	assert_int_equal(r->reps_done, reps);
}

static void test_reps_shared_out(void **state)
{
	(void)state;
	assert_int_equal(rounds_reps(7, 3, 0), 3);
	assert_int_equal(rounds_reps(7, 3, 1), 2);
	assert_int_equal(rounds_reps(7, 3, 2), 2);
	assert_int_equal(rounds_reps(6, 3, 2), 2);
	/* fewer repetitions than rounds: the last rounds have none */
	assert_int_equal(rounds_reps(2, 3, 1), 1);
	assert_int_equal(rounds_reps(2, 3, 2), 0);
	assert_int_equal(rounds_reps(5, 1, 0), 5);
	assert_int_equal(rounds_reps(5, 0, 0), 5);
}

static void test_join_samples_and_counts(void **state)
{
	char why[256];
	struct topo *t = topo_load("synthetic:pack:1 core:2 pu:1", why, sizeof(why));
	struct point_result a, b;
	unsigned int k;

	(void)state;
	assert_non_null(t);
	run_fake(t, 2, &a);
	run_fake(t, 1, &b);
	/* known counts in place of the machine's */
	json_decref(a.vmstat);
	json_decref(b.vmstat);
	a.vmstat = json_pack("{s:i, s:{s:[i, i]}, s:s}", "pgfault", 10, "per", "cpu", 1, 2, "s", "a");
	b.vmstat = json_pack("{s:i, s:{s:[i, i]}, s:i}", "pgfault", 5, "per", "cpu", 3, 4, "new", 9);
	a.total_ops = 100;
	b.total_ops = 50;
	assert_int_equal(rounds_join(&a, &b, 1), 0);
	assert_int_equal(a.status, PT_OK);
	assert_int_equal(a.reps_done, 3);
	assert_int_equal(a.total_ops, 150);
	/* the samples in the order they were taken */
	assert_int_equal(a.nwm, 1);
	assert_int_equal(a.wm[0].n, 3);
	assert_true(a.wm[0].x[0] == 0 && a.wm[0].x[1] == 1 && a.wm[0].x[2] == 0);
	assert_int_equal(a.ndist, 1);
	assert_int_equal(a.dist[0].n, 4);
	assert_true(a.dist[0].x[2] == 7 && a.dist[0].x[3] == 8);
	for (k = 0; k < 3; k++) {
		assert_true(a.rate[k] > 0);
		assert_true(a.rep_ops[k] >= 1000);
		assert_true(a.thread_rate[k] > 0);
		/* the reference ran unbound (bind none) and is there every time */
		assert_true(a.speed[SREF_CACHE].x[k] > 0);
		/* the footprint reference is there, or says why not */
		assert_true(a.speed[SREF_FOOTPRINT].x[k] > 0 || a.speed[SREF_FOOTPRINT].absent[0]);
	}
	assert_string_equal(a.speed[SREF_CACHE].absent, "");
	assert_int_equal(json_integer_value(json_object_get(a.vmstat, "pgfault")), 15);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
		json_object_get(a.vmstat, "per"), "cpu"), 1)), 6);
	assert_int_equal(json_integer_value(json_object_get(a.vmstat, "new")), 9);
	assert_string_equal(json_string_value(json_object_get(a.vmstat, "s")), "a");
	point_result_free(&a);
	point_result_free(&b);
	topo_free(t);
}

static void test_join_validity(void **state)
{
	struct point_result a = { .status = PT_OK }, b = { .status = PT_OK };

	(void)state;
	wl_check(&a.validity, "thp_fault_alloc", 4, 4, 1);
	wl_note(&a.validity, "same note");
	wl_check(&b.validity, "thp_fault_alloc", 4, 1, 0);
	wl_check(&b.validity, "only_in_b", 0, 0, 1);
	wl_note(&b.validity, "same note");
	wl_invalid(&b.validity, "THP faults: 1 allocated of 4 expected");
	assert_int_equal(rounds_join(&a, &b, 1), 0);
	assert_true(a.validity.invalid);
	assert_string_equal(a.validity.reason, "round 2: THP faults: 1 allocated of 4 expected");
	assert_int_equal(a.validity.nchecks, 2);
	assert_true(a.validity.checks[0].expected == 8 && a.validity.checks[0].observed == 5);
	assert_int_equal(a.validity.checks[0].ok, 0);
	assert_string_equal(a.validity.checks[1].name, "only_in_b");
	assert_int_equal(a.validity.nnotes, 1);
	point_result_free(&a);
}

static void test_join_failed_round(void **state)
{
	struct point_result a = { .status = PT_OK }, b = { .status = PT_SKIPPED };

	(void)state;
	snprintf(b.reason, sizeof(b.reason), "needs 4G of memory");
	assert_int_equal(rounds_join(&a, &b, 2), 0);
	assert_int_equal(a.status, PT_SKIPPED);
	assert_string_equal(a.reason, "round 3 of the run: needs 4G of memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reps_shared_out),
		cmocka_unit_test(test_join_samples_and_counts),
		cmocka_unit_test(test_join_validity),
		cmocka_unit_test(test_join_failed_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
