// SPDX-License-Identifier: GPL-2.0
/*
 * Control points a plan gets whether or not the config asks for them. A
 * ratio such as ptl's split_benefit (split / shared at N workers) means
 * what its name says only if the two placements are alike but for what is
 * being compared: at one worker nothing contends, so the ratio there (the
 * layout effect, docs/workloads.md) must be 1. Every pair measured at N > 1
 * workers gets its one-worker twin, run just before it.
 */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "config.h"

static int same_args(const struct point_spec *a, const struct point_spec *b,
		     const char *param, const char *val)
{
	int i;

	if (a->ops != b->ops || a->args.n != b->args.n)
		return 0;
	for (i = 0; i < a->args.n; i++) {
		const char *want = !strcmp(a->args.name[i], param) ? val : a->args.val[i];

		if (strcmp(want, b->args.val[i]))
			return 0;
	}
	return 1;
}

/* The planned point with ps's arguments, param set to val, at n workers, or -1. */
static int find_twin(const struct plan *p, const struct point_spec *ps, const char *param,
		     const char *val, unsigned int n)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->pts[i].nthreads == n && same_args(ps, &p->pts[i], param, val))
			return i;
	return -1;
}

static int add_twin(struct plan *p, int at, const struct wl_ratio *r, const char *val,
		    char *err, size_t len)
{
	struct point_spec ps = p->pts[at];
	int i;

	for (i = 0; i < ps.args.n; i++)
		if (!strcmp(ps.args.name[i], r->param))
			snprintf(ps.vals[i], sizeof(ps.vals[i]), "%s", val);
	for (i = 0; i < ps.args.n; i++)
		ps.args.val[i] = ps.vals[i];
	ps.nthreads = 1;
	snprintf(ps.threads, sizeof(ps.threads), "1");
	snprintf(ps.added, sizeof(ps.added), "control: %s at one worker (%s)", r->name, r->control);
	point_spec_id(&ps);
	return plan_insert(p, at, &ps, err, len);
}

/* Point at's ratio pair at one worker: both sides, inserted before it when missing. */
static int add_pair(struct plan *p, int *at, const struct wl_ratio *r, char *err, size_t len)
{
	const char *side[2] = { r->den, r->num };
	int k;

	for (k = 0; k < 2; k++) {
		if (find_twin(p, &p->pts[*at], r->param, side[k], 1) >= 0)
			continue;
		if (add_twin(p, *at, r, side[k], err, len))
			return -1;
		(*at)++;
	}
	return 0;
}

int plan_add_controls(struct plan *p, char *err, size_t len)
{
	int i;

	for (i = 0; i < p->n; i++) {
		const struct point_spec *ps = &p->pts[i];
		const struct wl_ratio *r;

		if (ps->nthreads < 2 || ps->ops->workers)
			continue;
		for (r = ps->ops->ratios; r && r->name; r++) {
			const char *v = wl_args_get(&ps->args, r->param);

			if (!r->control || !v || (strcmp(v, r->num) && strcmp(v, r->den)))
				continue;
			/* a pair: the other side at the same N is planned too */
			if (find_twin(p, ps, r->param, strcmp(v, r->num) ? r->num : r->den,
				      ps->nthreads) < 0)
				continue;
			if (add_pair(p, &i, r, err, len))
				return -1;
			ps = &p->pts[i];
		}
	}
	return 0;
}
