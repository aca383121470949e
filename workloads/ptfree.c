// SPDX-License-Identifier: GPL-2.0
/*
 * ptfree: page-table frees that must wait for GUP-fast. GUP-fast walks the
 * page tables with no lock, so a kernel that frees or reuses a table first
 * makes sure no walker is inside it: an IPI broadcast
 * (tlb_remove_table_sync_one()), RCU freeing, or a TLB-flush IPI that did
 * it already. Worker 0 does one such event per repetition on K tables:
 * hugetlb_unshare (one of P processes that share K hugetlb PMD tables
 * unmaps or exits), pt_reclaim (MADV_DONTNEED over K whole PTE tables,
 * v6.14+) or munmap (of K PTE tables); workers 1..N are bystanders on
 * other CPUs as in collapse (bystander.c), whose CPUs' IPIs are counted by
 * cause. Every event is checked from the kernel's view (VmPTE, pagemap).
 * docs/workloads.md has the kernel side and the known answers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mapping.h"
#include "probe.h"
#include "ptfree.h"
#include "services.h"

static const struct wl_param ptfree_params[] = {
	{ "event", WP_ENUM, "munmap", "hugetlb_unshare|pt_reclaim|munmap", 0, 0,
	  "hugetlb_unshare: a process sharing K hugetlb PMD tables unmaps or exits, or its child does "
	  "(how); pt_reclaim: "
	  "MADV_DONTNEED over K whole PTE tables; munmap: of K PTE tables",
	  WL_FIELD(struct ptfree, event) },
	{ "tables", WP_UINT, "1", NULL, 1, 256,
	  "K: page tables the event frees or unshares (PMD tables for hugetlb_unshare: K PUD-sized ranges)",
	  WL_FIELD(struct ptfree, tables) },
	{ "bystanders", WP_UINT, "1", "all", 0, 1023,
	  "other workers, one per CPU besides worker 0's; all: one on every other CPU", WL_TEXT },
	{ "bystander_mode", WP_ENUM, "spin", "idle|spin|gup", 0, 0,
	  "idle: asleep; spin: busy in user space, counting clock gaps; gup: GUP-fast in a loop",
	  WL_FIELD(struct ptfree, byst.mode) },
	{ "bystander_mm", WP_ENUM, "same", "same|other", 0, 0,
	  "same: threads of worker 0's mm; other: processes of their own (hugetlb_unshare's actor is "
	  "a process of its own either way)", WL_FIELD(struct ptfree, byst.other_mm) },
	{ "sharers", WP_UINT, "3", NULL, 2, PF_MAX_SHARERS,
	  "hugetlb_unshare: P processes sharing the tables", WL_FIELD(struct ptfree, nsharers) },
	{ "leaves", WP_ENUM, "exclusive", "shared|exclusive", 0, 0,
	  "hugetlb_unshare: the act leaves the tables shared by 2 or more (the first of 3 unmaps), "
	  "or owned by one (the second of 3)", WL_FIELD(struct ptfree, leaves) },
	{ "how", WP_ENUM, "unmap", "unmap|exit|fork_exit", 0, 0,
	  "hugetlb_unshare: the actor unmaps the range, or exits, or forks a child that touches "
	  "the range (attaching to the tables) and exits", WL_FIELD(struct ptfree, how) },
	{ "zap", WP_ENUM, "whole", "whole|partial", 0, 0,
	  "pt_reclaim: zap whole tables, or all but one page of each (frees none)",
	  WL_FIELD(struct ptfree, zap) },
	{ "gap_ns", WP_UINT, "2000", NULL, 100, 100000000,
	  "spin: an iteration longer than this counts as an interruption", WL_FIELD(struct ptfree, byst.gap_ns) },
	{ NULL },
};

/* Out of point ids at their defaults: they belong to one event each. */
static const char *const ptfree_omit[] = { "sharers", "leaves", "how", "zap", NULL };

