/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest kernel that died under TCG: what the console says it died of,
 * and its console kept aside, so that ptbench vm can boot it once more
 * (QEMU 7.2's TCG kills x86_64 guests now and then with an int3 in text a
 * static key was just patched in, or a NULL dereference in code that never
 * fails on hardware) without hiding that it happened.
 */
#ifndef PTBENCH_VM_CRASH_H
#define PTBENCH_VM_CRASH_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#define VM_CRASH_MAX	3

struct vm_crash {
	char what[320];		/* "Oops: int3: 0000 [#1] ...; RIP: 0010:__schedule+0x3fd/0xbf0" */
	char console[PATH_MAX];	/* where that boot's console now is */
};

/* The first line that says how the kernel died, and the PC/RIP line after it. */
void vm_crash_describe(const char *log, char *what, size_t len);
/*
 * The console shows the guest stuck (an RCU stall or a soft lockup): with
 * a deadline passed and no result, the boot is a crash like a panic.
 */
int vm_crash_stalled(const char *log);
/* Move console to STEM.crashN.console.log beside it (N = n + 1); c keeps what and where. */
int vm_crash_keep(const char *console, int n, const char *what, struct vm_crash *c);
json_t *vm_crash_json(const struct vm_crash *c, int n);

#endif
