// SPDX-License-Identifier: GPL-2.0
/*
 * The images of a ptbench lava plan, in DIR/images/: each kernel as given,
 * and a ramdisk per kernel (its modules differ). The ramdisk is ptbench
 * vm's initramfs (vm/initramfs.c: ptbench for the arch with its loader and
 * libraries, the config, the arch profiles, the kernel's modules, the
 * label) with what LAVA's test shell needs instead of ptbench as /init: a
 * static busybox and an /init that gives LAVA a shell on the console. It
 * is gzip'ed (zlib): LAVA unpacks it to add its test overlay, and that
 * fails on a plain cpio.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "lava_int.h"

/*
 * The prompt is the job's boot prompt (job.c); "quiet" must not be on the
 * command line (LAVA waits for "Linux version"), so dmesg -n 1 keeps the
 * kernel's messages out of the test's output instead.
 */
static const char init_script[] =
	"#!/bin/sh\n"
	"# ptbench lava: a shell on the console for LAVA's test shell (docs/lab.md)\n"
	"/bin/busybox --install -s /bin\n"
	"export PATH=/bin:/sbin:/ptbench HOME=/ PS1='" LAVA_PROMPT " '\n"
	"mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sysfs /sys\n"
	"dmesg -n 1\n"
	"echo 'ptbench lava ramdisk: a shell for the test'\n"
	"exec setsid cttyhack sh\n";

/* ptbench vm's tree, then LAVA's /init and busybox instead of its own. */
static int lava_tree(const struct lava_args *a, struct guest *g)
{
	char path[PATH_MAX];

	if (join(path, sizeof(path), g->stage, "init") || (unlink(path) && errno != ENOENT) ||
	    write_file_atomic(path, init_script, strlen(init_script)) || chmod(path, 0755))
		return -1;
	/* not a ptbench vm guest: ptbench must not take over as PID 1 */
	if (join(path, sizeof(path), g->stage, "ptbench/vm-guest") || (unlink(path) && errno != ENOENT))
		return -1;
	if (join(path, sizeof(path), g->stage, "bin") || mkdir_p(path) ||
	    join(path, sizeof(path), g->stage, "bin/busybox") || copy_file(a->busybox, path, 0755))
		return -1;
	if (join(path, sizeof(path), g->stage, "bin/sh") || (symlink("busybox", path) && errno != EEXIST))
		return -1;
	return 0;
}

static int gzip_file(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), ret = 0;
	gzFile out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = gzopen(dst, "wb9");
	if (!out) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (gzwrite(out, buf, (unsigned int)n) != (int)n) {
			ret = -1;
			break;
		}
	if (n < 0)
		ret = -1;
	if (gzclose(out) != Z_OK)
		ret = -1;
	close(in);
	return ret;
}

/* The staged tree and its cpio list: the ramdisks hold them now. */
static int remove_stage(const struct lava_args *a, const struct guest *g)
{
	char list[PATH_MAX], *argv[] = { "rm", "-rf", "--", (char *)g->stage, list, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;

	if (join(list, sizeof(list), a->out, ".initramfs.list"))
		return -1;
	o.path_search = 1;
	o.who = "ptbench lava";
	return spawn_run(argv, &o) ? -1 : 0;
}

/* What vm/initramfs.c reads of ptbench vm's command line. */
static void as_vm(const struct lava_args *a, struct vm_args *va)
{
	int i;

	memset(va, 0, sizeof(*va));
	va->arch = a->arch;
	va->out = a->out;
	va->guest_bin = a->guest_bin;
	va->rounds = a->rounds;
	va->smp = a->smp;
	for (i = 0; i < a->nmod; i++)
		va->modules[i] = a->modules[i];
	va->nmod = a->nmod;
}

static int kernel_images(struct lava_args *a, const struct vm_args *va, const struct guest *g,
			 struct lava_kernel *k)
{
	struct vm_kernel vk = { 0 };
	char cpio[PATH_MAX];
	const char *base = strrchr(k->image, '/');

	snprintf(vk.name, sizeof(vk.name), "%s", k->name);
	snprintf(vk.stem, sizeof(vk.stem), "%s", k->stem);
	vk.image = k->image;
	if (kernel_initramfs(va, g, &vk, cpio, sizeof(cpio)))
		return -1;
	if ((size_t)snprintf(k->ramdisk_file, sizeof(k->ramdisk_file), "%s/images/%s.cpio.gz", a->out,
			     k->stem) >= sizeof(k->ramdisk_file) ||
	    (size_t)snprintf(k->kernel_file, sizeof(k->kernel_file), "%s/images/%s.%s", a->out,
			     k->stem, base ? base + 1 : k->image) >= sizeof(k->kernel_file))
		return -1;
	if (gzip_file(cpio, k->ramdisk_file)) {
		fprintf(stderr, "ptbench lava: cannot write %s\n", k->ramdisk_file);
		return -1;
	}
	unlink(cpio);
	if (copy_file(k->image, k->kernel_file, 0644)) {
		fprintf(stderr, "ptbench lava: cannot copy %s to %s: %s\n", k->image, k->kernel_file,
			strerror(errno));
		return -1;
	}
	return 0;
}

int lava_ramdisks(struct lava_args *a)
{
	struct guest g = { .aq = arch_lookup(a->arch) };
	char images[PATH_MAX];
	struct vm_args va;
	int i;

	as_vm(a, &va);
	if (!g.aq || find_guest(&va, &g) || stage_initramfs(&va, &g, a->config))
		return -1;
	if (lava_tree(a, &g)) {
		fprintf(stderr, "ptbench lava: cannot add LAVA's /init and busybox to %s: %s\n", g.stage,
			strerror(errno));
		return -1;
	}
	if (join(images, sizeof(images), a->out, "images") || mkdir_p(images))
		return -1;
	for (i = 0; i < a->nk; i++)
		if (kernel_images(a, &va, &g, &a->k[i]))
			return -1;
	return remove_stage(a, &g);
}
