// SPDX-License-Identifier: GPL-2.0
/*
 * Worker placement with hwloc.
 *
 * At load time the usable hardware threads (PUs) are listed once, in hwloc's
 * topology order, each tagged with its core, its rank among the usable PUs
 * of that core, and its package and NUMA node. Every policy is then just an
 * order over that list: fill-smt is the list itself, one-per-core sorts it by
 * SMT rank first, spread deals the one-per-core order out over NUMA nodes.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hwloc.h>

#include "lib/util.h"
#include "placement.h"

#define SRC_SYNTHETIC	"synthetic:"
#define SRC_XML		"xml:"

struct pu {
	int os;		/* OS index, what sched_setaffinity() and sched_getcpu() use */
	int rank;	/* position among the usable PUs of its core */
	int package;	/* hwloc logical index of its package, -1 if none */
	int numa;	/* hwloc logical index of its NUMA node, -1 if none */
};

struct topo {
	hwloc_topology_t h;
	bool synthetic;
	int npus;
	int ncores;
	int npackages;
	int nnuma;
	int smt;
	struct pu *pus;		/* usable PUs in topology order */
	int *core_order;	/* indices into pus[], one-per-core order */
	/*
	 * CPUs the machine should have (ptbench vm's --smp, through
	 * PTBENCH_EXPECT_CPUS) when fewer came up, and the likely reason:
	 * thread counts are planned for them, and a point with more workers
	 * than came up is skipped with the reason. 0: npus.
	 */
	int expected;
	char missing_why[256];
};

/* ptbench vm's guest says how many CPUs QEMU was given, and why fewer came up. */
static void topo_expect(struct topo *t)
{
	const char *n = getenv(PTBENCH_EXPECT_CPUS), *why = getenv(PTBENCH_EXPECT_CPUS_WHY);
	unsigned long long v;

	if (t->synthetic || !n || parse_ull(n, &v) || v <= (unsigned long long)t->npus || v > INT_MAX)
		return;
	t->expected = (int)v;
	snprintf(t->missing_why, sizeof(t->missing_why), "%s", why && why[0] ? why : "reason unknown");
}

static const char *const policy_names[] = {
	[BIND_ONE_PER_CORE]	= "one-per-core",
	[BIND_FILL_SMT]		= "fill-smt",
	[BIND_SPREAD]		= "spread",
	[BIND_NONE]		= "none",
};

/*
 * The NUMA node nearest to a PU: in hwloc 2 NUMA nodes are memory children
 * of the CPU-side object they are local to, so walk up to the first ancestor
 * with memory attached and take its first node (looking through memory-side
 * caches). Nodes attached higher up (HBM, CXL) are further away.
 */
static hwloc_obj_t pu_numa_obj(hwloc_obj_t pu)
{
	hwloc_obj_t obj, mem;

	for (obj = pu->parent; obj; obj = obj->parent) {
		for (mem = obj->memory_first_child; mem; mem = mem->memory_first_child) {
			if (mem->type == HWLOC_OBJ_NUMANODE)
				return mem;
		}
	}
	return NULL;
}

static int obj_logical(hwloc_obj_t obj)
{
	return obj ? (int)obj->logical_index : -1;
}

/* Distinct packages (or NUMA nodes) of the PUs; "none" (-1) counts as one. */
static int count_distinct(const struct pu *pus, int n, bool numa)
{
	hwloc_bitmap_t seen = hwloc_bitmap_alloc();
	bool none = false;
	int i, ret;

	if (!seen)
		return -1;
	for (i = 0; i < n; i++) {
		int id = numa ? pus[i].numa : pus[i].package;

		if (id < 0)
			none = true;
		else
			hwloc_bitmap_set(seen, id);
	}
	ret = hwloc_bitmap_weight(seen) + none;
	hwloc_bitmap_free(seen);
	return ret;
}

