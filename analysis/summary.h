/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's default output: the summary a cover letter quotes. Failed
 * checks (lost writes, leaked bytes, invalid points) first; then one table
 * per workload family, one row per point named by the params that differ
 * between the family's points (the shared ones head the table), holding
 * the family's headline figures (analysis/headline.c) as change, 95% CI
 * and a mark. Text fits 80 columns; markdown, JSON and HTML carry the same.
 * `compare --all` is compare_out.c's full listing.
 */
#ifndef PTBENCH_SUMMARY_H
#define PTBENCH_SUMMARY_H

#include <stdio.h>
#include <jansson.h>

#include "compare.h"

void summary_text(FILE *f, const struct comparison *c);
void summary_markdown(FILE *f, const struct comparison *c);
json_t *summary_json(const struct comparison *c);
/* The verdicts, failed checks and family tables alone (report.md, index.html). */
void summary_markdown_tables(FILE *f, const struct comparison *c);
void summary_html(FILE *f, const struct comparison *c);

/* Counts of a table's summary for a verdict line. */
struct summary_count {
	size_t figures, tested, better, worse, failed, invalid, unobserved;
};
void summary_count(const struct comparison *c, const struct cmp_table *t, struct summary_count *n);

#endif
