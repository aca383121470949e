// SPDX-License-Identifier: GPL-2.0
/*
 * Arch profiles: the shipped profiles in configs/arch load, and the spans of
 * one page table and of one page-table lock derived from them match the
 * kernel's geometry for every arch and base page size (see the "notes" of
 * each profile). Malformed profiles are refused with the file, field and
 * reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "bench/host/archprof.h"
#include "workloads/workload.h"
#include "lib/util.h"

#define K	(1ULL << 10)
#define M	(1ULL << 20)
#define G	(1ULL << 30)
#define T	(1ULL << 40)

static char tmpdir[] = "/tmp/ptbench-test-archprof.XXXXXX";

struct want {
	uint64_t page_size;
	int levels;
	uint64_t pte_span, pte_lock_span;
	uint64_t pmd_span, pmd_lock_span;
	int split_pmd_lock;
};

static int group_setup(void **state)
{
	(void)state;
	/* the shipped profiles are found relative to the repo root */
	setenv("PTBENCH_DATADIR", ".", 1);
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmpdir);
}

static void load_ok(const char *arch, struct archprof *p)
{
	char err[512] = "";

	if (archprof_load(arch, p, err, sizeof(err)))
		fail_msg("archprof_load(%s): %s", arch, err);
	assert_string_equal(p->arch, arch);
}

static void check_geom(const struct archprof *p, const struct want *w)
{
	const struct pt_geom *g = archprof_geom(p, w->page_size);
	char ps[24];

	fmt_size(w->page_size, ps, sizeof(ps));
	if (!g)
		fail_msg("%s: no geometry for %s pages", p->arch, ps);
	if (g->levels != w->levels || g->pte_span != w->pte_span ||
	    g->pte_lock_span != w->pte_lock_span || g->pmd_span != w->pmd_span ||
	    g->pmd_lock_span != w->pmd_lock_span || g->split_pmd_lock != w->split_pmd_lock)
		fail_msg("%s %s: levels %d pte_span %#llx/%#llx lock %#llx/%#llx "
			 "pmd_span %#llx/%#llx lock %#llx/%#llx split %d/%d (got/want)",
			 p->arch, ps, g->levels, (unsigned long long)g->pte_span,
			 (unsigned long long)w->pte_span, (unsigned long long)g->pte_lock_span,
			 (unsigned long long)w->pte_lock_span, (unsigned long long)g->pmd_span,
			 (unsigned long long)w->pmd_span, (unsigned long long)g->pmd_lock_span,
			 (unsigned long long)w->pmd_lock_span, g->split_pmd_lock, w->split_pmd_lock);
}

/* Every geometry the profile lists must be one of want[]. */
static void check_profile(const char *arch, const struct want *want, int n)
{
	struct archprof p;
	int i;

	load_ok(arch, &p);
	assert_int_equal(p.ngeom, n);
	for (i = 0; i < n; i++)
		check_geom(&p, &want[i]);
	assert_null(archprof_geom(&p, 8 * K));
	assert_non_null(archprof_line(&p, "function_call"));
}

static void test_x86_64(void **state)
{
	static const struct want w[] = {
		{ 4 * K, 4, 2 * M, 2 * M, 1 * G, 1 * G, 1 },
	};
	struct archprof p;

	(void)state;
	check_profile("x86_64", w, 1);
	load_ok("x86_64", &p);
	assert_string_equal(archprof_line(&p, "function_call"), "CAL");
	assert_string_equal(archprof_line(&p, "tlb_shootdown"), "TLB");
	assert_null(archprof_line(&p, "nosuch"));
	assert_null(archprof_geom(&p, 64 * K));
}

