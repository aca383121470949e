// SPDX-License-Identifier: GPL-2.0
/*
 * integrity's hold device (bench/host/holddev*.c): a read of it returns the
 * content it was given, after the hold and not before, through one
 * O_DIRECT read of the loop device; closing it leaves no mount and no
 * loop device; the sweep finds the mounts of runs that are gone and only
 * those. The live part needs root, FUSE and loop, and skips without them.
 * This binary is its own hold server, as ptbench is (main below).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/host/holddev.h"
#include "lib/util.h"
#include "tmpdir.h"

static int mounted_holds(void)
{
	char line[4096];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, " " HOLD_DEV_NAME " ") != NULL;
	fclose(f);
	return n;
}

static void test_read_after_hold(void **state)
{
	const uint64_t hold = 20 * 1000 * 1000;
	size_t len = 1 << 20, io = 64 << 10, i;
	unsigned char *data = malloc(len), *buf = aligned_alloc(4096, io);
	struct hold_stats hs;
	struct hold_dev *d;
	char why[512] = "";
	uint64_t t0, t1;

	(void)state;
	assert_non_null(data);
	assert_non_null(buf);
	for (i = 0; i < len; i++)
		data[i] = (unsigned char)(i * 7 + (i >> 12));
	d = hold_dev_open(data, len, hold, why, sizeof(why));
	if (!d) {
		free(data);
		free(buf);
		/* the reasons a machine may give, and nothing else */
		if (strstr(why, "not root") || strstr(why, "no /dev/fuse") || strstr(why, "loop"))
			skip();
		fail_msg("hold_dev_open: %s", why);
	}
	assert_int_equal(mounted_holds(), 1);
	memset(buf, 0xa5, io);
	t0 = now_ns();
	assert_int_equal(pread(hold_dev_fd(d), buf, io, 3 * io), (ssize_t)io);
	t1 = now_ns();
	assert_memory_equal(buf, data + 3 * io, io);
	assert_true(t1 - t0 >= hold);
	hold_dev_stats(d, &hs);
	/* one O_DIRECT read of the loop device is one read of the server's */
	assert_int_equal(hs.reads, 1);
	assert_true(hs.min_ns >= hold && hs.max_ns >= hs.min_ns);
	assert_true(hs.held_ns >= hold);
	assert_non_null(strstr(hold_dev_path(d), "/dev/loop"));
	hold_dev_close(d);
	assert_int_equal(mounted_holds(), 0);
	free(data);
	free(buf);
}

/* The sweep's choice: hold.<pid> of a gone pid, of type fuse and source ptbench-hold only. */
static void test_stale(void **state)
{
	char dir[] = "/tmp/ptbench-holddev.XXXXXX", text[2048];
	struct hold_stale st[4];
	pid_t gone = fork();

	(void)state;
	if (!gone)
		_exit(0);
	waitpid(gone, NULL, 0);
	assert_non_null(mkdtemp(dir));
	snprintf(text, sizeof(text),
		 "45 26 0:39 / /run/ptbench/hold.%d rw,relatime - fuse.ptbench-hold ptbench-hold rw\n"
		 "46 26 0:40 / /run/ptbench/hold.%d rw,relatime - fuse.ptbench-hold ptbench-hold rw\n"
		 "47 26 0:41 / /run/my\\040dir/hold.%d rw,relatime shared:4 - fuse ptbench-hold rw\n"
		 "48 26 0:42 / /mnt/hold.%d rw,relatime - fuse.sshfs host:/ rw\n"
		 "49 26 0:43 / /mnt/other rw,relatime - fuse.ptbench-hold ptbench-hold rw\n",
		 (int)gone, (int)getpid(), (int)gone, (int)gone);
	assert_int_equal(tmpdir_put(dir, "mountinfo", text), 0);
	assert_int_equal(hold_dev_stale(tmpdir_at(dir, "mountinfo"), st, 4), 2);
	assert_non_null(strstr(st[0].mnt, "/run/ptbench/hold."));
	assert_int_equal(st[0].maj, 0);
	assert_int_equal(st[0].min, 39);
	/* the escaped space is a space, the plain "fuse" type of a kernel without subtypes is taken */
	assert_non_null(strstr(st[1].mnt, "/run/my dir/hold."));
	assert_int_equal(st[1].min, 41);
	assert_int_equal(hold_dev_stale(tmpdir_at(dir, "none"), st, 4), 0);
	tmpdir_remove(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_read_after_hold),
	};

	/* hold_dev_open() runs /proc/self/exe as the server: here, this binary */
	if (argc > 1 && !strcmp(argv[1], HOLD_DEV_SERVER))
		return hold_dev_serve(argc - 1, argv + 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
