// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench calibrate: how small a change can this machine see? Runs chosen
 * ptl points as A/A pairs (false positives) and as A/B pairs whose B adds a
 * known per-operation cost (ptl's inject_ns: a user-space spin), and
 * compares every pair with the compare code, FDR control included.
 * Method in docs/methodology.md ("Sensitivity, measured").
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "bench/core/run_opts.h"
#include "lib/json_write.h"
#include "lib/spawn.h"
#include "calibrate.h"
#include "cmds.h"

#define MAX_ARGS	64
#define MAX_RUNS	10

static struct opt opts[24];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench calibrate [OPTIONS] [SPEC...]\n\n"
		"Measure this machine's sensitivity for ptl points (SPEC as for 'ptbench run';\n"
		"default ptl:level=pte,placement=shared,split,op=fault,pages=64,threads=1):\n"
		"  1. a reference run gives each point's ns_per_op;\n"
		"  2. each round runs A (inject_ns=0) and B (inject_ns=0 and, per effect E,\n"
		"     inject_ns = E%% of ns_per_op) K times each, alternating, each a separate\n"
		"     'ptbench run';\n"
		"  3. A/A: A against B's inject_ns=0 points; A/B: A against B's injected points,\n"
		"     compared as 'ptbench compare' does (BH FDR over the tested figures; with\n"
		"     K >= 2 the two-level model of runs and repetitions, as for directories).\n"
		"Reports the A/A false-positive rate and, per point, how often each injected\n"
		"effect was flagged WORSE on ops_per_sec (the tested figure; ns_per_op is its\n"
		"inverse): the minimum detectable effect is the smallest effect flagged in at\n"
		"least 80%% of rounds; beside it, the rows' own\n"
		"mde (compare's prediction) tells whether the model's power is right here.\n\n"
		"Takes about pairs x K x (2 + effects) x points x (w + r x d + ~0.5 s).\n\n");
	opt_help(f, opts);
}

/* --reanalyse: the runs are already in --out (an earlier calibrate's); only compare */
static int reanalyse;
/* --boots: the operands are runs from several boots; --boots-config, --reference */
static int boots;
static const char *boots_config, *reference_file;
/* --speed-adjust: compare as 'ptbench compare --speed-adjust' does (into struct cal) */
static int speed_adjust_flag;
/* --rounds R and --bind P, handed to every run ("": not given) */
static char rounds_arg[16], bind_arg[16];

static int run_self(char **argv)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;

	o.path = "/proc/self/exe";
	o.out = SPAWN_NULL;
	return spawn_run(argv, &o);
}

/* Run specs into dir; 0 and the loaded result in *out. */
static int do_run(const char *dir, const char *label, char **specs, int nspecs, const char *r,
		  const char *d, const char *w, struct result **out)
{
	char *argv[MAX_ARGS] = { "ptbench", "run", "-q", "--wait-lock", "--out", (char *)dir,
				 "--label", (char *)label, "-r", (char *)r, "-d", (char *)d, "-w", (char *)w };
	int argc = 14, i, rc;
	struct result **res = NULL;
	size_t n = 0;
	char err[1024] = "";

	if (rounds_arg[0]) {
		argv[argc++] = "--rounds";
		argv[argc++] = rounds_arg;
	}
	if (bind_arg[0]) {
		argv[argc++] = "--bind";
		argv[argc++] = bind_arg;
	}
	for (i = 0; i < nspecs && argc < MAX_ARGS - 1; i++)
		argv[argc++] = specs[i];
	argv[argc] = NULL;
	rc = reanalyse ? 0 : run_self(argv);
	if (rc) {
		fprintf(stderr, "ptbench calibrate: 'ptbench run' into %s failed (exit %d)\n", dir, rc);
		return -1;
	}
	if (load_results(dir, &res, &n, err, sizeof(err)) || n != 1) {
		fprintf(stderr, "ptbench calibrate: %s\n", n != 1 && !*err ? "expected one result" : err);
		for (size_t k = 0; k < n; k++)
			result_free(res[k]);
		free(res);
		return -1;
	}
	*out = res[0];
	free(res);
	return 0;
}

