/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptbench's own slow block device (holddev.c, its server in
 * holddev_server.c): hold_dev_*() in workloads/services.h is what
 * integrity uses; the server's entry point and the sweep of what a killed
 * run left (holddev_sweep.c) are the runner's.
 */
#ifndef PTBENCH_HOLDDEV_H
#define PTBENCH_HOLDDEV_H

#include "workloads/services.h"

/* The FUSE file system's name: its source in mountinfo, and its type's subtype. */
#define HOLD_DEV_NAME	"ptbench-hold"

/* The internal command that runs the device's FUSE server (holddev_server.c). */
#define HOLD_DEV_SERVER	"hold-server"
/* Its main: "ptbench hold-server MOUNTPOINT MEMFD CTL_FD READY_FD", started by hold_dev_open(). */
int hold_dev_serve(int argc, char **argv);

/* A mount a killed run and its server left: where, and its device (the FUSE connection). */
struct hold_stale {
	char mnt[4096];
	unsigned int maj, min;
};
/* Such mounts in a mountinfo file (hold.<pid> of a pid that is gone), up to max. */
int hold_dev_stale(const char *mountinfo, struct hold_stale *out, int max);
/*
 * Abort their FUSE connections (fusectl), unmount them, remove their
 * directories. How many were removed.
 */
int hold_dev_sweep_in(const char *mountinfo);
/* That, for /proc/self/mountinfo. */
int hold_dev_sweep(void);

#endif
