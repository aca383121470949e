// SPDX-License-Identifier: GPL-2.0
/*
 * futex trigger: FUTEX_WAKE on a shared (non-private) futex with no waiter,
 * one 1-page get_user_pages_fast(FOLL_WRITE) per call, the per-call floor
 * (futex_gup.h). Calibration: FUTEX_WAKE_PRIVATE on the same word, keyed by
 * (mm, address) without GUP.
 */
#include <stdio.h>

#include "futex_gup.h"
#include "gup.h"

static int futex_check(const struct gup_cfg *c, char *why, size_t len)
{
	if (c->ppc != 1) {
		snprintf(why, len, "futex GUPs exactly one page per call (pages_per_call=%lu)", c->ppc);
		return WL_SKIP;
	}
	if (!c->write) {
		/* a read-only retry happens only after the writable GUP failed with EFAULT */
		snprintf(why, len, "futex always asks FOLL_WRITE first (get_futex_key): no read-only GUP-fast");
		return WL_SKIP;
	}
	return 0;
}

static int futex_call(struct gup_worker *w, struct gup_res *r)
{
	int ret = futex_gup_once(w->addr, 0);

	if (!ret)
		r->pages = 1;
	return ret;
}

static int futex_calib(struct gup_worker *w)
{
	return futex_gup_once(w->addr, 1);
}

const struct gup_trigger gup_trig_futex = {
	.name = "futex",
	.check = futex_check,
	.call = futex_call,
	.calib = futex_calib,
};
