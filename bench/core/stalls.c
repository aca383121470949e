// SPDX-License-Identifier: GPL-2.0
/*
 * Stalls: a repetition whose ops/s is more than STALL_FACTOR from the
 * median of the point's repetitions is named in the point (stalls[], and
 * a validity note), with what ptbench saw in that repetition that could
 * explain it, so that it is never averaged in silently. The point stays
 * valid and its figures keep every repetition: a stall may be the
 * kernel's (a patch that blocks on a lock) as well as the machine's (a
 * neighbour, a preempted vCPU). The median of all, not of the others:
 * with two stalls in five (14, 24 among 824, 915, 1320) the others'
 * median would make 1320 look 3x high.
 *
 * The rule, from this project's 2-vCPU VM (docs/methodology.md, "Stalls"):
 * over 3,763 repetitions of 25 runs (quick config three runs a side, the
 * example report's 16 runs, one default run) a repetition stayed within
 * 2.07x of its point's median at the 99.9th percentile for ptl, 1.86x at
 * most for gup, 1.73x for integrity. Beyond 3x: two ptl repetitions (295
 * ops/s among 1615-2655, 6.5x; 8 among 38-66, 4.5x) and collapse's first
 * repetition at bystanders=0 in every run (8-11x). A noisy neighbour gave
 * 14 and 24 among 824-1320 (issue 23). 3x catches those, not the spread.
 */
#include <math.h>
#include <string.h>

#include "lib/stats.h"
#include "stalls.h"

#define STALL_MIN_REPS	3	/* fewer have no median to stand out from */

/* v against med: the larger over the smaller, >= 1; NAN: none. */
static double off_by(double v, double med)
{
	if (!(v > 0) || !(med > 0))
		return NAN;
	return v > med ? v / med : med / v;
}

/* What the repetition shows beside the stall; "" when nothing. */
static void stall_cause(const struct point_result *r, size_t k, char *buf, size_t len)
{
	double med, f;
	int i;

	buf[0] = '\0';
	if (!r->speed[SREF_CACHE].absent[0] && r->speed[SREF_CACHE].x) {
		const double *x = r->speed[SREF_CACHE].x;

		f = off_by(x[k], percentile(x, r->reps_done, 50));
		if (f > STALL_CAUSE_FACTOR) {
			snprintf(buf, len, "the machine's speed reference was %.2gx off its median in "
				 "it: the machine, not the kernel", f);
			return;
		}
	}
	for (i = 0; i < r->nev; i++) {
		if (strcmp(r->ev[i].name, "context-switches") || !r->ev[i].per_rep)
			continue;
		med = percentile(r->ev[i].per_rep, r->reps_done, 50);
		f = off_by(r->ev[i].per_rep[k], med);
		if (f > STALL_CAUSE_FACTOR && r->ev[i].per_rep[k] > med)
			snprintf(buf, len, "%.0f context switches in it, %.2gx their median: the workers "
				 "slept or were preempted", r->ev[i].per_rep[k], f);
		return;
	}
}

json_t *stalls_json(const struct point_result *r, json_t *notes)
{
	json_t *a = NULL;
	char cause[160];
	double med, f;
	size_t k, n = r->reps_done;

	if (n < STALL_MIN_REPS || !r->rate)
		return NULL;
	med = percentile(r->rate, n, 50);
	for (k = 0; k < n; k++) {
		f = off_by(r->rate[k], med);
		if (!(f > STALL_FACTOR))
			continue;
		stall_cause(r, k, cause, sizeof(cause));
		if (!a)
			a = json_array();
		json_array_append_new(a, json_pack("{s:I, s:f, s:f, s:f, s:s*}", "repetition",
			(json_int_t)k + 1, "ops_per_sec", r->rate[k], "median", med,
			"factor", f, "cause", cause[0] ? cause : NULL));
		json_array_append_new(notes, json_sprintf("repetition %zu of %zu is a stall: %.4g ops/s, "
			"%.2gx %s the point's median %.4g (%s); it is in the figures", k + 1, n,
			r->rate[k], f, r->rate[k] < med ? "below" : "above", med,
			cause[0] ? cause : "no cause ptbench can see: the speed reference and context "
			"switches held"));
	}
	return a;
}
