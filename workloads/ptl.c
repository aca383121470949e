// SPDX-License-Identifier: GPL-2.0
/*
 * ptl: page-table lock contention. Each worker operates on its own region of
 * one mm; "shared" puts every region inside one page table (one split lock
 * for all), "split" puts each region in a page table of its own (aligned to
 * the span that may share one lock). Both placements lay out the same N
 * tables at the same addresses, each with one ballast page, and put worker
 * i's region at the same offset within its table: they differ only in
 * which table each region is in. The ops, and the locks they take, are
 * described in docs/workloads.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptl.h"

static const struct wl_param ptl_params[] = {
	{ "level", WP_ENUM, "pmd", "pte|pmd|hugetlb|hugetlb:SIZE", 0, 0,
	  "what maps the region: base pages (PTE table lock), PMD-mapped THPs (PMD lock), "
	  "or hugetlb pages (every size the system has, or one)", WL_FIELD(struct ptl, level) },
	{ "placement", WP_ENUM, "split", "shared|split", 0, 0,
	  "shared: all workers' regions in one page table; split: one page table each",
	  WL_FIELD(struct ptl, split) },
	{ "op", WP_ENUM, "fault", "fault|mincore|pagemap", 0, 0,
	  "fault: touch every page, then MADV_DONTNEED the region; mincore or pagemap: "
	  "walk the mapped region (takes the table lock under mmap_read_lock)", WL_FIELD(struct ptl, op) },
	{ "pages", WP_UINT, "8", "auto", 1, 1 << 20,
	  "leaf pages (base, THP or hugetlb) in each worker's region; auto: the most such that "
	  "the shared placement fits one page table at the largest worker count of the sweep "
	  "(split uses the same)", WL_FIELD(struct ptl, pages) },
	{ "pt_reclaim", WP_ENUM, "keep", "keep|allow", 0, 0,
	  "keep: one ballast page in every worker's table, so that no zap empties a table and "
	  "PT reclaim (CONFIG_PT_RECLAIM, v6.14+) never frees one: split and shared measure the "
	  "same on every kernel; allow: no ballast, and a region may fill its whole table "
	  "(split placement, pages = a table's entries), so that each zap frees the table and "
	  "the point measures what PT reclaim costs", WL_FIELD(struct ptl, pt_reclaim) },
	{ "inject_ns", WP_UINT, "0", NULL, 0, 100000000,
	  "calibration: busy-wait this many ns in user space after each operation "
	  "(a known cost for ptbench calibrate; 0 for real measurements)", WL_FIELD(struct ptl, inject_ns) },
	{ NULL },
};

/*
 * inject_ns=0 is left out of ids: calibration, not an axis; pt_reclaim=keep
 * too, so that ids stay those of results made before it existed.
 */
static const char *const ptl_omit_default[] = { "pt_reclaim", "inject_ns", NULL };

enum { M_PT_ALLOC, M_PT_FREED };

static const struct wl_metric ptl_metrics[] = {
	[M_PT_ALLOC] = { "pt_alloc_per_op", "tables", 0,
			 "PTE tables one op allocates (VmPTE around one op per worker after each "
			 "repetition; a THP fault's deposited table counts)" },
	[M_PT_FREED] = { "pt_freed_per_op", "tables", 0,
			 "PTE tables one op frees (PT reclaim, or a THP zap's deposited table): must "
			 "be 0 for a pte point unless pt_reclaim=allow" },
	{ NULL },
};

static const struct wl_ratio ptl_ratios[] = {
	{ "split_benefit", "placement", "split", "shared",
	  "throughput with one page table per worker / with all workers in one page table",
	  "layout_effect" },
	{ NULL },
};

static int ptl_expand(const char *param, const char *val, const struct wl_sys *sys,
		      char (*out)[32], int max)
{
	char sz[24];
	int i;

	if (strcmp(param, "level") || strcmp(val, "hugetlb"))
		return 0;
	for (i = 0; i < sys->nr_hugetlb && i < max; i++) {
		fmt_size(sys->hugetlb_size[i], sz, sizeof(sz));
		snprintf(out[i], 32, "hugetlb:%s", sz);
	}
	return i;
}

