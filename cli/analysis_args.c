// SPDX-License-Identifier: GPL-2.0
/* The front plot and report share (analysis_args.h). */
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cmds.h"
#include "lib/opt.h"

/* The options plot and report share, values into a. */
static void table(struct analysis_args *a, struct opt *t)
{
	size_t n = 0;

	t[n++] = (struct opt)OPT_STRING('o', "out", &a->out, "DIR",
		"where to write (created; nothing is written elsewhere)");
	t[n++] = (struct opt)OPT_BOOLEAN(0, "no-render", &a->no_render,
		"write .dat/.gp and the tables only: no gnuplot");
	/* leave P out of point matching, as compare -i does (e.g. inject_ns) */
	t[n++] = (struct opt)OPT_STRINGS('i', "ignore-param", a->ignore, &a->nignore,
		ANALYSIS_MAX_IGNORE, "P", "leave param P out of point matching (as compare -i)");
	t[n++] = (struct opt)OPT_BOOLEAN(0, "within-run", &a->within_run,
		"test a side of one run on its repetitions (as compare)");
	t[n] = (struct opt)OPT_FINISH;
}

void analysis_args_help(FILE *f)
{
	struct analysis_args dummy;
	struct opt t[5];

	table(&dummy, t);
	opt_help(f, t);
}

int analysis_args_open(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		       struct analysis_args *a)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA, .ignore = a->ignore };
	char err[1024];
	struct opt t[5];
	int first;

	memset(a, 0, sizeof(*a));
	table(a, t);
	first = opt_parse(argc, argv, t, cmd, usage);
	if (first == OPT_HELP_RC)
		return 0;
	if (first < 0)
		return EXIT_USAGE;
	a->render = !a->no_render;
	o.within_run = a->within_run;
	if (!a->out || first == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (sides_load(&a->s, argv + first, (size_t)(argc - first), err, sizeof(err)) ||
	    compare_build(&a->cmp, &o, a->s.n, a->s.res, a->s.nres, err, sizeof(err))) {
		fprintf(stderr, "ptbench %s: %s\n", cmd, err);
		sides_free(&a->s);
		return EXIT_USAGE;
	}
	return -1;
}

void analysis_args_free(struct analysis_args *a)
{
	compare_free(&a->cmp);
	sides_free(&a->s);
}
