// SPDX-License-Identifier: GPL-2.0
/*
 * Derived figures, from the points' own results, not from the JSON just
 * written: as each valid point is emitted its ops/s samples are kept with
 * its spec, and once all ran the ratios the workloads declare (struct
 * wl_ratio: split_benefit with its one-worker control layout_effect) and
 * scaling_efficiency (N workers against one) are computed and added to
 * the points' metrics. Twins are found by their specs: the same workload,
 * the same values but the one that differs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "lib/stats.h"
#include "result.h"

/* A ratio at one worker farther than this from 1 confounds the pair's N-worker ratio. */
#define CONTROL_TOLERANCE	0.03

/* The harness's ratio: throughput at N workers against N x at one. */
static const char scaling_desc[] = "ops/s at N workers / (N x ops/s at 1 worker)";

void derive_add(struct derive *d, const struct point_spec *ps, const struct point_result *r,
		json_t *pj)
{
	struct derive_point *p;

	if (r->validity.invalid || !r->reps_done)
		return;
	p = realloc(d->p, (d->n + 1) * sizeof(*d->p));
	if (!p)
		return;
	d->p = p;
	p = &d->p[d->n];
	p->rate = malloc(r->reps_done * sizeof(double));
	if (!p->rate)
		return;
	memcpy(p->rate, r->rate, r->reps_done * sizeof(double));
	p->n = r->reps_done;
	p->ps = ps;
	p->pj = pj;
	d->n++;
}

/* Twins: the same workload and worker count, every value equal but param's (which is want). */
static int twin(const struct point_spec *a, const struct point_spec *b, const char *param,
		const char *want)
{
	int i;

	if (a->ops != b->ops || a->args.n != b->args.n)
		return 0;
	for (i = 0; i < a->args.n; i++) {
		int is_param = param && !strcmp(a->args.name[i], param);

		if (is_param ? strcmp(b->args.val[i], want) : strcmp(a->args.val[i], b->args.val[i]))
			return 0;
	}
	return 1;
}

static const struct derive_point *find(const struct derive *d, const struct point_spec *ps,
				       unsigned int nthreads, const char *param, const char *want)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->p[i].ps->nthreads == nthreads && twin(ps, d->p[i].ps, param, want))
			return &d->p[i];
	return NULL;
}

/*
 * num's ops/s over den's, times scale. The i-th repetitions of the two
 * points are a pair: the runner runs the points of a ratio one after the
 * other (--rounds interleaves them), so the machine's speed, which drifts
 * over seconds (docs/methodology.md), is much the same within a pair and
 * cancels in a[i]/b[i]. Paired, "samples" are those ratios and "value"
 * their geometric mean with a t interval on the logs. With unequal counts
 * (an interrupted point) samples are a[i] over den's mean and ratio_ci95
 * adds den's spread by the log-scale delta method.
 *
 * A ratio is one figure: its summary is on the log scale too (mean_kind
 * "geometric"), with derived.value's mean and interval. An arithmetic mean
 * of ratios is pulled up by one large ratio (a stalled denominator: 26.2
 * [-25.2, 77.6] beside a geometric 5.31 [0.35, 80.0], issue 23).
 */
static void add_ratio(const struct derive_point *num, const struct derive_point *den,
		      const char *name, double scale, const char *desc)
{
	struct summary sa, sb, sr;
	struct ratio rt;
	int paired;
	double *r;
	size_t i;
	json_t *m;

	summarize(num->rate, num->n, &sa);
	summarize(den->rate, den->n, &sb);
	if (sb.mean <= 0 || !(r = malloc(num->n * sizeof(*r))))
		return;
	paired = num->n == den->n && !ratio_paired(num->rate, den->rate, num->n, &rt);
	if (!paired)
		ratio_of_means(&sa, &sb, &rt);
	for (i = 0; i < num->n; i++)
		r[i] = num->rate[i] / (paired ? den->rate[i] : sb.mean) * scale;
	if (summarize_geometric(r, num->n, &sr)) {
		/* a repetition of 0 ops: no log scale, the ratio of the means (arithmetic) */
		sr.ci95_lo = rt.ci95_lo * scale;
		sr.ci95_hi = rt.ci95_hi * scale;
	} else if (!paired && rt.value > 0) {
		/* den's spread in the interval, about the samples' geometric mean */
		sr.ci95_lo = sr.mean * rt.ci95_lo / rt.value;
		sr.ci95_hi = sr.mean * rt.ci95_hi / rt.value;
	}
	m = metric_json_of("ratio", 1, desc, r, num->n, &sr);
	json_object_set_new(m, "derived", json_pack("{s:s, s:s, s:s, s:f, s:[f, f], s:s}",
		"of", RESULT_RATIO_OF, "numerator", num->ps->id, "denominator", den->ps->id,
		"value", sr.mean, "ratio_ci95", sr.ci95_lo, sr.ci95_hi,
		"pairing", paired ? "repetition" : "none"));
	json_object_set_new(json_object_get(num->pj, "metrics"), name, m);
	free(r);
}

static void derive_scaling(const struct derive *d, const struct derive_point *p)
{
	const struct derive_point *one;
	unsigned int n = p->ps->nthreads;

	if (n <= 1 || !(one = find(d, p->ps, 1, NULL, NULL)))
		return;
	add_ratio(p, one, "scaling_efficiency", 1.0 / (double)n, scaling_desc);
}

