// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel modules for a "ptbench vm" guest (see vm_modules.h): found and
 * ordered on the host from modules.dep, loaded in the guest with
 * finit_module().
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/util.h"
#include "vm_modules.h"

#define MOD_MAX		32
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE	4
#endif

static char *slurp(const char *path, size_t max)
{
	size_t n;
	char *buf;

	return read_file(path, max, &buf, &n) ? NULL : buf;
}

int vm_image_release(const char *image, char *rel, size_t len)
{
	static const char tag[] = "Linux version ";
	const char *base = strrchr(image, '/') ? strrchr(image, '/') + 1 : image;
	const char *dash = strchr(base, '-');
	char buf[1 << 16];
	size_t keep = 0, n;
	FILE *f;

	if (dash && !strncmp(base, "vmlinu", 6) && dash[1]) {
		snprintf(rel, len, "%s", dash + 1);
		return 0;
	}
	/* an uncompressed image: the banner holds the release */
	f = fopen(image, "rb");
	if (!f)
		return -1;
	while ((n = fread(buf + keep, 1, sizeof(buf) - 1 - keep, f)) > 0) {
		char *p;

		n += keep;
		buf[n] = '\0';
		for (p = memmem(buf, n, tag, sizeof(tag) - 1); p; p = memmem(p + 1, n - (size_t)(p + 1 - buf), tag, sizeof(tag) - 1)) {
			size_t i = 0, at = (size_t)(p - buf) + sizeof(tag) - 1;

			while (at + i < n && i + 1 < len && buf[at + i] > ' ' && buf[at + i] < 127)
				i++;
			/* the banner's release is followed by " (" */
			if (i && at + i + 1 < n && buf[at + i] == ' ' && buf[at + i + 1] == '(' &&
			    buf[at] >= '0' && buf[at] <= '9') {
				memcpy(rel, buf + at, i);
				rel[i] = '\0';
				fclose(f);
				return 0;
			}
		}
		keep = n > 256 ? 256 : n;
		memmove(buf, buf + n - keep, keep);
	}
	fclose(f);
	return -1;
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int vm_modules_find(const char *image, const char *const *dirs, int ndirs, char *out, size_t len,
		    char *why, size_t wlen)
{
	char rel[128] = "", dir[PATH_MAX];
	const char *slash = strrchr(image, '/');
	int i, have = !vm_image_release(image, rel, sizeof(rel));

	for (i = 0; i < ndirs; i++) {
		const char *b = strrchr(dirs[i], '/') ? strrchr(dirs[i], '/') + 1 : dirs[i];

		if ((have && !strcmp(b, rel)) || (!have && ndirs == 1)) {
			snprintf(out, len, "%s", dirs[i]);
			return 0;
		}
	}
	if (!have) {
		snprintf(why, wlen, "the release of %s cannot be told (name it vmlinuz-<release> or pass "
			 "--modules)", image);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - image) : 1, slash ? image : ".");
	snprintf(out, len, "%s/lib/modules/%s", dir, rel);
	if (is_dir(out))
		return 0;
	snprintf(out, len, "%s/../lib/modules/%s", dir, rel);
	if (is_dir(out))
		return 0;
	snprintf(why, wlen, "no lib/modules/%s beside %s (scripts/fetch-kernel.sh extracts it; or "
		 "--modules DIR)", rel, image);
	return -1;
}

/* "kernel/drivers/block/virtio_blk.ko.xz" is module virtio_blk ('-' and '_' alike). */
static int path_is(const char *path, size_t plen, const char *name)
{
	const char *b = path + plen;
	size_t i;

	while (b > path && b[-1] != '/')
		b--;
	for (i = 0; name[i]; i++) {
		char c = b + i < path + plen ? b[i] : '\0';

		if (c != name[i] && !((c == '-' || c == '_') && (name[i] == '-' || name[i] == '_')))
			return 0;
	}
	return b + i < path + plen && !strncmp(b + i, ".ko", 3);
}

/* The modules.dep line of a module name (by_path: of a path). NULL if none. */
static const char *dep_line(const char *dep, const char *key, int by_path)
{
	const char *l;

	for (l = dep; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		const char *colon = strchr(l, ':'), *nl = strchr(l, '\n');

		if (!colon || (nl && colon > nl))
			continue;
		if (by_path ? ((size_t)(colon - l) == strlen(key) && !strncmp(l, key, strlen(key)))
			    : path_is(l, (size_t)(colon - l), key))
			return l;
	}
	return NULL;
}

struct order {
	char path[MOD_MAX][256];
	int n;
};

/* Dependencies first, each once: a topological order whatever modules.dep's list order. */
static int add_ordered(const char *dep, const char *line, struct order *o, int depth)
{
	const char *colon = strchr(line, ':'), *p = colon + 1;
	char path[256];
	int i;

	if (depth > MOD_MAX || (size_t)(colon - line) >= sizeof(path))
		return -1;
	snprintf(path, sizeof(path), "%.*s", (int)(colon - line), line);
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->path[i], path))
			return 0;
	while (*p && *p != '\n') {
		char d[256];
		size_t n;
		const char *dl;

		p += strspn(p, " \t");
		n = strcspn(p, " \t\n");
		if (!n)
			break;
		snprintf(d, sizeof(d), "%.*s", (int)n, p);
		p += n;
		dl = dep_line(dep, d, 1);
		if (!dl || add_ordered(dep, dl, o, depth + 1))
			return -1;
	}
	if (o->n == MOD_MAX)
		return -1;
	snprintf(o->path[o->n++], sizeof(o->path[0]), "%s", path);
	return 0;
}

