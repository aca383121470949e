// SPDX-License-Identifier: GPL-2.0
/*
 * Summary statistics against values computed independently of stats.c:
 * Python 3's statistics module (mean, stdev, median, and quantiles with
 * method="inclusive", which is Hyndman-Fan type 7 = numpy's default), and
 * Student t quantiles from published tables (NIST/SEMATECH e-Handbook
 * 1.3.6.7.2) or, to 6 decimals, R's qt(0.975, df), cross-checked here by
 * numerically integrating the t density (Simpson's rule) and bisecting.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/stats.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.9g, want %.9g (tolerance %g)", got, want, tol);
}

static void assert_summary_finite(const struct summary *s)
{
	assert_false(isnan(s->mean) || isnan(s->stddev) || isnan(s->cv));
	assert_false(isnan(s->min) || isnan(s->median) || isnan(s->max));
	assert_false(isnan(s->ci95_lo) || isnan(s->ci95_hi));
	assert_false(isinf(s->ci95_lo) || isinf(s->ci95_hi));
}

static void test_t_quantile_table(void **state)
{
	/* qt(0.975, df), 6 decimals; the tables print them rounded to 3 */
	static const struct {
		double df, t;
	} tab[] = {
		{ 1, 12.706205 }, { 2, 4.302653 }, { 5, 2.570582 }, { 10, 2.228139 },
		{ 29, 2.045230 }, { 30, 2.042272 }, { 31, 2.039513 }, { 60, 2.000298 },
		{ 120, 1.979930 }, { 1000, 1.962339 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		double got = t_quantile_975(tab[i].df);

		/* the 3-decimal table up to 30 df: half a unit in the last place */
		if (fabs(got - tab[i].t) > 6e-4)
			fail_msg("t_quantile_975(%g) = %.6f, want %.6f", tab[i].df, got, tab[i].t);
	}
	/* large df tends to the normal quantile */
	assert_near(t_quantile_975(1e9), 1.959964, 1e-5);
}

static void test_t_quantile_monotone(void **state)
{
	double df, prev = INFINITY;

	(void)state;
	/* fractional df (Welch) included; no jump at the table's end at 30 */
	for (df = 1; df <= 200; df += 0.25) {
		double t = t_quantile_975(df);

		if (!(t <= prev && t > 1.959))
			fail_msg("t_quantile_975(%g) = %.6f after %.6f", df, t, prev);
		prev = t;
	}
	/* the quantile between 30 and 31 df lies between the two */
	assert_true(t_quantile_975(30.5) < 2.042272 + 6e-4);
	assert_true(t_quantile_975(30.5) > 2.039513 - 6e-4);
	/* df below 1 cannot happen with n >= 2; no NaN if it does */
	assert_false(isnan(t_quantile_975(0.5)));
	assert_false(isnan(t_quantile_975(0)));
	assert_false(isnan(t_quantile_975(NAN)));
}

/*
 * Welch's df is fractional, and small with few repetitions (two sides of 3
 * samples give 2..4). qt(0.975, df) by the same integration as above.
 */
static void test_t_quantile_fractional(void **state)
{
	static const struct {
		double df, t;
	} tab[] = {
		{ 1.5, 6.016663 }, { 2.5, 3.574655 }, { 3.5, 2.940089 }, { 4.5, 2.658912 },
		{ 6.5, 2.402002 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tab); i++) {
		double got = t_quantile_975(tab[i].df);

		/* 1%: well inside the spread of a 3-sample CI, far from 5% or 40% */
		if (fabs(got - tab[i].t) > 0.01 * tab[i].t)
			fail_msg("t_quantile_975(%g) = %.6f, want %.6f (%+.1f%%)", tab[i].df, got,
				 tab[i].t, 100 * (got - tab[i].t) / tab[i].t);
	}
}

