/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the ptl family's files (ptl.c: parameters, layout and the ops;
 * ptl_validate.c: the checks of a point) and by nothing else.
 */
#ifndef PTBENCH_PTL_H
#define PTBENCH_PTL_H

#include <stddef.h>
#include <stdint.h>

#include "mapping.h"
#include "workload.h"

#ifndef MAP_HUGETLB
#define MAP_HUGETLB	0x40000
#endif

enum ptl_level { LVL_PTE, LVL_PMD, LVL_HUGETLB };
enum ptl_op { OP_FAULT, OP_MINCORE, OP_PAGEMAP };

struct ptl {
	enum ptl_level level;
	enum ptl_op op;
	int split;
	uint64_t leaf;		/* bytes one page of the region maps */
	uint64_t table;		/* bytes one page table of that level maps */
	uint64_t lock;		/* bytes whose tables may share one lock */
	uint64_t pages;		/* leaf pages per worker */
	uint64_t span;		/* distance between two tables (the lock span, >= table) */
	uint64_t slot;		/* distance between two workers' offsets in a table */
	int same_offsets;	/* worker i at offset i * slot in both placements */
	uint64_t inject_ns;	/* calibration spin after each op */
	void *raw;
	size_t raw_len;
	char *base;
	int pt_reclaim;		/* pt_reclaim=allow: no ballast; a zap may free its table */
	/* what one op did to the page tables, per repetition (ptl_tables.c) */
	int probes;
	double alloc_sum, freed_sum;	/* PTE tables per op, summed over the probes */
	int probe_failed;		/* errno of a probe that could not be made */
	/* what thread_setup saw, per worker: filled before the phases */
	struct smaps_sum *seen;
	int *cpu_node, *mem_node;	/* the worker's CPU's node, its region's first page's */
};

struct ptl_thread {
	char *region;
	size_t len;
	unsigned char *vec;	/* mincore */
	uint64_t *pm;		/* pagemap entries */
	int pm_fd;
};

/* ptl.c */
char *region_of(const struct ptl *p, unsigned int i);

/* ptl_tables.c: one op per worker, VmPTE around it: PTE tables allocated and freed per op */
void ptl_probe_tables(struct wl_point *pt, double *alloc, double *freed);

/* ptl_validate.c */
void ptl_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v);

#endif