/* Only where they mean something: a value elsewhere is a mistake, said so. */
static const struct { const char *param; enum pf_event event; } only_for[] = {
	{ "sharers", PF_HUGETLB_UNSHARE }, { "leaves", PF_HUGETLB_UNSHARE },
	{ "how", PF_HUGETLB_UNSHARE }, { "zap", PF_PT_RECLAIM },
};

const struct wl_metric ptfree_metrics[] = {
	[M_NS] = { "event_ns", "ns", 0, "the event's latency: the munmap or madvise call; how=exit "
		   "from the actor's _exit to its reaping; fork_exit from its fork to the child's reaping" },
	[M_TABLES] = { "tables_per_event", "tables", 0, "page tables the event freed (PTE tables, the "
		       "actor's VmPTE) or unshared (PMD tables, the actor's VmPTE; how=exit: those it held; "
		       "fork_exit: those the child attached)" },
	[M_SENT] = { "syncs_sent_per_event", "calls", 0, "tlb_remove_table_sync_one() calls, on any "
		     "CPU, per event: the broadcasts sent (a kprobe; counts every sender in the window)" },
	[M_SYNC] = { "sync_ipis_per_event", "calls", 0, "tlb_remove_table_smp_sync run on CPUs other "
		     "than worker 0's, per event (csd:csd_function_entry filtered on func)" },
	[M_SYNC_B] = { "sync_ipis_per_event_bystander", "calls", 0,
		       "the same on a bystander's CPU, mean over bystanders" },
	[M_SYNC_FANOUT] = { "sync_fanout", "CPUs", 0, "bystander CPUs that ran the sync per event" },
	[M_IPI_B] = { "ipis_per_event_bystander", "IPIs", 0, "function-call IPIs on a bystander's CPU "
		      "per event, mean (the profile's /proc/interrupts line: every kind)" },
	[M_IPI_BMAX] = { "ipis_per_event_bystander_max", "IPIs", 0, "the same, the CPU that got most" },
	[M_FANOUT] = { "ipi_fanout", "CPUs", 0, "bystander CPUs with at least one function-call IPI per event" },
	[M_TLB_B] = { "tlb_ipis_per_event_bystander", "calls", 0,
		      "x86 flush_tlb_func run on a bystander's CPU per event, mean" },
	[M_SHOOT_B] = { "tlb_shootdowns_per_event_bystander", "IPIs", 0,
			"TLB shoot-down interrupts on a bystander's CPU per event, mean" },
	[M_WAKE_B] = { "wakeup_ipis_per_event_bystander", "calls", 0,
		       "remote wake-ups (sched_ttwu_pending) on a bystander's CPU per event, mean" },
	[M_OTHER_B] = { "other_calls_per_event_bystander", "calls", 0, "every other cross-CPU call on "
			"a bystander's CPU per event, less ptbench's own counters', mean" },
	[M_IRQS] = { "bystander_irqs_per_sec", "1/s", 0,
		     "spin: interruptions (clock gaps > gap_ns) per second per bystander, the whole phase" },
	[M_GAP] = { "bystander_worst_gap_ns", "ns", 0, "spin: the longest gap any bystander saw during the event" },
	[M_PINS] = { "gup_pins_per_sec", "pins/s", 1, "gup: GUP-fast calls per second, all bystanders, during the event" },
	[M_PINS_Q] = { "gup_pins_per_sec_noevent", "pins/s", 1,
		       "gup: the same in the settling time before the event" },
	[M_NR] = { NULL },
};

static uint64_t ptfree_mem_bytes(const struct wl_point *pt)
{
	uint64_t k = wl_arg_ull(pt, "tables");

	if (!strcmp(wl_arg(pt, "event"), "hugetlb_unshare"))
		return k * wl_arg_ull(pt, "sharers") * pt->sys->pmd_size;
	return k * pt->sys->pmd_size + pt->nthreads * pt->sys->page_size;
}

/* ---- setup ---- */

