// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's contract with workloads, with a fake workload that touches
 * no memory: rep_begin runs before every phase, rep_end after every measured
 * one with each worker's window set, a fixed-work phase ends when worker 0
 * is done (long before its time-out), and distributions are copied out
 * before teardown frees them.
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

#include "bench/core/harness.h"
#include "bench/host/placement.h"

#define WORK	1000	/* ops worker 0 does per fixed-work phase */

struct fake {
	int begins, ends, warmup_begun;
	double windows[8];
	double dist[3];
	int torn_down;
};

static struct fake fk;

static const struct wl_param fake_params[] = { { 0 } };

static const struct wl_metric fake_metrics[] = {
	{ "rep_index", "count", 1, "the repetition's index" },
	{ "never", "count", 1, "a metric with no value in any repetition" },
	{ 0 },
};

static int fake_setup(struct wl_point *pt, char *why, size_t len)
{
	(void)why;
	(void)len;
	pt->priv = &fk;
	return 0;
}

static void fake_run(struct wl_thread *t)
{
	if (t->id == 0) {
		while (t->ops < WORK * 100 && !READ_ONCE(*t->stop))
			if (++t->ops % WORK == 0)
				break;
		t->finished = 1;
		return;
	}
	while (!READ_ONCE(*t->stop))
		t->ops++;
}

static int fake_rep_begin(struct wl_point *pt, int rep, char *why, size_t len)
{
	struct fake *f = pt->priv;

	(void)why;
	(void)len;
	if (rep < 0)
		f->warmup_begun++;
	f->begins++;
	return 0;
}

static void fake_rep_end(struct wl_point *pt, int rep, double *val)
{
	struct fake *f = pt->priv;

	f->windows[f->ends++ % 8] = pt->threads[0]->window;
	val[0] = rep;
}

static size_t fake_distribution(struct wl_point *pt, int i, const struct wl_metric **def,
				const double **x)
{
	struct fake *f = pt->priv;

	if (i > 0)
		return 0;
	f->dist[0] = 3;
	f->dist[1] = 1;
	f->dist[2] = 2;
	*def = &fake_metrics[0];
	*x = f->dist;
	return 3;
}

static void fake_teardown(struct wl_point *pt)
{
	struct fake *f = pt->priv;

	memset(f->dist, 0, sizeof(f->dist));
	f->torn_down = 1;
}

static const struct workload_ops fake_ops = {
	.name = "fake",
	.summary = "test workload",
	.op_desc = "an increment",
	.params = fake_params,
	.setup = fake_setup,
	.run = fake_run,
	.teardown = fake_teardown,
	.flags = WL_FIXED_WORK,
	.metrics = fake_metrics,
	.rep_begin = fake_rep_begin,
	.rep_end = fake_rep_end,
	.distribution = fake_distribution,
};

static void test_fixed_work_metrics_distribution(void **state)
{
	struct point_spec ps = { .ops = &fake_ops, .nthreads = 2 };
	struct wl_sys sys = { .page_size = 4096 };
	struct point_result r;
	struct harness h = { 0 };
	char why[256];
	struct topo *t = topo_load("synthetic:pack:1 core:2 pu:1", why, sizeof(why));

	(void)state;
	assert_non_null(t);
	memset(&fk, 0, sizeof(fk));
	ps.opts.duration = 30;	/* the time-out: the work ends each phase far sooner */
	ps.opts.warmup = 30;
	ps.opts.reps = 3;
	snprintf(ps.opts.bind, sizeof(ps.opts.bind), "none");
	snprintf(ps.id, sizeof(ps.id), "fake");
	h.sys = &sys;
	h.topo = t;
	h.mem_share = 0.5;
	assert_int_equal(harness_run_point(&h, &ps, &r), 0);
	assert_int_equal(r.status, PT_OK);
	assert_int_equal(r.reps_done, 3);
	assert_int_equal(fk.begins, 4);
	assert_int_equal(fk.warmup_begun, 1);
	assert_int_equal(fk.ends, 3);
	/* worker 0 did exactly WORK ops in each measured phase */
	assert_int_equal(r.rep_ops[0] >= WORK, 1);
	assert_true(fk.windows[0] > 0 && fk.windows[0] < 10);
	assert_int_equal(r.nwm, 2);
	assert_string_equal(r.wm[0].def->name, "rep_index");
	assert_true(r.wm[0].x[0] == 0 && r.wm[0].x[2] == 2);
	assert_true(isnan(r.wm[1].x[1]));
	/* copied before teardown zeroed the workload's array */
	assert_int_equal(fk.torn_down, 1);
	assert_int_equal(r.ndist, 1);
	assert_int_equal(r.dist[0].n, 3);
	assert_true(r.dist[0].x[0] == 3 && r.dist[0].x[2] == 2);
	point_result_free(&r);
	topo_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_work_metrics_distribution),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
