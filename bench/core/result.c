// SPDX-License-Identifier: GPL-2.0
/* The result file (docs/schema.md): point objects, derived metrics, the atomic write. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/host/placement.h"
#include "lib/json_write.h"
#include "lib/stats.h"
#include "lib/util.h"
#include "result.h"
#include "stalls.h"

static json_t *summary_json(const struct summary *s)
{
	return json_pack("{s:I, s:f, s:s, s:f, s:f, s:f, s:f, s:f, s:[f, f]}",
			 "n", (json_int_t)s->n, "mean", s->mean, "mean_kind",
			 s->geometric ? "geometric" : "arithmetic", "stddev", s->stddev, "cv", s->cv,
			 "min", s->min, "median", s->median, "max", s->max,
			 "ci95", s->ci95_lo, s->ci95_hi);
}

const char *const result_harness_metrics[] = {
	"ops_per_sec", "ops_per_sec_per_thread", "ns_per_op", "scaling_efficiency", NULL,
};

json_t *metric_json_of(const char *unit, int higher_is_better, const char *desc,
		       const double *x, size_t n, const struct summary *s)
{
	json_t *samples = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(samples, json_real(x[i]));
	return json_pack("{s:s, s:b, s:s, s:o, s:o}", "unit", unit, "higher_is_better", higher_is_better,
			 "description", desc, "samples", samples, "summary", summary_json(s));
}

json_t *metric_json(const char *unit, int higher_is_better, const char *desc,
		    const double *x, size_t n)
{
	struct summary s;

	summarize(x, n, &s);
	return metric_json_of(unit, higher_is_better, desc, x, n, &s);
}

static json_t *params_json(const struct point_spec *ps)
{
	json_t *p = json_object();
	int i;

	for (i = 0; i < ps->args.n; i++)
		if (!wl_arg_omitted(ps->ops, &ps->args, i))
			json_object_set_new(p, ps->args.name[i], json_string(ps->args.val[i]));
	json_object_set_new(p, "threads", json_integer(ps->nthreads));
	return p;
}

static json_t *placement_json(const struct point_spec *ps, const struct point_result *r,
			      const struct topo *t)
{
	json_t *cpus = json_array(), *seen = json_array(), *cores = json_array(), *pk = json_array();
	json_t *numa = json_array();
	unsigned int i;

	for (i = 0; i < r->nthreads; i++) {
		json_array_append_new(cpus, json_integer(r->cpus[i]));
		json_array_append_new(seen, json_integer(r->cpus_seen[i]));
		json_array_append_new(cores, json_integer(topo_cpu_core(t, r->cpus_seen[i])));
		json_array_append_new(pk, json_integer(topo_cpu_package(t, r->cpus_seen[i])));
		json_array_append_new(numa, json_integer(topo_cpu_numa(t, r->cpus_seen[i])));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "policy", ps->opts.bind, "cpus", cpus,
			 "cpus_seen", seen, "cores", cores, "packages", pk, "numa", numa);
}

static int unobserved(const struct wl_validity *v, const char *metric)
{
	int i;

	for (i = 0; i < v->nunobs; i++)
		if (!strcmp(v->unobs[i].metric, metric))
			return 1;
	return 0;
}

/*
 * The workload's own metrics. A repetition without a value (NAN) is left
 * out of the samples; a metric with none at all is left out entirely, so
 * that no point carries a made-up figure; one the workload found it could
 * not observe is left out whatever its values and listed in "unobserved".
 */
static void wl_metrics_json(json_t *m, const struct point_result *r)
{
	double *x = calloc(r->reps_done ? r->reps_done : 1, sizeof(double));
	unsigned int k;
	size_t n;
	int i;

	for (i = 0; x && i < r->nwm; i++) {
		const struct wl_metric *d = r->wm[i].def;

		if (unobserved(&r->validity, d->name))
			continue;
		for (n = 0, k = 0; k < r->reps_done; k++)
			if (isfinite(r->wm[i].x[k]))
				x[n++] = r->wm[i].x[k];
		if (n)
			json_object_set_new(m, d->name, metric_json(d->unit, d->higher_is_better,
								    d->desc, x, n));
	}
	free(x);
}

