/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page-table levels this process walks now, and the span of one entry
 * of each level: what a GUP-fast range can cross (pt_levels.c). Levels are
 * numbered by what a boundary between two of their entries is called in
 * mm/gup.c: PT_PMD is a PMD_SIZE boundary (two PTE tables), PT_PUD a
 * PUD_SIZE one (two PMD tables), PT_P4D, PT_PGD (5 levels).
 */
#ifndef PTBENCH_PT_LEVELS_H
#define PTBENCH_PT_LEVELS_H

#include <stddef.h>
#include <stdint.h>

#include "workload.h"

enum pt_level { PT_NONE, PT_PMD, PT_PUD, PT_P4D, PT_PGD, PT_NLEVELS };

struct pt_levels {
	int built;			/* CONFIG_PGTABLE_LEVELS or the profile's */
	int live;			/* walked by this process now, the PTE level included */
	uint64_t span[PT_NLEVELS];	/* what one entry of the level maps; 0: no such level here */
	char how[160];			/* how live was read */
	char nogeom[160];		/* why the profile's spans are not this MMU's tables, or "" */
};

extern const char *const pt_level_name[PT_NLEVELS];

/* Read the levels live now in this process. 0, or -1 with why. */
int pt_levels_read(const struct wl_sys *sys, struct pt_levels *l, char *why, size_t len);
/*
 * Is level c's boundary inside the reach of the top table (live levels)?
 * It is then folded when the level itself is not one of the live ones.
 */
int pt_level_reachable(const struct pt_levels *l, enum pt_level c);
int pt_level_folded(const struct pt_levels *l, enum pt_level c);
/* "p4d, pud" folded at live levels ("" none), into buf. */
const char *pt_folded_names(const struct pt_levels *l, char *buf, size_t len);
/* s390 (asce): this process mapped up to end; levels only grow, so remember it. */
void pt_levels_mapped(uint64_t end);

#endif