static uint64_t hugetlb_size_of(const struct wl_point *pt)
{
	const char *lvl = wl_arg(pt, "level");
	uint64_t sz = 0;

	if (strncmp(lvl, "hugetlb:", 8) || parse_size(lvl + 8, &sz))
		return 0;
	return sz;
}

static uint64_t leaf_size_of(const char *lvl, const struct wl_sys *sys)
{
	uint64_t sz = 0;

	if (!strcmp(lvl, "pte"))
		return sys->page_size;
	if (!strcmp(lvl, "pmd"))
		return sys->pmd_size;
	if (strncmp(lvl, "hugetlb:", 8) || parse_size(lvl + 8, &sz))
		return 0;
	return sz;
}

static uint64_t leaf_size(const struct wl_point *pt)
{
	const char *lvl = wl_arg(pt, "level");

	if (!strcmp(lvl, "pte"))
		return pt->sys->page_size;
	if (!strcmp(lvl, "pmd"))
		return pt->sys->pmd_size;
	return hugetlb_size_of(pt);
}

static uint64_t ptl_mem_bytes(const struct wl_point *pt)
{
	return (leaf_size(pt) * wl_arg_ull(pt, "pages") + pt->sys->page_size) * pt->nthreads;
}

/*
 * The page table that holds a leaf of this size, and the lock span. hugetlb
 * sizes below the PMD size are contiguous PTEs (arm64), in a PTE table; up
 * to the PUD size, a PMD table; above, a PUD table, always under the mm-wide
 * page_table_lock.
 */
static void table_geometry(struct ptl *p, const struct wl_sys *sys)
{
	if (p->leaf < sys->pmd_size) {
		p->table = sys->pte_table_span;
		p->lock = sys->pte_lock_span;
	} else if (p->leaf < sys->pud_size) {
		p->table = sys->pmd_table_span;
		p->lock = sys->pmd_lock_span;
	} else {
		p->table = sys->pud_size * (sys->page_size / 8);
		p->lock = p->table;
	}
}

/*
 * pages=auto: the shared placement holds N regions of pages + 1 leaves
 * (the hole) and one more leaf slot (the ballast) in one table, so pages =
 * floor((slots - 1) / N) - 1 at the largest N, and at least 1 (a point
 * where even that does not fit is then skipped by layout() with the reason).
 */
static int ptl_resolve(const char *param, const struct wl_args *args, unsigned int max_threads,
		       unsigned int ncpus, const struct wl_sys *sys, char *out, size_t outlen,
		       char *why, size_t whylen)
{
	const char *lvl = wl_args_get(args, "level");
	struct ptl p = { 0 };
	uint64_t slots, pages;
	char tb[24];

	if (strcmp(param, "pages") || !lvl || !(p.leaf = leaf_size_of(lvl, sys))) {
		snprintf(why, whylen, "no such level or size here");
		return -1;
	}
	(void)ncpus;
	table_geometry(&p, sys);
	slots = p.table / p.leaf;
	pages = slots > 1 ? (slots - 1) / MAX(max_threads, 1) : 0;
	pages = pages > 1 ? pages - 1 : 1;
	fmt_size(p.table, tb, sizeof(tb));
	snprintf(out, outlen, "%llu", (unsigned long long)pages);
	snprintf(why, whylen, "the most %s pages per worker with %u workers' regions in one "
		 "page table of %s, the shared placement", lvl, MAX(max_threads, 1), tb);
	return 0;
}

static int parse_point(struct wl_point *pt, struct ptl *p, char *why, size_t len)
{
	const char *lvl = wl_arg(pt, "level");

	if (wl_bind(pt, ptl_params, p, why, len))
		return -1;
	/* "hugetlb:SIZE", the fourth choice, is hugetlb of one size (leaf_size() reads which) */
	if (p->level > LVL_HUGETLB)
		p->level = LVL_HUGETLB;
	p->leaf = leaf_size(pt);
	if (p->level == LVL_HUGETLB && !pt->sys->nr_hugetlb) {
		if (!arch_no_huge_why(why, len))
			snprintf(why, len, "this kernel offers no hugetlb page sizes (no /sys/kernel/mm/hugepages)");
		return WL_SKIP;
	}
	if (!p->leaf) {
		snprintf(why, len, "level \"%s\": no such hugetlb size here", lvl);
		return WL_SKIP;
	}
	if (p->level == LVL_PMD && !pt->sys->thp) {
		if (!arch_no_huge_why(why, len))
			snprintf(why, len, "no THP in this kernel (no /sys/kernel/mm/transparent_hugepage)");
		return WL_SKIP;
	}
	table_geometry(p, pt->sys);
	return 0;
}

