/* SPDX-License-Identifier: GPL-2.0 */
/* Rounds: each point once per round, the rounds' results of a point joined (rounds.c). */
#ifndef PTBENCH_ROUNDS_H
#define PTBENCH_ROUNDS_H

#include "harness.h"

/* The repetitions a point of reps runs in round k of rounds. */
unsigned int rounds_reps(unsigned int reps, unsigned int rounds, unsigned int k);
/*
 * Join round's result b of a point into a (the earlier rounds'): the
 * repetitions follow a's, counts add up, checks hold if they held in
 * every round. A b that did not end PT_OK gives a its status and reason.
 * 0, or -1 with a an error. b is left for the caller to free.
 */
int rounds_join(struct point_result *a, struct point_result *b, unsigned int round);

#endif