/* Fill t->pus with the usable PUs; 0 or -1 (out of memory). */
static int index_pus(struct topo *t)
{
	hwloc_const_cpuset_t allowed = hwloc_topology_get_allowed_cpuset(t->h);
	int max = hwloc_get_nbobjs_by_type(t->h, HWLOC_OBJ_PU);
	hwloc_obj_t obj = NULL, last_core = NULL;

	t->pus = calloc(MAX(max, 1), sizeof(*t->pus));
	if (!t->pus)
		return -1;
	while ((obj = hwloc_get_next_obj_by_type(t->h, HWLOC_OBJ_PU, obj))) {
		hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_CORE, obj);
		hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_PACKAGE, obj);
		struct pu *pu = &t->pus[t->npus];

		/* Without INCLUDE_DISALLOWED hwloc already drops these; be sure. */
		if (!hwloc_bitmap_isset(allowed, obj->os_index))
			continue;
		/* A PU without a Core object above it is a core of its own. */
		if (!core)
			core = obj;
		/* Topology order keeps the PUs of one core together. */
		if (core != last_core) {
			t->ncores++;
			last_core = core;
			pu->rank = 0;
		} else {
			pu->rank = pu[-1].rank + 1;
		}
		pu->os = obj->os_index;
		pu->package = obj_logical(pkg);
		pu->numa = obj_logical(pu_numa_obj(obj));
		t->smt = MAX(t->smt, pu->rank + 1);
		t->npus++;
	}
	return 0;
}

/* First PU of every core, then the second PU of every core that has one... */
static int build_core_order(struct topo *t)
{
	int rank, i, k = 0;

	t->core_order = calloc(MAX(t->npus, 1), sizeof(*t->core_order));
	if (!t->core_order)
		return -1;
	for (rank = 0; rank < t->smt; rank++) {
		for (i = 0; i < t->npus; i++) {
			if (t->pus[i].rank == rank)
				t->core_order[k++] = i;
		}
	}
	return 0;
}

static int topo_index(struct topo *t, char *why, size_t len)
{
	if (index_pus(t) || build_core_order(t))
		goto oom;
	if (!t->npus) {
		set_why(why, len, "the topology has no usable hardware threads");
		return -1;
	}
	t->npackages = count_distinct(t->pus, t->npus, false);
	t->nnuma = count_distinct(t->pus, t->npus, true);
	if (t->npackages < 0 || t->nnuma < 0)
		goto oom;
	return 0;
oom:
	set_why(why, len, "out of memory indexing the topology");
	return -1;
}

static int topo_set_source(struct topo *t, const char *src, char *why, size_t len)
{
	size_t slen = strlen(SRC_SYNTHETIC), xlen = strlen(SRC_XML);

	if (!src)
		return 0;
	if (!strncmp(src, SRC_SYNTHETIC, slen)) {
		t->synthetic = true;
		if (!hwloc_topology_set_synthetic(t->h, src + slen))
			return 0;
		set_why(why, len, "invalid hwloc synthetic topology '%s': %s",
			src + slen, strerror(errno));
		return -1;
	}
	if (!strncmp(src, SRC_XML, xlen)) {
		if (!hwloc_topology_set_xml(t->h, src + xlen))
			return 0;
		set_why(why, len, "cannot use topology XML file '%s': %s",
			src + xlen, strerror(errno));
		return -1;
	}
	set_why(why, len,
		"unknown topology source '%s' (expected synthetic:<description> or xml:<path>)",
		src);
	return -1;
}

struct topo *topo_load(const char *src, char *why, size_t len)
{
	struct topo *t = calloc(1, sizeof(*t));

