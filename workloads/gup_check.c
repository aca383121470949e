// SPDX-License-Identifier: GPL-2.0
/*
 * gup: the correctness check. Before each repetition, outside the measured
 * window, every page of each worker's range gets a pattern unique to its
 * address and to this check of this point; the trigger's reader takes the
 * range through its own GUP call and gives back what the kernel holds (a
 * pipe's contents, a fixed buffer written to a file, an O_DIRECT write read
 * back), and each page must hold the pattern the mapping holds at its
 * address. One that does not is a wrong page: GUP handed back a page that
 * is not the one mapped there (the 2020 s390 folded-level walk).
 *
 * The control (control=stale) proves the check can fail: it replaces the
 * mapping under the hold (MADV_DONTNEED, then every page written again with
 * a new pattern) while the pipe or the fixed buffer still holds the old
 * pages. Every page must then come back wrong; a control that sees none
 * makes its point invalid, since the check could not have seen anything.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "gup.h"

#define CONTROL_SALT	0x5eedc0de5eedc0deULL

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The page at addr, for this seed: every word from the address, the seed and its index. */
static void fill(void *page, size_t len, uint64_t addr, uint64_t seed)
{
	uint64_t *w = page, base = mix(addr ^ seed);
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		w[i] = base + i;
}

static int matches(const void *page, size_t len, uint64_t addr, uint64_t seed)
{
	const uint64_t *w = page;
	uint64_t base = mix(addr ^ seed);
	size_t i;

	for (i = 0; i < len / sizeof(*w); i++)
		if (w[i] != base + i)
			return 0;
	return 1;
}

static void fill_range(char *start, size_t len, size_t page, uint64_t seed)
{
	size_t off;

	for (off = 0; off < len; off += page)
		fill(start + off, page, (uint64_t)(uintptr_t)(start + off), seed);
}

/* The running kernel's release as GUP_KV (0 when unknown) and its text. */
static unsigned int release_code(char *text, size_t len)
{
	struct utsname u;
	unsigned int a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return 0;
	snprintf(text, len, "%s", u.release);
	return GUP_KV(a, b);
}

int gup_check_setup(struct gup_point *gp, const struct wl_sys *sys, char *why, size_t len)
{
	const struct gup_cfg *c = &gp->cfg;
	struct timespec ts;

	gp->chk.on = !c->calib && c->trig->collect;
	if (gp->chk.on && c->trig->reader_probe && !c->trig->reader_probe(gp->chk.first, sizeof(gp->chk.first)))
		gp->chk.on = 0;	/* the reason stays in first, for validate */
	if (c->control && !gp->chk.on) {
		snprintf(why, len, "control=stale: %s has no reader to check with", c->trig->name);
		return WL_SKIP;
	}
	if (c->control && !c->trig->hold) {
		snprintf(why, len, "control=stale: %s holds no page beyond its call (no window in "
			 "which to replace the mapping)", c->trig->name);
		return WL_SKIP;
	}
	/* shared memory refaults the same page: the hold would not be stale */
	if (c->control && (c->mapping == GM_SHMEM || c->mapping == GM_HUGETLB)) {
		snprintf(why, len, "control=stale: MADV_DONTNEED of %s keeps the page, which refaults: "
			 "anon or thp only", c->mapping == GM_SHMEM ? "shmem" : "hugetlb");
		return WL_SKIP;
	}
	if (pt_levels_read(sys, &gp->chk.lv, why, len))
		return -1;
	gp->chk.slow = c->trig->fast_since && release_code(gp->chk.release, sizeof(gp->chk.release)) <
		       c->trig->fast_since;
	if (!gp->chk.on)
		return 0;
	gp->chk.out = aligned_alloc(c->page_size, c->call_bytes);
	if (!gp->chk.out)
		return set_why(why, len, "out of memory");
	clock_gettime(CLOCK_REALTIME, &ts);
	gp->chk.seed = mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)getpid());
	return 0;
}

static void failed(struct gup_point *gp, struct gup_worker *w, const char *what, const char *why)
{
	gp->chk.failed++;
	if (!gp->chk.first[0])
		snprintf(gp->chk.first, sizeof(gp->chk.first), "worker %u: %s: %s", w->id, what, why);
}

