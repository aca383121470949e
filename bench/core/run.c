// SPDX-License-Identifier: GPL-2.0
/*
 * The run, for ptbench run: the plan built from configs and specs and
 * checked whole (exit 2 on a bad one before anything on the system changes),
 * then executed: the run lock, knobs a killed run left behind put back, the
 * points one after the other, and one result file written.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aslr.h"
#include "bench/host/counters.h"
#include "bench/host/debugfs.h"
#include "bench/host/irqsel.h"
#include "bench/host/knobs.h"
#include "bench/host/sysinfo.h"
#include "derive.h"
#include "present.h"
#include "progress.h"
#include "result.h"
#include "rounds.h"
#include "run.h"
#include "suite.h"

int utf8_ok(const char *s)
{
	json_t *j = json_string(s);

	json_decref(j);
	return j != NULL;
}

int run_build_plan(struct ctx *cx, struct run_args *a, int argc, char **argv, struct plan *plan)
{
	struct run_opts defs = RUN_OPTS_DEFAULT;
	char err[512];
	int i;

	if (!a->nconfigs && optind == argc) {
		fprintf(stderr, "ptbench run: nothing to run: give --config FILE or a workload spec\n");
		return -1;
	}
	for (i = 0; i < a->nconfigs; i++) {
		if (!plan_add_config(plan, a->configs[i], &a->cli, &cx->sys, cx->topo, err, sizeof(err)))
			continue;
		fprintf(stderr, "ptbench run: %s\n", err);
		return -1;
	}
	if (a->cli.duration > 0)
		defs.duration = a->cli.duration;
	if (a->cli.warmup >= 0)
		defs.warmup = a->cli.warmup;
	if (a->cli.reps)
		defs.reps = a->cli.reps;
	if (a->cli.bind[0])
		snprintf(defs.bind, sizeof(defs.bind), "%s", a->cli.bind);
	for (i = optind; i < argc; i++) {
		if (!plan_add_spec(plan, argv[i], &defs, &cx->sys, cx->topo, err, sizeof(err)))
			continue;
		fprintf(stderr, "ptbench run: %s\n", err);
		return -1;
	}
	if (plan_add_controls(plan, err, sizeof(err))) {
		fprintf(stderr, "ptbench run: %s\n", err);
		return -1;
	}
	return 0;
}

static void iso_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * A SIGKILL during the few milliseconds of a write leaves NAME.json.tmp.PID
 * behind (never a half NAME.json: the rename is atomic). The next run into
 * the directory removes such files whose writer is gone.
 */
static void remove_stale_temps(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *t = strstr(de->d_name, ".json.tmp.");
		char *end, path[PATH_MAX + 256];
		long pid;

		if (!t)
			continue;
		pid = strtol(t + strlen(".json.tmp."), &end, 10);
		if (*end || pid <= 0 || (kill((pid_t)pid, 0) && errno == ESRCH)) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (!*end && pid > 0 && !unlink(path))
				fprintf(stderr, "ptbench run: removed %s, left by a killed run\n", path);
		}
	}
	closedir(d);
}

