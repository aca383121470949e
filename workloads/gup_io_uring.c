// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring trigger: register the range as one fixed buffer
 * (IORING_REGISTER_BUFFERS, one iovec), then unregister it. The kernel pins
 * the whole iovec in one call, FOLL_WRITE | FOLL_LONGTERM:
 * io_sqe_buffer_register() -> io_pin_pages(): pin_user_pages_fast() in
 * mainline (io_uring/memmap.c), pin_user_pages() under mmap_read_lock (slow
 * GUP) in 6.1 (io_uring/rsrc.c). Raw system calls, no liburing. An iovec
 * may not exceed 1 GiB (io_buffer_validate()); without CAP_IPC_LOCK the
 * pinned pages are charged to RLIMIT_MEMLOCK. Calibration: register and
 * unregister a sparse entry (NULL, 0), which pins nothing.
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gup.h"
#include "probe.h"
#include "uring_ring.h"

#define IOU_MAX_BUF	(1ULL << 30)	/* SZ_1G in io_buffer_validate() */

static int iou_setup_ring(void)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	return (int)syscall(SYS_io_uring_setup, 1, &p);
}

static int iou_register(int fd, unsigned int op, void *arg, unsigned int n)
{
	return syscall(SYS_io_uring_register, fd, op, arg, n) < 0 ? -errno : 0;
}

static int iou_check(const struct gup_cfg *c, char *why, size_t len)
{
	if (!c->write) {
		snprintf(why, len, "io_uring pins registered buffers FOLL_WRITE | FOLL_LONGTERM: "
			 "no read-only variant (write=1)");
		return WL_SKIP;
	}
	if (c->call_bytes > IOU_MAX_BUF) {
		snprintf(why, len, "io_uring takes at most 1 GiB per registered buffer");
		return WL_SKIP;
	}
	return 0;
}

/*
 * Without CAP_IPC_LOCK every ring charges its pinned pages to the user's
 * RLIMIT_MEMLOCK: raise the soft limit to the hard one if that is needed
 * (process-local, gone with the process), else skip.
 */
static int memlock(struct gup_point *gp, const struct gup_cfg *c, char *why, size_t len)
{
	unsigned long long need = (unsigned long long)c->call_bytes * c->nthreads;
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl))
		return set_why(why, len, "getrlimit: %s", strerror(errno));
	if (c->root) {
		gup_note(gp, "io_uring: root (CAP_IPC_LOCK): pins not charged to RLIMIT_MEMLOCK (%llu bytes)",
			 (unsigned long long)rl.rlim_cur);
		return 0;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
			snprintf(why, len, "io_uring: RLIMIT_MEMLOCK hard limit %llu bytes < %llu to pin",
				 (unsigned long long)rl.rlim_max, need);
			return WL_SKIP;
		}
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_MEMLOCK, &rl))
			return set_why(why, len, "setrlimit(RLIMIT_MEMLOCK): %s", strerror(errno));
	}
	gup_note(gp, "io_uring: RLIMIT_MEMLOCK %llu bytes for %llu pinned",
		 (unsigned long long)rl.rlim_cur, need);
	return 0;
}

/* That a ring can be set up at all, probe_io_uring() said before check(). */
static int iou_setup(struct gup_point *gp, const struct gup_cfg *c, char *why, size_t len)
{
	return memlock(gp, c, why, len);
}

static int iou_thread_setup(struct gup_worker *w, char *why, size_t len)
{
	w->fd[0] = iou_setup_ring();
	if (w->fd[0] < 0)
		return set_why(why, len, "io_uring_setup: %s", strerror(errno));
	return 0;
}

static void iou_thread_teardown(struct gup_worker *w)
{
	if (w->fd[0] >= 0)
		close(w->fd[0]);
}

static int reg_unreg(struct gup_worker *w, void *base, size_t len)
{
	struct iovec iov = { base, len };
	int ret = iou_register(w->fd[0], IORING_REGISTER_BUFFERS, &iov, 1);

	if (ret)
		return ret;
	return iou_register(w->fd[0], IORING_UNREGISTER_BUFFERS, NULL, 0);
}

static int iou_call(struct gup_worker *w, struct gup_res *r)
{
	/* registration is all or nothing: success means every page was pinned */
	int ret = reg_unreg(w, w->addr, w->cfg->call_bytes);

	if (!ret)
		r->pages = w->cfg->ppc;
	return ret;
}

static int iou_calib(struct gup_worker *w)
{
	return reg_unreg(w, NULL, 0);
}

/* The check's reader: a ring of its own with the range registered, which pins it. */
static int iou_hold(struct gup_worker *w, struct gup_held *h, char *why, size_t len)
{
	struct uring_ring *r = calloc(1, sizeof(*r));

	if (!r) {
		set_why(why, len, "out of memory");
		return -ENOMEM;
	}
	r->fd = -1;
	h->priv = r;
	return uring_ring_open(r, w->addr, w->cfg->call_bytes, why, len) ? -EIO : 0;
}

/* WRITE_FIXED of the registered range to a memfd, read back: 0 or -errno. */
static int write_back(struct uring_ring *r, void *fixed, void *out, size_t n)
{
	int fd = memfd_create("ptbench-gup-check", MFD_CLOEXEC);
	ssize_t done;
	int ret = 0;

	if (fd < 0)
		return -errno;
	done = uring_ring_fixed(r, IORING_OP_WRITE_FIXED, fd, fixed, n, 0);
	if (done < 0)
		ret = (int)done;
	else if ((size_t)done != n || pread(fd, out, n, 0) != (ssize_t)n)
		ret = -EIO;
	close(fd);
	return ret;
}

/*
 * WRITE_FIXED copies out of the pages registration pinned, whatever is
 * mapped at the range now.
 */
static int iou_collect(struct gup_worker *w, struct gup_held *h, void *out, char *why, size_t len)
{
	struct uring_ring *r = h->priv;
	int ret = r && r->fd >= 0 ? write_back(r, w->addr, out, w->cfg->call_bytes) : -EBADF;

	if (ret)
		set_why(why, len, "WRITE_FIXED of the registered range to a memfd: %s", strerror(-ret));
	if (r)
		uring_ring_close(r);
	free(r);
	return ret;
}

const struct gup_trigger gup_trig_io_uring = {
	.name = "io_uring",
	.probe = probe_io_uring,
	.check = iou_check,
	.setup = iou_setup,
	.thread_setup = iou_thread_setup,
	.thread_teardown = iou_thread_teardown,
	.call = iou_call,
	.calib = iou_calib,
	.hold = iou_hold,
	.collect = iou_collect,
	/* io_pin_pages(): pin_user_pages() under mmap_read_lock until 6.10 ("io_uring: unify io_pin_pages()") */
	.fast_since = GUP_KV(6, 10),
	.readback = "io_uring fixed buffer written to a memfd (WRITE_FIXED), read back",
};
