// SPDX-License-Identifier: GPL-2.0
/*
 * process_vm_readv trigger, the slow-GUP contrast: the worker reads its own
 * buffer through process_vm_readv() on its own pid (write=1:
 * process_vm_writev(), writable pins). mm/process_vm_access.c pins the
 * "remote" range with pin_user_pages_remote() under mmap_read_lock, in
 * chunks of at most PVM_MAX_KMALLOC_PAGES / sizeof(struct page *) pages,
 * copies each page to (from) a local buffer and unpins: the figure includes
 * a copy of every byte. Calibration: the same call with a zero-length
 * remote iovec (task lookup and mm_access(), no pin, no copy).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gup.h"

static int pvm_check(const struct gup_cfg *c, char *why, size_t len)
{
	(void)c;
	(void)why;
	(void)len;
	return 0;
}

static int pvm_thread_setup(struct gup_worker *w, char *why, size_t len)
{
	char *local = aligned_alloc(w->cfg->page_size, w->cfg->call_bytes);

	if (!local)
		return set_why(why, len, "out of memory");
	memset(local, 1, w->cfg->call_bytes);
	w->tpriv = local;
	return 0;
}

static void pvm_thread_teardown(struct gup_worker *w)
{
	free(w->tpriv);
}

static ssize_t pvm(struct gup_worker *w, size_t remote_len)
{
	struct iovec local = { w->tpriv, w->cfg->call_bytes };
	struct iovec remote = { w->addr, remote_len };

	if (w->cfg->write)
		return process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
}

static int pvm_call(struct gup_worker *w, struct gup_res *r)
{
	ssize_t n = pvm(w, w->cfg->call_bytes);

	if (n < 0)
		return -errno;
	r->pages = (size_t)n / w->cfg->page_size;
	return 0;
}

static int pvm_calib(struct gup_worker *w)
{
	ssize_t n = pvm(w, 0);

	if (n != 0)
		return n < 0 ? -errno : -EPROTO;
	return 0;
}

const struct gup_trigger gup_trig_pvm = {
	.name = "process_vm_readv",
	.check = pvm_check,
	.thread_setup = pvm_thread_setup,
	.thread_teardown = pvm_thread_teardown,
	.call = pvm_call,
	.calib = pvm_calib,
	/* pin_user_pages_remote() under mmap_read_lock, per chunk */
	.fast_since = GUP_NEVER_FAST,
};
