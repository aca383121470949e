// SPDX-License-Identifier: GPL-2.0
/*
 * Rounds (ptbench run --rounds R): every point runs once per round with
 * its share of the repetitions, and the rounds' results of a point are
 * joined into one. A point's repetitions then spread over the whole run
 * instead of sitting back to back, so a machine whose speed wanders on a
 * scale of seconds (docs/methodology.md, "Rounds") moves every point
 * alike rather than one point's mean alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rounds.h"

unsigned int rounds_reps(unsigned int reps, unsigned int rounds, unsigned int k)
{
	if (rounds <= 1)
		return reps;
	/* the first reps % rounds rounds take one more */
	return reps / rounds + (k < reps % rounds);
}

/* a + b for arrays of a's type; NULL (a freed) when out of memory */
static void *cat(void *a, size_t na, const void *b, size_t nb, size_t size)
{
	char *c = realloc(a, (na + nb ? na + nb : 1) * size);

	if (!c) {
		free(a);
		return NULL;
	}
	if (nb)
		memcpy(c + na * size, b, nb * size);
	return c;
}

/*
 * Numbers of b added into a, key by key and element by element (vmstat
 * and interrupt deltas); what b has and a lacks is copied, strings and
 * arrays of other lengths are a's.
 */
static void json_sum_into(json_t *a, const json_t *b)
{
	const char *key;
	json_t *v, *w;
	size_t i;

	if (json_is_integer(a) && json_is_integer(b)) {
		json_integer_set(a, json_integer_value(a) + json_integer_value(b));
		return;
	}
	if (json_is_number(a) && json_is_number(b) && json_is_real(a)) {
		json_real_set(a, json_number_value(a) + json_number_value(b));
		return;
	}
	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach((json_t *)b, key, v) {
			w = json_object_get(a, key);
			if (w && (json_is_integer(w) || json_is_object(w) || json_is_array(w)))
				json_sum_into(w, v);
			else if (!w)
				json_object_set_new(a, key, json_deep_copy(v));
		}
		return;
	}
	if (json_is_array(a) && json_is_array(b) && json_array_size(a) == json_array_size(b))
		json_array_foreach(a, i, w)
			json_sum_into(w, json_array_get(b, i));
}

static int has_note(const struct wl_validity *v, const char *s)
{
	int i;

	for (i = 0; i < v->nnotes; i++)
		if (!strcmp(v->notes[i], s))
			return 1;
	return 0;
}

/*
 * A check of the same name sums its expected and observed counts over
 * the rounds and holds only if it held in every round; the first round
 * found invalid gives the point's reason.
 */
static void join_validity(struct wl_validity *a, const struct wl_validity *b, unsigned int round)
{
	int i, j;

	if (b->invalid)
		wl_invalid(a, "round %u: %.*s", round + 1, (int)sizeof(a->reason) - 16, b->reason);
	for (i = 0; i < b->nchecks; i++) {
		for (j = 0; j < a->nchecks && strcmp(a->checks[j].name, b->checks[i].name); j++)
			;
		if (j == a->nchecks) {
			if (a->nchecks == WL_MAX_CHECKS)
				continue;
			a->checks[a->nchecks++] = b->checks[i];
			continue;
		}
		a->checks[j].expected += b->checks[i].expected;
		a->checks[j].observed += b->checks[i].observed;
		a->checks[j].ok &= b->checks[i].ok;
	}
	for (i = 0; i < b->nnotes && a->nnotes < WL_MAX_NOTES; i++)
		if (!has_note(a, b->notes[i]))
			memcpy(a->notes[a->nnotes++], b->notes[i], sizeof(a->notes[0]));
	for (i = 0; i < b->nunobs; i++)
		wl_unobserved(a, b->unobs[i].metric, "%s", b->unobs[i].why);
}

/* b's events by name after a's; an event a round did not count is dropped. */
static int join_events(struct point_result *a, const struct point_result *b)
{
	unsigned int na = a->reps_done, nb = b->reps_done;
	int i, j, k;

	for (i = 0, k = 0; i < a->nev; i++) {
		for (j = 0; j < b->nev && strcmp(a->ev[i].name, b->ev[j].name); j++)
			;
		if (j == b->nev) {
			free(a->ev[i].per_rep);
			continue;
		}
		a->ev[i].per_rep = cat(a->ev[i].per_rep, na, b->ev[j].per_rep, nb, sizeof(double));
		if (!a->ev[i].per_rep)
			return -1;
		a->ev[k++] = a->ev[i];
	}
	a->nev = k;
	return 0;
}

static int join_series(struct wl_series *a, int *na, const struct wl_series *b, int nb)
{
	int i, j;

	for (i = 0; i < nb; i++) {
		for (j = 0; j < *na && a[j].def != b[i].def; j++)
			;
		if (j == *na)
			continue;	/* the workload declares the same series every round */
		a[j].x = cat(a[j].x, a[j].n, b[i].x, b[i].n, sizeof(double));
		if (!a[j].x)
			return -1;
		a[j].n += b[i].n;
	}
	return 0;
}

static int join_reps(struct point_result *a, const struct point_result *b)
{
	unsigned int na = a->reps_done, nb = b->reps_done, n = a->nthreads;
	int k;

	a->rate = cat(a->rate, na, b->rate, nb, sizeof(double));
	a->window = cat(a->window, na, b->window, nb, sizeof(double));
	a->rep_ops = cat(a->rep_ops, na, b->rep_ops, nb, sizeof(*b->rep_ops));
	a->thread_rate = cat(a->thread_rate, (size_t)na * n, b->thread_rate, (size_t)nb * n,
			     sizeof(double));
	if (!a->rate || !a->window || !a->rep_ops || !a->thread_rate)
		return -1;
	for (k = 0; k < SREF_KINDS; k++) {
		struct speed_series *sa = &a->speed[k];
		const struct speed_series *sb = &b->speed[k];

		sa->x = cat(sa->x, na, sb->x, nb, sizeof(double));
		if (!sa->x)
			return -1;
		if (!sa->absent[0] && sb->absent[0])
			snprintf(sa->absent, sizeof(sa->absent), "%s", sb->absent);
	}
	return 0;
}

int rounds_join(struct point_result *a, struct point_result *b, unsigned int round)
{
	if (b->status != PT_OK) {
		a->status = b->status;
		snprintf(a->reason, sizeof(a->reason), "round %u of the run: %.*s", round + 1,
			 (int)sizeof(a->reason) - 32, b->reason);
		return 0;
	}
	if (b->nthreads != a->nthreads)
		goto fail;
	if (join_events(a, b) || join_series(a->wm, &a->nwm, b->wm, b->nwm) ||
	    join_series(a->dist, &a->ndist, b->dist, b->ndist) || join_reps(a, b))
		goto fail;
	a->reps_done += b->reps_done;
	a->total_ops += b->total_ops;
	a->wall += b->wall;
	if (b->mem_bytes > a->mem_bytes)
		a->mem_bytes = b->mem_bytes;
	if (a->vmstat && b->vmstat)
		json_sum_into(a->vmstat, b->vmstat);
	if (a->interrupts && b->interrupts)
		json_sum_into(a->interrupts, b->interrupts);
	join_validity(&a->validity, &b->validity, round);
	return 0;
fail:
	a->status = PT_ERROR;
	snprintf(a->reason, sizeof(a->reason), "round %u of the run: its results could not be joined "
		 "(out of memory, or another number of workers)", round + 1);
	return -1;
}
