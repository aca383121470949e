// SPDX-License-Identifier: GPL-2.0
/*
 * The arches ptbench vm and ptbench lava boot (vm/arches.c): found by
 * ptbench's name or the kernel's (uname -m), and the machine QEMU gets
 * for a CPU count (arm64 virt's GICv2 stops at 8: past it, a GICv3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vm/vm.h"

static void test_lookup(void **state)
{
	(void)state;
	assert_string_equal(arch_lookup("aarch64")->arch, "arm64");
	assert_string_equal(arch_lookup("arm64")->arch, "arm64");
	assert_string_equal(arch_lookup("ppc64le")->qemu, "qemu-system-ppc64");
	assert_null(arch_lookup("mips"));
}

static void test_machine(void **state)
{
	const struct arch_qemu *arm = arch_lookup("arm64"), *x86 = arch_lookup("x86_64");
	char buf[96];

	(void)state;
	assert_string_equal(arch_machine(arm, 2, buf, sizeof(buf)), "virt");
	assert_string_equal(arch_machine(arm, 8, buf, sizeof(buf)), "virt");
	assert_string_equal(arch_machine(arm, 9, buf, sizeof(buf)), "virt,gic-version=3");
	assert_string_equal(arch_machine(x86, 64, buf, sizeof(buf)), x86->machine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
