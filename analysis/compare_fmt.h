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

#define WIDTH	80

/* compare_out.c */
const char *cmp_side_tag(const struct comparison *c, int side);
void cmp_fmt_cv(const struct cmp_stat *st, char *buf, size_t len);
void cmp_fmt_pct(double x, char *buf, size_t len);
void cmp_fmt_ci(const struct cmp_row *r, char *buf, size_t len);
const char *cmp_mark(const struct cmp_row *r);
void cmp_legend(FILE *f, const struct comparison *c, const struct cmp_table *t);

#endif
