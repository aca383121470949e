/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mapping helpers for workloads: aligned address-space reservations and
 * what /proc/self/smaps says a range is really mapped with (THP, hugetlb
 * or base pages), so that a point can prove it measured what it claims.
 */
#ifndef PTBENCH_MAPPING_H
#define PTBENCH_MAPPING_H

#include <stddef.h>
#include <stdint.h>

/* Fields of the VMAs overlapping a range, summed (sizes in bytes). */
struct smaps_sum {
	int vmas;
	uint64_t size;
	uint64_t rss;
	uint64_t anon_huge;		/* AnonHugePages: PMD-mapped THP */
	uint64_t shmem_pmd;		/* ShmemPmdMapped: PMD-mapped shmem THP */
	uint64_t hugetlb;		/* Private_Hugetlb + Shared_Hugetlb */
	uint64_t kernel_page_min;	/* KernelPageSize over the VMAs */
	uint64_t kernel_page_max;
	int thp_eligible;		/* any VMA with THPeligible: 1 */
};

/*
 * Reserve len bytes of address space aligned to align (PROT_NONE,
 * MAP_NORESERVE), with reserved space on both sides so that nothing mapped
 * inside it with MAP_FIXED can merge with the process's other mappings.
 * Returns the aligned start, or NULL with errno; *raw and *raw_len are what
 * to munmap.
 */
void *map_reserve(size_t len, size_t align, void **raw, size_t *raw_len);
/* smaps fields of the VMAs overlapping [start, start + len). 0 or -errno. */
int smaps_range(const void *start, size_t len, struct smaps_sum *s);
/*
 * The process's page tables in bytes, all levels (VmPTE of
 * /proc/self/status: mm_pgtables_bytes()); -1 when not there.
 */
long long vm_pte_bytes(void);
/*
 * THP for MADV_HUGEPAGE regions needs enabled != never: set it to madvise
 * through the knob layer (restored after the point). 0, or WL_SKIP (1) with
 * the reason.
 */
/*
 * MADV_NOHUGEPAGE over [addr, + len): base pages stay base pages, also
 * under THP=always. 0 (also on a kernel without THP), or -errno.
 */
int map_no_huge(void *addr, size_t len);
int thp_allow(char *why, size_t len);
/*
 * Make sure want free hugetlb pages of size bytes exist, growing the pool
 * through the knob layer when root. 0, or WL_SKIP (1) with the reason.
 */
int hugetlb_reserve(uint64_t size, long long want, int root, char *why, size_t len);
/* MAP_HUGE_* flag for a hugetlb page size (log2 in the flag bits). */
int map_huge_flag(uint64_t size);
/*
 * The NUMA node of the page at addr (move_pages() in query mode) and of
 * the calling thread's CPU (getcpu()); -1 when not known (no CONFIG_NUMA,
 * page not present).
 */
int page_node(const void *addr);
int current_node(void);
/*
 * Prefer the calling thread's node for [addr, addr + len) (mbind
 * MPOL_PREFERRED): memory stays local, and NUMA balancing leaves a range
 * with a policy of its own alone (task_numa_work skips VMAs whose policy
 * is not MPOL_F_MOF). The node, or -1 (one node, no CONFIG_NUMA, refused).
 */
int prefer_local_node(void *addr, size_t len);

#endif
