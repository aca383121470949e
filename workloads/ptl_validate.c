// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of a ptl point: every region mapped at the level it asks for
 * (from smaps, before and after the phases), the fault counts the op
 * implies, and the placement's table offsets.
 */
#include <stdio.h>
#include <string.h>

#include "ptl.h"

/*
 * Were all n regions mapped as the level says? A region can hold at most its
 * own length, so sums equal to n regions' worth mean every region is right.
 */
static void check_mapping(const struct ptl *p, const struct wl_point *pt, const struct smaps_sum *s,
			  unsigned int n, const char *when, struct wl_validity *v)
{
	uint64_t len = p->pages * p->leaf * n;
	char name[48];
	int ok;

	switch (p->level) {
	case LVL_PTE:
		ok = s->anon_huge == 0 && s->rss == len && s->kernel_page_max == pt->sys->page_size;
		snprintf(name, sizeof(name), "4k_mapped_bytes_%s", when);
		wl_check(v, name, (double)len, (double)(s->anon_huge ? 0 : s->rss), ok);
		if (!ok)
			wl_invalid(v, "%s: regions not all base pages: Rss %llu, AnonHugePages %llu of %llu bytes",
				   when, (unsigned long long)s->rss, (unsigned long long)s->anon_huge,
				   (unsigned long long)len);
		break;
	case LVL_PMD:
		ok = s->anon_huge == len;
		snprintf(name, sizeof(name), "thp_mapped_bytes_%s", when);
		wl_check(v, name, (double)len, (double)s->anon_huge, ok);
		if (!ok)
			wl_invalid(v, "%s: only %llu of %llu bytes PMD-mapped (AnonHugePages): "
				   "THP fell back to base pages", when,
				   (unsigned long long)s->anon_huge, (unsigned long long)len);
		break;
	case LVL_HUGETLB:
		ok = s->hugetlb == len && s->kernel_page_min == p->leaf;
		snprintf(name, sizeof(name), "hugetlb_mapped_bytes_%s", when);
		wl_check(v, name, (double)len, (double)s->hugetlb, ok);
		if (!ok)
			wl_invalid(v, "%s: %llu of %llu bytes hugetlb-mapped, page size %llu",
				   when, (unsigned long long)s->hugetlb, (unsigned long long)len,
				   (unsigned long long)s->kernel_page_min);
		break;
	}
}

static void smaps_add(struct smaps_sum *sum, const struct smaps_sum *s)
{
	sum->rss += s->rss;
	sum->anon_huge += s->anon_huge;
	sum->hugetlb += s->hugetlb;
	if (!sum->kernel_page_min || s->kernel_page_min < sum->kernel_page_min)
		sum->kernel_page_min = s->kernel_page_min;
	sum->kernel_page_max = MAX(sum->kernel_page_max, s->kernel_page_max);
}

static void check_fault_counts(const struct ptl *p, const struct wl_obs *obs, struct wl_validity *v)
{
	double expect = (double)obs->ops * (double)p->pages;
	long long alloc, fallback, faults;

	if (p->level == LVL_PMD) {
		alloc = obs->vmstat(obs, "thp_fault_alloc");
		fallback = obs->vmstat(obs, "thp_fault_fallback");
		if (alloc < 0 || fallback < 0) {
			wl_note(v, "no thp_fault_alloc/thp_fault_fallback in /proc/vmstat: fault counts not checked");
			return;
		}
		wl_check(v, "thp_fault_alloc", expect, (double)alloc, alloc >= expect);
		wl_check(v, "thp_fault_fallback", 0, (double)fallback, fallback == 0);
		if (alloc < expect || fallback)
			wl_invalid(v, "THP faults: %lld allocated of %.0f expected, %lld fell back to base pages",
				   alloc, expect, fallback);
		return;
	}
	if (p->level == LVL_PTE) {
		faults = obs->vmstat(obs, "pgfault");
		if (faults < 0)
			return;
		wl_check(v, "pgfault", expect, (double)faults, faults >= expect);
		if (faults < expect)
			wl_invalid(v, "%lld page faults counted, %.0f expected: the ops did not fault",
				   faults, expect);
	}
}

/*
 * Each worker's memory on its CPU's node (first touch there, the default
 * local policy): on a machine of one node there is nothing to say; else a
 * region elsewhere (its node full, a policy set from outside) makes the
 * point measure remote memory, and it is invalid.
 */
