// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench run: validate the whole plan first (exit 2 on a bad config before
 * anything on the system changes), then take the run lock, put back knobs a
 * killed run left behind, run the points, and write one result file.
 */
#include <string.h>

#include "bench/core/aslr.h"
#include "bench/core/run.h"
#include "bench/core/run_opts.h"
#include "bench/core/run_repeat.h"
#include "bench/host/placement.h"
#include "cmds.h"

static struct opt opts[24];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench run [OPTIONS] [WORKLOAD[:key=value[,value...][,key=value...]]]...\n\n"
		"Run the points of config files and/or command-line specs; write one result file.\n\n");
	opt_help(f, opts);
	fprintf(f, "\nSpecs: a list value follows its key: ptl:level=pmd,placement=shared,split,threads=1,2\n"
		"Harness keys in a spec: threads, duration, warmup, repetitions, bind (-d, -w, -r\n"
		"and -b override them for every point). 'ptbench list' shows every workload\n"
		"parameter.\n\n"
		"Exit status: 0 done (points may be skipped or invalid: see the result),\n"
		"1 failure, 2 bad usage or config (nothing changed), 128 + N interrupted by\n"
		"signal N (130 SIGINT, 143 SIGTERM).\n");
}

static int label_cb(const struct opt *o, const char *arg)
{
	if (!utf8_ok(arg) || !*arg) {
		fprintf(stderr, "ptbench run: --label must be non-empty UTF-8 text\n");
		return -1;
	}
	*(const char **)o->value = arg;
	return 0;
}

/* The options of ptbench run, the harness's from their own table (run_opts.h). */
static void build_opts(struct run_args *a)
{
	size_t n = 0;

	opts[n++] = (struct opt)OPT_STRINGS('c', "config", a->configs, &a->nconfigs,
		(int)ARRAY_SIZE(a->configs), "FILE",
		"suite config (JSON, see configs/*.json, docs/methodology.md); repeatable");
	opts[n++] = (struct opt)OPT_CALLBACK('l', "label", &a->label, label_cb, "LABEL",
		"name of this run, e.g. the kernel under test (default: uname -r)");
	opts[n++] = (struct opt)OPT_STRING('o', "out", &a->out, "DIR",
		"directory of the result file (default: results/LABEL)");
	run_opt_flags(opts, &n, &a->cli);
	opts[n++] = (struct opt)OPT_NUMBER(0, "mem-share", &a->mem_share, 0.01, 0.95, "F",
		"largest share of MemAvailable one point may use (default 0.5)");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "runs", &a->runs, run_count_cb, "K",
		"K runs one after the other, each a fresh process with its\n"
		"own result file in the directory (compare the directory:\n"
		"3 or more runs a side put run-to-run drift in the error)");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "rounds", &a->rounds, run_count_cb, "R",
		"every point once per round, each round with its share of\n"
		"the repetitions and its own warm-up, so that a point's\n"
		"repetitions spread over the run instead of back to back");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "wait-lock", &a->wait_lock,
		"wait for another ptbench run to finish instead of failing");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "compact", &a->compact,
		"compact memory (/proc/sys/vm/compact_memory) before each\n"
		"point, so THP and hugetlb points start from the same state");
	/* read by aslr_setup() before the options; here so that it is known and shown */
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "aslr", &a->keep_aslr,
		"keep address-space layout randomisation (default: off for\n"
		"the run, as 'setarch -R': less run-to-run drift)");
	opts[n++] = (struct opt)OPT_BOOLEAN('n', "dry-run", &a->dry_run,
		"validate and list the points, run nothing");
	opts[n++] = (struct opt)OPT_BOOLEAN('q', "quiet", &a->quiet,
		"no progress on stderr (default: a line redrawn on a terminal,\n"
		"else a plain line at most every 5 s)");
	opts[n] = (struct opt)OPT_FINISH;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	const struct run_opts unset = RUN_OPTS_UNSET;
	int rc;

	memset(a, 0, sizeof(*a));
	a->cli = unset;
	a->mem_share = 0.5;
	build_opts(a);
	rc = opt_parse(argc, argv, opts, "run", usage);
	if (rc == OPT_HELP_RC)
		exit(0);
	return rc < 0 ? -1 : 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a;
	struct plan plan;
	struct ctx cx;
	char err[512];
	int i, ret;

	/* before anything is read: the run's layout is fixed at exec */
	aslr_setup(argc, argv);
	/* each point's line reaches a pipe or a log as the point ends, not in 4 KiB bursts */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (ctx_init(&cx, err, sizeof(err))) {
		fprintf(stderr, "ptbench run: %s\n", err);
		return 1;
	}
	plan_init(&plan);
	if (run_build_plan(&cx, &a, argc, argv, &plan)) {
		plan_free(&plan);
		ctx_fini(&cx);
		return EXIT_USAGE;
	}
	if (a.dry_run) {
		for (i = 0; i < plan.n; i++)
			printf("%s\n", plan.pts[i].id);
		ret = 0;
	} else if (a.runs > 1) {
		/* the plan is valid (checked above): now K fresh processes */
		ret = run_repeat(argc, argv, a.runs);
	} else {
		ret = run_execute(&cx, &a, &plan, argc, argv);
	}
	plan_free(&plan);
	ctx_fini(&cx);
	return ret;
}
