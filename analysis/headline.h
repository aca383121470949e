/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The figures each workload family is judged by, as the family declares
 * them (struct wl_show, carried by the result files: present.h). They
 * serve two readers: compare's summary shows a family's headline figures
 * (and --all everything), and the false-discovery family holds only the
 * tested ones, so that one figure is tested once (ns_per_op is ops_per_sec
 * inverted; ops_per_sec_per_thread is ops_per_sec at one worker).
 */
#ifndef PTBENCH_HEADLINE_H
#define PTBENCH_HEADLINE_H

#include <jansson.h>

enum headline_role {
	HL_NONE,	/* not a headline figure: --all only, not tested */
	HL_SHOWN,	/* in the summary, not tested (a transform or a count) */
	HL_TESTED,	/* in the summary and in the FDR family */
	HL_CHECK,	/* a correctness count: a failed check, never a speed row */
};

/* The role of metric in the workload family's table; HL_NONE when absent. */
enum headline_role headline_role(const char *workload, const char *metric);

/*
 * Whether compare tests metric of workload: HL_TESTED figures of a family
 * the table knows; every metric of a family it does not know (a workload
 * added without a row here is still tested, not silently left out).
 */
int headline_tested(const char *workload, const char *metric);

/* The summary's column head of metric (short, in words); the metric's name when none. */
const char *headline_label(const char *workload, const char *metric);

/* The headline metric of workload at rank (0 first), or NULL past the last. */
const char *headline_metric(const char *workload, int rank);

/* The summary table's title of a workload family, in words; NULL when unknown. */
const char *headline_family_title(const char *workload);

/*
 * Whether param is an axis the family compares within a group of points
 * (ptl: placement, threads): the summary names rows by these and groups
 * them by the other params that differ. 1 for a family without groups.
 */
int headline_row_key(const char *workload, const char *param);

/*
 * A metric that repeats another figure of the same point, left out of
 * every listing: at one thread, ops_per_sec_per_thread is ops_per_sec and
 * layout_effect is split_benefit.
 */
int headline_duplicate(const char *metric, json_t *params);

#endif
