// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench probe collapse-ipi: a check of the collapse family's IPI count
 * that shares none of its machinery. N MADV_COLLAPSEs on one CPU, a thread
 * of the same mm spinning in user space on another, and the function-call
 * lines of /proc/interrupts on the spinner's CPU read around the loop, then
 * around a loop as long without collapses. No harness, no perf counters,
 * no profile: the lines are found by what the kernels print (x86 CAL and
 * arm64 IPI1 "Function call interrupts", ppc64 DBL and the XIVE/XICS IPI,
 * s390 EXC and EMS). docs/workloads.md compares the two per arch.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "lib/util.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define PROBE_MAX_CPUS	4096

struct spinner {
	int cpu;
	volatile int stop;
	volatile int running;
};

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static void *spin(void *arg)
{
	struct spinner *s = arg;

	if (pin(s->cpu))
		return NULL;
	s->running = 1;
	while (!s->stop)
		;
	return NULL;
}

/* A line of the function-call kind, by what 6.1..6.18 print for it. */
static int call_line(const char *label, const char *line)
{
	const char *last = strrchr(line, ' ');

	if (strstr(line, "Function call interrupts"))
		return 1;		/* x86 CAL, arm64 IPI1 */
	if (!strcmp(label, "DBL") || !strcmp(label, "EXC") || !strcmp(label, "EMS"))
		return 1;		/* ppc64 doorbells, s390 external call / emergency signal */
	/* ppc64 XIVE "IPI-0" / XICS "IPI": a numbered line whose action is the IPI */
	return label[0] >= '0' && label[0] <= '9' && last && !strncmp(last + 1, "IPI", 3);
}

/* The sum of the call lines' counts in column col (a CPU's); names into names. */
static long long read_calls(int col, char *names, size_t len)
{
	char line[4096], label[64];
	long long sum = 0;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	if (names)
		names[0] = '\0';
	if (!fgets(line, sizeof(line), f)) {	/* the CPU header */
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		int i;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, " %63[^:]:", label) != 1 || !call_line(label, line))
			continue;
		p = strchr(line, ':') + 1;
		for (i = 0; i <= col; i++) {
			long long v = strtoll(p, &end, 10);

			if (end == p)
				break;
			if (i == col)
				sum += v;
			p = end;
		}
		if (names && strlen(names) + strlen(label) + 2 < len)
			strcat(strcat(names, names[0] ? "," : ""), label);
	}
	fclose(f);
	return sum;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * n PMD-sized regions, PTE-mapped (as selftests/mm/khugepaged.c), left
 * VM_NOHUGEPAGE until their collapse so that khugepaged cannot take one first.
 */
static char *map_regions(int n, size_t pmd, size_t page)
{
	size_t len = (size_t)(2 * n + 1) * pmd, off;
	char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *base;
	int i;

	if (raw == MAP_FAILED)
		return NULL;
	base = (char *)ALIGN_UP((uintptr_t)raw, pmd);
	for (i = 0; i < n; i++) {
		char *r = base + (size_t)i * 2 * pmd;

		madvise(r, pmd, MADV_NOHUGEPAGE);
		for (off = 0; off < pmd; off += page)
			r[off] = 1;
	}
	return base;
}

/*
 * kB of THP in [lo, hi) before the loop, which should be 0: a region
 * already huge makes MADV_COLLAPSE a no-op that sends nothing.
 */
static long long anon_huge_kb(uintptr_t lo, uintptr_t hi)
{
	unsigned long start = 0, end = 0;
	char line[256];
	long long sum = 0, kb;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			continue;
		if (sscanf(line, "AnonHugePages: %lld kB", &kb) == 1 && start < hi && end > lo)
			sum += kb;
	}
	fclose(f);
	return sum;
}

