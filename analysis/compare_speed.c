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
#include <string.h>

#include "lib/stats.h"
#include "compare_int.h"

/* beyond this, the machine's own change is named in a warning */
#define SPEED_WARN	0.03

/* The harness's name of each reference (bench/host/speedref.h), and its short name. */
static const char *const ref_keys[CMP_REFS] = { "speed_reference", "footprint_reference" };
const char *const cmp_ref_names[CMP_REFS] = { "cache", "footprint" };

/* One speed reference's samples of one run of a point, or NULL. */
static json_t *ref_samples(const struct res_point *p, int ref)
{
	json_t *h = json_object_get(p->json, "harness");

	return json_object_get(json_object_get(h, ref_keys[ref]), "samples");
}

/* The mean of a point's speed reference over a side's runs; NAN: none. */
static double side_speed(const struct side_point *sp)
{
	double sum = 0;
	size_t i, k, n = 0;
	json_t *v;

	for (i = 0; i < sp->nref; i++)
		json_array_foreach(ref_samples(sp->ref[i], 0), k, v) {
			sum += json_number_value(v);
			n++;
		}
	return n && sum > 0 ? sum / (double)n : NAN;
}

void speed_check(struct comparison *c, struct cmp_table *t)
{
	struct cmp_side *sb = &c->sides[t->base], *sn = &c->sides[t->new];
	double *r = xgrow(NULL, sb->npts + 1, sizeof(*r));
	struct summary s;
	size_t i, n = 0;

	for (i = 0; i < sb->npts; i++) {
		const struct side_point *pn = side_find(sn, sb->pts[i].workload, sb->pts[i].key);
		double a = side_speed(&sb->pts[i]), b = pn ? side_speed(pn) : NAN;

		if (isfinite(a) && isfinite(b))
			r[n++] = b / a;
	}
	t->speed_n = n;
	if (n) {
		summarize(r, n, &s);
		t->speed_median = s.median;
		t->speed_lo = s.min;
		t->speed_hi = s.max;
	}
	free(r);
	if (!n || fabs(t->speed_median - 1) <= SPEED_WARN)
		return;
	cmp_warn(c, "the machine ran %.0f%% %s under %s than %s by its speed reference (median "
		 "of %zu points, %.2f..%.2f): changes that size may be the machine's",
		 fabs(t->speed_median - 1) * 100,
		 t->speed_median > 1 ? "faster" : "slower", sn->name, sb->name, n, t->speed_lo,
		 t->speed_hi);
}

/*
 * log(reference) beside each of st's samples, runs in order; NULL when a
 * run lacks a reference per sample or a sample or reference is not
 * positive (no log: the row is left as it was).
 */
static double *log_refs(const struct cmp_stat *st, const struct side_point *sp, int ref)
{
	double *lx = xgrow(NULL, st->s.n + 1, sizeof(*lx));
	size_t i, k, j = 0;

	for (i = 0; i < st->nruns; i++) {
		json_t *s = ref_samples(sp->ref[i], ref);

		if (!st->runs[i].n || json_array_size(s) != st->runs[i].n)
			goto none;
		for (k = 0; k < st->runs[i].n; k++, j++) {
			double x = json_number_value(json_array_get(s, k));

			if (x <= 0 || st->samples[j] <= 0)
				goto none;
			lx[j] = log(x);
		}
	}
	return lx;
none:
	free(lx);
	return NULL;
}

/* Within-side sums of one reference: deviations of log x and log y from the side's means. */
struct ref_sums {
	double sxy, sxx, syy, xsum;
	size_t nx;
};

static void side_sums(const struct cmp_stat *st, const double *lx, struct ref_sums *r)
{
	size_t j, n = st->s.n;
	double mx = 0, my = 0;

	for (j = 0; j < n; j++) {
		mx += lx[j];
		my += log(st->samples[j]);
	}
	mx /= (double)n;
	my /= (double)n;
	for (j = 0; j < n; j++) {
		double dy = log(st->samples[j]) - my;

		r->sxy += (lx[j] - mx) * dy;
		r->sxx += (lx[j] - mx) * (lx[j] - mx);
		r->syy += dy * dy;
	}
	r->xsum += mx * (double)n;
	r->nx += n;
}