static void test_summarize(void **state)
{
	/*
	 * statistics.mean = 5, statistics.stdev = 2.138089935299395,
	 * statistics.median = 4.5; CI: 5 -+ qt(0.975, 7) * sd / sqrt(8) with
	 * qt(0.975, 7) = 2.364624 (table: 2.365) = 3.212512, 6.787488.
	 */
	const double x[] = { 9, 2, 4, 5, 4, 7, 4, 5 };
	double copy[ARRAY_SIZE(x)];
	struct summary s;

	(void)state;
	memcpy(copy, x, sizeof(x));
	summarize(x, ARRAY_SIZE(x), &s);
	assert_memory_equal(x, copy, sizeof(x));	/* input untouched */
	assert_int_equal(s.n, 8);
	assert_near(s.mean, 5, 1e-12);
	assert_near(s.stddev, 2.138089935299395, 1e-12);
	assert_near(s.cv, 0.427617987059879, 1e-12);
	assert_near(s.median, 4.5, 1e-12);
	assert_near(s.min, 2, 0);
	assert_near(s.max, 9, 0);
	/* 1e-3 in t times sd/sqrt(n) = 0.756 */
	assert_near(s.ci95_lo, 3.2125122719500583, 1e-3);
	assert_near(s.ci95_hi, 6.787487728049942, 1e-3);
	assert_near(s.mean - s.ci95_lo, s.ci95_hi - s.mean, 1e-12);
}

/*
 * Ratios on the log scale: 1 and 4 have geometric mean 2, log sd
 * ln(4)/sqrt(2), and a t(1) interval 2 exp(+-12.706 ln(4)/2) that stays
 * above 0 where the arithmetic one (2.5 +- 19.06) does not.
 */
static void test_summarize_geometric(void **state)
{
	const double x[] = { 1, 4 }, bad[] = { 1, 0, 4 };
	double half = 12.7062047361747 * log(4) / 2;
	struct summary s;

	(void)state;
	assert_int_equal(summarize_geometric(x, 2, &s), 0);
	assert_true(s.geometric);
	assert_true(fabs(s.mean - 2) < 1e-12);
	assert_true(fabs(s.cv - log(4) / sqrt(2)) < 1e-12);
	assert_true(fabs(s.ci95_lo - 2 * exp(-half)) < 1e-9 * s.ci95_lo);
	assert_true(fabs(s.ci95_hi - 2 * exp(half)) < 1e-6 * s.ci95_hi);
	assert_true(s.min == 1 && s.max == 4 && s.median == 2.5);
	summarize(x, 2, &s);
	assert_true(s.ci95_lo < 0 && !s.geometric);
	/* a ratio that is not positive: the arithmetic summary, and -1 */
	assert_int_equal(summarize_geometric(bad, 3, &s), -1);
	assert_false(s.geometric);
	assert_true(fabs(s.mean - 5.0 / 3) < 1e-12);
}

static void test_summarize_odd_negative(void **state)
{
	/*
	 * statistics.mean = -0.74, stdev = 2.7817260828485613, median = -1.2;
	 * CI with qt(0.975, 4) = 2.776445: -4.193969, 2.713969.
	 */
	const double x[] = { -1.2, 3.5, -4.0, 0.0, -2.0 };
	struct summary s;

	(void)state;
	summarize(x, ARRAY_SIZE(x), &s);
	assert_int_equal(s.n, 5);
	assert_near(s.mean, -0.74, 1e-12);
	assert_near(s.stddev, 2.7817260828485613, 1e-12);
	/* cv is relative to |mean|: a spread, never negative */
	assert_near(s.cv, 2.7817260828485613 / 0.74, 1e-9);
	assert_near(s.median, -1.2, 1e-12);
	assert_near(s.min, -4.0, 0);
	assert_near(s.max, 3.5, 0);
	assert_near(s.ci95_lo, -4.193969, 1e-3);
	assert_near(s.ci95_hi, 2.713969, 1e-3);
}

