// SPDX-License-Identifier: GPL-2.0
/* ptbench lava collect's command line: logs saved as files, or jobs on a server. */
#include <stdlib.h>

#include "cmds.h"
#include "lava/lava.h"

static struct opt opts[8];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench lava collect [OPTIONS] LOG...\n"
		"       ptbench lava collect [OPTIONS] --job ID...\n\n"
		"Rebuild the result files of ptbench lava jobs from their logs: files saved\n"
		"from lava-run's stderr or 'lavacli jobs logs --raw', or jobs on a LAVA server\n"
		"read with lavacli. A job's result is taken only when it booted, its test ran\n"
		"to the end and LAVA passed it; its test cases must be the file's. Each whole\n"
		"result goes to DIR/KERNEL/SEQ-jobID.json with the job's provenance (\"lava\");\n"
		"a partial one to DIR/partial/. Then the kernels are compared (the plan's first\n"
		"job's kernel is the base; each job is a boot).\n\n");
	opt_help(f, opts);
	fprintf(f, "\nWrites in DIR: KERNEL/*.json, partial/, logs/ (a server's logs), collect.json,\n"
		"compare.txt, report/ (a DIR with an earlier collect.json is refused). Exit status:\n"
		"0 every job whole with its cases matching and the comparison made, 1 otherwise\n"
		"(each job's reason is printed), 2 bad usage or a refused DIR.\n");
}

int lava_collect_args_parse(int argc, char **argv, struct lava_collect_args *c)
{
	int rc, first, i;

	c->out = "results/lava/collect";
	opts[0] = (struct opt)OPT_STRING('o', "out", &c->out, "DIR",
		"where the result files go (default results/lava/collect)");
	opts[1] = (struct opt)OPT_STRINGS('j', "job", c->jobs, &c->njobs, LAVA_MAX_LOGS, "ID",
		"a job on the server of lavacli's identity (repeatable)");
	opts[2] = (struct opt)OPT_STRING('i', "identity", &c->identity, "NAME",
		"lavacli's identity (default: its default)");
	opts[3] = (struct opt)OPT_STRING('d', "device", &c->device, "NAME",
		"the device the jobs ran on, for logs that do not say\n(a server's jobs say it)");
	opts[4] = (struct opt)OPT_BOOLEAN(0, "no-compare", &c->no_compare, "only rebuild the result files");
	opts[5] = (struct opt)OPT_FINISH;
	first = cli_options(argc, argv, opts, "lava collect", usage, 0, LAVA_MAX_LOGS, &rc);
	if (first == CLI_DONE)
		return rc ? -1 : 1;
	for (i = first; i < argc; i++)
		c->logs[c->nlogs++] = argv[i];
	if (!c->nlogs && !c->njobs) {
		fprintf(stderr, "ptbench lava collect: no LOG and no --job\n");
		usage(stderr);
		return -1;
	}
	return 0;
}
