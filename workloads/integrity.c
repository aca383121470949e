// SPDX-License-Identifier: GPL-2.0
/*
 * integrity: pinned writes must land where the mapping can see them. Writers
 * (workers 1..N) poison a chunk of their PMD-sized region through the
 * mapping, then read a known pattern into it with O_DIRECT (the block layer
 * pins the pages and the device writes through the pin), then compare the
 * chunk with the pattern; each read is timed (the in-flight window a race
 * needs). The reads come from ptbench's hold device (services.h), which
 * keeps each read hold_ms between the pin and the copy, else from a device
 * or a scratch file (integrity_source.c). Meanwhile worker 0 disturbs the regions: collapses them
 * (MADV_COLLAPSE), splits them (mprotect of a subpage, and MADV_DONTNEED of
 * a page the writers never use), forks while a read is in flight and writes
 * on both sides (integrity_fork.c), vmsplices a COW-shared page from a
 * child (integrity_vmsplice.c) or forks under io_uring registered buffers
 * (integrity_uring.c). A chunk that still shows the poison, or anything but
 * the pattern, is a lost write: the device wrote into a page the mapping no
 * longer maps.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "integrity.h"
#include "latency.h"
#include "mapping.h"
#include "odirect_file.h"
#include "workload.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

static const struct wl_param integrity_params[] = {
	{ "disturb", WP_ENUM, "collapse", "collapse|split|fork|vmsplice|io_uring", 0, 0,
	  "what worker 0 does to each writer's region in turn, after splitting its PMD with an "
	  "mprotect of one subpage and back: collapse (MADV_COLLAPSE); split (MADV_DONTNEED of a "
	  "page no writer uses, then MADV_COLLAPSE for the next split); fork (while a read is in "
	  "flight: fork, the child writes, the parent writes into the page being read: the open(2) "
	  "O_DIRECT + fork hazard); vmsplice (a child vmsplices a COW-shared page and exits, the "
	  "parent writes, the pipe must not show it: CVE-2020-29374); io_uring (the writers read "
	  "into io_uring registered buffers, FOLL_PIN | FOLL_LONGTERM, and worker 0 forks and "
	  "writes as for fork)", WL_FIELD(struct integrity, disturb) },
	{ "writers", WP_UINT, "1", NULL, 1, 1023,
	  "O_DIRECT writers, one PMD-sized region each: the point runs 1 + writers workers", WL_TEXT },
	{ "io", WP_SIZE, "64K", NULL, 4096, 1 << 20, "bytes per O_DIRECT read",
	  WL_FIELD(struct integrity, io) },
	{ "source", WP_ENUM, "auto", "auto|hold|device|file", 0, 0,
	  "what the writers read from. hold: ptbench's own block device (a loop device over a file "
	  "ptbench serves through FUSE), which answers each read hold_ms after it arrived: the "
	  "block layer pins the pages at submission and only the answer copies the data, so the "
	  "read stays in flight, pinned, for hold_ms (root, FUSE and loop); device: the block "
	  "device in $PTBENCH_INTEGRITY_DEV (ptbench vm's scratch disk); file: a scratch file; "
	  "auto: hold, else device, else file, and the point says why", WL_FIELD(struct integrity, source) },
	{ "hold_ms", WP_UINT, "auto", "auto", 0, 1000,
	  "how long the hold device keeps each read before its data arrives; auto: 10 for fork and "
	  "io_uring, whose fork (ms) outlasts a fast read, else 0", WL_TEXT },
	{ NULL },
};

enum { M_LOST, M_CHECKS, M_LEAKED, M_LEAKCHK, M_P50, M_P99, M_DISTURBS, M_DRATE, M_OVERLAP, M_DFAIL,
       M_NR };

static const struct wl_metric integrity_metrics[] = {
	[M_LOST] = { "lost_writes", "count", 0,
		     "O_DIRECT reads whose data was not visible through the mapping afterwards (must be 0)" },
	[M_CHECKS] = { "checks", "count", 1, "O_DIRECT reads checked in the repetition" },
	[M_LEAKED] = { "leaked_bytes", "bytes", 0,
		       "disturb=vmsplice: bytes the pipe showed of the parent's write after the child's "
		       "vmsplice (must be 0)" },
	[M_LEAKCHK] = { "leak_checks", "count", 1, "disturb=vmsplice: pipe reads checked" },
	[M_P50] = { "dio_ns_p50", "ns", 0, "median O_DIRECT read latency: the window a race has" },
	[M_P99] = { "dio_ns_p99", "ns", 0, "99th percentile O_DIRECT read latency" },
	[M_DISTURBS] = { "disturbances", "count", 1, "collapses, splits or forks done by worker 0" },
	[M_DRATE] = { "disturbances_per_s", "1/s", 1, "disturbances per second of the repetition" },
	[M_OVERLAP] = { "overlaps", "count", 1,
			"disturbances that overlapped a read in flight (fork, io_uring: the read was "
			"in flight from before the fork until after the parent's write)" },
	[M_DFAIL] = { "disturb_failures", "count", 0,
		      "MADV_COLLAPSE calls that failed (EAGAIN is expected while pages are pinned), "
		      "forks or vmsplices that failed" },
	[M_NR] = { NULL },
};

static unsigned int integrity_workers(const struct wl_args *args)
{
	const char *w = wl_args_get(args, "writers");

	return 1 + (w ? (unsigned int)strtoul(w, NULL, 10) : 1);
}

static uint64_t integrity_mem_bytes(const struct wl_point *pt)
{
	/* the regions, and one more for vmsplice's page */
	return (uint64_t)(pt->nthreads + 1) * pt->sys->pmd_size * 2;
}