static void test_summarize_edges(void **state)
{
	const double one = 3.5, same[] = { 7, 7, 7 }, zero[] = { -1, 1 };
	struct summary s;

	(void)state;
	summarize(NULL, 0, &s);
	assert_int_equal(s.n, 0);
	assert_summary_finite(&s);
	assert_true(s.mean == 0 && s.stddev == 0 && s.cv == 0 && s.median == 0);
	assert_true(s.ci95_lo == 0 && s.ci95_hi == 0);

	summarize(&one, 1, &s);
	assert_int_equal(s.n, 1);
	assert_summary_finite(&s);
	assert_true(s.mean == 3.5 && s.min == 3.5 && s.median == 3.5 && s.max == 3.5);
	assert_true(s.stddev == 0 && s.cv == 0);
	assert_true(s.ci95_lo == 3.5 && s.ci95_hi == 3.5);

	summarize(same, ARRAY_SIZE(same), &s);
	assert_summary_finite(&s);
	assert_true(s.stddev == 0 && s.cv == 0 && s.ci95_lo == 7 && s.ci95_hi == 7);

	/* mean 0: cv is defined as 0, not inf */
	summarize(zero, ARRAY_SIZE(zero), &s);
	assert_summary_finite(&s);
	assert_true(s.mean == 0 && s.cv == 0);
	assert_near(s.stddev, sqrt(2), 1e-12);
}

static void test_percentile_type7(void **state)
{
	/*
	 * statistics.quantiles([15, 20, 35, 40, 50], n=100, method="inclusive"):
	 * p1 15.2, p10 17, p25 20, p33 24.8, p40 29, p50 35, p75 40, p90 46, p99 49.6
	 */
	static const struct {
		double p, v;
	} q5[] = {
		{ 0, 15 }, { 1, 15.2 }, { 10, 17 }, { 25, 20 }, { 33, 24.8 }, { 40, 29 },
		{ 50, 35 }, { 75, 40 }, { 90, 46 }, { 99, 49.6 }, { 100, 50 },
	};
	/*
	 * statistics.quantiles(z, n=100 / n=1000, method="inclusive"):
	 * p5 0.825, p25 1.9, p50 2.65, p75 5.575, p95 8.875, p33.3 2.066, p99.9 9.6835
	 */
	static const struct {
		double p, v;
	} q6[] = {
		{ 5, 0.825 }, { 25, 1.9 }, { 33.3, 2.066 }, { 50, 2.65 }, { 75, 5.575 },
		{ 95, 8.875 }, { 99.9, 9.6835 },
	};
	const double x[] = { 40, 15, 50, 20, 35 };
	const double z[] = { 3.1, 0.5, 9.7, 2.2, 6.4, 1.8 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(q5); i++)
		assert_near(percentile(x, ARRAY_SIZE(x), q5[i].p), q5[i].v, 1e-9);
	for (i = 0; i < ARRAY_SIZE(q6); i++)
		assert_near(percentile(z, ARRAY_SIZE(z), q6[i].p), q6[i].v, 1e-9);
	/* out-of-range p clamps to the extremes */
	assert_near(percentile(x, ARRAY_SIZE(x), -5), 15, 0);
	assert_near(percentile(x, ARRAY_SIZE(x), 150), 50, 0);
	/* the caller's order is kept */
	assert_true(x[0] == 40 && x[1] == 15 && x[4] == 35);
}

static void test_percentile_edges(void **state)
{
	const double one = 42, two[] = { 10, 20 };

	(void)state;
	assert_near(percentile(NULL, 0, 50), 0, 0);
	assert_near(percentile(&one, 1, 0), 42, 0);
	assert_near(percentile(&one, 1, 50), 42, 0);
	assert_near(percentile(&one, 1, 99.9), 42, 0);
	assert_near(percentile(two, 2, 50), 15, 1e-12);
	assert_near(percentile(two, 2, 90), 19, 1e-12);
}

static void summary_of(const double *x, size_t n, struct summary *s)
{
	summarize(x, n, s);
	assert_summary_finite(s);
}

