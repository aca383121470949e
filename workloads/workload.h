/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The workload interface. A workload knows nothing of JSON, threads, CPUs or
 * counters: the harness hands it a point (its parameters and the facts of the
 * running system) and one slot per worker thread, and the workload counts
 * operations in its slot. Modelled on fio's ioengine_ops and will-it-scale's
 * testcase(): the workload owns its hot loop, so the harness adds no call per
 * operation.
 */
#ifndef PTBENCH_WORKLOAD_H
#define PTBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "services.h"

#define WL_MAX_PARAMS	16
#define WL_MAX_HUGETLB	8
#define WL_REASON_LEN	256

enum wl_ptype {
	WP_ENUM,	/* one of choices, "a|b|c" */
	WP_UINT,	/* unsigned integer within [min, max] */
	WP_SIZE,	/* bytes, with K/M/G suffixes, within [min, max] */
	WP_BOOL,	/* 0 or 1 */
};

struct wl_param {
	const char *name;
	enum wl_ptype type;
	const char *def;	/* default value, as text */
	const char *choices;	/* WP_ENUM: the values; numbers: words also taken ("auto") */
	unsigned long long min, max;
	const char *help;
	/*
	 * Where wl_bind() puts the value in the family's config struct, given
	 * by WL_FIELD(): WP_ENUM the index of the value in choices and WP_BOOL
	 * 0 or 1, in an int (or an enum); WP_UINT and WP_SIZE in a uint64_t,
	 * or an unsigned int when the range fits one.
	 * size 0: not bound (the family reads the text).
	 */
	size_t off, size;
};

#define WL_FIELD(type, member)	offsetof(type, member), sizeof(((type *)0)->member)
/* Not bound: the family reads the text itself (wl_arg()), e.g. a value it derives from. */
#define WL_TEXT			0, 0


/* The values of one point, as text, in the workload's parameter order. */
struct wl_args {
	int n;
	const char *name[WL_MAX_PARAMS];
	const char *val[WL_MAX_PARAMS];
};

/* Facts of the running system a workload may need; filled by the harness. */
/*
 * How the page-table levels a process has at run time are seen, per arch
 * (the profile's "level_probe"; workloads/pt_levels.c reads them):
 * static: CONFIG_PGTABLE_LEVELS (ppc64); la57: 5 with the la57 CPU flag
 * live, else 4 (x86); asce: per process, 3 after exec and more once it maps
 * above the reach of its top table (s390); va52: one fewer than built when
 * a 52-bit VA is built in and not live (arm64 LPA2/LVA).
 */
enum wl_level_probe { WL_LEVELS_STATIC, WL_LEVELS_LA57, WL_LEVELS_ASCE, WL_LEVELS_VA52 };

struct wl_sys {
	size_t page_size;
	size_t pmd_size;		/* huge page size at the PMD level */
	size_t pte_table_span;		/* address range one PTE table maps */
	size_t pmd_table_span;		/* address range one PMD table maps */
	size_t pte_lock_span;		/* range whose PTE tables may share a lock */
	size_t pmd_lock_span;
	size_t pud_size;		/* what one PUD entry maps */
	uint64_t p4d_size;		/* what one P4D entry maps (one PUD table); 0: unknown */
	uint64_t pgd_size;		/* what one PGD entry of 5 levels maps (one P4D table); 0: none */
	int levels;			/* built (CONFIG_PGTABLE_LEVELS, else the profile's) */
	enum wl_level_probe level_probe;
	int thp;			/* THP usable for anonymous memory */
	/*
	 * A collapse IPIs every other online CPU (tlb_remove_table_sync_one(),
	 * CONFIG_MMU_GATHER_RCU_TABLE_FREE): 1 yes, 0 no, -1 unknown.
	 */
	int collapse_sync_ipi;
	int root;
	int nr_hugetlb;
	size_t hugetlb_size[WL_MAX_HUGETLB];
};

struct wl_thread;

/*
 * What the event counters and the arch profile's /proc/interrupts lines saw
 * in one measured phase, handed to rep_end(): names as in the result's
 * counters ("csd:csd_function_entry[func==flush_tlb_func]") and
 * "irq:<kind>" for interrupt lines ("irq:function_call"). The workload
 * reads them by name and never learns how they were counted.
 */