/* Where worker i's region starts. */
char *region_of(const struct ptl *p, unsigned int i)
{
	uint64_t off = p->same_offsets ? i * p->slot : 0;

	return p->base + (p->split ? i * p->span : 0) + off;
}

/*
 * One base page in the last leaf slot of table k: every one of the N tables
 * exists in both placements, allocated on its worker's CPU, and none is
 * ever emptied by a zap (which would let CONFIG_PT_RECLAIM free it). None
 * with pt_reclaim=allow.
 */
static char *ballast_of(const struct ptl *p, unsigned int k)
{
	return p->base + k * p->span + p->table - p->leaf;
}

/*
 * Regions are separated by one unmapped leaf so that each is its own VMA
 * (adjacent anonymous mappings would merge, and a shared VMA would add
 * per-VMA lock contention that split placement does not have). Both
 * placements reserve N tables of the lock span: shared uses table 0 for
 * every region and tables 1..N-1 for their ballast only.
 */
static int layout(struct wl_point *pt, struct ptl *p, char *why, size_t len)
{
	uint64_t region = p->pages * p->leaf, need, total;
	char a[24], b[24];

	fmt_size(p->table, b, sizeof(b));
	/* keep: strictly smaller than the table, with room for the gap and the ballast */
	if (p->pt_reclaim ? region > p->table : region + 2 * p->leaf > p->table) {
		fmt_size(region, a, sizeof(a));
		snprintf(why, len, "a region of %s does not fit in one page table (%s)%s", a, b,
			 p->pt_reclaim ? "" : " with room to spare (pt_reclaim=allow lets it fill one)");
		return WL_SKIP;
	}
	p->slot = region + p->leaf;
	/* a region with no room for a gap in its table: every other table, so VMAs never merge */
	p->span = region + p->leaf > p->table ? 2 * p->lock : p->lock;
	need = p->slot * pt->nthreads + p->leaf;
	p->same_offsets = need <= p->table;
	if (!p->same_offsets && !p->split) {
		fmt_size(need, a, sizeof(a));
		snprintf(why, len, "shared placement needs %s in one page table of %s: "
			 "lower pages or threads", a, b);
		return WL_SKIP;
	}
	total = p->span * pt->nthreads;
	p->base = map_reserve(total, p->span, &p->raw, &p->raw_len);
	if (!p->base) {
		fmt_size(total, a, sizeof(a));
		snprintf(why, len, "cannot reserve %s of address space: %s", a, strerror(errno));
		return WL_SKIP;
	}
	return 0;
}

/* Grow the hugetlb pool for the point through the knob layer (restored after it). */
static int reserve_hugetlb(struct wl_point *pt, struct ptl *p, char *why, size_t len)
{
	return hugetlb_reserve(p->leaf, (long long)(p->pages * pt->nthreads), pt->sys->root, why, len);
}

static int map_region(struct ptl *p, char *at, uint64_t len)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
	void *m;

	if (p->level == LVL_HUGETLB)
		flags |= MAP_HUGETLB | map_huge_flag(p->leaf);
	m = mmap(at, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	if (p->level == LVL_PTE)
		return map_no_huge(m, len);
	if (p->level == LVL_PMD)
		return madvise(m, len, MADV_HUGEPAGE) ? -errno : 0;
	return 0;
}

static int map_ballast(char *at, size_t page)
{
	void *m = mmap(at, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);

	if (m == MAP_FAILED)
		return -errno;
	return map_no_huge(m, page);
}

static void touch(char *r, uint64_t pages, uint64_t leaf)
{
	uint64_t i;

	for (i = 0; i < pages; i++)
		((volatile char *)r)[i * leaf] = 1;
}

static void ptl_teardown(struct wl_point *pt);

/* The harness calls teardown only after a setup that worked: undo a partial one here. */
static int ptl_setup_fail(struct wl_point *pt, int ret)
{
	ptl_teardown(pt);
	return ret;
}

