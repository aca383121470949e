/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by harness.c (workers, phases, a point) and harness_counts.c (the
 * per-repetition counts a workload's rep_end() gets), and by nothing else.
 */
#ifndef PTBENCH_HARNESS_INT_H
#define PTBENCH_HARNESS_INT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench/host/counters.h"
#include "bench/host/irqsel.h"
#include "bench/host/speedref.h"
#include "harness.h"

struct worker {
	struct wl_thread t;		/* first: the workload's padded slot */
	pthread_t tid;
	pid_t os_tid;
	int cpu_seen;
	int setup_err;
	uint64_t t0, t1;		/* this phase's window, ns */
	unsigned long long ops0;	/* t.ops at t0 */
	struct run *run;
} __attribute__((aligned(SLOT_ALIGN)));

/*
 * Per-repetition counts for rep_end(): events of the counters and the
 * profile's kinds of interrupt (each the sum of its lines), in total and
 * on each worker's CPU.
 */
#define RC_MAX	(2 * HX_MAX_EVENTS + AP_MAX_LINES)

struct rep_counts {
	struct wl_counts wc;
	int nev, nirq;			/* nirq: kinds of interrupt */
	int nun;			/* events that could not be opened, after them */
	const char *name[RC_MAX];
	const char *why[RC_MAX];
	char irqname[AP_MAX_LINES][48];
	double total[RC_MAX];
	double *cpu;			/* [(nev + nirq) * nthreads] */
	uint64_t *prev;			/* [nev * nthreads] cumulative per-CPU counts */
	struct irq_snap irq[2];
};

struct run {
	const struct harness *h;
	const struct point_spec *ps;
	struct wl_point pt;
	pthread_barrier_t bar;
	int quit;
	int work_done;			/* futex: worker 0 finished a fixed-work phase */
	unsigned int n;
	struct worker *w;
	const struct topo *topo;
	struct rep_counts *rc;		/* only for workloads with rep_end() */
	struct speedref sref[SREF_KINDS];	/* the machine's speed beside each repetition */
};

/* harness_counts.c */
struct rep_counts *rep_counts_new(struct run *run, struct point_result *r, const struct counters *c);
void rep_counts_free(struct rep_counts *rc);
void rep_metrics(struct run *run, struct counters *c, struct point_result *r, int rep);

/* harness_speed.c: the speed references of a point and their samples */
void speed_setup(struct run *run, struct point_result *r);
/* beside repetition rep: before its phase (end 0), after it (end 1) */
void speed_sample(struct run *run, struct point_result *r, int rep, int end);
void speed_teardown(struct run *run);

#endif
