// SPDX-License-Identifier: GPL-2.0
/*
 * odirect trigger: O_DIRECT pread() of the range from a scratch file
 * (write=1: the device writes the pages, a FOLL_WRITE pin) or pwrite() of it
 * (write=0: a read-only pin). The block layer pins the user pages as it
 * builds bios: fs/iomap/direct-io.c -> bio_iov_iter_get_pages() ->
 * iov_iter_extract_pages() -> pin_user_pages_fast() (FOLL_PIN since about v6.3;
 * get_user_pages_fast via iov_iter_get_pages2 before), at most BIO_MAX_VECS
 * (256) pages per bio. The I/O is part of the figure: compare ns_per_call
 * at pages_per_call=1 (the tiny transfer) with larger calls. Calibration:
 * the same pread at end of file (write=1) or a zero-length pwrite
 * (write=0): the file system entry without I/O or pin.
 *
 * The file lives in $PTBENCH_ODIRECT_DIR, else /var/tmp, /tmp or the
 * current directory: the first that is not tmpfs/ramfs and accepts
 * O_DIRECT. It is unlinked at once, so nothing is left behind.
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

#include "gup.h"

#define TMPFS_MAGIC_	0x01021994
#define RAMFS_MAGIC_	0x858458f6

struct odirect {
	int fd;
	off_t size;
};

static int od_check(const struct gup_cfg *c, char *why, size_t len)
{
	(void)c;
	(void)why;
	(void)len;
	return 0;
}

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

/*
 * Write real data and sync: a read of a hole or of fallocate()d (unwritten)
 * extents is zero-filled by iomap without a bio, and pins nothing.
 */
static int fill(int fd, off_t size, char *page, size_t ps)
{
	off_t off;

	memset(page, 0x5a, ps);
	for (off = 0; off < size; off += (off_t)ps)
		if (pwrite(fd, page, ps, off) != (ssize_t)ps)
			return errno ? errno : EIO;
	return fsync(fd) ? errno : 0;
}

/* A scratch file of size bytes in dir that takes O_DIRECT; fd or -errno with why. */
static int try_dir(const char *dir, off_t size, size_t ps, char *why, size_t len)
{
	char path[4096];
	struct statfs sf;
	struct statvfs sv;
	char *page = NULL;
	int fd, err;

	if (statfs(dir, &sf) || statvfs(dir, &sv))
		return fail_dir(why, len, dir, errno, NULL);
	if (sf.f_type == TMPFS_MAGIC_ || sf.f_type == RAMFS_MAGIC_)
		return fail_dir(why, len, dir, EINVAL, "tmpfs/ramfs (O_DIRECT there copies, pins nothing)");
	if ((unsigned long long)sv.f_bavail * sv.f_frsize < (unsigned long long)size * 2)
		return fail_dir(why, len, dir, ENOSPC, NULL);
	snprintf(path, sizeof(path), "%s/ptbench-odirect.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		return fail_dir(why, len, dir, errno, NULL);
	unlink(path);
	err = posix_memalign((void **)&page, ps, ps) ? ENOMEM : 0;
	if (!err)
		err = fill(fd, size, page, ps);
	if (!err && fcntl(fd, F_SETFL, O_DIRECT))
		err = errno;
	if (!err && pread(fd, page, ps, 0) != (ssize_t)ps)
		err = errno ? errno : EIO;
	free(page);
	if (err) {
		close(fd);
		return fail_dir(why, len, dir, err, NULL);
	}
	return fd;
}

static int od_setup(struct gup_point *gp, const struct gup_cfg *c, char *why, size_t len)
{
	const char *env = getenv("PTBENCH_ODIRECT_DIR");
	const char *dirs[] = { env, "/var/tmp", "/tmp", "." };
	struct odirect *od = calloc(1, sizeof(*od));
	char last[WL_REASON_LEN] = "no candidate directory", dn[32];
	struct statfs sf;
	struct stat st;
	size_t i;

	if (!od)
		return set_why(why, len, "out of memory");
	gp->tpriv = od;
	od->fd = -1;
	od->size = (off_t)(c->call_bytes * c->nthreads);
	for (i = env ? 0 : 1; i < ARRAY_SIZE(dirs) && od->fd < 0; i++) {
		int fd = try_dir(dirs[i], od->size, c->page_size, last, sizeof(last));

		if (fd >= 0) {
			od->fd = fd;
			break;
		}
		if (env)	/* the user's choice or nothing */
			break;
	}
	if (od->fd < 0) {
		snprintf(why, len, "no file system here takes O_DIRECT: %s", last);
		return WL_SKIP;
	}
	fstat(od->fd, &st);
	fstatfs(od->fd, &sf);
	dev_name(st.st_dev, dn, sizeof(dn));
	gup_note(gp, "odirect: scratch file in %s (%s, device %s %u:%u), %lld bytes; I/O included",
		 dirs[i], fs_name(sf.f_type), dn, major(st.st_dev), minor(st.st_dev), (long long)od->size);
	return 0;
}

static void od_teardown(struct gup_point *gp)
{
	struct odirect *od = gp->tpriv;

	if (!od)
		return;
	if (od->fd >= 0)
		close(od->fd);
	free(od);
	gp->tpriv = NULL;
}

static int od_call(struct gup_worker *w, struct gup_res *r)
{
	const struct odirect *od = w->gp->tpriv;
	off_t off = (off_t)(w->id * w->cfg->call_bytes);
	ssize_t n;

	if (w->cfg->write)
		n = pread(od->fd, w->addr, w->cfg->call_bytes, off);
	else
		n = pwrite(od->fd, w->addr, w->cfg->call_bytes, off);
	if (n < 0)
		return -errno;
	r->pages = (size_t)n / w->cfg->page_size;
	return 0;
}

static int od_calib(struct gup_worker *w)
{
	const struct odirect *od = w->gp->tpriv;
	ssize_t n;

	if (w->cfg->write)
		n = pread(od->fd, w->addr, w->cfg->call_bytes, od->size);
	else
		n = pwrite(od->fd, w->addr, 0, 0);
	if (n != 0)
		return n < 0 ? -errno : -EPROTO;
	return 0;
}

const struct gup_trigger gup_trig_odirect = {
	.name = "odirect",
	.check = od_check,
	.setup = od_setup,
	.teardown = od_teardown,
	.call = od_call,
	.calib = od_calib,
};
