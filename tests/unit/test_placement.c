// SPDX-License-Identifier: GPL-2.0
/*
 * Placement policies on synthetic machines this small VM is not: a 2-package
 * 128-core SMT8 ppc64-like box, a 4-node 256-core arm64-like box (as four
 * packages and as one package of four NUMA nodes), and the machine we run on.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hwloc.h>

#include "bench/host/placement.h"

/* 2 packages x 64 cores x 8 threads: 128 cores, 1024 hardware threads. */
#define PPC64		"synthetic:pack:2 core:64 pu:8"
#define PPC64_PUS	1024
#define PPC64_CORES	128
/* 256 cores without SMT in 4 NUMA nodes, as 4 packages or as 1. */
#define ARM64_4PACK	"synthetic:pack:4 numa:1 core:64 pu:1"
#define ARM64_1PACK	"synthetic:pack:1 numa:4 core:64 pu:1"
#define ARM64_CORES	256

static struct topo *load(const char *src)
{
	char why[256] = "";
	struct topo *t = topo_load(src, why, sizeof(why));

	if (!t)
		fail_msg("topo_load(%s): %s", src ? src : "NULL", why);
	return t;
}

static int *place(const struct topo *t, enum bind_policy p, unsigned int n)
{
	int *cpus = calloc(n, sizeof(*cpus));
	char why[256] = "";

	assert_non_null(cpus);
	if (placement_cpus(t, p, n, cpus, why, sizeof(why)))
		fail_msg("placement_cpus(%s, %u): %s", bind_policy_name(p), n, why);
	return cpus;
}

/* Every CPU in cpus[0..n) is distinct and known to the topology. */
static void assert_distinct_cpus(const struct topo *t, const int *cpus, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		assert_true(cpus[i] >= 0);
		assert_true(topo_cpu_core(t, cpus[i]) >= 0);
		for (j = 0; j < i; j++)
			assert_int_not_equal(cpus[i], cpus[j]);
	}
}

static void test_ppc64_counts(void **state)
{
	struct topo *t = load(PPC64);

	(void)state;
	assert_int_equal(topo_npus(t), PPC64_PUS);
	assert_int_equal(topo_ncores(t), PPC64_CORES);
	assert_int_equal(topo_npackages(t), 2);
	assert_int_equal(topo_nnuma(t), 1);
	assert_int_equal(topo_smt(t), 8);
	topo_free(t);
}

static void test_ppc64_one_per_core(void **state)
{
	struct topo *t = load(PPC64);
	int *cpus = place(t, BIND_ONE_PER_CORE, PPC64_CORES + 1);
	char seen[PPC64_CORES] = { 0 };
	int i;

	(void)state;
	assert_distinct_cpus(t, cpus, PPC64_CORES + 1);
	for (i = 0; i < PPC64_CORES; i++) {
		int core = topo_cpu_core(t, cpus[i]);

		assert_in_range(core, 0, PPC64_CORES - 1);
		assert_int_equal(seen[core], 0);
		seen[core] = 1;
		/* All of package 0's cores before any of package 1's. */
		assert_int_equal(topo_cpu_package(t, cpus[i]), i < PPC64_CORES / 2 ? 0 : 1);
	}
	/* Every core has a worker: the next one is core 0's second thread. */
	assert_int_equal(topo_cpu_core(t, cpus[PPC64_CORES]), topo_cpu_core(t, cpus[0]));
	assert_int_not_equal(cpus[PPC64_CORES], cpus[0]);
	free(cpus);
	topo_free(t);
}

static void test_ppc64_fill_smt(void **state)
{
	struct topo *t = load(PPC64);
	int *cpus = place(t, BIND_FILL_SMT, 16);
	int i;

	(void)state;
	assert_distinct_cpus(t, cpus, 16);
	for (i = 0; i < 16; i++)
		assert_int_equal(topo_cpu_core(t, cpus[i]), topo_cpu_core(t, cpus[i / 8 * 8]));
	assert_int_not_equal(topo_cpu_core(t, cpus[0]), topo_cpu_core(t, cpus[8]));
	free(cpus);
	topo_free(t);
}

