// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/*
 * Continued fraction of the regularized incomplete beta function I_x(a, b)
 * (modified Lentz; Numerical Recipes 6.4, "betacf").
 */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, aa, del;

		aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + aa / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-14)
			break;
	}
	return h;
}

static double inc_beta(double a, double b, double x)
{
	double bt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	bt = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return bt * betacf(a, b, x) / a;
	return 1 - bt * betacf(b, a, 1 - x) / b;
}

/* P(T > t) for Student's t with df degrees of freedom, t >= 0. */
static double t_upper(double t, double df)
{
	return 0.5 * inc_beta(df / 2, 0.5, df / (df + t * t));
}

/*
 * Exact to ~1e-10 for any real df > 0 (Welch's df is fractional): bisection
 * on the upper tail, which falls monotonically in t.
 */
double t_quantile_975(double df)
{
	double lo = 0, hi = 1e3;
	int i;

	if (!(df > 0))
		df = 1;
	if (df > 1e7)
		return 1.959963984540054;
	for (i = 0; i < 200 && hi - lo > 1e-12; i++) {
		double mid = (lo + hi) / 2;

		if (t_upper(mid, df) > 0.025)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double sorted_percentile(const double *s, size_t n, double p)
{
	double h, f;
	size_t i;

	if (!n)
		return 0;
	if (p <= 0)
		return s[0];
	if (p >= 100)
		return s[n - 1];
	h = (double)(n - 1) * p / 100;
	i = (size_t)floor(h);
	f = h - (double)i;
	if (i + 1 >= n)
		return s[n - 1];
	return s[i] + (s[i + 1] - s[i]) * f;
}

double percentile(const double *x, size_t n, double p)
{
	double *s, v;

	if (!n)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	v = sorted_percentile(s, n, p);
	free(s);
	return v;
}

void summarize(const double *x, size_t n, struct summary *s)
{
	double sum = 0, ss = 0, half;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += x[i];
	s->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - s->mean) * (x[i] - s->mean);
	s->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	s->cv = s->mean != 0 ? s->stddev / fabs(s->mean) : 0;
	s->min = percentile(x, n, 0);
	s->median = percentile(x, n, 50);
	s->max = percentile(x, n, 100);
	half = n > 1 ? t_quantile_975((double)(n - 1)) * s->stddev / sqrt((double)n) : 0;
	s->ci95_lo = s->mean - half;
	s->ci95_hi = s->mean + half;
}

void ratio_of_means(const struct summary *num, const struct summary *den, struct ratio *r)
{
	double va, vb, se, df, t;

	memset(r, 0, sizeof(*r));
	if (den->mean == 0 || num->n == 0 || den->n == 0)
		return;
	r->value = num->mean / den->mean;
	r->ci95_lo = r->ci95_hi = r->value;
	if (num->n < 2 || den->n < 2 || r->value <= 0)
		return;
	va = num->cv * num->cv / (double)num->n;
	vb = den->cv * den->cv / (double)den->n;
	se = sqrt(va + vb);
	if (se == 0)
		return;
	/* Welch-Satterthwaite degrees of freedom on the relative variances */
	df = (va + vb) * (va + vb) /
	     (va * va / (double)(num->n - 1) + vb * vb / (double)(den->n - 1));
	t = t_quantile_975(df);
	r->ci95_lo = r->value * exp(-t * se);
	r->ci95_hi = r->value * exp(t * se);
}
