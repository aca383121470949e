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

/* Write text to dir/rel, a test's fixture file. 0, or -1 with errno. */
static inline int tmpdir_put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f)
		return -1;
	bad = fputs(text, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

/* dir/rel, in one of four rotating buffers: up to four in one call's arguments. */
static inline const char *tmpdir_at(const char *dir, const char *rel)
{
	static char path[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, rel);
	return path[k];
}

/* Remove dir and all below it, without a shell. */
static inline int tmpdir_remove(const char *dir)
{
	return nftw(dir, tmpdir_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
