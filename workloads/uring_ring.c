// SPDX-License-Identifier: GPL-2.0
/*
 * One io_uring of one entry and one registered buffer, used synchronously
 * (uring_ring.h). Raw system calls, no liburing: the rings are mapped by
 * hand from io_uring_setup()'s offsets.
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "probe.h"
#include "uring_ring.h"
#include "workload.h"

static int ring_map(struct uring_ring *r, const struct io_uring_params *p)
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

int uring_ring_open(struct uring_ring *r, void *buf, size_t len, char *why, size_t wlen)
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

void uring_ring_close(struct uring_ring *r)
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

ssize_t uring_ring_fixed(struct uring_ring *r, int op, int fd, void *buf, size_t len, off_t off)
{
	unsigned int tail = *r->sq_tail, head;
	struct io_uring_sqe *sqe = &r->sqes[tail & r->sq_mask];
	ssize_t res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = (__u8)op;
	sqe->fd = fd;
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