static void check_locality(const struct ptl *p, const struct wl_point *pt, struct wl_validity *v)
{
	unsigned int i, known = 0, local = 0;
	int first = -1, spans = 0;	/* the first known worker's node; another node seen */

	for (i = 0; i < pt->nthreads; i++) {
		if (p->cpu_node[i] < 0 || p->mem_node[i] < 0)
			continue;
		if (first < 0)
			first = p->cpu_node[i];
		known++;
		local += p->cpu_node[i] == p->mem_node[i];
		spans |= p->cpu_node[i] != first || p->mem_node[i] != first;
	}
	if (!spans)
		return;
	wl_check(v, "memory_on_worker_node", known, local, local == known);
	if (local != known)
		wl_invalid(v, "%u of %u workers' regions are not on their CPU's NUMA node", known - local, known);
	else
		wl_note(v, "workers on more than one NUMA node, each region on its worker's node "
			"(move_pages); its page tables come from the faulting CPU's node too, which user "
			"space cannot check");
}

/*
 * What one op did to the page tables (ptl_tables.c). A pte point that frees
 * tables measured PT reclaim, not the PTE lock, unless it asked to.
 */
static void check_tables(const struct ptl *p, struct wl_validity *v)
{
	double alloc, freed;

	if (p->probe_failed || !p->probes) {
		wl_unobserved(v, "pt_alloc_per_op", "VmPTE around one op could not be read (%s)",
			      p->probe_failed ? strerror(p->probe_failed) : "no repetition");
		wl_unobserved(v, "pt_freed_per_op", "VmPTE around one op could not be read");
		return;
	}
	alloc = p->alloc_sum / p->probes;
	freed = p->freed_sum / p->probes;
	if (p->level == LVL_PTE && !p->pt_reclaim) {
		wl_check(v, "pt_freed_per_op", 0, freed, freed == 0);
		if (freed > 0)
			wl_invalid(v, "an op freed %.2f PTE tables although a ballast page keeps each "
				   "table: the point measured table frees, not the PTE lock", freed);
		return;
	}
	if (p->pt_reclaim)
		wl_note(v, "pt_reclaim=allow: an op allocated %.2f and freed %.2f PTE tables (VmPTE)%s",
			alloc, freed, freed > 0 ? ": the point measures PT reclaim too" :
			": none freed (the zap covers less than a table, or this kernel does not "
			"reclaim page tables)");
	else if (p->level == LVL_PMD && freed > 0)
		wl_note(v, "each THP fault allocates the PTE table it deposits and its zap frees it: "
			"%.2f tables per op", freed);
}

void ptl_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	const struct ptl *p = pt->priv;
	struct smaps_sum sum = { 0 }, s;
	unsigned int i;

	/* what each worker saw right after its first touch */
	for (i = 0; i < pt->nthreads; i++)
		smaps_add(&sum, &p->seen[i]);
	check_mapping(p, pt, &sum, pt->nthreads, "setup", v);
	check_locality(p, pt, v);
	check_tables(p, v);
	if (p->op == OP_FAULT) {
		check_fault_counts(p, obs, v);
	} else {
		/* the regions stay mapped through the phases: still as they were? */
		memset(&sum, 0, sizeof(sum));
		for (i = 0; i < pt->nthreads; i++)
			if (!smaps_range(region_of(p, i), p->pages * p->leaf, &s))
				smaps_add(&sum, &s);
		check_mapping(p, pt, &sum, pt->nthreads, "end", v);
	}
	if (pt->sys->pte_lock_span > pt->sys->pte_table_span && p->split && p->level == LVL_PTE)
		wl_note(v, "PTE tables are fragments of a page here and fragments share the page's lock: "
			"split placement separates tables, not necessarily locks");
	if (pt->sys->pmd_lock_span > pt->sys->pmd_table_span && p->split && p->level != LVL_PTE)
		wl_note(v, "PMD tables are fragments of a page here and fragments share the page's lock: "
			"split placement separates tables, not necessarily locks");
	if (p->leaf >= pt->sys->pud_size)
		wl_note(v, "hugetlb pages of PUD size or more are under the mm-wide page_table_lock: "
			"no split benefit is expected");
	if (!p->same_offsets)
		wl_note(v, "the shared placement does not fit at this worker count: every region starts "
			"its table here, not at the offset a shared twin would give it");
}
