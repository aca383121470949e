// SPDX-License-Identifier: GPL-2.0
/* The front plot and report share (analysis_args.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis_args.h"
#include "cmds.h"

int analysis_args_open(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		       struct analysis_args *a)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "out", required_argument, NULL, 'o' },
		{ "no-render", no_argument, NULL, 'N' },
		{ "ignore-param", required_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmp_opts o = { .alpha = CMP_ALPHA, .ignore = a->ignore };
	int ni = 0;
	char err[1024];
	int c;

	memset(a, 0, sizeof(*a));
	a->render = 1;
	while ((c = getopt_long(argc, argv, "ho:i:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'o':
			a->out = optarg;
			break;
		case 'N':
			a->render = 0;
			break;
		case 'i':
			/* leave P out of point matching, as compare -i does (e.g. inject_ns) */
			if (ni < ANALYSIS_MAX_IGNORE)
				a->ignore[ni++] = optarg;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!a->out || optind == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (sides_load(&a->s, argv + optind, (size_t)(argc - optind), err, sizeof(err)) ||
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