/* Where a wrong page sits: its address and its distance from the boundary. */
static void wrong_at(struct gup_point *gp, struct gup_worker *w, uint64_t addr)
{
	const struct gup_cfg *c = &gp->cfg;
	uint64_t b = gp->chk.boundary ? gp->chk.boundary[c->shared ? 0 : w->id] : 0;
	long long pages = b ? ((long long)addr - (long long)b) / (long long)c->page_size : 0;

	if (gp->chk.first[0] || c->control)
		return;
	if (!b) {
		snprintf(gp->chk.first, sizeof(gp->chk.first), "worker %u: wrong page at 0x%llx",
			 w->id, (unsigned long long)addr);
		return;
	}
	snprintf(gp->chk.first, sizeof(gp->chk.first), "worker %u: wrong page at 0x%llx, page %lld "
		 "from the %s boundary 0x%llx", w->id, (unsigned long long)addr, pages,
		 pt_level_name[c->cross], (unsigned long long)b);
}

static void compare(struct gup_point *gp, struct gup_worker *w, uint64_t seed)
{
	const struct gup_cfg *c = &gp->cfg;
	size_t off;

	for (off = 0; off < c->call_bytes; off += c->page_size) {
		uint64_t addr = (uint64_t)(uintptr_t)(w->addr + off);

		gp->chk.rep_checked++;
		gp->chk.checked++;
		if (matches((char *)gp->chk.out + off, c->page_size, addr, seed))
			continue;
		gp->chk.rep_wrong++;
		gp->chk.wrong++;
		wrong_at(gp, w, addr);
	}
}

/* The control: the mapping replaced under the hold, every page refaulted with a new pattern. */
static int replace(struct gup_point *gp, struct gup_worker *w, uint64_t seed)
{
	char *buf = gp->buf[gp->cfg.shared ? 0 : w->id];

	if (madvise(buf, gp->buf_len, MADV_DONTNEED))
		return -errno;
	fill_range(buf, gp->buf_len, gp->cfg.page_size, seed);
	return 0;
}

void gup_check_run(struct gup_point *gp, struct gup_worker *w)
{
	const struct gup_cfg *c = &gp->cfg;
	uint64_t seed = gp->chk.seed + ++gp->chk.serial;
	struct gup_held h = { .fd = { -1, -1 } };
	char why[WL_REASON_LEN] = "", cwhy[WL_REASON_LEN] = "";
	int ret = 0, cret;

	if (!gp->chk.on)
		return;
	gp->chk.checks++;
	fill_range(w->addr, c->call_bytes, c->page_size, seed);
	if (c->trig->hold)
		ret = c->trig->hold(w, &h, why, sizeof(why));
	if (!ret && c->control) {
		seed ^= CONTROL_SALT;
		ret = replace(gp, w, seed);
		if (ret)
			snprintf(why, sizeof(why), "MADV_DONTNEED: %s", strerror(-ret));
	}
	/* collect() lets go of what hold() took, also when something failed */
	cret = c->trig->collect(w, &h, gp->chk.out, cwhy, sizeof(cwhy));
	if (!ret && cret) {
		ret = cret;
		snprintf(why, sizeof(why), "%s", cwhy);
	}
	if (ret) {
		failed(gp, w, c->trig->readback, why[0] ? why : strerror(-ret));
		return;
	}
	compare(gp, w, seed);
}

/* Does worker i run on the CPU of a worker before it? */
static int shares_cpu(const struct wl_point *pt, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (pt->threads[j]->cpu == pt->threads[i]->cpu)
			return 1;
	return 0;
}

/* mmap_lock taken on the workers' CPUs in this phase, per call; NAN when not counted. */
double gup_locks_per_call(struct wl_point *pt, double calls)
{
	struct gup_point *gp = pt->priv;
	const char *why = wl_count_why(pt, GUP_EV_MMAP_LOCK);
	double n = 0, x;
	unsigned int i;

	for (i = 0; !why && i < pt->nthreads; i++) {
		if (shares_cpu(pt, i))
			continue;	/* a CPU's count once */
		x = wl_count(pt, GUP_EV_MMAP_LOCK, (int)i);
		if (isnan(x))
			why = "not counted per CPU here (no system-wide counters)";
		n += x;
	}
	if (why) {
		snprintf(gp->chk.locks_why, sizeof(gp->chk.locks_why), "%s", why);
		return NAN;
	}
	gp->chk.locks += n;
	gp->chk.lock_calls += calls;
	return calls > 0 ? n / calls : NAN;
}

/*
 * Did the calls go GUP-fast? Slow GUP takes mmap_lock at least once a call
 * (mmap_read_lock() in __gup_longterm_locked()/__get_user_pages_locked());
 * GUP-fast never does. A trigger whose path is fast on this kernel and that
 * took it half the calls or more fell back: across a boundary that is how
 * the 2020 s390 walk failed when the stray stack word read as empty.
 */
