/* SPDX-License-Identifier: GPL-2.0 */
/* ptbench run --runs K: K runs, each a fresh process (see run_repeat.c). */
#ifndef PTBENCH_RUN_REPEAT_H
#define PTBENCH_RUN_REPEAT_H

/*
 * Run "ptbench run" with argv (argv[0] = "run") minus --runs, k times, one
 * fresh process each. 0 when all succeeded; the first failure's status, or
 * 128 + N when signal N interrupted a run (the rest are not started).
 */
int run_repeat(int argc, char **argv, int k);

#endif
