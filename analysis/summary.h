/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's default output: the summary a cover letter quotes. Failed
 * checks (lost writes, leaked bytes, invalid points) first; then one table
 * per workload family: figure by figure (its headline figures, as the
 * result files say), one row per point named by the params that differ
 * between the family's points (the shared ones head the table), with
 * BASE's value, each NEW's value (mean ±CV) and the change with its mark.
 * Text fits 80 columns; markdown, JSON and HTML carry the same rows.
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
	size_t figures, tested, better, worse, blind, failed, invalid, unobserved;
	size_t single;			/* left untested: a side is one run */
};
void summary_count(const struct comparison *c, const struct cmp_table *t, struct summary_count *n);
/* "NEW vs BASE: 108 headline figures; 2 better, 0 WORSE, ..." from n */
void summary_verdict_text(const struct comparison *c, const struct cmp_table *t,
			  const struct summary_count *n, char *buf, size_t len);

#endif
