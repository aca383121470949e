// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench report: compare + plot into one directory, with report.md and a
 * self-contained index.html (analysis/report.c): the verdict first, then
 * the figures, the method and the systems.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/plot.h"
#include "analysis/report.h"
#include "analysis_args.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench report [OPTIONS] --out DIR BASE [NEW...]\n\n"
		"Write DIR/report.md and DIR/index.html (self-contained: no CDN, no JavaScript):\n"
		"first the verdict (what changed, significant or not, what failed: compare's\n"
		"summary, BASE against each NEW), then the figures (DIR/*.gp, .dat, .png, .svg),\n"
		"then the method with every metric, and the systems: the fields that differ,\n"
		"every field in a collapsible block. Arguments are result files or directories\n"
		"of runs, as for compare.\n"
		"Systems that differ in more than the kernel are reported with a warning in\n"
		"capitals at the top (compare refuses them without --force).\n\n");
	analysis_args_help(f);
}

int cmd_report(int argc, char **argv)
{
	struct plot_set ps = { 0 };
	struct analysis_args a;
	char err[1024];
	int ret;

	ret = analysis_args_open(argc, argv, "report", usage, &a);
	if (ret >= 0)
		return ret;
	ret = 0;
	if (plot_all(&a.cmp, a.out, a.render, &ps, err, sizeof(err))) {
		fprintf(stderr, "ptbench report: %s\n", err);
		ret = 1;
	} else if (report_md(a.out, &a.cmp, &ps) || report_html(a.out, &a.cmp, &ps)) {
		fprintf(stderr, "ptbench report: writing in %s: %s\n", a.out, strerror(errno));
		ret = 1;
	} else {
		printf("report: %s/index.html, %s/report.md (%zu plots)\n", a.out, a.out, ps.n);
		if (compare_serious(&a.cmp))
			fprintf(stderr, "ptbench report: WARNING: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL "
				"(see the report)\n");
	}
	plot_set_free(&ps);
	analysis_args_free(&a);
	return ret;
}
