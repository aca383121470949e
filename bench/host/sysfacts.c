// SPDX-License-Identifier: GPL-2.0
/*
 * The system facts a workload is given (struct wl_sys, workload.h): page
 * and PMD sizes, page-table geometry, hugetlb and mTHP sizes, whether a
 * collapse IPIs every CPU. Read once per run, before any workload runs.
 */
#include <dirent.h>
#include <errno.h>

#include "sysinfo.h"
#include "sysinfo_int.h"

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sizes of the "hugepages-<N>kB" entries of dir, ascending; how many. */
int list_sizes(const char *dir, uint64_t *sizes, int max)
{
	struct dirent *d;
	int n = 0;
	DIR *dp;

	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((d = readdir(dp)) && n < max) {
		unsigned long long kb;
		char tail[4];

		if (sscanf(d->d_name, "hugepages-%llukB%3s", &kb, tail) == 1 && kb)
			sizes[n++] = (uint64_t)kb << 10;
	}
	closedir(dp);
	qsort(sizes, (size_t)n, sizeof(*sizes), u64_cmp);
	return n;
}

/*
 * The profile's geometry for this page size, with the level count of the
 * kernel config when it is readable: the config says what this kernel was
 * built with (x86 5-level, arm64 VA sizes), the profile only the default.
 */
int sys_geom(const struct archprof *ap, uint64_t page_size, struct pt_geom *g,
	     const char **levels_src)
{
	const struct pt_geom *pg = archprof_geom(ap, page_size);
	long long levels = kconfig_num("PGTABLE_LEVELS", 0);

	if (!pg)
		return -1;
	*g = *pg;
	*levels_src = "profile";
	if (levels < 2 || levels > 5)
		return 0;
	g->levels = (int)levels;
	if (pt_geom_derive(g)) {
		*g = *pg;
		return 0;
	}
	*levels_src = "kconfig";
	return 0;
}

/*
 * Whether tlb_remove_table_sync_one() sends IPIs: the kernel config says
 * when it is readable, else the arch when it always selects the option.
 */
static int collapse_sync_ipi(const struct archprof *ap)
{
	const char *v;

	if (kconfig_readable()) {
		v = kconfig_get("MMU_GATHER_RCU_TABLE_FREE");
		return v && !strcmp(v, "y");
	}
	return ap->rcu_table_free ? 1 : -1;
}

int sysfacts_read(const struct archprof *ap, struct wl_sys *sys, char *why, size_t len)
{
	uint64_t sizes[MAX_SIZES];
	const char *src;
	struct pt_geom g;
	long long pmd;
	long ps;
	int i, n;

	memset(sys, 0, sizeof(*sys));
	ps = sysconf(_SC_PAGESIZE);
	if (ps <= 0) {
		set_why(why, len, "sysconf(_SC_PAGESIZE): %s", strerror(errno));
		return -1;
	}
	if (sys_geom(ap, (uint64_t)ps, &g, &src)) {
		set_why(why, len, "arch profile %s has no page-table geometry for %ld-byte pages",
			ap->arch, ps);
		return -1;
	}
	sys->page_size = (size_t)ps;
	/* One PMD entry maps what one PTE table maps. */
	if (read_ll(THP_DIR "/hpage_pmd_size", &pmd) || pmd <= 0)
		pmd = (long long)g.pte_span;
	sys->pmd_size = (size_t)pmd;
	sys->pte_table_span = g.pte_span;
	sys->pmd_table_span = g.pmd_span;
	sys->pte_lock_span = g.pte_lock_span;
	sys->pmd_lock_span = g.pmd_lock_span;
	sys->pud_size = g.pmd_span;
	sys->p4d_size = g.pud_span;
	sys->pgd_size = g.p4d_span;
	sys->levels = g.levels;
	sys->level_probe = (enum wl_level_probe)ap->level_probe;
	/*
	 * thp means "this kernel has THP for anonymous memory" (the sysfs
	 * directory exists), not "enabled is not never": enabled is a knob
	 * ptbench sets for its runs (to madvise) and puts back afterwards.
	 */
	sys->thp = exists(THP_DIR);
	sys->root = geteuid() == 0;
	sys->collapse_sync_ipi = collapse_sync_ipi(ap);
	n = list_sizes(HUGETLB_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n && i < WL_MAX_HUGETLB; i++)
		sys->hugetlb_size[i] = sizes[i];
	sys->nr_hugetlb = i;
	return 0;
}