static json_t *distributions_json(const struct point_result *r)
{
	json_t *o = json_object();
	size_t k;
	int i;

	for (i = 0; i < r->ndist; i++) {
		const struct wl_metric *d = r->dist[i].def;
		json_t *v = json_array();

		for (k = 0; k < r->dist[i].n; k++)
			if (isfinite(r->dist[i].x[k]))
				json_array_append_new(v, json_real(r->dist[i].x[k]));
		json_object_set_new(o, d->name, json_pack("{s:s, s:b, s:s, s:o}", "unit", d->unit,
			"higher_is_better", d->higher_is_better, "description", d->desc, "values", v));
	}
	return o;
}

static json_t *metrics_json(const struct point_spec *ps, const struct point_result *r)
{
	unsigned int n = r->reps_done, i;
	double *per_thread = calloc(n ? n : 1, sizeof(double));
	double *ns = calloc(n ? n : 1, sizeof(double));
	json_t *m = json_object();

	for (i = 0; per_thread && ns && i < n; i++) {
		per_thread[i] = r->rate[i] / r->nthreads;
		/* time one operation takes on one worker */
		ns[i] = r->rate[i] > 0 ? 1e9 * r->nthreads / r->rate[i] : 0;
	}
	json_object_set_new(m, "ops_per_sec", metric_json("ops/s", 1,
		"operations per second, all workers (sum of each worker's ops over its own window)",
		r->rate, n));
	if (per_thread && ns) {
		json_object_set_new(m, "ops_per_sec_per_thread", metric_json("ops/s", 1,
			"operations per second per worker", per_thread, n));
		json_object_set_new(m, "ns_per_op", metric_json("ns", 0,
			"nanoseconds one operation takes on one worker", ns, n));
	}
	(void)ps;
	free(per_thread);
	free(ns);
	wl_metrics_json(m, r);
	return m;
}

static json_t *threads_json(const struct point_result *r)
{
	json_t *a = json_array();
	unsigned int i, k;

	for (i = 0; i < r->nthreads; i++) {
		json_t *rates = json_array();

		for (k = 0; k < r->reps_done; k++)
			json_array_append_new(rates, json_real(r->thread_rate[(size_t)k * r->nthreads + i]));
		json_array_append_new(a, json_pack("{s:i, s:o}", "cpu", r->cpus_seen[i], "ops_per_sec", rates));
	}
	return a;
}

static json_t *events_json(const struct point_result *r)
{
	unsigned long long ops = 0;
	json_t *ev = json_object();
	unsigned int k;
	int i;

	for (k = 0; k < r->reps_done; k++)
		ops += r->rep_ops[k];
	for (i = 0; i < r->nev; i++) {
		json_t *per = json_array();
		double sum = 0;

		for (k = 0; k < r->reps_done; k++) {
			json_array_append_new(per, json_real(r->ev[i].per_rep[k]));
			sum += r->ev[i].per_rep[k];
		}
		json_object_set_new(ev, r->ev[i].name, json_pack("{s:s, s:o, s:f, s:o}",
			"kind", r->ev[i].kind, "per_rep", per, "total", sum,
			"per_op", ops ? json_real(sum / (double)ops) : json_null()));
	}
	return ev;
}

static json_t *validity_json(const struct wl_validity *v)
{
	json_t *checks = json_array(), *notes = json_array();
	int i;

	for (i = 0; i < v->nchecks; i++)
		json_array_append_new(checks, json_pack("{s:s, s:f, s:f, s:b}", "name", v->checks[i].name,
			"expected", v->checks[i].expected, "observed", v->checks[i].observed,
			"ok", v->checks[i].ok));
	for (i = 0; i < v->nnotes; i++)
		json_array_append_new(notes, json_string(v->notes[i]));
	for (i = 0; i < v->nunobs; i++)
		json_array_append_new(notes, json_sprintf("%s not observed: %s", v->unobs[i].metric,
							   v->unobs[i].why));
	return json_pack("{s:b, s:s?, s:o, s:o}", "valid", !v->invalid,
			 "reason", v->invalid ? v->reason : NULL, "checks", checks, "notes", notes);
}

/*
 * A speed reference (bench/host/speedref.c) beside each repetition, in
 * GB/s, or why there is none.
 */
