/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One io_uring of one entry with one registered (fixed) buffer, used
 * synchronously with raw system calls: integrity's reads into registered
 * buffers and the gup check's read-back of what registration pinned.
 */
#ifndef PTBENCH_URING_RING_H
#define PTBENCH_URING_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct uring_ring {
	int fd;
	void *sq, *cq;
	size_t sq_len, cq_len;
	struct io_uring_sqe *sqes;
	size_t sqes_len;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail, sq_mask, cq_mask;
	struct io_uring_cqe *cqes;
};

/*
 * Set up r and register [buf, + len) as its fixed buffer 0 (the kernel pins
 * it: FOLL_WRITE | FOLL_LONGTERM). 0; WL_SKIP with why when this kernel or
 * this user cannot; -1 with why on an error. uring_ring_close() after any.
 */
int uring_ring_open(struct uring_ring *r, void *buf, size_t len, char *why, size_t wlen);
/* One READ_FIXED or WRITE_FIXED (op) of len bytes at buf on fd at off, waited for: bytes or -errno. */
ssize_t uring_ring_fixed(struct uring_ring *r, int op, int fd, void *buf, size_t len, off_t off);
void uring_ring_close(struct uring_ring *r);

#endif
