// SPDX-License-Identifier: GPL-2.0
/*
 * integrity: pinned writes must land where the mapping can see them. Writers
 * (workers 1..N) poison a chunk of their PMD-sized region through the
 * mapping, then read a known pattern into it with O_DIRECT (the block layer
 * pins the pages with pin_user_pages_fast and the device writes through the
 * pin), then compare the chunk with the pattern. Meanwhile worker 0 collapses
 * the regions (MADV_COLLAPSE), splits them (mprotect of a subpage, and
 * MADV_DONTNEED of a page the writers never use) or forks and writes in the
 * child (COW). A chunk that still shows the poison, or anything but the
 * pattern, is a lost write: the device wrote into a page the mapping no
 * longer maps (the bug class of 2022).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mapping.h"
#include "workload.h"
#include "../bench/knobs.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define POISON	0xa5

enum disturb { D_COLLAPSE, D_SPLIT, D_FORK };

struct writer_stats {
	unsigned long long checks, lost;
} __attribute__((aligned(SLOT_ALIGN)));

struct integrity {
	enum disturb disturb;
	unsigned int nwriters;
	size_t pmd, page, io, stride;
	void *raw;
	size_t raw_len;
	char *base;			/* writer i's region at base + (i - 1) * stride */
	unsigned char *expect;		/* the file's content, pmd bytes */
	int fd;
	char source[320];
	struct writer_stats *ws;	/* [nthreads] */
	unsigned long long disturbs, disturb_fail;
	unsigned long long lost_total, checks_total;
};

static const struct wl_param integrity_params[] = {
	{ "disturb", WP_ENUM, "collapse", "collapse|split|fork", 0, 0,
	  "what worker 0 does to each writer's region in turn, after splitting its PMD with an "
	  "mprotect of one subpage and back: collapse (MADV_COLLAPSE); split (MADV_DONTNEED of a "
	  "page no writer uses, then MADV_COLLAPSE for the next split); fork (the child writes, COW)" },
	{ "writers", WP_UINT, "1", NULL, 1, 1023,
	  "O_DIRECT writers, one PMD-sized region each: the point runs 1 + writers workers" },
	{ "io", WP_SIZE, "64K", NULL, 4096, 1 << 20, "bytes per O_DIRECT read" },
	{ NULL },
};

enum { M_LOST, M_CHECKS, M_DISTURBS, M_DFAIL, M_NR };

static const struct wl_metric integrity_metrics[] = {
	[M_LOST] = { "lost_writes", "count", 0,
		     "O_DIRECT reads whose data was not visible through the mapping afterwards (must be 0)" },
	[M_CHECKS] = { "checks", "count", 1, "O_DIRECT reads checked in the repetition" },
	[M_DISTURBS] = { "disturbances", "count", 1, "collapses, splits or forks done by worker 0" },
	[M_DFAIL] = { "disturb_failures", "count", 0,
		      "disturb=collapse: MADV_COLLAPSE calls that failed (EAGAIN is expected while "
		      "pages are pinned)" },
	[M_NR] = { NULL },
};

static unsigned int integrity_workers(const struct wl_args *args)
{
	const char *w = wl_args_get(args, "writers");

	return 1 + (w ? (unsigned int)strtoul(w, NULL, 10) : 1);
}