static void test_arm64(void **state)
{
	static const struct want w[] = {
		{ 4 * K, 4, 2 * M, 2 * M, 1 * G, 1 * G, 1 },
		{ 16 * K, 4, 32 * M, 32 * M, 64 * G, 64 * G, 1 },
		{ 64 * K, 3, 512 * M, 512 * M, 4 * T, 4 * T, 1 },
	};
	struct archprof p;

	(void)state;
	check_profile("arm64", w, 3);
	load_ok("arm64", &p);
	/* by description: the IPI<n> numbering changed between 6.1 and 6.12 for n >= 3 */
	assert_string_equal(archprof_line(&p, "function_call"), "IPI*");
	assert_string_equal(p.lines[1].pat.desc, "Function call interrupts");
	assert_int_equal(p.rcu_table_free, 1);
	/* broadcast TLBI: no TLB shoot-down line */
	assert_null(archprof_line(&p, "tlb_shootdown"));
}

/*
 * Radix: 256-byte PTE fragments (32 entries) and 4K PMD fragments (512
 * entries) of a 64K page share the page's lock: 256 and 16 tables.
 */
static void test_ppc64le(void **state)
{
	static const struct want w[] = {
		{ 64 * K, 4, 2 * M, 512 * M, 1 * G, 16 * G, 1 },
		{ 4 * K, 4, 2 * M, 2 * M, 1 * G, 1 * G, 1 },
	};

	(void)state;
	check_profile("ppc64le", w, 2);
}

/* 2K PTE tables (256 entries), two to a page; 16K segment tables (2048 entries). */
static void test_s390x(void **state)
{
	static const struct want w[] = {
		{ 4 * K, 3, 1 * M, 2 * M, 2 * G, 2 * G, 1 },
	};

	(void)state;
	check_profile("s390x", w, 1);
}

static void test_load_file_direct(void **state)
{
	struct archprof p;
	char err[512] = "";

	(void)state;
	assert_int_equal(archprof_load_file("configs/arch/arm64.json", &p, err, sizeof(err)), 0);
	assert_int_equal(p.ngeom, 3);
	assert_true(p.ntp > 0);
	assert_non_null(strchr(p.tracepoints[0], ':'));
	assert_int_equal(archprof_load("nosuch-arch", &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "configs/arch/nosuch-arch.json"));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(archprof_name("x86_64"), "x86_64");
	assert_string_equal(archprof_name("aarch64"), "arm64");
	assert_string_equal(archprof_name("arm64"), "arm64");
	assert_string_equal(archprof_name("ppc64le"), "ppc64le");
	assert_string_equal(archprof_name("s390x"), "s390x");
	assert_null(archprof_name("riscv64"));
	assert_null(archprof_name("i686"));
	assert_null(archprof_name(""));
}

static void derive_ok(struct pt_geom *g)
{
	if (pt_geom_derive(g))
		fail_msg("pt_geom_derive(page %llu, pte %llu, pmd %llu) refused",
			 (unsigned long long)g->page_size, (unsigned long long)g->pte_table_bytes,
			 (unsigned long long)g->pmd_table_bytes);
}

static void test_derive_by_hand(void **state)
{
	/* arm64 64K with 42-bit VA: 2 levels, the PMD folded into the PGD */
	struct pt_geom g = {
		.page_size = 64 * K, .levels = 2, .pte_table_bytes = 64 * K,
		.pmd_table_bytes = 64 * K, .split_pmd_lock = 1,
	};

	(void)state;
	derive_ok(&g);
	assert_int_equal(g.split_pmd_lock, 0);
	assert_true(g.pte_span == 512 * M && g.pte_lock_span == 512 * M);

	/* 3 levels keep what the profile says, either way */
	g = (struct pt_geom){ .page_size = 4 * K, .levels = 3, .pte_table_bytes = 4 * K,
			      .pmd_table_bytes = 4 * K, .split_pmd_lock = 1 };
	derive_ok(&g);
	assert_int_equal(g.split_pmd_lock, 1);
	g.split_pmd_lock = 0;
	derive_ok(&g);
	assert_int_equal(g.split_pmd_lock, 0);

	/* hash-MMU-like 64K: 2K of PTEs a table, 4 fragments of a page */
	g = (struct pt_geom){ .page_size = 64 * K, .levels = 4, .pte_table_bytes = 2 * K,
			      .pmd_table_bytes = 16 * K, .split_pmd_lock = 1 };
	derive_ok(&g);
	assert_true(g.pte_span == 16 * M && g.pte_lock_span == 512 * M);
	assert_true(g.pmd_span == 32 * G && g.pmd_lock_span == 128 * G);

	/* tables larger than a page (s390 segment tables): one lock per table */
	g = (struct pt_geom){ .page_size = 4 * K, .levels = 3, .pte_table_bytes = 4 * K,
			      .pmd_table_bytes = 16 * K };
	derive_ok(&g);
	assert_true(g.pmd_span == 4 * G && g.pmd_lock_span == 4 * G);
}

