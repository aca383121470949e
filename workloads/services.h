/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a workload may ask of the runner, and nothing more: set a system
 * knob (saved and put back by the runner), read the kernel config,
 * whether debugfs is mounted, and a block device whose reads wait. The
 * runner implements these (bench/host/knobs.c, kconfig.c, debugfs.c,
 * holddev.c);
 * system facts come in struct wl_sys (workload.h). The library every room
 * uses (lib: util, stats) comes through here too: a workload
 * includes only workloads/ headers, and this is the one of them that may
 * include anything else (scripts/check-includes.sh).
 */
#ifndef PTBENCH_SERVICES_H
#define PTBENCH_SERVICES_H

#include <stddef.h>
#include <stdint.h>

#include "lib/stats.h"
#include "lib/util.h"

/*
 * Write val to the knob at path, saving the old value first (it is put back
 * when the point ends, and on any exit). 0, or -1 with errno.
 */
int knob_set(const char *path, const char *val);

/*
 * The value of a kernel config option ("y", "m", "4096", ...) of the running
 * kernel, or NULL when unset or when the config is not readable. name may
 * carry the "CONFIG_" prefix or not. The config is read once and cached:
 * call first from one thread (the system capture does, before any worker
 * starts). The string stays valid until kconfig_use() (bench/host/sysinfo.h).
 */
const char *kconfig_get(const char *name);
/* Whether a kernel config was found and read (tells "unset" from "unknown"). */
int kconfig_readable(void);
/* Whether CONFIG_<name> is y or m. */
int kconfig_on(const char *name);

/* Is /sys/kernel/debug a debugfs mount? (ptbench run mounts it for gup_test.) */
int debugfs_mounted(void);
/*
 * ptbench's own block device whose reads wait before their data arrives
 * (bench/host/holddev.c): a loop device over a file ptbench serves through
 * FUSE. Its content is a copy of data[0..len); every read is answered
 * hold_ns after it reached the server, and only the answer copies the data
 * into the reader's pages, which the block layer pinned at submission. So
 * an O_DIRECT read of hold_dev_fd() stays in flight, pinned, for hold_ns.
 * Root only; NULL and why when it cannot be made (no FUSE, no loop, not
 * root). hold_dev_close() removes it (and a run's exit, after SIGKILL the
 * next run or "ptbench restore").
 */
struct hold_dev;
struct hold_stats {
	uint64_t reads;		/* reads answered */
	uint64_t held_ns;	/* their holds, summed */
	uint64_t min_ns, max_ns;
};
struct hold_dev *hold_dev_open(const void *data, size_t len, uint64_t hold_ns, char *why, size_t wlen);
/* An O_RDONLY | O_DIRECT descriptor of the device (the device's own: do not close it). */
int hold_dev_fd(const struct hold_dev *d);
/* "/dev/loopN". */
const char *hold_dev_path(const struct hold_dev *d);
void hold_dev_stats(const struct hold_dev *d, struct hold_stats *s);
void hold_dev_close(struct hold_dev *d);

#endif