/* The value of param in ps, or NULL. */
static const char *value_of(const struct point_spec *ps, const char *param)
{
	int i;

	for (i = 0; i < ps->args.n; i++)
		if (!strcmp(ps->args.name[i], param))
			return ps->args.val[i];
	return NULL;
}

static void derive_ratios(const struct derive *d, const struct derive_point *p)
{
	const struct wl_ratio *r;

	for (r = p->ps->ops->ratios; r && r->name; r++) {
		const char *v = value_of(p->ps, r->param);
		const struct derive_point *den;

		if (v && !strcmp(v, r->num) && (den = find(d, p->ps, p->ps->nthreads, r->param, r->den)))
			add_ratio(p, den, r->name, 1.0, r->help);
	}
}

/*
 * The control by its interval, not its point estimate alone: "held" when
 * the whole 95% interval is within 1 +- CONTROL_TOLERANCE, "confounded"
 * when the whole of it is outside (the placements do differ in more than
 * the lock), "unresolved" when it reaches across the edge (these
 * repetitions cannot tell; on a noisy machine a point estimate alone
 * marked pairs confounded by noise, docs/workloads.md).
 */
static const char *control_verdict(double lo, double hi)
{
	if (lo >= 1 - CONTROL_TOLERANCE && hi <= 1 + CONTROL_TOLERANCE)
		return "held";
	if (hi < 1 - CONTROL_TOLERANCE || lo > 1 + CONTROL_TOLERANCE)
		return "confounded";
	return "unresolved";
}

static void note_control(json_t *pj, const char *ratio, const char *control, double v, double lo,
			 double hi, const char *verdict)
{
	json_t *notes = json_object_get(json_object_get(pj, "validity"), "notes");

	if (!strcmp(verdict, "confounded"))
		json_array_append_new(notes, json_sprintf(
			"%s is confounded: at one worker, where nothing contends, the same ratio (%s) is "
			"%.3f [%.3f, %.3f], all of it outside 1 +- %.0f%%: the placements differ in more "
			"than the lock", ratio, control, v, lo, hi, CONTROL_TOLERANCE * 100));
	else if (!strcmp(verdict, "unresolved"))
		json_array_append_new(notes, json_sprintf(
			"%s's control is unresolved: at one worker the same ratio (%s) is %.3f [%.3f, "
			"%.3f], an interval reaching beyond 1 +- %.0f%%: these repetitions cannot show that "
			"the placements differ only in the lock (more or longer repetitions, --rounds)",
			ratio, control, v, lo, hi, CONTROL_TOLERANCE * 100));
}

/*
 * The control of ratio r on point p: the same ratio of p's one-worker twin,
 * copied into p as r->control and summarised in r's derived object.
 */
static void derive_control(const struct derive *d, const struct derive_point *p,
			   const struct wl_ratio *r)
{
	json_t *ratio = json_object_get(json_object_get(p->pj, "metrics"), r->name), *m, *dv, *ci;
	const struct derive_point *one = find(d, p->ps, 1, NULL, NULL);
	const char *verdict;
	double v, lo, hi;

	m = one ? json_object_get(json_object_get(one->pj, "metrics"), r->name) : NULL;
	if (!ratio || !m)
		return;
	dv = json_object_get(m, "derived");
	v = json_number_value(json_object_get(dv, "value"));
	ci = json_object_get(dv, "ratio_ci95");
	lo = json_array_size(ci) == 2 ? json_number_value(json_array_get(ci, 0)) : v;
	hi = json_array_size(ci) == 2 ? json_number_value(json_array_get(ci, 1)) : v;
	verdict = control_verdict(lo, hi);
	m = json_deep_copy(m);
	json_object_del(json_object_get(m, "derived"), "control");
	json_object_set_new(m, "description", json_sprintf("%s at one worker (must be 1: nothing "
		"contends): what the placements differ in besides the lock", r->name));
	json_object_set_new(json_object_get(p->pj, "metrics"), r->control, m);
	json_object_set_new(json_object_get(ratio, "derived"), "control", json_pack(
		"{s:s, s:s, s:f, s:O?, s:b, s:s}", "metric", r->control, "point", one->ps->id,
		"value", v, "ratio_ci95", ci, "confounded", !strcmp(verdict, "confounded"),
		"verdict", verdict));
	note_control(p->pj, r->name, r->control, v, lo, hi, verdict);
}

static void derive_controls(const struct derive *d, const struct derive_point *p)
{
	const struct wl_ratio *r;

	for (r = p->ps->ops->ratios; r && r->name; r++) {
		const char *v = value_of(p->ps, r->param);

		if (r->control && v && !strcmp(v, r->num))
			derive_control(d, p, r);
	}
}

void derive_all(const struct derive *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		derive_scaling(d, &d->p[i]);
		derive_ratios(d, &d->p[i]);
	}
	/* after every ratio exists: a control comes from another point's ratio */
	for (i = 0; i < d->n; i++)
		derive_controls(d, &d->p[i]);
}

void derive_free(struct derive *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->p[i].rate);
	free(d->p);
	memset(d, 0, sizeof(*d));
}
