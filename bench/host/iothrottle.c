// SPDX-License-Identifier: GPL-2.0
/*
 * Slow chosen threads' block reads: block/blk-throttle.c, through a cgroup
 * v1 blkio group of ptbench's own (ptbench-io.<pid>, beside the cgroup the
 * process is in) whose blkio.throttle.read_iops_device names one disk. A
 * throttled bio waits in the block layer with its pages already pinned
 * (bio_iov_iter_get_pages() runs before submit_bio()), so an O_DIRECT read
 * stays in flight for about 1/iops seconds: the window integrity's fork
 * needs, as ptbench vm's --disk-iops gives a guest.
 *
 * cgroup v2 is not used: io.max throttles a whole cgroup and io is not a
 * threaded controller, so ptbench would have to move the whole process out
 * of the cgroup it runs in, and out of that cgroup's limits. It says so.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bench/lib/file.h"
#include "bench/lib/util.h"
#include "cgroupfs.h"
#include "iothrottle.h"

static struct {
	int on;
	char parent[PATH_MAX];	/* the process's own blkio cgroup */
	char dir[PATH_MAX + 32];	/* ours, in it */
} th;

int iothrottle_disk(const char *sysfs, unsigned int maj, unsigned int min, char *disk, size_t len,
		    char *why, size_t wlen)
{
	char link[PATH_MAX], real[PATH_MAX], path[PATH_MAX + 16];

	snprintf(link, sizeof(link), "%s/dev/block/%u:%u", sysfs, maj, min);
	if (!realpath(link, real))
		return set_why(why, wlen, "device %u:%u is not a block device (tmpfs, btrfs, overlayfs "
			       "or a network file system): blk-throttle has no disk to name", maj, min);
	/* blk-throttle's rules are per disk: a partition's go to its parent */
	snprintf(path, sizeof(path), "%s/partition", real);
	if (!access(path, F_OK))
		*strrchr(real, '/') = '\0';
	snprintf(path, sizeof(path), "%s/dev", real);
	if (read_str(path, disk, len))
		return set_why(why, wlen, "cannot read %s: %s", path, strerror(errno));
	disk[strcspn(disk, "\n")] = '\0';
	return 0;
}

int iothrottle_sweep(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[PATH_MAX + 300];
		int pid;

		if (sscanf(e->d_name, IOTHROTTLE_PREFIX "%d", &pid) != 1 || pid == getpid())
			continue;
		if (!kill(pid, 0) || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
		n += !rmdir(path);
	}
	closedir(d);
	return n;
}

int iothrottle_sweep_own(void)
{
	char parent[PATH_MAX];
	int v2;

	if (cgroup_dir("blkio", parent, sizeof(parent), &v2) || v2)
		return 0;
	return iothrottle_sweep(parent);
}

/* Why there is no blkio hierarchy to use. */
static int no_blkio(char *why, size_t len)
{
	char dir[PATH_MAX];
	int v2;

	if (!cgroup_dir("io", dir, sizeof(dir), &v2) && v2)
		return set_why(why, len, "cgroup v2 only: io.max throttles a whole cgroup, so ptbench "
			       "would have to move itself out of %s and its limits; it does not", dir);
	return set_why(why, len, "no cgroup v1 blkio hierarchy is mounted");
}

static void stop_at_exit(void)
{
	io_throttle_stop();
}

int io_throttle_start(int fd, unsigned int iops, char *what, size_t len)
{
	static int registered;
	char disk[32], rule[64], path[sizeof(th.dir) + 40];
	struct stat st;
	dev_t dev;
	int v2;

	if (th.on)
		return set_why(what, len, "a throttle is already on (%s)", th.dir);
	if (fstat(fd, &st))
		return set_why(what, len, "fstat: %s", strerror(errno));
	dev = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	if (iothrottle_disk("/sys", major(dev), minor(dev), disk, sizeof(disk), what, len))
		return -1;
	if (cgroup_dir("blkio", th.parent, sizeof(th.parent), &v2) || v2)
		return no_blkio(what, len);
	iothrottle_sweep(th.parent);
	snprintf(th.dir, sizeof(th.dir), "%s/" IOTHROTTLE_PREFIX "%d", th.parent, (int)getpid());
	if (mkdir(th.dir, 0755) && errno != EEXIST)
		return set_why(what, len, "mkdir %s: %s", th.dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/blkio.throttle.read_iops_device", th.dir);
	snprintf(rule, sizeof(rule), "%s %u", disk, iops);
	if (write_str(path, rule)) {
		set_why(what, len, "%s: %s (CONFIG_BLK_DEV_THROTTLING?)", path, strerror(errno));
		rmdir(th.dir);
		return -1;
	}
	th.on = 1;
	if (!registered++)
		atexit(stop_at_exit);
	set_why(what, len, "blk-throttle at %u reads/s on disk %s, cgroup v1 blkio group %s", iops,
		disk, th.dir);
	return 0;
}

int io_throttle_join(char *why, size_t len)
{
	char path[sizeof(th.dir) + 8], tid[24];

	if (!th.on)
		return set_why(why, len, "no throttle is on");
	snprintf(path, sizeof(path), "%s/tasks", th.dir);
	snprintf(tid, sizeof(tid), "%d", (int)gettid());
	if (write_str(path, tid))
		return set_why(why, len, "%s: %s", path, strerror(errno));
	return 0;
}

/* Threads still in our group go back to the process's own. */
static void move_back(void)
{
	char path[sizeof(th.dir) + 8], *buf = NULL, *line, *save;
	size_t n;

	snprintf(path, sizeof(path), "%s/tasks", th.dir);
	if (read_file(path, 1 << 20, &buf, &n))
		return;
	snprintf(path, sizeof(path), "%s/tasks", th.parent);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		write_str(path, line);
	free(buf);
}

void io_throttle_stop(void)
{
	if (!th.on)
		return;
	move_back();
	rmdir(th.dir);
	th.on = 0;
}
