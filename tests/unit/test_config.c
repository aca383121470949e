// SPDX-License-Identifier: GPL-2.0
/*
 * Configs and command-line specs: matrix expansion, defaults, hugetlb size
 * expansion, and the strict errors (file, key path, reason) a user sees for
 * a bad config. Runs against the ptl workload's real parameter table, a
 * hand-filled wl_sys (4K pages, 2M PMD, hugetlb 2M + 1G) and a synthetic
 * 4-CPU topology, so nothing depends on the machine the tests run on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "bench/core/config.h"
#include "bench/host/placement.h"

#define SZ_2M	(2UL << 20)
#define SZ_1G	(1UL << 30)
#define NCPUS	4

static char tmpdir[] = "/tmp/ptbench-test-config.XXXXXX";
static struct topo *topo;

static const struct wl_sys sys = {
	.page_size = 4096,
	.pmd_size = SZ_2M,
	.pte_table_span = SZ_2M,
	.pmd_table_span = SZ_1G,
	.pte_lock_span = SZ_2M,
	.pmd_lock_span = SZ_1G,
	.pud_size = SZ_1G,
	.thp = 1,
	.root = 1,
	.nr_hugetlb = 2,
	.hugetlb_size = { SZ_2M, SZ_1G },
};

static const struct run_opts defaults = RUN_OPTS_DEFAULT;

static int group_setup(void **state)
{
	char why[256] = "";

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	topo = topo_load("synthetic:pack:1 core:4 pu:1", why, sizeof(why));
	if (!topo) {
		fprintf(stderr, "topo_load: %s\n", why);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	topo_free(topo);
	return tmpdir_remove(tmpdir);
}

/*
 * Write a config into the temp dir. Configs are written with single quotes
 * in this file, for legibility; they become double quotes here (no config
 * below needs a literal single quote).
 */
static const char *write_cfg(const char *name, const char *text)
{
	static char path[2][256];
	static int turn;
	char *p = path[turn++ & 1];
	FILE *f;
	size_t i;

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	for (i = 0; text[i]; i++)
		fputc(text[i] == '\'' ? '"' : text[i], f);
	assert_int_equal(fclose(f), 0);
	return p;
}

static void load_ok(struct plan *p, const char *path, const struct run_opts *cli)
{
	char err[512] = "";

	if (plan_add_config(p, path, cli, &sys, topo, err, sizeof(err)))
		fail_msg("plan_add_config(%s): %s", path, err);
}

static void spec_ok(struct plan *p, const char *spec)
{
	char err[512] = "";

	if (plan_add_spec(p, spec, &defaults, &sys, topo, err, sizeof(err)))
		fail_msg("plan_add_spec(%s): %s", spec, err);
}

/* Every needle (NULL-terminated list) must appear in the error. */
static void assert_err_has(const char *what, const char *err, va_list ap)
{
	const char *needle;

	while ((needle = va_arg(ap, const char *)))
		if (!strstr(err, needle))
			fail_msg("%s: error \"%s\" lacks \"%s\"", what, err, needle);
}

/*
 * A config that must be refused: the error must name the file and contain
 * each further string (key path, reason).
 */
static void config_fails(const char *text, ...)
{
	const char *path = write_cfg("bad.json", text);
	char err[512] = "";
	struct plan p;
	va_list ap;
	int ret;

	plan_init(&p);
	ret = plan_add_config(&p, path, NULL, &sys, topo, err, sizeof(err));
	if (ret != -1)
		fail_msg("config accepted (%d points), expected an error: %s", p.n, text);
	if (!strstr(err, path))
		fail_msg("error \"%s\" does not name the file %s", err, path);
	va_start(ap, text);
	assert_err_has(text, err, ap);
	va_end(ap);
	plan_free(&p);
}

static void spec_fails(const char *spec, ...)
{
	char err[512] = "";
	struct plan p;
	va_list ap;

	plan_init(&p);
	if (plan_add_spec(&p, spec, &defaults, &sys, topo, err, sizeof(err)) != -1)
		fail_msg("spec \"%s\" accepted (%d points), expected an error", spec, p.n);
	va_start(ap, spec);
	assert_err_has(spec, err, ap);
	va_end(ap);
	plan_free(&p);
}