/* Each 8-byte word says where it is: a misplaced page shows too. */
static void fill_pattern(unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v = 0x5054424e00000000ULL | (i >> 3);	/* "PTBN" + word index */

		memcpy(p + i, &v, 8);
	}
}

/*
 * "disturb" in the order of its choices: collapse and split are this
 * file's, the others a struct integrity_disturb each.
 */
static void pick_disturb(struct integrity *g)
{
	static const struct integrity_disturb *const own[] = {
		&integrity_fork, &integrity_vmsplice, &integrity_uring,
	};

	g->split = g->disturb == 1;
	g->d = g->disturb >= 2 ? own[g->disturb - 2] : NULL;
}

static int alloc_state(struct wl_point *pt, struct integrity *g)
{
	unsigned int i;

	g->expect = aligned_alloc(g->page, g->pmd);
	/* the slots are cache-line aligned: calloc() would not honour that */
	g->ws = aligned_alloc(SLOT_ALIGN, ALIGN_UP(pt->nthreads * sizeof(*g->ws), SLOT_ALIGN));
	g->lat_all = calloc((size_t)pt->nthreads * INTEGRITY_NLAT, sizeof(double));
	if (!g->expect || !g->ws || !g->lat_all)
		return -1;
	memset(g->ws, 0, pt->nthreads * sizeof(*g->ws));
	for (i = 1; i < pt->nthreads; i++)
		if (!(g->ws[i].lat = calloc(INTEGRITY_NLAT, sizeof(double))))
			return -1;
	return 0;
}

