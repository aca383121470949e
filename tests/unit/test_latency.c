// SPDX-License-Identifier: GPL-2.0
/*
 * The collapse workload's pure pieces: the latency summary (type-7
 * percentiles; expected values from Python's statistics.quantiles with
 * method="inclusive") and the spinner's gap detector.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "workloads/latency.h"

static void near(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9 * (fabs(want) + 1)))
		fail_msg("got %.12g, want %.12g", got, want);
}

static void test_summary(void **state)
{
	/* unsorted on purpose; quantiles([...], n=100, method="inclusive") */
	const double x[] = { 900, 100, 500, 300, 700, 200, 1000, 400, 800, 600 };
	struct lat_summary s;

	(void)state;
	lat_summarize(x, 10, &s);
	assert_int_equal(s.n, 10);
	near(s.p50, 550);
	near(s.p90, 910);
	near(s.p99, 991);
	near(s.max, 1000);
	near(s.mean, 550);
	assert_true(x[0] == 900);	/* input untouched */
}

static void test_summary_small(void **state)
{
	const double one = 42;
	struct lat_summary s;

	(void)state;
	lat_summarize(&one, 1, &s);
	near(s.p50, 42);
	near(s.p99, 42);
	near(s.max, 42);
	lat_summarize(&one, 0, &s);
	assert_true(isnan(s.p50) && isnan(s.max) && isnan(s.mean));
}

static void test_gaps(void **state)
{
	/* iteration end times, ns: steps of 50 with two interruptions of 5000 and 2001 */
	const uint64_t t[] = { 0, 50, 100, 5100, 5150, 7151, 7200 };
	struct gap_stats g = { 0 };
	size_t i;

	(void)state;
	for (i = 1; i < sizeof(t) / sizeof(t[0]); i++)
		gap_account(&g, t[i - 1], t[i], 2000);
	assert_int_equal(g.iters, 6);
	assert_int_equal(g.gaps, 2);
	assert_int_equal(g.lost_ns, 5000 + 2001);
	assert_int_equal(g.worst_ns, 5000);
	near(gap_lost_fraction(&g, 7200), 7001.0 / 7200);
}

static void test_gap_edges(void **state)
{
	struct gap_stats g = { 0 };

	(void)state;
	gap_account(&g, 100, 2100, 2000);	/* exactly the threshold: not a gap */
	gap_account(&g, 200, 100, 2000);	/* a clock that went back counts as 0 */
	assert_int_equal(g.gaps, 0);
	assert_int_equal(g.worst_ns, 2000);
	assert_true(isnan(gap_lost_fraction(&g, 0)));
	g.lost_ns = 10;
	near(gap_lost_fraction(&g, 5), 1);	/* clamped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_small),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_gap_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
