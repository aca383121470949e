// SPDX-License-Identifier: GPL-2.0
/*
 * gup_test trigger: the kernel's own GUP benchmark (mm/gup_test.c,
 * CONFIG_GUP_TEST, /sys/kernel/debug/gup_test). One ioctl loops in the
 * kernel over the worker's buffer in calls of pages_per_call pages, times
 * the get loop and the put loop with ktime in microseconds, and rewrites
 * size to the bytes processed. gup_test: GUP_FAST_BENCHMARK
 * (get_user_pages_fast, FOLL_GET); gup_test_pin: PIN_FAST_BENCHMARK
 * (pin_user_pages_fast, FOLL_PIN); gup_test_longterm: PIN_LONGTERM_BENCHMARK
 * (pin_user_pages | FOLL_LONGTERM under mmap_read_lock: slow GUP). The
 * buffer holds enough calls per ioctl for the microsecond clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gup.h"
#include "gup_test_abi.h"
#include "probe.h"

#define GUP_TEST_BYTES	(4UL << 20)	/* per ioctl at least: ~1000 us of 4K GUP-fast */

void gup_test_request(struct gup_test *g, const void *addr, size_t size, unsigned int ppc, int write)
{
	memset(g, 0, sizeof(*g));
	g->addr = (__u64)(uintptr_t)addr;
	g->size = size;
	g->nr_pages_per_call = ppc;
	g->gup_flags = write ? GUP_TEST_FOLL_WRITE : 0;
}

int gup_test_response(const struct gup_test *g, size_t asked, size_t page_size, unsigned int ppc,
		      struct gup_test_out *out)
{
	size_t call = (size_t)ppc * page_size;

	memset(out, 0, sizeof(*out));
	if (!page_size || !ppc || g->size > asked || g->size % page_size)
		return -1;
	/*
	 * The kernel stops at the first call that gets fewer pages than asked:
	 * an error ends the loop before size covers that call, a short count
	 * after size has covered the whole call. So an incomplete answer
	 * certainly holds size / call - 1 full calls, and at most one more call
	 * than size / call was made: count the pages low and the calls high.
	 */
	out->complete = g->size == asked;
	if (out->complete) {
		out->calls = asked / call;
		out->pages = asked / page_size;
	} else {
		out->calls = g->size / call + 1;
		out->pages = g->size / call ? (g->size / call - 1) * ppc : 0;
	}
	out->get_ns = (unsigned long long)g->get_delta_usec * 1000;
	out->put_ns = (unsigned long long)g->put_delta_usec * 1000;
	return 0;
}

static size_t gt_ioctl_bytes(const struct gup_cfg *c)
{
	size_t calls = GUP_TEST_BYTES / c->call_bytes;

	/* across a boundary only the call's pages are mapped: one call an ioctl */
	if (c->cross)
		return c->call_bytes;
	return (calls ? calls : 1) * c->call_bytes;
}

static size_t gt_buffer_bytes(const struct gup_cfg *c)
{
	return gt_ioctl_bytes(c) - c->call_bytes;
}

static unsigned long gt_cmd(const struct gup_cfg *c)
{
	if (c->trig == &gup_trig_gup_test_pin)
		return PIN_FAST_BENCHMARK;
	if (c->trig == &gup_trig_gup_test_longterm)
		return PIN_LONGTERM_BENCHMARK;
	return GUP_FAST_BENCHMARK;
}

static int gt_thread_setup(struct gup_worker *w, char *why, size_t len)
{
	w->fd[0] = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC);
	if (w->fd[0] < 0)
		return set_why(why, len, "%s: %s", GUP_TEST_PATH, strerror(errno));
	return 0;
}

static void gt_thread_teardown(struct gup_worker *w)
{
	if (w->fd[0] >= 0)
		close(w->fd[0]);
}