/* args.val[] must point into the point's own storage, in workload order. */
static void assert_args_sane(const struct point_spec *ps)
{
	static const char *const order[] = { "level", "placement", "op", "pages", "pt_reclaim",
					     "inject_ns" };
	size_t i;

	assert_int_equal(ps->args.n, ARRAY_SIZE(order));
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		assert_string_equal(ps->args.name[i], order[i]);
		assert_ptr_equal(ps->args.val[i], ps->vals[i]);
	}
}

static void assert_opts(const struct run_opts *o, double dur, double warm, unsigned int reps,
			const char *bind)
{
	assert_true(o->duration == dur);
	assert_true(o->warmup == warm);
	assert_int_equal(o->reps, reps);
	assert_string_equal(o->bind, bind);
}

static void test_matrix_order(void **state)
{
	static const char *const ids[] = {
		"ptl:level=pte,placement=shared,op=fault,pages=8,threads=1",
		"ptl:level=pte,placement=shared,op=fault,pages=8,threads=ncpus",
		"ptl:level=pte,placement=split,op=fault,pages=8,threads=1",
		"ptl:level=pte,placement=split,op=fault,pages=8,threads=ncpus",
		"ptl:level=pmd,placement=shared,op=fault,pages=8,threads=1",
		"ptl:level=pmd,placement=shared,op=fault,pages=8,threads=ncpus",
		"ptl:level=pmd,placement=split,op=fault,pages=8,threads=1",
		"ptl:level=pmd,placement=split,op=fault,pages=8,threads=ncpus",
	};
	/* params written out of workload order: the order of the ids must not follow it */
	const char *path = write_cfg("matrix.json",
		"{ 'name': 'matrix', 'points': [ { 'workload': 'ptl',"
		"  'params': { 'placement': ['shared', 'split'], 'level': ['pte', 'pmd'] },"
		"  'threads': [1, 'ncpus'] } ] }");
	struct plan p;
	size_t i;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	assert_int_equal(p.n, ARRAY_SIZE(ids));
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct point_spec *ps = &p.pts[i];

		assert_string_equal(ps->id, ids[i]);
		assert_ptr_equal(ps->ops, workload_find("ptl"));
		assert_int_equal(ps->nthreads, i % 2 ? NCPUS : 1);
		assert_string_equal(ps->threads, i % 2 ? "ncpus" : "1");
		assert_args_sane(ps);
		assert_opts(&ps->opts, 1.0, 0.5, 5, "one-per-core");
	}
	assert_string_equal(p.name, "matrix");
	assert_string_equal(p.source, path);
	assert_non_null(p.config);
	plan_free(&p);
}

/*
 * Every split/shared pair at N > 1 gets its one-worker twins, inserted
 * before it and marked; a pair that has them, or a lone placement, does not.
 */
static void test_controls(void **state)
{
	static const char *const ids[] = {
		"ptl:level=pte,placement=shared,op=fault,pages=8,threads=1",
		"ptl:level=pte,placement=split,op=fault,pages=8,threads=1",
		"ptl:level=pte,placement=shared,op=fault,pages=8,threads=4",
		"ptl:level=pte,placement=split,op=fault,pages=8,threads=4",
		"ptl:level=pmd,placement=split,op=fault,pages=8,threads=4",
		"ptl:level=pte,placement=shared,op=mincore,pages=8,threads=1",
		"ptl:level=pte,placement=shared,op=mincore,pages=8,threads=2",
		"ptl:level=pte,placement=split,op=mincore,pages=8,threads=1",
		"ptl:level=pte,placement=split,op=mincore,pages=8,threads=2",
	};
	char err[256];
	struct plan p;
	size_t i;

	(void)state;
	plan_init(&p);
	spec_ok(&p, "ptl:level=pte,placement=shared,split,threads=4");
	spec_ok(&p, "ptl:level=pmd,placement=split,threads=4");
	spec_ok(&p, "ptl:level=pte,op=mincore,placement=shared,split,threads=1,2");
	assert_int_equal(plan_add_controls(&p, err, sizeof(err)), 0);
	assert_int_equal(p.n, ARRAY_SIZE(ids));
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_string_equal(p.pts[i].id, ids[i]);
		assert_args_sane(&p.pts[i]);
		if (i < 2)
			assert_non_null(strstr(p.pts[i].added, "layout_effect"));
		else
			assert_string_equal(p.pts[i].added, "");
	}
	/* idempotent */
	assert_int_equal(plan_add_controls(&p, err, sizeof(err)), 0);
	assert_int_equal(p.n, ARRAY_SIZE(ids));
	plan_free(&p);
}