/* "ptl:k=v,...,inject_ns=a,b,c,threads=N" for one point */
static char *spec_of(const struct cal_point *cp, const unsigned long *inj, int ninj)
{
	char *s = NULL, val[64];
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	const char *k;
	json_t *v;
	int i;

	fprintf(f, "ptl:");
	json_object_foreach(cp->key, k, v) {
		if (!strcmp(k, "threads"))
			continue;
		if (json_is_string(v))
			snprintf(val, sizeof(val), "%s", json_string_value(v));
		else
			snprintf(val, sizeof(val), "%lld", (long long)json_integer_value(v));
		fprintf(f, "%s=%s,", k, val);
	}
	fprintf(f, "inject_ns=");
	for (i = 0; i < ninj; i++)
		fprintf(f, "%s%lu", i ? "," : "", inj[i]);
	fprintf(f, ",threads=%lld", (long long)json_integer_value(json_object_get(cp->key, "threads")));
	fclose(f);
	return s;
}

static int parse_effects(const char *s, struct cal *c)
{
	char *end;

	c->neff = 0;
	while (*s && c->neff < MAX_EFFECTS) {
		double e = strtod(s, &end);

		if (end == s || !(e > 0 && e <= 1000))
			return -1;
		c->eff[c->neff++] = e;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return -1;
	}
	return c->neff ? 0 : -1;
}

/* What the command line asks for. */
struct cal_opts {
	struct run_opts ro;		/* -r, -d, -w, -b: handed to every run */
	char reps[16], dur[32], warm[32];	/* the same, as the runs' arguments */
	const char *out;
	int pairs, runs, nspecs, rounds;
	char **specs;
	char outbuf[256];
};

static struct cal *effects_to;

static int effects_cb(const struct opt *o, const char *arg)
{
	(void)o;
	if (!parse_effects(arg, effects_to))
		return 0;
	fprintf(stderr, "ptbench calibrate: --effects: a list of percentages, e.g. 1,2,5\n");
	return -1;
}

static void build_opts(struct cal_opts *o)
{
	size_t n = 0;

	opts[n++] = (struct opt)OPT_INTEGER('n', "pairs", &o->pairs, 1, 1000, "N",
		"rounds (A/A and A/B pairs), default 10");
	opts[n++] = (struct opt)OPT_CALLBACK('e', "effects", NULL, effects_cb, "LIST",
		"injected costs in % of ns_per_op, default 1,2,5");
	opts[n++] = (struct opt)OPT_INTEGER('k', "runs", &o->runs, 1, MAX_RUNS, "K",
		"runs per side per round, default 3 (1: repetitions\n"
		"are the unit, which misses run-to-run drift)");
	/* the harness's own, for every run (defaults here: -r 6 -d 0.3 -w 0.1) */
	run_opt_flags(opts, &n, &o->ro);
	opts[n++] = (struct opt)OPT_CALLBACK(0, "rounds", &o->rounds, run_count_cb, "R",
		"each run spreads its points' repetitions over R rounds\n"
		"('ptbench run --rounds')");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "speed-adjust", &speed_adjust_flag,
		"compare with the figures adjusted for the machine's\n"
		"speed references ('ptbench compare --speed-adjust')");
	opts[n++] = (struct opt)OPT_STRING('o', "out", &o->out, "DIR",
		"where the runs and calibrate.json go (default\n"
		"results/calibrate-<pid>)");
	opts[n++] = (struct opt)OPT_STRING(0, "boots-config", &boots_config, "FILE",
		"across boots, 1: write a config of the points with\n"
		"inject_ns 0 and each effect's cost (from a reference run\n"
		"here, or --reference) to run on several boots of one\n"
		"kernel (ptbench ab, ptbench vm --ab); docs/ab.md");
	opts[n++] = (struct opt)OPT_STRING(0, "reference", &reference_file, "RESULT",
		"--boots-config: the reference is this result file (a\n"
		"run on the machine to calibrate) instead of a run here");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "boots", &boots,
		"across boots, 2: the operands are directories of those\n"
		"runs; every split of the boots into halves is an A/A\n"
		"and an A/B per effect (-e as for --boots-config)");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "reanalyse", &reanalyse,
		"run nothing: compare the runs an earlier calibrate left\n"
		"in --out (same SPEC, -n, -k, -e) with this ptbench's\n"
		"statistics");
	opts[n] = (struct opt)OPT_FINISH;
}

