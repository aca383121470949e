// SPDX-License-Identifier: GPL-2.0
/*
 * The harness: one point at a time, its workers pinned and started, each
 * repetition a warmup and a measured phase between barriers, the counters
 * and /proc figures around it, and the point's result.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench/host/counters.h"
#include "bench/host/irqsel.h"
#include "bench/host/knobs.h"
#include "bench/host/memlimit.h"
#include "bench/host/nodemem.h"
#include "bench/host/placement.h"
#include "bench/host/procstat.h"
#include "lib/util.h"
#include "harness_int.h"

/*
 * Read by every worker in its hot loop, written only by the main thread
 * between phases (and by the signal handler): a read-mostly line.
 */
static volatile int phase_stop __attribute__((aligned(SLOT_ALIGN)));

const char *point_status_name(enum point_status s)
{
	static const char *const names[] = { "ok", "skipped", "error", "interrupted" };

	return names[s];
}

void harness_init(void)
{
	knobs_install_handlers(&phase_stop);
}

int harness_interrupted(void)
{
	return knobs_signal_received();
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	const struct workload_ops *ops = run->ps->ops;

	w->os_tid = gettid();
	w->setup_err = placement_bind_self(run->topo, w->t.cpu);
	w->cpu_seen = sched_getcpu();
	if (!w->setup_err && ops->thread_setup)
		w->setup_err = ops->thread_setup(&w->t);
	pthread_barrier_wait(&run->bar);	/* ready */
	for (;;) {
		pthread_barrier_wait(&run->bar);	/* start, or quit */
		if (READ_ONCE(run->quit))
			break;
		w->ops0 = w->t.ops;
		w->t0 = now_ns();
		if (!w->setup_err && !w->t.error)
			ops->run(&w->t);
		w->t1 = now_ns();
		if (!w->t.id && w->t.finished) {
			WRITE_ONCE(run->work_done, 1);
			syscall(SYS_futex, &run->work_done, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
		}
		pthread_barrier_wait(&run->bar);	/* end */
	}
	if (!w->setup_err && ops->thread_teardown)
		ops->thread_teardown(&w->t);
	return NULL;
}

/* Sleep for sec seconds of the phase, cut short by a signal. */
static void phase_sleep(double sec)
{
	uint64_t end = now_ns() + (uint64_t)(sec * 1e9);

	while (!harness_interrupted()) {
		uint64_t now = now_ns(), left;
		struct timespec ts;

		if (now >= end)
			return;
		left = MIN(end - now, 100000000ULL);	/* wake to notice signals */
		ts.tv_sec = (time_t)(left / 1000000000ULL);
		ts.tv_nsec = (long)(left % 1000000000ULL);
		nanosleep(&ts, NULL);
	}
}

static int start_workers(struct run *run, struct point_result *r)
{
	sigset_t all, old;
	unsigned int i;
	int err = 0;

	/* signals go to the main thread, which ends the phase */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < run->n; i++) {
		struct worker *w = &run->w[i];

		w->run = run;
		w->t.stop = &phase_stop;
		w->t.pt = &run->pt;
		w->t.id = i;
		w->t.cpu = r->cpus[i];
		err = pthread_create(&w->tid, NULL, worker_main, w);
		if (err)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!err)
		return 0;
	/* the barrier counts every worker: we cannot go on without all of them */
	fprintf(stderr, "ptbench: pthread_create: %s\n", strerror(err));
	exit(1);
}

static void stop_workers(struct run *run)
{
	unsigned int i;

	WRITE_ONCE(run->quit, 1);
	pthread_barrier_wait(&run->bar);
	for (i = 0; i < run->n; i++)
		pthread_join(run->w[i].tid, NULL);
}

static void read_events(struct counters *c, struct point_result *r, uint64_t *prev, unsigned int rep)
{
	int i;

	for (i = 0; i < r->nev; i++) {
		uint64_t v = counters_read(c, i);

		r->ev[i].per_rep[rep] = (double)(v - prev[i]);
		prev[i] = v;
	}
}

/*
 * A fixed-work phase ends when worker 0 has done its work; the duration is
 * then its time-out. The main thread sleeps on a futex that worker 0 wakes,
 * so that it does not wake up on a CPU a worker may be sharing (a spinning
 * bystander of the collapse workload would count every such wake-up).
 */