static int gt_call(struct gup_worker *w, struct gup_res *r)
{
	size_t asked = gt_ioctl_bytes(w->cfg);
	struct gup_test g;
	struct gup_test_out o;

	gup_test_request(&g, w->addr, asked, (unsigned int)w->cfg->ppc, w->cfg->write);
	if (ioctl(w->fd[0], gt_cmd(w->cfg), &g))
		return -errno;
	if (gup_test_response(&g, asked, w->cfg->page_size, (unsigned int)w->cfg->ppc, &o))
		return -EPROTO;
	r->pages = o.pages;
	r->calls = o.calls;
	r->kernel_ns = o.get_ns + o.put_ns;
	return 0;
}

#define GT_TRIGGER(nm, since) {				\
	.name = nm,					\
	.fast_since = since,				\
	.probe = probe_gup_test,			\
	.thread_setup = gt_thread_setup,		\
	.thread_teardown = gt_thread_teardown,		\
	.call = gt_call,				\
	.buffer_bytes = gt_buffer_bytes,		\
}

/* The check's reader (6.12): a long-term pin with pin_user_pages_fast(), its pages copied back. */
static int gt_reader_probe(char *why, size_t len)
{
	int fd = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC), ok;

	if (fd < 0) {
		snprintf(why, len, "%s: %s", GUP_TEST_PATH, strerror(errno));
		return 0;
	}
	/* STOP with nothing pinned is a no-op where it exists, -EINVAL where not */
	ok = !ioctl(fd, PIN_LONGTERM_TEST_STOP);
	if (!ok)
		snprintf(why, len, "this kernel's gup_test has no PIN_LONGTERM_TEST (6.12 has it): "
			 "nothing to read the pinned pages back with");
	close(fd);
	return ok;
}

static int gt_hold(struct gup_worker *w, struct gup_held *h, char *why, size_t len)
{
	struct pin_longterm_test t = {
		.addr = (__u64)(uintptr_t)w->addr, .size = w->cfg->call_bytes,
		.flags = PIN_LONGTERM_TEST_FLAG_USE_FAST |
			 (w->cfg->write ? PIN_LONGTERM_TEST_FLAG_USE_WRITE : 0),
	};
	int err;

	h->fd[0] = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC);
	if (h->fd[0] >= 0 && !ioctl(h->fd[0], PIN_LONGTERM_TEST_START, &t))
		return 0;
	err = errno;
	set_why(why, len, "PIN_LONGTERM_TEST_START: %s", strerror(err));
	return -err;
}

static int gt_collect(struct gup_worker *w, struct gup_held *h, void *out, char *why, size_t len)
{
	__u64 to = (__u64)(uintptr_t)out;
	int ret = 0;

	(void)w;
	if (h->fd[0] < 0)
		return -EBADF;
	if (ioctl(h->fd[0], PIN_LONGTERM_TEST_READ, &to)) {
		ret = -errno;
		set_why(why, len, "PIN_LONGTERM_TEST_READ: %s", strerror(-ret));
	}
	ioctl(h->fd[0], PIN_LONGTERM_TEST_STOP);
	close(h->fd[0]);
	return ret;
}

const struct gup_trigger gup_trig_gup_test = GT_TRIGGER("gup_test", 0);
const struct gup_trigger gup_trig_gup_test_pin = {
	.name = "gup_test_pin",
	.probe = probe_gup_test,
	.thread_setup = gt_thread_setup,
	.thread_teardown = gt_thread_teardown,
	.call = gt_call,
	.buffer_bytes = gt_buffer_bytes,
	.reader_probe = gt_reader_probe,
	.hold = gt_hold,
	.collect = gt_collect,
	.readback = "gup_test PIN_LONGTERM_TEST (pin_user_pages_fast), its pages copied back",
};
/* pin_user_pages(FOLL_LONGTERM) under mmap_read_lock */
const struct gup_trigger gup_trig_gup_test_longterm = GT_TRIGGER("gup_test_longterm", GUP_NEVER_FAST);