/* The options and the specs into o; 0, -1 after --help, or EXIT_USAGE. */
static int parse_args(int argc, char **argv, struct cal_opts *o, struct cal *cal)
{
	int i, first;

	effects_to = cal;
	build_opts(o);
	first = opt_parse(argc, argv, opts, "calibrate", usage);
	if (first == OPT_HELP_RC)
		return -1;
	if (first < 0)
		return EXIT_USAGE;
	snprintf(o->reps, sizeof(o->reps), "%u", o->ro.reps);
	snprintf(o->dur, sizeof(o->dur), "%.17g", o->ro.duration);
	snprintf(o->warm, sizeof(o->warm), "%.17g", o->ro.warmup);
	if (o->rounds)
		snprintf(rounds_arg, sizeof(rounds_arg), "%d", o->rounds);
	snprintf(bind_arg, sizeof(bind_arg), "%s", o->ro.bind);
	if (first < argc) {
		o->specs = argv + first;
		o->nspecs = argc - first;
	}
	for (i = 0; i < o->nspecs && !boots; i++)
		if (strncmp(o->specs[i], "ptl:", 4) || strstr(o->specs[i], "inject_ns")) {
			fprintf(stderr, "ptbench calibrate: specs must be ptl points without inject_ns: %s\n",
				o->specs[i]);
			return EXIT_USAGE;
		}
	if (boots && first >= argc) {
		fprintf(stderr, "ptbench calibrate: --boots wants the directories of the runs\n");
		return EXIT_USAGE;
	}
	if (reanalyse && !o->out) {
		fprintf(stderr, "ptbench calibrate: --reanalyse needs --out DIR of an earlier calibrate\n");
		return EXIT_USAGE;
	}
	if (!o->out) {
		snprintf(o->outbuf, sizeof(o->outbuf), "results/calibrate-%d", (int)getpid());
		o->out = o->outbuf;
	}
	return 0;
}

/* 1. the reference: each point's ns/op, and the delays that make each effect. */
static int reference(const struct cal_opts *o, struct cal *cal, struct result **ref)
{
	char dir[4096], err[1024];
	size_t i;
	int e;

	if (reference_file) {
		*ref = result_load(reference_file, err, sizeof(err));
		if (!*ref) {
			fprintf(stderr, "ptbench calibrate: --reference: %s\n", err);
			return -1;
		}
	} else {
		fprintf(stderr, "calibrate: reference run\n");
		snprintf(dir, sizeof(dir), "%s/ref", o->out);
		if (do_run(dir, "calibrate-ref", o->specs, o->nspecs, o->reps, o->dur, o->warm, ref))
			return -1;
	}
	for (i = 0; i < (*ref)->npoints && cal->npts < MAX_POINTS; i++) {
		const struct res_point *p = &(*ref)->points[i];
		const struct res_metric *m = res_metric_get(p, "ns_per_op");
		struct cal_point *cp = &cal->pts[cal->npts];
		struct summary s;

		if (!p->valid || !m || strcmp(p->workload, "ptl"))
			continue;
		summarize(m->samples, m->n, &s);
		cp->key = cal_strip_inject(p->params);
		cp->id = strdup(p->id);
		cp->ns = s.mean;
		cp->cv = s.cv;
		for (e = 0; e < cal->neff; e++)
			cp->inj[e] = (unsigned long)lround(s.mean * cal->eff[e] / 100);
		cal->npts++;
	}
	if (!cal->npts) {
		fprintf(stderr, "ptbench calibrate: no valid ptl point in the reference run\n");
		return -1;
	}
	return 0;
}

/* The runs of one round, A and B alternating; -1 when one failed. */
static int round_runs(const struct cal_opts *o, struct cal *cal, int round, struct result **a,
		      struct result **b)
{
	char *sa[MAX_POINTS], *sb[MAX_POINTS], dir[4096];
	unsigned long zero = 0, all[MAX_EFFECTS + 1];
	int fail = 0, k;
	size_t i;

	for (i = 0; i < cal->npts; i++) {
		all[0] = 0;
		memcpy(all + 1, cal->pts[i].inj, sizeof(unsigned long) * (size_t)cal->neff);
		sa[i] = spec_of(&cal->pts[i], &zero, 1);
		sb[i] = spec_of(&cal->pts[i], all, cal->neff + 1);
	}
	/* A and B alternate, so that drift over the round hits both sides */
	for (k = 0; k < o->runs && !fail; k++) {
		snprintf(dir, sizeof(dir), "%s/a%03d-%d", o->out, round + 1, k + 1);
		fail |= do_run(dir, "calibrate-A", sa, (int)cal->npts, o->reps, o->dur, o->warm, &a[k]);
		snprintf(dir, sizeof(dir), "%s/b%03d-%d", o->out, round + 1, k + 1);
		fail |= !fail && do_run(dir, "calibrate-B", sb, (int)cal->npts, o->reps, o->dur, o->warm,
					&b[k]);
	}
	for (i = 0; i < cal->npts; i++) {
		free(sa[i]);
		free(sb[i]);
	}
	return fail ? -1 : 0;
}

