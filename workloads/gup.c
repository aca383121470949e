// SPDX-License-Identifier: GPL-2.0
/*
 * gup: pages got or pinned per second through a user-space trigger (a
 * system call that makes the kernel GUP a range), by mapping, pages per
 * call, threads and direction. The family owns the buffers and the counts;
 * each trigger is a backend in gup_<name>.c (gup.h). One operation is one
 * trigger call over pages_per_call pages (gup_test: one ioctl, which loops
 * over several GUP calls in the kernel). docs/workloads.md has the kernel
 * path of each trigger.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gup.h"
#include "mapping.h"
#include "workload.h"

#ifndef MAP_HUGETLB
#define MAP_HUGETLB	0x40000
#endif

static const struct gup_trigger *const triggers[] = {
	&gup_trig_futex, &gup_trig_vmsplice, &gup_trig_pvm, &gup_trig_io_uring,
	&gup_trig_odirect, &gup_trig_gup_test, &gup_trig_gup_test_pin,
	&gup_trig_gup_test_longterm, NULL,
};

/* "futex|vmsplice|...": the names of triggers[], in its order, written once at start */
static char trigger_choices[256];

static void __attribute__((constructor)) trigger_choices_init(void)
{
	size_t n = 0;
	int i;

	for (i = 0; triggers[i] && n < sizeof(trigger_choices); i++)
		n += (size_t)snprintf(trigger_choices + n, sizeof(trigger_choices) - n, "%s%s",
				      i ? "|" : "", triggers[i]->name);
}

static const struct wl_param gup_params[] = {
	{ "trigger", WP_ENUM, "futex", trigger_choices, 0, 0,
	  "the system call that makes the kernel GUP the range (docs/workloads.md)",
	  WL_FIELD(struct gup_cfg, trigger) },
	{ "mapping", WP_ENUM, "anon", "anon|thp|shmem|hugetlb", 0, 0,
	  "anon: private base pages; thp: private PMD-mapped THPs; shmem: shared anonymous "
	  "base pages; hugetlb: the PMD-sized hugetlb pool (else the smallest size)",
	  WL_FIELD(struct gup_cfg, mapping) },
	{ "pages_per_call", WP_UINT, "1", NULL, 1, 262144,
	  "base pages one call covers (futex: 1; each trigger's limit is in docs/workloads.md)",
	  WL_FIELD(struct gup_cfg, ppc) },
	{ "buffer", WP_ENUM, "private", "private|shared", 0, 0,
	  "private: each worker its own buffer; shared: one buffer for all (page refcount contention)",
	  WL_FIELD(struct gup_cfg, shared) },
	{ "write", WP_BOOL, "1", NULL, 0, 0,
	  "1: writable GUP (FOLL_WRITE); 0: read-only; a trigger that has one direction only "
	  "skips the other", WL_FIELD(struct gup_cfg, write) },
	{ "calib", WP_BOOL, "0", NULL, 0, 0,
	  "1: the same system call doing no GUP (the calibration of the trigger's own cost)",
	  WL_FIELD(struct gup_cfg, calib) },
	{ "cross", WP_ENUM, "none", "none|pmd|pud|p4d|pgd", 0, 0,
	  "none: the range within one PTE table; else it straddles a boundary between two entries "
	  "of that level, pages_per_call / 2 pages each side, only those mapped (gup_cross.c)",
	  WL_FIELD(struct gup_cfg, cross) },
	{ "control", WP_ENUM, "none", "none|stale", 0, 0,
	  "stale: the correctness check's control, the mapping replaced under the hold; every page "
	  "must read back wrong (expected non-zero, not a kernel failure)",
	  WL_FIELD(struct gup_cfg, control) },
	{ NULL },
};

/* Counted for gup points only: the profile's tracepoints are every family's. */
static const char *const gup_events[] = { GUP_EV_MMAP_LOCK, NULL };

/* Placement and the control are not axes of the points that had none before them. */
static const char *const gup_omit_default[] = { "cross", "control", NULL };

