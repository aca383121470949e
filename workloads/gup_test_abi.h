/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user ABI of the kernel's gup_test module (CONFIG_GUP_TEST,
 * /sys/kernel/debug/gup_test), and the request/response logic of the
 * gup_test trigger, kept pure for unit tests.
 */
#ifndef PTBENCH_GUP_TEST_ABI_H
#define PTBENCH_GUP_TEST_ABI_H

#include <linux/types.h>
#include <stddef.h>
#include <sys/ioctl.h>

/* Where the module is (debugfs mounted at /sys/kernel/debug). */
#define GUP_TEST_PATH	"/sys/kernel/debug/gup_test"

/*
 * Copied from mm/gup_test.h of Linux 6.1 (linux-source-6.1, 6.1.192), where
 * it is GPL-2.0-or-later; struct gup_test is unchanged in later kernels (which
 * add the PIN_LONGTERM_TEST_* ioctls 7-10 with structs of their own).
 * tests/unit/test_gup.c checks the layout.
 */
#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_test)
#define PIN_FAST_BENCHMARK	_IOWR('g', 2, struct gup_test)
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 3, struct gup_test)

#define GUP_TEST_MAX_PAGES_TO_DUMP		8

struct gup_test {
	__u64 get_delta_usec;
	__u64 put_delta_usec;
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 gup_flags;
	__u32 test_flags;
	/*
	 * Each non-zero entry is the number of the page (1-based: first page is
	 * page 1, so that zero entries mean "do nothing") from the .addr base.
	 */
	__u32 which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};
/* end of the copy */

/*
 * From mm/gup_test.h of Linux 6.12 (linux-source-6.12), GPL-2.0-or-later:
 * pin a range long-term (pin_user_pages_fast() with USE_FAST), copy the
 * pinned pages' contents back (READ: the user address to copy to), unpin
 * (STOP). One pinned range per system. Not in 6.1, where STOP is -EINVAL.
 */
#define PIN_LONGTERM_TEST_START	_IOW('g', 7, struct pin_longterm_test)
#define PIN_LONGTERM_TEST_STOP	_IO('g', 8)
#define PIN_LONGTERM_TEST_READ	_IOW('g', 9, __u64)

#define PIN_LONGTERM_TEST_FLAG_USE_WRITE	1
#define PIN_LONGTERM_TEST_FLAG_USE_FAST		2

struct pin_longterm_test {
	__u64 addr;
	__u64 size;
	__u32 flags;
};
/* end of the 6.12 copy */

/* FOLL_WRITE in include/linux/mm.h (6.1) / mm_types.h: the only flag gup_test passes safely. */
#define GUP_TEST_FOLL_WRITE	0x01

/* What one ioctl did, from the kernel's answer. */
struct gup_test_out {
	unsigned long pages;		/* pages got (incomplete: the certain ones) */
	unsigned long calls;		/* GUP calls the kernel made (incomplete: at most) */
	unsigned long long get_ns, put_ns;
	int complete;			/* the whole request was processed */
};

/* Fill a request: size bytes at addr in calls of ppc pages. */
void gup_test_request(struct gup_test *g, const void *addr, size_t size, unsigned int ppc, int write);
/*
 * Read the kernel's answer to a request of asked bytes. 0, or -1 when the
 * answer cannot be a gup_test answer to it (more than asked, not whole pages).
 */
int gup_test_response(const struct gup_test *g, size_t asked, size_t page_size, unsigned int ppc,
		      struct gup_test_out *out);

#endif
