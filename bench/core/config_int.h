/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the two ways points enter a plan (config.c: JSON configs and
 * the expansion of an entry into points; spec.c: command-line specs), and
 * by nothing else: an entry, its axes, and what spec.c uses of config.c.
 */
#ifndef PTBENCH_CONFIG_INT_H
#define PTBENCH_CONFIG_INT_H

#include <stddef.h>

#include "config.h"
#include "run_opts.h"

#define MAX_VALS	64
#define VAL_LEN		32

struct axis {
	const char *name;
	int n;
	char vals[MAX_VALS][VAL_LEN];
};

struct entry {
	const struct workload_ops *ops;
	int nparams;
	struct axis params[WL_MAX_PARAMS];
	struct axis threads;
	struct run_opts opts;
	char where[128];	/* "file: points[2]" or "command line: ptl" for errors */
};

/* config.c */
struct axis *entry_axis(struct entry *e, const char *name);
int axis_add(struct axis *a, const char *val, const char *where, char *err, size_t len);
int expand_entry(struct plan *p, const struct entry *e, const struct wl_sys *sys,
		 const struct topo *t, char *err, size_t len);
void plan_fixup(struct plan *p);

#endif
