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
#include <unistd.h>

#include "integrity.h"
#include "uring_ring.h"

static int uring_setup(struct integrity *g, char *why, size_t len)
{
	unsigned int w;
	int rc;

	for (w = 1; w <= g->nwriters; w++) {
		struct uring_ring *r = calloc(1, sizeof(*r));

		if (!r)
			return -1;
		r->fd = -1;
		g->ws[w].priv = r;
		rc = uring_ring_open(r, integrity_region(g, w), g->pmd, why, len);
		if (rc)
			return rc;
	}
	return 0;
}

/* One READ_FIXED from the source into the registered region, waited for. */
static ssize_t uring_read(struct integrity *g, unsigned int w, void *buf, size_t len, off_t off)
{
	return uring_ring_fixed(g->ws[w].priv, IORING_OP_READ_FIXED, g->fd, buf, len, off);
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
		uring_ring_close(g->ws[w].priv);
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
