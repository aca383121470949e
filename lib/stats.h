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
	int geometric;		/* summarize_geometric(): mean, cv and ci95 on the log scale */
};

/* The 97.5% quantile of Student's t with df (real, > 0) degrees of freedom. */
double t_quantile_975(double df);
/* The p-quantile of Student's t, 0.5 <= p < 1 (0 below), df real > 0. */
double t_quantile(double p, double df);
/* P(F > f) for Fisher's F with d1, d2 degrees of freedom (1 when f <= 0). */
double f_upper(double f, double d1, double d2);
/* Summary of x[0..n-1]; x is not modified. n may be 0 (all fields 0). */
void summarize(const double *x, size_t n, struct summary *s);
/*
 * The same for a ratio, on the log scale: mean is the geometric mean, cv
 * the standard deviation of the logs (the relative spread), stddev cv x
 * mean, ci95 the t interval of the mean log, exponentiated (never below
 * 0). -1 and the arithmetic summary when some x is not positive.
 */
int summarize_geometric(const double *x, size_t n, struct summary *s);
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
/*
 * The ratio of a to b from pairs (a[i], b[i]) measured close together: the
 * geometric mean of a[i]/b[i], its 95% CI by Student's t on the logs (n - 1
 * degrees of freedom). What the two sides share (a machine that changed
 * speed between pairs) cancels in each pair. 0, or -1 when n < 2 or a
 * value is not a positive finite number (then use ratio_of_means()).
 */
int ratio_paired(const double *a, const double *b, size_t n, struct ratio *r);


/* Two-sided p-value of Student's t statistic t with df (real, > 0) degrees of freedom. */
double t_two_sided_p(double t, double df);

/*
 * Welch's unequal-variance t-test of mean(a) = mean(b). p is two-sided.
 * n < 2 on either side: no test (p = 1, df = 0). Both sides without spread:
 * p = 1 when the means are equal, else 0 (t = +-inf).
 */
struct welch {
	double t, df, p;
};
void welch_test(const struct summary *a, const struct summary *b, struct welch *w);

/*
 * Two-sided p-value of the Mann-Whitney U test (Wilcoxon rank-sum) of a
 * against b; *u (may be NULL) gets U of a (pairs with a > b, ties 1/2).
 * Exact distribution without ties and n_a + n_b <= MW_EXACT_MAX, else the
 * normal approximation with tie correction and continuity correction (as
 * R's wilcox.test). 1 when either side is empty.
 */
#define MW_EXACT_MAX	50
double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, double *u);
/* The smallest two-sided exact p the test can give with these sizes (no ties). */
double mann_whitney_min_p(size_t na, size_t nb);

/*
 * Benjamini-Hochberg adjusted p-values ("q-values", R's p.adjust "BH"):
 * q[i] = min over j with p[j] >= p[i] of min(1, p[j] * n / rank(p[j])).
 * Rejecting q < alpha controls the false discovery rate at alpha.
 */
void bh_adjust(const double *p, size_t n, double *q);

#endif
