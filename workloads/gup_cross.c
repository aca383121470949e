// SPDX-License-Identifier: GPL-2.0
/*
 * gup, cross=pmd|pud|p4d|pgd: each worker's range straddles a boundary
 * between two entries of that level, k = pages_per_call / 2 pages on each
 * side, and only those pages are mapped (rounded to the leaf for THP and
 * hugetlb). One trigger call then makes one GUP-fast walk step from one
 * table to the next at that level: pmd (next PTE table), pud (next PMD
 * table), p4d (next PUD table), pgd (next P4D table, 5 levels).
 *
 * A level the process does not walk is folded: its boundary is then one
 * of the top table's entries, reached through the folded levels. That is
 * the walk that d3f7b1bb2040 ("mm/gup: fix gup_fast with dynamic page
 * table folding", v5.9) fixed on s390: a 3-level process crossing a 2 GiB
 * (pud) boundary, or a 4-level one a 4 TiB (p4d) boundary, iterated over
 * a stack copy of the entry instead of the table. The spans come from the
 * arch profile, the levels live from pt_levels.c; the boundary is placed
 * with MAP_FIXED_NOREPLACE at a free multiple of the span (on s390 a p4d
 * boundary is above 4 TiB: mapping it adds the 4th level).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gup.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define CROSS_TRIES	4096	/* multiples of the span tried before giving up */

size_t gup_cross_len(const struct gup_cfg *c, size_t leaf)
{
	size_t half = c->call_bytes / 2;

	return 2 * (leaf ? ALIGN_UP(half, leaf) : half);
}

static int reach_why(const struct gup_point *gp, char *why, size_t len)
{
	const struct pt_levels *l = &gp->chk.lv;
	char span[24];

	fmt_size(l->span[gp->cfg.cross], span, sizeof(span));
	snprintf(why, len, "a %s boundary (every %s) needs %d live page-table levels; this process "
		 "walks %d (%s)", pt_level_name[gp->cfg.cross], span, (int)gp->cfg.cross + 1,
		 l->live, l->how);
	return WL_SKIP;
}

int gup_cross_check(struct gup_point *gp, const struct wl_sys *sys, char *why, size_t len)
{
	const struct gup_cfg *c = &gp->cfg;
	uint64_t span;
	char a[24], b[24];

	if (pt_levels_read(sys, &gp->chk.lv, why, len))
		return -1;
	if (c->cross == PT_NONE)
		return 0;
	if (gp->chk.lv.nogeom[0]) {
		snprintf(why, len, "cross=%s: %s", pt_level_name[c->cross], gp->chk.lv.nogeom);
		return WL_SKIP;
	}
	if (c->ppc < 2 || c->ppc % 2) {
		snprintf(why, len, "cross=%s takes an even pages_per_call: that many pages / 2 on each "
			 "side of the boundary", pt_level_name[c->cross]);
		return WL_SKIP;
	}
	span = gp->chk.lv.span[c->cross];
	if (!span) {
		snprintf(why, len, "the arch profile has no %s level at %zu-byte pages",
			 pt_level_name[c->cross], c->page_size);
		return WL_SKIP;
	}
	/* s390 adds a level when the mapping needs it; elsewhere the levels are what they are */
	if (!pt_level_reachable(&gp->chk.lv, c->cross) && sys->level_probe != WL_LEVELS_ASCE)
		return reach_why(gp, why, len);
	if (gp->leaf > span || gp->buf_len / 2 > span) {
		fmt_size(gp->leaf, a, sizeof(a));
		fmt_size(span, b, sizeof(b));
		snprintf(why, len, "a %s leaf or %lu pages do not fit on each side of a %s boundary "
			 "(every %s)", a, c->ppc / 2, pt_level_name[c->cross], b);
		return WL_SKIP;
	}
	return 0;
}

/*
 * Where to look for a free boundary: spans up to a PUD's downwards from
 * below the mmap base, larger ones upwards from the first multiple.
 */
static uint64_t first_multiple(uint64_t span, uint64_t small, int *down)
{
	long ps = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, (size_t)ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t hint;

	*down = span <= small && p != MAP_FAILED;
	if (p == MAP_FAILED)
		return 1;
	hint = (uint64_t)(uintptr_t)p;
	munmap(p, (size_t)ps);
	return *down && hint / span > 1 ? hint / span - 1 : 1;
}

/*
 * Reserve [at - page, at + len + page) where nothing is mapped, then map
 * the range over its middle: the PROT_NONE page each side keeps it from
 * merging with another worker's range, so smaps sees this one alone.
 */
static int map_at(struct gup_point *gp, unsigned int i, char *at, int flags, void **m)
{
	size_t page = gp->cfg.page_size, len = gp->buf_len;
	void *r = mmap(at - page, len + 2 * page, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	void *p;

	if (r == MAP_FAILED)
		return -errno;
	if (r != at - page) {	/* a kernel before 4.17 took it as a hint */
		munmap(r, len + 2 * page);
		return -EOPNOTSUPP;
	}
	gp->raw[i] = r;
	gp->raw_len[i] = len + 2 * page;
	p = mmap(at, len, PROT_READ | PROT_WRITE, flags | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	*m = p;
	return 0;
}

int gup_cross_map(struct gup_point *gp, unsigned int i, int flags, void **m)
{
	uint64_t span = gp->chk.lv.span[gp->cfg.cross], half = gp->buf_len / 2, n;
	int down, t, ret;

	n = first_multiple(span, gp->chk.lv.span[PT_PUD], &down);
	for (t = 0; t < CROSS_TRIES && n >= 1 && n <= UINT64_MAX / span; t++, n = down ? n - 1 : n + 1) {
		ret = map_at(gp, i, (char *)(uintptr_t)(n * span - half), flags, m);
		if (ret == -EEXIST)
			continue;
		if (ret)
			return ret;	/* beyond TASK_SIZE: ENOMEM */
		pt_levels_mapped(n * span + half + gp->cfg.page_size);
		gp->chk.boundary[i] = n * span;
		return 0;
	}
	return -EADDRNOTAVAIL;
}
