// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's speed, as a reference beside every repetition: how fast
 * user space fills a buffer the size of a mid-level cache on the CPU a
 * point's first worker runs on. Nothing here enters the kernel, so a
 * kernel patch cannot move it; what moves it is the machine: frequency,
 * a noisy neighbour on a shared core or cache (a VM's host), thermal
 * limits. A page fault spends most of its time clearing a page, so when
 * the reference moves, the fault figures move with it
 * (docs/methodology.md, "The speed reference").
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/util.h"
#include "placement.h"
#include "speedref.h"

#define SPEEDREF_MAX_CPUS	8192

int speedref_init(struct speedref *s, size_t len)
{
	void *m;

	memset(s, 0, sizeof(*s));
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -errno;
	/* the same 4K mapping whatever THP is set to on either kernel */
	madvise(m, len, MADV_NOHUGEPAGE);
	memset(m, 1, len);
	s->buf = m;
	s->len = len;
	return 0;
}

void speedref_fini(struct speedref *s)
{
	if (s->buf)
		munmap(s->buf, s->len);
	memset(s, 0, sizeof(*s));
}

/* Fill the buffer for about sec seconds: bytes per second. */
static double fill_rate(struct speedref *s, double sec)
{
	uint64_t t0 = now_ns(), end = t0 + (uint64_t)(sec * 1e9), t;
	unsigned long long bytes = 0;
	unsigned char v = 0;

	do {
		memset(s->buf, ++v, s->len);
		/* keep the compiler from dropping the fills */
		__asm__ __volatile__("" : : "r"(s->buf) : "memory");
		bytes += s->len;
		t = now_ns();
	} while (t < end);
	return (double)bytes / ((double)(t - t0) / 1e9);
}

double speedref_sample(struct speedref *s, const struct topo *t, int cpu, double sec)
{
	cpu_set_t *old = CPU_ALLOC(SPEEDREF_MAX_CPUS);
	size_t size = CPU_ALLOC_SIZE(SPEEDREF_MAX_CPUS);
	double rate = -1;
	int saved;

	if (!s->buf || !old)
		goto out;
	saved = !sched_getaffinity(0, size, old);
	/*
	 * On the worker's CPU: the speed of the CPU the point ran on. Not
	 * without a way back: the caller must not stay on a worker's CPU.
	 */
	if (cpu >= 0 && (!saved || placement_bind_self(t, cpu)))
		goto restore;
	rate = fill_rate(s, sec);
restore:
	if (saved)
		sched_setaffinity(0, size, old);
out:
	CPU_FREE(old);
	return rate;
}
