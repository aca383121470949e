// SPDX-License-Identifier: GPL-2.0
/* The latency summary of a set of samples and the spinning bystander's gap detector. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "latency.h"
#include "services.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void lat_summarize(const double *x, size_t n, struct lat_summary *s)
{
	double *sorted, sum = 0;
	size_t i;

	s->n = n;
	s->p50 = s->p90 = s->p99 = s->max = s->mean = NAN;
	if (!n)
		return;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return;
	memcpy(sorted, x, n * sizeof(*sorted));
	/* sorted once, so that percentile()'s own sort is linear-time work */
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	for (i = 0; i < n; i++)
		sum += sorted[i];
	s->p50 = percentile(sorted, n, 50);
	s->p90 = percentile(sorted, n, 90);
	s->p99 = percentile(sorted, n, 99);
	s->max = sorted[n - 1];
	s->mean = sum / (double)n;
	free(sorted);
}

double gap_lost_fraction(const struct gap_stats *g, uint64_t window_ns)
{
	double f;

	if (!window_ns)
		return NAN;
	f = (double)g->lost_ns / (double)window_ns;
	return f < 0 ? 0 : f > 1 ? 1 : f;
}
