// SPDX-License-Identifier: GPL-2.0
/*
 * collapse: what a THP collapse costs and whom it disturbs. Worker 0, the
 * collapser, collapses R PTE-mapped PMD-sized regions one at a time with
 * MADV_COLLAPSE (or waits for khugepaged to do it), timing each; workers
 * 1..N are bystanders on other CPUs, idle, spinning (counting the gaps in a
 * fast clock that interrupts leave) or running GUP-fast in a loop, as
 * threads of the same mm or as processes of their own (the control: not in
 * the collapsing mm's cpumask). The kernel side and what each count means
 * are in docs/workloads.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "collapse.h"
#include "mapping.h"
#include "probe.h"
#include "services.h"

static const struct wl_param collapse_params[] = {
	{ "regions", WP_UINT, "16", NULL, 1, 16384,
	  "PMD-sized regions collapsed per repetition (the size follows the system's PMD size)",
	  WL_FIELD(struct collapse, regions) },
	{ "bystanders", WP_UINT, "1", "all", 0, 1023,
	  "other workers, one per CPU besides the collapser's: the point runs 1 + bystanders workers; "
	  "all: one on every other CPU (the sync IPI's fan-out)", WL_TEXT },
	{ "bystander_mode", WP_ENUM, "spin", "idle|spin|gup", 0, 0,
	  "idle: asleep; spin: busy in user space, counting clock gaps; "
	  "gup: GUP-fast in a loop (shared-futex wake: one 1-page get_user_pages_fast per call)",
	  WL_FIELD(struct collapse, byst.mode) },
	{ "bystander_mm", WP_ENUM, "same", "same|other", 0, 0,
	  "same: bystanders are threads of the collapsing mm; other: processes of their own "
	  "on the same CPUs (the control)", WL_FIELD(struct collapse, byst.other_mm) },
	{ "mode", WP_ENUM, "madvise", "madvise|khugepaged", 0, 0,
	  "madvise: MADV_COLLAPSE one region at a time; khugepaged: tuned through the knob "
	  "layer, time until it collapsed every region", WL_FIELD(struct collapse, khugepaged) },
	{ "gap_ns", WP_UINT, "2000", NULL, 100, 100000000,
	  "spin: an iteration longer than this counts as an interruption", WL_FIELD(struct collapse, byst.gap_ns) },
	{ "baseline_ms", WP_UINT, "0", NULL, 0, 60000,
	  "bystanders run this long before the collapses start in each phase, for the "
	  "*_nocollapse figures (0: none)", WL_FIELD(struct collapse, baseline_ms) },
	{ NULL },
};

const struct wl_metric collapse_metrics[] = {
	[M_P50] = { "collapse_ns_p50", "ns", 0, "median MADV_COLLAPSE latency of one PMD region" },
	[M_P90] = { "collapse_ns_p90", "ns", 0, "90th percentile collapse latency" },
	[M_P99] = { "collapse_ns_p99", "ns", 0, "99th percentile collapse latency" },
	[M_MAX] = { "collapse_ns_max", "ns", 0, "longest collapse of the repetition" },
	[M_MEAN] = { "collapse_ns_mean", "ns", 0, "mean collapse latency" },
	[M_RATE] = { "collapses_per_sec", "collapses/s", 1,
		     "successful collapses per second of the collapsing part of the phase" },
	[M_KHD] = { "khugepaged_seconds", "s", 0,
		    "mode=khugepaged: time until khugepaged had collapsed every region" },
	[M_EAGAIN] = { "collapse_eagain", "count", 0, "MADV_COLLAPSE calls that failed with EAGAIN" },
	[M_EBUSY] = { "collapse_ebusy", "count", 0, "MADV_COLLAPSE calls that failed with EBUSY" },
	[M_OTHER] = { "collapse_other_failures", "count", 0, "MADV_COLLAPSE calls that failed otherwise" },
	[M_IPI] = { "ipis_per_collapse", "IPIs", 0,
		    "function-call IPIs received by every CPU but the collapser's, per collapse "
		    "(irq:function_call, the profile's /proc/interrupts line)" },
	[M_IPI_B] = { "ipis_per_collapse_bystander", "IPIs", 0,
		      "function-call IPIs received on a bystander's CPU per collapse, mean over bystanders" },
	[M_IPI_BMAX] = { "ipis_per_collapse_bystander_max", "IPIs", 0,
			 "the same, the bystander CPU that received most" },
	[M_FANOUT] = { "ipi_fanout", "CPUs", 0,
		       "bystander CPUs that received at least one function-call IPI per collapse "
		       "(count >= collapses), of the repetition" },
	[M_SYNC] = { "sync_ipis_per_collapse", "calls", 0,
		     "tlb_remove_table_smp_sync run on CPUs other than the collapser's, per collapse "
		     "(csd:csd_function_entry filtered on func)" },
	[M_SYNC_B] = { "sync_ipis_per_collapse_bystander", "calls", 0,
		       "tlb_remove_table_smp_sync run on a bystander's CPU per collapse, mean" },
	[M_TLB_B] = { "tlb_ipis_per_collapse_bystander", "calls", 0,
		      "the arch's remote TLB-flush function (x86 flush_tlb_func) run on a bystander's "
		      "CPU per collapse, mean" },
	[M_SHOOT_B] = { "tlb_shootdowns_per_collapse_bystander", "IPIs", 0,
			"TLB shoot-down interrupts (irq:tlb_shootdown) on a bystander's CPU per collapse, mean" },
	[M_WAKE_B] = { "wakeup_ipis_per_collapse_bystander", "calls", 0,
		       "remote wake-ups run on a bystander's CPU per collapse, mean (sched_ttwu_pending: "
		       "the harness starting the phase, or a kernel worker woken there)" },
	[M_OTHER_B] = { "other_calls_per_collapse_bystander", "calls", 0,
			"every other cross-CPU function call run on a bystander's CPU per collapse, mean "
			"(csd:csd_function_entry less sync, TLB, wake-ups and ptbench's own counters)" },
	[M_SENT] = { "syncs_sent_per_collapse", "calls", 0,
		     "tlb_remove_table_sync_one() calls on any CPU per collapse: the sync broadcasts "
		     "sent (a kprobe; every sender in the window), beside the line's count of every kind" },
	[M_IRQS] = { "bystander_irqs_per_sec", "1/s", 0,
		     "spin: interruptions (clock gaps > gap_ns) per second per bystander while collapsing" },
	[M_IRQS_Q] = { "bystander_irqs_per_sec_nocollapse", "1/s", 0,
		       "spin: the same in the baseline window, before the collapses" },
	[M_GAP] = { "bystander_worst_gap_ns", "ns", 0, "spin: the longest gap any bystander saw while collapsing" },
	[M_LOST] = { "bystander_lost_fraction", "fraction", 0,
		     "spin: share of the collapsing time lost to gaps, mean over bystanders" },
	[M_PINS] = { "gup_pins_per_sec", "pins/s", 1,
		     "gup: GUP-fast calls per second, all bystanders, while collapsing" },
	[M_PINS_Q] = { "gup_pins_per_sec_nocollapse", "pins/s", 1,
		       "gup: the same in the baseline window, before the collapses" },
	[M_GUPFAIL] = { "gup_failures", "count", 0, "gup: calls that returned an error" },
	[M_NR] = { NULL },
};

const struct wl_metric collapse_dists[] = {
	{ "collapse_latency_ns", "ns", 0, "every MADV_COLLAPSE latency of the measured repetitions" },
	{ NULL },
};

static uint64_t collapse_mem_bytes(const struct wl_point *pt)
{
	return wl_arg_ull(pt, "regions") * pt->sys->pmd_size + pt->nthreads * pt->sys->page_size;
}

/* ---- setup ---- */

