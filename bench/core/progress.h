/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Progress on stderr for long runs: a line redrawn in place on a terminal,
 * a plain line at most every PROGRESS_PLAIN_SEC elsewhere, none with -q.
 */
#ifndef PTBENCH_PROGRESS_H
#define PTBENCH_PROGRESS_H

struct plan;

#define PROGRESS_PLAIN_SEC	5.0

enum progress_mode { PROGRESS_OFF, PROGRESS_TTY, PROGRESS_PLAIN };

struct progress {
	enum progress_mode mode;
	double last_plain;	/* when the last plain line went out; 0: none yet */
	int total;
	int index;		/* current point, 0-based */
	const char *id;
	double start;		/* seconds, monotonic */
	/*
	 * The plan's estimate in two pools: timed points, and fixed-work
	 * points (collapse), whose duration is only a time-out. Each pool
	 * is scaled by how its own points have gone so far.
	 */
	struct progress_pool {
		double planned;		/* estimated seconds of the pool's points */
		double done_planned;	/* the estimate of those done */
		double spent;		/* seconds they took */
	} pool[2];
	int cur_fixed;		/* the current point's pool */
	double cur_planned;
	double cur_start;
	const struct plan *plan;
};

void progress_init(struct progress *p, const struct plan *plan, int quiet);
void progress_point(struct progress *p, int index, const char *id);
/* harness callback: rep < 0 is the warm-up */
void progress_phase(void *arg, int rep, unsigned int nreps);
void progress_end(struct progress *p);

#endif