static void phase_wait_work(struct run *run, double sec)
{
	uint64_t end = now_ns() + (uint64_t)(sec * 1e9);

	while (!harness_interrupted()) {
		uint64_t now = now_ns(), left;
		struct timespec ts;

		if (READ_ONCE(run->work_done) || now >= end)
			return;
		left = MIN(end - now, 100000000ULL);	/* wake to notice signals */
		ts.tv_sec = (time_t)(left / 1000000000ULL);
		ts.tv_nsec = (long)(left % 1000000000ULL);
		syscall(SYS_futex, &run->work_done, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
	}
}

/* One phase; rep < 0 is the warm-up, whose figures are dropped. */
static int run_phase(struct run *run, struct counters *c, struct point_result *r, int rep,
		     uint64_t *prev)
{
	const struct workload_ops *ops = run->ps->ops;
	const struct run_opts *o = &run->ps->opts;
	unsigned long long sum = 0;
	double rate = 0, win = 0;
	unsigned int i;

	if (ops->rep_begin && ops->rep_begin(&run->pt, rep, r->reason, sizeof(r->reason)))
		return -1;
	for (i = 0; i < run->n; i++)
		run->w[i].t.finished = 0;
	WRITE_ONCE(run->work_done, 0);
	WRITE_ONCE(phase_stop, 0);
	/*
	 * The reference moves this thread onto the worker's CPU and back
	 * (rescheduling IPIs): it stays outside the per-repetition interrupt
	 * counts as it stays outside the counters.
	 */
	if (rep >= 0)
		speed_sample(run, r, rep, 0);
	/*
	 * The interrupt lines are read inside the counters' window: enabling
	 * and disabling a CPU-bound perf event on another CPU is a
	 * function-call IPI to it (remote_function), one per event and CPU,
	 * which the lines would otherwise count as the workload's. In a
	 * Debian 6.12 arm64 guest that was 30 per repetition of 16 collapses
	 * (csd_function_entry[func==remote_function]): 2.5 IPIs per collapse
	 * on a bystander instead of 1.
	 */
	if (rep >= 0)
		counters_enable(c);
	if (rep >= 0 && run->rc && run->rc->nirq) {
		irq_free(&run->rc->irq[0]);
		irq_read(&run->rc->irq[0], run->h->irq->label, run->h->irq->nlines);
	}
	pthread_barrier_wait(&run->bar);
	if (ops->flags & WL_FIXED_WORK)
		phase_wait_work(run, rep < 0 ? o->warmup : o->duration);
	else
		phase_sleep(rep < 0 ? o->warmup : o->duration);
	WRITE_ONCE(phase_stop, 1);
	pthread_barrier_wait(&run->bar);
	if (rep >= 0 && run->rc && run->rc->nirq) {
		irq_free(&run->rc->irq[1]);
		irq_read(&run->rc->irq[1], run->h->irq->label, run->h->irq->nlines);
	}
	if (rep >= 0)
		counters_disable(c);
	if (rep >= 0)
		speed_sample(run, r, rep, 1);
	for (i = 0; i < run->n; i++) {
		struct worker *w = &run->w[i];
		unsigned long long ops = w->t.ops - w->ops0;
		double sec = (double)(w->t1 - w->t0) / 1e9;

		if (w->t.error) {
			snprintf(r->reason, sizeof(r->reason), "worker %u: operation failed: %s", i,
				 strerror(w->t.error));
			return -1;
		}
		w->t.window = sec;
		r->total_ops += ops;
		if (rep < 0)
			continue;
		sum += ops;
		win += sec;
		r->thread_rate[(size_t)rep * run->n + i] = sec > 0 ? (double)ops / sec : 0;
		rate += sec > 0 ? (double)ops / sec : 0;
	}
	if (rep < 0)
		return 0;
	r->rate[rep] = rate;
	r->window[rep] = win / run->n;
	r->rep_ops[rep] = sum;
	read_events(c, r, prev, (unsigned int)rep);
	rep_metrics(run, c, r, rep);
	r->reps_done = (unsigned int)rep + 1;
	return 0;
}

static int alloc_metrics(struct point_result *r, const struct workload_ops *ops, unsigned int reps)
{
	const struct wl_metric *m;

	for (m = ops->metrics; m && m->name && r->nwm < WL_MAX_METRICS; m++) {
		struct wl_series *s = &r->wm[r->nwm++];

		s->def = m;
		s->n = reps;
		s->x = calloc(reps, sizeof(double));
		if (!s->x)
			return -1;
	}
	return 0;
}

/* Copy the workload's raw distributions before its teardown frees them. */
static void take_distributions(struct run *run, struct point_result *r)
{
	const struct workload_ops *ops = run->ps->ops;
	int i;

	for (i = 0; ops->distribution && r->ndist < HX_MAX_DISTS; i++) {
		const struct wl_metric *def = NULL;
		const double *x = NULL;
		size_t n = ops->distribution(&run->pt, i, &def, &x);
		struct wl_series *s;

		if (!n || !def || !x)
			break;
		s = &r->dist[r->ndist];
		s->x = malloc(n * sizeof(double));
		if (!s->x)
			break;
		memcpy(s->x, x, n * sizeof(double));
		s->n = n;
		s->def = def;
		r->ndist++;
	}
}

static int alloc_result(struct point_result *r, unsigned int n, unsigned int reps)
{
	r->nthreads = n;
	r->cpus = calloc(n, sizeof(*r->cpus));
	r->cpus_seen = calloc(n, sizeof(*r->cpus_seen));
	r->rate = calloc(reps, sizeof(*r->rate));
	r->thread_rate = calloc((size_t)reps * n, sizeof(*r->thread_rate));
	r->window = calloc(reps, sizeof(*r->window));
	r->rep_ops = calloc(reps, sizeof(*r->rep_ops));
	r->speed[SREF_CACHE].x = calloc(reps, sizeof(double));
	r->speed[SREF_FOOTPRINT].x = calloc(reps, sizeof(double));
	return r->cpus && r->cpus_seen && r->rate && r->thread_rate && r->window && r->rep_ops &&
	       r->speed[SREF_CACHE].x && r->speed[SREF_FOOTPRINT].x ? 0 : -1;
}

static long long obs_vmstat(const struct wl_obs *obs, const char *field)
{
	const struct vmstat_snap *s = obs->ctx;

	return vmstat_delta(&s[0], &s[1], field);
}

static void open_events(const struct harness *h, struct run *run, struct counters **cp,
			struct point_result *r, unsigned int reps)
{
	pid_t *tids = calloc(run->n, sizeof(*tids));
	const char *const *own = run->ps->ops->events;
	const char *tps[HX_MAX_EVENTS];
	struct counters *c;
	unsigned int i;
	int n = 0;

	for (i = 0; tids && i < run->n; i++)
		tids[i] = run->w[i].os_tid;
	/* the profile's tracepoints, then the ones this family reads (workload_ops.events) */
	for (i = 0; (int)i < h->ntp && n < HX_MAX_EVENTS; i++)
		tps[n++] = h->tracepoints[i];
	for (i = 0; own && own[i] && n < HX_MAX_EVENTS; i++)
		tps[n++] = own[i];
	c = counters_open(tps, n, tids, tids ? (int)run->n : 0);
	free(tids);
	r->counters = counters_describe(c);
	r->nev = MIN(counters_nr(c), HX_MAX_EVENTS);
	for (i = 0; i < (unsigned int)r->nev; i++) {
		snprintf(r->ev[i].name, sizeof(r->ev[i].name), "%s", counters_name(c, (int)i));
		snprintf(r->ev[i].kind, sizeof(r->ev[i].kind), "%s", counters_kind(c, (int)i));
		r->ev[i].per_rep = calloc(reps, sizeof(double));
	}
	*cp = c;
}

/* Warm-up, repetitions, validation: the part between setup and teardown. */
static void measure(const struct harness *h, struct run *run, struct point_result *r)
{
	const struct point_spec *ps = run->ps;
	struct vmstat_snap *vs = calloc(2, sizeof(*vs));
	struct irq_snap irq[2];
	uint64_t prev[HX_MAX_EVENTS] = { 0 };
	struct counters *c = NULL;
	struct wl_obs obs = { 0 };
	unsigned int i;
	int rep;

	memset(irq, 0, sizeof(irq));
	open_events(h, run, &c, r, ps->opts.reps);
	if (ps->ops->rep_end)
		run->rc = rep_counts_new(run, r, c);
	if (vs)
		vmstat_read(&vs[0]);
	irq_read(&irq[0], h->irq ? h->irq->label : NULL, h->irq ? h->irq->nlines : 0);
	for (rep = ps->opts.warmup > 0 ? -1 : 0; rep < (int)ps->opts.reps; rep++) {
		if (harness_interrupted()) {
			r->status = PT_INTERRUPTED;
			snprintf(r->reason, sizeof(r->reason), "interrupted by a signal after %u repetitions",
				 r->reps_done);
			break;
		}
		if (h->progress)
			h->progress(h->progress_arg, rep, ps->opts.reps);
		if (run_phase(run, c, r, rep, prev)) {
			r->status = PT_ERROR;
			break;
		}
		if (harness_interrupted()) {
			/* the signal cut this phase short: its figures are not comparable */
			r->status = PT_INTERRUPTED;
			snprintf(r->reason, sizeof(r->reason), "interrupted by a signal");
			break;
		}
		if (rep >= 0 && !r->rep_ops[rep]) {
			r->status = PT_ERROR;
			snprintf(r->reason, sizeof(r->reason),
				 "no operation completed in repetition %d: a phase shorter than one operation?",
				 rep + 1);
			break;
		}
	}
	if (vs)
		vmstat_read(&vs[1]);
	irq_read(&irq[1], h->irq ? h->irq->label : NULL, h->irq ? h->irq->nlines : 0);
	r->vmstat = vs ? vmstat_delta_json(&vs[0], &vs[1]) : NULL;
	r->interrupts = irq_delta_json(&irq[0], &irq[1]);
	for (i = 0; i < run->n; i++)
		r->cpus_seen[i] = run->w[i].cpu_seen;
	obs.ops = r->total_ops;
	obs.vmstat = obs_vmstat;
	obs.ctx = vs;
	if (r->status == PT_OK && ps->ops->validate && vs)
		ps->ops->validate(&run->pt, &obs, &r->validity);
	if (r->status == PT_OK)
		take_distributions(run, r);
	irq_free(&irq[0]);
	irq_free(&irq[1]);
	rep_counts_free(run->rc);
	run->rc = NULL;
	counters_close(c);
	free(vs);
}

static int check_memory(const struct harness *h, struct run *run, struct point_result *r)
{
	char need_s[32], avail_s[32], src[300];
	long long avail = mem_headroom(src, sizeof(src));

	r->mem_bytes = run->ps->ops->mem_bytes ? run->ps->ops->mem_bytes(&run->pt) : 0;
	if (avail < 0 || (double)r->mem_bytes <= h->mem_share * (double)avail)
		return 0;
	fmt_size(ALIGN_UP(r->mem_bytes, 1ULL << 20), need_s, sizeof(need_s));
	fmt_size(ALIGN_UP((unsigned long long)avail, 1ULL << 20), avail_s, sizeof(avail_s));
	snprintf(r->reason, sizeof(r->reason),
		 "needs %s of memory, more than %.0f%% of what is available (%s, from %.80s)", need_s,
		 h->mem_share * 100, avail_s, src);
	r->status = PT_SKIPPED;
	return -1;
}

/*
 * On a machine of several nodes, each node the workers sit on must hold
 * its workers' share of the point's memory (first touch is on the
 * worker's CPU), or the point would silently measure remote memory.
 */
static int check_node_memory(const struct harness *h, const struct point_spec *ps, struct point_result *r)
{
	char need_s[32], avail_s[32];
	unsigned int i, j, on;
	long long avail;
	uint64_t need;
	int node;

	if (topo_nnuma(h->topo) < 2 || !ps->nthreads)
		return 0;
	for (i = 0; i < ps->nthreads; i++) {
		node = topo_cpu_node_os(h->topo, r->cpus[i]);
		for (j = 0; j < i && topo_cpu_node_os(h->topo, r->cpus[j]) != node; j++)
			;
		if (node < 0 || j < i)
			continue;	/* unknown, or counted at its first worker */
		for (on = 0, j = i; j < ps->nthreads; j++)
			on += topo_cpu_node_os(h->topo, r->cpus[j]) == node;
		avail = node_headroom(NODEMEM_SYSFS, node);
		need = r->mem_bytes / ps->nthreads * on;
		if (avail < 0 || (double)need <= h->mem_share * (double)avail)
			continue;
		fmt_size(ALIGN_UP(need, 1ULL << 20), need_s, sizeof(need_s));
		fmt_size(ALIGN_UP((unsigned long long)avail, 1ULL << 20), avail_s, sizeof(avail_s));
		snprintf(r->reason, sizeof(r->reason),
			 "needs %s on NUMA node %d (its %u workers' share), more than %.0f%% of what the node "
			 "has free (%s: MemFree + Inactive(file))", need_s, node, on, h->mem_share * 100, avail_s);
		r->status = PT_SKIPPED;
		return -1;
	}
	return 0;
}

static int place(const struct harness *h, const struct point_spec *ps, struct point_result *r)
{
	enum bind_policy bp = BIND_ONE_PER_CORE;

	bind_policy_parse(ps->opts.bind, &bp);
	if (!placement_cpus(h->topo, bp, ps->nthreads, r->cpus, r->reason, sizeof(r->reason)))
		return 0;
	r->status = PT_SKIPPED;
	return -1;
}

int harness_run_point(const struct harness *h, const struct point_spec *ps, struct point_result *r)
{
	uint64_t t0 = now_ns();
	struct run run;
	unsigned int i;
	int mark, ret;

	memset(r, 0, sizeof(*r));
	memset(&run, 0, sizeof(run));
	if (alloc_result(r, ps->nthreads, ps->opts.reps) ||
	    alloc_metrics(r, ps->ops, ps->opts.reps)) {
		r->status = PT_ERROR;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		return -1;
	}
	run.h = h;
	run.ps = ps;
	run.topo = h->topo;
	run.n = ps->nthreads;
	run.pt.args = &ps->args;
	run.pt.sys = h->sys;
	run.pt.nthreads = ps->nthreads;
	if (place(h, ps, r) || check_memory(h, &run, r) || check_node_memory(h, ps, r))
		return 0;
	mark = knob_mark();
	ret = ps->ops->setup ? ps->ops->setup(&run.pt, r->reason, sizeof(r->reason)) : 0;
	if (ret) {
		r->status = ret == WL_SKIP ? PT_SKIPPED : PT_ERROR;
		knob_restore_to(mark);
		return 0;
	}
	run.w = aligned_alloc(SLOT_ALIGN, ALIGN_UP(sizeof(*run.w) * run.n, SLOT_ALIGN));
	if (!run.w) {
		r->status = PT_ERROR;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		goto teardown;
	}
	memset(run.w, 0, sizeof(*run.w) * run.n);
	run.pt.threads = calloc(run.n, sizeof(*run.pt.threads));
	if (!run.pt.threads) {
		r->status = PT_ERROR;
		snprintf(r->reason, sizeof(r->reason), "out of memory");
		goto teardown;
	}
	for (i = 0; i < run.n; i++)
		run.pt.threads[i] = &run.w[i].t;
	pthread_barrier_init(&run.bar, NULL, run.n + 1);
	start_workers(&run, r);
	pthread_barrier_wait(&run.bar);	/* ready */
	for (i = 0; i < run.n; i++) {
		if (!run.w[i].setup_err)
			continue;
		r->status = PT_ERROR;
		snprintf(r->reason, sizeof(r->reason), "worker %u on CPU %d: setup failed: %s", i,
			 r->cpus[i], strerror(-run.w[i].setup_err));
		break;
	}
	if (r->status == PT_OK) {
		speed_setup(&run, r);
		measure(h, &run, r);
	}
	speed_teardown(&run);
	stop_workers(&run);
	pthread_barrier_destroy(&run.bar);
teardown:
	if (ps->ops->teardown)
		ps->ops->teardown(&run.pt);
	free(run.pt.threads);
	free(run.w);
	knob_restore_to(mark);
	r->wall = (double)(now_ns() - t0) / 1e9;
	return 0;
}

void point_result_free(struct point_result *r)
{
	int i;

	free(r->cpus);
	free(r->cpus_seen);
	free(r->rate);
	free(r->thread_rate);
	free(r->window);
	free(r->rep_ops);
	for (i = 0; i < SREF_KINDS; i++)
		free(r->speed[i].x);
	for (i = 0; i < r->nev; i++)
		free(r->ev[i].per_rep);
	for (i = 0; i < r->nwm; i++)
		free(r->wm[i].x);
	for (i = 0; i < r->ndist; i++)
		free(r->dist[i].x);
	json_decref(r->counters);
	json_decref(r->vmstat);
	json_decref(r->interrupts);
	memset(r, 0, sizeof(*r));
}