static void test_ratio_of_means(void **state)
{
	/*
	 * means 100 and 50, both cv sqrt(10)/100 = 0.0316228: se(log r) =
	 * sqrt(2 * 0.001 / 5), Welch df = 8 exactly, qt(0.975, 8) = 2.306004:
	 * 2 * exp(-+ 2.306004 * 0.02) = 1.909855, 2.094400 (by hand, Python math).
	 */
	const double a[] = { 100, 104, 98, 102, 96 }, b[] = { 50, 52, 49, 51, 48 };
	struct summary sa, sb;
	struct ratio r;

	(void)state;
	summary_of(a, ARRAY_SIZE(a), &sa);
	summary_of(b, ARRAY_SIZE(b), &sb);
	ratio_of_means(&sa, &sb, &r);
	assert_near(r.value, 2, 1e-12);
	assert_near(r.ci95_lo, 1.9098545752741856, 1e-4);
	assert_near(r.ci95_hi, 2.0944003024029962, 1e-4);
	/* symmetric on the log scale */
	assert_near(r.ci95_lo * r.ci95_hi, r.value * r.value, 1e-9);

	ratio_of_means(&sb, &sa, &r);
	assert_near(r.value, 0.5, 1e-12);
	assert_true(r.ci95_lo < 0.5 && r.ci95_hi > 0.5);
}

static double ci_width(const double *num, size_t nn, const double *den, size_t nd,
		       struct ratio *r)
{
	struct summary sn, sd;

	summary_of(num, nn, &sn);
	summary_of(den, nd, &sd);
	ratio_of_means(&sn, &sd, r);
	assert_false(isnan(r->value) || isnan(r->ci95_lo) || isnan(r->ci95_hi));
	assert_true(r->ci95_lo <= r->value && r->value <= r->ci95_hi);
	return r->ci95_hi - r->ci95_lo;
}

static void test_ratio_paired(void **state)
{
	/* a machine whose speed changes between pairs, a ratio of exactly 1.1 in each */
	const double a[] = { 110, 220, 165, 121, 198 }, b[] = { 100, 200, 150, 110, 180 };
	/* ratios 2, 2.2, 1.8: logs' mean and sd, qt(0.975, 2) = 4.302653 (by hand, Python math) */
	const double c[] = { 2, 2.2, 1.8 }, one[] = { 1, 1, 1 };
	const double bad[] = { 1, 0, 1 }, nan_[] = { 1, NAN, 1 };
	struct summary sa, sb;
	struct ratio r;

	(void)state;
	assert_int_equal(ratio_paired(a, b, ARRAY_SIZE(a), &r), 0);
	assert_near(r.value, 1.1, 1e-12);
	assert_near(r.ci95_lo, 1.1, 1e-12);
	assert_near(r.ci95_hi, 1.1, 1e-12);
	/* unpaired, the speed changes are the denominator's spread: a wide interval */
	summary_of(a, ARRAY_SIZE(a), &sa);
	summary_of(b, ARRAY_SIZE(b), &sb);
	ratio_of_means(&sa, &sb, &r);
	assert_true(r.ci95_lo < 0.85 && r.ci95_hi > 1.4);

	assert_int_equal(ratio_paired(c, one, 3, &r), 0);
	assert_near(r.value, 1.9933109868251928, 1e-9);
	assert_near(r.ci95_lo, 1.5533999865053938, 1e-5);
	assert_near(r.ci95_hi, 2.5578014192832152, 1e-5);
	/* no interval from one pair, no ratio of 0 or NaN: the caller goes unpaired */
	assert_int_equal(ratio_paired(c, one, 1, &r), -1);
	assert_int_equal(ratio_paired(c, bad, 3, &r), -1);
	assert_int_equal(ratio_paired(nan_, one, 3, &r), -1);
}

static void test_ratio_widens_with_cv(void **state)
{
	/* same means (100 and 50), increasing spread of the denominator */
	const double num[] = { 99, 101, 100, 98, 102 };
	const double d1[] = { 50, 50.5, 49.5, 50, 50 };
	const double d2[] = { 48, 52, 50, 47, 53 };
	const double d3[] = { 40, 60, 45, 55, 50 };
	const double d4[] = { 20, 80, 35, 65, 50 };
	struct ratio r1, r2, r3, r4;
	double w1, w2, w3, w4;

	(void)state;
	w1 = ci_width(num, 5, d1, 5, &r1);
	w2 = ci_width(num, 5, d2, 5, &r2);
	w3 = ci_width(num, 5, d3, 5, &r3);
	w4 = ci_width(num, 5, d4, 5, &r4);
	assert_near(r1.value, 2, 1e-12);
	assert_near(r4.value, 2, 1e-12);
	if (!(w1 < w2 && w2 < w3 && w3 < w4))
		fail_msg("CI widths %g %g %g %g do not grow with the cv", w1, w2, w3, w4);
	/* more samples of the same spread: narrower */
	{
		const double d3x2[] = { 40, 60, 45, 55, 50, 40, 60, 45, 55, 50 };
		const double numx2[] = { 99, 101, 100, 98, 102, 99, 101, 100, 98, 102 };
		struct ratio r;

		assert_true(ci_width(numx2, 10, d3x2, 10, &r) < w3);
	}
}

