// SPDX-License-Identifier: GPL-2.0
/*
 * The stalls of a family (summary_int.h): repetitions a result file names
 * as 3x or more off their point's median (point "stalls", bench/core/
 * stalls.c), said under the family's table with the point, the side, the
 * run and the repetition, so that a mean they pull is never read without
 * them. The first SUM_STALLS_SHOWN are named; the JSON of every point
 * holds them all.
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

/* "pte fault split thr=2 BASE run 2 rep 4: 295 ops/s, 6.5x below" */
static int one_stall(const struct sum_table *st, const struct sum_family *fm, size_t p, int side,
		     size_t run, json_t *s, char *buf, size_t len)
{
	char name[256], val[32];
	double v = json_number_value(json_object_get(s, "ops_per_sec"));
	double med = json_number_value(json_object_get(s, "median"));

	sum_point_name(fm, p, name, sizeof(name));
	fmt_num(v, val, sizeof(val));
	return snprintf(buf, len, "%s %s run %zu rep %lld: %s ops/s, %.2gx %s", name,
			fmt_side_tag(st->c, side), run + 1,
			(long long)json_integer_value(json_object_get(s, "repetition")), val,
			json_number_value(json_object_get(s, "factor")), v < med ? "below" : "above");
}

/* Every stall of side point sp into buf while fewer than SUM_STALLS_SHOWN are named. */
static void side_stalls(const struct sum_table *st, const struct sum_family *fm, size_t p, int side,
			const struct side_point *sp, size_t *n, char *buf, size_t len)
{
	size_t i, k, used;
	json_t *s;

	for (i = 0; sp && i < sp->nref; i++)
		json_array_foreach(json_object_get(sp->ref[i]->json, "stalls"), k, s) {
			used = strlen(buf);
			if (*n < SUM_STALLS_SHOWN && used + 2 < len) {
				if (used)
					used += (size_t)snprintf(buf + used, len - used, "; ");
				one_stall(st, fm, p, side, i, s, buf + used, len - used);
			}
			(*n)++;
		}
}

int sum_stalls_text(const struct sum_table *st, const struct sum_family *fm, char *buf, size_t len)
{
	char list[1024] = "";
	size_t p, n = 0;
	int j;

	for (p = 0; p < fm->npt; p++) {
		side_stalls(st, fm, p, st->t[0]->base, side_pt(fm, p, -1), &n, list, sizeof(list));
		for (j = 0; j < (int)st->ntab && st->t[j]->new >= 0; j++)
			side_stalls(st, fm, p, st->t[j]->new, side_pt(fm, p, j), &n, list, sizeof(list));
	}
	if (!n)
		return -1;
	snprintf(buf, len, "%zu stall%s (3x or more off the point's median, in the figures): %s", n,
		 n == 1 ? "" : "s", list);
	if (n > SUM_STALLS_SHOWN && strlen(buf) < len)
		snprintf(buf + strlen(buf), len - strlen(buf), "; %zu more in the result files "
			 "(points' stalls)", n - SUM_STALLS_SHOWN);
	return 0;
}