/* threads=sweep on 4 CPUs: 1, 2, ncpus (4); pages=auto fits shared at 4 workers. */
static void test_sweep_auto(void **state)
{
	static const char *const ids[] = {
		"ptl:level=pte,placement=shared,op=fault,pages=126,threads=1",
		"ptl:level=pte,placement=shared,op=fault,pages=126,threads=2",
		"ptl:level=pte,placement=shared,op=fault,pages=126,threads=ncpus",
		"ptl:level=pmd,placement=shared,op=fault,pages=126,threads=1",
		"ptl:level=pmd,placement=shared,op=fault,pages=126,threads=2",
		"ptl:level=pmd,placement=shared,op=fault,pages=126,threads=ncpus",
		"ptl:level=hugetlb:1G,placement=shared,op=fault,pages=126,threads=1",
		"ptl:level=hugetlb:1G,placement=shared,op=fault,pages=126,threads=2",
		"ptl:level=hugetlb:1G,placement=shared,op=fault,pages=126,threads=ncpus",
		"ptl:level=pte,placement=shared,op=fault,pages=254,threads=2",
	};
	struct plan p;
	size_t i;

	(void)state;
	plan_init(&p);
	/* 512 slots of a table: (512 - 1) / 4 - 1 = 126 */
	spec_ok(&p, "ptl:level=pte,pmd,hugetlb:1G,placement=shared,pages=auto,threads=sweep");
	/* the largest N of the entry counts: (512 - 1) / 2 - 1 = 254 */
	spec_ok(&p, "ptl:level=pte,placement=shared,pages=auto,threads=2");
	assert_int_equal(p.n, ARRAY_SIZE(ids));
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_string_equal(p.pts[i].id, ids[i]);
		assert_args_sane(&p.pts[i]);
		assert_non_null(strstr(p.pts[i].autonote, "pages=auto: "));
	}
	assert_int_equal(p.pts[2].nthreads, NCPUS);
	plan_free(&p);
	/* auto where the workload has no resolver is refused */
	spec_fails("gup:pages_per_call=auto", "pages_per_call", NULL);
}

/* A plan on a machine of ncpus (synthetic topology): its points, into out. */
static void big_plan(const char *desc, const char *spec, struct plan *p)
{
	char why[256] = "", err[512] = "";
	struct topo *t = topo_load(desc, why, sizeof(why));

	if (!t)
		fail_msg("topo_load(%s): %s", desc, why);
	plan_init(p);
	if (plan_add_spec(p, spec, &defaults, &sys, t, err, sizeof(err)) ||
	    plan_add_controls(p, err, sizeof(err)))
		fail_msg("%s on %s: %s", spec, desc, err);
	topo_free(t);
}

static int count_threads(const struct plan *p, const char *level, unsigned int n)
{
	int i, k = 0;

	for (i = 0; i < p->n; i++)
		k += p->pts[i].nthreads == n && !strcmp(wl_args_get(&p->pts[i].args, "level"), level);
	return k;
}

/*
 * 128 and 512 CPUs, 2 to 8 NUMA nodes: the sweep's thread counts, the pages
 * auto gives (shared fits at the largest N), no control added (the sweep
 * has threads=1), collapse with bystanders=all, spread placement.
 */
