// SPDX-License-Identifier: GPL-2.0
/*
 * A block device of ptbench's own whose reads wait before their data
 * arrives: a loop device over a file that ptbench serves itself through
 * FUSE. An O_DIRECT read of /dev/loopN pins the reader's pages in the block
 * layer (bio_iov_iter_get_pages(): FOLL_GET before v6.5, FOLL_PIN since),
 * the loop worker forwards it as one FUSE read, and the server answers
 * hold_ns after it arrived. Only the answer copies the data into the pinned
 * pages: the whole hold lies between the pin and the copy, the window
 * integrity's fork must meet.
 *
 * No cgroup, no device mapper, no disk: it works the same on cgroup v1 and
 * v2 hosts, on tmpfs-only machines and in guests, wherever the kernel has
 * FUSE and loop (built in or as modules) and we are root. The server is a
 * process of its own (holddev_server.c says why); it mounts on
 * <state dir>/hold.<pid>, type fuse.ptbench-hold. The loop device clears
 * itself on its last close (LO_FLAGS_AUTOCLEAR), the server unmounts when
 * the run closes the device or dies, and hold_dev_sweep() removes what a
 * run and its server both killed left.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/loop.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "holddev.h"
#include "holddev_int.h"
#include "knobs.h"

#define HOLD_LOOP_TRIES	8	/* LOOP_CTL_GET_FREE races with other users of loop devices */

struct hold_dev {
	struct hold_shared *sh;	/* header + content, shared with the server */
	size_t map_len;
	pid_t server;
	int ctl;		/* write end: closing it tells the server to go */
	char mnt[PATH_MAX];
	int file_fd, loop_fd, fd;	/* the FUSE file, /dev/loopN, its O_DIRECT reader */
	char loop[32];
	struct hold_dev *next;	/* the open ones, closed at exit too */
};

static struct hold_dev *open_devs;
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

/* A run that exits without its point's teardown (an error path) still leaves nothing. */
static void close_at_exit(void)
{
	while (open_devs)
		hold_dev_close(open_devs);
}

static void track(struct hold_dev *d, int add)
{
	static int registered;
	struct hold_dev **p;

	pthread_mutex_lock(&open_lock);
	if (add) {
		d->next = open_devs;
		open_devs = d;
		if (!registered++)
			atexit(close_at_exit);
	} else {
		for (p = &open_devs; *p; p = &(*p)->next)
			if (*p == d) {
				*p = d->next;
				break;
			}
	}
	pthread_mutex_unlock(&open_lock);
}

/* The content and the server's counters in one memfd. */
static int share(struct hold_dev *d, const void *data, size_t len, uint64_t hold_ns, int *memfd)
{
	*memfd = memfd_create("ptbench-hold", 0);	/* the server inherits it */
	d->map_len = HOLD_HDR + len;
	if (*memfd < 0 || ftruncate(*memfd, (off_t)d->map_len))
		return -1;
	d->sh = mmap(NULL, d->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, *memfd, 0);
	if (d->sh == MAP_FAILED) {
		d->sh = NULL;
		return -1;
	}
	d->sh->magic = HOLD_MAGIC;
	d->sh->len = len;
	d->sh->hold_ns = hold_ns;
	memcpy((char *)d->sh + HOLD_HDR, data, len);
	return 0;
}

static int mount_dir(struct hold_dev *d, char *why, size_t wlen)
{
	char dir[PATH_MAX - 32];

	snprintf(dir, sizeof(dir), "%s", knobs_state_path());
	*strrchr(dir, '/') = '\0';
	snprintf(d->mnt, sizeof(d->mnt), "%s/hold.%d", dir, (int)getpid());
	if (mkdir(dir, 0755) && errno != EEXIST)
		return set_why(why, wlen, "mkdir %s: %s", dir, strerror(errno));
	if (mkdir(d->mnt, 0700) && errno != EEXIST)
		return set_why(why, wlen, "mkdir %s: %s", d->mnt, strerror(errno));
	return 0;
}

