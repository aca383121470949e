// SPDX-License-Identifier: GPL-2.0
/*
 * The gup_test trigger against the kernel's ABI: struct gup_test has the
 * layout of mm/gup_test.h (sizes and offsets as the kernel's x86_64, arm64,
 * ppc64le and s390x builds lay it out: only __u64/__u32 fields), the ioctl
 * numbers encode that size, a request carries what the kernel reads, and
 * the kernel's answers (complete, stopped by a short call, stopped by an
 * error, impossible) are read as the kernel's loop in mm/gup_test.c makes
 * them. This kernel has no CONFIG_GUP_TEST: these tests are the backend's
 * only check here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "workloads/gup_test_abi.h"

#define PS	4096UL

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct gup_test), 80);
	assert_int_equal(offsetof(struct gup_test, get_delta_usec), 0);
	assert_int_equal(offsetof(struct gup_test, put_delta_usec), 8);
	assert_int_equal(offsetof(struct gup_test, addr), 16);
	assert_int_equal(offsetof(struct gup_test, size), 24);
	assert_int_equal(offsetof(struct gup_test, nr_pages_per_call), 32);
	assert_int_equal(offsetof(struct gup_test, gup_flags), 36);
	assert_int_equal(offsetof(struct gup_test, test_flags), 40);
	assert_int_equal(offsetof(struct gup_test, which_pages), 44);
	assert_int_equal(sizeof(((struct gup_test *)0)->which_pages), 32);
}

static void test_ioctl_numbers(void **state)
{
	(void)state;
	assert_int_equal(_IOC_TYPE(GUP_FAST_BENCHMARK), 'g');
	assert_int_equal(_IOC_NR(GUP_FAST_BENCHMARK), 1);
	assert_int_equal(_IOC_NR(PIN_FAST_BENCHMARK), 2);
	assert_int_equal(_IOC_NR(PIN_LONGTERM_BENCHMARK), 3);
	assert_int_equal(_IOC_SIZE(PIN_FAST_BENCHMARK), 80);
	assert_int_equal(_IOC_DIR(PIN_LONGTERM_BENCHMARK), _IOC_READ | _IOC_WRITE);
#if defined(__x86_64__) || defined(__aarch64__) || defined(__s390x__)
	/* the number the kernel's switch compares against on these arches */
	assert_int_equal(GUP_FAST_BENCHMARK, 0xc0506701UL);
#endif
}

static void test_request(void **state)
{
	struct gup_test g;
	static char buf[64];
	unsigned int i;

	(void)state;
	memset(&g, 0xff, sizeof(g));
	gup_test_request(&g, buf, 8 * PS, 4, 1);
	assert_int_equal(g.addr, (uintptr_t)buf);
	assert_int_equal(g.size, 8 * PS);
	assert_int_equal(g.nr_pages_per_call, 4);
	assert_int_equal(g.gup_flags, GUP_TEST_FOLL_WRITE);
	assert_int_equal(g.test_flags, 0);
	assert_int_equal(g.get_delta_usec, 0);
	for (i = 0; i < GUP_TEST_MAX_PAGES_TO_DUMP; i++)
		assert_int_equal(g.which_pages[i], 0);	/* no page dumps */
	gup_test_request(&g, buf, PS, 1, 0);
	assert_int_equal(g.gup_flags, 0);
}

/* What the kernel wrote back: size processed and the two times. */
static struct gup_test answer(uint64_t size, uint64_t get_us, uint64_t put_us)
{
	struct gup_test g;

	gup_test_request(&g, (void *)0x10000, 64 * PS, 4, 0);
	g.size = size;
	g.get_delta_usec = get_us;
	g.put_delta_usec = put_us;
	return g;
}

static void test_response_complete(void **state)
{
	struct gup_test g = answer(64 * PS, 12, 3);
	struct gup_test_out o;

	(void)state;
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 4, &o), 0);
	assert_true(o.complete);
	assert_int_equal(o.pages, 64);
	assert_int_equal(o.calls, 16);
	assert_int_equal(o.get_ns, 12000);
	assert_int_equal(o.put_ns, 3000);
}

static void test_response_incomplete(void **state)
{
	struct gup_test_out o;
	struct gup_test g;

	(void)state;
	/*
	 * 5 calls of 4 pages covered (20 pages): either the fifth was short
	 * (size covers it) or a sixth failed: 4 calls are certain, 6 at most.
	 */
	g = answer(20 * PS, 5, 1);
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 4, &o), 0);
	assert_false(o.complete);
	assert_int_equal(o.pages, 16);
	assert_int_equal(o.calls, 6);
	/* the first call failed: nothing processed */
	g = answer(0, 0, 0);
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 4, &o), 0);
	assert_false(o.complete);
	assert_int_equal(o.pages, 0);
	assert_int_equal(o.calls, 1);
}

static void test_response_impossible(void **state)
{
	struct gup_test_out o;
	struct gup_test g;

	(void)state;
	g = answer(65 * PS, 1, 1);	/* more than asked */
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 4, &o), -1);
	g = answer(PS + 1, 1, 1);	/* not whole pages */
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 4, &o), -1);
	g = answer(PS, 1, 1);
	assert_int_equal(gup_test_response(&g, 64 * PS, PS, 0, &o), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_ioctl_numbers),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_response_complete),
		cmocka_unit_test(test_response_incomplete),
		cmocka_unit_test(test_response_impossible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
