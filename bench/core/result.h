/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result file (schema ptbench-result/1, docs/schema.md): points as JSON,
 * atomic writing (derived metrics: derive.h).
 */
#ifndef PTBENCH_RESULT_H
#define PTBENCH_RESULT_H

#include <jansson.h>

#include "lib/schema.h"
#include "config.h"
#include "harness.h"

struct topo;

/*
 * The metrics the harness writes for every point, whatever the workload
 * (result_point(), derive_all()): terminated by NULL.
 */
extern const char *const result_harness_metrics[];

/* A metric object {unit, higher_is_better, description, samples, summary}. */
json_t *metric_json(const char *unit, int higher_is_better, const char *desc,
		    const double *x, size_t n);
/* The same with the summary given (a ratio's, on the log scale). */
struct summary;
json_t *metric_json_of(const char *unit, int higher_is_better, const char *desc,
		       const double *x, size_t n, const struct summary *s);
/*
 * The point object of a point that ran (ok, or invalid with the reason);
 * rounds: how many rounds its repetitions were spread over (1: none).
 */
json_t *result_point(const struct point_spec *ps, const struct point_result *r,
		     const struct topo *t, int rounds);
/* The skipped[] entry of a point that did not run. */
json_t *result_skipped(const struct point_spec *ps, const struct point_result *r);
/* Write root to path via a temp file in the same directory and rename(2). */
int result_write(json_t *root, const char *path, char *err, size_t len);

#endif
