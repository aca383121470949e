/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bystanders: workers 1..N on other CPUs while worker 0 does something to
 * the page tables that may interrupt them (a THP collapse, a page-table
 * free), idle, spinning in user space (counting the gaps interrupts leave
 * in a fast clock) or running GUP-fast, as threads of the same mm or as
 * processes of their own; and what the counters saw on their CPUs. Shared
 * by the families that have them (collapse), so that each counts its
 * bystanders' IPIs the same way.
 */
#ifndef PTBENCH_BYSTANDER_H
#define PTBENCH_BYSTANDER_H

#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "latency.h"
#include "workload.h"

enum byst_mode { BM_IDLE, BM_SPIN, BM_GUP };
/* worker 0's progress through a phase, read by the bystanders */
enum { PH_WAIT, PH_QUIET, PH_BUSY, PH_DONE };

/* What one bystander saw in one phase; written only by that bystander. */
struct byst_stats {
	struct gap_stats busy, quiet;	/* spin: gaps while busy / before */
	uint64_t busy_ns, quiet_ns;	/* time spent in each part of the phase */
	uint64_t pins_busy, pins_quiet;	/* gup: successful GUP-fast calls */
	uint64_t failures;		/* gup: calls that returned an error */
};

/*
 * One bystander's slot, in a MAP_SHARED page so that a bystander process
 * (bystander_mm=other) can read its commands and write its figures.
 */
struct byst_slot {
	int cmd;		/* futex: generation to run, -1 to exit */
	int halt;		/* set to end the current run */
	int ack;		/* futex: generation finished */
	pid_t child;
	struct byst_stats st;
} __attribute__((aligned(SLOT_ALIGN)));

struct byst_shared {
	int phase __attribute__((aligned(SLOT_ALIGN)));	/* futex: PH_* */
	struct byst_slot slot[];
};

struct bystanders {
	unsigned int n;		/* workers 1..n */
	enum byst_mode mode;	/* bound from bystander_mode */
	int other_mm;		/* bound from bystander_mm */
	uint64_t gap_ns;	/* bound from gap_ns */
	struct byst_shared *sh;
	size_t sh_len;
	char *gup;		/* the family's: one base page per worker, GUP-fast's target */
	size_t page;
};

/*
 * What is counted on the bystanders' CPUs: the arch profile's interrupt
 * lines by kind, and the cross-CPU calls by the function they ran (csd
 * tracepoints, v6.3+), which a family lists in its workload_ops.events
 * (BYST_EVENTS).
 */
#define EV_CAL		"irq:function_call"
#define EV_TLB_LINE	"irq:tlb_shootdown"
#define EV_SYNC		"csd:csd_function_entry[func==tlb_remove_table_smp_sync]"
#define EV_TLB		"csd:csd_function_entry[func==flush_tlb_func]"
/* remote wake-ups: try_to_wake_up() queued to the CPU's wake list */
#define EV_WAKE		"csd:csd_function_entry[func==sched_ttwu_pending]"
/* perf's own: enabling or disabling ptbench's counters on another CPU */
#define EV_PERF		"csd:csd_function_entry[func==remote_function]"
#define EV_CSD		"csd:csd_function_entry"
/*
 * The sync broadcasts sent, counted at the sender: a kprobe, for kernels
 * without the csd tracepoints (6.1) that count them where they land.
 */
#define EV_SYNC_SENT	"kprobe:tlb_remove_table_sync_one"
#define BYST_EVENTS	EV_SYNC, EV_TLB, EV_WAKE, EV_PERF, EV_CSD, EV_SYNC_SENT

