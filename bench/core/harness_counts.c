// SPDX-License-Identifier: GPL-2.0
/*
 * The counts of one repetition for a workload's rep_end(): each counter
 * event and each of the profile's kinds of interrupt, in total and on each
 * worker's CPU, and the per-repetition metrics made of them.
 */
#include <math.h>

#include "harness_int.h"

/*
 * The events that could not be opened stay known by name, never counted,
 * with the reason: what wl_count_why() hands the workload.
 */
static void add_unusable(struct rep_counts *rc, const struct counters *c)
{
	const char *name, *why;
	int j;

	for (j = 0; rc->nev + rc->nirq + rc->nun < RC_MAX &&
		    !counters_unusable(c, j, &name, &why); j++) {
		int k = rc->nev + rc->nirq + rc->nun++;

		rc->name[k] = name;
		rc->why[k] = why;
		rc->total[k] = NAN;
	}
}

struct rep_counts *rep_counts_new(struct run *run, struct point_result *r, const struct counters *c)
{
	const struct harness *h = run->h;
	struct rep_counts *rc = calloc(1, sizeof(*rc));
	size_t i, ncells;

	if (!rc)
		return NULL;
	rc->nev = r->nev;
	for (i = 0; (int)i < rc->nev; i++)
		rc->name[i] = r->ev[i].name;
	for (i = 0; h->irq && (int)i < h->irq->nkinds; i++) {
		const struct irq_kind_sel *k = &h->irq->k[i];

		snprintf(rc->irqname[i], sizeof(rc->irqname[i]), "irq:%s", k->kind);
		rc->why[rc->nev + rc->nirq] = k->nlines ? NULL : k->why;
		rc->name[rc->nev + rc->nirq++] = rc->irqname[i];
	}
	add_unusable(rc, c);
	ncells = (size_t)(rc->nev + rc->nirq + rc->nun) * run->n;
	rc->cpu = calloc(ncells, sizeof(double));
	rc->prev = calloc((size_t)rc->nev * run->n + 1, sizeof(uint64_t));
	if (!rc->cpu || !rc->prev) {
		free(rc->cpu);
		free(rc->prev);
		free(rc);
		return NULL;
	}
	for (i = (size_t)(rc->nev + rc->nirq) * run->n; i < ncells; i++)
		rc->cpu[i] = NAN;
	rc->wc.n = rc->nev + rc->nirq + rc->nun;
	rc->wc.name = rc->name;
	rc->wc.why = rc->why;
	rc->wc.total = rc->total;
	rc->wc.cpu = rc->cpu;
	return rc;
}

void rep_counts_free(struct rep_counts *rc)
{
	if (!rc)
		return;
	irq_free(&rc->irq[0]);
	irq_free(&rc->irq[1]);
	free(rc->cpu);
	free(rc->prev);
	free(rc);
}

/* A worker's CPU if it is bound to one, else -1. */
static int worker_cpu(const struct run *run, unsigned int t)
{
	return run->w[t].t.cpu >= 0 ? run->w[t].cpu_seen : -1;
}

static void rep_counts_fill(struct run *run, struct counters *c, struct point_result *r, int rep)
{
	struct rep_counts *rc = run->rc;
	unsigned int t;
	int i;

	for (i = 0; i < rc->nev; i++) {
		rc->total[i] = r->ev[i].per_rep[rep];
		for (t = 0; t < run->n; t++) {
			size_t k = (size_t)i * run->n + t;
			int64_t v = worker_cpu(run, t) < 0 ? -1 : counters_read_cpu(c, i, worker_cpu(run, t));

			rc->cpu[k] = v < 0 ? NAN : (double)((uint64_t)v - rc->prev[k]);
			if (v >= 0)
				rc->prev[k] = (uint64_t)v;
		}
	}
	for (i = 0; i < rc->nirq; i++) {
		rc->total[rc->nev + i] = irq_sel_delta(run->h->irq, i, &rc->irq[0], &rc->irq[1], -1);
		for (t = 0; t < run->n; t++)
			rc->cpu[(size_t)(rc->nev + i) * run->n + t] = worker_cpu(run, t) < 0 ? NAN :
				irq_sel_delta(run->h->irq, i, &rc->irq[0], &rc->irq[1], worker_cpu(run, t));
	}
}

void rep_metrics(struct run *run, struct counters *c, struct point_result *r, int rep)
{
	double val[WL_MAX_METRICS];
	int i;

	if (!run->ps->ops->rep_end)
		return;
	for (i = 0; i < r->nwm; i++)
		val[i] = NAN;
	if (run->rc) {
		rep_counts_fill(run, c, r, rep);
		run->pt.counts = &run->rc->wc;
	}
	run->ps->ops->rep_end(&run->pt, rep, val);
	run->pt.counts = NULL;
	for (i = 0; i < r->nwm; i++)
		r->wm[i].x[rep] = val[i];
}
