// SPDX-License-Identifier: GPL-2.0
/*
 * The initramfs of a boot: ptbench for the guest's arch with its loader and
 * libraries, the config, /init, and the kernel's modules, staged as files
 * under --out and archived by cpio(1), run with an argv vector.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <string.h>

#include "bench/host/archprof.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "vm.h"
#include "vm_modules.h"

int join(char *buf, size_t len, const char *a, const char *b)
{
	if ((size_t)snprintf(buf, len, "%s/%s", a, b) >= len) {
		fprintf(stderr, "ptbench vm: path too long: %s/%s\n", a, b);
		return -1;
	}
	return 0;
}

int copy_file(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			ret = -1;
			break;
		}
	if (n < 0)
		ret = -1;
	close(in);
	if (close(out))
		ret = -1;
	return ret;
}

/* Copy the regular files and directories under src into dst (no symlinks). */
int copy_tree(const char *src, const char *dst)
{
	char s[PATH_MAX], d[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *dir;
	int ret = 0;

	if (mkdir_p(dst))
		return -1;
	dir = opendir(src);
	if (!dir)
		return -1;
	while (!ret && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		if (join(s, sizeof(s), src, e->d_name) || join(d, sizeof(d), dst, e->d_name) ||
		    stat(s, &st)) {
			ret = -1;
			break;
		}
		if (S_ISDIR(st.st_mode))
			ret = copy_tree(s, d);
		else if (S_ISREG(st.st_mode))
			ret = copy_file(s, d, st.st_mode & 0755);
	}
	closedir(dir);
	return ret;
}

static FILE *cpio_list;
static size_t cpio_skip;

static int list_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	if (strlen(path) > cpio_skip)
		fprintf(cpio_list, "%s\n", path + cpio_skip);
	return 0;
}

/*
 * Run argv with stdin/stdout redirected (-1: /dev/null), stderr to /dev/null
 * when quiet; its exit status or -1.
 */
static int run_argv(char *const argv[], const char *cwd, int in, int out, int quiet)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;

	o.in = in >= 0 ? in : SPAWN_NULL;
	o.out = out >= 0 ? out : SPAWN_NULL;
	o.err = quiet ? SPAWN_NULL : SPAWN_INHERIT;
	o.cwd = cwd;
	o.path_search = 1;
	o.who = "ptbench vm";
	return spawn_run(argv, &o);
}