static int check_params(const struct wl_point *pt, const struct ptfree *p, char *why, size_t len)
{
	const struct wl_param *par;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(only_for); i++) {
		par = workload_param(&ptfree_ops, only_for[i].param);
		if (p->event != only_for[i].event && strcmp(wl_arg(pt, par->name), par->def)) {
			snprintf(why, len, "%s applies to event=%s only", par->name,
				 only_for[i].event == PF_PT_RECLAIM ? "pt_reclaim" : "hugetlb_unshare");
			return -1;
		}
	}
	if (p->event == PF_HUGETLB_UNSHARE && p->leaves == LV_SHARED && p->nsharers < 3) {
		snprintf(why, len, "leaves=shared needs 3 sharers or more");
		return -1;
	}
	return 0;
}

static int parse_point(struct wl_point *pt, struct ptfree *p, char *why, size_t len)
{
	if (wl_bind(pt, ptfree_params, p, why, len))
		return -1;
	p->byst.n = pt->nthreads - 1;
	p->byst.page = p->page = pt->sys->page_size;
	p->pmd = pt->sys->pmd_size;
	p->pud = pt->sys->pud_size;
	p->memfd = -1;
	p->settle_ns = 2000000;
	if (!p->pmd || !p->pud) {
		snprintf(why, len, "no PMD or PUD size known for this arch");
		return WL_SKIP;
	}
	/* VmPTE counts a table as its entries x 8 bytes (mm_pgtables_bytes()) */
	p->table_bytes = p->event == PF_HUGETLB_UNSHARE ? p->pud / p->pmd * 8 : p->pmd / p->page * 8;
	return check_params(pt, p, why, len);
}

/* The range: K PUD ranges after a ballast one (hugetlb), or K PTE tables and a ballast one. */
static int map_range(struct ptfree *p, char *why, size_t len)
{
	size_t gup_len = (p->byst.n + 1) * p->page;

	p->len = p->event == PF_HUGETLB_UNSHARE ? (p->tables + 1) * p->pud : (p->tables + 1) * p->pmd;
	p->base = map_reserve(p->len + gup_len + p->pmd, p->pud, &p->raw, &p->raw_len);
	if (!p->base) {
		snprintf(why, len, "cannot reserve address space: %s", strerror(errno));
		return WL_SKIP;
	}
	p->byst.gup = p->gup = (char *)ALIGN_UP((uintptr_t)(p->base + p->len), p->pmd);
	if (mmap(p->gup, gup_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) == MAP_FAILED) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		return -1;
	}
	map_no_huge(p->gup, gup_len);
	memset(p->gup, 1, gup_len);
	if (p->event == PF_HUGETLB_UNSHARE)
		return 0;
	/* the ballast: one page in the PMD table's next PTE table keeps the PMD table */
	if (mmap(p->base + p->tables * p->pmd, p->page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		return -1;
	}
	p->base[p->tables * p->pmd] = 1;
	return 0;
}

/*
 * hugetlb_unshare: the pool, the file, and a trial build on any CPU: a
 * kernel that does not share the tables (no
 * CONFIG_HUGETLB_PMD_PAGE_TABLE_SHARING, e.g. arm64 64K pages, ppc64,
 * s390) is skipped with what the sharers saw.
 */
static int setup_hugetlb(const struct wl_point *pt, struct ptfree *p, char *why, size_t len)
{
	int ret = hugetlb_reserve(p->pmd, (long long)p->tables * p->nsharers, pt->sys->root, why, len);

	if (!ret)
		ret = sharers_setup(p, why, len);
	if (!ret)
		ret = sharers_build(p, -1, why, len);
	if (!ret && p->sh[1].shared != (int)p->tables) {
		snprintf(why, len, "no hugetlb PMD sharing here: the second sharer sees %d of the first's "
			 "%u pages in its own page tables (CONFIG_HUGETLB_PMD_PAGE_TABLE_SHARING: %s)",
			 p->sh[1].shared, p->tables, kconfig_readable() ?
			 (kconfig_on("HUGETLB_PMD_PAGE_TABLE_SHARING") ? "y" : "not set") : "unknown");
		ret = WL_SKIP;
	}
	sharers_reap(p);
	return ret;
}

