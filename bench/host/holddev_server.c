// SPDX-License-Identifier: GPL-2.0
/*
 * The hold device's FUSE server ("ptbench hold-server", started by
 * holddev.c): one read-only file whose content is in a memfd shared with
 * the run, every read answered hold_ns after it arrived (libfuse3's
 * low-level API, a worker thread per read in flight).
 *
 * A process of its own, not a thread of the run: a thread of the run that
 * is in an O_DIRECT read waits, unkillable, for the server's answer, so a
 * SIGKILLed run with the server inside it could never finish dying (the
 * FUSE connection lives as long as /dev/fuse is open, and the dying
 * process's files close only after its last thread). Here the server goes
 * on answering until the run's end of the control pipe closes, which is
 * when the run is gone or has closed the device; then it unmounts and
 * exits. It ignores SIGINT, SIGTERM and SIGHUP: the run decides when it
 * ends, and a terminal's ^C must not abort the run's reads under it.
 */
#define FUSE_USE_VERSION 35

#include <errno.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "holddev.h"
#include "holddev_int.h"

#define HOLD_INO	2		/* the file; 1 is the root directory */

struct server {
	struct hold_shared *sh;
	const char *data;
	const char *mnt;
	struct fuse_session *se;
	int ctl;			/* read end: EOF when the run is done with us */
};

/* libfuse's own messages: the reason a mount failed, sent to the run. */
static char fuse_msg[256];

static void quiet_log(enum fuse_log_level level, const char *fmt, va_list ap)
{
	if (level <= FUSE_LOG_ERR)
		vsnprintf(fuse_msg, sizeof(fuse_msg), fmt, ap);
}

static void fill_stat(const struct server *s, fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == HOLD_INO) {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = (off_t)s->sh->len;
	} else {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
	}
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	if (ino != FUSE_ROOT_ID && ino != HOLD_INO) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill_stat(fuse_req_userdata(req), ino, &st);
	fuse_reply_attr(req, &st, 0);
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;

	if (parent != FUSE_ROOT_ID || strcmp(name, HOLD_FILE)) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.ino = HOLD_INO;
	fill_stat(fuse_req_userdata(req), HOLD_INO, &e.attr);
	fuse_reply_entry(req, &e);
}

/* direct_io: every read of the file comes here, none is served from a page cache. */
static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (ino != HOLD_INO) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	fi->direct_io = 1;
	fuse_reply_open(req, fi);
}

static void min_max(uint64_t *min, uint64_t *max, uint64_t v)
{
	uint64_t cur = __atomic_load_n(min, __ATOMIC_RELAXED);

	while ((!cur || v < cur) &&
	       !__atomic_compare_exchange_n(min, &cur, v, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	cur = __atomic_load_n(max, __ATOMIC_RELAXED);
	while (v > cur &&
	       !__atomic_compare_exchange_n(max, &cur, v, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* Wait until hold_ns after the request came, then answer: the copy into the pinned pages is now. */
static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct server *s = fuse_req_userdata(req);
	uint64_t t0 = now_ns(), t, hold = s->sh->hold_ns;

	(void)ino;
	(void)fi;
	if (off < 0 || (uint64_t)off >= s->sh->len) {
		fuse_reply_buf(req, NULL, 0);
		return;
	}
	if (size > s->sh->len - (uint64_t)off)
		size = s->sh->len - (uint64_t)off;
	while ((t = now_ns()) - t0 < hold) {
		uint64_t left = hold - (t - t0);
		struct timespec ts = { (time_t)(left / 1000000000u), (long)(left % 1000000000u) };

		nanosleep(&ts, NULL);
	}
	__atomic_add_fetch(&s->sh->reads, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&s->sh->held_ns, t - t0, __ATOMIC_RELAXED);
	min_max(&s->sh->min_ns, &s->sh->max_ns, t - t0);
	fuse_reply_buf(req, s->data + off, size);
}

static const struct fuse_lowlevel_ops ops = {
	.lookup = op_lookup,
	.getattr = op_getattr,
	.open = op_open,
	.read = op_read,
};

/* EOF on the control pipe: the run is done (or gone). Unmounting ends the session loop. */
static void *watch_run(void *arg)
{
	struct server *s = arg;
	char c;

	while (read(s->ctl, &c, 1) > 0 || errno == EINTR)
		;
	fuse_session_exit(s->se);
	umount2(s->mnt, MNT_DETACH);
	return NULL;
}

static int say(int fd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (write(fd, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1) < 0)
		return -1;
	return 0;
}

static int map_shared(struct server *s, int memfd)
{
	struct hold_shared *sh = mmap(NULL, HOLD_HDR, PROT_READ, MAP_SHARED, memfd, 0);
	size_t len;

	if (sh == MAP_FAILED || sh->magic != HOLD_MAGIC)
		return -1;
	len = HOLD_HDR + sh->len;
	munmap(sh, HOLD_HDR);
	sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (sh == MAP_FAILED)
		return -1;
	s->sh = sh;
	s->data = (const char *)sh + HOLD_HDR;
	return 0;
}

/* Mount, tell the run (ready: "ok" or why not), serve until the run is done. 0 or 1. */
static int serve(struct server *s, int ready)
{
	char *fargv[] = { "ptbench", "-o", "fsname=" HOLD_DEV_NAME ",subtype=" HOLD_DEV_NAME, NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
	struct fuse_loop_config *cfg = NULL;
	pthread_t th;

	fuse_set_log_func(quiet_log);
	s->se = fuse_session_new(&args, &ops, sizeof(ops), s);
	fuse_opt_free_args(&args);
	if (!s->se) {
		say(ready, "fuse_session_new: %s", fuse_msg[0] ? fuse_msg : "failed");
		return 1;
	}
	if (fuse_session_mount(s->se, s->mnt)) {
		say(ready, "mounting FUSE on %s: %s", s->mnt, fuse_msg[0] ? fuse_msg : "failed");
		fuse_session_destroy(s->se);
		return 1;
	}
	cfg = fuse_loop_cfg_create();
	if (!cfg || pthread_create(&th, NULL, watch_run, s)) {
		say(ready, "cannot start the server's threads");
		if (cfg)
			fuse_loop_cfg_destroy(cfg);
		fuse_session_unmount(s->se);
		fuse_session_destroy(s->se);
		return 1;
	}
	say(ready, "ok");
	close(ready);
	fuse_session_loop_mt(s->se, cfg);
	pthread_join(th, NULL);
	fuse_loop_cfg_destroy(cfg);
	/* unmounted already (watch_run): this closes the device and frees the mount point */
	fuse_session_unmount(s->se);
	fuse_session_destroy(s->se);
	rmdir(s->mnt);
	return 0;
}

/* argv: hold-server MOUNTPOINT MEMFD CTL_FD READY_FD */
int hold_dev_serve(int argc, char **argv)
{
	struct server s = { .mnt = argc == 5 ? argv[1] : NULL };
	int memfd, ready;

	if (argc != 5) {
		fprintf(stderr, "ptbench %s: started by integrity's hold device, not by hand\n",
			HOLD_DEV_SERVER);
		return 2;
	}
	memfd = atoi(argv[2]);
	s.ctl = atoi(argv[3]);
	ready = atoi(argv[4]);
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (map_shared(&s, memfd)) {
		say(ready, "the shared content is not there");
		return 1;
	}
	close(memfd);
	return serve(&s, ready);
}
