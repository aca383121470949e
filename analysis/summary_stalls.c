// SPDX-License-Identifier: GPL-2.0
/*
 * The stalls of a family (summary_int.h): repetitions a result file names
 * as 3x or more off their point's median (point "stalls", bench/core/
 * stalls.c), said under the family's table with the point, the side, the
 * run and the repetition, so that a mean they pull is never read without
 * them: one entry a point, the first SUM_STALLS_SHOWN points named; the
 * JSON of every point holds them all.
 */
#include <stdio.h>
#include <string.h>

#include "summary_int.h"

#define SUM_STALLS_SHOWN	3

/* The side point of point p of fm in table j's NEW side (NULL: none); j < 0: BASE's. */
static const struct side_point *side_pt(const struct sum_family *fm, size_t p, int j)
{
	size_t k;

	if (j < 0)
		return fm->pt[p];
	for (k = 0; k < fm->ncol; k++) {
		const struct cmp_row *r = fm->cells[p][fm->col[k].rank].r[j];

		if (r)
			return r->pn;
	}
	return NULL;
}

/* One point's stalls over every side and run. */
struct pt_stalls {
	size_t n, runs;			/* stalls; runs of the point, all sides */
	int side;			/* the last stall's side and run */
	size_t run;
	long long rep_lo, rep_hi;
	double f_lo, f_hi;
	int below, above;
};

static void add_side(struct pt_stalls *ps, int side, const struct side_point *sp)
{
	size_t i, k;
	json_t *s;

	for (i = 0; sp && i < sp->nref; i++) {
		ps->runs++;
		json_array_foreach(json_object_get(sp->ref[i]->json, "stalls"), k, s) {
			long long rep = json_integer_value(json_object_get(s, "repetition"));
			double f = json_number_value(json_object_get(s, "factor"));
			double v = json_number_value(json_object_get(s, "ops_per_sec"));

			ps->rep_lo = !ps->n || rep < ps->rep_lo ? rep : ps->rep_lo;
			ps->rep_hi = !ps->n || rep > ps->rep_hi ? rep : ps->rep_hi;
			ps->f_lo = !ps->n || f < ps->f_lo ? f : ps->f_lo;
			ps->f_hi = !ps->n || f > ps->f_hi ? f : ps->f_hi;
			ps->below += v < json_number_value(json_object_get(s, "median"));
			ps->above += !(v < json_number_value(json_object_get(s, "median")));
			ps->side = side;
			ps->run = i;
			ps->n++;
		}
	}
}

/*
 * One stall: "pte fault split thr=2: NEW run 2 rep 4, 6.5x below" (its
 * value is in the point's stalls[]); several of one point: "bys=0 spin: 6
 * in 6 runs, rep 1, 8-11x below" (one entry a point, however many runs).
 */
static void pt_text(const struct sum_table *st, const struct sum_family *fm, size_t p,
		    const struct pt_stalls *ps, char *buf, size_t len)
{
	const char *dir = !ps->above ? "below" : !ps->below ? "above" : "off";
	char name[256], reps[48], lo[16], hi[16];

	sum_point_name(fm, p, name, sizeof(name));
	if (ps->n == 1) {
		snprintf(buf, len, "%s: %s run %zu rep %lld, %.2gx %s", name,
			 fmt_side_tag(st->c, ps->side), ps->run + 1, ps->rep_lo, ps->f_lo, dir);
		return;
	}
	if (ps->rep_lo == ps->rep_hi)
		snprintf(reps, sizeof(reps), "rep %lld", ps->rep_lo);
	else
		snprintf(reps, sizeof(reps), "reps %lld-%lld", ps->rep_lo, ps->rep_hi);
	snprintf(lo, sizeof(lo), "%.2g", ps->f_lo);
	snprintf(hi, sizeof(hi), "%.2g", ps->f_hi);
	snprintf(buf, len, "%s: %zu in %zu runs, %s, %s%s%sx %s", name, ps->n, ps->runs, reps, lo,
		 strcmp(lo, hi) ? "-" : "", strcmp(lo, hi) ? hi : "", dir);
}

int sum_stalls_text(const struct sum_table *st, const struct sum_family *fm, char *buf, size_t len)
{
	char list[2048] = "", one[1024];
	size_t p, n = 0, npts = 0, used;
	int j;

	for (p = 0; p < fm->npt; p++) {
		struct pt_stalls ps = { 0 };

		add_side(&ps, st->t[0]->base, side_pt(fm, p, -1));
		for (j = 0; j < (int)st->ntab && st->t[j]->new >= 0; j++)
			add_side(&ps, st->t[j]->new, side_pt(fm, p, j));
		if (!ps.n)
			continue;
		n += ps.n;
		if (npts++ >= SUM_STALLS_SHOWN)
			continue;
		pt_text(st, fm, p, &ps, one, sizeof(one));
		used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s", used ? "; " : "", one);
	}
	if (!n)
		return -1;
	snprintf(buf, len, "%zu stall%s (3x off median, kept): %s", n, n == 1 ? "" : "s", list);
	if (npts > SUM_STALLS_SHOWN && strlen(buf) < len)
		snprintf(buf + strlen(buf), len - strlen(buf), "; %zu more points: their stalls[] in the "
			 "result files", npts - SUM_STALLS_SHOWN);
	return 0;
}