static int map_regions(struct integrity *g, char *why, size_t len)
{
	unsigned int w;

	g->base = map_reserve((size_t)g->nwriters * g->stride, g->pmd, &g->raw, &g->raw_len);
	if (!g->base) {
		snprintf(why, len, "cannot reserve address space: %s", strerror(errno));
		return WL_SKIP;
	}
	for (w = 1; w <= g->nwriters; w++) {
		char *r = integrity_region(g, w);

		if (mmap(r, g->pmd, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED) {
			snprintf(why, len, "mmap: %s", strerror(errno));
			return -1;
		}
		madvise(r, g->pmd, MADV_HUGEPAGE);
		memset(r, 1, g->pmd);
	}
	return 0;
}

/*
 * hold_ms=auto. A fork takes longer than a fast read (ms against 0.1-0.2
 * ms on the 2-vCPU test VM, and a small process's fork outlasts an NVMe
 * read too): with no hold, a fork overlaps only the odd slow read.
 */
static int forks_during_reads(const char *disturb)
{
	return disturb && (!strcmp(disturb, "fork") || !strcmp(disturb, "io_uring"));
}

#define HOLD_MS_FORK	10

static int integrity_resolve(const char *param, const struct wl_args *args,
			     unsigned int max_threads, unsigned int ncpus, const struct wl_sys *sys,
			     char *out, size_t outlen, char *why, size_t whylen)
{
	const char *d = wl_args_get(args, "disturb");

	(void)max_threads;
	(void)ncpus;
	(void)sys;
	if (strcmp(param, "hold_ms"))
		return set_why(why, whylen, "no such parameter");
	snprintf(out, outlen, "%d", forks_during_reads(d) ? HOLD_MS_FORK : 0);
	snprintf(why, whylen, forks_during_reads(d) ? "a fork outlasts a read that is not held" :
		 "disturb=%s needs no read held in flight", d ? d : "?");
	return 0;
}

/* The resolved value (the runner resolves auto first; unresolved, the same rule). */
static unsigned int hold_ms_of(const struct wl_point *pt)
{
	const char *v = wl_arg(pt, "hold_ms");

	if (!v || !strcmp(v, "auto"))
		return forks_during_reads(wl_arg(pt, "disturb")) ? HOLD_MS_FORK : 0;
	return (unsigned int)strtoul(v, NULL, 10);
}

static int integrity_setup(struct wl_point *pt, char *why, size_t len)
{
	struct integrity *g = calloc(1, sizeof(*g));
	int rc;

	if (!g) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	pt->priv = g;
	g->fd = -1;
	if (wl_bind(pt, integrity_params, g, why, len))
		return -1;
	g->hold = NULL;
	pick_disturb(g);
	g->nwriters = pt->nthreads - 1;
	g->pmd = pt->sys->pmd_size;
	g->page = pt->sys->page_size;
	g->stride = 2 * g->pmd;
	if (!pt->sys->thp || !g->pmd) {
		snprintf(why, len, "no THP in this kernel");
		return WL_SKIP;
	}
	/* the last page of each region is never read into: it is the one split by MADV_DONTNEED */
	if (g->io % g->page || g->io > g->pmd - g->page) {
		snprintf(why, len, "io must be a multiple of the page size and below the PMD size");
		return -1;
	}
	if (alloc_state(pt, g)) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	fill_pattern(g->expect, g->pmd);
	g->hold_ms = hold_ms_of(pt);
	if (integrity_open_source(g, why, len))
		return WL_SKIP;
	rc = map_regions(g, why, len);
	if (!rc && g->d && g->d->setup)
		rc = g->d->setup(g, why, len);
	return rc;
}

int integrity_wait_inflight(struct integrity *g, unsigned int w, uint64_t *seq, uint64_t *off,
			    uint64_t max_ns)
{
	struct integrity_writer *ws = &g->ws[w];
	uint64_t t0 = now_ns();
	unsigned int spins = 0;

	while (!READ_ONCE(*g->stop)) {
		uint64_t s = __atomic_load_n(&ws->seq, __ATOMIC_ACQUIRE);

		/* a read aimed at before is not taken again: it may be about to end */
		if ((s & 1) && s != ws->aimed) {
			ws->aimed = s;
			*off = __atomic_load_n(&ws->off, __ATOMIC_RELAXED);
			*seq = s;
			return 1;
		}
		if (!(++spins & 255) && now_ns() - t0 > max_ns)
			break;
	}
	return 0;
}

int integrity_same_read(const struct integrity *g, unsigned int w, uint64_t seq)
{
	return __atomic_load_n(&g->ws[w].seq, __ATOMIC_ACQUIRE) == seq;
}

static ssize_t source_read(struct integrity *g, unsigned int w, void *buf, size_t len, off_t off)
{
	ssize_t n;

	if (g->d && g->d->read)
		return g->d->read(g, w, buf, len, off);
	n = pread(g->fd, buf, len, off);
	return n < 0 ? -errno : n;
}

static void writer_run(struct integrity *g, struct wl_thread *t)
{
	char *r = integrity_region(g, t->id);
	struct integrity_writer *ws = &g->ws[t->id];
	size_t nchunks = (g->pmd - g->page) / g->io, k = 0;

	while (!READ_ONCE(*t->stop)) {
		size_t off = (k++ % nchunks) * g->io;
		uint64_t t0, t1;
		ssize_t n;

		memset(r + off, INTEGRITY_POISON, g->io);
		/* in flight from here: the offset first, then the odd sequence number */
		__atomic_store_n(&ws->off, off, __ATOMIC_RELAXED);
		__atomic_store_n(&ws->seq, ws->seq + 1, __ATOMIC_RELEASE);
		t0 = now_ns();
		n = source_read(g, t->id, r + off, g->io, (off_t)off);
		t1 = now_ns();
		__atomic_store_n(&ws->seq, ws->seq + 1, __ATOMIC_RELEASE);
		if (n != (ssize_t)g->io) {
			t->error = n < 0 ? (int)-n : EIO;
			return;
		}
		ws->lat[ws->nlat++ % INTEGRITY_NLAT] = (double)(t1 - t0);
		ws->checks++;
		if (memcmp(r + off, g->expect + off, g->io))
			ws->lost++;
		t->ops++;
	}
}

/* How long a collapse waits for a gap between writer w's reads. */
#define IDLE_WAIT_NS	(10 * 1000 * 1000ULL)

/*
 * Wait (spinning, up to max_ns or the stop flag) for writer w to be between
 * two reads. A collapse that starts while a read holds a page pinned is
 * refused at its scan (an elevated refcount), and with reads back to back
 * nearly every one was (all 19770 in a Debian 6.1 arm64 guest): started in
 * the gap, it gets past the scan and the writer's next read, pinned by
 * GUP-fast, races its copy: the race the check is for.
 */
static void wait_between_reads(struct integrity *g, unsigned int w, uint64_t max_ns)
{
	uint64_t t0 = now_ns();
	unsigned int spins = 0;

	while (!READ_ONCE(*g->stop) && (__atomic_load_n(&g->ws[w].seq, __ATOMIC_ACQUIRE) & 1))
		if (!(++spins & 255) && now_ns() - t0 > max_ns)
			break;
}

/*
 * Collapse or split writer w's region. It overlapped a read when one was in
 * flight at some time during it: at its start, at its end, or one that
 * began and ended inside it (the sequence number moved). A collapse that
 * failed counts too: refusing a pinned page is the race, met and handled.
 */
static int collapse_split(struct integrity *g, unsigned int w)
{
	char *r = integrity_region(g, w);
	uint64_t s0, s1;

	wait_between_reads(g, w, IDLE_WAIT_NS);
	s0 = __atomic_load_n(&g->ws[w].seq, __ATOMIC_ACQUIRE);

	if (g->split) {
		/* a partial unmap of a page no writer uses, then a THP again for the next split */
		madvise(r + g->pmd - g->page, g->page, MADV_DONTNEED);
		madvise(r, g->pmd, MADV_COLLAPSE);
	} else if (madvise(r, g->pmd, MADV_COLLAPSE)) {
		g->disturb_fail++;
	}
	s1 = __atomic_load_n(&g->ws[w].seq, __ATOMIC_ACQUIRE);
	return (s0 & 1) || (s1 & 1) || s1 != s0;
}

static void disturber_run(struct integrity *g, struct wl_thread *t)
{
	unsigned int i = 0;

	g->stop = t->stop;
	while (!READ_ONCE(*t->stop)) {
		unsigned int w = 1 + i++ % g->nwriters;
		char *r = integrity_region(g, w);
		int rc;

		/* a protection change on one subpage splits the PMD and keeps the data */
		mprotect(r + g->page, g->page, PROT_READ | PROT_WRITE | PROT_EXEC);
		mprotect(r + g->page, g->page, PROT_READ | PROT_WRITE);
		rc = g->d ? g->d->run(g, w) : collapse_split(g, w);
		if (rc < 0)
			g->disturb_fail++;
		else
			g->overlaps += (unsigned long long)rc;
		g->disturbs++;
		t->ops++;
	}
}

static void integrity_run(struct wl_thread *t)
{
	struct integrity *g = t->pt->priv;

	if (t->id)
		writer_run(g, t);
	else
		disturber_run(g, t);
}

static int integrity_rep_begin(struct wl_point *pt, int rep, char *why, size_t len)
{
	struct integrity *g = pt->priv;
	unsigned int i;

	(void)rep;
	(void)why;
	(void)len;
	for (i = 1; i < pt->nthreads; i++) {
		g->ws[i].checks = g->ws[i].lost = 0;
		g->ws[i].nlat = 0;
	}
	g->disturbs = g->disturb_fail = g->overlaps = 0;
	g->leaked = g->leak_checks = 0;
	return 0;
}

/* The reads' latency percentiles of this repetition, over all writers. */
static void dio_latency(struct wl_point *pt, struct integrity *g, double *val)
{
	struct lat_summary ls;
	size_t n = 0;
	unsigned int i;

	for (i = 1; i < pt->nthreads; i++) {
		unsigned long long k = g->ws[i].nlat < INTEGRITY_NLAT ? g->ws[i].nlat : INTEGRITY_NLAT;

		memcpy(g->lat_all + n, g->ws[i].lat, k * sizeof(double));
		n += k;
	}
	lat_summarize(g->lat_all, n, &ls);
	val[M_P50] = ls.p50;
	val[M_P99] = ls.p99;
}

static void integrity_rep_end(struct wl_point *pt, int rep, double *val)
{
	struct integrity *g = pt->priv;
	unsigned long long lost = 0, checks = 0;
	unsigned int i;

	(void)rep;
	for (i = 1; i < pt->nthreads; i++) {
		lost += g->ws[i].lost;
		checks += g->ws[i].checks;
	}
	g->lost_total += lost;
	g->checks_total += checks;
	g->overlaps_total += g->overlaps;
	g->disturbs_total += g->disturbs;
	g->leaked_total += g->leaked;
	g->leak_checks_total += g->leak_checks;
	val[M_LOST] = (double)lost;
	val[M_CHECKS] = (double)checks;
	/* not a vmsplice point: no figure, never a 0 that was not measured */
	val[M_LEAKED] = g->d && g->d->leaks ? (double)g->leaked : NAN;
	val[M_LEAKCHK] = g->d && g->d->leaks ? (double)g->leak_checks : NAN;
	dio_latency(pt, g, val);
	val[M_DISTURBS] = (double)g->disturbs;
	val[M_DRATE] = pt->threads[0]->window > 0 ? (double)g->disturbs / pt->threads[0]->window : NAN;
	val[M_OVERLAP] = (double)g->overlaps;
	val[M_DFAIL] = (double)g->disturb_fail;
}

static void validate_leaks(struct integrity *g, struct wl_validity *v)
{
	wl_check(v, "leaked_bytes", 0, (double)g->leaked_total, g->leaked_total == 0);
	wl_check(v, "leak_checks", 1, (double)g->leak_checks_total, g->leak_checks_total > 0);
	if (g->leaked_total)
		wl_invalid(v, "%llu bytes in %llu vmsplice pipe reads were the parent's later write: "
			   "the child's pipe holds the parent's page (CVE-2020-29374 class)",
			   g->leaked_total, g->leak_checks_total);
	else if (!g->leak_checks_total)
		wl_invalid(v, "no vmsplice pipe read was checked");
}

/* vmstat says the range was really collapsed and split (collapse, split only). */
static void validate_thp(struct integrity *g, const struct wl_obs *obs, struct wl_validity *v)
{
	long long col = obs->vmstat(obs, "thp_collapse_alloc"), split = obs->vmstat(obs, "thp_split_pmd");

	if (g->d || col < 0 || split < 0)
		return;
	wl_check(v, "thp_collapse_alloc", 1, (double)col, col > 0);
	wl_check(v, "thp_split_pmd", 1, (double)split, split > 0);
	if (!col || !split)
		wl_invalid(v, "the range was not collapsed and split (thp_collapse_alloc %lld, "
			   "thp_split_pmd %lld): the race was not exercised", col, split);
}

static void integrity_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	struct integrity *g = pt->priv;

	if (g->d && g->d->note)
		wl_note(v, "%s", g->d->note);
	wl_check(v, "lost_writes", 0, (double)g->lost_total, g->lost_total == 0);
	wl_check(v, "checks", 1, (double)g->checks_total, g->checks_total > 0);
	wl_check(v, "overlaps", 1, (double)g->overlaps_total, g->overlaps_total > 0);
	/* the first reason set stays: data loss before any lack of coverage */
	if (g->lost_total)
		wl_invalid(v, "%llu of %llu O_DIRECT reads were not visible through the mapping: "
			   "a pinned page is no longer the mapped one", g->lost_total, g->checks_total);
	if (g->d && g->d->leaks)
		validate_leaks(g, v);
	integrity_note_source(g, v);
	validate_thp(g, obs, v);
	if (!g->checks_total)
		wl_invalid(v, "no O_DIRECT read completed: nothing was checked");
	else if (!g->overlaps_total && !(g->d && g->d->leaks))
		wl_invalid(v, "no disturbance overlapped a read in flight (0 of %llu): the race had no "
			   "room (the device completes too fast for the disturbance?)", g->disturbs_total);
}

