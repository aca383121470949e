// SPDX-License-Identifier: GPL-2.0
/*
 * Progress on stderr for long runs: on a terminal one line redrawn in
 * place; elsewhere (nohup, "| tee log", ssh, CI, a LAVA job) a plain line
 * at most every PROGRESS_PLAIN_SEC, with no control codes, so that a slow
 * run can be told from a hung one in a log.
 */
#include <stdio.h>
#include <unistd.h>

#include "lib/util.h"
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

	p->mode = quiet ? PROGRESS_OFF : isatty(STDERR_FILENO) ? PROGRESS_TTY : PROGRESS_PLAIN;
	p->last_plain = 0;
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
	double now = now_sec(), elapsed = now - p->start, left;
	char phase[32];

	if (p->mode == PROGRESS_OFF)
		return;
	if (p->mode == PROGRESS_PLAIN && p->last_plain && now - p->last_plain < PROGRESS_PLAIN_SEC)
		return;
	/* scale the plan's estimate by how fast the run has gone so far */
	left = p->planned - p->done_planned;
	if (p->done_planned > 0)
		left *= elapsed / p->done_planned;
	if (rep < 0)
		snprintf(phase, sizeof(phase), "warm-up");
	else
		snprintf(phase, sizeof(phase), "rep %d/%u", rep + 1, nreps);
	if (p->mode == PROGRESS_TTY) {
		fprintf(stderr, "\r\033[K[%d/%d] %.50s %s  ETA %dm%02ds", p->index + 1, p->total,
			p->id, phase, (int)left / 60, (int)left % 60);
	} else {
		p->last_plain = now;
		fprintf(stderr, "ptbench: point %d of %d, %s, %s; %dm%02ds elapsed, about %dm%02ds left\n",
			p->index + 1, p->total, p->id, phase, (int)elapsed / 60, (int)elapsed % 60,
			(int)left / 60, (int)left % 60);
	}
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->mode == PROGRESS_TTY)
		fprintf(stderr, "\r\033[K");
}
