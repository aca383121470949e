// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench run: validate the whole plan first (exit 2 on a bad config before
 * anything on the system changes), then take the run lock, put back knobs a
 * killed run left behind, run the points, and write one result file.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "bench/core/aslr.h"
#include "bench/core/run.h"
#include "bench/core/run_repeat.h"
#include "bench/host/placement.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: ptbench run [OPTIONS] [WORKLOAD[:key=value[,value...][,key=value...]]]...\n\n"
"Run the points of config files and/or command-line specs; write one result file.\n\n"
"  -c, --config FILE    suite config (JSON, see configs/*.json, docs/methodology.md); repeatable\n"
"  -l, --label LABEL    name of this run, e.g. the kernel under test (default: uname -r)\n"
"  -o, --out DIR        directory of the result file (default: results/LABEL)\n"
"  -d, --duration SEC   override every point's repetition length\n"
"  -w, --warmup SEC     override every point's warm-up\n"
"  -r, --repetitions N  override every point's repetition count\n"
"  -b, --bind POLICY    override placement: one-per-core, fill-smt, spread, none\n"
"      --mem-share F    largest share of MemAvailable one point may use (default 0.5)\n"
"      --runs K         K runs one after the other, each a fresh process with its\n"
"                       own result file in the directory (compare the directory:\n"
"                       3 or more runs a side put run-to-run drift in the error)\n"
"      --rounds R       every point once per round, each round with its share of\n"
"                       the repetitions and its own warm-up, so that a point's\n"
"                       repetitions spread over the run instead of back to back\n"
"      --wait-lock      wait for another ptbench run to finish instead of failing\n"
"      --compact        compact memory (/proc/sys/vm/compact_memory) before each\n"
"                       point, so THP and hugetlb points start from the same state\n"
"      --aslr           keep address-space layout randomisation (default: off for\n"
"                       the run, as 'setarch -R': less run-to-run drift)\n"
"  -n, --dry-run        validate and list the points, run nothing\n"
"  -q, --quiet          no progress on stderr (default: a line redrawn on a terminal,\n"
"                       else a plain line at most every 5 s)\n"
"  -h, --help\n\n"
"Specs: a list value follows its key: ptl:level=pmd,placement=shared,split,threads=1,2\n"
"Harness keys in a spec: threads, duration, warmup, repetitions, bind.\n"
"'ptbench list' shows every workload parameter.\n\n"
"Exit status: 0 done (points may be skipped or invalid: see the result),\n"
"1 failure, 2 bad usage or config (nothing changed), 128 + N interrupted by\n"
"signal N (130 SIGINT, 143 SIGTERM).\n");
}

/* --duration, --warmup, --mem-share: a number >= 0 (mem-share in (0, 0.95]). */
static int parse_number(int c, const char *arg, struct run_args *a)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || *end || !(v >= 0)) {
		fprintf(stderr, "ptbench run: bad number \"%s\"\n", arg);
		return -1;
	}
	if (c == 'd')
		a->cli.duration = v;
	else if (c == 'w')
		a->cli.warmup = v;
	else if (v > 0 && v <= 0.95)
		a->mem_share = v;
	else {
		fprintf(stderr, "ptbench run: --mem-share must be in (0, 0.95]\n");
		return -1;
	}
	return 0;
}

/* One option into a; -1 (said why) when it is bad. */
/* --runs K, --rounds R: 1..100 into *out; 0, or -1 after saying why */
static int parse_count(const char *arg, const char *opt, int *out)
{
	unsigned long long u;

	if (parse_ull(arg, &u) || !u || u > 100) {
		fprintf(stderr, "ptbench run: %s must be 1..100\n", opt);
		return -1;
	}
	*out = (int)u;
	return 0;
}

static int parse_opt(int c, const char *arg, struct run_args *a)
{
	unsigned long long u;

	switch (c) {
	case 'c':
		if (a->nconfigs == (int)ARRAY_SIZE(a->configs))
			return -1;
		a->configs[a->nconfigs++] = arg;
		return 0;
	case 'l':
		if (!utf8_ok(arg) || !*arg) {
			fprintf(stderr, "ptbench run: --label must be non-empty UTF-8 text\n");
			return -1;
		}
		a->label = arg;
		return 0;
	case 'o': a->out = arg; return 0;
	case 'd':
	case 'w':
	case 'M':
		return parse_number(c, arg, a);
	case 'r':
		if (parse_ull(arg, &u) || !u || u > 1000) {
			fprintf(stderr, "ptbench run: bad repetition count \"%s\"\n", arg);
			return -1;
		}
		a->cli.reps = (unsigned int)u;
		return 0;
	case 'b':
		if (strlen(arg) >= sizeof(a->cli.bind)) {
			fprintf(stderr, "ptbench run: bind must be one of %s\n", bind_policy_names());
			return -1;
		}
		snprintf(a->cli.bind, sizeof(a->cli.bind), "%s", arg);
		return 0;
	case 'K': return parse_count(arg, "--runs", &a->runs);
	case 'R': return parse_count(arg, "--rounds", &a->rounds);
	case 'W': a->wait_lock = 1; return 0;
	case 'A': return 0;	/* read by aslr_setup() before the options */
	case 'C': a->compact = 1; return 0;
	case 'n': a->dry_run = 1; return 0;
	case 'q': a->quiet = 1; return 0;
	default: return -1;
	}
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "label", required_argument, NULL, 'l' },
		{ "out", required_argument, NULL, 'o' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "repetitions", required_argument, NULL, 'r' },
		{ "bind", required_argument, NULL, 'b' },
		{ "mem-share", required_argument, NULL, 'M' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "runs", required_argument, NULL, 'K' },
		{ "rounds", required_argument, NULL, 'R' },
		{ "wait-lock", no_argument, NULL, 'W' },
		{ "aslr", no_argument, NULL, 'A' },
		{ "compact", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	a->cli.duration = -1;
	a->cli.warmup = -1;
	a->mem_share = 0.5;
	while ((c = getopt_long(argc, argv, "c:l:o:d:w:r:b:nqh", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (parse_opt(c, optarg, a))
			return -1;
	}
	return 0;
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
	if (parse_args(argc, argv, &a)) {
		usage(stderr);
		return EXIT_USAGE;
	}
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