static void ptfree_teardown(struct wl_point *pt);

static int ptfree_setup(struct wl_point *pt, char *why, size_t len)
{
	struct ptfree *p = calloc(1, sizeof(*p));
	int ret;

	if (!p) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	pt->priv = p;
	ret = parse_point(pt, p, why, len);
	if (!ret && p->event == PF_PT_RECLAIM && probe_pt_reclaim(pt->sys, why, len) != 1)
		ret = WL_SKIP;
	if (!ret)
		ret = map_range(p, why, len);
	if (!ret && byst_map(&p->byst)) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		ret = -1;
	}
	if (!ret && p->event == PF_HUGETLB_UNSHARE)
		ret = setup_hugetlb(pt, p, why, len);
	if (ret)
		ptfree_teardown(pt);	/* the harness tears down only a point that was set up */
	return ret;
}

/* ---- the phases ---- */

/* K PTE tables, every page faulted as a base page. */
static int rebuild_ptes(struct ptfree *p, char *why, size_t len)
{
	size_t span = p->tables * p->pmd, off;
	struct smaps_sum s;

	if (mmap(p->base, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) == MAP_FAILED || map_no_huge(p->base, span)) {
		snprintf(why, len, "mapping the range: %s", strerror(errno));
		return -1;
	}
	for (off = 0; off < span; off += p->page)
		p->base[off] = 1;
	if (smaps_range(p->base, span, &s) || s.rss != span || s.anon_huge ||
	    s.kernel_page_max != p->page) {
		snprintf(p->built_why, sizeof(p->built_why), "the range is not %u PTE tables of base "
			 "pages: Rss %llu of %zu bytes, AnonHugePages %llu", p->tables,
			 (unsigned long long)s.rss, span, (unsigned long long)s.anon_huge);
		return 0;
	}
	return 1;
}

static int ptfree_rep_begin(struct wl_point *pt, int rep, char *why, size_t len)
{
	struct ptfree *p = pt->priv;
	int built;

	if (p->event == PF_HUGETLB_UNSHARE) {
		if (sharers_build(p, pt->threads[0]->cpu, why, len))
			return -1;
		built = p->sh[p->nsharers - 1].shared == (int)p->tables;
		if (!built)
			snprintf(p->built_why, sizeof(p->built_why), "the last sharer sees %d of %u "
				 "tables shared", p->sh[p->nsharers - 1].shared, p->tables);
	} else if ((built = rebuild_ptes(p, why, len)) < 0) {
		return -1;
	}
	if (rep >= 0) {
		p->reps++;
		p->built += built;
	}
	p->done = p->failed = 0;
	p->t0 = p->t1 = 0;
	byst_rep_begin(&p->byst, PH_QUIET);
	return 0;
}

static void pte_event(struct ptfree *p)
{
	size_t span = p->tables * p->pmd;
	unsigned int i;
	int ret = 0;

	p->vmpte0 = vm_pte_bytes();
	p->t0 = now_mono();
	if (p->event == PF_MUNMAP)
		ret = munmap(p->base, span);
	else if (p->zap == ZAP_WHOLE)
		ret = madvise(p->base, span, MADV_DONTNEED);
	else
		for (i = 0; i < p->tables && !ret; i++)
			ret = madvise(p->base + i * p->pmd, p->pmd - p->page, MADV_DONTNEED);
	p->t1 = now_mono();
	p->vmpte1 = vm_pte_bytes();
	if (ret) {
		p->failed = 1;
		snprintf(p->fail_why, sizeof(p->fail_why), "%s: %s",
			 p->event == PF_MUNMAP ? "munmap" : "madvise", strerror(errno));
	}
}

