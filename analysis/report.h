/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report of a comparison (report.c): DIR/report.md and a
 * self-contained DIR/index.html, verdict first, then figures, method and
 * systems. 0, or -1 with errno when a file cannot be written.
 */
#ifndef PTBENCH_REPORT_H
#define PTBENCH_REPORT_H

#include "compare.h"
#include "plot.h"

int report_html(const char *dir, const struct comparison *c, const struct plot_set *ps);
int report_md(const char *dir, const struct comparison *c, const struct plot_set *ps);

#endif