static void test_big_machines(void **state)
{
	static const struct {
		const char *desc;
		unsigned int ncpus, nnuma, nsweep;
		const char *pages;
	} m[] = {
		{ "synthetic:pack:2 numa:1 core:32 pu:2", 128, 2, 8, "2" },
		{ "synthetic:pack:2 numa:4 core:64 pu:1", 512, 8, 10, "1" },
	};
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(m); i++) {
		char why[256] = "";
		struct topo *t = topo_load(m[i].desc, why, sizeof(why));
		int *cpus = calloc(m[i].ncpus, sizeof(int)), *seen = calloc(m[i].ncpus, sizeof(int));
		struct plan p;

		assert_non_null(t);
		assert_int_equal(topo_npus(t), m[i].ncpus);
		assert_int_equal(topo_nnuma(t), m[i].nnuma);
		/* spread: every CPU once, consecutive workers on different nodes */
		assert_int_equal(placement_cpus(t, BIND_SPREAD, m[i].ncpus, cpus, why, sizeof(why)), 0);
		for (k = 0; k < (int)m[i].ncpus; k++) {
			assert_int_equal(seen[cpus[k]]++, 0);
			if (k)
				assert_int_not_equal(topo_cpu_numa(t, cpus[k]), topo_cpu_numa(t, cpus[k - 1]));
		}
		topo_free(t);
		free(cpus);
		free(seen);
		big_plan(m[i].desc, "ptl:level=pte,pmd,placement=shared,split,pages=auto,threads=sweep", &p);
		assert_int_equal(p.n, 2 * 2 * (int)m[i].nsweep);
		assert_int_equal(count_threads(&p, "pte", m[i].ncpus), 2);
		assert_int_equal(count_threads(&p, "pmd", m[i].ncpus / 2), 2);
		for (k = 0; k < p.n; k++) {
			assert_string_equal(wl_args_get(&p.pts[k].args, "pages"), m[i].pages);
			assert_string_equal(p.pts[k].added, "");
		}
		plan_free(&p);
		big_plan(m[i].desc, "collapse:bystanders=all", &p);
		assert_int_equal(p.n, 1);
		assert_int_equal(p.pts[0].nthreads, MIN(m[i].ncpus, 1024u));
		assert_non_null(strstr(p.pts[0].autonote, "bystanders=all"));
		plan_free(&p);
	}
}

static void test_defaults_filled(void **state)
{
	const char *path = write_cfg("defaults.json", "{ 'points': [ { 'workload': 'ptl' } ] }");
	struct plan p;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.pts[0].id, "ptl:level=pmd,placement=split,op=fault,pages=8,threads=1");
	assert_int_equal(p.pts[0].nthreads, 1);
	assert_args_sane(&p.pts[0]);
	assert_opts(&p.pts[0].opts, 1.0, 0.5, 5, "one-per-core");
	/* no "name": the plan is named after the file */
	assert_string_equal(p.name, path);
	plan_free(&p);
}

/* The config's "defaults" apply to every entry; an entry's own keys win. */
static void test_config_defaults_section(void **state)
{
	const char *path = write_cfg("defsec.json",
		"{ 'defaults': { 'duration': 2, 'warmup': 0, 'repetitions': 3, 'bind': 'spread',"
		"                'threads': [1, 'half'] },"
		"  'points': [ { 'workload': 'ptl', 'params': { 'op': 'mincore' } },"
		"              { 'workload': 'ptl', 'params': { 'op': 'pagemap', 'pages': 16 },"
		"                'repetitions': 7, 'threads': 'ncores', 'bind': 'none' } ] }");
	struct plan p;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.pts[0].id, "ptl:level=pmd,placement=split,op=mincore,pages=8,threads=1");
	assert_string_equal(p.pts[1].id, "ptl:level=pmd,placement=split,op=mincore,pages=8,threads=half");
	assert_int_equal(p.pts[1].nthreads, NCPUS / 2);
	assert_opts(&p.pts[0].opts, 2.0, 0.0, 3, "spread");
	assert_string_equal(p.pts[2].id,
			    "ptl:level=pmd,placement=split,op=pagemap,pages=16,threads=ncores");
	assert_int_equal(p.pts[2].nthreads, NCPUS);
	assert_opts(&p.pts[2].opts, 2.0, 0.0, 7, "none");
	plan_free(&p);
}

static void test_hugetlb_expands_to_sizes(void **state)
{
	const char *path = write_cfg("hugetlb.json",
		"{ 'points': [ { 'workload': 'ptl',"
		"  'params': { 'level': ['pte', 'hugetlb'], 'placement': 'shared' } } ] }");
	struct plan p;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.pts[0].id, "ptl:level=pte,placement=shared,op=fault,pages=8,threads=1");
	assert_string_equal(p.pts[1].id,
			    "ptl:level=hugetlb:2M,placement=shared,op=fault,pages=8,threads=1");
	assert_string_equal(p.pts[2].id,
			    "ptl:level=hugetlb:1G,placement=shared,op=fault,pages=8,threads=1");
	assert_string_equal(p.pts[1].args.val[0], "hugetlb:2M");
	plan_free(&p);
}

