// SPDX-License-Identifier: GPL-2.0
/*
 * integrity, disturb=vmsplice: the CVE-2020-29374 class (Jann Horn,
 * Project Zero 2045). Worker 0 fills a page of its own with the pattern and
 * forks; the child vmsplices the COW-shared page into a pipe (GUP with
 * FOLL_GET, read-only: the pipe holds a reference, no pin) and exits; the
 * parent then writes other data over the page and reads the pipe. The pipe
 * must show the pattern: the parent's write must have gone to a copy. A
 * kernel that reuses the page for the parent's write because it is mapped
 * once (mapcount) leaks the parent's later data to whoever reads the pipe.
 * Every second round the page is part of a freshly collapsed THP (the THP
 * path kept the bug longer). Meanwhile the O_DIRECT writers run and are
 * checked as for every disturbance.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "integrity.h"
#include "mapping.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define LATER	0x5a	/* the parent's data after the child's vmsplice */

struct vsp {
	void *raw;
	size_t raw_len;
	char *page;		/* the first page of a PMD-aligned region */
	unsigned char *buf;	/* what the pipe returned */
	int pipe[2];
	unsigned long long round;
};

static int vsp_setup(struct integrity *g, char *why, size_t len)
{
	struct vsp *v = calloc(1, sizeof(*v));

	if (!v)
		return -1;
	g->dpriv = v;
	v->pipe[0] = v->pipe[1] = -1;
	v->page = map_reserve(g->pmd, g->pmd, &v->raw, &v->raw_len);
	v->buf = malloc(g->page);
	if (!v->page || !v->buf || mmap(v->page, g->pmd, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		snprintf(why, len, "cannot map vmsplice's page: %s", strerror(errno));
		return -1;
	}
	madvise(v->page, g->pmd, MADV_HUGEPAGE);
	memset(v->page, 1, g->pmd);
	if (pipe2(v->pipe, O_CLOEXEC)) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The child: put the shared page into the pipe, then go (its mapping goes with it). */
static void child_splices(struct integrity *g, struct vsp *v)
{
	struct iovec iov = { .iov_base = v->page, .iov_len = g->page };

	_exit(vmsplice(v->pipe[1], &iov, 1, 0) == (ssize_t)g->page ? 0 : 1);
}

/* Bytes of the pipe's page that are not the pattern. -1: the round failed. */
static long vsp_round(struct integrity *g, struct vsp *v)
{
	long leaked = 0;
	int status = 0;
	size_t i;
	pid_t pid;

	if (v->round++ & 1)
		madvise(v->page, g->pmd, MADV_COLLAPSE);	/* the THP case */
	memcpy(v->page, g->expect, g->page);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		child_splices(g, v);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	/* the child is gone: the page is mapped once, and the pipe still holds it */
	memset(v->page, LATER, g->page);
	if (read(v->pipe[0], v->buf, g->page) != (ssize_t)g->page)
		return -1;
	for (i = 0; i < g->page; i++)
		leaked += v->buf[i] != g->expect[i];
	return leaked;
}

static int vsp_run(struct integrity *g, unsigned int w)
{
	struct vsp *v = g->dpriv;
	long n = vsp_round(g, v);

	(void)w;
	if (n < 0)
		return -1;
	g->leaked += (unsigned long long)n;
	g->leak_checks++;
	/* the pipe held the page across the parent's write, by construction */
	return 1;
}

static void vsp_teardown(struct integrity *g)
{
	struct vsp *v = g->dpriv;

	if (!v)
		return;
	if (v->pipe[0] >= 0)
		close(v->pipe[0]);
	if (v->pipe[1] >= 0)
		close(v->pipe[1]);
	if (v->raw)
		munmap(v->raw, v->raw_len);
	free(v->buf);
	free(v);
	g->dpriv = NULL;
}

const struct integrity_disturb integrity_vmsplice = {
	.name = "vmsplice",
	.setup = vsp_setup,
	.run = vsp_run,
	.teardown = vsp_teardown,
	.leaks = 1,
	.note = "disturb=vmsplice: a child vmsplices a COW-shared page and exits, the parent writes, "
		"the pipe must not show it (CVE-2020-29374; 17839856fd58, v5.8, for base pages; the THP "
		"case stayed open until the anon-exclusive COW rework of v5.19)",
};
