// SPDX-License-Identifier: GPL-2.0
/*
 * The two-level model (analysis/nested.c) on synthetic data with known
 * variance components: a seeded generator makes runs whose offsets drift
 * (sigma_b) around repetitions with noise sigma_w, and many simulated A/A
 * compares must flag no more than alpha (within a binomial bound), also
 * when drift dominates and at the drift where the pooling pre-test errs
 * most; against a known shift the test must have the power it claims.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/nested.h"
#include "lib/stats.h"

#define MAXR	12
#define MAXN	64
#define ALPHA	0.05

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: the same sequence on every machine */
static double u01(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((double)((rng * 2685821657736338717ULL) >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	return sqrt(-2 * log(u01())) * cos(2 * M_PI * u01());
}

struct design {
	size_t k;
	size_t n[MAXR];
	double sb, sw;		/* between-run and within-run standard deviations */
};

struct side {
	double x[MAXR][MAXN];
	struct nested_run r[MAXR];
	struct nested_est e;
};

static void make_side(const struct design *d, double shift, int pool, struct side *s)
{
	size_t i, j;

	for (i = 0; i < d->k; i++) {
		double b = 100 + shift + d->sb * gauss();

		for (j = 0; j < d->n[i]; j++)
			s->x[i][j] = b + d->sw * gauss();
		s->r[i] = (struct nested_run){ s->x[i], d->n[i] };
	}
	nested_estimate(s->r, d->k, pool, &s->e);
}

static struct design balanced(size_t k, size_t n, double sb, double sw)
{
	struct design d = { .k = k, .sb = sb, .sw = sw };
	size_t i;

	for (i = 0; i < k; i++)
		d.n[i] = n;
	return d;
}

/* The true standard error of the difference of two sides' means. */
static double true_se(const struct design *d)
{
	double h = 0;
	size_t i;

	for (i = 0; i < d->k; i++)
		h += 1.0 / (double)d->n[i];
	h /= (double)d->k;
	return sqrt(2 * (d->sb * d->sb + d->sw * d->sw * h) / (double)d->k);
}

/* Share of nsim compares of two sides (b shifted by shift) that reject at ALPHA. */
static double reject_rate(const struct design *d, double shift, int pool, int nsim)
{
	static struct side a, b;
	struct nested_test t;
	int i, rej = 0;

	for (i = 0; i < nsim; i++) {
		make_side(d, 0, pool, &a);
		make_side(d, shift, pool, &b);
		nested_compare(&a.e, &b.e, &t);
		rej += t.p < ALPHA;
	}
	return (double)rej / nsim;
}

/* alpha plus three binomial standard errors of a rate over nsim trials */
static double bound(int nsim)
{
	return ALPHA + 3 * sqrt(ALPHA * (1 - ALPHA) / nsim);
}

static void check_aa(const struct design *d, int nsim)
{
	double r = reject_rate(d, 0, 1, nsim);

	if (r > bound(nsim))
		fail_msg("A/A k=%zu sb=%g sw=%g: %.4f of %d compares flagged, bound %.4f", d->k, d->sb,
			 d->sw, r, nsim, bound(nsim));
}

static void test_components(void **state)
{
	struct design d = balanced(4, 8, 3, 1);
	double sw2 = 0, s2m = 0, vb = 0;
	static struct side s;
	int i, nsim = 4000;

	(void)state;
	for (i = 0; i < nsim; i++) {
		make_side(&d, 0, 1, &s);
		sw2 += s.e.ms_within / nsim;
		s2m += s.e.s2_means / nsim;
		vb += s.e.var_between / nsim;
	}
	/* unbiased: E[MSW] = sigma_w^2, E[s2_means] = sigma_b^2 + sigma_w^2 / n */
	assert_true(fabs(sw2 - 1) < 0.03);
	assert_true(fabs(s2m - (9 + 1.0 / 8)) / (9 + 1.0 / 8) < 0.05);
	assert_true(fabs(vb - 9) / 9 < 0.05);
	assert_int_equal(s.e.N, 32);
	assert_int_equal(s.e.k, 4);
}

/* Drift much larger than the repetitions' noise (pmd fault: 18% vs 1%). */
static void test_aa_drift(void **state)
{
	struct design d3 = balanced(3, 6, 18, 1), d5 = balanced(5, 3, 4, 1);

	(void)state;
	check_aa(&d3, 6000);
	check_aa(&d5, 6000);
}

/*
 * Every ratio of the components, including those where the pre-test most
 * often pools a real between-run component (n sigma_b^2 about 1-2 sigma_w^2).
 */
static void test_aa_mixed(void **state)
{
	static const double lambda[] = { 0, 0.25, 0.5, 1, 2, 4, 10 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lambda) / sizeof(lambda[0]); i++) {
		struct design d = balanced(3, 6, sqrt(lambda[i] / 6), 1);

		check_aa(&d, 6000);
	}
}

static void test_aa_unbalanced(void **state)
{
	struct design d = { .k = 4, .n = { 3, 6, 10, 4 }, .sb = 0.3, .sw = 1 };

	(void)state;
	check_aa(&d, 6000);
	d.sb = 3;
	check_aa(&d, 6000);
}

/*
 * Power against a known shift of 4 true standard errors: without drift the
 * pooled repetitions give the test many df (power above the run means'
 * Welch test on about 4 df; measured 0.83 against 0.75, the pre-test keeps
 * the run level in a quarter of calm cases); with drift the run level
 * decides.
 */
static void test_power(void **state)
{
	struct design calm = balanced(3, 6, 0, 1), drift = balanced(3, 6, 2, 1);
	double pc, pr, pd;

	(void)state;
	pc = reject_rate(&calm, 4 * true_se(&calm), 1, 4000);
	pr = reject_rate(&calm, 4 * true_se(&calm), 0, 4000);
	pd = reject_rate(&drift, 4 * true_se(&drift), 1, 4000);
	print_message("power at 4 se: %.3f (run means only %.3f), with drift %.3f\n", pc, pr, pd);
	if (!(pc > 0.8 && pc > pr + 0.05))
		fail_msg("no drift: power %.3f with the within level, %.3f run means only", pc, pr);
	if (!(pd > 0.5 && pd < pc))
		fail_msg("drift: power %.3f", pd);
}

/* At its MDE (one run of 60 a side: known se and df) the test rejects in about 80% of trials. */
static void test_mde(void **state)
{
	struct design d = balanced(1, 30, 0, 1);
	double se, mde, p;

	d.n[0] = 60;
	se = true_se(&d);
	mde = nested_mde(se, 2 * (60 - 1), ALPHA, 0.8);

	(void)state;
	/* t tables, 118 df: t(0.975) = 1.980, t(0.80) = 0.845 */
	assert_true(fabs(mde / se - (1.980 + 0.845)) < 0.003);
	p = reject_rate(&d, mde, 1, 4000);
	if (fabs(p - 0.8) > 0.03)
		fail_msg("power at the MDE %.3f, want 0.80", p);
	assert_true(isnan(nested_mde(0, 10, ALPHA, 0.8)));
	assert_true(isnan(nested_mde(1, 0, ALPHA, 0.8)));
}

static void test_edges(void **state)
{
	static const double one[] = { 5 }, two[] = { 4, 6 }, flat[] = { 3, 3, 3 };
	struct nested_run r[2] = { { two, 2 }, { one, 1 } };
	struct nested_est e, f;
	struct nested_test t;

	(void)state;
	nested_estimate(r, 1, 1, &e);		/* one run of 2: repetitions only */
	assert_true(e.df == 1 && fabs(e.v - 1) < 1e-12 && e.pooled);
	nested_estimate(r + 1, 1, 1, &e);	/* one sample: no estimate */
	assert_true(e.df == 0);
	nested_estimate(r, 2, 1, &e);		/* 2 runs, means 5 and 5 */
	assert_true(fabs(e.mean - 5) < 1e-12 && e.s2_means == 0);
	r[0] = (struct nested_run){ flat, 3 };
	r[1] = (struct nested_run){ flat, 3 };
	nested_estimate(r, 2, 1, &f);		/* no spread at all */
	assert_true(f.v == 0 && f.df == 1);
	nested_compare(&f, &f, &t);
	assert_true(t.p == 1);
	assert_true(fabs(t_quantile(0.8, 1e6) - 0.8416212) < 1e-5);
	assert_true(fabs(t_quantile(0.975, 10) - 2.228139) < 1e-5);
	assert_true(fabs(f_upper(3.0, 2, 15) - 0.08) < 0.001);	/* R: pf(3, 2, 15, lower=F) = 0.08 */
}

/* Three boots of two runs of two repetitions; every component known. */
static void test_boots_known(void **state)
{
	static double x[6][2] = { { 10, 10 }, { 11, 11 }, { 20, 20 }, { 21, 21 }, { 30, 30 },
				  { 31, 31 } };
	static double same[6][2] = { { 10, 10 }, { 12, 12 }, { 10, 10 }, { 12, 12 }, { 10, 10 },
				     { 12, 12 } };
	static const size_t boot[6] = { 0, 0, 1, 1, 2, 2 }, each[3] = { 0, 1, 2 };
	struct nested_run r[6];
	struct nested_est e;
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++)
		r[i] = (struct nested_run){ x[i], 2 };
	nested_estimate_boots(r, boot, 6, 3, 1, &e);
	/* boot means 10.5, 20.5, 30.5: variance 100 over 3 boots, 2 df */
	assert_int_equal(e.boots, 3);
	assert_true(fabs(e.mean - 20.5) < 1e-12);
	assert_true(fabs(e.s2_boot_means - 100) < 1e-9);
	assert_true(fabs(e.v - 100.0 / 3) < 1e-9 && e.df == 2);
	/* runs 0.5 off their boot's mean: ms 0.5 on 3 df; F = 100 / (0.5 / 2) */
	assert_true(fabs(e.ms_runs - 0.5) < 1e-12 && fabs(e.f_boot - 400) < 1e-9);
	assert_true(fabs(e.var_boot - 99.75) < 1e-9 && fabs(e.var_runs - 0.5) < 1e-12);
	assert_false(e.boot_pooled);
	/* the boots agree (means 11 each): their level is pooled into the runs' */
	for (i = 0; i < 6; i++)
		r[i] = (struct nested_run){ same[i], 2 };
	nested_estimate_boots(r, boot, 6, 3, 1, &e);
	assert_true(e.boot_pooled && e.f_boot_p > NESTED_POOL_P);
	assert_true(fabs(e.v - 1.2 / 6) < 1e-12 && e.df == 5);
	/* a derived ratio (no pooling of repetitions) pools the boots all the same */
	nested_estimate_boots(r, boot, 6, 3, 0, &e);
	assert_true(e.boot_pooled && !e.pooled);
	assert_true(fabs(e.v - 1.2 / 6) < 1e-12 && e.df == 5);
	/* one run a boot: the boots are the runs, the two-level estimate */
	nested_estimate_boots(r, each, 3, 3, 1, &e);
	assert_int_equal(e.boots, 3);
	assert_false(e.boot_pooled);
	assert_true(e.k == 3 && e.df > 0);
}

