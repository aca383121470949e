// SPDX-License-Identifier: GPL-2.0
/*
 * The guest side of "ptbench vm": ptbench is /init (PID 1) of the initramfs.
 * Mount what a run needs, run the config with the label the host wrote,
 * send the result file over the console (vmframe.h), power off. Whatever
 * fails, it powers off: PID 1 must not exit (that panics the guest, which
 * the host would also notice, but with a worse message).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "lib/util.h"
#include "vm_cpus.h"
#include "vm_disk.h"
#include "vm_guest.h"
#include "vm_modules.h"
#include "vmframe.h"

#define GUEST_DIR	VM_GUEST_DIR
#define GUEST_MARK	GUEST_DIR "/vm-guest"
#define GUEST_OUT	VM_GUEST_OUT

int vm_is_guest(void)
{
	return getpid() == 1 && !access(GUEST_MARK, F_OK);
}

static void guest_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) && errno != EBUSY)
		printf("ptbench-guest: mount %s on %s: %s\n", type, dir, strerror(errno));
}

/*
 * cgroup v2 only, as Debian 12, Fedora, RHEL 9 and Ubuntu 22.04+ hosts
 * have it: what users run on, not a v1 hierarchy nothing there mounts.
 */
static void guest_cgroup2(void)
{
	guest_mount("cgroup2", "/sys/fs/cgroup", "cgroup2");
}

static void console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* Where integrity reads with O_DIRECT, or why there is nothing: for the run's environment. */
static char disk_env[640];

/*
 * Load the staged modules (the scratch disk's drivers, loop and fuse for the
 * hold device, any --module), find the disk by its serial.
 */
static void guest_disk(void)
{
	char why[256], dev[64], nodev[256];
	const char *own = getenv("PTBENCH_INTEGRITY_DEV");
	int mods = vm_modules_load(GUEST_DIR "/modules", why, sizeof(why));

	if (mods)
		printf("ptbench-guest: modules: %s\n", why);
	/* PTBENCH_INTEGRITY_DEV=/dev/nullb0 on the kernel command line: that device */
	if (own && own[0]) {
		printf("ptbench-guest: integrity device %s, from the command line\n", own);
		snprintf(disk_env, sizeof(disk_env), "PTBENCH_INTEGRITY_DEV=%s", own);
		return;
	}
	if (!vm_disk_find(dev, sizeof(dev), nodev, sizeof(nodev))) {
		printf("ptbench-guest: scratch disk %s\n", dev);
		snprintf(disk_env, sizeof(disk_env), "PTBENCH_INTEGRITY_DEV=%s", dev);
		return;
	}
	snprintf(disk_env, sizeof(disk_env), "PTBENCH_INTEGRITY_SKIP=%s%s%s", nodev, mods ? ": " : "",
		 mods ? why : "");
	printf("ptbench-guest: %s\n", disk_env);
}

/* When fewer vCPUs came up than QEMU was given: how many, and why (vm_cpus.h). */
static char cpus_env[2][320];

int vm_guest_spawn(char *const argv[])
{
	char *envp[] = { "PATH=/ptbench:/bin:/sbin", "PTBENCH_DATADIR=" GUEST_DIR,
			 "PTBENCH_STATE=/run/ptbench/state.json", "HOME=/", disk_env,
			 cpus_env[0][0] ? cpus_env[0] : NULL, cpus_env[1], NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;

	o.envp = envp;
	o.who = "ptbench-guest";
	return spawn_run(argv, &o);
}

static void show(const char *path, int max_lines)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return;
	printf("ptbench-guest: %s\n", path);
	while (n++ < max_lines && fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
}

int vm_guest_results(int (*fn)(const char *path, void *arg), void *arg)
{
	struct dirent *e;
	DIR *d = opendir(GUEST_OUT);
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[512];
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), GUEST_OUT "/%s", e->d_name);
		n += !fn(path, arg);
	}
	closedir(d);
	return n;
}

