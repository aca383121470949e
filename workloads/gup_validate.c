// SPDX-License-Identifier: GPL-2.0
/*
 * Is a gup point what it claims (not a trigger: the family's validate
 * hook)? Every buffer mapped as the mapping says, at setup and at the
 * end (THP really PMD-mapped, hugetlb at its size, 4K with no huge page
 * in it), and every call got the pages it asked for.
 */
#include <stdio.h>
#include <string.h>

#include "gup.h"
#include "mapping.h"
#include "workload.h"

/* Is buffer i mapped as the point claims? */
static void check_mapping(const struct gup_point *gp, const struct smaps_sum *s, unsigned int i,
			  const char *when, struct wl_validity *v)
{
	double len = (double)gp->buf_len;
	double seen;
	char name[48];
	int ok;

	switch (gp->cfg.mapping) {
	case GM_THP:
		seen = (double)s->anon_huge;
		ok = s->anon_huge == gp->buf_len;
		snprintf(name, sizeof(name), "thp_mapped_bytes_%s", when);
		break;
	case GM_HUGETLB:
		seen = (double)s->hugetlb;
		ok = s->hugetlb == gp->buf_len && s->kernel_page_min == gp->leaf;
		snprintf(name, sizeof(name), "hugetlb_mapped_bytes_%s", when);
		break;
	default:
		seen = (double)(s->anon_huge || s->shmem_pmd ? 0 : s->rss);
		ok = !s->anon_huge && !s->shmem_pmd && s->rss == gp->buf_len &&
		     s->kernel_page_max == gp->cfg.page_size;
		snprintf(name, sizeof(name), "%s_mapped_bytes_%s",
			 gp->cfg.mapping == GM_SHMEM ? "shmem_4k" : "4k", when);
		break;
	}
	if (i == 0)	/* one fact per point; every buffer is held to it */
		wl_check(v, name, len, seen, ok);
	if (!ok)
		wl_invalid(v, "%s: buffer %u: %.0f of %.0f bytes mapped as claimed (Rss %llu, "
			   "AnonHugePages %llu, ShmemPmdMapped %llu, Hugetlb %llu, page size %llu)",
			   when, i, seen, len, (unsigned long long)s->rss,
			   (unsigned long long)s->anon_huge, (unsigned long long)s->shmem_pmd,
			   (unsigned long long)s->hugetlb, (unsigned long long)s->kernel_page_max);
}

static void check_counts(struct wl_point *pt, const struct gup_point *gp, struct wl_validity *v)
{
	unsigned long long pages = 0, calls = 0, fails = 0, shorts = 0;
	int err = 0;
	unsigned int i;
	double want;

	for (i = 0; i < pt->nthreads; i++) {
		const struct gup_thread *gt = pt->threads[i]->priv;

		if (!gt)
			continue;
		pages += gt->w.pages;
		calls += gt->w.calls;
		fails += gt->w.failures;
		shorts += gt->w.shorts;
		err = gt->w.last_errno ? gt->w.last_errno : err;
	}
	want = gp->cfg.calib ? 0 : (double)calls * (double)gp->cfg.ppc;
	wl_check(v, "pages_got", want, (double)pages, (double)pages == want);
	wl_check(v, "failed_calls", 0, (double)fails, fails == 0);
	wl_check(v, "short_calls", 0, (double)shorts, shorts == 0);
	if (fails)
		wl_invalid(v, "%llu calls failed (last: %s)", fails, strerror(err));
	else if ((double)pages != want || shorts)
		wl_invalid(v, "the kernel got %llu pages where %llu calls of %lu asked for %.0f "
			   "(%llu short calls)", pages, calls, gp->cfg.ppc, want, shorts);
	if (!calls)
		wl_invalid(v, "no call completed");
}

void gup_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	struct gup_point *gp = pt->priv;
	struct smaps_sum s;
	unsigned int i;
	int k;

	(void)obs;
	for (i = 0; i < gp->nbuf; i++)
		check_mapping(gp, &gp->seen[i], i, "setup", v);
	for (i = 0; i < gp->nbuf; i++)
		if (!smaps_range(gp->buf[i], gp->buf_len, &s))
			check_mapping(gp, &s, i, "end", v);
	check_counts(pt, gp, v);
	gup_check_validate(gp, v);
	if (gp->cfg.calib)
		wl_note(v, "calibration: the %s call doing no GUP (pages_per_sec is not defined)",
			gp->cfg.trig->name);
	for (k = 0; k < gp->nnotes; k++)
		wl_note(v, "%s", gp->notes[k]);
}
