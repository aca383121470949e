/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole files: read one into memory, and write one so that a reader (or a
 * crash) sees the old file or the new one, never half of it.
 */
#ifndef PTBENCH_FILE_H
#define PTBENCH_FILE_H

#include <limits.h>
#include <stddef.h>

/*
 * Read fd to its end: 0 with a NUL-terminated buffer in *out (caller frees)
 * and its length, or -1 with errno (EFBIG past max bytes; the rest is read
 * and dropped, so that a writer on a pipe is not left blocked).
 */
int read_fd(int fd, size_t max, char **out, size_t *outlen);
/* read_fd() of the file at path. */
int read_file(const char *path, size_t max, char **out, size_t *outlen);

/*
 * A file written next to its final path (path.tmp.<pid>) and renamed onto it
 * when complete: atomic_open(), write to af->fd, then atomic_commit() (fsync,
 * rename, fsync of the directory) or atomic_abort(). -1 with errno. A stale
 * path.tmp.<pid> of our own pid (its writer died, the pid came round again)
 * is replaced.
 */
struct atomic_file {
	int fd;
	const char *path;
	char tmp[PATH_MAX + 32];
};

int atomic_open(struct atomic_file *af, const char *path);
int atomic_commit(struct atomic_file *af);
void atomic_abort(struct atomic_file *af);
/* The three at once, for a buffer. */
int write_file_atomic(const char *path, const void *buf, size_t len);

#endif