static void test_ratio_edges(void **state)
{
	const double a[] = { 10, 12, 11 }, one = 5, zeros[] = { 0, 0, 0 }, flat[] = { 4, 4, 4 };
	const double flat2[] = { 2, 2, 2 };
	struct summary sa, s1, sz, sf, sf2, empty;
	struct ratio r;

	(void)state;
	summary_of(a, 3, &sa);
	summary_of(&one, 1, &s1);
	summary_of(zeros, 3, &sz);
	summary_of(flat, 3, &sf);
	summary_of(flat2, 3, &sf2);
	summary_of(NULL, 0, &empty);

	/* one sample on a side: the value, no interval */
	ratio_of_means(&sa, &s1, &r);
	assert_near(r.value, 11.0 / 5, 1e-12);
	assert_true(r.ci95_lo == r.value && r.ci95_hi == r.value);
	/* no spread at all: a zero-width interval */
	ratio_of_means(&sf, &sf2, &r);
	assert_near(r.value, 2, 1e-12);
	assert_true(r.ci95_lo == 2 && r.ci95_hi == 2);
	/* a zero or empty denominator gives zeros, never inf or NaN */
	ratio_of_means(&sa, &sz, &r);
	assert_true(r.value == 0 && r.ci95_lo == 0 && r.ci95_hi == 0);
	ratio_of_means(&sa, &empty, &r);
	assert_true(r.value == 0 && r.ci95_lo == 0 && r.ci95_hi == 0);
	ratio_of_means(&empty, &sa, &r);
	assert_true(r.value == 0 && r.ci95_lo == 0 && r.ci95_hi == 0);
	/* a zero numerator: ratio 0, no log of 0 */
	ratio_of_means(&sz, &sa, &r);
	assert_true(r.value == 0 && !isnan(r.ci95_lo) && !isnan(r.ci95_hi));
}


/*
 * R's classic example, t.test(extra ~ group, data = sleep) (Welch by
 * default), prints t = -1.8608, df = 17.776, p-value = 0.07939; and
 * wilcox.test(extra ~ group, data = sleep) prints W = 25.5, p-value =
 * 0.06933 (normal approximation: the data have ties). Source: R's
 * documentation of t.test and wilcox.test / any R session.
 */
static const double sleep1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
static const double sleep2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };

static void test_welch_sleep(void **state)
{
	struct summary a, b;
	struct welch w;

	(void)state;
	summarize(sleep1, 10, &a);
	summarize(sleep2, 10, &b);
	welch_test(&a, &b, &w);
	assert_near(w.t, -1.8608, 5e-5);
	assert_near(w.df, 17.776, 5e-4);
	assert_near(w.p, 0.07939, 5e-6);
	welch_test(&b, &a, &w);
	assert_near(w.t, 1.8608, 5e-5);
	assert_near(w.p, 0.07939, 5e-6);
}

static void test_welch_edges(void **state)
{
	static const double one[] = { 5 }, flat[] = { 2, 2, 2 }, flat2[] = { 3, 3, 3 };
	struct summary a, b, c;
	struct welch w;

	(void)state;
	summarize(one, 1, &a);
	summarize(flat, 3, &b);
	welch_test(&a, &b, &w);
	assert_true(w.p == 1);
	welch_test(&b, &b, &w);
	assert_true(w.p == 1);
	summarize(flat2, 3, &c);
	welch_test(&b, &c, &w);
	assert_true(w.p == 0);
	assert_true(isinf(w.t) && w.t < 0);
}