/* 2. one round: A/A (no delay on either side), then each effect against A. */
static int one_round(const struct cal_opts *o, struct cal *cal, int round, struct aa_count *aa)
{
	struct result *a[MAX_RUNS] = { NULL }, *b[MAX_RUNS] = { NULL };
	int fail, k;

	fprintf(stderr, "calibrate: round %d of %d\n", round + 1, o->pairs);
	fail = round_runs(o, cal, round, a, b);
	if (!fail)
		cal_judge(cal, a, (size_t)o->runs, b, (size_t)o->runs, aa);
	for (k = 0; k < o->runs; k++) {
		result_free(a[k]);
		result_free(b[k]);
	}
	return fail;
}

/* 3. what it means: printed, and in OUT/calibrate.json. */
static void print_summary(const struct cal_opts *o, struct cal *cal, const struct aa_count *aa)
{
	char path[4096];
	json_t *js, *jp;
	size_t i;

	js = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:i}", "schema", "ptbench-calibrate/1", "pairs",
		       o->pairs, "runs_per_side", o->runs, "repetitions", o->reps, "duration", o->dur,
		       "warmup", o->warm, "rounds_per_run", rounds_arg[0] ? atoi(rounds_arg) : 1);
	json_object_set_new(js, "speed_adjust", json_boolean(cal->speed_adjust));
	printf("ptbench calibrate: %d rounds of %d run(s) per side, %s repetitions of %g s per point, "
	       "FDR %g%%\n\n", o->pairs, o->runs, o->reps, o->ro.duration, CMP_ALPHA * 100);
	printf("A/A: %zu of %zu compares flagged something (%.0f%%); %zu of %zu tests flagged (%.1f%%)\n\n",
	       aa->flagged, aa->tables, aa->tables ? 100.0 * (double)aa->flagged / (double)aa->tables : 0,
	       aa->sig, aa->tests, aa->tests ? 100.0 * (double)aa->sig / (double)aa->tests : 0);
	json_object_set_new(js, "aa", json_pack("{s:I, s:I, s:I, s:I}", "compares", (json_int_t)aa->tables,
						"compares_flagged", (json_int_t)aa->flagged,
						"tests", (json_int_t)aa->tests, "tests_flagged", (json_int_t)aa->sig));
	jp = json_array();
	printf("Per point: 'row mde' is compare's own minimum detectable effect of the\n"
	       "ops_per_sec row (80%% power, nominal level); 'above it: yes' means compare\n"
	       "promises that effect (on ops/s: E/(100+E)) is flagged in about 80%% of rounds.\n\n");
	for (i = 0; i < cal->npts; i++)
		json_array_append_new(jp, cal_report_point(cal, &cal->pts[i]));
	json_object_set_new(js, "points", jp);
	snprintf(path, sizeof(path), "%s/calibrate.json", o->out);
	if (json_write_atomic(path, js, JSON_INDENT(1)))
		fprintf(stderr, "ptbench calibrate: cannot write %s: %s\n", path, strerror(errno));
	else
		printf("details: %s; runs in %s/\n", path, o->out);
	json_decref(js);
}

int cmd_calibrate(int argc, char **argv)
{
	static char def_spec[] = "ptl:level=pte,placement=shared,split,op=fault,pages=64,threads=1";
	static char *def_specs[] = { def_spec };
	struct cal_opts o = { .ro = { .duration = 0.3, .warmup = 0.1, .reps = 6 }, .pairs = 10,
			      .runs = 3, .nspecs = 1, .specs = def_specs };
	struct cal cal = { .sel_effect = -1 };
	struct aa_count aa = { 0 };
	struct result *ref = NULL;
	int round, ret = 1, rc;

	parse_effects("1,2,5", &cal);
	rc = parse_args(argc, argv, &o, &cal);
	if (rc)
		return rc < 0 ? 0 : rc;
	cal.speed_adjust = speed_adjust_flag;
	if (mkdir(o.out, 0755) && errno != EEXIST) {
		perror(o.out);
		return 1;
	}
	if (boots) {
		ret = cal_boots(o.specs, o.nspecs, &cal, o.out);
		goto out;
	}
	if (reference(&o, &cal, &ref))
		goto out;
	if (boots_config) {
		ret = cal_boots_config(boots_config, &cal, o.ro.duration, o.ro.warmup, o.ro.reps) ? 1 : 0;
		goto out;
	}
	for (round = 0; round < o.pairs; round++)
		if (one_round(&o, &cal, round, &aa))
			goto out;
	print_summary(&o, &cal, &aa);
	ret = 0;
out:
	cal_free(&cal);
	result_free(ref);
	return ret;
}