	if (!t) {
		set_why(why, len, "out of memory");
		return NULL;
	}
	if (hwloc_topology_init(&t->h)) {
		set_why(why, len, "hwloc_topology_init: %s", strerror(errno));
		free(t);
		return NULL;
	}
	/*
	 * No HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED: PUs outside our cgroup
	 * cpuset are left out, as offline PUs always are, so every PU in the
	 * topology is one a worker may run on.
	 */
	if (hwloc_topology_set_flags(t->h, 0)) {
		set_why(why, len, "hwloc_topology_set_flags: %s", strerror(errno));
		goto fail;
	}
	if (topo_set_source(t, src, why, len))
		goto fail;
	if (hwloc_topology_load(t->h)) {
		set_why(why, len, "cannot load topology %s: %s",
			src ? src : "of this machine", strerror(errno));
		goto fail;
	}
	if (topo_index(t, why, len))
		goto fail;
	topo_expect(t);
	return t;
fail:
	topo_free(t);
	return NULL;
}

void topo_free(struct topo *t)
{
	if (!t)
		return;
	hwloc_topology_destroy(t->h);
	free(t->core_order);
	free(t->pus);
	free(t);
}

int topo_npus(const struct topo *t)
{
	return t->npus;
}

int topo_expected(const struct topo *t)
{
	return t->expected > t->npus ? t->expected : t->npus;
}

const char *topo_missing_why(const struct topo *t)
{
	return t->expected > t->npus ? t->missing_why : NULL;
}

int topo_ncores(const struct topo *t)
{
	return t->ncores;
}

int topo_npackages(const struct topo *t)
{
	return t->npackages;
}

int topo_nnuma(const struct topo *t)
{
	return t->nnuma;
}

int topo_smt(const struct topo *t)
{
	return t->smt;
}

int bind_policy_parse(const char *name, enum bind_policy *out)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < ARRAY_SIZE(policy_names); i++) {
		if (!strcmp(name, policy_names[i])) {
			*out = (enum bind_policy)i;
			return 0;
		}
	}
	return -1;
}

const char *bind_policy_name(enum bind_policy p)
{
	if ((unsigned int)p >= ARRAY_SIZE(policy_names))
		return "unknown";
	return policy_names[p];
}

const char *bind_policy_names(void)
{
	return "one-per-core|fill-smt|spread|none";
}

int threads_resolve(const struct topo *t, const char *spec, unsigned int *out,
		    char *why, size_t len)
{
	unsigned long long v;

	if (!spec)
		spec = "";
	if (!parse_ull(spec, &v)) {
		if (v == 0 || v > INT_MAX)
			goto bad;
		*out = v;
		return 0;
	}
	if (!t && (!strcmp(spec, "ncpus") || !strcmp(spec, "ncores") || !strcmp(spec, "half"))) {
		set_why(why, len, "thread count '%s' needs a topology", spec);
		return -1;
	}
	/* a guest that brought up fewer CPUs plans for all: the extra points skip with why */
	if (!strcmp(spec, "ncpus"))
		*out = topo_expected(t);
	else if (!strcmp(spec, "ncores"))
		*out = t->expected ? topo_expected(t) : t->ncores;
	else if (!strcmp(spec, "half"))
		*out = MAX(1, topo_expected(t) / 2);
	else
		goto bad;
	return 0;
bad:
	set_why(why, len, "invalid thread count '%s': expected a number > 0, ncpus, ncores or half",
		spec);
	return -1;
}

static int pu_domain(const struct topo *t, const struct pu *pu)
{
	return t->nnuma > 1 ? pu->numa : pu->package;
}

/*
 * Round-robin over the domains (NUMA nodes, else packages), each walked in
 * one-per-core order, so consecutive workers land on different nodes and a
 * node gets its second core only once every node has one. Domains come in
 * the order their first core appears in the topology.
 */