struct wl_counts {
	int n;
	const char *const *name;	/* [n] */
	const double *total;		/* [n] all CPUs (NAN: unknown) */
	const double *cpu;		/* [n * nthreads]: on worker t's CPU at i * nthreads + t (NAN: unknown) */
	const char *const *why;		/* [n] why a count is never known here, or NULL; may be NULL */
};

struct wl_point {
	const struct wl_args *args;
	const struct wl_sys *sys;
	unsigned int nthreads;
	struct wl_thread **threads;	/* [nthreads], set before thread_setup */
	void *priv;			/* the workload's per-point state */
	const struct wl_counts *counts;	/* in rep_end() only, else NULL */
};

/*
 * One worker's slot. Only its own thread writes it; padded so that no two
 * workers' counters share a cache line.
 */
struct wl_thread {
	unsigned long long ops;		/* bumped in the hot loop */
	const volatile int *stop;	/* set by the harness to end a phase */
	struct wl_point *pt;
	void *priv;
	unsigned int id;		/* 0 .. nthreads - 1 */
	int cpu;
	int error;			/* errno of a failed op; ends the point */
	int finished;			/* WL_FIXED_WORK: this worker's work is done */
	double window;			/* seconds of its last phase, set by the harness */
} __attribute__((aligned(SLOT_ALIGN)));

/* What the harness observed over the whole point, for validate(). */
struct wl_obs {
	unsigned long long ops;		/* all repetitions and warm-up */
	/* Delta of a /proc/vmstat field over the point; -1 if unknown. */
	long long (*vmstat)(const struct wl_obs *obs, const char *field);
	void *ctx;
};

#define WL_MAX_CHECKS	16
#define WL_MAX_NOTES	8
#define WL_MAX_UNOBS	16

/* One validity fact: what was expected and what was seen. */
struct wl_check {
	char name[48];
	double expected;
	double observed;
	int ok;
};

struct wl_validity {
	int invalid;
	char reason[WL_REASON_LEN];
	int nchecks;
	struct wl_check checks[WL_MAX_CHECKS];
	int nnotes;
	char notes[WL_MAX_NOTES][WL_REASON_LEN];
	/*
	 * Metrics that could not be observed: left out of the point's metrics
	 * (whatever rep_end() gave), listed with the reason (docs/schema.md).
	 */
	int nunobs;
	struct {
		char metric[48];
		char why[WL_REASON_LEN];
	} unobs[WL_MAX_UNOBS];
};

/*
 * A derived figure: the ratio of the main metric of two points that differ
 * only in one parameter, e.g. split_benefit = rate(placement=split) /
 * rate(placement=shared). Computed by the runner once all points ran.
 */
struct wl_ratio {
	const char *name;
	const char *param;
	const char *num;
	const char *den;
	const char *help;
	/*
	 * Optional: the name of this ratio at one worker, where it must be 1
	 * (nothing contends): the runner measures every pair at one worker too
	 * and reports it under this name next to the N-worker ratio.
	 */
	const char *control;
};

/*
 * A figure of the workload's own besides ops/s (pages/s, collapse latency
 * percentiles, IPIs per collapse...): one sample per repetition, from
 * rep_end(). The harness turns them into result metrics with the same
 * summary as ops/s; the workload never sees JSON.
 */
struct wl_metric {
	const char *name;
	const char *unit;
	int higher_is_better;
	const char *desc;
};

#define WL_MAX_METRICS	32

/*
 * How a family is shown: compare's summary, its plots and the report. The
 * runner writes these tables into every result file ("presentation",
 * docs/schema.md) and analysis reads them from there, so it knows no
 * family by name: a new family is shown with no file of analysis touched.
 */
enum wl_role {
	WL_ROLE_HIDDEN,		/* --all only, not tested */
	WL_ROLE_SHOWN,		/* in the summary, not tested (a transform or a count) */
	WL_ROLE_TESTED,		/* in the summary and in the false-discovery family */
	WL_ROLE_CHECK,		/* a correctness count: a failed check, never a speed row */
};

