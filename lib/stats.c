// SPDX-License-Identifier: GPL-2.0
/* Summaries, percentiles, t and F tails, Welch, Mann-Whitney, Benjamini-Hochberg (stats.h). */
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
 * The p-quantile (0.5 <= p < 1) of Student's t, exact to ~1e-10 for any real
 * df > 0 (Welch's df is fractional): bisection on the upper tail, which
 * falls monotonically in t.
 */
double t_quantile(double p, double df)
{
	double lo = 0, hi = 1e3;
	int i;

	if (!(df > 0))
		df = 1;
	if (!(p > 0.5))
		return 0;
	for (i = 0; i < 200 && hi - lo > 1e-12; i++) {
		double mid = (lo + hi) / 2;

		if (t_upper(mid, df) > 1 - p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double t_quantile_975(double df)
{
	if (df > 1e7)
		return 1.959963984540054;
	return t_quantile(0.975, df);
}

double f_upper(double f, double d1, double d2)
{
	if (!(d1 > 0 && d2 > 0) || isnan(f))
		return 1;
	if (f <= 0)
		return 1;
	return inc_beta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
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

int summarize_geometric(const double *x, size_t n, struct summary *s)
{
	double sum = 0, ss = 0, m, sd, half;
	size_t i;

	summarize(x, n, s);
	for (i = 0; i < n; i++)
		if (!(x[i] > 0) || !isfinite(x[i]))
			return n ? -1 : 0;
	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		sum += log(x[i]);
	m = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (log(x[i]) - m) * (log(x[i]) - m);
	sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	half = n > 1 ? t_quantile_975((double)(n - 1)) * sd / sqrt((double)n) : 0;
	s->geometric = 1;
	s->mean = exp(m);
	s->cv = sd;
	s->stddev = sd * s->mean;
	s->ci95_lo = exp(m - half);
	s->ci95_hi = exp(m + half);
	return 0;
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

int ratio_paired(const double *a, const double *b, size_t n, struct ratio *r)
{
	double sum = 0, ss = 0, mean, sd, h;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (n < 2)
		return -1;
	for (i = 0; i < n; i++) {
		if (!(a[i] > 0) || !(b[i] > 0) || !isfinite(a[i]) || !isfinite(b[i]))
			return -1;
		sum += log(a[i] / b[i]);
	}
	mean = sum / (double)n;
	for (i = 0; i < n; i++) {
		double d = log(a[i] / b[i]) - mean;

		ss += d * d;
	}
	sd = sqrt(ss / (double)(n - 1));
	h = t_quantile_975((double)(n - 1)) * sd / sqrt((double)n);
	r->value = exp(mean);
	r->ci95_lo = exp(mean - h);
	r->ci95_hi = exp(mean + h);
	return 0;
}

double t_two_sided_p(double t, double df)
{
	double p;

	if (isnan(t))
		return 1;
	if (isinf(t))
		return 0;
	if (!(df > 0))
		return 1;
	p = 2 * t_upper(fabs(t), df);
	return p > 1 ? 1 : p;
}

void welch_test(const struct summary *a, const struct summary *b, struct welch *w)
{
	double va, vb, se;

	memset(w, 0, sizeof(*w));
	w->p = 1;
	if (a->n < 2 || b->n < 2)
		return;
	va = a->stddev * a->stddev / (double)a->n;
	vb = b->stddev * b->stddev / (double)b->n;
	se = sqrt(va + vb);
	if (se == 0) {
		if (a->mean != b->mean) {
			w->t = a->mean > b->mean ? INFINITY : -INFINITY;
			w->p = 0;
		}
		return;
	}
	w->t = (a->mean - b->mean) / se;
	w->df = (va + vb) * (va + vb) /
		(va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1));
	w->p = t_two_sided_p(w->t, w->df);
}

struct ranked {
	double v;
	int side;	/* 0: a, 1: b */
};

static int cmp_ranked(const void *x, const void *y)
{
	return cmp_double(&((const struct ranked *)x)->v, &((const struct ranked *)y)->v);
}

/*
 * Counts of U = 0..na*nb among all C(na+nb, na) arrangements: the
 * coefficients of the Gaussian binomial [na+nb choose na]_q =
 * prod_{i=1..na} (1 - q^(nb+i)) / (1 - q^i). NULL on allocation failure.
 */
static double *mw_counts(size_t na, size_t nb)
{
	size_t m = na * nb, i, u;
	double *c = calloc(m + 1, sizeof(*c));

	if (!c)
		return NULL;
	c[0] = 1;
	for (i = 1; i <= na; i++) {
		size_t k = nb + i;

		for (u = m; u >= k; u--)	/* times (1 - q^k) */
			c[u] -= c[u - k];
		for (u = i; u <= m; u++)	/* divided by (1 - q^i) */
			c[u] += c[u - i];
	}
	return c;
}

/* Two-sided exact p of U (no ties): 2 * P(U' <= min(U, m - U)). */
static double mw_exact_p(size_t na, size_t nb, double u)
{
	size_t m = na * nb, k;
	double *c = mw_counts(na, nb), total = 0, tail = 0, lo;

	if (!c)
		return NAN;
	lo = u < (double)m - u ? u : (double)m - u;
	for (k = 0; k <= m; k++) {
		total += c[k];
		if ((double)k <= lo + 1e-9)
			tail += c[k];
	}
	free(c);
	return 2 * tail / total > 1 ? 1 : 2 * tail / total;
}

double mann_whitney_min_p(size_t na, size_t nb)
{
	if (!na || !nb)
		return 1;
	return mw_exact_p(na, nb, 0);
}

double mann_whitney_p(const double *a, size_t na, const double *b, size_t nb, double *u_out)
{
	size_t n = na + nb, i, j, ties_n = 0;
	double ra = 0, u, tie_sum = 0, mu, sigma2, z, p;
	struct ranked *r;

	if (u_out)
		*u_out = 0;
	if (!na || !nb)
		return 1;
	r = malloc(n * sizeof(*r));
	if (!r)
		return NAN;
	for (i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 0 };
	for (i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 1 };
	qsort(r, n, sizeof(*r), cmp_ranked);
	/* mid-ranks for ties; sum of (t^3 - t) for the tie correction */
	for (i = 0; i < n; i = j) {
		double t, rank;

		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		t = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2;
		if (t > 1) {
			tie_sum += t * t * t - t;
			ties_n++;
		}
		for (size_t k = i; k < j; k++)
			if (!r[k].side)
				ra += rank;
	}
	free(r);
	u = ra - (double)na * ((double)na + 1) / 2;
	if (u_out)
		*u_out = u;
	if (!ties_n && n <= MW_EXACT_MAX)
		return mw_exact_p(na, nb, u);
	mu = (double)na * (double)nb / 2;
	sigma2 = (double)na * (double)nb / 12 *
		 ((double)n + 1 - tie_sum / ((double)n * ((double)n - 1)));
	if (!(sigma2 > 0))
		return 1;
	z = u - mu;
	z = (fabs(z) - 0.5 > 0 ? fabs(z) - 0.5 : 0) / sqrt(sigma2);
	p = erfc(z / sqrt(2));
	return p > 1 ? 1 : p;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *x, const void *y)
{
	const struct pidx *a = x, *b = y;

	if (a->p != b->p)
		return (a->p > b->p) - (a->p < b->p);
	return (a->i > b->i) - (a->i < b->i);
}

void bh_adjust(const double *p, size_t n, double *q)
{
	struct pidx *s;
	double run = 1;
	size_t k;

	if (!n)
		return;
	s = malloc(n * sizeof(*s));
	if (!s) {
		for (k = 0; k < n; k++)
			q[k] = 1;	/* no correction possible: reject nothing */
		return;
	}
	for (k = 0; k < n; k++)
		s[k] = (struct pidx){ isnan(p[k]) ? 1 : p[k], k };
	qsort(s, n, sizeof(*s), cmp_pidx);
	for (k = n; k-- > 0;) {
		double adj = s[k].p * (double)n / (double)(k + 1);

		if (adj < run)
			run = adj;
		q[s[k].i] = run;
	}
	free(s);
}