/* A side of boots x runs x repetitions, each boot offset by sboot. */
static void make_boot_side(size_t nb, size_t kb, size_t n, double sboot, double sb, double sw,
			   struct side *s, size_t *boot)
{
	size_t i, j, k;

	for (i = 0; i < nb; i++) {
		double c = 100 + sboot * gauss();

		for (k = 0; k < kb; k++) {
			double b = c + sb * gauss();
			size_t r = i * kb + k;

			for (j = 0; j < n; j++)
				s->x[r][j] = b + sw * gauss();
			s->r[r] = (struct nested_run){ s->x[r], n };
			boot[r] = i;
		}
	}
}

/*
 * Boot-to-boot drift dominating (3 boots of 3 runs a side): with the boots
 * as the top level an A/A stays within alpha; runs taken as independent
 * (each boot's runs alike) flag far more often, which is why the level
 * exists.
 */
static void test_aa_boots(void **state)
{
	static struct side a, b;
	size_t ba[MAXR], bb[MAXR];
	int i, nsim = 4000, rej = 0, rej_runs = 0;
	struct nested_test t;

	(void)state;
	for (i = 0; i < nsim; i++) {
		make_boot_side(3, 3, 4, 10, 1, 1, &a, ba);
		make_boot_side(3, 3, 4, 10, 1, 1, &b, bb);
		nested_estimate_boots(a.r, ba, 9, 3, 1, &a.e);
		nested_estimate_boots(b.r, bb, 9, 3, 1, &b.e);
		nested_compare(&a.e, &b.e, &t);
		rej += t.p < ALPHA;
		nested_estimate(a.r, 9, 1, &a.e);
		nested_estimate(b.r, 9, 1, &b.e);
		nested_compare(&a.e, &b.e, &t);
		rej_runs += t.p < ALPHA;
	}
	if ((double)rej / nsim > bound(nsim))
		fail_msg("A/A with boots: %d of %d flagged, bound %.4f", rej, nsim, bound(nsim));
	assert_true((double)rej_runs / nsim > 2 * ALPHA);
}

