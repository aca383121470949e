// SPDX-License-Identifier: GPL-2.0
/*
 * path_safe(): labels, hostnames and kernel releases become one path
 * component that cannot climb, hide or carry shell or gnuplot syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bench/core/result.h"

static void check(const char *in, const char *want)
{
	char out[64];

	path_safe(in, out, sizeof(out));
	assert_string_equal(out, want);
	assert_null(strchr(out, '/'));
}

static void test_path_safe(void **st)
{
	(void)st;
	check("6.12.0-rc1+", "6.12.0-rc1+");
	check("..", "_.");
	check(".", "_");
	check("", "_");
	check("../../etc/passwd", "_._.._etc_passwd");
	check(".hidden", "_hidden");
	check("a/b", "a_b");
	check("x$(touch y)`z`\n\"q'", "x__touch_y__z___q_");
	check("system(\"rm -rf /\")", "system__rm_-rf____");
	/* truncated to the buffer, still terminated */
	check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