static void test_ppc64_spread(void **state)
{
	struct topo *t = load(PPC64);
	int *cpus = place(t, BIND_SPREAD, 4);
	int i;

	(void)state;
	assert_distinct_cpus(t, cpus, 4);
	assert_int_not_equal(topo_cpu_package(t, cpus[0]), topo_cpu_package(t, cpus[1]));
	for (i = 0; i < 4; i++)
		assert_int_equal(topo_cpu_package(t, cpus[i]), i % 2);
	/* Second round: other cores, not SMT siblings of the first. */
	assert_int_not_equal(topo_cpu_core(t, cpus[0]), topo_cpu_core(t, cpus[2]));
	assert_int_not_equal(topo_cpu_core(t, cpus[1]), topo_cpu_core(t, cpus[3]));
	free(cpus);
	topo_free(t);
}

static void test_ppc64_all_pus(void **state)
{
	static const enum bind_policy pol[] = { BIND_ONE_PER_CORE, BIND_FILL_SMT, BIND_SPREAD };
	struct topo *t = load(PPC64);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pol) / sizeof(pol[0]); i++) {
		int *cpus = place(t, pol[i], PPC64_PUS);

		assert_distinct_cpus(t, cpus, PPC64_PUS);
		free(cpus);
	}
	topo_free(t);
}

static void test_ppc64_too_many(void **state)
{
	struct topo *t = load(PPC64);
	int *cpus = calloc(PPC64_PUS + 1, sizeof(*cpus));
	char why[256] = "";

	(void)state;
	assert_non_null(cpus);
	assert_int_equal(placement_cpus(t, BIND_ONE_PER_CORE, PPC64_PUS + 1, cpus,
					why, sizeof(why)), -1);
	assert_string_equal(why, "1025 workers but this machine has 1024 hardware threads");
	assert_int_equal(placement_cpus(t, BIND_NONE, PPC64_PUS + 1, cpus, why, sizeof(why)), -1);
	free(cpus);
	topo_free(t);
}

static unsigned int resolve(const struct topo *t, const char *spec)
{
	unsigned int n = 0;
	char why[256] = "";

	if (threads_resolve(t, spec, &n, why, sizeof(why)))
		fail_msg("threads_resolve(%s): %s", spec, why);
	return n;
}

static void test_ppc64_threads_resolve(void **state)
{
	struct topo *t = load(PPC64);

	(void)state;
	assert_int_equal(resolve(t, "ncpus"), 1024);
	assert_int_equal(resolve(t, "ncores"), 128);
	assert_int_equal(resolve(t, "half"), 512);
	assert_int_equal(resolve(t, "7"), 7);
	assert_int_equal(resolve(t, "2048"), 2048);	/* placement refuses it, not this */
	topo_free(t);
}

