// SPDX-License-Identifier: GPL-2.0
/*
 * What one ptl operation does to the page tables: after each repetition,
 * on the main thread while the workers wait, one op of each worker's is
 * done again with VmPTE (/proc/self/status, mm_pgtables_bytes()) read
 * around its steps. A fault+zap that allocates a PTE table on its first
 * touch and frees it in the zap is PT reclaim at work (CONFIG_PT_RECLAIM,
 * v6.14+: MADV_DONTNEED over a whole table frees it); a THP fault
 * allocates the PTE table it deposits and its zap frees it, on every
 * kernel. The counts are in PTE tables (VmPTE's bytes over one PTE
 * table's), per op.
 *
 * A probe, not the window: what the op does alone and quiescent. Under
 * contention a reclaim that fails a trylock is skipped, so the window may
 * free fewer; never more.
 */
#include <errno.h>
#include <math.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptl.h"

static void touch_pages(char *r, uint64_t pages, uint64_t leaf)
{
	uint64_t i;

	for (i = 0; i < pages; i++)
		((volatile char *)r)[i * leaf] = 1;
}

/* A walk op of worker i's, with its own buffers. 0 or -1. */
static int walk_once(const struct ptl *p, struct wl_point *pt, unsigned int i)
{
	struct ptl_thread *th = pt->threads[i]->priv;
	size_t n = th->len / pt->sys->page_size;

	if (p->op == OP_MINCORE)
		return mincore(th->region, th->len, th->vec) ? -1 : 0;
	return pread(th->pm_fd, th->pm, n * sizeof(uint64_t),
		     (off_t)((uintptr_t)th->region / pt->sys->page_size * sizeof(uint64_t))) ==
	       (ssize_t)(n * sizeof(uint64_t)) ? 0 : -1;
}

/* One op of worker i's: the bytes of page tables it allocated and freed. 0 or -1. */
static int probe_one(const struct ptl *p, struct wl_point *pt, unsigned int i, long long *alloc,
		     long long *freed)
{
	struct ptl_thread *th = pt->threads[i]->priv;
	long long v0 = vm_pte_bytes(), v1, v2;

	if (v0 < 0 || !th)
		return -1;
	if (p->op != OP_FAULT) {
		if (walk_once(p, pt, i))
			return -1;
		v1 = vm_pte_bytes();
		*alloc = v1 > v0 ? v1 - v0 : 0;
		*freed = v1 < v0 ? v0 - v1 : 0;
		return v1 < 0 ? -1 : 0;
	}
	touch_pages(th->region, p->pages, p->leaf);
	v1 = vm_pte_bytes();
	if (madvise(th->region, th->len, MADV_DONTNEED))
		return -1;
	v2 = vm_pte_bytes();
	if (v1 < 0 || v2 < 0)
		return -1;
	*alloc = v1 > v0 ? v1 - v0 : 0;
	*freed = v1 > v2 ? v1 - v2 : 0;
	return 0;
}

void ptl_probe_tables(struct wl_point *pt, double *alloc, double *freed)
{
	struct ptl *p = pt->priv;
	/* VmPTE counts PTRS_PER_PTE entries of 8 bytes for a PTE table */
	double table = (double)(pt->sys->pte_table_span / pt->sys->page_size * 8);
	long long a = 0, f = 0, sa = 0, sf = 0;
	unsigned int i;

	for (i = 0; i < pt->nthreads; i++) {
		if (probe_one(p, pt, i, &a, &f)) {
			p->probe_failed = errno ? errno : EIO;
			*alloc = *freed = NAN;
			return;
		}
		sa += a;
		sf += f;
	}
	*alloc = (double)sa / table / pt->nthreads;
	*freed = (double)sf / table / pt->nthreads;
	p->probes++;
	p->alloc_sum += *alloc;
	p->freed_sum += *freed;
}
