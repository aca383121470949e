/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the families are shown, as the result files loaded so far say
 * (present.c; docs/schema.md#presentation): the one place analysis learns
 * a family's summary columns, title, row keys, param names and figures.
 */
#ifndef PTBENCH_ANALYSIS_PRESENT_H
#define PTBENCH_ANALYSIS_PRESENT_H

#include <jansson.h>

struct jv;

/* A JSON path into the section, for error messages. */
#define PRESENT_PATH	384

/* Check a file's "presentation" section (load.c): 0, or -1 with the path and reason in v. */
int present_check(struct jv *v, json_t *pres);
/* Merge a checked section into what is known (the first file to describe a family wins). */
void present_learn(json_t *pres);
/* Forget everything learnt (tests). */
void present_forget(void);

/* The family's {title, headlines, row_keys, params, figures}, or NULL when no file described it. */
json_t *present_family(const char *workload);
/*
 * Why workload has no summary table: NULL when a file described it, else
 * the reason (files from before the section existed, or a family that
 * declares none), for the summary to say instead of showing nothing.
 */
const char *present_missing(const char *workload);
/* Every family described, {name: family}, in the order first seen (NULL: none). */
json_t *present_families(void);
/*
 * How param is named: NULL (as it is: "k=v"), "" (the value alone names
 * itself: "split"), or the short key ("thr"); its words for values in
 * plots ("same=same mm,..."), or NULL.
 */
const char *present_param_shown(const char *param);
const char *present_param_values(const char *param);
/* Whether metric repeats another figure of the point at one worker. */
int present_one_worker_duplicate(const char *metric);

#endif
