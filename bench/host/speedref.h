/* SPDX-License-Identifier: GPL-2.0 */
/* The machine-speed reference taken beside each repetition (speedref.c). */
#ifndef PTBENCH_SPEEDREF_H
#define PTBENCH_SPEEDREF_H

#include <stddef.h>

struct topo;

/* 256 KiB: a mid-level cache on the machines ptbench runs on */
#define SPEEDREF_BYTES	(256u << 10)
/* one sample's length; two per repetition (before and after its phase) */
#define SPEEDREF_SEC	0.01

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
