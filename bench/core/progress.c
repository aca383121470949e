// SPDX-License-Identifier: GPL-2.0
/*
 * Progress on stderr for long runs: on a terminal one line redrawn in
 * place; elsewhere (nohup, "| tee log", ssh, CI, a LAVA job) a plain line
 * at most every PROGRESS_PLAIN_SEC, with no control codes, so that a slow
 * run can be told from a hung one in a log.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"
#include "workloads/workload.h"
#include "config.h"
#include "progress.h"

static double point_estimate(const struct point_spec *ps)
{
	/* the phases, plus setup/teardown, which is seldom more than this */
	return ps->opts.warmup + ps->opts.duration * ps->opts.reps + 0.2;
}

static int point_fixed(const struct point_spec *ps)
{
	return !!(ps->ops->flags & WL_FIXED_WORK);
}

static double now_sec(void)
{
	return (double)now_ns() / 1e9;
}

void progress_init(struct progress *p, const struct plan *plan, int quiet)
{
	int i;

	p->mode = quiet ? PROGRESS_OFF : isatty(STDERR_FILENO) ? PROGRESS_TTY : PROGRESS_PLAIN;
	p->last_plain = 0;
	p->total = plan->n;
	p->start = now_sec();
	memset(p->pool, 0, sizeof(p->pool));
	for (i = 0; i < plan->n; i++)
		p->pool[point_fixed(&plan->pts[i])].planned += point_estimate(&plan->pts[i]);
	p->cur_planned = 0;
	p->cur_fixed = 0;
	p->cur_start = p->start;
	p->index = -1;
	p->id = "";
	p->plan = plan;
}

void progress_point(struct progress *p, int index, const char *id)
{
	double now = now_sec();

	if (p->index >= 0) {
		p->pool[p->cur_fixed].done_planned += p->cur_planned;
		p->pool[p->cur_fixed].spent += now - p->cur_start;
	}
	p->index = index;
	p->id = id;
	p->cur_planned = point_estimate(&p->plan->pts[index]);
	p->cur_fixed = point_fixed(&p->plan->pts[index]);
	p->cur_start = now;
}

/*
 * Seconds left, each pool's estimate scaled by how its points went; *most
 * set when fixed-work points remain and none has run yet: their share is
 * then their time-outs, a bound rather than an estimate.
 */
static double seconds_left(const struct progress *p, int *most)
{
	double left = 0;
	int k;

	*most = 0;
	for (k = 0; k < (int)ARRAY_SIZE(p->pool); k++) {
		const struct progress_pool *q = &p->pool[k];
		double l = q->planned - q->done_planned;

		if (q->done_planned > 0)
			l *= q->spent / q->done_planned;
		else if (k && l > 0)
			*most = 1;
		left += l;
	}
	return left;
}

void progress_phase(void *arg, int rep, unsigned int nreps)
{
	struct progress *p = arg;
	double now = now_sec(), elapsed = now - p->start, left;
	char phase[32];
	int most;

	if (p->mode == PROGRESS_OFF)
		return;
	if (p->mode == PROGRESS_PLAIN && p->last_plain && now - p->last_plain < PROGRESS_PLAIN_SEC)
		return;
	left = seconds_left(p, &most);
	if (rep < 0)
		snprintf(phase, sizeof(phase), "warm-up");
	else
		snprintf(phase, sizeof(phase), "rep %d/%u", rep + 1, nreps);
	if (p->mode == PROGRESS_TTY) {
		fprintf(stderr, "\r\033[K[%d/%d] %.50s %s  ETA %dm%02ds%s", p->index + 1, p->total,
			p->id, phase, (int)left / 60, (int)left % 60, most ? " (time-outs)" : "");
	} else {
		p->last_plain = now;
		fprintf(stderr, "ptbench: point %d of %d, %s, %s; %dm%02ds elapsed, about %dm%02ds "
			"left%s\n", p->index + 1, p->total, p->id, phase, (int)elapsed / 60,
			(int)elapsed % 60, (int)left / 60, (int)left % 60,
			most ? " (fixed-work points counted at their time-outs)" : "");
	}
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->mode == PROGRESS_TTY)
		fprintf(stderr, "\r\033[K");
}
