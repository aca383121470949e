/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading result files (schema ptbench-result/1, docs/schema.md) for
 * compare, plot and report: analysis reads only these files.
 *
 * result_load() checks everything analysis relies on and refuses the whole
 * file at the first problem, with "file: json.path: reason". Keys it does
 * not know are allowed: newer runners may add optional keys within /1.
 * What passes: every point has an id, workload, params, metrics, validity;
 * every metric has a unit, a direction, 1..RESULT_MAX_SAMPLES finite
 * samples (|x| <= RESULT_MAX_ABS) and a summary whose n is their count; an
 * invalid point says why; an "unobserved" metric has a reason and is not
 * also in metrics; point and skipped ids are unique.
 *
 * Everything below is owned by the struct result and lives until
 * result_free(); the json_t pointers are borrowed (no reference taken).
 */
#ifndef PTBENCH_LOAD_H
#define PTBENCH_LOAD_H

#include <jansson.h>
#include <stddef.h>

/* More samples than this is not a file ptbench wrote (-r is capped at 1000). */
#define RESULT_MAX_SAMPLES	100000
/* Larger magnitudes would overflow sums of squares of RESULT_MAX_SAMPLES values. */
#define RESULT_MAX_ABS		1e150

struct res_metric {
	const char *name;
	const char *unit;
	int higher_is_better;
	size_t n;
	const double *samples;	/* [n], in repetition order */
	json_t *summary;	/* as written; the samples are authoritative */
	json_t *json;		/* the whole metric: description, derived, ... */
};

struct res_point {
	const char *id;
	const char *workload;
	json_t *params;
	int valid;
	const char *reason;	/* why the point is invalid; NULL when valid */
	size_t nmetrics;
	struct res_metric *metrics;	/* in file order */
	json_t *unobserved;	/* {metric: reason} the run could not observe, or NULL */
	json_t *json;		/* the whole point: counters, vmstat, ... */
};

struct result {
	char *file;		/* the path it was loaded from */
	json_t *root;
	const char *label;	/* run.label */
	int incomplete;		/* run.incomplete: the run was interrupted */
	json_t *run;
	json_t *system;
	json_t *capabilities;
	json_t *skipped;	/* array of {id, workload, params, status, reason} */
	size_t npoints;
	struct res_point *points;	/* in file order */
};

/* NULL with "file: path: reason" in err (len may be 0 for no message). */
struct result *result_load(const char *path, char *err, size_t len);
void result_free(struct result *r);

/* The point of workload with params equal (json_equal) to params, or NULL. */
const struct res_point *result_find(const struct result *r, const char *workload,
				    json_t *params);
/* The metric called name of point p, or NULL. */
const struct res_metric *res_metric_get(const struct res_point *p, const char *name);
/* The text of a param value: a string as it is, a number as written, else "?". */
void res_param_text(json_t *v, char *buf, size_t len);
/* Why metric name of p could not be observed, or NULL (measured, or not known). */
const char *res_unobserved(const struct res_point *p, const char *name);

#endif
