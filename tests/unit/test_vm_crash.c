// SPDX-License-Identifier: GPL-2.0
/*
 * What ptbench vm says a guest died of (vm/vm_crash.c): the first crash
 * line and the line naming where the CPU was, on consoles of each arch as
 * the kernel prints them, without printk stamps; and the kept console's
 * name and JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vm/vm_crash.h"

static void expect(const char *log, const char *want)
{
	char what[320];

	vm_crash_describe(log, what, sizeof(what));
	if (strcmp(what, want))
		fail_msg("got '%s', want '%s'", what, want);
}

static void test_describe(void **state)
{
	(void)state;
	/* x86_64 6.12 under TCG: an int3 left in patched text */
	expect("PTBENCH-GUEST-START\n[   18.720469] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI\n"
	       "[   18.720904] CPU: 1 UID: 0 PID: 0 Comm: swapper/1\n"
	       "[   18.721205] RIP: 0010:__schedule+0x3fd/0xbf0\n[   18.7] Kernel panic - not syncing: Fatal\n",
	       "Oops: int3: 0000 [#1] PREEMPT SMP NOPTI; RIP: 0010:__schedule+0x3fd/0xbf0");
	/* a NULL dereference: BUG: comes first, before its Oops: line */
	expect("[   22.932955] BUG: kernel NULL pointer dereference, address: 0000000000000038\r\n"
	       "[   22.934113] Oops: Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
	       "[   22.934113] RIP: 0010:mas_wr_store_type+0x4/0x5c0\n",
	       "BUG: kernel NULL pointer dereference, address: 0000000000000038; "
	       "RIP: 0010:mas_wr_store_type+0x4/0x5c0");
	/* arm64 */
	expect("[    5.1] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008\n"
	       "[    5.1] Internal error: Oops: 0000000096000004 [#1] SMP\n[    5.1] pc : do_thing+0x10/0x40\n",
	       "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008; "
	       "pc : do_thing+0x10/0x40");
	/* ppc64le */
	expect("[    7.2] BUG: Kernel NULL pointer dereference on read at 0x00000000\n"
	       "[    7.2] NIP:  c000000000123456 LR: c000000000123400 CTR: 0\n",
	       "BUG: Kernel NULL pointer dereference on read at 0x00000000; "
	       "NIP:  c000000000123456 LR: c000000000123400 CTR: 0");
	/* s390x */
	expect("[    3.3] Unable to handle kernel pointer dereference in virtual kernel address space\n"
	       "[    3.3] Krnl PSW : 0704c00180000000 000000000012a3b4 (do_thing+0x14/0x40)\n",
	       "Unable to handle kernel pointer dereference in virtual kernel address space; "
	       "Krnl PSW : 0704c00180000000 000000000012a3b4 (do_thing+0x14/0x40)");
	/* a panic without an oops (no init): the panic line alone */
	expect("[    1.9] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
	       "[    1.9] CPU: 0 PID: 1 Comm: swapper/0\n",
	       "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)");
	expect("all well\n", "no crash message on the console");
	/* a 16-vCPU TCG guest stuck to the deadline: an RCU stall, no panic */
	expect("[  122.776798] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	       "[  122.780765] rcu: \t0-...!: (1 GPs behind) idle=9e94/0/0x1\n",
	       "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:");
	assert_true(vm_crash_stalled("[ 1.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"));
	assert_true(vm_crash_stalled("[ 1.0] watchdog: BUG: soft lockup - CPU#8 stuck for 104s! [ptbench:182]\n"));
	assert_false(vm_crash_stalled("PTBENCH-GUEST-START\nall well\n"));
}

static void test_keep(void **state)
{
	char dir[] = "/tmp/ptb-crash-XXXXXX", path[300];
	struct vm_crash c[2];
	json_t *j;
	char *s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/new.console.log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("boot 1\n", f);
	fclose(f);
	assert_int_equal(vm_crash_keep(path, 0, "Oops: int3", &c[0]), 0);
	assert_int_not_equal(access(path, F_OK), 0);	/* moved, the next boot writes afresh */
	assert_non_null(strstr(c[0].console, "/new.crash1.console.log"));
	assert_int_equal(access(c[0].console, F_OK), 0);
	/* not a console name ptbench vm writes: refused, nothing moved */
	assert_int_equal(vm_crash_keep("/tmp/whatever.txt", 1, "x", &c[1]), -1);
	j = vm_crash_json(c, 1);
	s = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(s, "\"what\":\"Oops: int3\""));
	free(s);
	json_decref(j);
	unlink(c[0].console);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