static void check_arm64_spread(const char *src, int npackages)
{
	struct topo *t = load(src);
	int *cpus = place(t, BIND_SPREAD, 8);
	int i;

	assert_int_equal(topo_nnuma(t), 4);
	assert_int_equal(topo_npackages(t), npackages);
	assert_distinct_cpus(t, cpus, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(topo_cpu_numa(t, cpus[i]), i % 4);
	for (i = 0; i < 4; i++)
		assert_int_not_equal(topo_cpu_core(t, cpus[i]), topo_cpu_core(t, cpus[i + 4]));
	free(cpus);
	topo_free(t);
}

static void test_arm64_4pack_spread(void **state)
{
	(void)state;
	check_arm64_spread(ARM64_4PACK, 4);
}

static void test_arm64_1pack_4numa_spread(void **state)
{
	(void)state;
	check_arm64_spread(ARM64_1PACK, 1);
}

static void check_arm64_one_per_core(const char *src)
{
	struct topo *t = load(src);
	int *cpus = place(t, BIND_ONE_PER_CORE, ARM64_CORES);
	char seen[ARM64_CORES] = { 0 };
	int i;

	assert_int_equal(topo_npus(t), ARM64_CORES);
	assert_int_equal(topo_ncores(t), ARM64_CORES);
	assert_int_equal(topo_smt(t), 1);
	for (i = 0; i < ARM64_CORES; i++) {
		int core = topo_cpu_core(t, cpus[i]);

		assert_in_range(core, 0, ARM64_CORES - 1);
		assert_int_equal(seen[core], 0);
		seen[core] = 1;
	}
	free(cpus);
	topo_free(t);
}

static void test_arm64_4pack_one_per_core(void **state)
{
	(void)state;
	check_arm64_one_per_core(ARM64_4PACK);
}

static void test_arm64_1pack_4numa_one_per_core(void **state)
{
	(void)state;
	check_arm64_one_per_core(ARM64_1PACK);
}

/* One package, one node: spread is one-per-core. */
static void test_spread_single_package(void **state)
{
	struct topo *t = load("synthetic:pack:1 core:4 pu:2");
	int *a = place(t, BIND_SPREAD, 8);
	int *b = place(t, BIND_ONE_PER_CORE, 8);

	(void)state;
	assert_memory_equal(a, b, 8 * sizeof(*a));
	free(a);
	free(b);
	topo_free(t);
}

static void test_none(void **state)
{
	struct topo *t = load("synthetic:pack:1 core:2 pu:2");
	int *cpus = place(t, BIND_NONE, 4);
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(cpus[i], -1);
	free(cpus);
	topo_free(t);
}

static void test_zero_workers(void **state)
{
	struct topo *t = load("synthetic:pack:1 core:2 pu:1");
	char why[256] = "";
	int cpu;

	(void)state;
	assert_int_equal(placement_cpus(t, BIND_ONE_PER_CORE, 0, &cpu, why, sizeof(why)), -1);
	assert_true(why[0] != '\0');
	topo_free(t);
}

static void test_policy_names(void **state)
{
	static const enum bind_policy all[] = {
		BIND_ONE_PER_CORE, BIND_FILL_SMT, BIND_SPREAD, BIND_NONE,
	};
	enum bind_policy p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *name = bind_policy_name(all[i]);

		assert_non_null(strstr(bind_policy_names(), name));
		assert_int_equal(bind_policy_parse(name, &p), 0);
		assert_int_equal(p, all[i]);
	}
	assert_string_equal(bind_policy_name(BIND_ONE_PER_CORE), "one-per-core");
	assert_int_equal(bind_policy_parse("compact", &p), -1);
	assert_int_equal(bind_policy_parse("", &p), -1);
	assert_int_equal(bind_policy_parse("Spread", &p), -1);
}

static void test_bad_sources(void **state)
{
	static const char *const bad[] = {
		"synthetic:bogus:3",
		"synthetic:pack:2 core:64",
		"synthetic:",
		"xml:/nonexistent/ptbench-topology.xml",
		"lstopo:whatever",
	};
	char why[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		assert_null(topo_load(bad[i], why, sizeof(why)));
		assert_true(why[0] != '\0');
	}
	why[0] = '\0';
	assert_null(topo_load("synthetic:bogus:3", why, sizeof(why)));
	assert_non_null(strstr(why, "bogus:3"));
}

static void test_threads_resolve_errors(void **state)
{
	static const char *const bad[] = { "0", "-1", "abc", "12x", "", " 4", "+4", "NCPUS" };
	struct topo *t = load("synthetic:pack:1 core:2 pu:2");
	unsigned int n;
	char why[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		n = 12345;
		assert_int_equal(threads_resolve(t, bad[i], &n, why, sizeof(why)), -1);
		assert_int_equal(n, 12345);
		/* The reason names the value and what would have been accepted. */
		assert_non_null(strstr(why, bad[i]));
		assert_non_null(strstr(why, "ncpus"));
		assert_non_null(strstr(why, "half"));
	}
	assert_int_equal(resolve(t, "half"), 2);
	topo_free(t);
	t = load("synthetic:pack:1 core:1 pu:1");
	assert_int_equal(resolve(t, "half"), 1);
	topo_free(t);
}

