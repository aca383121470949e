// SPDX-License-Identifier: GPL-2.0
/*
 * What the counters saw on the bystanders' CPUs (bystander.h), per event
 * of worker 0's: the IPIs a collapse or a page-table free sends, and to
 * how many of them.
 */
#include <math.h>

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