static void integrity_teardown(struct wl_point *pt)
{
	struct integrity *g = pt->priv;
	unsigned int i;

	if (!g)
		return;
	if (g->d && g->d->teardown)
		g->d->teardown(g);
	if (g->hold)
		hold_dev_close(g->hold);
	else if (g->fd >= 0)
		close(g->fd);
	if (g->raw)
		munmap(g->raw, g->raw_len);
	for (i = 1; g->ws && i < pt->nthreads; i++)
		free(g->ws[i].lat);
	free(g->expect);
	free(g->ws);
	free(g->lat_all);
	free(g);
	pt->priv = NULL;
}

/* How integrity is shown (workload.h, struct wl_show). */
static const struct wl_headline integrity_headlines[] = {
	{ "lost_writes", WL_ROLE_CHECK, "lost writes" },
	{ "leaked_bytes", WL_ROLE_CHECK, "leaked bytes" },
	{ "checks", WL_ROLE_SHOWN, "checks" },
	{ NULL },
};

static const struct wl_shown_param integrity_shown[] = {
	{ .param = "disturb", .shown = "" },
	{ NULL },
};

static const struct wl_figure integrity_figures[] = {
	{ "integrity-lost-writes", WL_FIG_BARS, "lost_writes", "disturb", NULL, NULL, NULL,
	  "pinned writes lost while the range was disturbed (must be 0)", "disturbance", "lost writes",
	  0, 0 },
	{ NULL },
};

static const struct wl_show integrity_show = {
	.title = "pinned writes racing collapse, split, fork",
	.headlines = integrity_headlines,
	.row_keys = "disturb",
	.params = integrity_shown,
	.figures = integrity_figures,
};

const struct workload_ops integrity_ops = {
	.name = "integrity",
	.summary = "pinned O_DIRECT writes racing collapse, split, fork, vmsplice+fork or io_uring+fork: "
		   "every write must stay visible",
	.show = &integrity_show,
	.op_desc = "writers: one O_DIRECT read checked through the mapping; worker 0: one disturbance",
	.params = integrity_params,
	.mem_bytes = integrity_mem_bytes,
	.setup = integrity_setup,
	.run = integrity_run,
	.validate = integrity_validate,
	.teardown = integrity_teardown,
	.metrics = integrity_metrics,
	.rep_begin = integrity_rep_begin,
	.rep_end = integrity_rep_end,
	.workers = integrity_workers,
	.resolve = integrity_resolve,
};
