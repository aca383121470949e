/* SPDX-License-Identifier: GPL-2.0 */
/* ptbench ab's command line (cmd_ab.c) and the start of a plan from it (ab_start.c). */
#ifndef PTBENCH_AB_ARGS_H
#define PTBENCH_AB_ARGS_H

#include <stddef.h>

#include "ab/ab.h"

struct ab_args {
	const char *kernels[AB_MAX_KERNELS];
	int nk;
	const char *home, *config, *state, *on_fail;
	int boots, panic, runs, rounds, guest, dry_run;
	double seed;
};

/* Check, copy, plan, write, install the unit, boot the first slot: the exit status. */
int ab_start(const struct ab_args *a, struct ab_plan *p);
/* The newest plan under AB_STATE_DIR (for --state's default): 0, or -1 having said why. */
int ab_default_state(char *dir, size_t len);

#endif
