// SPDX-License-Identifier: GPL-2.0
/*
 * What a killed run left of its hold device (holddev.c): only when the run
 * and its server were both SIGKILLed, a FUSE mount with no server,
 * <state dir>/hold.<pid> of a pid that is gone. Its connection is aborted
 * first (fusectl's abort: a reader still waiting on it gets an error
 * instead of waiting for ever), then it is unmounted and its directory
 * removed. "ptbench run" sweeps before it makes a device, "ptbench
 * restore" on demand.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/file.h"
#include "holddev.h"

#define FUSECTL		"/sys/fs/fuse/connections"

/* "hold.<pid>" of a process that is gone. */
static int dead_hold(const char *mnt)
{
	const char *base = strrchr(mnt, '/');
	int pid;

	if (!base || sscanf(base + 1, "hold.%d", &pid) != 1 || pid <= 0 || pid == getpid())
		return 0;
	return kill(pid, 0) && errno == ESRCH;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* One mountinfo line: a hold device's mount point and device, or -1. */
static int hold_line(const char *line, char *mnt, unsigned int *maj, unsigned int *min)
{
	const char *sep = strstr(line, " - ");
	char type[64], src[64];

	/* "id parent maj:min root mountpoint opts ... - type source superopts" */
	if (!sep || sscanf(line, "%*s %*s %u:%u %*s %4095s", maj, min, mnt) != 3 ||
	    sscanf(sep + 3, "%63s %63s", type, src) != 2)
		return -1;
	/* fuse.ptbench-hold; plain "fuse" where a kernel took no subtype */
	if (strncmp(type, "fuse", 4) || strcmp(src, HOLD_DEV_NAME))
		return -1;
	unescape(mnt);
	return 0;
}

int hold_dev_stale(const char *mountinfo, struct hold_stale *out, int max)
{
	char line[4096 + 512];
	FILE *f = fopen(mountinfo, "re");
	int n = 0;

	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		struct hold_stale *s = &out[n];

		if (!hold_line(line, s->mnt, &s->maj, &s->min) && dead_hold(s->mnt))
			n++;
	}
	fclose(f);
	return n;
}

int hold_dev_sweep_in(const char *mountinfo)
{
	struct hold_stale st[16];
	int i, n = hold_dev_stale(mountinfo, st, 16), done = 0;

	for (i = 0; i < n; i++) {
		char abort_path[128];

		snprintf(abort_path, sizeof(abort_path), FUSECTL "/%u/abort",
			 (unsigned int)makedev(st[i].maj, st[i].min));
		write_str(abort_path, "1");	/* no fusectl mounted: the unmount still goes */
		if (!umount2(st[i].mnt, MNT_DETACH)) {
			rmdir(st[i].mnt);
			done++;
		}
	}
	return done;
}

int hold_dev_sweep(void)
{
	return hold_dev_sweep_in("/proc/self/mountinfo");
}
