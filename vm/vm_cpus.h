/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Did a "ptbench vm" guest bring up every vCPU QEMU gave it, and if not,
 * why (vm_cpus.c). A kernel built without ACPI and the MP table on x86's pc
 * machine sees one CPU of two, and nothing said so: the 2-worker points ran
 * on one CPU. The guest now says so on the console (VM_CPUS_LINE), the run
 * plans for all of them and skips the points that need the missing ones
 * with the reason (PTBENCH_EXPECT_CPUS, bench/host/placement.h), and the
 * host repeats the line.
 */
#ifndef PTBENCH_VM_CPUS_H
#define PTBENCH_VM_CPUS_H

#include <stddef.h>

/* The console line: "ptbench-guest: cpus: 1 of 2 came up; likely: ..." */
#define VM_CPUS_LINE	"ptbench-guest: cpus: "

/* What the guest knows about itself, for the reason. */
struct vm_cpus_facts {
	const char *arch;		/* uname machine */
	const char *cmdline;		/* /proc/cmdline */
	int want, possible, online;
	/* CONFIG_<name>'s value ("y", "4096") or NULL; NULL fn: config not readable */
	const char *(*kconfig)(const char *name);
};

/* The likely reason fewer than want came up, into why. */
void vm_cpus_reason(const struct vm_cpus_facts *f, char *why, size_t len);

/*
 * Guest: compare the online CPUs with want (the host's --smp, from a file);
 * when fewer came up, print the console line and fill the run's
 * environment entries (two "NAME=value" strings of envlen each). 1 when
 * some are missing, else 0.
 */
int vm_cpus_check(int want, char env[2][320], size_t envlen);

/* Host: the guest's line in a console log, without its prefix, or NULL. */
const char *vm_cpus_seen(const char *log, char *out, size_t len);

#endif
