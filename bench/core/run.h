/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner's API (run.c): what a run is asked for, its plan, and its
 * execution into one result file. ptbench run parses its command line into
 * a struct run_args and calls these two.
 */
#ifndef PTBENCH_RUN_H
#define PTBENCH_RUN_H

#include "config.h"
#include "context.h"

struct run_args {
	const char *configs[16];
	int nconfigs;
	const char *label;
	const char *out;
	struct run_opts cli;
	double mem_share;
	int dry_run;
	int quiet;
	int runs;		/* --runs K: K fresh processes (run_repeat.c) */
	int rounds;		/* --rounds R: each point once per round (rounds.c) */
	int wait_lock;
	int compact;		/* --compact: compact memory before each point */
	int keep_aslr;		/* --aslr (acted on by aslr_setup() before parsing) */
	char compact_err[160];	/* why compaction could not be asked for */
};

/* Is s valid UTF-8, what a JSON string must be? */
int utf8_ok(const char *s);
/*
 * The points of a's configs and of the specs in argv (after the options)
 * into plan, each checked; 0, or -1 after saying why (usage error).
 */
int run_build_plan(struct ctx *cx, struct run_args *a, int argc, char **argv, struct plan *plan);
/*
 * Run plan and write its result file (argv is recorded in it); the exit
 * status of ptbench run.
 */
int run_execute(struct ctx *cx, struct run_args *a, struct plan *plan, int argc, char **argv);

#endif