/* Frame one result file onto the console: 0, or -1 when it cannot be read or sent. */
static int send_one(const char *path, void *arg)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int ret = -1;
	char *buf;

	(void)arg;
	if (!f)
		return -1;
	if (!fstat(fileno(f), &st) && (buf = malloc((size_t)st.st_size + 1))) {
		if (fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size &&
		    !vmf_write(stdout, buf, (size_t)st.st_size))
			ret = 0;
		free(buf);
	}
	fclose(f);
	return ret;
}

int vm_guest_send(void)
{
	return vm_guest_results(send_one, NULL);
}

void vm_guest_mounts(void)
{
	guest_mount("devtmpfs", "/dev", "devtmpfs");
	guest_mount("proc", "/proc", "proc");
	guest_mount("sysfs", "/sys", "sysfs");
	guest_mount("tracefs", "/sys/kernel/tracing", "tracefs");
	guest_mount("debugfs", "/sys/kernel/debug", "debugfs");
	guest_mount("tmpfs", "/run", "tmpfs");
	guest_cgroup2();
}

void vm_guest_prepare(const char *smp)
{
	char *info[] = { GUEST_DIR "/ptbench", "info", NULL };

	/* ptbench vm --smp, written beside the label: did they all come up? */
	if (smp && smp[0])
		vm_cpus_check(atoi(smp), cpus_env, sizeof(cpus_env[0]));
	guest_disk();
	/* What the profiles are checked against: the guest's own view. */
	vm_guest_spawn(info);
	show("/proc/interrupts", 64);
}

int vm_guest_main(void)
{
	char label[256] = "vm";
	char rounds[16] = "1", smp[16] = "";
	char *argv[] = { GUEST_DIR "/ptbench", "run", "-q", "--config", GUEST_DIR "/config.json",
			 "--label", label, "--out", GUEST_OUT, "--rounds", rounds, NULL };
	struct utsname u;
	int rc;

	vm_guest_mounts();
	console();
	uname(&u);
	printf(VMF_START " %s %s %s\n", u.machine, u.release, u.version);
	if (getenv("ptbench_probe"))
		goto off;
	if (read_str(GUEST_DIR "/label", label, sizeof(label)) || !label[0])
		snprintf(label, sizeof(label), "vm");
	/* ptbench vm --rounds, written beside the label */
	if (read_str(GUEST_DIR "/rounds", rounds, sizeof(rounds)) || !rounds[0])
		snprintf(rounds, sizeof(rounds), "1");
	rounds[strcspn(rounds, "\n")] = '\0';
	if (read_str(GUEST_DIR "/smp", smp, sizeof(smp)))
		smp[0] = '\0';
	vm_guest_prepare(smp);
	/* ptbench vm --ab: this boot is a step of a plan (vm_guest_ab.c) */
	if (vm_guest_ab(vm_guest_spawn))
		goto off;
	rc = vm_guest_spawn(argv);
	/*
	 * ptbench_probe_ipi=N on the kernel command line (ptbench vm --append):
	 * the collapse IPI probe in the same boot as the run, on the console.
	 */
	if (getenv("ptbench_probe_ipi")) {
		char *probe[] = { GUEST_DIR "/ptbench", "probe", "collapse-ipi", "-n",
				  getenv("ptbench_probe_ipi"), NULL };

		vm_guest_spawn(probe);
	}
	/* Only emergencies on the console while the file goes out. */
	write_str("/proc/sys/kernel/printk", "1");
	printf("ptbench-guest: ptbench run exited %d, %d result file(s) sent\n", rc, vm_guest_send());
	printf(VMF_EXIT "%d\n", rc);
off:
	fflush(stdout);
	sync();
	/*
	 * ptbench_halt=1 on the kernel command line: halt as a kernel without
	 * a power-off path does, to test that ptbench vm ends such a boot.
	 */
	reboot(getenv("ptbench_halt") ? RB_HALT_SYSTEM : RB_POWER_OFF);
	for (;;)
		pause();
}
