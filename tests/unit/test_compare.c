// SPDX-License-Identifier: GPL-2.0
/*
 * compare_build() on the hand-made fixtures (tests/fixtures/): statistics
 * against R's published sleep example (Welch t = -1.8608, df = 17.776,
 * p = 0.07939; wilcox.test p = 0.06933), direction of marks, one-side and
 * invalid listing, system mismatch, ignored params, the machine-speed
 * warning from the points' speed references.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/compare.h"

#define FIX	"tests/fixtures/"

static void load(struct sides *s, const char *a, const char *b)
{
	char *args[2] = { (char *)a, (char *)b };
	char err[512];

	if (sides_load(s, args, 2, err, sizeof(err)))
		fail_msg("%s", err);
}

static void build_loaded(struct comparison *c, struct sides *s, const struct cmp_opts *o)
{
	char err[512];

	if (compare_build(c, o, s->n, s->res, s->nres, err, sizeof(err)))
		fail_msg("%s", err);
}

static void build(struct comparison *c, struct sides *s, const char *a, const char *b,
		  const char *const *ignore)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1, .ignore = ignore };

	load(s, a, b);
	build_loaded(c, s, &o);
}

static void test_sleep(void **state)
{
	struct comparison c;
	struct sides s;
	const struct cmp_row *r;

	(void)state;
	build(&c, &s, FIX "sleep-1.json", FIX "sleep-2.json", NULL);
	assert_int_equal(c.tables[0].nrows, 1);
	r = &c.tables[0].rows[0];
	/* NEW - BASE: the sign is flipped from R's group1 - group2 */
	assert_true(fabs(r->t - 1.8608) < 5e-5);
	assert_true(fabs(r->df - 17.776) < 5e-4);
	assert_true(fabs(r->p - 0.07939) < 5e-6);
	assert_true(fabs(r->mw_p - 0.06933) < 5e-6);
	assert_true(fabs(r->q - r->p) < 1e-15);	/* one test: q = p */
	assert_int_equal(r->verdict, CMP_NONE);
	assert_int_equal(compare_serious(&c), 0);
	compare_free(&c);
	sides_free(&s);
}

static void assert_geometric(const struct cmp_stat *st)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < st->s.n; i++)
		sum += log(st->samples[i]);
	assert_true(st->log && st->s.geometric);
	assert_true(fabs(st->s.mean - exp(sum / (double)st->s.n)) < 1e-12 * st->s.mean);
	assert_true(st->s.ci95_lo > 0);
}

static void test_full(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i, worse = 0, tested_ops = 0;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json", NULL);
	assert_int_equal(c.tables[0].nonly, 1);
	assert_int_equal(c.tables[0].only[0].side, 1);
	assert_int_equal(c.tables[0].ninvalid, 1);
	assert_non_null(strstr(c.tables[0].invalid[0].why, "fell back"));
	for (i = 0; i < c.tables[0].nrows; i++) {
		const struct cmp_row *r = &c.tables[0].rows[i];

		/* one figure, one test: ns_per_op is ops_per_sec inverted */
		if (!strcmp(r->metric, "ns_per_op"))
			assert_false(r->tested);
		/* a ratio is one figure: its mean is geometric, as in the file */
		if (r->base.derived)
			assert_geometric(&r->base);
		if (!strcmp(r->metric, "ops_per_sec") && !strcmp(r->pb->workload, "ptl"))
			tested_ops += r->tested;
		if (r->verdict == CMP_NONE)
			continue;
		assert_true(r->q < CMP_ALPHA);
		/* direction: up is better exactly when higher is better */
		assert_int_equal(r->verdict == CMP_BETTER,
				 (r->new.s.mean > r->base.s.mean) == !!r->higher_is_better);
		worse += r->verdict == CMP_WORSE;
	}
	/* kernel-b's ptl is ~9% slower with 2% noise: flagged */
	assert_true(worse > 10);
	assert_true(tested_ops >= 10);
	compare_free(&c);
	sides_free(&s);
}

/*
 * By default a side of one run is not tested: the same fixtures that flag
 * more than ten WORSE with --within-run (test_full) mark nothing, keep
 * their values and change, and say why once.
 */
static void test_single_run(void **state)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	struct comparison c;
	struct sides s;
	size_t i, single = 0, warned = 0;

	(void)state;
	load(&s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	build_loaded(&c, &s, &o);
	for (i = 0; i < c.tables[0].nrows; i++) {
		const struct cmp_row *r = &c.tables[0].rows[i];

		assert_false(r->tested);
		assert_int_equal(r->verdict, CMP_NONE);
		single += r->single_run;
		if (r->single_run)
			assert_true(isfinite(r->change));
	}
	assert_true(single >= 10);
	assert_int_equal(c.tables[0].nsingle, single);
	assert_int_equal(c.tables[0].ntests, 0);
	assert_int_equal(c.tables[0].nsig, 0);
	for (i = 0; i < c.nwarn; i++)
		warned += strstr(c.warnings[i], "figures not tested: one run a side") != NULL;
	assert_int_equal(warned, 1);
	compare_free(&c);
	sides_free(&s);
}