/* One column of the family's summary table, in order. */
struct wl_headline {
	const char *metric;
	enum wl_role role;
	const char *label;	/* the column head: short, in words */
};

/* How a param is named where it is shown: "ppc=16", or the value alone ("split"). */
struct wl_shown_param {
	const char *param;
	const char *shown;	/* the short key; "" for a value that names itself */
	/* plots only: "same=same mm,other=other process" (a value's words), or NULL */
	const char *values;
};

enum wl_figure_kind { WL_FIG_LINES, WL_FIG_CDF, WL_FIG_BARS };

/*
 * One plot of the family's: lines over a numeric param with error bars, a
 * CDF of a distribution, or grouped bars. Params it does not name split
 * figures; "ignore" ones follow from others and split nothing.
 */
struct wl_figure {
	const char *name;	/* file stem */
	enum wl_figure_kind kind;
	const char *metric;	/* metric (the first a point has of "a,b"), or the distribution (CDF) */
	const char *x;		/* LINES: the numeric param; BARS: category params ("a,b") */
	const char *series;	/* params that split lines within a panel ("a,b"), or NULL */
	const char *panel;	/* the param whose values are panels, or NULL */
	const char *ignore;	/* params that follow from others, or NULL */
	const char *title;	/* in words */
	const char *xlabel;
	const char *ylabel;	/* NULL: the metric's name */
	int logx;		/* CDF: log x */
	int ref1;		/* a ratio: draw the 1.0 line */
};

/* All of a family's presentation (workload_ops.show). */
struct wl_show {
	const char *title;			/* the summary table's title */
	const struct wl_headline *headlines;	/* the summary's columns, in order; NULL metric ends */
	const char *row_keys;			/* params a row is named by ("placement,threads"); NULL: all */
	const struct wl_shown_param *params;	/* NULL param ends, or NULL */
	const struct wl_figure *figures;	/* NULL name ends, or NULL */
};

/*
 * The phase ends when worker 0 returns from run() with finished set (or at
 * the duration, whichever comes first): a fixed amount of work per
 * repetition, such as collapsing R regions.
 */
#define WL_FIXED_WORK	0x1

struct workload_ops {
	const char *name;
	const char *summary;
	const char *op_desc;		/* what one operation is */
	const struct wl_param *params;	/* terminated by a NULL name */
	/*
	 * Parameters left out of point ids and result params while at their
	 * default: calibration knobs (ptl's inject_ns), not axes, so that
	 * results with and without them match point for point. NULL-terminated.
	 */
	const char *const *omit_default;
	const struct wl_ratio *ratios;	/* terminated by a NULL name, or NULL */
	/*
	 * Tracepoints ("sys:name") this family's points count besides the arch
	 * profile's, read in rep_end() with wl_count(): opened for its points
	 * only, so that no other family pays for them. NULL-terminated, or NULL.
	 */
	const char *const *events;
	const struct wl_show *show;	/* how the family is shown, or NULL: listed, no summary table */
	/*
	 * Optional: the values one written value stands for on this system
	 * (level=hugetlb -> one value per hugetlb size). Returns how many it
	 * wrote into out; 0 keeps the value as written.
	 */
	int (*expand)(const char *param, const char *val, const struct wl_sys *sys,
		      char (*out)[32], int max);
	/* Memory the point touches, for the memory guard. */
	uint64_t (*mem_bytes)(const struct wl_point *pt);
	/*
	 * Prepare the point. Returns 0, or WL_SKIP with the reason in why (the
	 * point cannot run on this system), or -1 with the reason (an error).
	 */
	int (*setup)(struct wl_point *pt, char *why, size_t len);
	/* On the worker's own CPU, before any phase. 0 or -errno. */
	int (*thread_setup)(struct wl_thread *t);
	/* The hot loop: operate until *t->stop, bumping t->ops. */
	void (*run)(struct wl_thread *t);
	void (*thread_teardown)(struct wl_thread *t);
	/* After the last phase: did the point measure what it claims? */
	void (*validate)(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v);
	void (*teardown)(struct wl_point *pt);

