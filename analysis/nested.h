/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two-level model of one side of a comparison: runs (each a fresh
 * process, maybe another boot) and repetitions within each run. A one-way
 * random-effects ANOVA splits the spread into a between-run and a
 * within-run variance component and gives the variance of the side's mean
 * with its degrees of freedom. Method and references in
 * docs/methodology.md ("Two levels: runs and repetitions").
 */
#ifndef PTBENCH_NESTED_H
#define PTBENCH_NESTED_H

#include <stddef.h>

/*
 * Preliminary level of the test of "no between-run variance": above it the
 * run level is pooled with the repetitions (sometimes-pool rule, see the
 * docs); a liberal level keeps the final test near its nominal size.
 */
#define NESTED_POOL_P	0.25

/* The repetitions of one run. */
struct nested_run {
	const double *x;
	size_t n;
};

struct nested_est {
	size_t boots;		/* boots the runs came from (0: not known, 1: one) */
	size_t k, N;		/* runs, repetitions in all */
	double mean;		/* mean of the run means: each run weighs one */
	double s2_means;	/* sample variance of the run means (k - 1 df) */
	double ms_within;	/* pooled within-run variance (N - k df) */
	double var_between;	/* between-run component sigma_b^2 = s2_means - ms_within * h, >= 0 */
	double f, f_p;		/* F = s2_means / (ms_within * h) and its upper p */
	double v, df;		/* variance of mean and its degrees of freedom */
	int pooled;		/* no between-run variance evident: within level used */
	/* with two or more boots of several runs (nested_estimate_boots) */
	double s2_boot_means;	/* sample variance of the boot means (boots - 1 df) */
	double ms_runs;		/* run means' variance within a boot (k - boots df) */
	double var_boot;	/* between-boot component, >= 0 */
	double var_runs;	/* between-run component within a boot, >= 0 */
	double f_boot, f_boot_p;	/* F = s2_boot_means / (ms_runs * h) and its upper p */
	int boot_pooled;	/* no between-boot variance evident: the runs' model used */
};

/*
 * Estimate from k runs (k >= 1, each n >= 1). With one run, or no run with
 * two repetitions, v comes from what there is (df may be 0: no estimate).
 * pool: allow the within level (0 for figures whose within-run spread
 * misses part of the error, e.g. derived ratios).
 */
void nested_estimate(const struct nested_run *runs, size_t k, int pool, struct nested_est *e);

/*
 * Three levels: boot[i] is the boot of runs[i], 0..nboots-1 (every boot
 * holding a run). With two or more boots of which one holds two runs or
 * more, the side's mean is the mean of the boot means, each the mean of
 * its run means, and its variance the boot means' spread over nboots
 * (nboots - 1 df), whatever the levels below carry; unless the boots
 * agree as well as their runs predict (F test, p > NESTED_POOL_P): then
 * the runs' two-level estimate stands (its mean the mean of the run
 * means), as when every boot holds one run (the boot level is then the
 * run level) or there is one boot. pool is the runs' (nested_estimate);
 * the boot level may always pool.
 */
void nested_estimate_boots(const struct nested_run *runs, const size_t *boot, size_t k,
			   size_t nboots, int pool, struct nested_est *e);

/* Welch-Satterthwaite test of b's mean against a's: t, df, two-sided p. */
struct nested_test {
	double t, df, p;
	double se;		/* sqrt(v_a + v_b) */
};
void nested_compare(const struct nested_est *a, const struct nested_est *b, struct nested_test *r);

/*
 * The smallest true difference a two-sided test at level alpha detects
 * with probability power, for standard error se and df: the usual
 * (t_{1 - alpha/2} + t_{power}) * se. NAN when df or se is not positive.
 */
double nested_mde(double se, double df, double alpha, double power);

#endif
