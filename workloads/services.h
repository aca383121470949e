/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a workload may ask of the runner, and nothing more: set a system
 * knob (saved and put back by the runner), read the kernel config, and
 * whether debugfs is mounted. The
 * runner implements these (bench/host/knobs.c, kconfig.c, debugfs.c);
 * system facts come in struct wl_sys (workload.h). The library every room
 * uses (bench/lib: util, stats) comes through here too: a workload
 * includes only workloads/ headers, and this is the one of them that may
 * include anything else (scripts/check-includes.sh).
 */
#ifndef PTBENCH_SERVICES_H
#define PTBENCH_SERVICES_H

#include "bench/lib/stats.h"
#include "bench/lib/util.h"

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

#endif
