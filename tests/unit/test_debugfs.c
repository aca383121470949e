// SPDX-License-Identifier: GPL-2.0
/*
 * When ptbench run mounts debugfs for gup_test: only when it is not mounted
 * and the kernel has CONFIG_GUP_TEST (y or m), or its config cannot be read
 * (then it mounts to look, and takes the mount down if nothing is there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bench/host/debugfs.h"

static void test_plan(void **state)
{
	(void)state;
	/* already mounted: nothing to do, whatever the config says */
	assert_int_equal(debugfs_plan(1, "y", 1), DEBUGFS_NOTHING);
	assert_int_equal(debugfs_plan(0, NULL, 1), DEBUGFS_NOTHING);
	/* not mounted, the kernel has gup_test: mount */
	assert_int_equal(debugfs_plan(1, "y", 0), DEBUGFS_MOUNT);
	assert_int_equal(debugfs_plan(1, "m", 0), DEBUGFS_MOUNT);
	/* not mounted, the kernel has none: leave the system alone */
	assert_int_equal(debugfs_plan(1, NULL, 0), DEBUGFS_NOTHING);
	assert_int_equal(debugfs_plan(1, "n", 0), DEBUGFS_NOTHING);
	/* no config to read: mount and look */
	assert_int_equal(debugfs_plan(0, NULL, 0), DEBUGFS_MOUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
