/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where this process's cgroup is, for one controller: the mount of the
 * hierarchy that has it (v1: a "cgroup" mount with the controller among
 * its options; v2: the cgroup2 mount whose cgroup.controllers lists it)
 * and the process's path in that hierarchy (/proc/self/cgroup). Read by
 * memlimit.c (the memory limits above the process) and iothrottle.c (the
 * blkio group it makes beside it).
 */
#ifndef PTBENCH_CGROUPFS_H
#define PTBENCH_CGROUPFS_H

#include <stddef.h>

/*
 * The mount point of the hierarchy with controller ctrl ("memory",
 * "blkio"), from a mountinfo file; *v2 says whether it is cgroup2. v1 is
 * preferred when both have it. 0, or -1 when none has it.
 */
int cgroup_mount(const char *mountinfo, const char *ctrl, char *mnt, size_t len, int *v2);
/*
 * This process's path in that hierarchy, from a /proc/<pid>/cgroup file:
 * "" for the root, else "/a/b". 0, or -1 when the file has no such line.
 */
int cgroup_own(const char *cgroup_file, const char *ctrl, int v2, char *cg, size_t len);

#endif
