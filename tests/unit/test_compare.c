// SPDX-License-Identifier: GPL-2.0
/*
 * compare_build() on the hand-made fixtures (tests/fixtures/): statistics
 * against R's published sleep example (Welch t = -1.8608, df = 17.776,
 * p = 0.07939; wilcox.test p = 0.06933), direction of marks, one-side and
 * invalid listing, system mismatch, ignored params.
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

static void build(struct comparison *c, struct sides *s, const char *a, const char *b,
		  const char *const *ignore)
{
	char *args[2] = { (char *)a, (char *)b };
	struct cmp_opts o = { .alpha = CMP_ALPHA, .ignore = ignore };
	char err[512];

	if (sides_load(s, args, 2, err, sizeof(err)))
		fail_msg("%s", err);
	if (compare_build(c, &o, s->n, s->res, s->nres, err, sizeof(err)))
		fail_msg("%s", err);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_systems),
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_bad_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
