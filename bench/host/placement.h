/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Worker placement with hwloc: named policies turn a thread count into a
 * list of OS CPU numbers, from the live machine or from a synthetic or XML
 * topology (the unit tests lay out big machines this 2-CPU VM is not).
 */
#ifndef PTBENCH_PLACEMENT_H
#define PTBENCH_PLACEMENT_H

#include <stddef.h>

enum bind_policy {
	BIND_ONE_PER_CORE,	/* one worker per core; SMT siblings only once every core has one */
	BIND_FILL_SMT,		/* fill every hardware thread of a core before the next core */
	BIND_SPREAD,		/* round-robin over NUMA nodes (packages when there is one node) */
	BIND_NONE,		/* no binding: the scheduler decides (CPU recorded at start) */
};

struct topo;

/*
 * Load a topology: NULL for this machine, "synthetic:<hwloc synthetic
 * description>" (e.g. "synthetic:pack:2 core:64 pu:8", arities are per
 * parent: 2 packages of 64 cores of 8 threads; "synthetic:pack:4 numa:1
 * core:64 pu:1" adds a NUMA node per package) or "xml:<path>".
 * NULL on failure, with the reason in why.
 *
 * Only usable hardware threads count: offline ones and those outside the
 * allowed cpuset (cgroup) are left out, and the core, package and NUMA
 * counts below cover only those holding a usable hardware thread.
 */
struct topo *topo_load(const char *src, char *why, size_t len);
void topo_free(struct topo *t);

int topo_npus(const struct topo *t);		/* usable hardware threads */
/*
 * The CPUs the run plans for: npus, or more when ptbench vm's guest says
 * QEMU gave it more than came up (PTBENCH_EXPECT_CPUS, with the likely
 * reason in PTBENCH_EXPECT_CPUS_WHY): "ncpus" means them, and a point with
 * more workers than came up is skipped with the reason.
 */
int topo_expected(const struct topo *t);
/* Why fewer came up than expected, or NULL when none are missing. */
const char *topo_missing_why(const struct topo *t);
#define PTBENCH_EXPECT_CPUS	"PTBENCH_EXPECT_CPUS"
#define PTBENCH_EXPECT_CPUS_WHY	"PTBENCH_EXPECT_CPUS_WHY"
int topo_ncores(const struct topo *t);
int topo_npackages(const struct topo *t);
int topo_nnuma(const struct topo *t);
int topo_smt(const struct topo *t);		/* hardware threads per core (max) */

int bind_policy_parse(const char *name, enum bind_policy *out);
const char *bind_policy_name(enum bind_policy p);
/* "one-per-core|fill-smt|spread|none", for help texts */
const char *bind_policy_names(void);

/*
 * Resolve a thread count: a number, "ncpus" (hardware threads), "ncores",
 * or "half" (half the hardware threads, at least 1). 0 or -1 with the reason.
 */
int threads_resolve(const struct topo *t, const char *spec, unsigned int *out, char *why, size_t len);

/*
 * Choose the OS CPU index of each of n workers under policy p. Returns 0, or
 * -1 with the reason (e.g. more workers than hardware threads).
 */
int placement_cpus(const struct topo *t, enum bind_policy p, unsigned int n, int *cpus, char *why, size_t len);

/*
 * Bind the calling thread to OS CPU cpu (no-op for cpu < 0). 0 or -errno;
 * -EINVAL for a CPU not in the topology and for a synthetic or other foreign
 * topology, whose OS indices are not this machine's.
 */
int placement_bind_self(const struct topo *t, int cpu);

/*
 * Core, package and NUMA node of an OS CPU, as hwloc logical indices (0..n-1
 * in topology order, not OS/firmware ids), -1 if unknown. The NUMA node is the
 * one attached nearest to the CPU.
 */
int topo_cpu_core(const struct topo *t, int cpu);
int topo_cpu_package(const struct topo *t, int cpu);
int topo_cpu_numa(const struct topo *t, int cpu);
/* The OS number (sysfs nodeN) of the NUMA node nearest to an OS CPU, -1 if unknown. */
int topo_cpu_node_os(const struct topo *t, int cpu);

#endif
