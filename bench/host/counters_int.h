/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by counters.c (opening the events), counters_read.c (reading and
 * describing them) and tracefs.c, and by nothing else.
 */
#ifndef PTBENCH_COUNTERS_INT_H
#define PTBENCH_COUNTERS_INT_H

#include <stdint.h>

#include <linux/perf_event.h>

#include "counters.h"

struct counter_ev {
	char name[64];
	const char *kind;
	struct perf_event_attr attr;
	struct perf_evsel *evsel;	/* NULL when unavailable */
	char reason[320];
	int err;			/* errno of the failed open, or 0 */
	int user_only;			/* fell back to exclude_kernel */
	int multiplexed;		/* seen scaled at some read */
	/*
	 * A filtered tracepoint ("sys:name[field==value]"): libperf (6.1)
	 * cannot set a filter, so these are opened here, one fd per CPU,
	 * system-wide only.
	 */
	char filter[128];		/* as the kernel takes it, symbols resolved */
	int *fds;			/* [ncpus] when open */
	int nfds;
};

struct counters {
	int system_wide;
	char scope_reason[200];
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	int nev;
	struct counter_ev *ev;		/* every event asked for */
	int nusable;
	int *usable;			/* indices into ev[] of the open ones */
};

/* Whether e was opened (as an evsel, or as filtered per-CPU fds). */
static inline int ev_open(const struct counter_ev *e)
{
	return e->evsel || e->fds;
}

/* tracefs.c: "sys:name" into its two halves; 0, or -1 when it is not one. */
int split_tp(const char *tp, char *sys, size_t slen, char *name, size_t nlen);
/* Why tracefs_dir() said NULL; call right after it. */
void tracefs_why_not(char *why, size_t len);
/* The id of tracepoint "sys:name" in tracefs, or -1. */
long long tracepoint_id(const char *tp);

#endif
