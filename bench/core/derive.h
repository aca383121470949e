/* SPDX-License-Identifier: GPL-2.0 */
/* Derived figures from the points' own results (derive.c). */
#ifndef PTBENCH_DERIVE_H
#define PTBENCH_DERIVE_H

#include <jansson.h>
#include <stddef.h>

#include "config.h"
#include "harness.h"

/* A valid point as emitted: its spec, its ops/s per repetition, its JSON (to add to). */
struct derive_point {
	const struct point_spec *ps;
	double *rate;
	size_t n;
	json_t *pj;
};

struct derive {
	struct derive_point *p;
	size_t n;
};

/* Keep a point that ran (invalid ones are no twin and get no ratio); pj stays the caller's. */
void derive_add(struct derive *d, const struct point_spec *ps, const struct point_result *r,
		json_t *pj);
/*
 * Once all points ran: scaling_efficiency against the one-worker twin,
 * each workload's ratios (split_benefit) and their one-worker controls,
 * into the points' metrics (docs/schema.md#derived-metrics).
 */
void derive_all(const struct derive *d);
void derive_free(struct derive *d);

#endif
