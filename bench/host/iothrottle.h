/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slowing chosen threads' block reads with blk-throttle, for integrity's
 * fork disturbances (io_throttle_*() in workloads/services.h). The parts
 * here are the runner's: the disk a file is on, and the groups a killed
 * run left behind.
 */
#ifndef PTBENCH_IOTHROTTLE_H
#define PTBENCH_IOTHROTTLE_H

#include <stddef.h>

#include "workloads/services.h"

/* The groups are named IOTHROTTLE_PREFIX<pid>, beside the process's own blkio cgroup. */
#define IOTHROTTLE_PREFIX	"ptbench-io."

/*
 * The whole disk ("8:0") that device maj:min is or is a partition of,
 * from <sysfs>/dev/block. 0, or -1 and why: no block device there (tmpfs,
 * btrfs, overlayfs and NFS files have none blk-throttle can name).
 */
int iothrottle_disk(const char *sysfs, unsigned int maj, unsigned int min, char *disk, size_t len,
		    char *why, size_t wlen);
/* Remove the groups under parent of runs that are gone (a SIGKILL leaves an empty one). */
int iothrottle_sweep(const char *parent);
/* That, beside this process's own blkio cgroup: for "ptbench restore". Groups removed. */
int iothrottle_sweep_own(void);

#endif