/* The spans a GUP-fast range can cross, from the shipped profiles (gup cross=). */
static void upper_spans(const char *arch, uint64_t page, uint64_t pud, uint64_t p4d, int probe)
{
	const struct pt_geom *g;
	struct archprof p;

	load_ok(arch, &p);
	g = archprof_geom(&p, page);
	assert_non_null(g);
	if (g->pud_span != pud || g->p4d_span != p4d)
		fail_msg("%s %llu: P4D entry %#llx/%#llx, PGD entry %#llx/%#llx (got/want)", arch,
			 (unsigned long long)page, (unsigned long long)g->pud_span,
			 (unsigned long long)pud, (unsigned long long)g->p4d_span,
			 (unsigned long long)p4d);
	assert_int_equal(p.level_probe, probe);
}

static void test_upper_spans(void **state)
{
	(void)state;
	/* x86: 512 GiB a P4D entry, 256 TiB a PGD entry with 5 levels */
	upper_spans("x86_64", 4 * K, 512 * G, 256 * T, WL_LEVELS_LA57);
	upper_spans("arm64", 4 * K, 512 * G, 256 * T, WL_LEVELS_VA52);
	upper_spans("arm64", 16 * K, 128 * T, 0, WL_LEVELS_VA52);
	upper_spans("arm64", 64 * K, 0, 0, WL_LEVELS_VA52);
	/* radix 64K: PUD table 512 GiB; no P4D table (folded at build time) */
	upper_spans("ppc64le", 64 * K, 512 * G, 0, WL_LEVELS_STATIC);
	/* s390: region-third entries 2 GiB, region-second 4 TiB, region-first 8 PiB */
	upper_spans("s390x", 4 * K, 4 * T, 8192 * T, WL_LEVELS_ASCE);
}

