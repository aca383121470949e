/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell formatters the outputs of a comparison share (compare_out.c:
 * text; compare_md.c, compare_json.c, compare_html.c), and nothing else
 * includes.
 */
#ifndef PTBENCH_COMPARE_FMT_H
#define PTBENCH_COMPARE_FMT_H

#include <stdio.h>

#include "compare.h"
#include "fmt.h"

#define WIDTH	FMT_WIDTH

/* compare_out.c */
void cmp_legend(FILE *f, const struct comparison *c, const struct cmp_table *t);

#endif
