/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare's lists of skipped points. The summary's: one line per side,
 * status, reason and workload, saying how many points and which values
 * they span (a default config on a kernel without gup_test skips 54
 * points for one reason); --all's: every point.
 */
#ifndef PTBENCH_SKIPPED_H
#define PTBENCH_SKIPPED_H

#include <stdio.h>

#include "compare.h"

/* Text, 80 columns, under "Skipped or not run:"; t's two sides (t NULL: every side). */
void skipped_brief_text(FILE *f, const struct comparison *c, const struct cmp_table *t);
/*
 * Every skipped point, a line each, once: a point skipped for the same
 * reason on both sides (or in every run) names the sides ("BASE+NEW").
 */
void skipped_all_text(FILE *f, const struct comparison *c, const struct cmp_table *t);
/* The same groups as a Markdown list. */
void skipped_brief_markdown(FILE *f, const struct comparison *c);

#endif