	unsigned int flags;		/* WL_FIXED_WORK */
	const struct wl_metric *metrics;	/* terminated by a NULL name, or NULL */
	/*
	 * Optional, on the main thread while the workers wait on the barrier,
	 * outside the measured window and its counters: prepare one phase
	 * (rep < 0 is the warm-up), e.g. rebuild a PTE-mapped range. 0, or -1
	 * with the reason (ends the point as an error).
	 */
	int (*rep_begin)(struct wl_point *pt, int rep, char *why, size_t len);
	/*
	 * Optional, same context, after each measured phase: one value per
	 * metrics[] entry into val (NAN when this repetition has none). Each
	 * worker's t->window holds its measured seconds.
	 */
	void (*rep_end)(struct wl_point *pt, int rep, double *val);
	/*
	 * Optional raw samples of the whole point, e.g. every collapse latency,
	 * recorded under the point's "distributions". i counts from 0; returns
	 * the number of samples (0 ends the list) and sets *def and *x, which
	 * stay the workload's until teardown.
	 */
	size_t (*distribution)(struct wl_point *pt, int i, const struct wl_metric **def,
			       const double **x);
	/* What distribution() may hand out in *def: terminated by a NULL name, or NULL. */
	const struct wl_metric *dists;
	/*
	 * Optional: the number of workers when the point's own parameters fix
	 * it (collapse: the collapser plus its bystanders). The threads axis
	 * is then not used, and the point records the count as its threads.
	 */
	unsigned int (*workers)(const struct wl_args *args);
	/*
	 * Optional: the value of a number parameter written as one of its
	 * words (param->choices: "auto", "all") for a point with args,
	 * max_threads being the largest worker count of its sweep and ncpus
	 * the CPUs placement may use. 0 with the value in out and why it was
	 * chosen in why, or -1 with the reason in why.
	 */
	int (*resolve)(const char *param, const struct wl_args *args, unsigned int max_threads,
		       unsigned int ncpus, const struct wl_sys *sys, char *out, size_t outlen,
		       char *why, size_t whylen);
};

#define WL_SKIP	1

/* registry.c: the one table of workloads */
extern const struct workload_ops *const workloads[];
const struct workload_ops *workload_find(const char *name);
const struct wl_param *workload_param(const struct workload_ops *ops, const char *name);

/* Helpers for workloads (workload.c) */
const char *wl_arg(const struct wl_point *pt, const char *name);
/* The same from a bare argument list (NULL when absent). */
const char *wl_args_get(const struct wl_args *args, const char *name);
unsigned long long wl_arg_ull(const struct wl_point *pt, const char *name);
/*
 * In rep_end(): this repetition's count of an event (wl_counts names) on
 * worker's CPU, or over all CPUs when worker < 0; NAN when not counted.
 */
double wl_count(const struct wl_point *pt, const char *name, int worker);
/* In rep_end(): why an event is not counted on this system at all, or NULL. */
const char *wl_count_why(const struct wl_point *pt, const char *name);
void wl_check(struct wl_validity *v, const char *name, double expected, double observed, int ok);
void wl_invalid(struct wl_validity *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wl_note(struct wl_validity *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Metric cannot be observed here: absent from the point, with the reason (also a note). */
void wl_unobserved(struct wl_validity *v, const char *metric, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whether argument i of args is an omit_default parameter at its default. */
int wl_arg_omitted(const struct workload_ops *ops, const struct wl_args *args, int i);
/* Validate one textual value against a parameter; 0 or -1 with the reason. */
int wl_param_check(const struct wl_param *p, const char *val, char *why, size_t len);
/* The index of val among choices ("a|b|x:SIZE"): the one place an enum's text becomes a number. -1: none. */
int wl_enum_index(const char *choices, const char *val);
/*
 * Every bound parameter of params (WL_FIELD) from pt's values into cfg,
 * typed: resolved once, where the family used to compare strings. 0, or -1
 * with why when a table binds a field of the wrong size (a unit test runs
 * every family's table through this) or a value is missing.
 */
int wl_bind(const struct wl_point *pt, const struct wl_param *params, void *cfg, char *why, size_t len);

#endif
