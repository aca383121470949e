// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs for the run. The kernel's gup_test (CONFIG_GUP_TEST) lives at
 * /sys/kernel/debug/gup_test and many systems do not mount debugfs, so a
 * kernel that has the in-kernel GUP reference would be reported as lacking
 * it. Like tracefs (tracefs.c), ptbench mounts debugfs for the run when the
 * kernel has gup_test (or its config cannot be read), remembers that it did,
 * and takes it down at the end: the system is left as it was found.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "debugfs.h"
#include "sysinfo.h"

#define DEBUGFS_MAGIC	0x64626720	/* include/uapi/linux/magic.h */

static int debugfs_we_mounted;

int debugfs_mounted(void)
{
	struct statfs st;

	return !statfs(DEBUGFS_MNT, &st) && (unsigned long)st.f_type == DEBUGFS_MAGIC;
}

enum debugfs_action debugfs_plan(int kconfig_readable, const char *gup_test, int mounted)
{
	if (mounted)
		return DEBUGFS_NOTHING;
	if (kconfig_readable && !(gup_test && (!strcmp(gup_test, "y") || !strcmp(gup_test, "m"))))
		return DEBUGFS_NOTHING;
	return DEBUGFS_MOUNT;
}

int debugfs_ensure(char *why, size_t len)
{
	int readable = kconfig_readable();

	if (debugfs_plan(readable, readable ? kconfig_get("GUP_TEST") : NULL,
			 debugfs_mounted()) == DEBUGFS_NOTHING)
		return 0;
	if (mount("debugfs", DEBUGFS_MNT, "debugfs", 0, NULL)) {
		int err = errno;

		if ((err == EPERM || err == EACCES) && geteuid())
			snprintf(why, len, "not root: cannot mount debugfs");
		else if (err == ENODEV)
			snprintf(why, len, "kernel has no debugfs (CONFIG_DEBUG_FS off)");
		else
			snprintf(why, len, "mount debugfs at %s: %s", DEBUGFS_MNT, strerror(err));
		return -1;
	}
	debugfs_we_mounted = 1;
	/* The config could not be read and there is no gup_test: take it down. */
	if (access(GUP_TEST_PATH, F_OK))
		debugfs_release();
	return 0;
}

void debugfs_release(void)
{
	if (!debugfs_we_mounted)
		return;
	if (umount2(DEBUGFS_MNT, 0) && umount2(DEBUGFS_MNT, MNT_DETACH))
		return;
	debugfs_we_mounted = 0;
}
