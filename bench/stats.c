// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/*
 * t(0.975, df) for df = 1..30 (standard tables, e.g. NIST/SEMATECH e-Handbook
 * 1.3.6.7.2); beyond 30 the Cornish-Fisher expansion in 1/df is accurate to
 * better than 1e-4.
 */
static const double t975[] = {
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
};

double t_quantile_975(double df)
{
	const double z = 1.959963984540054;
	double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
	double lo, hi, f;
	int i;

	if (!(df >= 1))
		return t975[0];
	if (df <= 30) {
		/* interpolate between whole degrees of freedom (Welch's df is fractional) */
		i = (int)floor(df);
		if (i >= 30)
			return t975[29];
		lo = t975[i - 1];
		hi = t975[i];
		f = df - i;
		return lo + (hi - lo) * f;
	}
	return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
	       (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
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
