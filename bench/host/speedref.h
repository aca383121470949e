/* SPDX-License-Identifier: GPL-2.0 */
/* The machine-speed reference taken beside each repetition (speedref.c). */
#ifndef PTBENCH_SPEEDREF_H
#define PTBENCH_SPEEDREF_H

#include <stddef.h>

struct topo;

/* 256 KiB: a mid-level cache on the machines ptbench runs on */
#define SPEEDREF_BYTES	(256u << 10)
/*
 * The footprint reference fills as much memory as the point uses, up to
 * this: a THP fault point clears 2 MiB pages, a cache-sized fill does not
 * follow that, a fill of its own size may (docs/methodology.md).
 */
#define SPEEDREF_FOOTPRINT_MAX	(64u << 20)
/* one sample's length; two per repetition (before and after its phase) */
#define SPEEDREF_SEC	0.01

/* The references taken beside each repetition. */
enum sref_kind {
	SREF_CACHE,		/* SPEEDREF_BYTES: the CPU and its mid-level cache */
	SREF_FOOTPRINT,		/* the point's own memory size, when larger: caches beyond, memory */
	SREF_KINDS
};

/* One reference's samples over a point's repetitions. */
struct speed_series {
	double *x;		/* [rep] bytes/s */
	size_t bytes;		/* the buffer filled */
	char absent[96];	/* why there is none ("": there is) */
};

struct speedref {
	unsigned char *buf;
	size_t len;
};

/* Map and touch the buffer; 0 or -errno. */
int speedref_init(struct speedref *s, size_t len);
void speedref_fini(struct speedref *s);
/*
 * Bytes per second user space fills the buffer at, on OS CPU cpu (< 0:
 * where the caller runs) for about sec seconds; the caller's affinity is
 * put back. -1 when it cannot be measured there.
 */
double speedref_sample(struct speedref *s, const struct topo *t, int cpu, double sec);

#endif
