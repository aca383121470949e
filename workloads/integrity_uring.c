// SPDX-License-Identifier: GPL-2.0
/*
 * integrity, disturb=io_uring: registered buffers and fork. Each writer
 * registers its region as an io_uring fixed buffer (IORING_REGISTER_BUFFERS:
 * pinned FOLL_WRITE | FOLL_PIN | FOLL_LONGTERM once, at setup) and reads
 * into it with IORING_OP_READ_FIXED, O_DIRECT: the device writes into the
 * pages pinned at registration, with no GUP per read. Worker 0 forks while
 * a read is in flight and writes on both sides, as for disturb=fork. A
 * kernel whose fork leaves a pinned page COW-shared gives the parent's
 * write a copy: the registered buffer is no longer the mapped page and
 * every later read is lost. Fixed by early COW of pinned pages at fork
 * (Peter Xu, 70e806e4e645, v5.9) and made reliable by the anon-exclusive
 * rework (v5.19). Raw system calls, no liburing.
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "integrity.h"
#include "probe.h"

/* One writer's ring: one entry, used synchronously. */
struct ring {
	int fd;
	void *sq, *cq;
	size_t sq_len, cq_len;
	struct io_uring_sqe *sqes;
	size_t sqes_len;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail, sq_mask, cq_mask;
	struct io_uring_cqe *cqes;
};

static int ring_map(struct ring *r, const struct io_uring_params *p)
{
	r->sq_len = p->sq_off.array + p->sq_entries * sizeof(unsigned int);
	r->cq_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	r->sqes_len = p->sq_entries * sizeof(struct io_uring_sqe);
	r->sq = mmap(NULL, r->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_SQ_RING);
	r->cq = mmap(NULL, r->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		     IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (r->sq == MAP_FAILED || r->cq == MAP_FAILED || r->sqes == MAP_FAILED)
		return -errno;
	r->sq_tail = (unsigned int *)((char *)r->sq + p->sq_off.tail);
	r->sq_array = (unsigned int *)((char *)r->sq + p->sq_off.array);
	r->sq_mask = *(unsigned int *)((char *)r->sq + p->sq_off.ring_mask);
	r->cq_head = (unsigned int *)((char *)r->cq + p->cq_off.head);
	r->cq_tail = (unsigned int *)((char *)r->cq + p->cq_off.tail);
	r->cq_mask = *(unsigned int *)((char *)r->cq + p->cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)((char *)r->cq + p->cq_off.cqes);
	return 0;
}

static int ring_open(struct ring *r, void *buf, size_t len, char *why, size_t wlen)
{
	struct io_uring_params p;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	int rc;

	memset(&p, 0, sizeof(p));
	r->sq = r->cq = r->sqes = MAP_FAILED;
	r->fd = (int)syscall(SYS_io_uring_setup, 1, &p);
	if (r->fd < 0) {
		int err = errno;

		/* the reason the gup trigger and ptbench info give (probe.c) */
		if (probe_io_uring(NULL, why, wlen))
			snprintf(why, wlen, "io_uring_setup: %s", strerror(err));
		return WL_SKIP;
	}
	rc = ring_map(r, &p);
	if (rc) {
		snprintf(why, wlen, "cannot map the io_uring rings: %s", strerror(-rc));
		return -1;
	}
	if (syscall(SYS_io_uring_register, r->fd, IORING_REGISTER_BUFFERS, &iov, 1) < 0) {
		snprintf(why, wlen, "IORING_REGISTER_BUFFERS of a %zu-byte region: %s", len, strerror(errno));
		return WL_SKIP;
	}
	return 0;
}

static void ring_close(struct ring *r)
{
	if (r->sq != MAP_FAILED)
		munmap(r->sq, r->sq_len);
	if (r->cq != MAP_FAILED)
		munmap(r->cq, r->cq_len);
	if (r->sqes != MAP_FAILED)
		munmap(r->sqes, r->sqes_len);
	if (r->fd >= 0)
		close(r->fd);
}

static int uring_setup(struct integrity *g, char *why, size_t len)
{
	unsigned int w;
	int rc;

	for (w = 1; w <= g->nwriters; w++) {
		struct ring *r = calloc(1, sizeof(*r));

		if (!r)
			return -1;
		r->fd = -1;
		g->ws[w].priv = r;
		rc = ring_open(r, integrity_region(g, w), g->pmd, why, len);
		if (rc)
			return rc;
	}
	return 0;
}

/* One READ_FIXED from the source into the registered region, waited for. */
static ssize_t uring_read(struct integrity *g, unsigned int w, void *buf, size_t len, off_t off)
{
	struct ring *r = g->ws[w].priv;
	unsigned int tail = *r->sq_tail, head;
	struct io_uring_sqe *sqe = &r->sqes[tail & r->sq_mask];
	ssize_t res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_READ_FIXED;
	sqe->fd = g->fd;
	sqe->addr = (uint64_t)(uintptr_t)buf;
	sqe->len = (unsigned int)len;
	sqe->off = (uint64_t)off;
	sqe->buf_index = 0;
	r->sq_array[tail & r->sq_mask] = tail & r->sq_mask;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -EIO;
	res = r->cqes[head & r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

static int uring_run(struct integrity *g, unsigned int w)
{
	return integrity_fork_race(g, w);
}

static void uring_teardown(struct integrity *g)
{
	unsigned int w;

	for (w = 1; w <= g->nwriters; w++) {
		if (!g->ws[w].priv)
			continue;
		ring_close(g->ws[w].priv);
		free(g->ws[w].priv);
		g->ws[w].priv = NULL;
	}
}

const struct integrity_disturb integrity_uring = {
	.name = "io_uring",
	.setup = uring_setup,
	.read = uring_read,
	.run = uring_run,
	.teardown = uring_teardown,
	.note = "disturb=io_uring: reads into registered buffers (FOLL_PIN | FOLL_LONGTERM at "
		"registration), fork while one is in flight, the parent writes into it; fixed by early "
		"COW of pinned pages at fork (70e806e4e645, v5.9)",
};