static void test_hugetlb_size_given(void **state)
{
	const char *path = write_cfg("hugetlb2m.json",
		"{ 'points': [ { 'workload': 'ptl', 'params': { 'level': 'hugetlb:2M' } } ] }");
	struct plan p;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.pts[0].id,
			    "ptl:level=hugetlb:2M,placement=split,op=fault,pages=8,threads=1");
	plan_free(&p);

	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': 'hugetlb:3X' } } ] }",
		     "points[0]", "level", "hugetlb:3X", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': 'hugetlb:0' } } ] }",
		     "points[0]", "level", "hugetlb:0", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': 'hugetlb:' } } ] }",
		     "points[0]", "level", NULL);
}

/* More points than the plan's first allocation: args must follow the realloc. */
static void test_many_points(void **state)
{
	const char *path = write_cfg("many.json",
		"{ 'points': [ { 'workload': 'ptl',"
		"  'params': { 'pages': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, '13', 14, 15, 16, 17] },"
		"  'threads': [1, 2] } ] }");
	struct plan p;
	char id[128], pages[8];
	int i;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, NULL);
	spec_ok(&p, "ptl:level=pte,pages=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17");
	assert_int_equal(p.n, 17 * 2 + 17);
	for (i = 0; i < p.n; i++)
		assert_args_sane(&p.pts[i]);
	for (i = 0; i < 34; i++) {
		snprintf(pages, sizeof(pages), "%d", i / 2 + 1);
		snprintf(id, sizeof(id), "ptl:level=pmd,placement=split,op=fault,pages=%s,threads=%d",
			 pages, i % 2 + 1);
		assert_string_equal(p.pts[i].id, id);
		assert_string_equal(p.pts[i].args.val[3], pages);
	}
	plan_free(&p);
}

static void test_err_unknown_keys(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl' } ], 'bogus': 1 }",
		     "unknown key", "bogus", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'thread': 1 } ] }",
		     "points[0]", "unknown key", "thread", NULL);
	config_fails("{ 'defaults': { 'durations': 1 }, 'points': [ { 'workload': 'ptl' } ] }",
		     "defaults", "unknown key", "durations", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl' }, { 'workload': 'nosuch' } ] }",
		     "points[1]", "unknown workload", "nosuch", NULL);
	config_fails("{ 'points': [ { 'params': {} } ] }",
		     "points[0]", "missing key", "workload", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'nosuch': 1 } } ] }",
		     "points[0].params.nosuch", "no parameter", NULL);
}

static void test_err_values(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'placement': 'diagonal' } } ] }",
		     "points[0]", "placement", "diagonal", "shared|split", NULL);
	/* bad value in the second position of a list */
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'op': ['fault', 'walk'] } } ] }",
		     "points[0]", "op", "walk", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'pages': 0 } } ] }",
		     "points[0]", "pages", "out of range", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'pages': 2097152 } } ] }",
		     "points[0]", "pages", "2097152", "out of range", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'pages': 'many' } } ] }",
		     "points[0]", "pages", "many", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'pages': -1 } } ] }",
		     "points[0].params.pages", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'duration': 0 } ] }",
		     "points[0]", "duration", "out of range", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'bind': 'everywhere' } ] }",
		     "points[0]", "bind", "everywhere", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'repetitions': 0 } ] }",
		     "points[0]", "repetitions", NULL);
}

static void test_err_types(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl', 'repetitions': '3' } ] }",
		     "points[0]", "repetitions", "whole number", "string", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': { 'x': 1 } } } ] }",
		     "points[0].params.level", "string or a whole number", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'pages': 1.5 } } ] }",
		     "points[0].params.pages", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': ['level'] } ] }",
		     "points[0]", "params", "object", NULL);
	config_fails("{ 'points': { 'workload': 'ptl' } }", "points", "array", NULL);
	config_fails("{ 'name': 7, 'points': [ { 'workload': 'ptl' } ] }", "name", "string", NULL);
	config_fails("[ { 'workload': 'ptl' } ]", "object", NULL);
}

static void test_err_empty(void **state)
{
	(void)state;
	config_fails("{ 'points': [] }", "points", "empty", NULL);
	config_fails("{ 'name': 'x' }", "missing key", "points", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': [] } } ] }",
		     "points[0].params.level", "empty", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'threads': [] } ] }",
		     "points[0].threads", "empty", NULL);
}

/* An empty string is refused with the key path intact. */
static void test_err_empty_string(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': '' } } ] }",
		     "points[0].params.level: value \"\" is empty", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'threads': ['1', ''] } ] }",
		     "points[0].threads: value \"\" is empty", NULL);
}