/* Each sample times (centre / its reference)^slope; the run means and summary again. */
static void apply(struct cmp_stat *st, const double *lx, double slope, double centre)
{
	size_t i, k, j = 0;

	for (i = 0; i < st->nruns; i++) {
		double sum = 0;

		for (k = 0; k < st->runs[i].n; k++, j++) {
			st->samples[j] *= exp(-slope * (lx[j] - centre));
			sum += st->samples[j];
		}
		st->runs[i].mean = sum / (double)st->runs[i].n;
	}
	summarize(st->samples, j, &st->s);
	if (j >= 2 && st->s.mean != 0)
		st->v_num = st->s.cv * st->s.cv / (double)j;
}

/* The buffer a run's reference filled; -1: not said (files before 2026-12-05). */
static json_int_t ref_bytes(const struct res_point *p, int ref)
{
	json_t *b = json_object_get(json_object_get(json_object_get(p->json, "harness"),
						    ref_keys[ref]), "bytes");

	return json_is_integer(b) ? json_integer_value(b) : -1;
}

/*
 * Did every run of both sides fill the same buffer? A fill's rate depends
 * on its size far more than on the machine, so references of two sizes
 * are two figures (the footprint follows the point's memory, which a
 * kernel may change).
 */
static int ref_same_size(const struct side_point *pb, const struct side_point *pn, int ref)
{
	json_int_t first = ref_bytes(pb->ref[0], ref);
	size_t i;

	for (i = 0; i < pb->nref; i++)
		if (ref_bytes(pb->ref[i], ref) != first)
			return 0;
	for (i = 0; i < pn->nref; i++)
		if (ref_bytes(pn->ref[i], ref) != first)
			return 0;
	return 1;
}

/*
 * One reference's log values beside both sides' samples and their
 * within-side sums; 0 when the row cannot take it.
 */
static int ref_fit(const struct cmp_stat *base, const struct side_point *pb,
		   const struct cmp_stat *new, const struct side_point *pn, int ref,
		   double **lb, double **ln, struct ref_sums *r)
{
	memset(r, 0, sizeof(*r));
	*lb = NULL;
	*ln = NULL;
	if (!pb->nref || !ref_same_size(pb, pn, ref))
		return 0;
	*lb = log_refs(base, pb, ref);
	*ln = *lb ? log_refs(new, pn, ref) : NULL;
	if (!*ln)
		return 0;
	side_sums(base, *lb, r);
	side_sums(new, *ln, r);
	return r->sxx > 0 && r->syy > 0 && r->nx >= 4;
}

/*
 * Analysis of covariance with a speed reference as covariate: log y =
 * a_side + b log x + e, b common to both sides and estimated from the
 * deviations within each side, then every sample adjusted to the grand
 * mean of log x. A reference is a user-space figure no kernel patch
 * moves, so the adjustment takes out what the machine's speed did and
 * leaves the sides' difference (the warning above says when the sides'
 * references differ). Of the references, the row takes the one that
 * removes the most of the spread within the sides: each side is an A/A
 * of its own kernel, so the choice sees no difference between kernels
 * (docs/methodology.md). Raw samples only: a derived ratio is not adjusted.
 */
int speed_adjust(struct cmp_stat *base, const struct side_point *pb, struct cmp_stat *new,
		 const struct side_point *pn, struct cmp_adjust *adj)
{
	double *lb[CMP_REFS] = { NULL }, *ln[CMP_REFS] = { NULL };
	double best = -1, slope = 0, centre = 0;
	struct ref_sums r;
	int k, pick = -1;

	if (base->derived || new->derived || !base->present || !new->present)
		return 0;
	for (k = 0; k < CMP_REFS; k++) {
		double removed;

		if (!ref_fit(base, pb, new, pn, k, &lb[k], &ln[k], &r))
			continue;
		removed = r.sxy * r.sxy / (r.sxx * r.syy);
		if (removed > best) {
			best = removed;
			pick = k;
			slope = r.sxy / r.sxx;
			centre = r.xsum / (double)r.nx;
		}
	}
	if (pick >= 0) {
		apply(base, lb[pick], slope, centre);
		apply(new, ln[pick], slope, centre);
		adj->ref = pick;
		adj->slope = slope;
		adj->removed = best;
	}
	for (k = 0; k < CMP_REFS; k++) {
		free(lb[k]);
		free(ln[k]);
	}
	return pick >= 0;
}