static json_t *speed_json(const struct point_result *r, enum sref_kind kind)
{
	const struct speed_series *s = &r->speed[kind];
	double *x = calloc(r->reps_done ? r->reps_done : 1, sizeof(double));
	char desc[200];
	unsigned int k;
	json_t *m;

	if (s->absent[0] || !x) {
		free(x);
		return json_pack("{s:s}", "absent", s->absent[0] ? s->absent : "out of memory");
	}
	for (k = 0; k < r->reps_done; k++)
		x[k] = s->x[k] / 1e9;
	snprintf(desc, sizeof(desc), "user space filling a %zu KiB buffer (%s) on the first worker's "
		 "CPU, before and after each repetition: the machine's speed, not the kernel's",
		 s->bytes >> 10, kind == SREF_CACHE ? "a mid-level cache" : "the point's memory size");
	m = metric_json("GB/s", 1, desc, x, r->reps_done);
	json_object_set_new(m, "cpu", json_integer(r->speed_cpu));
	json_object_set_new(m, "bytes", json_integer((json_int_t)s->bytes));
	free(x);
	return m;
}

/* {metric: reason} of the metrics the workload could not observe. */
static json_t *unobserved_json(const struct wl_validity *v)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < v->nunobs; i++)
		json_object_set_new(o, v->unobs[i].metric, json_string(v->unobs[i].why));
	return o;
}

/* stalls[] (stalls.c) when a repetition is far off its siblings, and a note each. */
static void add_stalls(json_t *p, const struct point_result *r)
{
	json_t *notes = json_object_get(json_object_get(p, "validity"), "notes");
	json_t *st = stalls_json(r, notes);

	if (st)
		json_object_set_new(p, "stalls", st);
}

json_t *result_point(const struct point_spec *ps, const struct point_result *r,
		     const struct topo *t, int rounds)
{
	json_t *p, *counters = json_object_get(r->counters, "events") ?
			       json_deep_copy(r->counters) : json_object();

	json_object_set_new(counters, "values", events_json(r));
	p = json_pack("{s:s, s:s, s:o, s:{s:s, s:f, s:f, s:i, s:i, s:f, s:I}, s:o, s:o, s:o, s:o, "
		      "s:o*, s:o*, s:o}",
		      "id", ps->id, "workload", ps->ops->name, "params", params_json(ps),
		      "harness", "threads_spec", ps->threads, "duration", ps->opts.duration,
		      "warmup", ps->opts.warmup, "repetitions", ps->opts.reps,
		      "repetitions_done", r->reps_done, "wall_seconds", r->wall,
		      "memory_bytes", (json_int_t)r->mem_bytes,
		      "placement", placement_json(ps, r, t), "metrics", metrics_json(ps, r),
		      "threads", threads_json(r), "counters", counters,
		      "vmstat", json_incref(r->vmstat), "interrupts", json_incref(r->interrupts),
		      "validity", validity_json(&r->validity));
	if (r->ndist)
		json_object_set_new(p, "distributions", distributions_json(r));
	if (p && r->validity.nunobs)
		json_object_set_new(p, "unobserved", unobserved_json(&r->validity));
	if (p)
		add_stalls(p, r);
	if (p) {
		json_object_set_new(json_object_get(p, "harness"), "rounds",
				    json_integer(rounds > 1 ? rounds : 1));
		json_object_set_new(json_object_get(p, "harness"), "speed_reference",
				    speed_json(r, SREF_CACHE));
		json_object_set_new(json_object_get(p, "harness"), "footprint_reference",
				    speed_json(r, SREF_FOOTPRINT));
	}
	if (p && ps->added[0])
		json_object_set_new(json_object_get(p, "harness"), "added", json_string(ps->added));
	if (p && ps->autonote[0])
		json_object_set_new(json_object_get(p, "harness"), "auto", json_string(ps->autonote));
	return p;
}

json_t *result_skipped(const struct point_spec *ps, const struct point_result *r)
{
	return json_pack("{s:s, s:s, s:o, s:s, s:s}", "id", ps->id, "workload", ps->ops->name,
			 "params", params_json(ps), "status", point_status_name(r->status),
			 "reason", r->reason);
}

/* ---- writing ---- */

int result_write(json_t *root, const char *path, char *err, size_t len)
{
	if (!json_write_atomic(path, root, JSON_INDENT(1) | JSON_ENSURE_ASCII))
		return 0;
	snprintf(err, len, "%s: %s", path, strerror(errno));
	return -1;
}