/*
 * A ratio with a sample of 0 on one side cannot go on the log scale: both
 * sides then compare on the linear one (arithmetic means), never a
 * geometric mean against an arithmetic one.
 */
static void test_ratio_mixed_scale(void **state)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1 };
	struct comparison c;
	struct sides s;
	size_t i, j, seen = 0;

	(void)state;
	load(&s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	for (i = 0; i < s.res[1][0]->npoints; i++)
		for (j = 0; j < s.res[1][0]->points[i].nmetrics; j++) {
			struct res_metric *m = &s.res[1][0]->points[i].metrics[j];

			if (!strcmp(m->name, "split_benefit"))
				((double *)m->samples)[0] = 0;
		}
	build_loaded(&c, &s, &o);
	for (i = 0; i < c.tables[0].nrows; i++) {
		const struct cmp_row *r = &c.tables[0].rows[i];

		if (strcmp(r->metric, "split_benefit") || !r->new.present)
			continue;
		assert_false(r->base.log || r->new.log || r->base.s.geometric || r->new.s.geometric);
		seen++;
	}
	assert_true(seen > 0);
	compare_free(&c);
	sides_free(&s);
}

static void test_systems(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i;
	int thp = 0;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "thp-always.json", NULL);
	assert_true(compare_serious(&c) >= 1);
	for (i = 0; i < c.ndiffs; i++)
		thp |= !strcmp(c.diffs[i].field, "system.thp.selected") && c.diffs[i].serious;
	assert_true(thp);
	compare_free(&c);
	sides_free(&s);
}

static void test_ignore(void **state)
{
	static const char *const ign[] = { "inject_ns", NULL };
	struct comparison c;
	struct sides s;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json", ign);
	assert_null(strstr(c.tables[0].rows[0].pb->id, "inject_ns"));
	assert_non_null(strstr(c.tables[0].rows[0].pb->id, "threads="));
	compare_free(&c);
	sides_free(&s);
}

static void test_bad_file(void **state)
{
	char *args[1] = { FIX "make-fixtures.py" };
	char err[512] = "";
	struct sides s;

	(void)state;
	assert_int_equal(sides_load(&s, args, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not valid JSON"));
	sides_free(&s);
}

/* Give side's every point a speed reference of these samples. */
static void set_speed(struct sides *s, size_t side, double a, double b)
{
	size_t i, j;

	for (i = 0; i < s->nres[side]; i++)
		for (j = 0; j < s->res[side][i]->npoints; j++) {
			json_t *h = json_object_get(s->res[side][i]->points[j].json, "harness");

			if (!h) {
				h = json_object();
				json_object_set_new(s->res[side][i]->points[j].json, "harness", h);
			}
			json_object_set_new(h, "speed_reference",
					    json_pack("{s:s, s:[f, f]}", "unit", "GB/s", "samples", a, b));
		}
}

static int warned_speed(const struct comparison *c)
{
	size_t i;

	for (i = 0; i < c->nwarn; i++)
		if (strstr(c->warnings[i], "by its speed reference"))
			return 1;
	return 0;
}

static void build_speed(struct comparison *c, struct sides *s, double base, double new)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1 };

	load(s, FIX "sleep-1.json", FIX "sleep-2.json");
	if (base > 0)
		set_speed(s, 0, base, base);
	if (new > 0)
		set_speed(s, 1, new * 0.99, new * 1.01);
	build_loaded(c, s, &o);
}

static void test_speed(void **state)
{
	struct comparison c;
	struct sides s;

	(void)state;
	/* the machine ran 10% slower under B: said, with the figure */
	build_speed(&c, &s, 100, 90);
	assert_int_equal(c.tables[0].speed_n, 1);
	assert_true(fabs(c.tables[0].speed_median - 0.9) < 1e-9);
	assert_true(warned_speed(&c));
	compare_free(&c);
	sides_free(&s);
	/* 1% is within the machine's steadiness: no warning, the figure kept */
	build_speed(&c, &s, 100, 101);
	assert_int_equal(c.tables[0].speed_n, 1);
	assert_true(fabs(c.tables[0].speed_median - 1.01) < 1e-9);
	assert_false(warned_speed(&c));
	compare_free(&c);
	sides_free(&s);
	/* one side without a reference (an older file): no figure, no warning */
	build_speed(&c, &s, 100, 0);
	assert_int_equal(c.tables[0].speed_n, 0);
	assert_false(warned_speed(&c));
	compare_free(&c);
	sides_free(&s);
}

