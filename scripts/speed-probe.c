// SPDX-License-Identifier: GPL-2.0
/*
 * What moves a fault point? In one process on one CPU, over and over:
 * 0.3 s of THP faults, 0.3 s of base-page faults, and around them 10 ms
 * samples of candidate references (a cpuid loop, which exits to the
 * hypervisor in a guest and touches no guest kernel path; getppid; a
 * 256 KiB fill, ptbench's speed reference; a 16 MiB fill, memory
 * bandwidth). One line per round; docs/methodology.md ("What moves the
 * THP points") reads the correlations over blocks of rounds.
 *
 *   cc -O2 -Wall -Wextra -o speed-probe scripts/speed-probe.c
 *   taskset -c 0 ./speed-probe 240 > probe.txt
 *
 * Not part of ptbench: a measurement kept so that it can be repeated on
 * another machine.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define SAMPLE_SEC	0.01
#define FAULT_SEC	0.3
#define THP_PAGES	8
#define PTE_PAGES	64

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* cpuid per second; -1 where there is no such instruction */
static double cpuid_rate(double sec)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	double t0 = now(), t;
	long n = 0;

	do {
		__cpuid(0, a, b, c, d);
		__asm__ __volatile__("" : : "r"(a), "r"(b), "r"(c), "r"(d));
		n++;
		t = now();
	} while (t - t0 < sec);
	return (double)n / (t - t0);
#else
	(void)sec;
	return -1;
#endif
}

static double getppid_rate(double sec)
{
	double t0 = now(), t;
	long n = 0;

	do {
		getppid();
		n++;
		t = now();
	} while (t - t0 < sec);
	return (double)n / (t - t0);
}

/* GB/s of memset over buf */
static double fill_rate(char *buf, size_t len, double sec)
{
	double t0 = now(), t, bytes = 0;
	int v = 0;

	do {
		memset(buf, ++v, len);
		__asm__ __volatile__("" : : "r"(buf) : "memory");
		bytes += (double)len;
		t = now();
	} while (t - t0 < sec);
	return bytes / (t - t0) / 1e9;
}

/* Faults per second: touch every page of a region of pages of size psz, zap, again. */
static double fault_rate(double sec, size_t psz, int pages, int advice)
{
	size_t len = psz * (size_t)pages;
	char *m, *a;
	double t0, t;
	long n = 0;
	int i;

	m = mmap(NULL, len + psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	a = (char *)(((unsigned long)m + psz - 1) & ~(psz - 1));
	madvise(a, len, advice);
	t0 = now();
	do {
		for (i = 0; i < pages; i++)
			a[(size_t)i * psz] = 1;
		madvise(a, len, MADV_DONTNEED);
		n += pages;
		t = now();
	} while (t - t0 < sec);
	munmap(m, len + psz);
	return (double)n / (t - t0);
}

/* The THP size this kernel uses, or 0. */
static size_t pmd_size(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "r");
	unsigned long v = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

static void refs(double *x, char *small, char *big)
{
	x[0] = cpuid_rate(SAMPLE_SEC);
	x[1] = getppid_rate(SAMPLE_SEC);
	x[2] = fill_rate(small, 256 << 10, SAMPLE_SEC);
	x[3] = fill_rate(big, 16 << 20, SAMPLE_SEC);
}

int main(int argc, char **argv)
{
	char *small = malloc(256 << 10), *big = malloc(16 << 20);
	int i, k, rounds = argc > 1 ? atoi(argv[1]) : 240;
	double a[4], b[4], thp, pte;
	size_t pmd = pmd_size();

	if (!small || !big)
		return 1;
	if (!pmd) {
		fprintf(stderr, "speed-probe: no THP here (hpage_pmd_size)\n");
		return 1;
	}
	memset(small, 1, 256 << 10);
	memset(big, 1, 16 << 20);
	printf("thp pte cpuid getppid cache256K fill16M\n");
	for (i = 0; i < rounds; i++) {
		refs(a, small, big);
		thp = fault_rate(FAULT_SEC, pmd, THP_PAGES, MADV_HUGEPAGE);
		pte = fault_rate(FAULT_SEC, (size_t)sysconf(_SC_PAGESIZE), PTE_PAGES, MADV_NOHUGEPAGE);
		refs(b, small, big);
		printf("%.0f %.0f", thp, pte);
		for (k = 0; k < 4; k++)
			printf(" %.4g", (a[k] + b[k]) / 2);
		printf("\n");
		fflush(stdout);
	}
	return 0;
}