/* Start the server and wait for its word: "ok" once mounted, else why not. */
static int start_server(struct hold_dev *d, int memfd, char *why, size_t wlen)
{
	int ctl[2], ready[2] = { -1, -1 };
	char a_mem[16], a_ctl[16], a_ready[16], msg[512];
	char *argv[] = { "ptbench", HOLD_DEV_SERVER, d->mnt, a_mem, a_ctl, a_ready, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	ssize_t n;

	/* the server's ends are inherited: no O_CLOEXEC on them, ours get it */
	if (pipe(ctl))
		return set_why(why, wlen, "pipe: %s", strerror(errno));
	if (pipe(ready)) {
		close(ctl[0]);
		close(ctl[1]);
		return set_why(why, wlen, "pipe: %s", strerror(errno));
	}
	fcntl(ctl[1], F_SETFD, FD_CLOEXEC);
	fcntl(ready[0], F_SETFD, FD_CLOEXEC);
	snprintf(a_mem, sizeof(a_mem), "%d", memfd);
	snprintf(a_ctl, sizeof(a_ctl), "%d", ctl[0]);
	snprintf(a_ready, sizeof(a_ready), "%d", ready[1]);
	o.path = "/proc/self/exe";
	o.own_pgrp = 1;		/* a terminal's ^C is the run's to handle */
	o.in = SPAWN_NULL;
	d->server = spawn_start(argv, &o);
	close(ctl[0]);
	close(ready[1]);
	d->ctl = ctl[1];
	if (d->server < 0) {
		close(ready[0]);
		return set_why(why, wlen, "cannot start the hold server: %s", strerror(errno));
	}
	while ((n = read(ready[0], msg, sizeof(msg) - 1)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	msg[n > 0 ? n : 0] = '\0';
	if (n > 0 && !strcmp(msg, "ok"))
		return 0;
	return set_why(why, wlen, "%s", n > 0 ? msg : "the hold server died before it mounted");
}

/* A free loop device bound to the FUSE file, read-only, cleared on last close. */
static int attach_loop(struct hold_dev *d, char *why, size_t wlen)
{
	struct loop_config lc;
	int ctl, i, err = EBUSY;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return set_why(why, wlen, "/dev/loop-control: %s (a kernel without CONFIG_BLK_DEV_LOOP?)",
			       strerror(errno));
	for (i = 0; i < HOLD_LOOP_TRIES && d->loop_fd < 0; i++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (n < 0 || (snprintf(d->loop, sizeof(d->loop), "/dev/loop%d", n),
			      (d->loop_fd = open(d->loop, O_RDONLY | O_CLOEXEC)) < 0)) {
			err = errno;
			break;
		}
		memset(&lc, 0, sizeof(lc));
		lc.fd = (unsigned int)d->file_fd;
		lc.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR | LO_FLAGS_DIRECT_IO;
		snprintf((char *)lc.info.lo_file_name, sizeof(lc.info.lo_file_name), HOLD_DEV_NAME);
		if (!ioctl(d->loop_fd, LOOP_CONFIGURE, &lc))
			break;
		/* a kernel that will not do direct I/O to FUSE: buffered, one read per segment */
		lc.info.lo_flags &= ~LO_FLAGS_DIRECT_IO;
		if (errno == EINVAL && !ioctl(d->loop_fd, LOOP_CONFIGURE, &lc))
			break;
		err = errno;
		close(d->loop_fd);
		d->loop_fd = -1;
		if (err != EBUSY)
			break;
	}
	close(ctl);
	if (d->loop_fd < 0)
		return set_why(why, wlen, "no loop device for the FUSE file: %s", strerror(err));
	d->fd = open(d->loop, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (d->fd < 0)
		return set_why(why, wlen, "%s with O_DIRECT: %s", d->loop, strerror(errno));
	return 0;
}

/* What is missing, before anything is made. */
static int can_hold(char *why, size_t wlen)
{
	if (geteuid())
		return set_why(why, wlen, "not root: a loop device and a FUSE mount need root");
	if (access("/dev/fuse", R_OK | W_OK))
		return set_why(why, wlen, "no /dev/fuse (%s): a kernel without CONFIG_FUSE_FS",
			       strerror(errno));
	if (access("/dev/loop-control", R_OK | W_OK))
		return set_why(why, wlen, "no /dev/loop-control (%s): a kernel without "
			       "CONFIG_BLK_DEV_LOOP", strerror(errno));
	return 0;
}

struct hold_dev *hold_dev_open(const void *data, size_t len, uint64_t hold_ns, char *why, size_t wlen)
{
	struct hold_dev *d;
	char file[PATH_MAX + 8];
	int memfd = -1;

	if (can_hold(why, wlen))
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		set_why(why, wlen, "out of memory");
		return NULL;
	}
	d->file_fd = d->loop_fd = d->fd = d->ctl = -1;
	d->server = -1;
	track(d, 1);
	hold_dev_sweep();
	if (share(d, data, len, hold_ns, &memfd)) {
		set_why(why, wlen, "memfd for the content: %s", strerror(errno));
		goto fail;
	}
	if (mount_dir(d, why, wlen) || start_server(d, memfd, why, wlen))
		goto fail;
	close(memfd);
	memfd = -1;
	snprintf(file, sizeof(file), "%s/" HOLD_FILE, d->mnt);
	d->file_fd = open(file, O_RDONLY | O_CLOEXEC);
	if (d->file_fd < 0) {
		set_why(why, wlen, "%s: %s", file, strerror(errno));
		goto fail;
	}
	if (attach_loop(d, why, wlen))
		goto fail;
	return d;
fail:
	if (memfd >= 0)
		close(memfd);
	hold_dev_close(d);
	return NULL;
}

int hold_dev_fd(const struct hold_dev *d)
{
	return d->fd;
}

const char *hold_dev_path(const struct hold_dev *d)
{
	return d->loop;
}

void hold_dev_stats(const struct hold_dev *d, struct hold_stats *s)
{
	s->reads = __atomic_load_n(&d->sh->reads, __ATOMIC_RELAXED);
	s->held_ns = __atomic_load_n(&d->sh->held_ns, __ATOMIC_RELAXED);
	s->min_ns = __atomic_load_n(&d->sh->min_ns, __ATOMIC_RELAXED);
	s->max_ns = __atomic_load_n(&d->sh->max_ns, __ATOMIC_RELAXED);
}

/* The loop device first (it holds the file), then the server, which unmounts. */
void hold_dev_close(struct hold_dev *d)
{
	if (!d)
		return;
	track(d, 0);
	if (d->fd >= 0)
		close(d->fd);
	if (d->loop_fd >= 0) {
		ioctl(d->loop_fd, LOOP_CLR_FD, 0);
		close(d->loop_fd);
	}
	if (d->file_fd >= 0)
		close(d->file_fd);
	if (d->ctl >= 0)
		close(d->ctl);
	if (d->server > 0)
		spawn_wait(d->server);
	if (d->mnt[0]) {
		umount2(d->mnt, MNT_DETACH);	/* a server that died before it could */
		rmdir(d->mnt);
	}
	if (d->sh)
		munmap(d->sh, d->map_len);
	free(d);
}