static int place_spread(const struct topo *t, unsigned int n, int *cpus)
{
	int *dom = calloc(t->npus, sizeof(*dom));
	int *cur = calloc(t->npus, sizeof(*cur));
	int ndom = 0, i, k;
	unsigned int w;

	if (!dom || !cur) {
		free(dom);
		free(cur);
		return -1;
	}
	for (i = 0; i < t->npus; i++) {
		int id = pu_domain(t, &t->pus[t->core_order[i]]);

		for (k = 0; k < ndom && dom[k] != id; k++)
			;
		if (k == ndom) {
			dom[ndom] = id;
			cur[ndom++] = i;
		}
	}
	/* n <= npus, so some domain always has a PU left. */
	for (w = 0, k = 0; w < n; w++, k = (k + 1) % ndom) {
		while (cur[k] >= t->npus)
			k = (k + 1) % ndom;
		cpus[w] = t->pus[t->core_order[cur[k]]].os;
		do {
			cur[k]++;
		} while (cur[k] < t->npus &&
			 pu_domain(t, &t->pus[t->core_order[cur[k]]]) != dom[k]);
	}
	free(dom);
	free(cur);
	return 0;
}

int placement_cpus(const struct topo *t, enum bind_policy p, unsigned int n, int *cpus,
		   char *why, size_t len)
{
	unsigned int i;

	if (!n) {
		set_why(why, len, "no workers to place");
		return -1;
	}
	/* Also for "none": more workers than CPUs measures the scheduler. */
	if (n > (unsigned int)t->npus && n <= (unsigned int)t->expected) {
		set_why(why, len, "%u workers, but only %d of the %d CPUs came up (%s)", n, t->npus,
			t->expected, t->missing_why);
		return -1;
	}
	if (n > (unsigned int)t->npus) {
		set_why(why, len, "%u workers but this machine has %d hardware thread%s",
			n, t->npus, t->npus == 1 ? "" : "s");
		return -1;
	}
	switch (p) {
	case BIND_ONE_PER_CORE:
		for (i = 0; i < n; i++)
			cpus[i] = t->pus[t->core_order[i]].os;
		return 0;
	case BIND_FILL_SMT:
		for (i = 0; i < n; i++)
			cpus[i] = t->pus[i].os;
		return 0;
	case BIND_SPREAD:
		if (!place_spread(t, n, cpus))
			return 0;
		set_why(why, len, "out of memory");
		return -1;
	case BIND_NONE:
		for (i = 0; i < n; i++)
			cpus[i] = -1;
		return 0;
	}
	set_why(why, len, "unknown placement policy %d", (int)p);
	return -1;
}

static hwloc_obj_t pu_obj(const struct topo *t, int cpu)
{
	if (cpu < 0)
		return NULL;
	return hwloc_get_pu_obj_by_os_index(t->h, cpu);
}

int placement_bind_self(const struct topo *t, int cpu)
{
	hwloc_obj_t pu;

	if (cpu < 0)
		return 0;
	/*
	 * Synthetic OS indices are made up, and for other foreign topologies
	 * (XML) hwloc's binding hooks are no-ops that report success.
	 */
	if (t->synthetic || !hwloc_topology_is_thissystem(t->h))
		return -EINVAL;
	pu = pu_obj(t, cpu);
	if (!pu)
		return -EINVAL;
	if (hwloc_set_cpubind(t->h, pu->cpuset, HWLOC_CPUBIND_THREAD))
		return errno ? -errno : -EINVAL;
	return 0;
}

int topo_cpu_core(const struct topo *t, int cpu)
{
	hwloc_obj_t pu = pu_obj(t, cpu);

	if (!pu)
		return -1;
	return obj_logical(hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_CORE, pu));
}

int topo_cpu_package(const struct topo *t, int cpu)
{
	hwloc_obj_t pu = pu_obj(t, cpu);

	if (!pu)
		return -1;
	return obj_logical(hwloc_get_ancestor_obj_by_type(t->h, HWLOC_OBJ_PACKAGE, pu));
}

int topo_cpu_numa(const struct topo *t, int cpu)
{
	hwloc_obj_t pu = pu_obj(t, cpu);

	if (!pu)
		return -1;
	return obj_logical(pu_numa_obj(pu));
}

int topo_cpu_node_os(const struct topo *t, int cpu)
{
	hwloc_obj_t pu = pu_obj(t, cpu), node = pu ? pu_numa_obj(pu) : NULL;

	return node ? (int)node->os_index : -1;
}