static const struct wl_ratio gup_ratios[] = {
	{ "syscall_share", "calib", "0", "1",
	  "calls/s with GUP / calls/s of the same call doing no GUP (calib=1): the share of a "
	  "call's time that is not GUP; GUP's own share is 1 - syscall_share", NULL },
	{ "cross_pmd_cost", "cross", "none", "pmd",
	  "time per call across a PMD boundary (two PTE tables) / within one PTE table", NULL },
	{ "cross_pud_cost", "cross", "none", "pud",
	  "time per call across a PUD boundary (two PMD tables) / within one PTE table", NULL },
	{ "cross_p4d_cost", "cross", "none", "p4d",
	  "time per call across a P4D boundary (two PUD tables) / within one PTE table", NULL },
	{ "cross_pgd_cost", "cross", "none", "pgd",
	  "time per call across a PGD boundary (two P4D tables) / within one PTE table", NULL },
	{ NULL },
};

enum { M_PPS, M_NSPP, M_CPS, M_NSPC, M_FAIL, M_SHORT, M_KNSPP, M_WRONG, M_CHECKED, M_CTRL,
       M_LOCKS, M_N };

static const struct wl_metric gup_metrics[] = {
	[M_PPS] = { "pages_per_sec", "pages/s", 1,
		    "base pages the kernel reported it got or pinned per second, all workers" },
	[M_NSPP] = { "ns_per_page", "ns", 0,
		     "a worker's time per page got: its window over its pages (trigger cost included)" },
	[M_CPS] = { "calls_per_sec", "calls/s", 1, "GUP calls per second, all workers" },
	[M_NSPC] = { "ns_per_call", "ns", 0, "a worker's time per call" },
	[M_FAIL] = { "failures", "count", 0, "calls that returned an error in the repetition" },
	[M_SHORT] = { "short_calls", "count", 0,
		      "calls that got fewer pages than asked in the repetition" },
	[M_KNSPP] = { "kernel_ns_per_page", "ns", 0,
		      "gup_test only: get + put time the kernel measured, per page" },
	[M_WRONG] = { "wrong_pages", "count", 0,
		      "pages read back through the trigger that were not the page mapped at their "
		      "address (the check before the repetition; must be 0)" },
	[M_CHECKED] = { "pages_checked", "count", 1, "pages the check read back before the repetition" },
	[M_CTRL] = { "control_wrong_pages", "count", 1,
		     "control=stale: pages read back stale after the mapping was replaced under "
		     "the hold (must be every page checked)" },
	[M_LOCKS] = { "mmap_locks_per_call", "count", 0,
		      "mmap_lock acquisitions per call on the workers' CPUs ("
		      GUP_EV_MMAP_LOCK "): slow GUP takes at least one, GUP-fast none" },
	{ NULL },
};

struct gup_snap {
	unsigned long long pages, calls, failures, shorts, kernel_ns;
};

