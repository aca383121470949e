// SPDX-License-Identifier: GPL-2.0
/*
 * One-way random-effects ANOVA of runs and repetitions, and the test and
 * minimum detectable effect built on it (see nested.h).
 *
 * Model: y_ij = mu + b_i + e_ij, b_i ~ (0, sigma_b^2) the run's offset
 * (drift: another process, layout, page-cache state), e_ij ~ (0,
 * sigma_w^2) the repetition's. The side's mean is the mean of the k run
 * means, whose variance is sigma_b^2 / k + sigma_w^2 h / k with h the mean
 * of 1/n_i. Its unbiased estimate is s2_means / k (k - 1 df): the run
 * means carry both components. When the F test finds no between-run
 * component (p > NESTED_POOL_P) the two mean squares are pooled, which
 * gives N - 1 df instead of k - 1.
 *
 * Boots are a third level above the runs (nested_estimate_boots): y_bij =
 * mu + c_b + b_bi + e_bij. The boot means carry every component below
 * them, so their spread over the number of boots is the variance of the
 * side's mean, as the run means' is in two levels; the same sometimes-pool
 * rule falls back to the runs when the boots show nothing of their own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/stats.h"
#include "nested.h"

static double run_mean(const struct nested_run *r)
{
	double s = 0;
	size_t j;

	for (j = 0; j < r->n; j++)
		s += r->x[j];
	return r->n ? s / (double)r->n : 0;
}

/* The within-run sum of squares of every run and the mean of 1/n_i. */
static double within_ss(const struct nested_run *runs, size_t k, const double *m, double *h)
{
	double ss = 0;
	size_t i, j;

	*h = 0;
	for (i = 0; i < k; i++) {
		for (j = 0; j < runs[i].n; j++)
			ss += (runs[i].x[j] - m[i]) * (runs[i].x[j] - m[i]);
		*h += 1.0 / (double)runs[i].n;
	}
	*h /= (double)k;
	return ss;
}

/* One run: the repetitions are all there is (misses drift; compare warns). */
static void one_run(const struct nested_run *r, double ms, struct nested_est *e)
{
	e->ms_within = ms;
	if (r->n < 2)
		return;
	e->v = ms / (double)r->n;
	e->df = (double)r->n - 1;
	e->pooled = 1;
}

void nested_estimate(const struct nested_run *runs, size_t k, int pool, struct nested_est *e)
{
	double *m, ss, h, dfw, kk = (double)k;
	size_t i;

	memset(e, 0, sizeof(*e));
	e->f_p = 1;
	e->k = k;
	m = malloc((k ? k : 1) * sizeof(*m));
	if (!m)
		return;		/* df 0: no estimate, no test */
	for (i = 0; i < k; i++) {
		m[i] = run_mean(&runs[i]);
		e->mean += m[i] / kk;
		e->N += runs[i].n;
	}
	if (!k || !e->N) {
		free(m);
		return;
	}
	ss = within_ss(runs, k, m, &h);
	dfw = (double)e->N - kk;
	e->ms_within = dfw > 0 ? ss / dfw : 0;
	if (k == 1) {
		one_run(&runs[0], e->ms_within, e);
		free(m);
		return;
	}
	for (i = 0; i < k; i++)
		e->s2_means += (m[i] - e->mean) * (m[i] - e->mean) / (kk - 1);
	free(m);
	e->var_between = e->s2_means - e->ms_within * h > 0 ? e->s2_means - e->ms_within * h : 0;
	e->v = e->s2_means / kk;
	e->df = kk - 1;
	if (!(dfw > 0) || !(e->ms_within > 0))
		return;
	e->f = e->s2_means / (e->ms_within * h);
	e->f_p = f_upper(e->f, kk - 1, dfw);
	if (!pool || !(e->f_p > NESTED_POOL_P))
		return;
	/* both mean squares estimate sigma_w^2 (per repetition): pool them */
	e->pooled = 1;
	e->v = ((kk - 1) * e->s2_means / h + dfw * e->ms_within) / ((double)e->N - 1) * h / kk;
	e->df = (double)e->N - 1;
}

/*
 * Each boot's mean of its run means and its run count (bm, bn zeroed by
 * the caller); the pooled within-boot sum of squares.
 */