static void test_t_two_sided_p(void **state)
{
	(void)state;
	/* qt(0.975, 10) = 2.228139 and qt(0.995, 5) = 4.032143 (R) */
	assert_near(t_two_sided_p(2.228139, 10), 0.05, 1e-6);
	assert_near(t_two_sided_p(-4.032143, 5), 0.01, 1e-6);
	assert_near(t_two_sided_p(0, 7), 1, 1e-12);
	assert_near(t_two_sided_p(1.959964, 1e8), 0.05, 1e-6);
}

static void test_mann_whitney(void **state)
{
	/*
	 * Exact p-values from a brute-force enumeration of every assignment
	 * of ranks (a few lines of Python with itertools.combinations, written
	 * for this test, independent of the Gaussian-binomial counts in
	 * stats.c): U and two-sided p = 2 P(U' <= min(U, mn - U)).
	 */
	static const double a1[] = { 1.1, 2.3, 3.5, 4.2 }, b1[] = { 2.0, 5.1, 6.3, 7.7, 8.0 };
	static const double a2[] = { 10, 11, 12 }, b2[] = { 1, 2, 3 };
	static const double a3[] = { 5, 6, 7, 8, 9 }, b3[] = { 1, 2, 3, 4, 10 };
	double u;

	(void)state;
	assert_near(mann_whitney_p(a1, 4, b1, 5, &u), 0.1111111111, 1e-9);
	assert_near(u, 3, 0);
	assert_near(mann_whitney_p(a2, 3, b2, 3, &u), 0.1, 1e-12);
	assert_near(u, 9, 0);
	assert_near(mann_whitney_p(a3, 5, b3, 5, &u), 0.1507936508, 1e-9);
	assert_near(u, 20, 0);
	/* 3 against 3 can never reach p < 0.1: the test needs more repetitions */
	assert_near(mann_whitney_min_p(3, 3), 0.1, 1e-12);
	assert_near(mann_whitney_min_p(5, 5), 2.0 / 252, 1e-12);
	/* ties: R's normal approximation with continuity correction */
	assert_near(mann_whitney_p(sleep1, 10, sleep2, 10, &u), 0.06933, 5e-6);
	assert_near(u, 25.5, 0);
	assert_near(mann_whitney_p(a1, 0, b1, 5, &u), 1, 0);
}

static void test_bh_adjust(void **state)
{
	/* R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02 */
	static const double p[] = { 0.01, 0.04, 0.03, 0.005 };
	static const double want[] = { 0.02, 0.04, 0.04, 0.02 };
	/* by hand from the definition: sorted 0.001 0.02 0.04 0.5 0.9 times 5/rank = 0.005 0.05 0.0667 0.625 0.9, already monotone */
	static const double p2[] = { 0.5, 0.001, 0.9, 0.02, 0.04 };
	static const double want2[] = { 0.625, 0.005, 0.9, 0.05, 0.0666667 };
	double q[5];
	size_t i;

	(void)state;
	bh_adjust(p, 4, q);
	for (i = 0; i < 4; i++)
		assert_near(q[i], want[i], 1e-12);
	bh_adjust(p2, 5, q);
	for (i = 0; i < 5; i++)
		assert_near(q[i], want2[i], 1e-7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t_quantile_table),
		cmocka_unit_test(test_t_quantile_monotone),
		cmocka_unit_test(test_t_quantile_fractional),
		cmocka_unit_test(test_summarize),
		cmocka_unit_test(test_summarize_odd_negative),
		cmocka_unit_test(test_summarize_geometric),
		cmocka_unit_test(test_summarize_edges),
		cmocka_unit_test(test_percentile_type7),
		cmocka_unit_test(test_percentile_edges),
		cmocka_unit_test(test_ratio_of_means),
		cmocka_unit_test(test_ratio_paired),
		cmocka_unit_test(test_ratio_widens_with_cv),
		cmocka_unit_test(test_ratio_edges),
		cmocka_unit_test(test_welch_sleep),
		cmocka_unit_test(test_welch_edges),
		cmocka_unit_test(test_t_two_sided_p),
		cmocka_unit_test(test_mann_whitney),
		cmocka_unit_test(test_bh_adjust),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