static void test_err_not_json(void **state)
{
	(void)state;
	/* jansson's JSON_REJECT_DUPLICATES */
	config_fails("{ 'points': [ { 'workload': 'ptl' } ],\n  'points': [ { 'workload': 'ptl' } ] }",
		     "line 2", "duplicate", "points", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl',"
		     "  'params': { 'op': 'fault', 'op': 'mincore' } } ] }",
		     "duplicate", "op", NULL);
	config_fails("points = ptl\n", "line 1", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl' } ] ", "line", NULL);
	config_fails("", "line", NULL);
}

static void test_err_missing_file(void **state)
{
	char path[300], err[512] = "";
	struct plan p;

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such-config.json", tmpdir);
	plan_init(&p);
	assert_int_equal(plan_add_config(&p, path, NULL, &sys, topo, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	plan_free(&p);
}

static void test_err_threads(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl', 'threads': 'bogus' } ] }",
		     "points[0]", "threads", "bogus", NULL);
	config_fails("{ 'points': [ { 'workload': 'ptl', 'threads': 0 } ] }",
		     "points[0]", "threads", NULL);
	config_fails("{ 'defaults': { 'threads': 'bogus' }, 'points': [ { 'workload': 'ptl' } ] }",
		     "threads", "bogus", NULL);
}

/* 4 hardware threads: 5 workers cannot each have one, and the run would fail late. */
static void test_err_threads_above_cpus(void **state)
{
	(void)state;
	config_fails("{ 'points': [ { 'workload': 'ptl', 'threads': [1, 5] } ] }",
		     "points[0]", "threads", "5", NULL);
	spec_fails("ptl:threads=1,5", "command line", "threads", "5", NULL);
}

static void test_err_duplicate_point(void **state)
{
	(void)state;
	/* the second entry spells out the defaults of the first */
	config_fails("{ 'points': [ { 'workload': 'ptl', 'params': { 'level': ['pte', 'pmd'] } },"
		     "              { 'workload': 'ptl', 'params': { 'pages': 8 } } ] }",
		     "points[1]", "ptl:level=pmd,placement=split,op=fault,pages=8,threads=1",
		     "twice", NULL);
	spec_fails("ptl:level=pte,placement=split,shared,split", "command line",
		   "ptl:level=pte,placement=split,op=fault,pages=8,threads=1", "twice", NULL);
}

static void test_cli_overrides_config(void **state)
{
	const char *path = write_cfg("cli.json",
		"{ 'defaults': { 'duration': 2, 'warmup': 1, 'repetitions': 3 },"
		"  'points': [ { 'workload': 'ptl', 'repetitions': 4, 'bind': 'spread' } ] }");
	struct run_opts none = { .duration = -1, .warmup = -1, .reps = 0, .bind = "" };
	struct run_opts all = { .duration = 0.25, .warmup = 0, .reps = 9, .bind = "fill-smt" };
	struct run_opts dur = { .duration = 3, .warmup = -1, .reps = 0, .bind = "" };
	struct run_opts bad = { .duration = 5000, .warmup = -1, .reps = 0, .bind = "" };
	char err[512] = "";
	struct plan p;

	(void)state;
	plan_init(&p);
	load_ok(&p, path, &none);
	assert_opts(&p.pts[0].opts, 2.0, 1.0, 4, "spread");
	plan_free(&p);

	plan_init(&p);
	load_ok(&p, path, &all);
	assert_opts(&p.pts[0].opts, 0.25, 0.0, 9, "fill-smt");
	plan_free(&p);

	plan_init(&p);
	load_ok(&p, path, &dur);
	assert_opts(&p.pts[0].opts, 3.0, 1.0, 4, "spread");
	plan_free(&p);

	plan_init(&p);
	assert_int_equal(plan_add_config(&p, path, &bad, &sys, topo, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "duration"));
	plan_free(&p);
}

static void test_spec_matrix(void **state)
{
	static const char *const ids[] = {
		"ptl:level=pmd,placement=shared,op=fault,pages=8,threads=1",
		"ptl:level=pmd,placement=shared,op=fault,pages=8,threads=2",
		"ptl:level=pmd,placement=split,op=fault,pages=8,threads=1",
		"ptl:level=pmd,placement=split,op=fault,pages=8,threads=2",
	};
	struct plan p;
	size_t i;

	(void)state;
	plan_init(&p);
	spec_ok(&p, "ptl:level=pmd,placement=shared,split,threads=1,2");
	assert_int_equal(p.n, ARRAY_SIZE(ids));
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_string_equal(p.pts[i].id, ids[i]);
		assert_int_equal(p.pts[i].nthreads, i % 2 + 1);
		assert_args_sane(&p.pts[i]);
		assert_opts(&p.pts[i].opts, 1.0, 0.5, 5, "one-per-core");
	}
	assert_string_equal(p.source, "command line");
	plan_free(&p);
}

static void test_spec_plain(void **state)
{
	struct plan p;

	(void)state;
	plan_init(&p);
	spec_ok(&p, "ptl");
	assert_int_equal(p.n, 1);
	assert_string_equal(p.pts[0].id, "ptl:level=pmd,placement=split,op=fault,pages=8,threads=1");
	spec_ok(&p, "ptl:level=hugetlb");
	assert_int_equal(p.n, 3);
	assert_string_equal(p.pts[1].id,
			    "ptl:level=hugetlb:2M,placement=split,op=fault,pages=8,threads=1");
	assert_string_equal(p.pts[2].id,
			    "ptl:level=hugetlb:1G,placement=split,op=fault,pages=8,threads=1");
	plan_free(&p);
}

static void test_spec_opts(void **state)
{
	struct plan p;

	(void)state;
	plan_init(&p);
	spec_ok(&p, "ptl:threads=1,duration=0.5,repetitions=3");
	assert_int_equal(p.n, 1);
	assert_string_equal(p.pts[0].id, "ptl:level=pmd,placement=split,op=fault,pages=8,threads=1");
	assert_opts(&p.pts[0].opts, 0.5, 0.5, 3, "one-per-core");
	spec_ok(&p, "ptl:op=mincore,warmup=0,reps=2,bind=spread,threads=ncpus");
	assert_int_equal(p.n, 2);
	assert_int_equal(p.pts[1].nthreads, NCPUS);
	assert_opts(&p.pts[1].opts, 1.0, 0.0, 2, "spread");
	plan_free(&p);
}

static void test_spec_errors(void **state)
{
	(void)state;
	spec_fails("ptl:nosuch=1", "command line", "nosuch", "no parameter", NULL);
	spec_fails("nosuch", "command line", "unknown workload", "nosuch", NULL);
	spec_fails("nosuch:level=pte", "unknown workload", "nosuch", NULL);
	spec_fails("ptl:level=pte,level=pmd", "level", "twice", NULL);
	spec_fails("ptl:level=pud", "level", "pud", NULL);
	spec_fails("ptl:level=hugetlb:3X", "level", "hugetlb:3X", NULL);
	spec_fails("ptl:pages=0", "pages", "out of range", NULL);
	spec_fails("ptl:pmd", "pmd", "key=value", NULL);
	spec_fails("ptl:duration=abc", "duration", "abc", NULL);
	spec_fails("ptl:duration=0.5,2", "duration", "one value", NULL);
	spec_fails("ptl:duration=0", "duration", "out of range", NULL);
	spec_fails("ptl:repetitions=-1", "repetitions", NULL);
	spec_fails("ptl:bind=everywhere", "bind", "everywhere", NULL);
	spec_fails("ptl:threads=bogus", "threads", "bogus", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_order),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_sweep_auto),
		cmocka_unit_test(test_big_machines),
		cmocka_unit_test(test_defaults_filled),
		cmocka_unit_test(test_config_defaults_section),
		cmocka_unit_test(test_hugetlb_expands_to_sizes),
		cmocka_unit_test(test_hugetlb_size_given),
		cmocka_unit_test(test_many_points),
		cmocka_unit_test(test_err_unknown_keys),
		cmocka_unit_test(test_err_values),
		cmocka_unit_test(test_err_types),
		cmocka_unit_test(test_err_empty),
		cmocka_unit_test(test_err_empty_string),
		cmocka_unit_test(test_err_not_json),
		cmocka_unit_test(test_err_missing_file),
		cmocka_unit_test(test_err_threads),
		cmocka_unit_test(test_err_threads_above_cpus),
		cmocka_unit_test(test_err_duplicate_point),
		cmocka_unit_test(test_cli_overrides_config),
		cmocka_unit_test(test_spec_matrix),
		cmocka_unit_test(test_spec_plain),
		cmocka_unit_test(test_spec_opts),
		cmocka_unit_test(test_spec_errors),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
