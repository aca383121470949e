/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one GUP the futex trigger (gup_futex.c) and the collapse family's GUP
 * bystanders (bystander.c) make: FUTEX_WAKE on a shared futex word
 * nobody waits on. get_futex_key() (kernel/futex/core.c) GUPs the word's
 * page to key it by page rather than by mm: one 1-page
 * get_user_pages_fast(FOLL_WRITE) per call. With FUTEX_PRIVATE_FLAG the
 * same call keys by (mm, address), without GUP: the calibration.
 */
#ifndef PTBENCH_FUTEX_GUP_H
#define PTBENCH_FUTEX_GUP_H

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One wake on word; 0, or -errno (-EPROTO: it woke a waiter, a foreign one). */
static inline int futex_gup_once(void *word, int private)
{
	long n = syscall(SYS_futex, (unsigned int *)word, FUTEX_WAKE | (private ? FUTEX_PRIVATE_FLAG : 0),
			 1, NULL, NULL, 0);

	if (n < 0)
		return -errno;
	return n == 0 ? 0 : -EPROTO;
}

#endif
