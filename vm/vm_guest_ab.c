// SPDX-License-Identifier: GPL-2.0
/*
 * The guest side of "ptbench vm --ab": /init as ptbench's systemd unit is
 * on a lab machine. It mounts the plan's disk (serial ptbench-ab-state) on
 * /ab and runs "ptbench ab start --guest" on the first boot (its arguments
 * from /ptbench/ab/args), "ptbench ab step" on every later one. The step
 * kexecs into the next kernel itself; when it comes back, the plan is over
 * (or broken), and the plan, the result files and the compare go over the
 * console before the guest powers off.
 *
 * ptbench_ab_abort_at=N on the command line runs "ptbench ab abort" on the
 * N-th planned boot instead of its step: what a user does by hand mid-plan.
 * ptbench_ab_hang_at=N makes the N-th planned boot hang instead (the tests'
 * hung kernel: the host's watchdog must stop it and the plan go on).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/util.h"
#include "vm_disk.h"
#include "vmframe.h"

#define AB_MARKER	"/ptbench/ab-guest"	/* in every initramfs of a --ab guest */
#define AB_ARGS		"/ptbench/ab/args"
#define AB_MNT		"/ab"
#define AB_PLAN		AB_MNT "/plan"
#define AB_MAX_ARGS	64

static int send_file(const char *path)
{
	char *buf;
	size_t len;
	int rc;

	if (read_file(path, 64 << 20, &buf, &len))
		return -1;
	rc = vmf_write(stdout, buf, len);
	free(buf);
	return rc;
}

/* plan.json, compare.json and each result file in results/NAME/: how many went out. */
static int send_plan(void)
{
	char path[600];
	struct dirent *k, *f;
	DIR *top = opendir(AB_PLAN "/results"), *d;
	int sent = !send_file(AB_PLAN "/plan.json") + !send_file(AB_PLAN "/compare.json");

	while (top && (k = readdir(top))) {
		if (k->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), AB_PLAN "/results/%.200s", k->d_name);
		d = opendir(path);
		while (d && (f = readdir(d))) {
			size_t n = strlen(f->d_name);

			if (n < 6 || strcmp(f->d_name + n - 5, ".json"))
				continue;
			snprintf(path, sizeof(path), AB_PLAN "/results/%.200s/%.200s", k->d_name, f->d_name);
			sent += !send_file(path);
		}
		if (d)
			closedir(d);
	}
	if (top)
		closedir(top);
	return sent;
}

/* The start's arguments, one per line, after "ab"; their count. */
static int start_args(char **argv, int max)
{
	static char *text;
	size_t len;
	char *save = NULL, *tok;
	int n = 0;

	if (read_file(AB_ARGS, 1 << 16, &text, &len))
		return -1;
	for (tok = strtok_r(text, "\n", &save); tok && n < max - 1; tok = strtok_r(NULL, "\n", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	return n;
}

/* This is the planned boot the variable names (1-based: ptbench_ab_abort_at=2). */
static int planned_boot_is(const char *var)
{
	const char *at = getenv(var), *mark = getenv("ptbench_ab"), *dot;

	if (!at || !mark || !(dot = strrchr(mark, '.')) || !strcmp(dot, ".home"))
		return 0;
	return atoi(dot + 1) + 1 == atoi(at);
}

static int mount_state(char *why, size_t len)
{
	char dev[64];

	if (vm_disk_find_serial(VM_STATE_SERIAL, dev, sizeof(dev), why, len))
		return -1;
	mkdir(AB_MNT, 0755);
	/* ext4 with its journal: a planned kernel that dies leaves it consistent */
	if (mount(dev, AB_MNT, "ext4", 0, NULL))
		return set_why(why, len, "mount %s on " AB_MNT ": %s", dev, strerror(errno));
	return 0;
}

/* 1 when this boot is one of a --ab guest's (all done here), 0 for a plain guest run. */
int vm_guest_ab(int (*run)(char *const argv[]))
{
	char *argv[AB_MAX_ARGS + 4] = { "/ptbench/ptbench", "ab" }, why[256];
	char *step[] = { "/ptbench/ptbench", "ab", NULL, "--state", AB_PLAN, NULL };
	int rc;

	if (access(AB_MARKER, F_OK))
		return 0;
	if (mount_state(why, sizeof(why))) {
		printf("ptbench-guest: ab: the plan's disk: %s\n", why);
		rc = 1;
	} else if (planned_boot_is("ptbench_ab_hang_at")) {
		printf("ptbench-guest: ab: hanging here (ptbench_ab_hang_at)\n");
		fflush(stdout);
		for (;;)
			pause();
	} else if (!access(AB_PLAN "/plan.json", F_OK)) {
		step[2] = planned_boot_is("ptbench_ab_abort_at") ? "abort" : "step";
		printf("ptbench-guest: ab: ptbench ab %s\n", step[2]);
		rc = run(step);
	} else if (start_args(argv + 2, AB_MAX_ARGS) > 0) {
		printf("ptbench-guest: ab: ptbench ab start\n");
		rc = run(argv);
	} else {
		printf("ptbench-guest: ab: no plan on the disk and no " AB_ARGS "\n");
		rc = 1;
	}
	/* a step that comes back: the plan is over (4), or it could not go on */
	write_str("/proc/sys/kernel/printk", "1");
	printf("ptbench-guest: ab: exit %d, %d file(s) sent\n", rc, send_plan());
	printf(VMF_EXIT "%d\n", rc);
	sync();
	return 1;
}