static int ptl_setup(struct wl_point *pt, char *why, size_t len)
{
	struct ptl *p = calloc(1, sizeof(*p));
	unsigned int i;
	int ret;

	if (!p) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	pt->priv = p;
	ret = parse_point(pt, p, why, len);
	if (!ret && p->level == LVL_PMD)
		ret = thp_allow(why, len);
	if (!ret && p->level == LVL_HUGETLB)
		ret = reserve_hugetlb(pt, p, why, len);
	if (!ret)
		ret = layout(pt, p, why, len);
	if (ret)
		return ptl_setup_fail(pt, ret);
	p->seen = calloc(pt->nthreads, sizeof(*p->seen));
	p->cpu_node = calloc(pt->nthreads, sizeof(*p->cpu_node));
	p->mem_node = calloc(pt->nthreads, sizeof(*p->mem_node));
	for (i = 0; p->seen && p->cpu_node && p->mem_node && i < pt->nthreads; i++) {
		ret = map_region(p, region_of(p, i), p->pages * p->leaf);
		if (ret) {
			snprintf(why, len, "mapping the region of worker %u: %s", i, strerror(-ret));
			return ptl_setup_fail(pt, p->level == LVL_HUGETLB ? WL_SKIP : -1);
		}
		ret = p->pt_reclaim ? 0 : map_ballast(ballast_of(p, i), pt->sys->page_size);
		if (ret) {
			snprintf(why, len, "mapping the ballast page of table %u: %s", i, strerror(-ret));
			return ptl_setup_fail(pt, -1);
		}
	}
	if (!p->seen || !p->cpu_node || !p->mem_node) {
		snprintf(why, len, "out of memory");
		return ptl_setup_fail(pt, -1);
	}
	return 0;
}

static int ptl_thread_setup(struct wl_thread *t)
{
	struct ptl *p = t->pt->priv;
	struct ptl_thread *pt = calloc(1, sizeof(*pt));
	uint64_t base_pages;

	if (!pt)
		return -ENOMEM;
	t->priv = pt;
	pt->pm_fd = -1;
	pt->region = region_of(p, t->id);
	pt->len = p->pages * p->leaf;
	base_pages = pt->len / t->pt->sys->page_size;
	/*
	 * Fault the ballast of table id and the region in on the worker's CPU
	 * (local memory and page tables), then look at the region.
	 */
	if (!p->pt_reclaim)
		touch(ballast_of(p, t->id), 1, 1);
	touch(pt->region, p->pages, p->leaf);
	if (smaps_range(pt->region, pt->len, &p->seen[t->id]))
		return -EIO;
	p->cpu_node[t->id] = current_node();
	p->mem_node[t->id] = page_node(pt->region);
	if (p->op == OP_FAULT)
		return madvise(pt->region, pt->len, MADV_DONTNEED) ? -errno : 0;
	if (p->op == OP_MINCORE) {
		pt->vec = malloc(base_pages);
		return pt->vec ? 0 : -ENOMEM;
	}
	pt->pm = malloc(base_pages * sizeof(*pt->pm));
	pt->pm_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (!pt->pm || pt->pm_fd < 0)
		return pt->pm ? -errno : -ENOMEM;
	return 0;
}

static inline void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("pause" ::: "memory");
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/*
 * The calibration cost: spin on the monotonic clock (vDSO, no syscall on
 * the usual clock sources) until ns have passed. A spin, not a sleep, so
 * the worker stays on its CPU and the cost is CPU time like the op's own.
 * It adds ns plus about one clock read (tens of ns) per op.
 */
static void inject(uint64_t ns)
{
	uint64_t end;

	if (!ns)
		return;
	end = now_ns() + ns;
	while (now_ns() < end)
		spin_pause();
}

static void run_fault(struct wl_thread *t, struct ptl_thread *pt, const struct ptl *p)
{
	while (!READ_ONCE(*t->stop)) {
		touch(pt->region, p->pages, p->leaf);
		if (madvise(pt->region, pt->len, MADV_DONTNEED)) {
			t->error = errno;
			return;
		}
		inject(p->inject_ns);
		t->ops++;
	}
}

static void run_mincore(struct wl_thread *t, struct ptl_thread *pt, const struct ptl *p)
{
	while (!READ_ONCE(*t->stop)) {
		if (mincore(pt->region, pt->len, pt->vec)) {
			t->error = errno;
			return;
		}
		inject(p->inject_ns);
		t->ops++;
	}
}

