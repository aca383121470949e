// SPDX-License-Identifier: GPL-2.0
/*
 * Did the machine change speed between the sides? Each point carries a
 * user-space speed reference beside its repetitions (harness
 * "speed_reference", docs/methodology.md); a kernel patch cannot move
 * it. Its ratio new/base over the points both sides ran says how much
 * of a change the machine made by itself, and a warning says so when it
 * is large enough to be read as the kernel's. With --speed-adjust, a row's
 * samples are also adjusted for it (analysis of covariance, below).
 */
#include <math.h>

#include "bench/lib/stats.h"
#include "compare_int.h"

/* beyond this, the machine's own change is named in a warning */
#define SPEED_WARN	0.03

/* The mean of a point's speed reference over a side's runs; NAN: none. */
static double side_speed(const struct side_point *sp)
{
	double sum = 0;
	size_t i, k, n = 0;

	for (i = 0; i < sp->nref; i++) {
		json_t *h = json_object_get(sp->ref[i]->json, "harness");
		json_t *s = json_object_get(json_object_get(h, "speed_reference"), "samples");
		json_t *v;

		json_array_foreach(s, k, v) {
			sum += json_number_value(v);
			n++;
		}
	}
	return n && sum > 0 ? sum / (double)n : NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void speed_check(struct comparison *c, struct cmp_table *t)
{
	struct cmp_side *sb = &c->sides[t->base], *sn = &c->sides[t->new];
	double *r = cmp_xgrow(NULL, sb->npts + 1, sizeof(*r));
	size_t i, n = 0;

	for (i = 0; i < sb->npts; i++) {
		const struct side_point *pn = side_find(sn, sb->pts[i].workload, sb->pts[i].key);
		double a = side_speed(&sb->pts[i]), b = pn ? side_speed(pn) : NAN;

		if (isfinite(a) && isfinite(b))
			r[n++] = b / a;
	}
	t->speed_n = n;
	if (n) {
		qsort(r, n, sizeof(*r), cmp_double);
		t->speed_median = n % 2 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
		t->speed_lo = r[0];
		t->speed_hi = r[n - 1];
	}
	free(r);
	if (!n || fabs(t->speed_median - 1) <= SPEED_WARN)
		return;
	cmp_warn(c, "the machine itself ran %.0f%% %s under %s than under %s by the speed reference "
		 "(user space, not the kernel: median over %zu points, %.2f..%.2f): changes of that "
		 "size may be the machine's", fabs(t->speed_median - 1) * 100,
		 t->speed_median > 1 ? "faster" : "slower", sn->name, sb->name, n, t->speed_lo,
		 t->speed_hi);
}

/* The reference samples of run i of sp, if there is one per sample of the metric. */
static json_t *run_speed(const struct side_point *sp, size_t i, size_t n)
{
	json_t *h = json_object_get(sp->ref[i]->json, "harness");
	json_t *s = json_object_get(json_object_get(h, "speed_reference"), "samples");

	return json_array_size(s) == n && n ? s : NULL;
}

/* Sums over one side for the common slope: within-side deviations of log x and log y. */
static int side_sums(const struct cmp_stat *st, const struct side_point *sp, double *sxy,
		     double *sxx, double *xsum, size_t *nx)
{
	double mx = 0, my = 0;
	size_t i, k, j = 0, n = 0;

	for (i = 0; i < st->nruns; i++) {
		json_t *s = run_speed(sp, i, st->runs[i].n);

		if (!s)
			return -1;
		for (k = 0; k < st->runs[i].n; k++, j++) {
			double x = json_number_value(json_array_get(s, k)), y = st->samples[j];

			if (x <= 0 || y <= 0)
				return -1;
			mx += log(x);
			my += log(y);
			n++;
		}
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0, j = 0; i < st->nruns; i++) {
		json_t *s = run_speed(sp, i, st->runs[i].n);

		for (k = 0; k < st->runs[i].n; k++, j++) {
			double dx = log(json_number_value(json_array_get(s, k))) - mx;

			*sxy += dx * (log(st->samples[j]) - my);
			*sxx += dx * dx;
		}
	}
	*xsum += mx * (double)n;
	*nx += n;
	return 0;
}

/* Each sample times (centre / its reference)^slope; the run means and summary again. */
static void apply(struct cmp_stat *st, const struct side_point *sp, double slope, double centre)
{
	size_t i, k, j = 0;

	for (i = 0; i < st->nruns; i++) {
		json_t *s = run_speed(sp, i, st->runs[i].n);
		double sum = 0;

		for (k = 0; k < st->runs[i].n; k++, j++) {
			double x = log(json_number_value(json_array_get(s, k)));

			st->samples[j] *= exp(-slope * (x - centre));
			sum += st->samples[j];
		}
		st->runs[i].mean = sum / (double)st->runs[i].n;
	}
	summarize(st->samples, j, &st->s);
	if (j >= 2 && st->s.mean != 0)
		st->v_num = st->s.cv * st->s.cv / (double)j;
}

/*
 * Analysis of covariance with the speed reference as covariate: log y =
 * a_side + b log x + e, b common to both sides and estimated from the
 * deviations within each side, then every sample adjusted to the grand
 * mean of log x. The reference is a user-space figure no kernel patch
 * moves, so the adjustment takes out what the machine's speed did and
 * leaves the sides' difference (the warning above says when the sides'
 * references differ). Raw samples only: a derived ratio is not adjusted.
 */
int speed_adjust(struct cmp_stat *base, const struct side_point *pb, struct cmp_stat *new,
		 const struct side_point *pn, double *slope)
{
	double sxy = 0, sxx = 0, xsum = 0;
	size_t nx = 0;

	if (base->derived || new->derived || !base->present || !new->present)
		return 0;
	if (side_sums(base, pb, &sxy, &sxx, &xsum, &nx) || side_sums(new, pn, &sxy, &sxx, &xsum, &nx))
		return 0;
	if (sxx <= 0 || nx < 4)
		return 0;
	*slope = sxy / sxx;
	apply(base, pb, *slope, xsum / (double)nx);
	apply(new, pn, *slope, xsum / (double)nx);
	return 1;
}
