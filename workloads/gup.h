/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gup family: GUP throughput through one of several user-space
 * triggers. The family (gup.c) owns the buffers, the hot loop, the counts
 * and the validity checks; a trigger (gup_<name>.c) owns one system call
 * that makes the kernel get or pin the pages of a range, like fio's
 * ioengines. docs/workloads.md says which kernel path each one reaches.
 */
#ifndef PTBENCH_GUP_H
#define PTBENCH_GUP_H

#include <stddef.h>
#include <stdint.h>

#include "mapping.h"
#include "pt_levels.h"
#include "workload.h"

enum gup_mapping { GM_ANON, GM_THP, GM_SHMEM, GM_HUGETLB };

/* The point, as the trigger sees it. */
struct gup_cfg {
	int trigger;			/* index in the family's triggers[] */
	const struct gup_trigger *trig;
	enum gup_mapping mapping;
	uint64_t ppc;			/* pages per call */
	int shared;			/* one buffer for all workers */
	int write;			/* writable (FOLL_WRITE) rather than read-only GUP */
	int calib;			/* the same call doing no GUP */
	enum pt_level cross;		/* the range straddles a boundary of this level (gup_cross.c) */
	int control;			/* the check's control: the mapping replaced under the hold */
	unsigned int nthreads;
	size_t page_size;
	size_t call_bytes;		/* ppc * page_size */
	int root;
};

/* One worker: its buffer, the trigger's state and its counts. */
struct gup_worker {
	const struct gup_cfg *cfg;
	struct gup_point *gp;
	unsigned int id;
	char *addr;			/* the first byte the call covers */
	int fd[3];			/* the trigger's descriptors, -1 when unused */
	void *tpriv;			/* the trigger's other state */
	/* written by the worker only; read at the barrier between phases */
	unsigned long long pages;	/* pages the kernel reported it got */
	unsigned long long calls;	/* GUP calls (syscalls; gup_test: its inner calls) */
	unsigned long long failures;	/* calls that returned an error */
	unsigned long long shorts;	/* calls that got fewer pages than asked */
	unsigned long long kernel_ns;	/* gup_test: get + put time the kernel measured */
	int last_errno;
};

/*
 * What one call got, filled by a trigger's call(): pages the kernel
 * reported it took (bytes / page size for byte counts), GUP calls made
 * (1 unless the trigger loops in the kernel), and kernel-timed ns if any.
 */
struct gup_res {
	unsigned long pages;
	unsigned long calls;
	unsigned long long kernel_ns;
};

/* What a reader holds between hold() and collect() (gup_check.c). */
struct gup_held {
	int fd[2];
	void *priv;
};

#define GUP_KV(a, b)	((a) << 16 | (b) << 8)
#define GUP_NEVER_FAST	0xffffffffu	/* fast_since: slow GUP (mmap_lock) on every release */
/* What slow GUP takes and GUP-fast never does: counted on the workers' CPUs. */
#define GUP_EV_MMAP_LOCK	"mmap_lock:mmap_lock_start_locking"

struct gup_trigger {
	const char *name;
	/*
	 * Optional: does this kernel have what the trigger needs (probe.h)? 1,
	 * or 0 with the reason; asked before check() by the family's setup.
	 */
	int (*probe)(const struct wl_sys *sys, char *why, size_t len);
	/*
	 * Optional: can the point run with this trigger? Pages per call,
	 * direction and calibration limits. 0, or WL_SKIP with the reason.
	 */
	int (*check)(const struct gup_cfg *c, char *why, size_t len);
	/* Optional, once per point (a file, a probe). 0, WL_SKIP or -1 with why. */
	int (*setup)(struct gup_point *gp, const struct gup_cfg *c, char *why, size_t len);
	void (*teardown)(struct gup_point *gp);
	/* Optional, per worker on its CPU. 0 or -errno, with why. */
	int (*thread_setup)(struct gup_worker *w, char *why, size_t len);
	void (*thread_teardown)(struct gup_worker *w);
	/* One call over [w->addr, + call_bytes). 0 or -errno. */
	int (*call)(struct gup_worker *w, struct gup_res *r);
	/* The same call(s) doing no GUP. 0 or -errno; NULL: no calibration. */
	int (*calib)(struct gup_worker *w);
	/* Optional: bytes of buffer one worker needs beyond call_bytes. */
	size_t (*buffer_bytes)(const struct gup_cfg *c);
	/*
	 * Optional, the correctness check's reader (gup_check.c): hold() takes
	 * the pages of [w->addr, + call_bytes) through the trigger's own call
	 * and keeps them (a pipe, a fixed buffer); collect() copies what the
	 * kernel holds into out (call_bytes) and lets go of everything held,
	 * also after a failed hold. hold NULL: nothing outlives the call
	 * (O_DIRECT), collect() makes the whole round trip, and there is no
	 * control. 0 or -errno, with why.
	 */
	int (*hold)(struct gup_worker *w, struct gup_held *h, char *why, size_t len);
	int (*collect)(struct gup_worker *w, struct gup_held *h, void *out, char *why, size_t len);
	/* Optional: can the reader read back here? 1, or 0 with why (then no check). */
	int (*reader_probe)(char *why, size_t len);
	/*
	 * The release from which the trigger's pin takes GUP-fast (GUP_KV); 0:
	 * every release; GUP_NEVER_FAST: none (its call and its reader alike).
	 */
	unsigned int fast_since;
	/*
	 * The call sleeps (I/O): other tasks run on the worker's CPU meanwhile,
	 * so that CPU's mmap_lock count is not the call's alone.
	 */
	int sleeps;
	/* Where the pinned pages are read back, in words (docs/workloads.md). */
	const char *readback;
};

