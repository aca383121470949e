// SPDX-License-Identifier: GPL-2.0
/*
 * What the counters saw on the bystanders' CPUs (bystander.h), per event
 * of worker 0's: the IPIs a collapse or a page-table free sends, and to
 * how many of them.
 */
#include <math.h>
#include <stdio.h>

#include "bystander.h"

void byst_count(const struct wl_point *pt, const struct bystanders *b, const char *ev,
		unsigned long long events, double *mean, double *max)
{
	double sum = 0, hi = 0;
	unsigned int i;

	*mean = *max = NAN;
	if (!b->n || !events)
		return;
	for (i = 1; i <= b->n; i++) {
		double v = wl_count(pt, ev, (int)i);

		if (!isfinite(v))
			return;
		sum += v;
		hi = MAX(hi, v);
	}
	*mean = sum / b->n / (double)events;
	*max = hi / (double)events;
}

double byst_fanout(const struct wl_point *pt, const struct bystanders *b, const char *ev,
		   unsigned long long events)
{
	unsigned int i, n = 0;

	if (!b->n || !events)
		return NAN;
	for (i = 1; i <= b->n; i++) {
		double v = wl_count(pt, ev, (int)i);

		if (!isfinite(v))
			return NAN;
		n += v >= (double)events;
	}
	return (double)n;
}

/*
 * Every call a bystander's CPU ran that is none of the named causes. A
 * kernel without flush_tlb_func (every arch but x86: TLB invalidation is a
 * broadcast instruction there) has no such call to take away.
 */
static double other_calls(const struct wl_point *pt, const struct bystanders *b,
			  unsigned long long events, const struct byst_ipis *o)
{
	double all, perf, hi;

	byst_count(pt, b, EV_CSD, events, &all, &hi);
	byst_count(pt, b, EV_PERF, events, &perf, &hi);
	return all - o->sync - o->wake - perf - (isfinite(o->tlb) ? o->tlb : 0);
}

void byst_ipis(const struct wl_point *pt, const struct bystanders *b, unsigned long long events,
	       struct byst_ipis *o)
{
	double hi;

	byst_count(pt, b, EV_CAL, events, &o->line, &o->line_max);
	o->fanout = byst_fanout(pt, b, EV_CAL, events);
	byst_count(pt, b, EV_SYNC, events, &o->sync, &hi);
	o->sync_fanout = byst_fanout(pt, b, EV_SYNC, events);
	byst_count(pt, b, EV_TLB, events, &o->tlb, &hi);
	byst_count(pt, b, EV_TLB_LINE, events, &o->shoot, &hi);
	byst_count(pt, b, EV_WAKE, events, &o->wake, &hi);
	o->other = other_calls(pt, b, events, o);
}

static void keep(char *dst, const char *prefix, const char *why)
{
	if (why)
		snprintf(dst, WL_REASON_LEN, "%s%s%s", prefix, prefix[0] ? ": " : "", why);
}

void byst_whys(const struct wl_point *pt, struct byst_whys *w)
{
	keep(w->line, "", wl_count_why(pt, EV_CAL));
	keep(w->shoot, "", wl_count_why(pt, EV_TLB_LINE));
	keep(w->csd, EV_CSD, wl_count_why(pt, EV_CSD));
	/* without csd the TLB figure is absent for that reason already */
	if (!w->csd[0])
		keep(w->tlb, "", wl_count_why(pt, EV_TLB));
	keep(w->sent, EV_SYNC_SENT, wl_count_why(pt, EV_SYNC_SENT));
}

void byst_calls_unobserved(struct wl_validity *v, const char *const *metrics,
			   const struct byst_whys *w)
{
	for (; w->csd[0] && *metrics; metrics++)
		wl_unobserved(v, *metrics, "%s (the csd tracepoints are v6.3+): the function-call "
			      "line counts every kind", w->csd);
}
