/* SPDX-License-Identifier: GPL-2.0 */
/* Summary statistics of repetition samples (method in docs/methodology.md). */
#ifndef PTBENCH_STATS_H
#define PTBENCH_STATS_H

#include <stddef.h>

struct summary {
	size_t n;
	double mean;
	double stddev;		/* sample standard deviation (n - 1) */
	double cv;		/* stddev / mean; 0 when mean is 0 */
	double min, median, max;
	double ci95_lo, ci95_hi;	/* Student t interval of the mean; = mean when n < 2 */
};

/* The 97.5% quantile of Student's t with df (real, > 0) degrees of freedom. */
double t_quantile_975(double df);
/* Summary of x[0..n-1]; x is not modified. n may be 0 (all fields 0). */
void summarize(const double *x, size_t n, struct summary *s);
/* The p-th percentile (0..100) by linear interpolation between order statistics (type 7). */
double percentile(const double *x, size_t n, double p);

/*
 * Ratio of two means with a 95% interval from the delta method on the log
 * scale: se(log r) = sqrt(cv_a^2 / n_a + cv_b^2 / n_b), t with Welch's df.
 */
struct ratio {
	double value;
	double ci95_lo, ci95_hi;
};
void ratio_of_means(const struct summary *num, const struct summary *den, struct ratio *r);

#endif
