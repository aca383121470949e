// SPDX-License-Identifier: GPL-2.0
/*
 * Why a guest brought up fewer vCPUs than QEMU gave it (vm/vm_cpus.c):
 * each likely reason on a hand-made guest, and the console line the host
 * reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vm/vm_cpus.h"

/* A tinyconfig-like kernel: SMP, no ACPI, no MP table. */
static const char *tiny(const char *name)
{
	if (!strcmp(name, "SMP"))
		return "y";
	if (!strcmp(name, "NR_CPUS"))
		return "8";
	return NULL;
}

static const char *mpparse(const char *name)
{
	return !strcmp(name, "X86_MPPARSE") ? "y" : tiny(name);
}

static const char *up(const char *name)
{
	(void)name;
	return NULL;
}

static const char *two(const char *name)
{
	if (!strcmp(name, "SMP") || !strcmp(name, "ACPI") || !strcmp(name, "ARM_PSCI_FW"))
		return "y";
	return !strcmp(name, "NR_CPUS") ? "2" : NULL;
}

static void assert_reason(const struct vm_cpus_facts *f, const char *part)
{
	char why[256];

	vm_cpus_reason(f, why, sizeof(why));
	if (!strstr(why, part))
		fail_msg("reason \"%s\" lacks \"%s\"", why, part);
}

static void test_reasons(void **state)
{
	struct vm_cpus_facts f = { .arch = "x86_64", .cmdline = "console=ttyS0 quiet", .want = 2,
				   .possible = 1, .online = 1, .kconfig = tiny };

	(void)state;
	assert_reason(&f, "CONFIG_ACPI is not set");
	f.cmdline = "console=ttyS0 maxcpus=1 quiet";
	assert_reason(&f, "maxcpus=1");
	f.cmdline = "nosmp";
	assert_reason(&f, "nosmp");
	/* maxcpus= at or above what was given is not the reason */
	f.cmdline = "maxcpus=4 nr_cpus=2";
	assert_reason(&f, "CONFIG_ACPI is not set");
	f.kconfig = mpparse;
	assert_reason(&f, "its MP table lists only the boot CPU");
	f.cmdline = "";
	f.kconfig = up;
	assert_reason(&f, "CONFIG_SMP is not set");
	f.kconfig = two;
	f.want = 4;
	assert_reason(&f, "CONFIG_NR_CPUS=2");
	f.want = 2;
	f.arch = "aarch64";
	f.kconfig = tiny;
	assert_reason(&f, "CONFIG_ARM_PSCI_FW");
	f.kconfig = NULL;
	assert_reason(&f, "kernel config not readable");
	f.kconfig = two;
	f.possible = 2;
	assert_reason(&f, "2 CPUs possible but 1 online");
}

static void test_seen(void **state)
{
	char out[128];
	const char *log = "boot\nptbench-guest: cpus: 1 of 2 came up; likely: x\r\nmore\n";

	(void)state;
	assert_non_null(vm_cpus_seen(log, out, sizeof(out)));
	assert_string_equal(out, "1 of 2 came up; likely: x");
	assert_null(vm_cpus_seen("nothing here", out, sizeof(out)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
