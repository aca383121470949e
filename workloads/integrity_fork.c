// SPDX-License-Identifier: GPL-2.0
/*
 * integrity, disturb=fork: the O_DIRECT + fork hazard of open(2) (NOTES).
 * While a writer's O_DIRECT read is in flight (its pages pinned by the block
 * layer), worker 0 forks: the page becomes COW-shared. The child writes into
 * every region (the page no writer reads into) and exits; the parent writes
 * into the page being read, right away, while the read is still in flight.
 * If the pin does not count at fork (FOLL_GET: block/bio.c before
 * a7e689dd1c06, v6.5), the parent's write copies the page, the device writes
 * into the old one, and the parent never sees its data: a lost write. With
 * FOLL_PIN, fork copies the pinned page for the child instead
 * (page_needs_cow_for_dma()) and the parent keeps the pinned page.
 *
 * The parent writes the byte the device is about to write there (the
 * pattern's own), so on a correct kernel the order of the two writes does
 * not matter and the check sees the pattern.
 */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "integrity.h"

/* How long worker 0 waits for a writer to be in a read before it forks anyway. */
#define FORK_WAIT_NS	(100 * 1000 * 1000ULL)

/* The child's side: write into every region, then go (COW breaks on its side). */
static void child_writes(struct integrity *g)
{
	unsigned int w;

	for (w = 1; w <= g->nwriters; w++)
		((volatile char *)integrity_region(g, w))[g->pmd - g->page] = 2;
	_exit(0);
}

/*
 * Fork while writer w's read is in flight, write on both sides. It
 * overlapped when the same read was in flight from before the fork until
 * after the parent's write. Shared with disturb=io_uring.
 */
int integrity_fork_race(struct integrity *g, unsigned int w)
{
	volatile char *r = (volatile char *)integrity_region(g, w);
	uint64_t seq = 0, off = 0;
	int inflight = integrity_wait_inflight(g, w, &seq, &off, FORK_WAIT_NS), hit;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid)
		child_writes(g);
	/* the parent's write to the page being read: the pattern's byte, while the device works */
	r[off] = (char)g->expect[off];
	hit = inflight && integrity_same_read(g, w, seq);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return hit;
}

static int fork_run(struct integrity *g, unsigned int w)
{
	return integrity_fork_race(g, w);
}

const struct integrity_disturb integrity_fork = {
	.name = "fork",
	.run = fork_run,
	.note = "disturb=fork: fork while a read is in flight, the parent writes into the page being "
		"read (open(2) O_DIRECT + fork); block O_DIRECT pins with FOLL_PIN since a7e689dd1c06 "
		"(v6.5), before that with FOLL_GET, which fork does not see",
};
