// SPDX-License-Identifier: GPL-2.0
/*
 * The counters of a run once open: enabled and disabled around the measured
 * phase, read (per event, per CPU) and described for the result file.
 */
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "counters_int.h"

static void ev_ioctl(struct counter_ev *e, unsigned long req)
{
	int i;

	for (i = 0; i < e->nfds; i++)
		ioctl(e->fds[i], req, 0);
}

void counters_enable(struct counters *c)
{
	int i;

	for (i = 0; i < c->nusable; i++) {
		struct counter_ev *e = &c->ev[c->usable[i]];

		if (e->fds)
			ev_ioctl(e, PERF_EVENT_IOC_ENABLE);
		else
			perf_evsel__enable(e->evsel);
	}
}

void counters_disable(struct counters *c)
{
	int i;

	for (i = 0; i < c->nusable; i++) {
		struct counter_ev *e = &c->ev[c->usable[i]];

		if (e->fds)
			ev_ioctl(e, PERF_EVENT_IOC_DISABLE);
		else
			perf_evsel__disable(e->evsel);
	}
}

int counters_unusable(const struct counters *c, int j, const char **name, const char **why)
{
	int i;

	for (i = 0; c && i < c->nev; i++) {
		if (ev_open(&c->ev[i]) || j--)
			continue;
		*name = c->ev[i].name;
		*why = c->ev[i].reason;
		return 0;
	}
	return -1;
}

int counters_nr(const struct counters *c)
{
	return c ? c->nusable : 0;
}

static struct counter_ev *usable_ev(const struct counters *c, int i)
{
	if (!c || i < 0 || i >= c->nusable)
		return NULL;
	return &c->ev[c->usable[i]];
}

const char *counters_name(const struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);

	return e ? e->name : NULL;
}

const char *counters_kind(const struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);

	return e ? e->kind : NULL;
}

/* One fd's count, scaled up when the PMU had to multiplex it. */
static uint64_t read_one(struct counter_ev *e, int cpu_idx, int thread)
{
	struct perf_counts_values v;
	__s8 scaled = 0;

	if (e->fds) {
		/* value, time enabled, time running: a software-context event never multiplexes */
		uint64_t buf[3];

		(void)thread;
		if (read(e->fds[cpu_idx], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 0;
		return buf[0];
	}
	if (perf_evsel__read(e->evsel, cpu_idx, thread, &v))
		return 0;
	perf_counts_values__scale(&v, true, &scaled);
	if (scaled > 0)
		e->multiplexed = 1;
	return v.val;
}

uint64_t counters_read(struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);
	int ci, t, ncpu, nthr;
	uint64_t sum = 0;

	if (!e)
		return 0;
	ncpu = perf_cpu_map__nr(c->cpus);
	nthr = perf_thread_map__nr(c->threads);
	for (ci = 0; ci < ncpu; ci++)
		for (t = 0; t < nthr; t++)
			sum += read_one(e, ci, t);
	return sum;
}

int64_t counters_read_cpu(struct counters *c, int i, int cpu)
{
	struct counter_ev *e = usable_ev(c, i);
	int ci;

	if (!e || !c->system_wide)
		return -1;
	for (ci = 0; ci < perf_cpu_map__nr(c->cpus); ci++)
		if (perf_cpu_map__cpu(c->cpus, ci).cpu == cpu)
			return (int64_t)read_one(e, ci, 0);
	return -1;
}

/* ---- description ---- */

static json_t *describe_ev(const struct counter_ev *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "kind", json_string(e->kind));
	if (e->filter[0])
		json_object_set_new(o, "filter", json_string(e->filter));
	if (!ev_open(e)) {
		json_object_set_new(o, "status", json_string("unavailable"));
		json_object_set_new(o, "reason", json_string(e->reason));
		return o;
	}
	json_object_set_new(o, "status", json_string("ok"));
	if (e->attr.type == PERF_TYPE_TRACEPOINT)
		json_object_set_new(o, "id", json_integer((json_int_t)e->attr.config));
	if (e->user_only)
		json_object_set_new(o, "note", json_string(
			"user space only (exclude_kernel): kernel counting refused"));
	if (e->multiplexed)
		json_object_set_new(o, "multiplexed", json_true());
	return o;
}

static json_t *describe_targets(const struct counters *c)
{
	json_t *a = json_array();
	int i;

	if (c->system_wide) {
		for (i = 0; i < perf_cpu_map__nr(c->cpus); i++)
			json_array_append_new(a, json_integer(
				perf_cpu_map__cpu(c->cpus, i).cpu));
		return a;
	}
	for (i = 0; i < perf_thread_map__nr(c->threads); i++)
		json_array_append_new(a, json_integer(
			perf_thread_map__pid(c->threads, i)));
	return a;
}

json_t *counters_describe(const struct counters *c)
{
	json_t *o = json_object(), *evs = json_array();
	int i;

	if (!c) {
		json_object_set_new(o, "scope", json_string("none"));
		json_object_set_new(o, "scope_reason",
				    json_string("counters not opened"));
		json_object_set_new(o, "events", evs);
		return o;
	}
	json_object_set_new(o, "scope", json_string(c->system_wide ?
				"system-wide" : "per-thread"));
	json_object_set_new(o, "scope_reason", json_string(c->scope_reason));
	if (c->cpus)
		json_object_set_new(o, c->system_wide ? "cpus" : "tids",
				    describe_targets(c));
	for (i = 0; i < c->nev; i++)
		json_array_append_new(evs, describe_ev(&c->ev[i]));
	json_object_set_new(o, "events", evs);
	return o;
}
