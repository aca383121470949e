// SPDX-License-Identifier: GPL-2.0
/*
 * The scratch file O_DIRECT I/O pins user pages through, for the odirect
 * GUP trigger and the integrity workload alike: one rule for where it may
 * live and one reason text when it cannot. $PTBENCH_ODIRECT_DIR if set
 * (the user's choice or nothing), else the first of /var/tmp, /tmp and
 * "." that is not tmpfs or ramfs (they take O_DIRECT since v6.6 but copy
 * through the page cache: nothing is pinned), has twice the room, and
 * passes an O_DIRECT read; in ptbench vm's guest, its scratch disk. The
 * file holds real, synced data (a read of a hole or of fallocate()d extents
 * is zero-filled by iomap without a bio, and pins nothing) and is unlinked
 * at once: nothing is left behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "odirect_file.h"
#include "workload.h"

#define TMPFS_MAGIC_	0x01021994
#define RAMFS_MAGIC_	0x858458f6

static const char *fs_name(long type)
{
	switch ((unsigned long)type) {
	case 0xEF53: return "ext2/3/4";
	case 0x58465342: return "xfs";
	case 0x9123683E: return "btrfs";
	case 0xF2F52010: return "f2fs";
	case 0x794c7630: return "overlayfs";
	default: return "other";
	}
}

/* "vda" for the device holding the file, from sysfs; "?" if unknown. */
static void dev_name(dev_t dev, char *out, size_t len)
{
	char path[64], line[128];
	FILE *f;

	snprintf(out, len, "?");
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", major(dev), minor(dev));
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "DEVNAME=", 8)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(out, len, "%.*s", (int)len - 1, line + 8);
		}
	fclose(f);
}

static int fail_dir(char *why, size_t len, const char *dir, int err, const char *what)
{
	snprintf(why, len, "%s: %s", dir, what ? what : strerror(err));
	return -err;
}

/* size bytes of data (dlen bytes repeated), synced */
static int fill(int fd, off_t size, const void *data, size_t dlen)
{
	off_t off;

	for (off = 0; off < size; off += (off_t)dlen)
		if (pwrite(fd, data, dlen, off) != (ssize_t)dlen)
			return errno ? errno : EIO;
	return fsync(fd) ? errno : 0;
}

/* The file's O_DIRECT read works: one page, aligned. */
static int test_read(int fd, size_t page)
{
	void *buf = NULL;
	int err = 0;

	if (posix_memalign(&buf, page, page))
		return ENOMEM;
	if (pread(fd, buf, page, 0) != (ssize_t)page)
		err = errno ? errno : EIO;
	free(buf);
	return err;
}

/*
 * Fill fd with the data (unless err already says why not), switch it to
 * O_DIRECT and read a page back: fd, or -errno with why (fd closed).
 */
static int make_ready(int fd, int err, const char *name, const struct odirect_req *rq, char *why,
		      size_t len)
{
	if (!err)
		err = fill(fd, rq->size, rq->data, rq->dlen);
	if (!err && fcntl(fd, F_SETFL, O_DIRECT))
		err = errno;
	if (!err)
		err = test_read(fd, rq->page);
	if (!err)
		return fd;
	close(fd);
	return fail_dir(why, len, name, err, NULL);
}

static int try_dir(const char *dir, const struct odirect_req *rq, char *why, size_t len)
{
	char path[4096];
	struct statfs sf;
	struct statvfs sv;
	int fd;

	if (statfs(dir, &sf) || statvfs(dir, &sv))
		return fail_dir(why, len, dir, errno, NULL);
	if (sf.f_type == TMPFS_MAGIC_ || sf.f_type == RAMFS_MAGIC_)
		return fail_dir(why, len, dir, EINVAL, "tmpfs/ramfs (O_DIRECT there copies, pins nothing)");
	if ((unsigned long long)sv.f_bavail * sv.f_frsize < (unsigned long long)rq->size * 2)
		return fail_dir(why, len, dir, ENOSPC, NULL);
	snprintf(path, sizeof(path), "%s/ptbench-%s.XXXXXX", dir, rq->what);
	fd = mkstemp(path);
	if (fd < 0)
		return fail_dir(why, len, dir, errno, NULL);
	unlink(path);
	return make_ready(fd, 0, dir, rq, why, len);
}

static void describe(int fd, const char *dir, char *where, size_t wlen)
{
	struct statfs sf;
	struct stat st;
	char dn[32];

	fstat(fd, &st);
	fstatfs(fd, &sf);
	dev_name(st.st_dev, dn, sizeof(dn));
	snprintf(where, wlen, "%s (%s, device %s %u:%u)", dir, fs_name(sf.f_type), dn,
		 major(st.st_dev), minor(st.st_dev));
}

/*
 * ptbench vm's guest has only its initramfs (tmpfs) and a raw scratch disk
 * ($PTBENCH_INTEGRITY_DEV, the guest's own): O_DIRECT on the block device
 * pins through the same bio_iov_iter_get_pages() as on a file.
 */
static int try_dev(const char *dev, const struct odirect_req *rq, char *why, size_t len)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);
	off_t end;

	if (fd < 0)
		return fail_dir(why, len, dev, errno, NULL);
	end = lseek(fd, 0, SEEK_END);
	return make_ready(fd, end < rq->size ? ENOSPC : 0, dev, rq, why, len);
}

int odirect_file(const struct odirect_req *rq, char *where, size_t wlen, char *why, size_t len)
{
	const char *dev = getenv("PTBENCH_INTEGRITY_DEV");
	const char *env = getenv("PTBENCH_ODIRECT_DIR");
	const char *dirs[] = { "/var/tmp", "/tmp", "." };
	char last[WL_REASON_LEN] = "no candidate directory";
	size_t i, n = ARRAY_SIZE(dirs);
	int fd;

	if (env && *env) {
		dirs[0] = env;
		n = 1;	/* the user's choice or nothing */
	}
	for (i = 0; i < n; i++) {
		fd = try_dir(dirs[i], rq, last, sizeof(last));
		if (fd >= 0) {
			describe(fd, dirs[i], where, wlen);
			return fd;
		}
	}
	if (n > 1 && dev && *dev) {
		fd = try_dev(dev, rq, last, sizeof(last));
		if (fd >= 0) {
			snprintf(where, wlen, "block device %s (ptbench vm's scratch disk)", dev);
			return fd;
		}
	}
	snprintf(why, len, "no file system here takes O_DIRECT: %s%s", last,
		 n > 1 ? " (set PTBENCH_ODIRECT_DIR to a directory on a disk)" : "");
	return -1;
}
