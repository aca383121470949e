// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's speed beside every repetition (bench/host/speedref.c):
 * which references a point gets, how large, and their samples. A cache-
 * sized fill for every point, and one of the point's own memory size
 * where memory allows; compare --speed-adjust takes, per figure, the one
 * that follows it best within each side (docs/methodology.md).
 */
#include <stdio.h>
#include <string.h>

#include "bench/host/memlimit.h"
#include "lib/util.h"
#include "harness_int.h"

/*
 * The speed references beside repetition rep: once before its phase and
 * once after (end), the mean of the two kept; outside the counters'
 * window, on the first worker's CPU while the workers wait. Before the
 * phase the footprint fill goes first and the cache fill last, so that
 * what the phase finds in the caches is what the cache fill left, as it
 * was before the footprint reference existed.
 */
void speed_sample(struct run *run, struct point_result *r, int rep, int end)
{
	struct speed_series *s;
	double v;
	int i, k;

	for (i = 0; i < SREF_KINDS; i++) {
		k = end ? i : SREF_KINDS - 1 - i;
		s = &r->speed[k];
		if (s->absent[0])
			continue;
		v = speedref_sample(&run->sref[k], run->topo, r->speed_cpu, SPEEDREF_SEC);
		if (v <= 0) {
			snprintf(s->absent, sizeof(s->absent), "the reference could not run on CPU %d",
				 r->speed_cpu);
			continue;
		}
		s->x[rep] = end ? (s->x[rep] + v) / 2 : v;
	}
}

/*
 * The footprint reference's size: the point's memory, at most
 * SPEEDREF_FOOTPRINT_MAX, only where it is larger than the cache
 * reference's (else it would be that one again) and where memory is left
 * for it beside the point; 0 with the reason. mmap rounds it up to this
 * machine's page size; the fill covers the bytes asked.
 */
static size_t footprint_bytes(const struct point_result *r, char *why, size_t len)
{
	char src[300];
	long long avail = mem_headroom(src, sizeof(src));
	unsigned long long b = r->mem_bytes;

	if (!b) {
		snprintf(why, len, "the workload does not say how much memory the point uses");
		return 0;
	}
	if (b <= SPEEDREF_BYTES) {
		snprintf(why, len, "the point's memory fits the cache reference's buffer: the same "
			 "reference");
		return 0;
	}
	b = MIN(b, (unsigned long long)SPEEDREF_FOOTPRINT_MAX);
	if (avail >= 0 && b > (unsigned long long)avail / 4) {
		snprintf(why, len, "no memory for it: %llu MiB is more than a quarter of what is "
			 "available", b >> 20);
		return 0;
	}
	return b;
}

void speed_setup(struct run *run, struct point_result *r)
{
	struct speed_series *s;
	int k, err;

	r->speed_cpu = run->n ? r->cpus[0] : -1;
	r->speed[SREF_CACHE].bytes = SPEEDREF_BYTES;
	r->speed[SREF_FOOTPRINT].bytes = footprint_bytes(r, r->speed[SREF_FOOTPRINT].absent,
							 sizeof(r->speed[SREF_FOOTPRINT].absent));
	for (k = 0; k < SREF_KINDS; k++) {
		s = &r->speed[k];
		if (s->absent[0])
			continue;
		err = speedref_init(&run->sref[k], s->bytes);
		if (err)
			snprintf(s->absent, sizeof(s->absent), "no buffer for the reference: %s",
				 strerror(-err));
	}
}

void speed_teardown(struct run *run)
{
	int k;

	for (k = 0; k < SREF_KINDS; k++)
		speedref_fini(&run->sref[k]);
}
