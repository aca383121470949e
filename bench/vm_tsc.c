// SPDX-License-Identifier: GPL-2.0
/*
 * The host's TSC rate, for x86_64 guests under TCG. QEMU's TCG rdtsc reads
 * the host's TSC (cpu_get_host_ticks()), so the guest's TSC runs at the
 * host's rate. A guest kernel calibrates it against the PIT, which under TCG
 * on a loaded host fails ("tsc: Unable to calibrate against PIT", "No
 * reference (HPET/PMTIMER) available", "Marking TSC unstable"), and a
 * microvm guest, with neither HPET nor PM timer, then hangs until the
 * deadline: 3 boots of 3 of Debian's 6.1 at load 7 on the 2-vCPU
 * development VM. tsc_early_khz= on the guest's command line gives the rate
 * and skips that calibration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vm_tsc.h"

#if defined(__x86_64__)
#include <x86intrin.h>

/* Only a TSC that ticks at one rate through P- and C-states is worth telling. */
static int tsc_is_constant(void)
{
	char *line = NULL;
	size_t cap = 0;
	int ok = 0;
	FILE *f = fopen("/proc/cpuinfo", "re");

	if (!f)
		return 0;
	while (!ok && getline(&line, &cap, f) > 0)
		if (!strncmp(line, "flags", 5))
			ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc") ? 1 : -1;
	free(line);
	fclose(f);
	return ok > 0;
}

static double ns_of(const struct timespec *t)
{
	return (double)t->tv_sec * 1e9 + (double)t->tv_nsec;
}

/* TSC ticks per ms over a 20 ms sleep. */
static double tsc_sample(void)
{
	struct timespec a, b, d = { 0, 20000000 };
	unsigned long long t0, t1;

	clock_gettime(CLOCK_MONOTONIC_RAW, &a);
	t0 = __rdtsc();
	nanosleep(&d, NULL);
	t1 = __rdtsc();
	clock_gettime(CLOCK_MONOTONIC_RAW, &b);
	return (double)(t1 - t0) / (ns_of(&b) - ns_of(&a)) * 1e6;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

long host_tsc_khz(void)
{
	double s[3];
	int i;

	if (!tsc_is_constant())
		return 0;
	for (i = 0; i < 3; i++)
		s[i] = tsc_sample();
	qsort(s, 3, sizeof(s[0]), dcmp);
	return s[1] > 0 ? (long)(s[1] + 0.5) : 0;
}
#else
long host_tsc_khz(void)
{
	return 0;
}
#endif