/* The first two CPUs this process may use: the collapser's and the spinner's. */
static int two_cpus(int *a, int *b)
{
	cpu_set_t set;
	int i, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		return -1;
	for (i = 0; i < CPU_SETSIZE && n < 2; i++)
		if (CPU_ISSET(i, &set))
			*(n++ ? b : a) = i;
	return n == 2 ? 0 : -1;
}

/* The column of cpu in /proc/interrupts (online CPUs only are printed). */
static int cpu_column(int cpu)
{
	char line[4096], *p, *end;
	int col = 0;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	for (p = line; (p = strstr(p, "CPU")); p = end, col++)
		if (strtol(p + 3, &end, 10) == cpu)
			return col;
	return -1;
}

static int probe_collapse_ipi(int n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pmd;
	struct spinner s = { 0 };
	long long pmd_ll = 0;
	long long a0, a1, q0, q1, huge0;
	int cpu0, col, ok = 0, i;
	char names[256];
	double t0, t1, tq;
	pthread_t th;
	char *base;

	if (read_ll("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", &pmd_ll) || pmd_ll <= 0) {
		printf("probe collapse-ipi: skipped: no THP here\n");
		return 0;
	}
	pmd = (size_t)pmd_ll;
	if (two_cpus(&cpu0, &s.cpu) || (col = cpu_column(s.cpu)) < 0) {
		printf("probe collapse-ipi: skipped: needs two CPUs\n");
		return 0;
	}
	if (!(base = map_regions(n, pmd, page)) || pin(cpu0) ||
	    pthread_create(&th, NULL, spin, &s)) {
		printf("probe collapse-ipi: failed: %s\n", strerror(errno));
		return 1;
	}
	while (!s.running)
		usleep(1000);
	usleep(100000);
	huge0 = anon_huge_kb((uintptr_t)base, (uintptr_t)(base + (size_t)2 * n * pmd));
	a0 = read_calls(col, names, sizeof(names));
	t0 = now_s();
	for (i = 0; i < n; i++) {
		char *r = base + (size_t)i * 2 * pmd;

		ok += !madvise(r, pmd, MADV_HUGEPAGE) && !madvise(r, pmd, MADV_COLLAPSE);
	}
	t1 = now_s();
	a1 = read_calls(col, NULL, 0);
	/* the same time again, no collapse: what the spinner's CPU gets anyway */
	q0 = read_calls(col, NULL, 0);
	for (tq = now_s(); now_s() - tq < t1 - t0;)
		usleep(1000);
	q1 = read_calls(col, NULL, 0);
	s.stop = 1;
	pthread_join(th, NULL);
	printf("probe collapse-ipi: lines %s; collapser CPU %d, spinner CPU %d; %d of %d collapsed "
	       "in %.3f s; spinner's CPU: %lld calls while collapsing, %.3f per collapse; "
	       "%lld in as long without collapses; %lld kB of THP in the regions before\n",
	       names[0] ? names : "none", cpu0, s.cpu, ok, n, t1 - t0, a1 - a0,
	       ok ? (double)(a1 - a0) / ok : 0.0, q1 - q0, huge0);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench probe collapse-ipi [-n N]\n\n"
		   "A check of the collapse family's IPI count with none of its machinery: N\n"
		   "MADV_COLLAPSEs on one CPU, a thread of the same mm spinning on another, the\n"
		   "function-call lines of /proc/interrupts on the spinner's CPU read around the\n"
		   "loop and around as long without collapses (docs/workloads.md).\n\n"
		   "  -n, --collapses N   collapses (default 64, at most 4096)\n");
}

int cmd_probe(int argc, char **argv)
{
	int n = 64;
	const struct opt opts[] = {
		OPT_INTEGER('n', "collapses", &n, 1, 4096, "N", "collapses (default 64)"),
		OPT_FINISH,
	};
	int rc, first = cli_options(argc, argv, opts, "probe", usage, 1, 1, &rc);

	if (first == CLI_DONE)
		return rc;
	if (strcmp(argv[first], "collapse-ipi")) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return probe_collapse_ipi(n);
}