/* results/<label>/<host>-<kernel>-<timestamp>.json, every part made path-safe */
static int result_path(const struct ctx *cx, const struct run_args *a, const char *label,
		       time_t start, char *path, size_t len)
{
	char dir[PATH_MAX], l[128], host[128], kern[128], ts[32];
	struct tm tm;
	int n, k;

	path_safe(label, l, sizeof(l));
	path_safe(cx->uts.nodename, host, sizeof(host));
	path_safe(cx->uts.release, kern, sizeof(kern));
	gmtime_r(&start, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	if (a->out)
		snprintf(dir, sizeof(dir), "%s", a->out);
	else
		snprintf(dir, sizeof(dir), "results/%s", l);
	if (mkdir_p(dir)) {
		fprintf(stderr, "ptbench run: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	remove_stale_temps(dir);
	/* two runs in one second must not replace each other's file */
	for (n = 0; n < 1000; n++) {
		if (n == 0)
			k = snprintf(path, len, "%s/%s-%s-%s.json", dir, host, kern, ts);
		else
			k = snprintf(path, len, "%s/%s-%s-%s-%d.json", dir, host, kern, ts, n);
		if (k < 0 || (size_t)k >= len)
			return -1;
		if (access(path, F_OK))
			return 0;
	}
	return -1;
}

static json_t *run_section(const struct run_args *a, const struct plan *plan, const char *label,
			   int argc, char **argv, time_t start)
{
	json_t *args = json_array();
	char ts[32];
	int i;

	for (i = 0; i < argc; i++)
		json_array_append_new(args, utf8_ok(argv[i]) ? json_string(argv[i]) :
					    json_string("(argument not valid UTF-8)"));
	iso_time(start, ts, sizeof(ts));
	return json_pack("{s:s, s:o, s:s, s:O?, s:s, s:f, s:i, s:b, s:b, s:s}", "label", label,
			 "argv", args, "config_source", plan->source, "config", plan->config,
			 "start", ts, "memory_share", a->mem_share,
			 "rounds", a->rounds > 1 ? a->rounds : 1, "incomplete", 0,
			 "address_randomization", !aslr_off(), "address_randomization_reason",
			 aslr_reason());
}

static void print_point(const struct point_spec *ps, const struct point_result *r, json_t *pj)
{
	json_t *m = json_object_get(json_object_get(json_object_get(pj, "metrics"), "ops_per_sec"),
				    "summary");
	json_t *v = json_object_get(pj, "validity");

	if (r->status != PT_OK) {
		printf("  %-60s %s: %s\n", ps->id, point_status_name(r->status), r->reason);
		return;
	}
	printf("  %-60s %12.1f ops/s  cv %5.1f%%%s%s\n", ps->id,
	       json_number_value(json_object_get(m, "mean")),
	       100 * json_number_value(json_object_get(m, "cv")),
	       json_is_true(json_object_get(v, "valid")) ? "" : "  INVALID: ",
	       json_is_true(json_object_get(v, "valid")) ? "" :
	       json_string_value(json_object_get(v, "reason")));
}

/*
 * Ask the kernel to compact all zones: free memory then has the same
 * share of free huge-page-sized blocks before every point, whatever the
 * previous point (or another process) left fragmented. A trigger, not a
 * setting: nothing to restore.
 */
static void compact_memory(struct run_args *a)
{
	FILE *f;
	int bad;

	if (a->compact_err[0])
		return;
	f = fopen("/proc/sys/vm/compact_memory", "w");
	bad = !f;
	if (f) {
		bad = fputs("1\n", f) < 0;
		bad |= fclose(f) != 0;
	}
	if (!bad)
		return;
	snprintf(a->compact_err, sizeof(a->compact_err), "/proc/sys/vm/compact_memory: %s",
		 strerror(errno));
	fprintf(stderr, "ptbench run: --compact: %s; points run without it\n", a->compact_err);
}

/* Where the points go: the file's points and skipped, and what the ratios need. */
struct sink {
	json_t *points, *skipped;
	struct derive derive;
};

/* One point's result into the file: among the points, or the skipped. */
static void emit_point(struct ctx *cx, struct run_args *a, const struct point_spec *ps,
		       struct point_result *r, struct sink *out)
{
	json_t *pj = NULL;

	if (r->status == PT_OK) {
		pj = result_point(ps, r, cx->topo, a->rounds);
		if (!pj) {
			r->status = PT_ERROR;
			snprintf(r->reason, sizeof(r->reason),
				 "internal: the point's figures could not be encoded as JSON");
		}
	}
	if (pj) {
		json_array_append_new(out->points, pj);
		derive_add(&out->derive, ps, r, pj);
	} else {
		json_array_append_new(out->skipped, result_skipped(ps, r));
	}
	if (!a->quiet)
		print_point(ps, r, pj);
}

/* Point i in round k: its share of the repetitions, joined into acc[i]. */
static void run_round_point(struct run_args *a, struct plan *plan, const struct harness *h,
			    struct progress *pr, struct point_result *acc, int i, unsigned int k)
{
	struct point_spec ps = plan->pts[i];
	struct point_result r;

	if (k && acc[i].status != PT_OK)
		return;		/* skipped or failed in an earlier round */
	ps.opts.reps = rounds_reps(ps.opts.reps, (unsigned int)a->rounds, k);
	if (!ps.opts.reps)
		return;
	if (a->compact)
		compact_memory(a);
	progress_point(pr, i, ps.id);
	harness_run_point(h, &ps, k ? &r : &acc[i]);
	progress_end(pr);
	if (!k)
		return;
	rounds_join(&acc[i], &r, k);
	point_result_free(&r);
}

/*
 * --rounds R: every point once per round, with its share of the
 * repetitions (rounds.c); a point is written once all rounds ran.
 */
static void run_rounds(struct ctx *cx, struct run_args *a, struct plan *plan,
		       const struct harness *h, struct progress *pr, struct sink *out)
{
	struct point_result *acc = calloc((size_t)plan->n, sizeof(*acc));
	unsigned int k;
	int i;

	if (!acc) {
		fprintf(stderr, "ptbench run: out of memory\n");
		return;
	}
	for (k = 0; k < (unsigned int)a->rounds; k++) {
		for (i = 0; i < plan->n && !harness_interrupted(); i++)
			run_round_point(a, plan, h, pr, acc, i, k);
		if (harness_interrupted())
			break;
	}
	for (i = 0; i < plan->n; i++) {
		/* a point short of its rounds is not the point asked for */
		if (harness_interrupted() && acc[i].status == PT_OK) {
			acc[i].status = PT_INTERRUPTED;
			snprintf(acc[i].reason, sizeof(acc[i].reason),
				 "the run was interrupted in round %u of %d", k + 1, a->rounds);
		}
		emit_point(cx, a, &plan->pts[i], &acc[i], out);
		point_result_free(&acc[i]);
	}
	free(acc);
}

static int run_points(struct ctx *cx, struct run_args *a, struct plan *plan,
		      const struct irq_sel *irq, struct sink *out)
{
	const char *tps[AP_MAX_TP + 1];
	struct harness h = { 0 };
	struct progress pr;
	int i, ntp = 0;

	for (i = 0; i < cx->ap.ntp; i++)
		tps[ntp++] = cx->ap.tracepoints[i];
	h.sys = &cx->sys;
	h.topo = cx->topo;
	h.tracepoints = tps;
	h.ntp = ntp;
	h.irq = irq;
	h.mem_share = a->mem_share;
	h.progress = progress_phase;
	h.progress_arg = &pr;
	progress_init(&pr, plan, a->quiet);
	if (a->rounds > 1) {
		/* every point is begun once per round, each time with its whole estimate */
		pr.pool[0].planned *= a->rounds;
		pr.pool[1].planned *= a->rounds;
		run_rounds(cx, a, plan, &h, &pr, out);
		return harness_interrupted();
	}
	for (i = 0; i < plan->n && !harness_interrupted(); i++) {
		const struct point_spec *ps = &plan->pts[i];
		struct point_result r;

		if (a->compact)
			compact_memory(a);
		progress_point(&pr, i, ps->id);
		harness_run_point(&h, ps, &r);
		progress_end(&pr);
		emit_point(cx, a, ps, &r, out);
		point_result_free(&r);
	}
	/* points a signal kept from running are listed, not dropped */
	for (; i < plan->n; i++) {
		struct point_result r = { .status = PT_INTERRUPTED };

		snprintf(r.reason, sizeof(r.reason), "not run: the run was interrupted");
		json_array_append_new(out->skipped, result_skipped(&plan->pts[i], &r));
	}
	return harness_interrupted();
}

static int finish(json_t *root, const char *path, int interrupted, time_t start, const char *compact,
		  const struct derive *d)
{
	json_t *run = json_object_get(root, "run");
	time_t end = time(NULL);
	char ts[32], err[PATH_MAX + 128];

	iso_time(end, ts, sizeof(ts));
	json_object_set_new(run, "end", json_string(ts));
	json_object_set_new(run, "duration_seconds", json_real(difftime(end, start)));
	json_object_set_new(run, "incomplete", json_boolean(interrupted));
	if (compact)
		json_object_set_new(run, "compact_before_points",
				    json_string(*compact ? compact : "yes"));
	derive_all(d);
	if (result_write(root, path, err, sizeof(err))) {
		fprintf(stderr, "ptbench run: %s\n", err);
		return 1;
	}
	printf("%s%s\n", interrupted ? "interrupted; partial result (incomplete: true): " : "result: ",
	       path);
	return 0;
}

int run_execute(struct ctx *cx, struct run_args *a, struct plan *plan, int argc, char **argv)
{
	const char *label = a->label ? a->label : cx->uts.release;
	struct sink out = { .points = json_array(), .skipped = json_array() };
	json_t *root;
	char path[PATH_MAX], why[256];
	time_t start = time(NULL);
	struct irq_sel irq;
	int interrupted, ret;

	if (result_path(cx, a, label, start, path, sizeof(path)))
		return 1;
	if (knobs_lock_wait(why, sizeof(why), a->wait_lock) < 0) {
		fprintf(stderr, "ptbench run: %s\n", why);
		return 1;
	}
	if (knobs_restore_from_state(knobs_state_path(), 0) > 0)
		fprintf(stderr, "ptbench run: put back the knobs an interrupted run had left changed\n");
	harness_init();
	if (tracefs_ensure(why, sizeof(why)))
		fprintf(stderr, "ptbench run: tracepoints unavailable: %s\n", why);
	if (debugfs_ensure(why, sizeof(why)))
		fprintf(stderr, "ptbench run: gup_test unavailable: %s\n", why);
	/* which lines stand for each kind of interrupt: from what this kernel shows */
	irq_select(&cx->ap, NULL, &irq);
	root = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "schema", RESULT_SCHEMA,
			 "suite", suite_json(),
			 "run", run_section(a, plan, label, argc, argv, start),
			 "system", sysinfo_capture(&cx->ap, &cx->sys, cx->topo),
			 "capabilities", caps_probe(&cx->sys), "presentation", present_json(workloads),
			 "points", out.points, "skipped", out.skipped);
	json_object_set_new(json_object_get(root, "system"), "interrupt_lines",
			    irq_sel_json(&cx->ap, &irq));
	if (!a->quiet)
		printf("ptbench run: %d points, label %s\n", plan->n, label);
	interrupted = run_points(cx, a, plan, &irq, &out);
	ret = finish(root, path, interrupted, start, a->compact ? a->compact_err : NULL, &out.derive);
	derive_free(&out.derive);
	json_decref(root);
	if (knobs_restore_all())
		ret = 1;
	tracefs_release();
	debugfs_release();
	/* the shell's convention: 128 + the signal (130 SIGINT, 143 SIGTERM) */
	return interrupted ? 128 + (knobs_signal_number() ? knobs_signal_number() : SIGINT) : ret;
}
