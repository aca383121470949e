// SPDX-License-Identifier: GPL-2.0
/* One progress line on stderr for long runs; silent when stderr is not a terminal. */
#include <stdio.h>
#include <unistd.h>

#include "bench/lib/util.h"
#include "config.h"
#include "progress.h"

static double point_estimate(const struct point_spec *ps)
{
	/* the phases, plus setup/teardown, which is seldom more than this */
	return ps->opts.warmup + ps->opts.duration * ps->opts.reps + 0.2;
}

static double now_sec(void)
{
	return (double)now_ns() / 1e9;
}

void progress_init(struct progress *p, const struct plan *plan, int quiet)
{
	int i;

	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->total = plan->n;
	p->start = now_sec();
	p->planned = 0;
	for (i = 0; i < plan->n; i++)
		p->planned += point_estimate(&plan->pts[i]);
	p->done_planned = 0;
	p->cur_planned = 0;
	p->index = -1;
	p->id = "";
	p->plan = plan;
}

void progress_point(struct progress *p, int index, const char *id)
{
	if (p->index >= 0)
		p->done_planned += p->cur_planned;
	p->index = index;
	p->id = id;
	p->cur_planned = point_estimate(&p->plan->pts[index]);
}

void progress_phase(void *arg, int rep, unsigned int nreps)
{
	struct progress *p = arg;
	double elapsed = now_sec() - p->start, left;
	char phase[32];

	if (!p->enabled)
		return;
	/* scale the plan's estimate by how fast the run has gone so far */
	left = p->planned - p->done_planned;
	if (p->done_planned > 0)
		left *= elapsed / p->done_planned;
	if (rep < 0)
		snprintf(phase, sizeof(phase), "warm-up");
	else
		snprintf(phase, sizeof(phase), "rep %d/%u", rep + 1, nreps);
	fprintf(stderr, "\r\033[K[%d/%d] %.50s %s  ETA %dm%02ds", p->index + 1, p->total, p->id,
		phase, (int)left / 60, (int)left % 60);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->enabled)
		fprintf(stderr, "\r\033[K");
}