/* The IPIs on the bystanders' CPUs per event of worker 0's; NAN when not counted. */
struct byst_ipis {
	double line, line_max;	/* function-call line: mean over bystanders, the most */
	double fanout;		/* bystander CPUs with at least one per event */
	double sync, sync_fanout;	/* tlb_remove_table_smp_sync: mean; CPUs that ran one per event */
	double tlb;		/* x86 flush_tlb_func (TLB flush IPIs) */
	double shoot;		/* x86 TLB shoot-down line */
	double wake;		/* sched_ttwu_pending: remote wake-ups */
	double other;		/* every other call, less perf's own remote_function */
};

/* Why an IPI figure is not counted here (empty when it is), from byst_whys(). */
struct byst_whys {
	char line[WL_REASON_LEN];	/* the function-call line */
	char shoot[WL_REASON_LEN];	/* the TLB shoot-down line */
	char csd[WL_REASON_LEN];	/* the calls by function (csd tracepoints) */
	char tlb[WL_REASON_LEN];	/* x86 flush_tlb_func */
	char sent[WL_REASON_LEN];	/* the kprobe count of the syncs sent */
};

/* What the bystanders saw in one phase, summed or averaged over them. */
struct byst_figs {
	double irqs, irqs_quiet;	/* spin: gaps per second per bystander */
	double lost, worst_ns;		/* spin: share lost to gaps, mean; longest gap */
	double pins, pins_quiet;	/* gup: calls per second, all bystanders */
	double failures;		/* gup */
};

static inline uint64_t now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Shared futexes: the words may be watched from another process. */
static inline void futex_wait(int *w, int val, long timeout_ns)
{
	struct timespec ts = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };

	syscall(SYS_futex, w, FUTEX_WAIT, val, timeout_ns ? &ts : NULL, NULL, 0);
}

static inline void futex_wake(int *w)
{
	syscall(SYS_futex, w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* bystander.c */
/* Workers of a point: 1 + bystanders (workload_ops.workers). */
unsigned int byst_workers(const struct wl_args *args);
/* bystanders=all: one on every CPU but worker 0's (workload_ops.resolve). */
int byst_resolve(const char *param, const struct wl_args *args, unsigned int max_threads,
		 unsigned int ncpus, const struct wl_sys *sys, char *out, size_t outlen,
		 char *why, size_t whylen);
/* The shared slots for workers 0..n; 0 or -1 (errno). */
int byst_map(struct bystanders *b);
void byst_unmap(struct bystanders *b);
/* Before a phase: figures cleared, the phase word at ph. */
void byst_rep_begin(struct bystanders *b, int ph);
/* Worker 0: the phase moves on (PH_BUSY, PH_DONE wakes the waiters). */
void byst_phase(struct bystanders *b, int ph);
/* On the bystander's CPU: fork its process (bystander_mm=other). 0 or -errno. */
int byst_thread_setup(struct bystanders *b, struct wl_thread *t);
void byst_thread_teardown(struct bystanders *b, struct wl_thread *t);
/* A bystander's run(): until the phase is done or the harness stops it. */
void byst_run(struct bystanders *b, struct wl_thread *t);
void byst_figures(const struct bystanders *b, struct byst_figs *f);

/* bystander_ipis.c: an event on the bystanders' CPUs, per event of worker 0's */
/* Mean over bystanders and the most one got, per event; NAN when not counted. */
void byst_count(const struct wl_point *pt, const struct bystanders *b, const char *ev,
		unsigned long long events, double *mean, double *max);
/* Bystander CPUs that got at least one per event. */
double byst_fanout(const struct wl_point *pt, const struct bystanders *b, const char *ev,
		   unsigned long long events);
/* Every IPI figure of the repetition, per event. */
void byst_ipis(const struct wl_point *pt, const struct bystanders *b, unsigned long long events,
	       struct byst_ipis *o);
/* In rep_end(): why any of them is not counted here, kept in w. */
void byst_whys(const struct wl_point *pt, struct byst_whys *w);
/* The figures by called function (metrics, NULL-terminated) absent for w->csd. */
void byst_calls_unobserved(struct wl_validity *v, const char *const *metrics,
			   const struct byst_whys *w);

#endif