static void test_derive_rejects(void **state)
{
	static const struct {
		uint64_t page, pte, pmd;
	} bad[] = {
		{ 3000, 4096, 4096 }, { 4096, 3000, 4096 }, { 4096, 4096, 4097 },
		{ 0, 4096, 4096 }, { 4096, 0, 4096 }, { 4096, 4096, 0 },
		{ 4096, 4, 4096 },	/* less than one 8-byte entry */
		{ 4096, 4096, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct pt_geom g = {
			.page_size = bad[i].page, .levels = 4,
			.pte_table_bytes = bad[i].pte, .pmd_table_bytes = bad[i].pmd,
		};

		if (pt_geom_derive(&g) != -1)
			fail_msg("pt_geom_derive(page %llu, pte %llu, pmd %llu) accepted",
				 (unsigned long long)bad[i].page, (unsigned long long)bad[i].pte,
				 (unsigned long long)bad[i].pmd);
	}
}

static const char *write_profile(const char *text)
{
	static char path[256];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/bad.json", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	/* single quotes in this file, for legibility */
	for (i = 0; text[i]; i++)
		fputc(text[i] == '\'' ? '"' : text[i], f);
	assert_int_equal(fclose(f), 0);
	return path;
}

#define GEOM_4K	"{ 'page_size': '4K', 'levels': 4, 'pte_table_bytes': 4096," \
		" 'pmd_table_bytes': 4096 }"

/* A profile that must be refused: the error names the file and each needle. */
static void profile_fails(const char *text, ...)
{
	const char *path = write_profile(text), *needle;
	char err[512] = "";
	struct archprof p;
	va_list ap;

	if (archprof_load_file(path, &p, err, sizeof(err)) != -1)
		fail_msg("profile accepted: %s", text);
	if (!strstr(err, path))
		fail_msg("error \"%s\" does not name %s", err, path);
	va_start(ap, text);
	while ((needle = va_arg(ap, const char *)))
		if (!strstr(err, needle))
			fail_msg("%s: error \"%s\" lacks \"%s\"", text, err, needle);
	va_end(ap);
}

static void test_minimal_profile(void **state)
{
	const char *path = write_profile("{ 'arch': 'toy', 'page_sizes': [ " GEOM_4K " ],"
					 "  'interrupt_lines': { 'function_call': 'CAL' } }");
	struct archprof p;
	char err[512] = "";

	(void)state;
	assert_int_equal(archprof_load_file(path, &p, err, sizeof(err)), 0);
	assert_string_equal(p.arch, "toy");
	assert_int_equal(p.ntp, 0);
	/* split_pmd_lock defaults to true */
	assert_int_equal(archprof_geom(&p, 4 * K)->split_pmd_lock, 1);
}

static void test_malformed(void **state)
{
	(void)state;
	profile_fails("{ 'arch': 'x', 'page_sizes': [ " GEOM_4K " ], 'interrupt_lines': {},"
		      "  'bogus': 1 }", "unknown key", "bogus", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ { 'page_size': 'abc', 'levels': 4,"
		      "  'pte_table_bytes': 4096, 'pmd_table_bytes': 4096 } ], 'interrupt_lines': {} }",
		      "page_sizes[0]", "page_size", "abc", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ " GEOM_4K " ] }",
		      "missing key", "interrupt_lines", NULL);
	profile_fails("{ 'page_sizes': [ " GEOM_4K " ], 'interrupt_lines': {} }",
		      "missing key", "arch", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [], 'interrupt_lines': {} }",
		      "page_sizes", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ " GEOM_4K ", { 'page_size': '64K',"
		      "  'levels': 3, 'pte_table_bytes': 65536, 'pmd_table_bytes': 65536, 'pgd': 1 } ],"
		      "  'interrupt_lines': {} }",
		      "page_sizes[1]", "unknown key", "pgd", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ { 'page_size': '4K', 'levels': 4,"
		      "  'pte_table_bytes': 3000, 'pmd_table_bytes': 4096 } ], 'interrupt_lines': {} }",
		      "page_sizes[0]", "power", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ { 'page_size': '4K', 'levels': 6,"
		      "  'pte_table_bytes': 4096, 'pmd_table_bytes': 4096 } ], 'interrupt_lines': {} }",
		      "page_sizes[0]", "levels", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ { 'page_size': '4K', 'levels': 4,"
		      "  'pmd_table_bytes': 4096 } ], 'interrupt_lines': {} }",
		      "page_sizes[0]", "pte_table_bytes", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ " GEOM_4K " ],"
		      "  'interrupt_lines': { 'function_call': 7 } }",
		      "interrupt_lines", "function_call", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': [ " GEOM_4K " ], 'interrupt_lines': {},"
		      "  'tracepoints': [ 'nocolon' ] }", "tracepoints", NULL);
	profile_fails("{ 'arch': 'x', 'page_sizes': " GEOM_4K ", 'interrupt_lines': {} }",
		      "page_sizes", "array", NULL);
	profile_fails("{ 'arch': 'x', 'arch': 'y' }", "duplicate", NULL);
	profile_fails("arch = x\n", "line 1", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_64),
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_ppc64le),
		cmocka_unit_test(test_s390x),
		cmocka_unit_test(test_load_file_direct),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_derive_by_hand),
		cmocka_unit_test(test_derive_rejects),
		cmocka_unit_test(test_upper_spans),
		cmocka_unit_test(test_minimal_profile),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