static int copy_to(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;
	int ret = 0;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			ret = -1;
	if (n < 0 || close(out))
		ret = -1;
	close(in);
	return ret;
}

static int builtin(const char *moddir, const char *name)
{
	char path[PATH_MAX], *b;
	const char *l;
	int yes = 0;

	snprintf(path, sizeof(path), "%s/modules.builtin", moddir);
	b = slurp(path, 1 << 20);
	for (l = b; l && *l && !yes; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
		yes = path_is(l, strcspn(l, "\n"), name);
	free(b);
	return yes;
}

/*
 * Resolve names[] into o; what is missing goes into why, unless optional
 * (the guest's own probe then says what is not there: no /dev/fuse, ...).
 */
static void resolve(const char *moddir, const char *dep, const char *const *names, int optional,
		    struct order *o, char *why, size_t len)
{
	int i;

	for (i = 0; names && names[i]; i++) {
		const char *l = dep_line(dep, names[i], 0);

		if (l) {
			if (add_ordered(dep, l, o, 0) && !optional)
				snprintf(why, len, "the dependencies of %s in %s/modules.dep cannot be resolved",
					 names[i], moddir);
		} else if (!optional && !builtin(moddir, names[i]) && !why[0]) {
			snprintf(why, len, "%s is neither built into the kernel nor in %s/modules.dep",
				 names[i], moddir);
		}
	}
}

int vm_modules_stage(const char *moddir, const char *const *names, const char *const *extra,
		     const char *dest, const char *nodir_why)
{
	char path[PATH_MAX], src[PATH_MAX], why[512] = "";
	struct order o = { .n = 0 };
	char *dep = NULL;
	FILE *list;
	int i, ret = 0;

	if (mkdir_p(dest))
		return -1;
	if (moddir) {
		snprintf(path, sizeof(path), "%s/modules.dep", moddir);
		dep = slurp(path, 16 << 20);
		if (!dep)
			snprintf(why, sizeof(why), "no %.400s (run depmod -b on the tree)", path);
		else {
			resolve(moddir, dep, names, 0, &o, why, sizeof(why));
			resolve(moddir, dep, extra, 1, &o, why, sizeof(why));
		}
	}
	snprintf(path, sizeof(path), "%s/load.list", dest);
	list = fopen(path, "w");
	if (!list)
		return -1;
	for (i = 0; i < o.n; i++) {
		const char *b = strrchr(o.path[i], '/') ? strrchr(o.path[i], '/') + 1 : o.path[i];

		snprintf(src, sizeof(src), "%s/%s", moddir, o.path[i]);
		snprintf(path, sizeof(path), "%s/%s", dest, b);
		if (copy_to(src, path)) {
			snprintf(why, sizeof(why), "cannot copy %.400s: %s", src, strerror(errno));
			break;
		}
		fprintf(list, "%s\n", b);
	}
	if (fclose(list))
		ret = -1;
	free(dep);
	snprintf(path, sizeof(path), "%s/missing", dest);
	unlink(path);
	if (!moddir && nodir_why && !why[0])
		snprintf(why, sizeof(why), "%s", nodir_why);
	if (why[0]) {
		FILE *f = fopen(path, "w");

		if (!f || fputs(why, f) == EOF)
			ret = -1;
		if (f && fclose(f))
			ret = -1;
	}
	return ret;
}

/*
 * What modprobe does: "name.param=value" words of the kernel command line
 * become the module's "param=value" (the kernel applies them itself only to
 * built-in code). QEMU's microvm puts virtio_mmio.device=... there.
 */
static void cmdline_params(const char *file, char *out, size_t len)
{
	char cmd[4096], name[64], *w, *save = NULL;
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; file[i] && file[i] != '.' && i + 1 < sizeof(name); i++)
		name[i] = file[i] == '-' ? '_' : file[i];
	name[i] = '\0';
	if (read_str("/proc/cmdline", cmd, sizeof(cmd)))
		return;
	for (w = strtok_r(cmd, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		size_t k = strlen(name);

		if (strncmp(w, name, k) || w[k] != '.' || n + strlen(w + k + 1) + 2 > len)
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", w + k + 1);
	}
}

static int load_one(const char *path, char *why, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char params[1024];
	long rc;

	if (fd < 0) {
		snprintf(why, len, "open %.200s: %s", path, strerror(errno));
		return -1;
	}
	cmdline_params(file, params, sizeof(params));
	rc = syscall(SYS_finit_module, fd, params, 0);
	/* .ko.xz and friends: the kernel decompresses them if it can (CONFIG_MODULE_DECOMPRESS) */
	if (rc && errno != EEXIST && strstr(path, ".ko."))
		rc = syscall(SYS_finit_module, fd, params, MODULE_INIT_COMPRESSED_FILE);
	if (rc && errno != EEXIST)
		snprintf(why, len, "finit_module %.200s: %s", path, strerror(errno));
	close(fd);
	return rc && errno != EEXIST ? -1 : 0;
}

int vm_modules_load(const char *dir, char *why, size_t len)
{
	char path[PATH_MAX], line[256];
	FILE *list;
	int ret = 0;

	why[0] = '\0';
	snprintf(path, sizeof(path), "%s/missing", dir);
	if (!read_str(path, why, len) && why[0])
		ret = -1;
	snprintf(path, sizeof(path), "%s/load.list", dir);
	list = fopen(path, "r");
	if (!list)
		return ret;
	while (fgets(line, sizeof(line), list)) {
		char w[256];

		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, line);
		if (load_one(path, w, sizeof(w))) {
			if (!ret)
				snprintf(why, len, "%s", w);
			ret = -1;
		} else {
			printf("ptbench-guest: loaded %s\n", line);
		}
	}
	fclose(list);
	return ret;
}
