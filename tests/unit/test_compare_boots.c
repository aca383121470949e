// SPDX-License-Identifier: GPL-2.0
/*
 * The boot level of compare (analysis/compare_boots.c): runs that name
 * their boot (system.boot_id) are grouped by it, boots become the top
 * level of a side's estimate, the rows and JSON say each level's spread,
 * and a comparison of one boot a side, not the same one, says that the
 * boot's share rides in the difference.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "analysis/compare.h"
#include "tmpdir.h"

#define FIX	"tests/fixtures/"
#define RUNS	4

static char dir[] = "/tmp/ptbench-test-boots.XXXXXX";

/* side/runN.json: the sleep fixture from boot ids[N], its samples 100 + off[N] + a pattern. */
static void write_side(const char *side, const char *const *ids, const double *off)
{
	static const double pattern[] = { 0.1, -0.2, 0.05, 0.15, -0.1, 0, 0.2, -0.15, 0.1, -0.05 };
	char path[512], name[32];
	size_t r, j;

	snprintf(path, sizeof(path), "%s/%s", dir, side);
	assert_int_equal(mkdir(path, 0700), 0);
	for (r = 0; r < RUNS; r++) {
		json_t *root = json_load_file(FIX "sleep-1.json", 0, NULL), *x = json_array();

		assert_non_null(root);
		json_object_set_new(json_object_get(root, "system"), "boot_id", json_string(ids[r]));
		for (j = 0; j < 10; j++)
			json_array_append_new(x, json_real(100 + off[r] + pattern[j]));
		json_object_set_new(json_object_get(json_object_get(json_array_get(json_object_get(
			root, "points"), 0), "metrics"), "extra"), "samples", x);
		snprintf(name, sizeof(name), "%s/run%zu.json", side, r);
		assert_int_equal(json_dump_file(root, tmpdir_at(dir, name), 0), 0);
		json_decref(root);
	}
}

static void build(struct comparison *c, struct sides *s)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	char *args[2], a[512], b[512], err[512];

	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	args[0] = a;
	args[1] = b;
	if (sides_load(s, args, 2, err, sizeof(err)))
		fail_msg("%s", err);
	if (compare_build(c, &o, s->n, s->res, s->nres, err, sizeof(err)))
		fail_msg("%s", err);
}

static size_t warned(const struct comparison *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nwarn; i++)
		n += strstr(c->warnings[i], "each side is one boot") != NULL;
	return n;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return tmpdir_remove(dir);
}

static void fresh(void)
{
	tmpdir_remove(dir);
	assert_int_equal(mkdir(dir, 0700), 0);
}

/* Two boots of two runs a side, the boots 5% apart: the boots are the top level. */
static void test_two_boots(void **state)
{
	static const char *const ia[RUNS] = { "a1", "a1", "a2", "a2" }, *const ib[RUNS] = {
		"b1", "b1", "b2", "b2" };
	static const double off[RUNS] = { 0, 0.3, 5, 5.3 };
	const struct cmp_row *r;
	struct comparison c;
	struct sides s;
	json_t *j, *lv;

	(void)state;
	fresh();
	write_side("a", ia, off);
	write_side("b", ib, off);
	build(&c, &s);
	r = &c.tables[0].rows[0];
	assert_true(r->tested && r->by_runs);
	assert_int_equal(r->base.nboots, 2);
	assert_true(r->lv[0].boots == 2 && r->lv[0].boot_level && r->lv[1].boot_level);
	/* two boot means a side: one df each, a boot spread far above the runs' */
	assert_true(fabs(r->df - 2) < 1e-9);
	assert_true(r->lv[0].boot_cv > 10 * r->lv[0].run_cv);
	assert_int_equal(c.tables[0].nboot_level, 1);
	assert_int_equal(warned(&c), 0);
	j = cmp_row_json(r);
	lv = json_object_get(json_object_get(j, "levels"), "base");
	assert_int_equal(json_integer_value(json_object_get(lv, "boots")), 2);
	assert_true(json_is_true(json_object_get(lv, "boot_level")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
		json_object_get(j, "base"), "runs"), 2), "boot")), 1);
	json_decref(j);
	compare_free(&c);
	sides_free(&s);
}

/* One boot a side, two different boots: tested by runs, and the warning. */
static void test_one_boot_each(void **state)
{
	static const char *const ia[RUNS] = { "a1", "a1", "a1", "a1" }, *const ib[RUNS] = {
		"b1", "b1", "b1", "b1" };
	static const double off[RUNS] = { 0, 0.3, 0.1, 0.2 };
	struct comparison c;
	struct sides s;

	(void)state;
	fresh();
	write_side("a", ia, off);
	write_side("b", ib, off);
	build(&c, &s);
	assert_true(c.tables[0].rows[0].tested && c.tables[0].rows[0].lv[0].boots == 1);
	assert_false(c.tables[0].rows[0].lv[0].boot_level);
	assert_int_equal(warned(&c), 1);
	compare_free(&c);
	sides_free(&s);
	/* both sides in the same boot (an A/A in one session): nothing to say */
	fresh();
	write_side("a", ia, off);
	write_side("b", ia, off);
	build(&c, &s);
	assert_int_equal(warned(&c), 0);
	compare_free(&c);
	sides_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_boots),
		cmocka_unit_test(test_one_boot_each),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