/*
 * Every size of boot drift against the runs' (3 boots of 3 runs a side),
 * including those where the pre-test most often pools a real boot level.
 */
static void test_aa_boots_mixed(void **state)
{
	static const double sboot[] = { 0, 0.25, 0.5, 0.75, 1, 2 };
	static struct side a, b;
	size_t ba[MAXR], bb[MAXR], i;
	int k, nsim = 3000, rej;
	struct nested_test t;

	(void)state;
	for (i = 0; i < sizeof(sboot) / sizeof(sboot[0]); i++) {
		for (k = 0, rej = 0; k < nsim; k++) {
			make_boot_side(3, 3, 4, sboot[i], 1, 1, &a, ba);
			make_boot_side(3, 3, 4, sboot[i], 1, 1, &b, bb);
			nested_estimate_boots(a.r, ba, 9, 3, 1, &a.e);
			nested_estimate_boots(b.r, bb, 9, 3, 1, &b.e);
			nested_compare(&a.e, &b.e, &t);
			rej += t.p < ALPHA;
		}
		if ((double)rej / nsim > bound(nsim))
			fail_msg("A/A, boot drift %g: %d of %d flagged, bound %.4f", sboot[i], rej, nsim,
				 bound(nsim));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_aa_drift),
		cmocka_unit_test(test_aa_mixed),
		cmocka_unit_test(test_aa_unbalanced),
		cmocka_unit_test(test_power),
		cmocka_unit_test(test_mde),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_boots_known),
		cmocka_unit_test(test_aa_boots),
		cmocka_unit_test(test_aa_boots_mixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
