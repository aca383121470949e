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
	double planned;		/* estimated seconds of the whole plan */
	double done_planned;	/* estimate of the points already done */
	double cur_planned;
	const struct plan *plan;
};

void progress_init(struct progress *p, const struct plan *plan, int quiet);
void progress_point(struct progress *p, int index, const char *id);
/* harness callback: rep < 0 is the warm-up */
void progress_phase(void *arg, int rep, unsigned int nreps);
void progress_end(struct progress *p);

#endif