#define GUP_MAX_NOTES	4

/* The correctness check of a point (gup_check.c); on when the trigger has collect(). */
struct gup_check {
	int on;
	uint64_t seed;			/* unique to the point; each check adds its serial */
	unsigned long long serial;
	void *out;			/* what the reader gave back, call_bytes */
	/* the last repetition's, and the point's (warm-up and first check included) */
	unsigned long long rep_checked, rep_wrong, checked, wrong, checks, failed;
	char first[WL_REASON_LEN];	/* the first wrong page, or the first failed check */
	struct pt_levels lv;		/* after the buffers were mapped */
	int slow;			/* the trigger's pin is not GUP-fast on this kernel (fast_since) */
	/* mmap_lock taken on the workers' CPUs in the measured phases, and the calls made */
	double locks, lock_calls;
	char locks_why[WL_REASON_LEN];	/* why they were not counted, or "" */
	char release[65];
	uint64_t *boundary;		/* [nbuf] the boundary buffer i straddles (cross) */
};

/* Per point state shared by the family and the triggers. */
struct gup_point {
	struct gup_cfg cfg;
	size_t leaf;			/* page size of the mapping */
	size_t buf_len;			/* one buffer, rounded to leaf */
	size_t pte_span;		/* what one PTE table maps */
	unsigned int nbuf;
	char **buf;			/* [nbuf] */
	void **raw;
	size_t *raw_len;
	struct smaps_sum *seen;		/* [nbuf], after populating */
	int checked;			/* first_check() passed */
	struct gup_worker **w;		/* [nthreads] */
	struct gup_snap *snap;		/* [nthreads], counts at rep_begin */
	void *tpriv;			/* the trigger's per-point state */
	struct gup_check chk;
	int nnotes;
	char notes[GUP_MAX_NOTES][WL_REASON_LEN];
};

/* A note for the point's validity, e.g. which file O_DIRECT used. */
void gup_note(struct gup_point *gp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A worker's state (gup.c), which validation counts over. */
struct gup_thread {
	struct gup_worker w;
	char why[WL_REASON_LEN];	/* a failed setup, reported by rep_begin */
};

/*
 * gup_cross.c: can the point straddle its boundary here (levels live,
 * spans, leaf)? 0, or WL_SKIP with why. Then map buffer i across a free
 * boundary of the level: 0 or -errno.
 */
int gup_cross_check(struct gup_point *gp, const struct wl_sys *sys, char *why, size_t len);
int gup_cross_map(struct gup_point *gp, unsigned int i, int flags, void **m);
/* Buffer bytes of a point that straddles a boundary: k pages each side, in leaves. */
size_t gup_cross_len(const struct gup_cfg *c, size_t leaf);

/*
 * gup_check.c: set up the point's check (0, WL_SKIP or -1 with why); run
 * one check of worker w's range (counts into gp->chk); its validity.
 */
int gup_check_setup(struct gup_point *gp, const struct wl_sys *sys, char *why, size_t len);
void gup_check_run(struct gup_point *gp, struct gup_worker *w);
void gup_check_validate(struct gup_point *gp, struct wl_validity *v);
void gup_check_teardown(struct gup_point *gp);
/* In rep_end(): mmap_lock taken on the workers' CPUs in the phase, per call (NAN: not counted). */
double gup_locks_per_call(struct wl_point *pt, double calls);

/* gup_show.c: how the family is shown. */
extern const struct wl_show gup_show;

/* gup_validate.c: the family's validate hook (mappings as claimed, pages got). */
void gup_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v);

extern const struct gup_trigger gup_trig_futex, gup_trig_vmsplice, gup_trig_pvm,
	gup_trig_io_uring, gup_trig_odirect, gup_trig_gup_test, gup_trig_gup_test_pin,
	gup_trig_gup_test_longterm;

#endif