/*
 * Samples proportional to the machine's speed (base 100 x r, new 90 x r,
 * r different on each side): adjusted, the rows read exactly -10% with
 * slope 1; unadjusted they do not. Samples that are not all positive
 * (the sleep data has zeros and negatives) are left unadjusted.
 */
static json_t *harness_of(json_t *point)
{
	if (!json_object_get(point, "harness"))
		json_object_set_new(point, "harness", json_object());
	return json_object_get(point, "harness");
}

/*
 * Both references per sample; scale > 0 also makes the samples scale x
 * the one named drive, while the other wanders on its own.
 */
static void set_run(struct sides *s, size_t side, double scale, double phase, const char *drive)
{
	struct res_point *p = &s->res[side][0]->points[0];
	double *x = (double *)p->metrics[0].samples;
	json_t *a = json_array(), *b = json_array();
	size_t i;

	for (i = 0; i < p->metrics[0].n; i++) {
		double r = 1 + 0.2 * sin((double)i + phase);

		if (scale > 0)
			x[i] = scale * r;
		json_array_append_new(a, json_real(r * 50));
		json_array_append_new(b, json_real(50 + 10 * cos(3.0 * (double)i + phase)));
	}
	json_object_set_new(harness_of(p->json), drive, json_pack("{s:o}", "samples", a));
	json_object_set_new(harness_of(p->json), strcmp(drive, "speed_reference") ?
			    "speed_reference" : "footprint_reference", json_pack("{s:o}", "samples", b));
}

/* Each side's buffer size of reference key (0: not said). */
static void set_bytes(struct sides *s, const char *key, int a, int b)
{
	size_t side;

	for (side = 0; side < 2; side++) {
		json_t *h = harness_of(s->res[side][0]->points[0].json);

		json_object_set_new(json_object_get(h, key), "bytes", json_integer(side ? b : a));
	}
}

static void build_adjust_sized(struct comparison *c, struct sides *s, int adjust, int positive,
			       const char *drive, int bytes_a, int bytes_b)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1, .speed_adjust = adjust };

	load(s, FIX "sleep-1.json", FIX "sleep-2.json");
	if (positive) {
		set_run(s, 0, 100, 0, drive);
		set_run(s, 1, 90, 1.3, drive);
	} else {
		set_run(s, 0, 0, 0, drive);
		set_run(s, 1, 0, 1.3, drive);
	}
	if (bytes_a)
		set_bytes(s, drive, bytes_a, bytes_b);
	build_loaded(c, s, &o);
}

static void build_adjust(struct comparison *c, struct sides *s, int adjust, int positive,
			 const char *drive)
{
	build_adjust_sized(c, s, adjust, positive, drive, 0, 0);
}

static void test_speed_adjust(void **state)
{
	struct comparison c;
	struct sides s;
	const struct cmp_row *r;

	(void)state;
	build_adjust(&c, &s, 1, 1, "speed_reference");
	r = &c.tables[0].rows[0];
	assert_int_equal(r->speed_adjusted, 1);
	assert_string_equal(cmp_ref_names[r->speed_adj.ref], "cache");
	assert_true(fabs(r->speed_adj.slope - 1) < 1e-9);
	assert_true(fabs(r->speed_adj.removed - 1) < 1e-9);
	assert_true(fabs(r->change + 0.1) < 1e-9);
	compare_free(&c);
	sides_free(&s);
	/* the footprint reference is the one the samples follow: it is taken */
	build_adjust(&c, &s, 1, 1, "footprint_reference");
	r = &c.tables[0].rows[0];
	assert_int_equal(r->speed_adjusted, 1);
	assert_string_equal(cmp_ref_names[r->speed_adj.ref], "footprint");
	assert_true(fabs(r->speed_adj.slope - 1) < 1e-9);
	assert_true(fabs(r->change + 0.1) < 1e-9);
	compare_free(&c);
	sides_free(&s);
	/* the same, but the sides filled buffers of two sizes: not one figure, not taken */
	build_adjust_sized(&c, &s, 1, 1, "footprint_reference", 1 << 20, 2 << 20);
	r = &c.tables[0].rows[0];
	assert_false(r->speed_adjusted && r->speed_adj.ref == 1);
	compare_free(&c);
	sides_free(&s);
	build_adjust(&c, &s, 0, 1, "speed_reference");
	r = &c.tables[0].rows[0];
	assert_int_equal(r->speed_adjusted, 0);
	assert_true(fabs(r->change + 0.1) > 0.01);
	compare_free(&c);
	sides_free(&s);
	/* the sleep data as it is (zeros, negatives), a reference per sample */
	build_adjust(&c, &s, 1, 0, "speed_reference");
	assert_int_equal(c.tables[0].rows[0].speed_adjusted, 0);
	compare_free(&c);
	sides_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_single_run),
		cmocka_unit_test(test_ratio_mixed_scale),
		cmocka_unit_test(test_systems),
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_bad_file),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_speed_adjust),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
