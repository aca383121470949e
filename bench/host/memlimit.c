// SPDX-License-Identifier: GPL-2.0
/* How much memory this process may still use: MemAvailable and every cgroup limit above it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "cgroupfs.h"
#include "memlimit.h"

/* "max" (v2) and the v1 "no limit" value (LONG_MAX rounded to a page) are no limit. */
static long long read_limit(const char *path)
{
	char buf[64];
	long long v;

	if (read_str(path, buf, sizeof(buf)))
		return -1;
	if (!strncmp(buf, "max", 3))
		return -1;
	v = strtoll(buf, NULL, 10);
	return v <= 0 || v >= (1LL << 62) ? -1 : v;
}

long long cgroup_headroom(const char *mnt, int v2, const char *cg, char *src, size_t len)
{
	const char *lim_f = v2 ? "memory.max" : "memory.limit_in_bytes";
	const char *use_f = v2 ? "memory.current" : "memory.usage_in_bytes";
	char dir[4096], path[4200];
	long long best = -1;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", cg);
	for (;;) {
		long long lim, use;

		snprintf(path, sizeof(path), "%s%s/%s", mnt, dir, lim_f);
		lim = read_limit(path);
		snprintf(path, sizeof(path), "%s%s/%s", mnt, dir, use_f);
		use = read_limit(path);
		if (lim > 0) {
			long long room = use > 0 && use < lim ? lim - use : (use >= lim ? 0 : lim);

			if (best < 0 || room < best) {
				best = room;
				snprintf(src, len, "cgroup %s %s", dir[0] ? dir : "/", lim_f);
			}
		}
		slash = strrchr(dir, '/');
		if (!slash || !dir[0])
			break;
		*slash = '\0';
	}
	return best;
}

long long mem_headroom(char *src, size_t len)
{
	long long avail = meminfo_bytes("MemAvailable"), cg_room;
	char mnt[512], cg[1024], cgsrc[256];
	int v2 = 0;

	snprintf(src, len, "MemAvailable");
	if (cgroup_mount("/proc/self/mountinfo", "memory", mnt, sizeof(mnt), &v2) ||
	    cgroup_own("/proc/self/cgroup", "memory", v2, cg, sizeof(cg)))
		return avail;
	cg_room = cgroup_headroom(mnt, v2, cg, cgsrc, sizeof(cgsrc));
	if (cg_room >= 0 && (avail < 0 || cg_room < avail)) {
		snprintf(src, len, "%s", cgsrc);
		return cg_room;
	}
	return avail;
}
