/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Suite configs and command-line point specs, validated strictly and
 * expanded into the list of points a run measures.
 */
#ifndef PTBENCH_CONFIG_H
#define PTBENCH_CONFIG_H

#include <jansson.h>
#include <limits.h>

#include "workloads/workload.h"

struct topo;

/* Harness settings of a point. */
struct run_opts {
	double duration;	/* seconds of one measured repetition */
	double warmup;		/* seconds of the discarded warm-up phase */
	unsigned int reps;	/* measured repetitions */
	char bind[16];		/* placement policy name */
};

#define RUN_OPTS_DEFAULT { .duration = 1.0, .warmup = 0.5, .reps = 5, .bind = "one-per-core" }

struct point_spec {
	const struct workload_ops *ops;
	struct wl_args args;		/* every parameter, defaults filled in */
	char vals[WL_MAX_PARAMS][32];	/* storage behind args.val */
	char threads[16];		/* as written: "2", "ncpus", ... */
	unsigned int nthreads;		/* resolved on this machine */
	struct run_opts opts;
	char id[512];			/* "ptl:level=pmd,...,threads=2" */
	char added[128];		/* why the runner added the point ("": the config asked) */
	char autonote[224];		/* what a parameter written "auto" became, and why */
};

struct plan {
	char source[PATH_MAX];		/* config file, or "command line" */
	char name[64];
	json_t *config;			/* the loaded config, for the result */
	int n, cap;
	struct point_spec *pts;
};

void plan_init(struct plan *p);
void plan_free(struct plan *p);

/*
 * Add the points of a config file. cli overrides (duration, warmup, reps,
 * bind: fields set to a negative/empty value are not overridden). 0, or -1
 * with "file: key path: reason" in err.
 */
int plan_add_config(struct plan *p, const char *path, const struct run_opts *cli,
		    const struct wl_sys *sys, const struct topo *t, char *err, size_t len);
/* Add the points of "workload[:k=v[,v...][,k=v...]]". */
int plan_add_spec(struct plan *p, const char *spec, const struct run_opts *defaults,
		  const struct wl_sys *sys, const struct topo *t, char *err, size_t len);

/* Set ps->id from its workload, arguments and threads. */
void point_spec_id(struct point_spec *ps);
/* Insert ps before point at (p->n: append); refused when its id is planned already. */
int plan_insert(struct plan *p, int at, const struct point_spec *ps, char *err, size_t len);
/*
 * axes.c: the thread counts "sweep" stands for on topology t (1, 2, 4, ...
 * below the CPU count, then "ncpus") into out; 0 when val is not "sweep".
 */
int threads_sweep(const char *val, const struct topo *t, char (*out)[32], int max);
/*
 * Resolve every number parameter of ps written as a word ("auto", "all":
 * workload_ops.resolve), max_threads being the largest worker count of its
 * entry and ncpus the CPUs of the topology. 0, or -1.
 */
int point_resolve_auto(struct point_spec *ps, unsigned int max_threads, unsigned int ncpus,
		       const struct wl_sys *sys, const char *where, char *err, size_t len);
/*
 * controls.c: add the control points a plan needs whatever the config says
 * (the one-worker twins of ratio pairs such as split/shared). 0, or -1.
 */
int plan_add_controls(struct plan *p, char *err, size_t len);

#endif
