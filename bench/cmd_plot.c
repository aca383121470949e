// SPDX-License-Identifier: GPL-2.0
/* ptbench plot: gnuplot .dat/.gp files and PNG/SVG renderings (analysis/plot.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "../analysis/plot.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench plot [--no-render] --out DIR RESULT...\n\n"
		"Plot result files with gnuplot. Each RESULT (a file, or a directory of the runs\n"
		"of one kernel, pooled) is one series, named by its run labels. Writes NAME.dat\n"
		"and NAME.gp for every plot whose data is present, and renders NAME.png\n"
		"(pngcairo) and NAME.svg; plots without data are skipped with a note.\n"
		"The plots are listed in docs/compare.md.\n\n"
		"  -o, --out DIR      where to write (created; nothing is written elsewhere)\n"
		"      --no-render    write .dat/.gp only\n");
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "out", required_argument, NULL, 'o' },
		{ "no-render", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	const char *out = NULL;
	int c, do_render = 1, ret = 0;
	struct comparison cmp;
	struct plot_set ps;
	struct sides s;
	char err[1024];
	size_t i;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'o':
			out = optarg;
			break;
		case 'N':
			do_render = 0;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!out || optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (sides_load(&s, argv + optind, (size_t)(argc - optind), err, sizeof(err)) ||
	    compare_build(&cmp, &o, s.n, s.res, s.nres, err, sizeof(err))) {
		fprintf(stderr, "ptbench plot: %s\n", err);
		sides_free(&s);
		return EXIT_USAGE;
	}
	if (plot_all(&cmp, out, do_render, &ps, err, sizeof(err))) {
		fprintf(stderr, "ptbench plot: %s\n", err);
		ret = 1;
	} else {
		for (i = 0; i < ps.n; i++)
			printf("%s/%s.%s\n", out, ps.files[i].name, ps.files[i].rendered ? "png" : "gp");
		for (i = 0; i < ps.nnotes; i++)
			fprintf(stderr, "note: %s\n", ps.notes[i]);
		for (i = 0; i < ps.n; i++)
			ret |= do_render && !ps.files[i].rendered;
	}
	plot_set_free(&ps);
	compare_free(&cmp);
	sides_free(&s);
	return ret;
}
