// SPDX-License-Identifier: GPL-2.0
/* ptbench validate: load result files as analysis will, say what they hold. */
#include <stdio.h>

#include "analysis/load.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench validate RESULT.json...\n\n"
		"Load each result file with the same checks compare/plot/report use, and\n"
		"print how many points are valid, invalid (with the reason) and skipped.\n"
		"Exit status 1 when a file is malformed (file, field and reason on stderr).\n");
}

static void show(const struct result *r)
{
	size_t i, invalid = 0;

	for (i = 0; i < r->npoints; i++)
		invalid += !r->points[i].valid;
	printf("%s: label %s, %zu points (%zu valid, %zu invalid), %zu skipped%s\n", r->file,
	       r->label, r->npoints, r->npoints - invalid, invalid, json_array_size(r->skipped),
	       r->incomplete ? ", INCOMPLETE (interrupted run)" : "");
	for (i = 0; i < r->npoints; i++)
		if (!r->points[i].valid)
			printf("  invalid: %s: %s\n", r->points[i].id, r->points[i].reason);
}

int cmd_validate(int argc, char **argv)
{
	static const struct opt opts[] = { OPT_FINISH };
	int i, ret, first = cli_options(argc, argv, opts, "validate", usage, 1, -1, &ret);
	char err[1024];

	if (first == CLI_DONE)
		return ret;
	for (i = first; i < argc; i++) {
		struct result *r = result_load(argv[i], err, sizeof(err));

		if (!r) {
			fprintf(stderr, "ptbench validate: %s\n", err);
			ret = 1;
			continue;
		}
		show(r);
		result_free(r);
	}
	return ret;
}
