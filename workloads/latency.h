/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small pure pieces of the collapse and integrity workloads, kept apart so
 * that unit tests can check them: the latency summary of a set of samples
 * (type-7 percentiles from lib/stats.c) and the gap detector of a
 * spinning bystander (a jump in a fast clock between two iterations of a
 * tight loop means the CPU was taken away: an interrupt, an IPI, a
 * preemption).
 */
#ifndef PTBENCH_LATENCY_H
#define PTBENCH_LATENCY_H

#include <stddef.h>
#include <stdint.h>

struct lat_summary {
	size_t n;
	double p50, p90, p99, max, mean;
};

/* Summary of x[0..n-1] (x is not modified); all fields NAN when n is 0. */
void lat_summarize(const double *x, size_t n, struct lat_summary *s);

struct gap_stats {
	uint64_t gaps;		/* iterations that took longer than the threshold */
	uint64_t lost_ns;	/* time spent in those iterations */
	uint64_t worst_ns;	/* the longest iteration */
	uint64_t iters;
};

/*
 * One loop iteration that began at prev and ended at now (ns): a gap when
 * it took more than threshold. Inline: it is the spinner's hot loop.
 */
static inline void gap_account(struct gap_stats *g, uint64_t prev, uint64_t now, uint64_t threshold)
{
	uint64_t d = now > prev ? now - prev : 0;

	g->iters++;
	if (d > g->worst_ns)
		g->worst_ns = d;
	if (d <= threshold)
		return;
	g->gaps++;
	g->lost_ns += d;
}

/* Fraction of window_ns lost to gaps, clamped to [0, 1]; NAN without a window. */
double gap_lost_fraction(const struct gap_stats *g, uint64_t window_ns);

#endif