static void ptfree_run(struct wl_thread *t)
{
	struct ptfree *p = t->pt->priv;
	struct timespec ts = { 0, (long)p->settle_ns };

	if (t->id) {
		byst_run(&p->byst, t);
		return;
	}
	/* the bystanders are under way before the event */
	nanosleep(&ts, NULL);
	byst_phase(&p->byst, PH_BUSY);
	if (p->event == PF_HUGETLB_UNSHARE)
		sharers_act(p);
	else
		pte_event(p);
	byst_phase(&p->byst, PH_DONE);
	p->done = !p->failed;
	t->ops += p->done;
	t->finished = 1;
}

static int ptfree_thread_setup(struct wl_thread *t)
{
	struct ptfree *p = t->pt->priv;

	return byst_thread_setup(&p->byst, t);
}

static void ptfree_thread_teardown(struct wl_thread *t)
{
	struct ptfree *p = t->pt->priv;

	byst_thread_teardown(&p->byst, t);
}

static void ptfree_teardown(struct wl_point *pt)
{
	struct ptfree *p = pt->priv;

	if (!p)
		return;
	sharers_teardown(p);
	byst_unmap(&p->byst);
	if (p->raw)
		munmap(p->raw, p->raw_len);
	free(p);
	pt->priv = NULL;
}

static const char *const ptfree_events[] = { BYST_EVENTS, NULL };

static const struct wl_headline ptfree_headlines[] = {
	{ "event_ns", WL_ROLE_TESTED, "latency" },
	{ "sync_ipis_per_event_bystander", WL_ROLE_TESTED, "sync IPIs" },
	{ "ipis_per_event_bystander", WL_ROLE_TESTED, "IPIs" },
	{ "gup_pins_per_sec", WL_ROLE_TESTED, "GUP pins/s" },
	{ NULL },
};

static const struct wl_shown_param ptfree_shown[] = {
	{ .param = "event", .shown = "" }, { .param = "tables", .shown = "K" },
	{ .param = "bystander_mode", .shown = "" }, { .param = "bystanders", .shown = "bys" },
	{ .param = "sharers", .shown = "P" }, { .param = "leaves", .shown = "leaves" },
	{ NULL },
};

static const struct wl_figure ptfree_figures[] = {
	{ "ptfree-sync", WL_FIG_LINES, "sync_ipis_per_event_bystander", "tables",
	  "event,leaves,how,zap", NULL, "bystanders,threads", "sync broadcasts a bystander CPU "
	  "receives per page-table free, by tables freed", "K tables", "sync IPIs per event", 0, 0 },
	{ NULL },
};

static const struct wl_show ptfree_show = {
	.title = "Page-table frees: latency and the IPIs GUP-fast costs bystanders",
	.headlines = ptfree_headlines,
	.row_keys = "event,tables,leaves,bystander_mode",
	.params = ptfree_shown,
	.figures = ptfree_figures,
};

const struct workload_ops ptfree_ops = {
	.name = "ptfree",
	.summary = "page-table frees that wait for GUP-fast: hugetlb PMD unsharing, PT reclaim, munmap",
	.show = &ptfree_show,
	.op_desc = "one event: an unmap or exit of a sharer of K hugetlb PMD tables (or of its "
		   "child), a zap of K PTE tables, or a munmap of K PTE tables",
	.params = ptfree_params,
	.omit_default = ptfree_omit,
	.events = ptfree_events,
	.mem_bytes = ptfree_mem_bytes,
	.setup = ptfree_setup,
	.thread_setup = ptfree_thread_setup,
	.run = ptfree_run,
	.thread_teardown = ptfree_thread_teardown,
	.validate = ptfree_validate,
	.teardown = ptfree_teardown,
	.flags = WL_FIXED_WORK,
	.metrics = ptfree_metrics,
	.rep_begin = ptfree_rep_begin,
	.rep_end = ptfree_rep_end,
	.workers = byst_workers,
	.resolve = byst_resolve,
};