void gup_note(struct gup_point *gp, const char *fmt, ...)
{
	va_list ap;

	if (gp->nnotes == GUP_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(gp->notes[gp->nnotes++], WL_REASON_LEN, fmt, ap);
	va_end(ap);
}

/* The hugetlb size the point uses: the PMD size if the system has it, else the smallest. */
static uint64_t hugetlb_pick(const struct wl_sys *sys)
{
	uint64_t best = 0;
	int i;

	for (i = 0; i < sys->nr_hugetlb; i++) {
		if (sys->hugetlb_size[i] == sys->pmd_size)
			return sys->pmd_size;
		if (!best || sys->hugetlb_size[i] < best)
			best = sys->hugetlb_size[i];
	}
	return best;
}

/* The point's parameters, typed (gup_params binds them); -1 with why if they do not bind. */
static int cfg_of(const struct wl_point *pt, struct gup_cfg *c, char *why, size_t len)
{
	memset(c, 0, sizeof(*c));
	if (wl_bind(pt, gup_params, c, why, len))
		return -1;
	/* "trigger"'s choices are triggers[]'s names, in its order */
	c->trig = triggers[c->trigger];
	c->nthreads = pt->nthreads;
	c->page_size = pt->sys->page_size;
	c->call_bytes = c->ppc * c->page_size;
	c->root = pt->sys->root;
	return 0;
}

static size_t leaf_of(const struct gup_cfg *c, const struct wl_sys *sys)
{
	switch (c->mapping) {
	case GM_THP:
		return sys->pmd_size;
	case GM_HUGETLB:
		return hugetlb_pick(sys);
	default:
		return sys->page_size;
	}
}

static size_t buf_len_of(const struct gup_cfg *c, size_t leaf)
{
	size_t need;

	if (c->cross)
		return gup_cross_len(c, leaf);
	need = c->call_bytes + (c->trig && c->trig->buffer_bytes ? c->trig->buffer_bytes(c) : 0);

	return leaf ? ALIGN_UP(need, leaf) : need;
}

static uint64_t gup_mem_bytes(const struct wl_point *pt)
{
	char why[WL_REASON_LEN];
	struct gup_cfg c;

	if (cfg_of(pt, &c, why, sizeof(why)))
		return 0;
	return (uint64_t)buf_len_of(&c, leaf_of(&c, pt->sys)) * (c.shared ? 1 : pt->nthreads);
}

static int map_buffer(struct gup_point *gp, unsigned int i)
{
	int flags = MAP_FIXED | MAP_ANONYMOUS;
	size_t align = MAX(gp->leaf, gp->cfg.page_size);
	char *at;
	void *m;

	flags |= gp->cfg.mapping == GM_SHMEM ? MAP_SHARED : MAP_PRIVATE;
	if (gp->cfg.mapping == GM_HUGETLB)
		flags |= MAP_HUGETLB | map_huge_flag(gp->leaf);
	if (gp->cfg.cross) {
		int ret = gup_cross_map(gp, i, flags & ~MAP_FIXED, &m);

		if (ret)
			return ret;
	} else {
		/* within one PTE table: cross=none is the baseline of the cross points */
		if (gp->buf_len <= gp->pte_span)
			align = MAX(align, gp->pte_span);
		at = map_reserve(gp->buf_len, align, &gp->raw[i], &gp->raw_len[i]);
		if (!at)
			return -errno;
		m = mmap(at, gp->buf_len, PROT_READ | PROT_WRITE, flags, -1, 0);
		if (m == MAP_FAILED)
			return -errno;
	}
	gp->buf[i] = m;
	/* base pages must stay base pages, also under THP=always or shmem_enabled */
	if (gp->cfg.mapping == GM_ANON || gp->cfg.mapping == GM_SHMEM)
		return map_no_huge(m, gp->buf_len);
	if (gp->cfg.mapping == GM_THP)
		return madvise(m, gp->buf_len, MADV_HUGEPAGE) ? -errno : 0;
	return 0;
}

/* Write every base page: the buffer is faulted in and anon pages are exclusive. */
static int populate(struct gup_point *gp, unsigned int i)
{
	size_t off;

	for (off = 0; off < gp->buf_len; off += gp->cfg.page_size)
		((volatile char *)gp->buf[i])[off] = (char)(off / gp->cfg.page_size + 1);
	return smaps_range(gp->buf[i], gp->buf_len, &gp->seen[i]);
}

static int check_point(struct wl_point *pt, struct gup_point *gp, char *why, size_t len)
{
	const struct gup_cfg *c = &gp->cfg;
	char a[24], reason[WL_REASON_LEN];

	if (!c->trig)
		return set_why(why, len, "unknown trigger");
	if (c->calib && !c->trig->calib) {
		snprintf(why, len, "%s has no calibration call (it times GUP in the kernel)", c->trig->name);
		return WL_SKIP;
	}
	if (c->mapping == GM_THP && !pt->sys->thp) {
		snprintf(why, len, "no THP in this kernel (no /sys/kernel/mm/transparent_hugepage)");
		return WL_SKIP;
	}
	if (c->mapping == GM_HUGETLB && !gp->leaf) {
		snprintf(why, len, "this kernel offers no hugetlb page sizes (no /sys/kernel/mm/hugepages)");
		return WL_SKIP;
	}
	if (c->mapping == GM_HUGETLB && gp->leaf > (size_t)1 << 30) {
		fmt_size(gp->leaf, a, sizeof(a));
		snprintf(why, len, "the only hugetlb size here is %s: too large for this workload", a);
		return WL_SKIP;
	}
	if (c->trig->probe && !c->trig->probe(pt->sys, reason, sizeof(reason))) {
		/* the probe's reason, as ptbench info gives it, under the trigger's name */
		snprintf(why, len, "%s: %s", c->trig->name, reason);
		return WL_SKIP;
	}
	return c->trig->check ? c->trig->check(c, why, len) : 0;
}

static int map_all(struct wl_point *pt, struct gup_point *gp, char *why, size_t len)
{
	unsigned int i;
	int ret;

	gp->buf = calloc(gp->nbuf, sizeof(*gp->buf));
	gp->raw = calloc(gp->nbuf, sizeof(*gp->raw));
	gp->raw_len = calloc(gp->nbuf, sizeof(*gp->raw_len));
	gp->seen = calloc(gp->nbuf, sizeof(*gp->seen));
	gp->w = calloc(pt->nthreads, sizeof(*gp->w));
	gp->snap = calloc(pt->nthreads, sizeof(*gp->snap));
	if (!gp->buf || !gp->raw || !gp->raw_len || !gp->seen || !gp->w || !gp->snap)
		return set_why(why, len, "out of memory");
	for (i = 0; i < gp->nbuf; i++) {
		ret = map_buffer(gp, i);
		if (ret) {
			snprintf(why, len, "mapping buffer %u: %s", i, strerror(-ret));
			return gp->cfg.mapping == GM_HUGETLB ? WL_SKIP : -1;
		}
	}
	/* a shared buffer is populated once here; private ones on their worker's CPU */
	if (gp->cfg.shared && populate(gp, 0))
		return set_why(why, len, "reading /proc/self/smaps: %s", strerror(errno));
	return 0;
}

static void gup_teardown(struct wl_point *pt);

static int gup_setup(struct wl_point *pt, char *why, size_t len)
{
	struct gup_point *gp = calloc(1, sizeof(*gp));
	int ret;

	if (!gp)
		return set_why(why, len, "out of memory");
	pt->priv = gp;
	if (cfg_of(pt, &gp->cfg, why, len)) {
		free(gp);
		pt->priv = NULL;
		return -1;
	}
	gp->leaf = leaf_of(&gp->cfg, pt->sys);
	gp->buf_len = buf_len_of(&gp->cfg, gp->leaf);
	gp->nbuf = gp->cfg.shared ? 1 : pt->nthreads;
	gp->pte_span = pt->sys->pte_table_span;
	gp->chk.boundary = calloc(gp->nbuf, sizeof(*gp->chk.boundary));
	if (!gp->chk.boundary) {
		free(gp);
		pt->priv = NULL;
		return set_why(why, len, "out of memory");
	}
	ret = check_point(pt, gp, why, len);
	if (!ret)
		ret = gup_cross_check(gp, pt->sys, why, len);
	if (!ret && gp->cfg.mapping == GM_THP)
		ret = thp_allow(why, len);
	if (!ret && gp->cfg.mapping == GM_HUGETLB)
		ret = hugetlb_reserve(gp->leaf, (long long)(gp->buf_len / gp->leaf * gp->nbuf),
				      pt->sys->root, why, len);
	if (!ret && gp->cfg.trig->setup)
		ret = gp->cfg.trig->setup(gp, &gp->cfg, why, len);
	if (!ret)
		ret = map_all(pt, gp, why, len);
	if (!ret)	/* after the mapping: on s390 it may have added a level */
		ret = gup_check_setup(gp, pt->sys, why, len);
	if (ret)	/* the harness calls teardown only after a setup that worked */
		gup_teardown(pt);
	return ret;
}

static int gup_thread_setup(struct wl_thread *t)
{
	struct gup_point *gp = t->pt->priv;
	struct gup_thread *gt = calloc(1, sizeof(*gt));
	struct gup_worker *w;

	if (!gt)
		return -ENOMEM;
	t->priv = gt;
	w = &gt->w;
	w->cfg = &gp->cfg;
	w->gp = gp;
	w->id = t->id;
	w->fd[0] = w->fd[1] = w->fd[2] = -1;
	w->addr = gp->buf[gp->cfg.shared ? 0 : t->id];
	gp->w[t->id] = w;
	if (!gp->cfg.shared && populate(gp, t->id)) {
		snprintf(gt->why, sizeof(gt->why), "reading /proc/self/smaps: %s", strerror(errno));
		return 0;
	}
	if (gp->cfg.trig->thread_setup)
		gp->cfg.trig->thread_setup(w, gt->why, sizeof(gt->why));
	return 0;
}

static int one_call(struct gup_worker *w, struct gup_res *r)
{
	memset(r, 0, sizeof(*r));
	if (w->cfg->calib)
		return w->cfg->trig->calib(w);
	r->calls = 1;
	return w->cfg->trig->call(w, r);
}

static void gup_run(struct wl_thread *t)
{
	struct gup_thread *gt = t->priv;
	struct gup_worker *w = &gt->w;
	struct gup_res r;
	int ret;

	while (!READ_ONCE(*t->stop)) {
		ret = one_call(w, &r);
		if (ret) {
			w->failures++;
			w->last_errno = -ret;
			continue;
		}
		if (!w->cfg->calib && r.pages < r.calls * w->cfg->ppc)
			w->shorts++;
		w->pages += r.pages;
		w->calls += w->cfg->calib ? 1 : r.calls;
		w->kernel_ns += r.kernel_ns;
		t->ops++;
	}
}

/*
 * Before the first phase: a worker whose setup failed ends the point with
 * its reason, and one call per worker, outside the measured window, shows
 * that the trigger works (and gets what it asks) before anything is timed.
 */
static int first_check(struct wl_point *pt, char *why, size_t len)
{
	struct gup_point *gp = pt->priv;
	struct gup_res r;
	unsigned int i;
	int ret;

	for (i = 0; i < pt->nthreads; i++) {
		struct gup_thread *gt = pt->threads[i]->priv;

		if (!gt)
			return set_why(why, len, "worker %u was not set up", i);
		if (gt->why[0])
			return set_why(why, len, "worker %u: %s", i, gt->why);
		ret = one_call(&gt->w, &r);
		if (ret)
			return set_why(why, len, "%s%s: a first call failed: %s", gp->cfg.trig->name,
				       gp->cfg.calib ? " (calibration)" : "", strerror(-ret));
		if (!gp->cfg.calib && r.pages != r.calls * gp->cfg.ppc)
			return set_why(why, len, "%s: a first call got %lu of %lu pages", gp->cfg.trig->name,
				       r.pages, r.calls * gp->cfg.ppc);
	}
	return 0;
}

static int gup_rep_begin(struct wl_point *pt, int rep, char *why, size_t len)
{
	struct gup_point *gp = pt->priv;
	unsigned int i;

	if (!gp->checked) {
		if (first_check(pt, why, len))
			return -1;
		gp->checked = 1;
	}
	(void)rep;
	gp->chk.rep_checked = gp->chk.rep_wrong = 0;
	for (i = 0; i < (gp->cfg.shared ? 1 : pt->nthreads); i++)
		gup_check_run(gp, gp->w[i]);
	for (i = 0; i < pt->nthreads; i++) {
		const struct gup_worker *w = gp->w[i];

		gp->snap[i] = (struct gup_snap){ w->pages, w->calls, w->failures, w->shorts, w->kernel_ns };
	}
	return 0;
}

static double ratio_or_nan(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static void gup_rep_end(struct wl_point *pt, int rep, double *val)
{
	struct gup_point *gp = pt->priv;
	double pps = 0, cps = 0, win = 0, pages = 0, calls = 0, fails = 0, shorts = 0, kns = 0;
	unsigned int i;

	(void)rep;
	for (i = 0; i < pt->nthreads; i++) {
		const struct gup_worker *w = gp->w[i];
		const struct gup_snap *s = &gp->snap[i];
		double dt = pt->threads[i]->window;
		double dp = (double)(w->pages - s->pages), dc = (double)(w->calls - s->calls);

		if (dt > 0) {
			pps += dp / dt;
			cps += dc / dt;
		}
		win += dt;
		pages += dp;
		calls += dc;
		fails += (double)(w->failures - s->failures);
		shorts += (double)(w->shorts - s->shorts);
		kns += (double)(w->kernel_ns - s->kernel_ns);
	}
	val[M_PPS] = gp->cfg.calib ? NAN : pps;
	val[M_NSPP] = gp->cfg.calib ? NAN : ratio_or_nan(win * 1e9, pages);
	val[M_CPS] = cps;
	val[M_NSPC] = ratio_or_nan(win * 1e9, calls);
	val[M_FAIL] = fails;
	val[M_SHORT] = shorts;
	val[M_KNSPP] = kns > 0 ? ratio_or_nan(kns, pages) : NAN;
	val[M_WRONG] = gp->chk.on && !gp->cfg.control ? (double)gp->chk.rep_wrong : NAN;
	val[M_CHECKED] = gp->chk.on ? (double)gp->chk.rep_checked : NAN;
	val[M_CTRL] = gp->chk.on && gp->cfg.control ? (double)gp->chk.rep_wrong : NAN;
	val[M_LOCKS] = gup_locks_per_call(pt, calls);
}

static void gup_thread_teardown(struct wl_thread *t)
{
	struct gup_thread *gt = t->priv;
	struct gup_point *gp = t->pt->priv;

	if (!gt)
		return;
	if (gp->cfg.trig->thread_teardown)
		gp->cfg.trig->thread_teardown(&gt->w);
	if (gp->w)
		gp->w[t->id] = NULL;
	free(gt);
	t->priv = NULL;
}

static void gup_teardown(struct wl_point *pt)
{
	struct gup_point *gp = pt->priv;
	unsigned int i;

	if (!gp)
		return;
	if (gp->cfg.trig && gp->cfg.trig->teardown)
		gp->cfg.trig->teardown(gp);
	for (i = 0; gp->raw && i < gp->nbuf; i++)
		if (gp->raw[i])
			munmap(gp->raw[i], gp->raw_len[i]);
	free(gp->buf);
	free(gp->raw);
	free(gp->raw_len);
	free(gp->seen);
	free(gp->w);
	free(gp->snap);
	gup_check_teardown(gp);
	free(gp);
	pt->priv = NULL;
}

const struct workload_ops gup_ops = {
	.name = "gup",
	.summary = "GUP throughput (get/pin user pages) by trigger, mapping, pages per call and threads",
	.show = &gup_show,
	.op_desc = "one trigger call over pages_per_call pages (gup_test: one ioctl of several GUP calls)",
	.params = gup_params,
	.omit_default = gup_omit_default,
	.events = gup_events,
	.ratios = gup_ratios,
	.mem_bytes = gup_mem_bytes,
	.setup = gup_setup,
	.thread_setup = gup_thread_setup,
	.run = gup_run,
	.thread_teardown = gup_thread_teardown,
	.validate = gup_validate,
	.teardown = gup_teardown,
	.metrics = gup_metrics,
	.rep_begin = gup_rep_begin,
	.rep_end = gup_rep_end,
};
