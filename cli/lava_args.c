// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava's command lines: the plan's (kernels, arch, config, the
 * lab's device type, tags and URLs) and collect's (logs or server jobs).
 * Everything is checked before a file is written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench/host/archprof.h"
#include "lib/util.h"
#include "cmds.h"
#include "lava/lava.h"

static struct opt opts[32];
static char url_buf[PATH_MAX + 16], busybox_buf[PATH_MAX], config_buf[PATH_MAX];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench lava --kernel NAME=IMAGE [--kernel NAME=IMAGE]... [OPTIONS]\n"
		"       ptbench lava collect [OPTIONS] LOG... | --job ID...\n\n"
		"Write a config as LAVA jobs (docs/lab.md): for each kernel, deploy it with a\n"
		"ramdisk holding ptbench for the arch (the initramfs of ptbench vm, its modules,\n"
		"busybox for LAVA's test shell), boot, and a test that runs the config and\n"
		"reports every point's headline figures as lava-test-case entries (failed checks\n"
		"and invalid points fail, skipped points skip with the reason), then sends the\n"
		"result file over the console. With two kernels or more, --boots N jobs each in\n"
		"ABBA order; --tag pins them all to one board. 'ptbench lava collect' rebuilds\n"
		"the result files from the jobs' logs and compares the kernels.\n\n");
	opt_help(f, opts);
	fprintf(f, "\nWrites in DIR: images/ (kernels, NAME.cpio.gz ramdisks), jobs/NN-NAME.yaml (submit\n"
		"with 'lavacli jobs submit', or run with 'lava-run --device DIR/device-ARCH.yaml'),\n"
		"device-ARCH.yaml (a QEMU device dictionary for lava-run), plan.json.\n"
		"Exit status: 0 written, 1 failed, 2 bad usage.\n");
}

static int kernel_cb(const struct opt *o, const char *arg)
{
	struct lava_args *a = o->value;
	const char *eq = strchr(arg, '=');
	struct lava_kernel *k;
	struct stat st;
	int i;

	if (!eq || eq == arg || !eq[1] || eq - arg > 64) {
		fprintf(stderr, "ptbench lava: --kernel wants NAME=IMAGE (a name of at most 64 bytes), got '%s'\n",
			arg);
		return -1;
	}
	if (a->nk == LAVA_MAX_KERNELS) {
		fprintf(stderr, "ptbench lava: at most %d kernels\n", LAVA_MAX_KERNELS);
		return -1;
	}
	k = &a->k[a->nk];
	snprintf(k->name, sizeof(k->name), "%.*s", (int)(eq - arg), arg);
	cli_stem(k->name, k->stem, sizeof(k->stem));
	k->image = eq + 1;
	for (i = 0; i < a->nk; i++)
		if (!strcmp(a->k[i].stem, k->stem)) {
			fprintf(stderr, "ptbench lava: kernel names '%s' and '%s' map to the same file name\n",
				a->k[i].name, k->name);
			return -1;
		}
	if (stat(k->image, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "ptbench lava: kernel image %s: %s\n", k->image,
			errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	a->nk++;
	return 0;
}

static int mem_cb(const struct opt *o, const char *arg)
{
	uint64_t mem;

	if (parse_size(arg, &mem) || mem < (128ull << 20)) {
		fprintf(stderr, "ptbench lava: --mem wants a size of at least 128M\n");
		return -1;
	}
	snprintf(o->value, 32, "%llu", (unsigned long long)(mem >> 20));
	return 0;
}

static void build_opts(struct lava_args *a)
{
	size_t n = 0;

	opts[n++] = (struct opt)OPT_CALLBACK('k', "kernel", a, kernel_cb, "NAME=IMAGE",
		"a kernel image and its run label; repeatable, up to 8;\n"
		"the first is the base of the comparison");
	opts[n++] = (struct opt)OPT_STRING('a', "arch", &a->arch, "ARCH",
		"the device's arch: x86_64, arm64, ppc64le, s390x\n(default: this host's)");
	opts[n++] = (struct opt)OPT_STRING('c', "config", &a->config, "FILE",
		"the config the jobs run (default configs/vm-smoke.json)");
	opts[n++] = (struct opt)OPT_STRING('o', "out", &a->out, "DIR", "where the plan goes (default results/lava)");
	opts[n++] = (struct opt)OPT_INTEGER('b', "boots", &a->boots, 1, 64, "N",
		"jobs (boots) per kernel, in ABBA order (default 1)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "rounds", &a->rounds, 1, 1000, "R",
		"the job's ptbench run --rounds R (default 1)");
	opts[n++] = (struct opt)OPT_STRING(0, "device-type", &a->device_type, "TYPE",
		"the lab's device type (default qemu: a QEMU device of\nthe arch, TCG)");
	opts[n++] = (struct opt)OPT_STRINGS('t', "tag", a->tags, &a->ntags, LAVA_MAX_TAGS, "TAG",
		"a device tag every job requires (repeatable): a tag\n"
		"only one board has pins A and B to that board");
	opts[n++] = (struct opt)OPT_STRING(0, "url-base", &a->url_base, "URL",
		"where the lab fetches DIR/images/ from (default\nfile://DIR/images: a dispatcher on this machine)");
	opts[n++] = (struct opt)OPT_STRING(0, "boot-method", &a->boot_method, "METHOD",
		"a board's boot method: u-boot, grub, ipxe, ... (the\n"
		"images go to TFTP; default qemu for --device-type qemu)");
	opts[n++] = (struct opt)OPT_STRING(0, "kernel-type", &a->kernel_type, "TYPE",
		"a board's kernel type for TFTP: image, zimage, uimage\n(default image)");
	opts[n++] = (struct opt)OPT_STRING(0, "dtb", &a->dtb, "URL", "a board's device tree");
	opts[n++] = (struct opt)OPT_INTEGER(0, "smp", &a->smp, 1, 1024, "N", "QEMU device: CPUs (default 2)");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "mem", a->mem, mem_cb, "SIZE", "QEMU device: memory (default 1G)");
	opts[n++] = (struct opt)OPT_STRING(0, "append", &a->append, "ARGS", "more kernel command line");
	opts[n++] = (struct opt)OPT_STRINGS(0, "modules", a->modules, &a->nmod, LAVA_MAX_KERNELS, "DIR",
		"a lib/modules/<release> tree for the ramdisk (default:\nlib/modules/<release> beside the image)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "boot-minutes", &a->boot_minutes, 1, 600, "MIN",
		"the boot action's timeout (default 5)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "test-minutes", &a->test_minutes, 1, 6000, "MIN",
		"the test action's timeout (default 60)");
	opts[n++] = (struct opt)OPT_STRING(0, "guest-bin", &a->guest_bin, "PATH",
		"ptbench built for the arch (default build/ARCH/ptbench)");
	opts[n++] = (struct opt)OPT_STRING(0, "busybox", &a->busybox, "PATH",
		"a static busybox for the arch (default: the one\nscripts/fetch-busybox.sh ARCH puts in the cache)");
	opts[n++] = (struct opt)OPT_STRING(0, "job-name", &a->job_name, "NAME", "the jobs' name (default ptbench)");
	opts[n] = (struct opt)OPT_FINISH;
}

static const char *debian_arch(const char *arch)
{
	static const char *const names[][2] = { { "x86_64", "amd64" }, { "arm64", "arm64" },
						{ "ppc64le", "ppc64el" }, { "s390x", "s390x" } };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(names[i][0], arch))
			return names[i][1];
	return arch;
}