static double boot_means(const double *m, const size_t *boot, size_t k, size_t nb, double *bm,
			 size_t *bn)
{
	double ss = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		bm[boot[i]] += m[i];
		bn[boot[i]]++;
	}
	for (i = 0; i < nb; i++)
		bm[i] = bn[i] ? bm[i] / (double)bn[i] : 0;
	for (i = 0; i < k; i++)
		ss += (m[i] - bm[boot[i]]) * (m[i] - bm[boot[i]]);
	return ss;
}

/*
 * The boot level over the runs' means m: a side of nb >= 2 boots, k > nb
 * runs; hr the mean of the runs' 1/n (the repetitions' share of ms_runs).
 * It may always pool: what keeps a derived ratio from pooling its
 * repetitions (one denominator mean per run) is inside every run mean.
 */
static void boot_level(const double *m, const size_t *boot, size_t k, size_t nb, double hr,
		       struct nested_est *e)
{
	double *bm = calloc(nb, sizeof(*bm)), ss, h = 0, mean = 0, nbd = (double)nb;
	size_t *bn = calloc(nb, sizeof(*bn)), i;

	if (!bm || !bn)
		goto out;
	ss = boot_means(m, boot, k, nb, bm, bn);
	for (i = 0; i < nb; i++) {
		mean += bm[i] / nbd;
		h += 1.0 / (double)bn[i] / nbd;
	}
	for (i = 0; i < nb; i++)
		e->s2_boot_means += (bm[i] - mean) * (bm[i] - mean) / (nbd - 1);
	e->ms_runs = ss / (double)(k - nb);
	e->var_boot = e->s2_boot_means - e->ms_runs * h > 0 ? e->s2_boot_means - e->ms_runs * h : 0;
	e->var_runs = e->ms_runs - e->ms_within * hr > 0 ? e->ms_runs - e->ms_within * hr : 0;
	if (e->ms_runs > 0) {
		e->f_boot = e->s2_boot_means / (e->ms_runs * h);
		e->f_boot_p = f_upper(e->f_boot, nbd - 1, (double)(k - nb));
	}
	if (e->ms_runs > 0 && e->f_boot_p > NESTED_POOL_P) {
		e->boot_pooled = 1;	/* the runs' estimate stands */
		goto out;
	}
	e->mean = mean;
	e->v = e->s2_boot_means / nbd;
	e->df = nbd - 1;
	e->pooled = 0;
out:
	free(bm);
	free(bn);
}

void nested_estimate_boots(const struct nested_run *runs, const size_t *boot, size_t k,
			   size_t nboots, int pool, struct nested_est *e)
{
	double *m, hr = 0;
	size_t i;

	nested_estimate(runs, k, pool, e);
	e->boots = nboots;
	e->f_boot_p = 1;
	if (nboots < 2 || k <= nboots)
		return;
	m = malloc(k * sizeof(*m));
	if (!m)
		return;
	for (i = 0; i < k; i++) {
		m[i] = run_mean(&runs[i]);
		hr += runs[i].n ? 1.0 / (double)runs[i].n / (double)k : 0;
	}
	boot_level(m, boot, k, nboots, hr, e);
	free(m);
}

void nested_compare(const struct nested_est *a, const struct nested_est *b, struct nested_test *r)
{
	double v = a->v + b->v, d2 = 0;

	memset(r, 0, sizeof(*r));
	r->p = 1;
	if (!(a->df > 0 && b->df > 0))
		return;
	r->se = sqrt(v);
	if (!(v > 0)) {
		if (a->mean != b->mean) {
			r->t = b->mean > a->mean ? INFINITY : -INFINITY;
			r->p = 0;
		}
		return;
	}
	d2 = a->v * a->v / a->df + b->v * b->v / b->df;
	r->df = v * v / d2;
	r->t = (b->mean - a->mean) / r->se;
	r->p = t_two_sided_p(r->t, r->df);
}

double nested_mde(double se, double df, double alpha, double power)
{
	if (!(se > 0) || !(df > 0) || !(alpha > 0 && alpha < 1) || !(power > 0.5 && power < 1))
		return NAN;
	return (t_quantile(1 - alpha / 2, df) + t_quantile(power, df)) * se;
}