static void run_pagemap(struct wl_thread *t, struct ptl_thread *pt, const struct ptl *p)
{
	size_t n = pt->len / t->pt->sys->page_size * sizeof(uint64_t);
	off_t off = (off_t)((uintptr_t)pt->region / t->pt->sys->page_size * sizeof(uint64_t));

	while (!READ_ONCE(*t->stop)) {
		if (pread(pt->pm_fd, pt->pm, n, off) != (ssize_t)n) {
			t->error = errno ? errno : EIO;
			return;
		}
		inject(p->inject_ns);
		t->ops++;
	}
}

static void ptl_run(struct wl_thread *t)
{
	const struct ptl *p = t->pt->priv;
	struct ptl_thread *pt = t->priv;

	switch (p->op) {
	case OP_FAULT:
		run_fault(t, pt, p);
		break;
	case OP_MINCORE:
		run_mincore(t, pt, p);
		break;
	case OP_PAGEMAP:
		run_pagemap(t, pt, p);
		break;
	}
}

/* After each repetition: what one op does to the page tables (ptl_tables.c). */
static void ptl_rep_end(struct wl_point *pt, int rep, double *val)
{
	(void)rep;
	ptl_probe_tables(pt, &val[M_PT_ALLOC], &val[M_PT_FREED]);
}

static void ptl_thread_teardown(struct wl_thread *t)
{
	struct ptl_thread *pt = t->priv;

	if (!pt)
		return;
	if (pt->pm_fd >= 0)
		close(pt->pm_fd);
	free(pt->vec);
	free(pt->pm);
	free(pt);
	t->priv = NULL;
}

static void ptl_teardown(struct wl_point *pt)
{
	struct ptl *p = pt->priv;

	if (!p)
		return;
	if (p->raw)
		munmap(p->raw, p->raw_len);
	free(p->seen);
	free(p->cpu_node);
	free(p->mem_node);
	free(p);
	pt->priv = NULL;
}

/* How ptl is shown (workload.h, struct wl_show): compare's summary, plots, the report. */
static const struct wl_headline ptl_headlines[] = {
	{ "ops_per_sec", WL_ROLE_TESTED, "ops/s" },
	{ "split_benefit", WL_ROLE_TESTED, "split benefit" },
	{ "scaling_efficiency", WL_ROLE_TESTED, "scaling" },
	{ "layout_effect", WL_ROLE_SHOWN, "layout effect" },
	{ NULL },
};

static const struct wl_shown_param ptl_shown[] = {
	{ .param = "level", .shown = "" }, { .param = "placement", .shown = "" }, { .param = "op", .shown = "" },
	{ NULL },
};

static const struct wl_figure ptl_figures[] = {
	{ "ptl-throughput", WL_FIG_LINES, "ops_per_sec", "threads", "placement", "level", "pages",
	  "page-table lock throughput by worker threads, a panel per level; solid: one shared "
	  "table, dashed: split tables", "worker threads", "throughput", 0, 0 },
	{ "ptl-split-benefit", WL_FIG_LINES, "split_benefit", "threads", "placement", "level", "pages",
	  "split-lock benefit = throughput with split tables / with one shared table",
	  "worker threads", "split / shared", 0, 1 },
	{ NULL },
};

static const struct wl_show ptl_show = {
	.title = "page-table lock contention: split vs shared locks",
	.headlines = ptl_headlines,
	.row_keys = "placement,threads",
	.params = ptl_shown,
	.figures = ptl_figures,
};

const struct workload_ops ptl_ops = {
	.name = "ptl",
	.summary = "page-table lock contention: split vs shared page-table locks",
	.show = &ptl_show,
	.op_desc = "one pass over the worker's region (fault+zap, mincore or pagemap read)",
	.params = ptl_params,
	.omit_default = ptl_omit_default,
	.ratios = ptl_ratios,
	.expand = ptl_expand,
	.resolve = ptl_resolve,
	.mem_bytes = ptl_mem_bytes,
	.setup = ptl_setup,
	.thread_setup = ptl_thread_setup,
	.run = ptl_run,
	.thread_teardown = ptl_thread_teardown,
	.validate = ptl_validate,
	.teardown = ptl_teardown,
	.metrics = ptl_metrics,
	.rep_end = ptl_rep_end,
};