/* The defaults that depend on the others: arch, config, busybox, the URLs. */
static int fill_defaults(struct lava_args *a)
{
	const char *cache = getenv("PTBENCH_CACHE"), *home = getenv("HOME");
	static struct utsname u;
	char real[PATH_MAX];

	if (!a->arch) {
		uname(&u);
		a->arch = u.machine;
	}
	a->arch = archprof_name(a->arch) ? archprof_name(a->arch) : a->arch;
	if (!a->config) {
		snprintf(config_buf, sizeof(config_buf), "%s/configs/vm-smoke.json", ptbench_datadir());
		a->config = config_buf;
	}
	if (access(a->config, R_OK)) {
		fprintf(stderr, "ptbench lava: config %s: %s\n", a->config, strerror(errno));
		return -1;
	}
	if (!a->busybox) {
		snprintf(busybox_buf, sizeof(busybox_buf), "%s%s/busybox/%s/busybox",
			 cache ? cache : home ? home : "", cache ? "" : "/.cache/ptbench", debian_arch(a->arch));
		a->busybox = busybox_buf;
	}
	if (access(a->busybox, X_OK)) {
		fprintf(stderr, "ptbench lava: no static busybox for %s at %s: scripts/fetch-busybox.sh %s "
			"fetches Debian's (or pass --busybox)\n", a->arch, a->busybox, a->arch);
		return -1;
	}
	if (mkdir_p(a->out) || !realpath(a->out, real)) {
		fprintf(stderr, "ptbench lava: %s: %s\n", a->out, strerror(errno));
		return -1;
	}
	if (!a->url_base) {
		snprintf(url_buf, sizeof(url_buf), "file://%s/images", real);
		a->url_base = url_buf;
	}
	return 0;
}

int lava_args_parse(int argc, char **argv, struct lava_args *a)
{
	int rc, first;

	a->out = "results/lava";
	a->device_type = "qemu";
	a->kernel_type = "image";
	a->job_name = "ptbench";
	a->boots = 1;
	a->rounds = 1;
	a->smp = 2;
	a->boot_minutes = 5;
	a->test_minutes = 60;
	snprintf(a->mem, sizeof(a->mem), "1024");
	build_opts(a);
	first = cli_options(argc, argv, opts, "lava", usage, 0, 0, &rc);
	if (first == CLI_DONE)
		return rc ? -1 : 1;
	if (!a->nk) {
		fprintf(stderr, "ptbench lava: no --kernel NAME=IMAGE\n");
		usage(stderr);
		return -1;
	}
	if (!a->boot_method)
		a->boot_method = strcmp(a->device_type, "qemu") ? NULL : "qemu";
	if (!a->boot_method) {
		fprintf(stderr, "ptbench lava: --device-type %s wants --boot-method (u-boot, grub, ...)\n",
			a->device_type);
		return -1;
	}
	return fill_defaults(a);
}
