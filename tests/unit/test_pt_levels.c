// SPDX-License-Identifier: GPL-2.0
/*
 * The levels a GUP-fast range crosses (workloads/pt_levels.c, gup_cross.c):
 * which boundaries are inside the top table's reach and which levels are
 * folded, for the layouts of the 2020 s390 bug (3 levels: a 2 GiB pud
 * boundary through the folded pud and p4d; 4 levels: a 4 TiB p4d boundary)
 * and x86's 4 and 5 levels; s390's levels growing with what the process
 * mapped; a cross point's buffer of k pages each side, in leaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "workloads/gup.h"
#include "workloads/pt_levels.h"

#define K	1024ULL
#define M	(K * K)
#define G	(M * K)
#define T	(G * K)

static struct pt_levels layout(int live, uint64_t pmd, uint64_t pud, uint64_t p4d, uint64_t pgd)
{
	struct pt_levels l;

	memset(&l, 0, sizeof(l));
	l.built = 5;
	l.live = live;
	l.span[PT_PMD] = pmd;
	l.span[PT_PUD] = pud;
	l.span[PT_P4D] = p4d;
	l.span[PT_PGD] = pgd;
	return l;
}

static void test_s390_layouts(void **state)
{
	struct pt_levels l = layout(3, 1 * M, 2 * G, 4 * T, 8192 * T);
	char buf[64];

	(void)state;
	/* 3 levels: the 2 GiB boundary is the top table's, through folded pud and p4d */
	assert_true(pt_level_reachable(&l, PT_PMD));
	assert_true(pt_level_reachable(&l, PT_PUD));
	assert_false(pt_level_reachable(&l, PT_P4D));
	assert_true(pt_level_folded(&l, PT_PUD));
	assert_true(pt_level_folded(&l, PT_P4D));
	assert_false(pt_level_folded(&l, PT_PMD));
	assert_string_equal(pt_folded_names(&l, buf, sizeof(buf)), "p4d, pud");
	/* 4 levels: the 4 TiB boundary, through the folded p4d; pud is a table now */
	l.live = 4;
	assert_true(pt_level_reachable(&l, PT_P4D));
	assert_false(pt_level_reachable(&l, PT_PGD));
	assert_true(pt_level_folded(&l, PT_P4D));
	assert_false(pt_level_folded(&l, PT_PUD));
	assert_string_equal(pt_folded_names(&l, buf, sizeof(buf)), "p4d");
	l.live = 5;
	assert_true(pt_level_reachable(&l, PT_PGD));
	assert_false(pt_level_folded(&l, PT_PGD));
	assert_string_equal(pt_folded_names(&l, buf, sizeof(buf)), "");
}

static void test_no_such_level(void **state)
{
	/* ppc64 radix 64K: no P4D table in the profile, so no PGD span */
	struct pt_levels l = layout(4, 2 * M, 1 * G, 512 * G, 0);

	(void)state;
	assert_true(pt_level_reachable(&l, PT_P4D));
	assert_false(pt_level_reachable(&l, PT_PGD));
	assert_false(pt_level_reachable(&l, PT_NONE));
}

/* s390: a process that mapped above 4 TiB walks 4 levels, above 8 PiB 5, and never fewer again. */
static void test_asce_grows(void **state)
{
	struct wl_sys sys = {
		.page_size = 4096, .pte_table_span = 1 * M, .pud_size = 2 * G,
		.p4d_size = 4 * T, .pgd_size = 8192 * T, .levels = 5,
		.level_probe = WL_LEVELS_ASCE,
	};
	struct pt_levels l;
	char why[256];

	(void)state;
	assert_int_equal(pt_levels_read(&sys, &l, why, sizeof(why)), 0);
	assert_true(l.live >= 3 && l.live <= 5);
	pt_levels_mapped(8192 * T + 4096);
	assert_int_equal(pt_levels_read(&sys, &l, why, sizeof(why)), 0);
	assert_int_equal(l.live, 5);
	sys.levels = 3;		/* the profile's default: what was mapped says more */
	assert_int_equal(pt_levels_read(&sys, &l, why, sizeof(why)), 0);
	assert_int_equal(l.live, 5);
	assert_int_equal(l.built, 5);
	sys.levels = 1;
	assert_int_equal(pt_levels_read(&sys, &l, why, sizeof(why)), -1);
}

static void test_static(void **state)
{
	struct wl_sys sys = { .page_size = 65536, .levels = 4, .level_probe = WL_LEVELS_STATIC };
	struct pt_levels l;
	char why[256];

	(void)state;
	assert_int_equal(pt_levels_read(&sys, &l, why, sizeof(why)), 0);
	assert_int_equal(l.live, 4);
}

/* k = pages_per_call / 2 pages each side, each side rounded up to whole leaves. */
static void test_cross_len(void **state)
{
	struct gup_cfg c = { .ppc = 16, .page_size = 4096, .call_bytes = 16 * 4096 };

	(void)state;
	assert_int_equal(gup_cross_len(&c, 4096), 64 * K);
	assert_int_equal(gup_cross_len(&c, 2 * M), 4 * M);
	assert_int_equal(gup_cross_len(&c, 1 * G), 2 * G);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_s390_layouts),
		cmocka_unit_test(test_no_such_level),
		cmocka_unit_test(test_asce_grows),
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_cross_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
