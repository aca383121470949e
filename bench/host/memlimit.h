/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much memory this process may still use: the smaller of MemAvailable
 * and the headroom (limit - usage) of every memory cgroup above it, v1 or
 * v2. A point checked against MemAvailable alone would be OOM-killed in a
 * container or a systemd slice with a limit.
 */
#ifndef PTBENCH_MEMLIMIT_H
#define PTBENCH_MEMLIMIT_H

#include <stddef.h>

/* Bytes, or -1 if unknown; what bounds it ("MemAvailable", "cgroup /x memory.max") in src. */
long long mem_headroom(char *src, size_t len);

/* The cgroup part alone, from a given sysfs root: for tests. -1 if no limit. */
long long cgroup_headroom(const char *mnt, int v2, const char *cg, char *src, size_t len);

#endif
