// SPDX-License-Identifier: GPL-2.0
/* Reading a whole file, writing one by rename (file.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

/* Double *buf up to max + 1 bytes: 0, or EFBIG past max, ENOMEM. */
static int grow(char **buf, size_t *cap, size_t max)
{
	size_t ncap = *cap * 2 > max + 1 ? max + 1 : *cap * 2;
	char *nb;

	if (*cap >= max + 1)
		return EFBIG;
	nb = realloc(*buf, ncap);
	if (!nb)
		return ENOMEM;
	*buf = nb;
	*cap = ncap;
	return 0;
}

/* Read to EOF so that the writer is not left blocked on a full pipe. */
static void drain(int fd)
{
	char sink[4096];
	ssize_t n;

	do {
		n = read(fd, sink, sizeof(sink));
	} while (n > 0 || (n < 0 && errno == EINTR));
}

int read_fd(int fd, size_t max, char **out, size_t *outlen)
{
	size_t len = 0, cap = max + 1 < 4096 ? max + 1 : 4096;
	char *buf = malloc(cap);
	int err = 0;

	if (!buf)
		return -1;
	for (;;) {
		ssize_t n;

		if (len + 1 == cap) {
			err = grow(&buf, &cap, max);
			if (err)
				break;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (err) {
		if (err == EFBIG)
			drain(fd);
		free(buf);
		errno = err;
		return -1;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

int read_file(const char *path, size_t max, char **out, size_t *outlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret, err;

	if (fd < 0)
		return -1;
	ret = read_fd(fd, max, out, outlen);
	err = errno;
	close(fd);
	errno = err;
	return ret;
}

static int open_tmp(const char *tmp)
{
	return open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
}

int atomic_open(struct atomic_file *af, const char *path)
{
	af->path = path;
	snprintf(af->tmp, sizeof(af->tmp), "%s.tmp.%d", path, (int)getpid());
	af->fd = open_tmp(af->tmp);
	/*
	 * A temporary with our own pid in its name is no live writer's: it was
	 * left by a writer that died before a reboot (or long ago), and its pid
	 * is ours now. After a kernel that died mid-write, early-boot pids come
	 * round again: a ptbench ab step would fail on every later boot of that
	 * kernel. It goes, and the open is tried once more.
	 */
	if (af->fd < 0 && errno == EEXIST && !unlink(af->tmp))
		af->fd = open_tmp(af->tmp);
	return af->fd < 0 ? -1 : 0;
}

void atomic_abort(struct atomic_file *af)
{
	int err = errno;

	if (af->fd >= 0)
		close(af->fd);
	af->fd = -1;
	unlink(af->tmp);
	errno = err;
}

int atomic_commit(struct atomic_file *af)
{
	char dir[PATH_MAX];
	int dfd;

	if (fsync(af->fd)) {
		atomic_abort(af);
		return -1;
	}
	if (close(af->fd)) {
		af->fd = -1;
		atomic_abort(af);
		return -1;
	}
	af->fd = -1;
	if (rename(af->tmp, af->path)) {
		atomic_abort(af);
		return -1;
	}
	/* The rename itself durable too: the directory's entry. */
	snprintf(dir, sizeof(dir), "%s", af->path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	struct atomic_file af;

	if (atomic_open(&af, path))
		return -1;
	errno = 0;
	if (write(af.fd, buf, len) != (ssize_t)len) {
		if (errno == 0)
			errno = EIO;
		atomic_abort(&af);
		return -1;
	}
	return atomic_commit(&af);
}
