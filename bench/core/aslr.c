// SPDX-License-Identifier: GPL-2.0
/*
 * A run without address-space layout randomisation: will-it-scale's
 * runner starts its tests under 'setarch -R' for the same reason. With
 * ASLR every process gets other addresses for its stack, heap, mmap base
 * and so other cache sets, page-table pages and alignment: a part of the
 * run-to-run drift that has nothing to do with the kernel under test. The
 * personality flag takes effect at exec, so ptbench sets it and executes
 * itself again, as setarch does; children of --runs inherit it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "aslr.h"

static char reason[160];

static int wants_aslr(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--aslr"))
			return 1;
	return 0;
}

void aslr_setup(int argc, char **argv)
{
	int cur = personality(0xffffffff);
	char **a;
	int i;

	if (wants_aslr(argc, argv)) {
		snprintf(reason, sizeof(reason), "on (--aslr)");
		return;
	}
	if (cur < 0) {
		snprintf(reason, sizeof(reason), "on: personality(): %s", strerror(errno));
		return;
	}
	if (cur & ADDR_NO_RANDOMIZE) {
		snprintf(reason, sizeof(reason), "off (ADDR_NO_RANDOMIZE)");
		return;
	}
	if (personality((unsigned long)cur | ADDR_NO_RANDOMIZE) < 0) {
		snprintf(reason, sizeof(reason), "on: personality(ADDR_NO_RANDOMIZE): %s", strerror(errno));
		return;
	}
	a = calloc((size_t)argc + 2, sizeof(*a));
	if (!a)
		return;
	a[0] = "ptbench";
	for (i = 0; i < argc; i++)
		a[i + 1] = argv[i];
	execv("/proc/self/exe", a);
	/* exec failed: carry on randomised, and say so */
	snprintf(reason, sizeof(reason), "on: re-executing /proc/self/exe failed: %s", strerror(errno));
	personality((unsigned long)cur);
	free(a);
}

int aslr_off(void)
{
	int cur = personality(0xffffffff);

	return cur >= 0 && (cur & ADDR_NO_RANDOMIZE);
}

const char *aslr_reason(void)
{
	if (!reason[0])
		snprintf(reason, sizeof(reason), aslr_off() ? "off (ADDR_NO_RANDOMIZE)" : "on");
	return reason;
}