static void check_fast(struct gup_point *gp, struct wl_validity *v)
{
	const struct gup_check *k = &gp->chk;
	const struct gup_cfg *c = &gp->cfg;
	double per;

	if (c->calib)
		return;
	if (k->locks_why[0]) {
		wl_unobserved(v, "mmap_locks_per_call", "%s", k->locks_why);
		return;
	}
	if (k->lock_calls <= 0)
		return;
	per = k->locks / k->lock_calls;
	if (k->slow) {
		wl_note(v, "%s takes slow GUP here: %.2f mmap_lock acquisitions per call", c->trig->name, per);
		return;
	}
	if (c->trig->sleeps) {
		wl_note(v, "%.2f mmap_lock acquisitions per call on the workers' CPUs: %s sleeps in its "
			"call and other tasks run there meanwhile, so this does not tell GUP-fast from a "
			"fallback", per, c->trig->name);
		return;
	}
	wl_check(v, "gup_fast_fallbacks_per_call", 0, per, per < 0.5);
	if (per < 0.5)
		return;
	if (c->cross)
		wl_invalid(v, "GUP-fast fell back to slow GUP at the %s boundary: %.2f mmap_lock "
			   "acquisitions per call on the workers' CPUs (GUP-fast takes none): the "
			   "lockless walk stopped where the range crossed", pt_level_name[c->cross], per);
	else
		wl_invalid(v, "%s fell back to slow GUP: %.2f mmap_lock acquisitions per call on the "
			   "workers' CPUs (GUP-fast takes none)", c->trig->name, per);
}

void gup_check_validate(struct gup_point *gp, struct wl_validity *v)
{
	const struct gup_check *k = &gp->chk;
	const struct gup_cfg *c = &gp->cfg;
	char folded[64];

	if (!k->on) {
		/* a trigger with a reader that this kernel cannot serve: absent, with why */
		if (!c->calib && c->trig->collect)
			wl_unobserved(v, "wrong_pages", "%s: %s", c->trig->name, k->first);
		check_fast(gp, v);
		return;
	}
	wl_note(v, "check: %llu pages in %llu checks read back through %s; levels live %d "
		"(folded: %s; %s)", k->checked, k->checks, c->trig->readback, k->lv.live,
		pt_folded_names(&k->lv, folded, sizeof(folded))[0] ? folded : "none", k->lv.how);
	if (c->cross)
		wl_note(v, "cross=%s: the range straddles a %s boundary, the %s level %s at %d live "
			"levels", pt_level_name[c->cross], pt_level_name[c->cross],
			pt_level_name[c->cross], pt_level_folded(&k->lv, c->cross) ? "folded" : "present",
			k->lv.live);
	if (k->slow && c->trig->fast_since != GUP_NEVER_FAST)
		wl_note(v, "%s pins with slow GUP (under mmap_lock) before %u.%u: on %s this check "
			"covers slow GUP, not GUP-fast", c->trig->name, c->trig->fast_since >> 16,
			(c->trig->fast_since >> 8) & 0xff, k->release);
	wl_check(v, "check_failures", 0, (double)k->failed, !k->failed);
	if (k->failed)
		wl_invalid(v, "%llu of %llu checks could not read back: %s", k->failed, k->checks, k->first);
	if (c->control) {
		wl_check(v, "control_wrong_pages", (double)k->checked, (double)k->wrong,
			 k->checked && k->wrong == k->checked);
		if (k->wrong != k->checked || !k->checked)
			wl_invalid(v, "control: %llu of %llu pages read back stale after the mapping was "
				   "replaced under the hold: the check cannot see a stale page here",
				   k->wrong, k->checked);
		check_fast(gp, v);
		return;
	}
	wl_check(v, "wrong_pages", 0, (double)k->wrong, !k->wrong);
	wl_check(v, "pages_checked", 1, (double)k->checked, k->checked > 0);
	if (k->wrong)
		wl_invalid(v, "%llu of %llu pages read back through %s were not the mapped ones (%s)",
			   k->wrong, k->checked, c->trig->readback, k->first);
	else if (!k->checked && !k->failed)
		wl_invalid(v, "no page was checked");
	/* after the data: a wrong page is the first reason, a fallback the next */
	check_fast(gp, v);
}

void gup_check_teardown(struct gup_point *gp)
{
	free(gp->chk.out);
	free(gp->chk.boundary);
	gp->chk.out = NULL;
	gp->chk.boundary = NULL;
}