/*
 * Beyond probe_madv_collapse() (the kernel knows the advice): a collapse of
 * one region with one page touched, which is EINVAL when the kernel has no
 * PMD-sized THP for this mapping. Too costly for ptbench info on arm64
 * 16K/64K (a 32M or 512M PMD), so only the point that needs it pays it.
 */
static int check_pmd_collapse(const struct collapse *c, char *why, size_t len)
{
	void *raw;
	size_t raw_len;
	char *m = map_reserve(c->pmd, c->pmd, &raw, &raw_len);
	int ret = 0;

	if (!m) {
		snprintf(why, len, "cannot reserve address space: %s", strerror(errno));
		return -1;
	}
	if (mmap(m, c->pmd, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	    MAP_FAILED) {
		snprintf(why, len, "mmap: %s", strerror(errno));
		ret = -1;
	} else {
		m[0] = 1;
		if (madvise(m, c->pmd, MADV_COLLAPSE) && errno == EINVAL) {
			snprintf(why, len, "MADV_COLLAPSE of a PMD region: EINVAL (no PMD-sized THP "
				 "here, e.g. s390 without EDAT)");
			ret = WL_SKIP;
		}
	}
	munmap(raw, raw_len);
	return ret;
}

/*
 * mode=madvise: the regions carry VM_HUGEPAGE (MADV_COLLAPSE needs the
 * NOHUGEPAGE of the rebuild cleared), so khugepaged may collapse one before
 * the collapser gets to it, which then times a no-op and sends no IPI. Send
 * khugepaged to sleep for the point (saved and restored by the knob layer;
 * the store wakes it only to re-arm its timer). Without root the race stays
 * and the point's counts show it (pages_collapsed is checked in validate).
 */
static void quiet_khugepaged(const struct wl_point *pt)
{
	if (pt->sys->root)
		knob_set(KHUGEPAGED "scan_sleep_millisecs", "86400000");
}

static int tune_khugepaged(const struct collapse *c, char *why, size_t len)
{
	char val[32];

	/*
	 * Scan without sleeping between passes, and enough pages per pass to
	 * cover the range once: the time measured is then khugepaged's work,
	 * not its default 10 s nap.
	 */
	snprintf(val, sizeof(val), "%zu", (size_t)c->regions * (c->pmd / c->page) + 4096);
	if (knob_set(KHUGEPAGED "scan_sleep_millisecs", "0") ||
	    knob_set(KHUGEPAGED "alloc_sleep_millisecs", "0") ||
	    knob_set(KHUGEPAGED "pages_to_scan", val)) {
		snprintf(why, len, "cannot tune khugepaged (%s): %s", KHUGEPAGED, strerror(errno));
		return WL_SKIP;
	}
	return 0;
}

static int parse_point(struct wl_point *pt, struct collapse *c, char *why, size_t len)
{
	if (wl_bind(pt, collapse_params, c, why, len))
		return -1;
	c->byst.n = pt->nthreads - 1;
	c->baseline_ns = c->baseline_ms * 1000000ULL;
	c->pmd = pt->sys->pmd_size;
	c->page = pt->sys->page_size;
	/* one unmapped PMD between regions: each its own VMA, each aligned */
	c->stride = 2 * c->pmd;
	if (!pt->sys->thp || !c->pmd) {
		snprintf(why, len, "no THP in this kernel (no /sys/kernel/mm/transparent_hugepage)");
		return WL_SKIP;
	}
	if (c->khugepaged && !pt->sys->root) {
		snprintf(why, len, "mode=khugepaged tunes khugepaged: needs root");
		return WL_SKIP;
	}
	return 0;
}

static int map_range(struct collapse *c, char *why, size_t len)
{
	size_t span = (size_t)c->regions * c->stride, gup_len = (c->byst.n + 1) * c->page;
	unsigned int i;

	c->base = map_reserve(span + c->pmd + gup_len, c->pmd, &c->raw, &c->raw_len);
	if (!c->base) {
		snprintf(why, len, "cannot reserve address space: %s", strerror(errno));
		return WL_SKIP;
	}
	/* the collapsing range stays out of bystander processes */
	madvise(c->raw, c->raw_len, MADV_DONTFORK);
	for (i = 0; i < c->regions; i++) {
		char *r = c->base + (size_t)i * c->stride;

		if (mmap(r, c->pmd, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			 -1, 0) == MAP_FAILED)
			goto fail;
		madvise(r, c->pmd, MADV_DONTFORK);
	}
	/* GUP-fast targets near the range: right after it, base pages, own VMA */
	c->byst.gup = c->base + span;
	c->byst.page = c->page;
	if (mmap(c->byst.gup, gup_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		goto fail;
	madvise(c->byst.gup, gup_len, MADV_NOHUGEPAGE);
	madvise(c->byst.gup, gup_len, MADV_DOFORK);
	memset(c->byst.gup, 1, gup_len);
	if (byst_map(&c->byst))
		goto fail;
	return 0;
fail:
	snprintf(why, len, "mapping the regions: %s", strerror(errno));
	return -1;
}

static void collapse_teardown(struct wl_point *pt);

static int collapse_setup(struct wl_point *pt, char *why, size_t len)
{
	struct collapse *c = calloc(1, sizeof(*c));
	int ret;

	if (!c) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	pt->priv = c;
	ret = parse_point(pt, c, why, len);
	if (!ret && !probe_madv_collapse(pt->sys, why, len))	/* before anything is mapped */
		ret = WL_SKIP;
	if (!ret)
		ret = thp_allow(why, len);
	if (!ret)
		ret = check_pmd_collapse(c, why, len);
	if (!ret && c->khugepaged)
		ret = tune_khugepaged(c, why, len);
	if (!ret && !c->khugepaged)
		quiet_khugepaged(pt);
	if (!ret)
		ret = map_range(c, why, len);
	if (!ret && read_ll(KHUGEPAGED "pages_collapsed", &c->khd_collapsed0))
		c->khd_collapsed0 = -1;
	if (ret)
		collapse_teardown(pt);	/* the harness tears down only a point that was set up */
	return ret;
}

/* ---- the collapser ---- */

static void record_failure(struct collapse *c, int err)
{
	if (err == EAGAIN)
		c->eagain++;
	else if (err == EBUSY)
		c->ebusy++;
	else
		c->other++;
	c->last_err = err;
}

static void run_madvise(struct collapse *c, struct wl_thread *t)
{
	unsigned int i;

	for (i = 0; i < c->regions && !READ_ONCE(*t->stop); i++) {
		char *r = c->base + (size_t)i * c->stride;
		int tries;

		/* EAGAIN is transient (a page briefly pinned or not yet on the LRU): retry, counting it */
		for (tries = 0; tries < 3; tries++) {
			uint64_t t0 = now_mono(), t1;
			int ret = madvise(r, c->pmd, MADV_COLLAPSE);

			t1 = now_mono();
			if (!ret) {
				if (c->nlat < c->cap)
					c->lat[c->nlat++] = (double)(t1 - t0);
				c->ok++;
				t->ops++;
				break;
			}
			record_failure(c, errno);
			if (errno != EAGAIN)
				break;
		}
	}
}

/* khugepaged mode: watch the range until every region is PMD-mapped. */
static void run_khugepaged(struct collapse *c, struct wl_thread *t)
{
	size_t span = (size_t)(c->regions - 1) * c->stride + c->pmd;
	struct timespec ts = { 0, 5000000 };
	unsigned long long seen = 0;
	struct smaps_sum s;
	unsigned int i;

	for (i = 0; i < c->regions; i++)
		madvise(c->base + (size_t)i * c->stride, c->pmd, MADV_HUGEPAGE);
	while (!READ_ONCE(*t->stop) && seen < c->regions) {
		nanosleep(&ts, NULL);
		if (smaps_range(c->base, span, &s))
			break;
		while (seen < s.anon_huge / c->pmd) {
			seen++;
			t->ops++;
		}
	}
	c->ok = seen;
}

static void collapse_run(struct wl_thread *t)
{
	struct collapse *c = t->pt->priv;

	if (t->id) {
		byst_run(&c->byst, t);
		return;
	}
	if (c->baseline_ns) {
		uint64_t end = now_mono() + c->baseline_ns;
		struct timespec ts = { 0, 1000000 };

		while (!READ_ONCE(*t->stop) && now_mono() < end)
			nanosleep(&ts, NULL);
	}
	c->busy0 = now_mono();
	byst_phase(&c->byst, PH_BUSY);
	if (c->khugepaged)
		run_khugepaged(c, t);
	else
		run_madvise(c, t);
	c->busy1 = now_mono();
	byst_phase(&c->byst, PH_DONE);
	t->finished = 1;
}

/*
 * The regions on the collapser's node, and out of NUMA balancing: on a
 * 2-node guest it unmapped freshly collapsed THPs for migration before the
 * check read smaps (Rss 0 after 4 of 4 collapses, 2 runs of 2; 1 of 1 clean
 * with numa_balancing=disable).
 */
static int collapse_thread_setup(struct wl_thread *t)
{
	struct collapse *c = t->pt->priv;

	if (!t->id) {
		size_t span = (size_t)(c->regions - 1) * c->stride + c->pmd;

		c->node = prefer_local_node(c->base, span);
		return 0;
	}
	return byst_thread_setup(&c->byst, t);
}

static void collapse_thread_teardown(struct wl_thread *t)
{
	struct collapse *c = t->pt->priv;

	byst_thread_teardown(&c->byst, t);
}

/* ---- phases ---- */

/*
 * Rebuild the range as PTE-mapped and eligible, as selftests/mm/khugepaged.c
 * does: THP off for the VMA, fault every base page, THP allowed again.
 */
static int rebuild(struct collapse *c, char *why, size_t len)
{
	unsigned int i;
	size_t off;

	for (i = 0; i < c->regions; i++) {
		char *r = c->base + (size_t)i * c->stride;

		if (madvise(r, c->pmd, MADV_NOHUGEPAGE) || madvise(r, c->pmd, MADV_DONTNEED)) {
			snprintf(why, len, "madvise on region %u: %s", i, strerror(errno));
			return -1;
		}
		for (off = 0; off < c->pmd; off += c->page)
			r[off] = (char)(i + 1);
		/* khugepaged would collapse at once: there the collapser allows THP, starting the clock */
		if (!c->khugepaged && madvise(r, c->pmd, MADV_HUGEPAGE)) {
			snprintf(why, len, "MADV_HUGEPAGE on region %u: %s", i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * Every region can hold at most PMD size: sums of R regions' worth over the
 * whole range mean every single region is as expected.
 */
int check_range(struct collapse *c, int huge, char *why, size_t len)
{
	size_t span = (size_t)(c->regions - 1) * c->stride + c->pmd;
	uint64_t want = (uint64_t)c->regions * c->pmd;
	/* after: each collapse that succeeded left one PMD mapping; failures are counted apart */
	uint64_t want_huge = (uint64_t)c->ok * c->pmd;
	struct smaps_sum s;

	if (smaps_range(c->base, span, &s)) {
		snprintf(why, len, "cannot read /proc/self/smaps");
		return 0;
	}
	if (huge && c->ok && s.anon_huge == want_huge)
		return 1;
	if (!huge && s.anon_huge == 0 && s.rss == want && s.kernel_page_max == c->page)
		return 1;
	snprintf(why, len, "%s: Rss %llu, AnonHugePages %llu bytes in %d VMAs of %llu bytes; "
		 "%llu of %u regions reported collapsed",
		 huge ? "after the collapses the PMD mappings do not match the collapses reported" :
			"before the collapses not every region is PTE-mapped",
		 (unsigned long long)s.rss, (unsigned long long)s.anon_huge, s.vmas,
		 (unsigned long long)s.size, c->ok, c->regions);
	return 0;
}

static int collapse_rep_begin(struct wl_point *pt, int rep, char *why, size_t len)
{
	struct collapse *c = pt->priv;

	if (rebuild(c, why, len))
		return -1;
	if (rep >= 0) {
		c->reps++;
		if (check_range(c, 0, c->pte_why, sizeof(c->pte_why)))
			c->pte_ok++;
	}
	if (rep == 0)
		c->nlat = 0;	/* the warm-up's latencies are not samples */
	if (c->cap < c->nlat + 2 * c->regions) {
		size_t cap = (c->nlat + 2 * c->regions) * 2;
		double *n = realloc(c->lat, cap * sizeof(*n));

		if (!n) {
			snprintf(why, len, "out of memory");
			return -1;
		}
		c->lat = n;
		c->cap = cap;
	}
	c->rep_start = c->nlat;
	c->ok = c->eagain = c->ebusy = c->other = 0;
	c->busy0 = c->busy1 = 0;
	byst_rep_begin(&c->byst, c->baseline_ns ? PH_QUIET : PH_BUSY);
	return 0;
}

static void collapse_teardown(struct wl_point *pt)
{
	struct collapse *c = pt->priv;

	if (!c)
		return;
	if (c->raw)
		munmap(c->raw, c->raw_len);
	byst_unmap(&c->byst);
	free(c->lat);
	free(c);
	pt->priv = NULL;
}

/*
 * The cross-CPU calls a bystander's CPU runs, by function (csd tracepoints,
 * v6.3+), so that the function-call line can be taken apart by cause.
 */
static const char *const collapse_events[] = { BYST_EVENTS, NULL };

/* How collapse is shown (workload.h, struct wl_show). */
static const struct wl_headline collapse_headlines[] = {
	{ "collapse_ns_p50", WL_ROLE_TESTED, "latency p50" },
	{ "collapse_ns_p99", WL_ROLE_TESTED, "latency p99" },
	{ "ipis_per_collapse_bystander", WL_ROLE_TESTED, "IPIs/collapse" },
	{ "sync_ipis_per_collapse_bystander", WL_ROLE_TESTED, "sync IPIs" },
	{ "gup_pins_per_sec", WL_ROLE_TESTED, "GUP pins/s" },
	{ NULL },
};

static const struct wl_shown_param collapse_shown[] = {
	{ .param = "mode", .shown = "" }, { .param = "bystander_mode", .shown = "" },
	{ .param = "bystander_mm", .shown = "mm", .values = "same=same mm,other=other process" },
	{ .param = "bystanders", .shown = "bys" }, { .param = "baseline_ms", .shown = "base_ms" },
	{ NULL },
};

static const struct wl_figure collapse_figures[] = {
	{ "collapse-latency-cdf", WL_FIG_CDF, "collapse_latency_ns", NULL, "bystanders,bystander_mode",
	  "bystander_mm", "baseline_ms,threads", "THP collapse latency, a panel per bystander address "
	  "space; line style: bystander kind", "latency of one collapse", "fraction of collapses", 1, 0 },
	{ "collapse-ipis", WL_FIG_BARS, "ipis_per_collapse_bystander,ipis_per_collapse",
	  "mode,bystander_mode,bystander_mm", NULL, NULL, "bystanders,baseline_ms,threads",
	  "IPIs a bystander CPU receives per THP collapse", "bystander kind, address space",
	  "IPIs per collapse", 0, 0 },
	{ "collapse-bystander-gap", WL_FIG_BARS, "bystander_worst_gap_ns",
	  "mode,bystander_mode,bystander_mm", NULL, NULL, "bystanders,baseline_ms,threads",
	  "longest stall a spinning bystander saw during collapses", "bystander kind, address space",
	  "longest stall", 0, 0 },
	{ NULL },
};

static const struct wl_show collapse_show = {
	.title = "THP collapse: latency and IPIs to bystanders",
	.headlines = collapse_headlines,
	.row_keys = "bystander_mode,bystander_mm",
	.params = collapse_shown,
	.figures = collapse_figures,
};

const struct workload_ops collapse_ops = {
	.name = "collapse",
	.summary = "THP collapse: latency, IPIs sent and to whom, disturbance of bystander CPUs",
	.show = &collapse_show,
	.op_desc = "one collapse of a PTE-mapped PMD-sized region (MADV_COLLAPSE, or khugepaged)",
	.params = collapse_params,
	.events = collapse_events,
	.mem_bytes = collapse_mem_bytes,
	.setup = collapse_setup,
	.thread_setup = collapse_thread_setup,
	.run = collapse_run,
	.thread_teardown = collapse_thread_teardown,
	.validate = collapse_validate,
	.teardown = collapse_teardown,
	.flags = WL_FIXED_WORK,
	.metrics = collapse_metrics,
	.rep_begin = collapse_rep_begin,
	.rep_end = collapse_rep_end,
	.distribution = collapse_distribution,
	.dists = collapse_dists,
	.workers = byst_workers,
	.resolve = byst_resolve,
};
