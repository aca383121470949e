/* SPDX-License-Identifier: GPL-2.0 */
/* debugfs for the run, for the kernel's gup_test (see debugfs.c). */
#ifndef PTBENCH_DEBUGFS_H
#define PTBENCH_DEBUGFS_H

#include <stddef.h>

#include "workloads/gup_test_abi.h"
#include "workloads/services.h"

#define DEBUGFS_MNT	"/sys/kernel/debug"

enum debugfs_action {
	DEBUGFS_NOTHING,	/* gup_test is there, or the kernel has none */
	DEBUGFS_MOUNT,		/* not mounted, and the kernel may have gup_test */
};

/*
 * What to do, from what is known: gup_test (the kernel's CONFIG_GUP_TEST
 * value, NULL when not set or the config is unreadable), whether the config
 * could be read, whether debugfs is mounted at DEBUGFS_MNT.
 */
enum debugfs_action debugfs_plan(int kconfig_readable, const char *gup_test, int mounted);

/*
 * Mount debugfs for the run when the kernel has (or may have) gup_test and
 * it is not mounted; 0 when nothing was needed or it is mounted now, -1
 * with the reason. The mount is remembered and taken down by
 * debugfs_release().
 */
int debugfs_ensure(char *why, size_t len);
void debugfs_release(void);

/* debugfs_mounted(): workloads/services.h. */

#endif
