/* SPDX-License-Identifier: GPL-2.0 */
/* Repetitions far outside their siblings, named in the point (stalls.c). */
#ifndef PTBENCH_STALLS_H
#define PTBENCH_STALLS_H

#include <jansson.h>

#include "harness.h"

/* A repetition this far (a factor, either way) from its point's median is a stall. */
#define STALL_FACTOR		3.0
/* A companion figure this far off its siblings in the same repetition is its cause. */
#define STALL_CAUSE_FACTOR	1.5

/*
 * The stalls of r's ops/s as [{repetition (1-based), ops_per_sec, median,
 * factor, cause?}], a note for each appended to notes;
 * NULL when there is none (or fewer than 3 repetitions).
 */
json_t *stalls_json(const struct point_result *r, json_t *notes);

#endif
