// SPDX-License-Identifier: GPL-2.0
/* ptbench plot: gnuplot .dat/.gp files and PNG/SVG renderings (analysis/plot.c). */
#include <stdio.h>
#include <string.h>

#include "analysis/plot.h"
#include "analysis_args.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench plot [--no-render] --out DIR RESULT...\n\n"
		"Plot result files with gnuplot. Each RESULT (a file, or a directory of the runs\n"
		"of one kernel, pooled) is one series, named by its run labels. Writes NAME.dat\n"
		"and NAME.gp for every plot whose data is present, and renders NAME.png\n"
		"(pngcairo) and NAME.svg; plots without data are skipped with a note.\n"
		"The plots are listed in docs/compare.md.\n\n");
	analysis_args_help(f);
}

int cmd_plot(int argc, char **argv)
{
	struct analysis_args a;
	struct plot_set ps;
	char err[1024];
	int ret;
	size_t i;

	ret = analysis_args_open(argc, argv, "plot", usage, &a);
	if (ret >= 0)
		return ret;
	ret = 0;
	if (plot_all(&a.cmp, a.out, a.render, &ps, err, sizeof(err))) {
		fprintf(stderr, "ptbench plot: %s\n", err);
		ret = 1;
	} else {
		for (i = 0; i < ps.n; i++)
			printf("%s/%s.%s\n", a.out, ps.files[i].name, ps.files[i].rendered ? "png" : "gp");
		for (i = 0; i < ps.nnotes; i++)
			fprintf(stderr, "note: %s\n", ps.notes[i]);
		for (i = 0; i < ps.n; i++)
			ret |= a.render && !ps.files[i].rendered;
	}
	plot_set_free(&ps);
	analysis_args_free(&a);
	return ret;
}