static uint64_t integrity_mem_bytes(const struct wl_point *pt)
{
	return (uint64_t)pt->nthreads * pt->sys->pmd_size * 2;
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
 * A file that O_DIRECT reads work on: tmpfs refuses O_DIRECT (EINVAL at
 * open), so try a few directories on real filesystems.
 */
static int open_source(struct integrity *g, char *why, size_t len)
{
	const char *env = getenv("PTBENCH_INTEGRITY_DIR");
	const char *dirs[] = { env, "/var/tmp", "/tmp", ".", NULL };
	char path[256], tried[160] = "";
	struct statfs sf;
	int i, fd;

	for (i = 0; i < (int)ARRAY_SIZE(dirs); i++) {
		if (!dirs[i])
			continue;
		snprintf(path, sizeof(path), "%s/ptbench-integrity.XXXXXX", dirs[i]);
		fd = mkstemp(path);
		if (fd < 0)
			continue;
		if (write(fd, g->expect, g->pmd) != (ssize_t)g->pmd || fsync(fd)) {
			close(fd);
			unlink(path);
			continue;
		}
		close(fd);
		g->fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
		if (g->fd >= 0 && !fstatfs(g->fd, &sf)) {
			snprintf(g->source, sizeof(g->source), "file %s (filesystem magic 0x%lx), O_DIRECT",
				 path, (unsigned long)sf.f_type);
			unlink(path);
			return 0;
		}
		snprintf(tried + strlen(tried), sizeof(tried) - strlen(tried), "%s%s", tried[0] ? ", " : "",
			 dirs[i]);
		if (g->fd >= 0)
			close(g->fd);
		g->fd = -1;
		unlink(path);
	}
	snprintf(why, len, "no directory with O_DIRECT support found (tried %s; set PTBENCH_INTEGRITY_DIR)",
		 tried[0] ? tried : "none writable");
	return WL_SKIP;
}

static int integrity_setup(struct wl_point *pt, char *why, size_t len)
{
	struct integrity *g = calloc(1, sizeof(*g));
	unsigned int i;

	if (!g) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	pt->priv = g;
	g->fd = -1;
	g->disturb = !strcmp(wl_arg(pt, "disturb"), "collapse") ? D_COLLAPSE :
		     !strcmp(wl_arg(pt, "disturb"), "split") ? D_SPLIT : D_FORK;
	g->nwriters = pt->nthreads - 1;
	g->pmd = pt->sys->pmd_size;
	g->page = pt->sys->page_size;
	g->io = wl_arg_ull(pt, "io");
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
	g->expect = aligned_alloc(g->page, g->pmd);
	/* the slots are cache-line aligned: calloc() would not honour that */
	g->ws = aligned_alloc(SLOT_ALIGN, ALIGN_UP(pt->nthreads * sizeof(*g->ws), SLOT_ALIGN));
	if (g->ws)
		memset(g->ws, 0, pt->nthreads * sizeof(*g->ws));
	if (!g->expect || !g->ws) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	fill_pattern(g->expect, g->pmd);
	if (open_source(g, why, len))
		return WL_SKIP;
	g->base = map_reserve((size_t)g->nwriters * g->stride, g->pmd, &g->raw, &g->raw_len);
	if (!g->base) {
		snprintf(why, len, "cannot reserve address space: %s", strerror(errno));
		return WL_SKIP;
	}
	for (i = 0; i < g->nwriters; i++) {
		char *r = g->base + (size_t)i * g->stride;

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

static void writer_run(struct integrity *g, struct wl_thread *t)
{
	char *r = g->base + (size_t)(t->id - 1) * g->stride;
	struct writer_stats *ws = &g->ws[t->id];
	size_t nchunks = (g->pmd - g->page) / g->io, k = 0;

	while (!READ_ONCE(*t->stop)) {
		size_t off = (k++ % nchunks) * g->io;
		ssize_t n;

		memset(r + off, POISON, g->io);
		n = pread(g->fd, r + off, g->io, (off_t)off);
		if (n != (ssize_t)g->io) {
			t->error = n < 0 ? errno : EIO;
			return;
		}
		ws->checks++;
		if (memcmp(r + off, g->expect + off, g->io))
			ws->lost++;
		t->ops++;
	}
}

static void disturb_fork(struct integrity *g)
{
	pid_t pid = fork();
	unsigned int i;

	if (pid < 0)
		return;
	if (!pid) {
		/* the child writes into every region: COW breaks on its side */
		for (i = 0; i < g->nwriters; i++)
			g->base[(size_t)i * g->stride + g->pmd - g->page] = 2;
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void disturber_run(struct integrity *g, struct wl_thread *t)
{
	unsigned int i = 0;

	while (!READ_ONCE(*t->stop)) {
		char *r = g->base + (size_t)(i++ % g->nwriters) * g->stride;

		/* a protection change on one subpage splits the PMD and keeps the data */
		mprotect(r + g->page, g->page, PROT_READ | PROT_WRITE | PROT_EXEC);
		mprotect(r + g->page, g->page, PROT_READ | PROT_WRITE);
		switch (g->disturb) {
		case D_COLLAPSE:
			if (madvise(r, g->pmd, MADV_COLLAPSE))
				g->disturb_fail++;
			break;
		case D_SPLIT:
			/* and a partial unmap of a page no writer uses, then a THP again for the next split */
			madvise(r + g->pmd - g->page, g->page, MADV_DONTNEED);
			madvise(r, g->pmd, MADV_COLLAPSE);
			break;
		case D_FORK:
			disturb_fork(g);
			break;
		}
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

	(void)rep;
	(void)why;
	(void)len;
	memset(g->ws, 0, pt->nthreads * sizeof(*g->ws));
	g->disturbs = g->disturb_fail = 0;
	return 0;
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
	val[M_LOST] = (double)lost;
	val[M_CHECKS] = (double)checks;
	val[M_DISTURBS] = (double)g->disturbs;
	val[M_DFAIL] = (double)g->disturb_fail;
}

static void integrity_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	struct integrity *g = pt->priv;

	long long col = obs->vmstat(obs, "thp_collapse_alloc"), split = obs->vmstat(obs, "thp_split_pmd");

	wl_note(v, "pattern source: %s", g->source);
	if (g->disturb != D_FORK && col >= 0 && split >= 0) {
		wl_check(v, "thp_collapse_alloc", 1, (double)col, col > 0);
		wl_check(v, "thp_split_pmd", 1, (double)split, split > 0);
		if (!col || !split)
			wl_invalid(v, "the range was not collapsed and split (thp_collapse_alloc %lld, "
				   "thp_split_pmd %lld): the race was not exercised", col, split);
	}
	wl_check(v, "lost_writes", 0, (double)g->lost_total, g->lost_total == 0);
	wl_check(v, "checks", 1, (double)g->checks_total, g->checks_total > 0);
	if (g->lost_total)
		wl_invalid(v, "%llu of %llu O_DIRECT reads were not visible through the mapping: "
			   "a pinned page is no longer the mapped one", g->lost_total, g->checks_total);
	else if (!g->checks_total)
		wl_invalid(v, "no O_DIRECT read completed: nothing was checked");
}

static void integrity_teardown(struct wl_point *pt)
{
	struct integrity *g = pt->priv;

	if (!g)
		return;
	if (g->fd >= 0)
		close(g->fd);
	if (g->raw)
		munmap(g->raw, g->raw_len);
	free(g->expect);
	free(g->ws);
	free(g);
	pt->priv = NULL;
}

const struct workload_ops integrity_ops = {
	.name = "integrity",
	.summary = "pinned O_DIRECT writes racing collapse, split or fork: every write must stay visible",
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
};
