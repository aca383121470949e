/* SPDX-License-Identifier: GPL-2.0 */
/* A test's scratch directory, removed with everything in it (header-only). */
#ifndef PTBENCH_TEST_TMPDIR_H
#define PTBENCH_TEST_TMPDIR_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static inline int tmpdir_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove dir and all below it, without a shell. */
static inline int tmpdir_remove(const char *dir)
{
	return nftw(dir, tmpdir_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
