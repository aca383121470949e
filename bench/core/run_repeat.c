// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench run --runs K: K runs, each a fresh process (this binary
 * re-executed without --runs) with its own result file in the label's
 * directory, one after the other. A fresh process per run is what makes
 * the runs independent samples of the run-to-run drift (layout, page
 * cache, a neighbour's load) that compare's model puts in the error.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "run_repeat.h"

/* argv without --runs K / --runs=K, with --wait-lock, NULL-terminated. */
static char **child_argv(int argc, char **argv)
{
	char **a = calloc((size_t)argc + 4, sizeof(*a));
	int i, n = 0;

	if (!a)
		return NULL;
	a[n++] = "ptbench";
	a[n++] = "run";
	a[n++] = "--wait-lock";
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs")) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--runs=", 7) || !strcmp(argv[i], "--wait-lock"))
			continue;
		a[n++] = argv[i];
	}
	a[n] = NULL;
	return a;
}

/* One child run; its exit status (128 + N when signal N ended it). */
static int one_run(char **a)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	o.path = "/proc/self/exe";
	o.dfl_signals = 1;
	o.who = "ptbench run";
	rc = spawn_run(a, &o);
	return rc < 0 ? 1 : rc;
}

int run_repeat(int argc, char **argv, int k)
{
	char **a = child_argv(argc, argv);
	int i, rc = 0, worst = 0;

	if (!a)
		return 1;
	/* the child handles ^C (restores knobs, writes its partial result); we stop after it */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	for (i = 0; i < k; i++) {
		fprintf(stderr, "ptbench run: run %d of %d\n", i + 1, k);
		rc = one_run(a);
		if (rc >= 128) {
			fprintf(stderr, "ptbench run: run %d of %d interrupted; %d not started\n", i + 1, k,
				k - i - 1);
			worst = rc;
			break;
		}
		if (rc) {
			fprintf(stderr, "ptbench run: run %d of %d failed (exit %d)\n", i + 1, k, rc);
			worst = worst ? worst : rc;
		}
	}
	free(a);
	return worst;
}
