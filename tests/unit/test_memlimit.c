// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup headroom on fake hierarchies: the tightest limit on the way up
 * wins, "max" and v1's "no limit" mean none, usage over the limit is 0.
 * A NUMA node's headroom from a fake sysfs node tree.
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

#include "bench/host/memlimit.h"
#include "bench/host/nodemem.h"

static char root[] = "/tmp/ptbench-memlimit.XXXXXX";

static void put(const char *rel, const char *file, const char *val)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s%s/%s", root, rel, file);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(val, f);
	fclose(f);
}

static void test_v2_tightest_wins(void **st)
{
	char src[256];

	(void)st;
	put("", "memory.max", "max\n");
	put("", "memory.current", "1000\n");
	put("/a", "memory.max", "1048576\n");
	put("/a", "memory.current", "48576\n");
	put("/a/b", "memory.max", "max\n");
	put("/a/b", "memory.current", "10\n");
	assert_int_equal(cgroup_headroom(root, 1, "/a/b", src, sizeof(src)), 1000000);
	assert_string_equal(src, "cgroup /a memory.max");
	put("/a/b", "memory.max", "2000\n");
	assert_int_equal(cgroup_headroom(root, 1, "/a/b", src, sizeof(src)), 1990);
	assert_string_equal(src, "cgroup /a/b memory.max");
	/* over the limit: no headroom at all */
	put("/a/b", "memory.current", "5000\n");
	assert_int_equal(cgroup_headroom(root, 1, "/a/b", src, sizeof(src)), 0);
}

static void test_v1_no_limit(void **st)
{
	char src[256] = "";

	(void)st;
	put("/v1", "memory.limit_in_bytes", "9223372036854771712\n");
	put("/v1", "memory.usage_in_bytes", "164794368\n");
	assert_int_equal(cgroup_headroom(root, 0, "/v1", src, sizeof(src)), -1);
	put("/v1", "memory.limit_in_bytes", "67108864\n");
	assert_int_equal(cgroup_headroom(root, 0, "/v1", src, sizeof(src)), 67108864 - 164794368 < 0 ? 0 : -2);
	put("/v1", "memory.usage_in_bytes", "8388608\n");
	assert_int_equal(cgroup_headroom(root, 0, "/v1", src, sizeof(src)), 67108864 - 8388608);
	assert_string_equal(src, "cgroup /v1 memory.limit_in_bytes");
}

static void test_real_system(void **st)
{
	char src[256];
	long long v;

	(void)st;
	v = mem_headroom(src, sizeof(src));
	assert_true(v > 0);
	assert_true(src[0]);
}

static void test_node_headroom(void **st)
{
	(void)st;
	put("/node1", "meminfo",
	    "Node 1 MemTotal:        6514424 kB\nNode 1 MemFree:         5714920 kB\n"
	    "Node 1 Inactive:         129836 kB\nNode 1 Inactive(anon):    20664 kB\n"
	    "Node 1 Inactive(file):   109172 kB\n");
	/* MemFree + Inactive(file); not Inactive, not Inactive(anon) */
	assert_int_equal(node_headroom(root, 1), (5714920LL + 109172LL) * 1024);
	put("/node2", "meminfo", "Node 2 MemTotal: 100 kB\n");
	assert_int_equal(node_headroom(root, 2), -1);	/* no MemFree: unknown */
	assert_int_equal(node_headroom(root, 3), -1);	/* no such node */
	assert_true(node_headroom(NODEMEM_SYSFS, 0) > 0 || access(NODEMEM_SYSFS "/node0", F_OK));
}

static int teardown(void **st)
{
	(void)st;
	return tmpdir_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_tightest_wins),
		cmocka_unit_test(test_v1_no_limit),
		cmocka_unit_test(test_real_system),
		cmocka_unit_test(test_node_headroom),
	};

	if (!mkdtemp(root))
		return 1;
	return cmocka_run_group_tests(tests, NULL, teardown);
}