static void test_bind_synthetic_refused(void **state)
{
	struct topo *t = load("synthetic:pack:1 core:2 pu:1");

	(void)state;
	assert_int_equal(placement_bind_self(t, 0), -EINVAL);
	assert_int_equal(placement_bind_self(t, -1), 0);
	assert_int_equal(topo_cpu_core(t, 99), -1);
	assert_int_equal(topo_cpu_package(t, -1), -1);
	assert_int_equal(topo_cpu_numa(t, 99), -1);
	topo_free(t);
}

/* An XML export of a synthetic machine loads back the same. */
static void test_xml(void **state)
{
	char path[] = "/tmp/ptbench-topo-XXXXXX";
	char src[64];
	hwloc_topology_t h;
	struct topo *t;
	int fd, *cpus;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(hwloc_topology_init(&h), 0);
	assert_int_equal(hwloc_topology_set_synthetic(h, "pack:4 numa:1 core:64 pu:1"), 0);
	assert_int_equal(hwloc_topology_load(h), 0);
	assert_int_equal(hwloc_topology_export_xml(h, path, 0), 0);
	hwloc_topology_destroy(h);

	snprintf(src, sizeof(src), "xml:%s", path);
	t = load(src);
	unlink(path);
	assert_int_equal(topo_npus(t), ARM64_CORES);
	assert_int_equal(topo_nnuma(t), 4);
	cpus = place(t, BIND_SPREAD, 4);
	assert_int_equal(topo_cpu_numa(t, cpus[3]), 3);
	/* Not this machine: binding would silently do nothing. */
	assert_int_equal(placement_bind_self(t, cpus[0]), -EINVAL);
	free(cpus);
	topo_free(t);
}

static void test_this_machine(void **state)
{
	struct topo *t = load(NULL);
	cpu_set_t saved;
	int n, *cpus;

	(void)state;
	n = topo_npus(t);
	assert_true(n >= 1);
	assert_true(topo_ncores(t) >= 1 && topo_ncores(t) <= n);
	assert_true(topo_smt(t) >= 1);
	assert_true(topo_npackages(t) >= 1);
	assert_true(topo_nnuma(t) >= 1);
	assert_int_equal(resolve(t, "ncpus"), (unsigned int)n);

	cpus = place(t, BIND_ONE_PER_CORE, n);
	assert_distinct_cpus(t, cpus, n);

	assert_int_equal(sched_getaffinity(0, sizeof(saved), &saved), 0);
	assert_int_equal(placement_bind_self(t, cpus[0]), 0);
	assert_int_equal(sched_getcpu(), cpus[0]);
	assert_int_equal(sched_setaffinity(0, sizeof(saved), &saved), 0);
	free(cpus);
	topo_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ppc64_counts),
		cmocka_unit_test(test_ppc64_one_per_core),
		cmocka_unit_test(test_ppc64_fill_smt),
		cmocka_unit_test(test_ppc64_spread),
		cmocka_unit_test(test_ppc64_all_pus),
		cmocka_unit_test(test_ppc64_too_many),
		cmocka_unit_test(test_ppc64_threads_resolve),
		cmocka_unit_test(test_arm64_4pack_spread),
		cmocka_unit_test(test_arm64_1pack_4numa_spread),
		cmocka_unit_test(test_arm64_4pack_one_per_core),
		cmocka_unit_test(test_arm64_1pack_4numa_one_per_core),
		cmocka_unit_test(test_spread_single_package),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_zero_workers),
		cmocka_unit_test(test_policy_names),
		cmocka_unit_test(test_bad_sources),
		cmocka_unit_test(test_threads_resolve_errors),
		cmocka_unit_test(test_bind_synthetic_refused),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
