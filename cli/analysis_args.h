/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The front "ptbench plot" and "ptbench report" share: --out DIR
 * [--no-render] [--ignore-param P]... [--within-run] RESULT..., the results
 * loaded and compared.
 */
#ifndef PTBENCH_ANALYSIS_ARGS_H
#define PTBENCH_ANALYSIS_ARGS_H

#include <stdio.h>

#include "analysis/compare.h"

#define ANALYSIS_MAX_IGNORE	32

struct analysis_args {
	const char *out;
	const char *ignore[ANALYSIS_MAX_IGNORE + 1];	/* --ignore-param, NULL-terminated */
	int nignore;
	int no_render;
	int within_run;			/* --within-run: as compare's */
	int render;
	struct sides s;
	struct comparison cmp;
};

/*
 * Parse argv and build the comparison. Returns -1 when a is ready (free it
 * with analysis_args_free()), else the command's exit status (0 after
 * --help, EXIT_USAGE on bad usage or files, with the message printed).
 */
int analysis_args_open(int argc, char **argv, const char *cmd, void (*usage)(FILE *),
		       struct analysis_args *a);
void analysis_args_free(struct analysis_args *a);
/* The shared options' help lines, for the commands' usage. */
void analysis_args_help(FILE *f);

#endif
