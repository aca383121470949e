/* SPDX-License-Identifier: GPL-2.0 */
/* One progress line on stderr for long runs; silent when stderr is not a terminal. */
#ifndef PTBENCH_PROGRESS_H
#define PTBENCH_PROGRESS_H

struct plan;

struct progress {
	int enabled;
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
