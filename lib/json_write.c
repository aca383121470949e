// SPDX-License-Identifier: GPL-2.0
/*
 * Every JSON file ptbench writes (results, plans, vm.json, collect.json,
 * calibrations, the knob state) goes through here, so that none of them
 * is ever seen half written.
 */
#include <errno.h>
#include <unistd.h>

#include "file.h"
#include "json_write.h"

int json_write_atomic(const char *path, const json_t *root, size_t flags)
{
	struct atomic_file af;

	if (atomic_open(&af, path))
		return -1;
	errno = 0;
	if (json_dumpfd(root, af.fd, flags) || write(af.fd, "\n", 1) != 1) {
		if (!errno)
			errno = EIO;	/* jansson's own failure (an invalid number) */
		atomic_abort(&af);	/* keeps errno */
		return -1;
	}
	return atomic_commit(&af);
}
