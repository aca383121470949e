// SPDX-License-Identifier: GPL-2.0
/*
 * mmloop: the ptl fault op (level=pte, placement=split) with no harness at
 * all: N threads, each pinned to CPU i, touch P base pages of a private
 * MADV_NOHUGEPAGE region in a PTE table of its own, MADV_DONTNEED it, repeat
 * for a fixed time. "make bench-overhead" compares its ops/s with ptbench's
 * for the same work, to measure what the harness costs.
 *
 * usage: mmloop THREADS PAGES SECONDS   -> prints "ops_per_sec <total>"
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SLOT 256

struct slot {
	unsigned long long ops;
	double rate;
	char *region;
	int cpu;
} __attribute__((aligned(SLOT)));

static volatile int stop;
static size_t pages, page;
static pthread_barrier_t bar;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	struct slot *s = arg;
	cpu_set_t set;
	double t0;
	size_t i;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	pthread_barrier_wait(&bar);
	t0 = now();
	while (!stop) {
		for (i = 0; i < pages; i++)
			((volatile char *)s->region)[i * page] = 1;
		madvise(s->region, pages * page, MADV_DONTNEED);
		s->ops++;
	}
	s->rate = (double)s->ops / (now() - t0);
	return NULL;
}

int main(int argc, char **argv)
{
	size_t span, n, i;
	struct slot *slots;
	pthread_t *tids;
	double secs, total = 0;
	char *base;

	if (argc != 4) {
		fprintf(stderr, "usage: mmloop THREADS PAGES SECONDS\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	pages = strtoul(argv[2], NULL, 10);
	secs = atof(argv[3]);
	page = (size_t)sysconf(_SC_PAGESIZE);
	span = page / 8 * page;		/* one PTE table's span */
	base = mmap(NULL, span * (n + 1), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	slots = aligned_alloc(SLOT, n * sizeof(*slots));
	tids = calloc(n, sizeof(*tids));
	if (base == MAP_FAILED || !slots || !tids)
		return 1;
	base = (char *)(((uintptr_t)base + span - 1) / span * span);
	madvise(base, span * n, MADV_NOHUGEPAGE);
	/*
	 * One guard page after each region makes each its own VMA, as in
	 * ptbench: workers sharing one VMA would also share its per-VMA lock.
	 */
	for (i = 0; i < n; i++)
		mprotect(base + i * span + pages * page, page, PROT_NONE);
	pthread_barrier_init(&bar, NULL, (unsigned int)n + 1);
	for (i = 0; i < n; i++) {
		slots[i] = (struct slot){ .region = base + i * span, .cpu = (int)i };
		pthread_create(&tids[i], NULL, worker, &slots[i]);
	}
	pthread_barrier_wait(&bar);
	usleep((useconds_t)(secs * 1e6));
	stop = 1;
	for (i = 0; i < n; i++) {
		pthread_join(tids[i], NULL);
		total += slots[i].rate;
	}
	printf("ops_per_sec %.1f\n", total);
	return 0;
}
