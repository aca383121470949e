/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the files that build a comparison (compare.c: sides, points and
 * the metric statistics; compare_row.c: one row's test and a table's FDR;
 * compare_sys.c: whether the systems are alike), and by nothing else.
 */
#ifndef PTBENCH_COMPARE_INT_H
#define PTBENCH_COMPARE_INT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "lib/xalloc.h"

/* Out of memory ends the command: a comparison half built is worth nothing. */
/* compare.c: a warning of the comparison (printed with it). */
void __attribute__((format(printf, 2, 3))) cmp_warn(struct comparison *c, const char *fmt, ...);
/* The point of side s with these workload and params, or NULL. */
struct side_point *side_find(struct cmp_side *s, const char *workload, json_t *key);

/* compare_row.c */
void table_build(struct comparison *c, struct cmp_table *t);
void table_decide(struct comparison *c, struct cmp_table *t);

/* compare_sys.c */
void systems_check(struct comparison *c);

/* compare_boots.c: the boot level above the runs */
struct nested_est;
/* Which boot each run of st came from (system.boot_id), and how many. */
void cmp_stat_boots(struct cmp_stat *st, const struct side_point *sp);
/* Each side's levels of a row tested by runs, from its estimates. */
void row_levels(struct cmp_row *r, const struct nested_est *ea, const struct nested_est *eb);
/* A warning when each side is one boot, and not the same one. */
void boots_check(struct comparison *c, struct cmp_table *t);

/* compare_speed.c: the machine's own change of speed between a table's sides */
void speed_check(struct comparison *c, struct cmp_table *t);
/*
 * --speed-adjust: a row's samples on both sides adjusted for the speed
 * reference that removes the most spread within the sides; 1 and what
 * was used in adj, or 0 (not adjustable: left as it was).
 */
int speed_adjust(struct cmp_stat *base, const struct side_point *pb, struct cmp_stat *new,
		 const struct side_point *pn, struct cmp_adjust *adj);

#endif
