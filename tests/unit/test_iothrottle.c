// SPDX-License-Identifier: GPL-2.0
/*
 * The read throttle's runner side (bench/host/iothrottle.c): the disk a
 * partition belongs to on a fake sysfs, the sweep of groups that killed
 * runs left (it must keep ours, a live run's and anything else), and the
 * calls without a throttle on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "bench/host/iothrottle.h"

static char root[] = "/tmp/ptbench-iothrottle.XXXXXX";

static void put(const char *rel, const char *text)
{
	assert_int_equal(tmpdir_put(root, rel, text), 0);
}

static const char *at(const char *rel)
{
	return tmpdir_at(root, rel);
}

/* A partition's rules go to its disk; a whole disk is itself; no device, no disk. */
static void test_disk(void **st)
{
	char disk[32], why[256] = "";

	(void)st;
	mkdir(at("devices"), 0755);
	mkdir(at("devices/sda"), 0755);
	mkdir(at("devices/sda/sda1"), 0755);
	put("devices/sda/dev", "8:0\n");
	put("devices/sda/sda1/dev", "8:1\n");
	put("devices/sda/sda1/partition", "1\n");
	mkdir(at("dev"), 0755);
	mkdir(at("dev/block"), 0755);
	assert_int_equal(symlink(at("devices/sda/sda1"), at("dev/block/8:1")), 0);
	assert_int_equal(symlink(at("devices/sda"), at("dev/block/8:0")), 0);
	assert_int_equal(iothrottle_disk(root, 8, 1, disk, sizeof(disk), why, sizeof(why)), 0);
	assert_string_equal(disk, "8:0");
	assert_int_equal(iothrottle_disk(root, 8, 0, disk, sizeof(disk), why, sizeof(why)), 0);
	assert_string_equal(disk, "8:0");
	assert_int_equal(iothrottle_disk(root, 0, 45, disk, sizeof(disk), why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a block device"));
}

/* Groups of dead runs go; ours, a live run's and other names stay. */
static void test_sweep(void **st)
{
	char name[64];
	pid_t dead = fork();

	(void)st;
	if (!dead)
		_exit(0);
	assert_true(dead > 0);
	waitpid(dead, NULL, 0);
	mkdir(at("cgs"), 0755);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)dead);
	mkdir(at(name), 0755);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)getpid());
	mkdir(at(name), 0755);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)getppid());
	mkdir(at(name), 0755);
	mkdir(at("cgs/user.slice"), 0755);
	assert_int_equal(iothrottle_sweep(at("cgs")), 1);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)dead);
	assert_int_equal(access(at(name), F_OK), -1);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)getpid());
	assert_int_equal(access(at(name), F_OK), 0);
	snprintf(name, sizeof(name), "cgs/" IOTHROTTLE_PREFIX "%d", (int)getppid());
	assert_int_equal(access(at(name), F_OK), 0);
	assert_int_equal(access(at("cgs/user.slice"), F_OK), 0);
}

/* Without a throttle on, joining one says so and stopping is harmless. */
static void test_not_on(void **st)
{
	char why[256] = "";

	(void)st;
	assert_int_equal(io_throttle_join(why, sizeof(why)), -1);
	assert_string_equal(why, "no throttle is on");
	io_throttle_stop();
}

static int teardown(void **st)
{
	(void)st;
	return tmpdir_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_not_on),
	};

	if (!mkdtemp(root))
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
