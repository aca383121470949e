/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness: runs one point. Worker threads are created once per point and
 * placed; every phase (one warm-up, then the repetitions) starts them on a
 * barrier and ends them with a flag after a fixed duration. Counters cover
 * the measured repetitions only. The harness knows no page tables: all it
 * sees of a workload is the ops struct.
 */
#ifndef PTBENCH_HARNESS_H
#define PTBENCH_HARNESS_H

#include <jansson.h>

#include "bench/host/speedref.h"
#include "config.h"
#include "workloads/workload.h"

struct topo;
struct archprof;
struct irq_sel;

#define HX_MAX_EVENTS	32

enum point_status {
	PT_OK,
	PT_SKIPPED,		/* cannot run here: reason says why */
	PT_ERROR,		/* failed while running */
	PT_INTERRUPTED,		/* a signal ended the run */
};

struct ev_samples {
	char name[64];
	char kind[16];
	double *per_rep;	/* [reps_done] */
};

/* A workload metric's samples, or a raw distribution of the point. */
struct wl_series {
	const struct wl_metric *def;
	double *x;
	size_t n;
};

#define HX_MAX_DISTS	4

struct point_result {
	enum point_status status;
	char reason[WL_REASON_LEN];
	unsigned int nthreads;
	unsigned int reps_done;
	int *cpus;		/* [nthreads] planned OS CPU (-1: unbound) */
	int *cpus_seen;		/* [nthreads] sched_getcpu() after binding */
	double *rate;		/* [rep] total ops/s: sum of each thread's ops / its own window */
	double *thread_rate;	/* [rep * nthreads] */
	double *window;		/* [rep] mean measured window per thread, seconds */
	unsigned long long *rep_ops;	/* [rep] ops in the repetition, all threads */
	unsigned long long total_ops;	/* including warm-up */
	int nev;
	struct ev_samples ev[HX_MAX_EVENTS];
	json_t *counters;	/* counters_describe() */
	json_t *vmstat;		/* deltas over warm-up + repetitions */
	json_t *interrupts;
	int nwm;
	struct wl_series wm[WL_MAX_METRICS];	/* workload metrics, x[rep] (NAN: none) */
	int ndist;
	struct wl_series dist[HX_MAX_DISTS];
	struct wl_validity validity;
	struct speed_series speed[SREF_KINDS];	/* the speed references (speedref.c) */
	int speed_cpu;		/* the CPU they were taken on */
	double wall;		/* seconds from setup to teardown */
	unsigned long long mem_bytes;
};

struct harness {
	const struct wl_sys *sys;
	const struct topo *topo;
	const char *const *tracepoints;
	int ntp;
	const struct irq_sel *irq;	/* the interrupt lines of each kind, or NULL */
	double mem_share;	/* largest share of MemAvailable a point may use */
	/* called at each phase: rep < 0 is the warm-up */
	void (*progress)(void *arg, int rep, unsigned int nreps);
	void *progress_arg;
};

/* Install signal handling: call once before the first point. */
void harness_init(void);
/* Whether a signal asked the run to end. */
int harness_interrupted(void);
int harness_run_point(const struct harness *h, const struct point_spec *ps, struct point_result *r);
void point_result_free(struct point_result *r);
const char *point_status_name(enum point_status s);

#endif
