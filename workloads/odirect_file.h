/* SPDX-License-Identifier: GPL-2.0 */
/* The O_DIRECT scratch file of the odirect trigger and of integrity (odirect_file.c). */
#ifndef PTBENCH_ODIRECT_FILE_H
#define PTBENCH_ODIRECT_FILE_H

#include <stddef.h>
#include <sys/types.h>

struct odirect_req {
	const char *what;	/* in the file's name: ptbench-<what>.XXXXXX */
	off_t size;		/* bytes, a multiple of dlen */
	const void *data;	/* what the file holds, dlen bytes repeated */
	size_t dlen;
	size_t page;		/* the base page size: the test read's size and alignment */
};

/*
 * An unlinked file of rq->size bytes, open read-write with O_DIRECT, in
 * the first directory the rule allows; where says which (directory, file
 * system, device). The fd, or -1 with the reason in why (skip the point).
 */
int odirect_file(const struct odirect_req *rq, char *where, size_t wlen, char *why, size_t len);

#endif
