// SPDX-License-Identifier: GPL-2.0
/*
 * vmsplice trigger: vmsplice() the range into a pipe, then splice() the pipe
 * to /dev/null, which drops the page references without copying. fs/splice.c
 * iter_to_pipe() gets the pages with iov_iter_get_pages2() in batches of at
 * most 16 (get_user_pages_fast, FOLL_GET, read-only: the pipe reads the
 * user memory) until the range or the pipe is exhausted; the pipe is sized
 * to hold one call. Calibration: an empty vmsplice (returns before
 * vmsplice_to_pipe) and a non-blocking splice of the empty pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gup.h"

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ	1031
#define F_GETPIPE_SZ	1032
#endif

static long long pipe_max(void)
{
	long long v;

	return read_ll("/proc/sys/fs/pipe-max-size", &v) ? 1 << 20 : v;
}

static int vmsplice_check(const struct gup_cfg *c, char *why, size_t len)
{
	long long max = pipe_max();

	if (c->write) {
		snprintf(why, len, "vmsplice into a pipe reads the user pages: read-only GUP only (write=0)");
		return WL_SKIP;
	}
	/* the whole call must fit in the pipe, or the rest of it is put back unpinned */
	if ((long long)c->call_bytes > max) {
		snprintf(why, len, "%lu pages per call exceed the pipe limit "
			 "(/proc/sys/fs/pipe-max-size = %lld bytes)", c->ppc, max);
		return WL_SKIP;
	}
	return 0;
}

static int vmsplice_thread_setup(struct gup_worker *w, char *why, size_t len)
{
	int p[2], sz;

	if (pipe2(p, O_CLOEXEC))
		return set_why(why, len, "pipe2: %s", strerror(errno));
	w->fd[0] = p[0];
	w->fd[1] = p[1];
	sz = fcntl(p[1], F_SETPIPE_SZ, (int)w->cfg->call_bytes);
	if (sz < 0 || (size_t)sz < w->cfg->call_bytes)
		return set_why(why, len, "cannot size the pipe to %zu bytes: %s", w->cfg->call_bytes,
			       sz < 0 ? strerror(errno) : "too small");
	w->fd[2] = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (w->fd[2] < 0)
		return set_why(why, len, "/dev/null: %s", strerror(errno));
	return 0;
}

static void vmsplice_thread_teardown(struct gup_worker *w)
{
	int i;

	for (i = 0; i < 3; i++)
		if (w->fd[i] >= 0)
			close(w->fd[i]);
}

/* Drop n bytes of pipe buffers: splice to /dev/null releases their pages. */
static int drain(struct gup_worker *w, size_t n)
{
	while (n) {
		ssize_t d = splice(w->fd[0], NULL, w->fd[2], NULL, n, 0);

		if (d <= 0)
			return d < 0 ? -errno : -EIO;
		n -= (size_t)d;
	}
	return 0;
}

static int vmsplice_call(struct gup_worker *w, struct gup_res *r)
{
	struct iovec iov = { w->addr, w->cfg->call_bytes };
	ssize_t n = vmsplice(w->fd[1], &iov, 1, 0);
	int ret;

	if (n < 0)
		return -errno;
	ret = drain(w, (size_t)n);
	if (ret)
		return ret;
	r->pages = (size_t)n / w->cfg->page_size;
	return 0;
}

static int vmsplice_calib(struct gup_worker *w)
{
	struct iovec iov = { w->addr, 0 };
	ssize_t n = vmsplice(w->fd[1], &iov, 1, 0);

	if (n != 0)
		return n < 0 ? -errno : -EPROTO;
	n = splice(w->fd[0], NULL, w->fd[2], NULL, w->cfg->call_bytes, SPLICE_F_NONBLOCK);
	if (n < 0 && errno != EAGAIN)
		return -errno;
	return n > 0 ? -EPROTO : 0;
}

/* The check's reader: the range vmspliced into a pipe of its own, which holds the pages. */
static int vmsplice_hold(struct gup_worker *w, struct gup_held *h, char *why, size_t len)
{
	struct iovec iov = { w->addr, w->cfg->call_bytes };
	ssize_t n;
	int sz, err;

	if (pipe2(h->fd, O_CLOEXEC)) {
		err = errno;
		set_why(why, len, "pipe2: %s", strerror(err));
		return -err;
	}
	sz = fcntl(h->fd[1], F_SETPIPE_SZ, (int)w->cfg->call_bytes);
	if (sz < 0 || (size_t)sz < w->cfg->call_bytes) {
		set_why(why, len, "cannot size the pipe to %zu bytes", w->cfg->call_bytes);
		return -ENOSPC;
	}
	n = vmsplice(h->fd[1], &iov, 1, 0);
	err = n < 0 ? errno : EIO;
	if ((size_t)n == w->cfg->call_bytes)
		return 0;
	set_why(why, len, "vmsplice took %zd of %zu bytes%s%s", n, w->cfg->call_bytes,
		n < 0 ? ": " : "", n < 0 ? strerror(err) : "");
	return -err;
}

/* read() copies out of the pages the pipe holds: what GUP handed over, not what is mapped now. */
static int vmsplice_collect(struct gup_worker *w, struct gup_held *h, void *out, char *why, size_t len)
{
	size_t got = 0;
	int ret = 0, i;

	while (h->fd[0] >= 0 && got < w->cfg->call_bytes) {
		ssize_t n = read(h->fd[0], (char *)out + got, w->cfg->call_bytes - got);

		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			set_why(why, len, "reading the pipe: %s", n < 0 ? strerror(errno) : "short");
			break;
		}
		got += (size_t)n;
	}
	for (i = 0; i < 2; i++)
		if (h->fd[i] >= 0)
			close(h->fd[i]);
	return h->fd[0] < 0 ? -EBADF : ret;
}

const struct gup_trigger gup_trig_vmsplice = {
	.name = "vmsplice",
	.check = vmsplice_check,
	.thread_setup = vmsplice_thread_setup,
	.thread_teardown = vmsplice_thread_teardown,
	.call = vmsplice_call,
	.calib = vmsplice_calib,
	.hold = vmsplice_hold,
	.collect = vmsplice_collect,
	.readback = "vmsplice into a pipe, read the pipe",
};
