// SPDX-License-Identifier: GPL-2.0
/*
 * Where the cgroups are (bench/host/cgroupfs.c) on mountinfo and
 * /proc/self/cgroup texts of a v1 host (this machine's shape) and a
 * v2-only one: controllers are words, not substrings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "bench/host/cgroupfs.h"

static char root[] = "/tmp/ptbench-cgroupfs.XXXXXX";

static void put(const char *rel, const char *text)
{
	assert_int_equal(tmpdir_put(root, rel, text), 0);
}

static const char *at(const char *rel)
{
	return tmpdir_at(root, rel);
}

/* This machine's shape: cgroup v1, blkio and memory on their own mounts. */
static void test_v1(void **st)
{
	char mnt[256], cg[256];
	int v2 = -1;

	(void)st;
	put("mi", "25 21 0:23 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
		  "33 25 0:30 / /sys/fs/cgroup/memory rw,nosuid shared:14 - cgroup cgroup rw,memory\n"
		  "36 25 0:33 / /sys/fs/cgroup/blkio rw,nosuid shared:17 - cgroup cgroup rw,blkio\n"
		  "37 25 0:34 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n");
	put("cg", "9:name=systemd:/\n8:cpu,cpuacct:/x\n7:blkio:/\n"
		  "4:memory:/process_api/d25be1ed\n0::/\n");
	assert_int_equal(cgroup_mount(at("mi"), "blkio", mnt, sizeof(mnt), &v2), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/blkio");
	assert_int_equal(v2, 0);
	assert_int_equal(cgroup_own(at("cg"), "blkio", 0, cg, sizeof(cg)), 0);
	assert_string_equal(cg, "");
	assert_int_equal(cgroup_own(at("cg"), "memory", 0, cg, sizeof(cg)), 0);
	assert_string_equal(cg, "/process_api/d25be1ed");
	/* "cpu" is a word of "cpu,cpuacct", "cpuac" is not one */
	assert_int_equal(cgroup_own(at("cg"), "cpu", 0, cg, sizeof(cg)), 0);
	assert_string_equal(cg, "/x");
	assert_int_equal(cgroup_own(at("cg"), "cpuac", 0, cg, sizeof(cg)), -1);
	assert_int_equal(cgroup_mount(at("mi"), "io", mnt, sizeof(mnt), &v2), -1);
}

/* v2 only: the unified mount has the controller when its cgroup.controllers lists it. */
static void test_v2(void **st)
{
	char mi[1024], mnt[256], cg[256];
	int v2 = -1;

	(void)st;
	mkdir(at("unified"), 0755);
	put("unified/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
	snprintf(mi, sizeof(mi), "29 24 0:26 / %s rw,nosuid - cgroup2 cgroup2 "
		 "rw,nsdelegate,memory_recursiveprot\n", at("unified"));
	put("mi", mi);
	put("cg", "0::/user.slice/user-0.slice/session-3.scope\n");
	assert_int_equal(cgroup_mount(at("mi"), "io", mnt, sizeof(mnt), &v2), 0);
	assert_string_equal(mnt, at("unified"));
	assert_int_equal(v2, 1);
	assert_int_equal(cgroup_own(at("cg"), "io", 1, cg, sizeof(cg)), 0);
	assert_string_equal(cg, "/user.slice/user-0.slice/session-3.scope");
	/* no v1 hierarchy has blkio, and v2's controllers do not say "blkio" */
	assert_int_equal(cgroup_mount(at("mi"), "blkio", mnt, sizeof(mnt), &v2), -1);
	/* "memory_recursiveprot" in the options is not the memory controller; the file says it is */
	assert_int_equal(cgroup_mount(at("mi"), "memory", mnt, sizeof(mnt), &v2), 0);
	assert_int_equal(v2, 1);
}

static int teardown(void **st)
{
	(void)st;
	return tmpdir_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1),
		cmocka_unit_test(test_v2),
	};

	if (!mkdtemp(root))
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