/* newc cpio archive of the tree at dir, by the cpio tool (owner root). */
int make_cpio(const char *dir, const char *list, const char *archive)
{
	char *argv[] = { "cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0", NULL };
	int in, out, rc;

	cpio_list = fopen(list, "w");
	if (!cpio_list)
		return -1;
	cpio_skip = strlen(dir) + 1;
	rc = nftw(dir, list_entry, 16, FTW_PHYS);
	if (fclose(cpio_list) || rc)
		return -1;
	in = open(list, O_RDONLY | O_CLOEXEC);
	out = open(archive, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (in < 0 || out < 0) {
		if (in >= 0)
			close(in);
		if (out >= 0)
			close(out);
		return -1;
	}
	rc = run_argv(argv, dir, in, out, 0);
	close(in);
	close(out);
	if (rc) {
		fprintf(stderr, "ptbench vm: cpio failed (exit %d): is the cpio package installed?\n", rc);
		return -1;
	}
	return 0;
}

/* ---- the initramfs ---- */

int find_guest(const struct vm_args *a, struct guest *g)
{
	const char *slash;
	struct stat st;

	if (a->guest_bin)
		snprintf(g->bin, sizeof(g->bin), "%s", a->guest_bin);
	else
		snprintf(g->bin, sizeof(g->bin), "%s/build/%s/ptbench", ptbench_datadir(), g->aq->arch);
	if (access(g->bin, X_OK)) {
		fprintf(stderr, "ptbench vm: no ptbench for %s at %s: build it with 'make ARCH=%s'%s\n",
			g->aq->arch, g->bin, g->aq->arch, a->guest_bin ? "" : " (or pass --guest-bin)");
		return -1;
	}
	slash = strrchr(g->bin, '/');
	snprintf(g->root, sizeof(g->root), "%.*s/guest-root", slash ? (int)(slash - g->bin) : 1,
		 slash ? g->bin : ".");
	if (stat(g->root, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ptbench vm: no %s (loader and libraries for the guest): 'make ARCH=%s' makes it\n",
			g->root, g->aq->arch);
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	size_t n = strlen(text);
	int ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n)
		ret = -1;
	if (close(fd))
		ret = -1;
	return ret;
}

/*
 * The tree every kernel shares: /init (ptbench itself: main() runs the guest
 * side when it is PID 1 and /ptbench/vm-guest exists), the loader and
 * libraries, the config and the arch profiles.
 */
int stage_initramfs(const struct vm_args *a, struct guest *g, const char *config)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "run", "tmp", "out", "ptbench/configs/arch" };
	char path[PATH_MAX], src[PATH_MAX];
	size_t i;

	if (join(g->stage, sizeof(g->stage), a->out, ".initramfs"))
		return -1;
	/* A leftover tree from an earlier run: start clean (it is ours, inside --out). */
	if (!access(g->stage, F_OK)) {
		char *argv[] = { "rm", "-rf", "--", g->stage, NULL };

		if (run_argv(argv, NULL, -1, -1, 0))
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		if (join(path, sizeof(path), g->stage, dirs[i]) || mkdir_p(path))
			goto fail;
	if (copy_tree(g->root, g->stage))
		goto fail;
	if (join(path, sizeof(path), g->stage, "ptbench/ptbench") || copy_file(g->bin, path, 0755))
		goto fail;
	if (join(path, sizeof(path), g->stage, "init") || symlink("ptbench/ptbench", path))
		goto fail;
	if (join(path, sizeof(path), g->stage, "ptbench/config.json") || copy_file(config, path, 0644))
		goto fail;
	if (join(src, sizeof(src), ptbench_datadir(), "configs/arch") ||
	    join(path, sizeof(path), g->stage, "ptbench/configs/arch") || copy_tree(src, path))
		goto fail;
	if (join(path, sizeof(path), g->stage, "ptbench/vm-guest") ||
	    write_file(path, "ptbench vm guest: /init runs the config and powers off\n"))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "ptbench vm: cannot build the initramfs tree in %s: %s\n", g->stage, strerror(errno));
	return -1;
}

/*
 * The scratch disk's drivers for this kernel, loop and fuse for integrity's
 * hold device, and --module's, into the initramfs (vm_modules.h).
 */
static int stage_modules(const struct vm_args *a, const struct guest *g, const struct vm_kernel *k)
{
	char dest[PATH_MAX], moddir[PATH_MAX], why[512] = "";
	char *rm[] = { "rm", "-rf", "--", dest, NULL };
	const char *names[4], *extra[VM_MAX_MODULES + 3] = { "loop", "fuse" };
	int found, i;

	vm_disk_drivers(g->aq->arch, g->aq->machine, names);
	for (i = 0; i < a->nextra; i++)
		extra[2 + i] = a->extra_mods[i];
	found = !vm_modules_find(k->image, a->modules, a->nmod, moddir, sizeof(moddir), why, sizeof(why));
	/* the previous kernel's modules are not this one's */
	if (join(dest, sizeof(dest), g->stage, "ptbench/modules") ||
	    (!access(dest, F_OK) && run_argv(rm, NULL, -1, -1, 0)))
		return -1;
	if (vm_modules_stage(found ? moddir : NULL, names, extra, dest, why)) {
		fprintf(stderr, "ptbench vm: cannot stage the modules for %s in %s\n", k->name, dest);
		return -1;
	}
	return 0;
}

int kernel_initramfs(const struct vm_args *a, const struct guest *g, const struct vm_kernel *k,
		     char *archive, size_t len)
{
	char path[PATH_MAX], list[PATH_MAX], rounds[16], smp[16];

	snprintf(rounds, sizeof(rounds), "%d", a->rounds);
	snprintf(smp, sizeof(smp), "%d", a->smp);
	if (join(path, sizeof(path), g->stage, "ptbench/label") || write_file(path, k->name) ||
	    join(path, sizeof(path), g->stage, "ptbench/rounds") || write_file(path, rounds) ||
	    join(path, sizeof(path), g->stage, "ptbench/smp") || write_file(path, smp))
		return -1;
	if (stage_modules(a, g, k))
		return -1;
	if (join(list, sizeof(list), a->out, ".initramfs.list"))
		return -1;
	if ((size_t)snprintf(archive, len, "%s/.initramfs-%s.cpio", a->out, k->stem) >= len)
		return -1;
	return make_cpio(g->stage, list, archive);
}
