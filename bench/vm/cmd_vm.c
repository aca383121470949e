// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench vm: boot kernels under QEMU with an initramfs holding ptbench (for
 * the guest's arch, with its loader and libraries), a config and an /init,
 * get each result file back over the serial console (vmframe.h), and compare.
 *
 * Nothing here goes through a shell: cpio and QEMU are executed with argv
 * vectors, kernel names and paths reach the guest as file contents, and
 * every file written is under --out. Each boot has a deadline after which
 * QEMU is killed, so nothing hangs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis/load.h"
#include "bench/cli/cmds.h"
#include "bench/host/archprof.h"
#include "bench/lib/file.h"
#include "bench/lib/spawn.h"
#include "bench/lib/util.h"
#include "vm_crash.h"
#include "vm_disk.h"
#include "vm_modules.h"
#include "vmframe.h"

#define VM_MAX_KERNELS	8
#define TAIL_LINES	25
#define KVM_PROBE_SECS	60
#define KVM_GET_API_VERSION	0xAE00	/* _IO(KVMIO, 0x00) */

struct vm_kernel {
	char name[72];		/* as given: the run label in the guest */
	const char *image;
	char stem[72];		/* file-name-safe form of name */
	/* outcome */
	const char *status;	/* "ok", "timeout", "panic", "no-result", ... */
	char why[512];
	double seconds;
	char result[PATH_MAX];
	char console[PATH_MAX];
	int guest_exit;
	const char *ended;	/* how QEMU ended: "power-off", "guest-exit", "timeout", ... */
	char died_of[320];	/* a panic's first crash lines (vm_crash_describe) */
	struct vm_crash crash[VM_CRASH_MAX];	/* TCG boots that died before this one */
	int ncrash;
};

struct vm_args {
	struct vm_kernel k[VM_MAX_KERNELS];
	int nk;
	const char *arch;
	const char *config;
	const char *out;
	const char *guest_bin;
	const char *qemu;
	const char *append;
	const char *accel;
	char mem[32];
	int smp;
	int numa;		/* --numa N: guest NUMA nodes (0: none) */
	int timeout;
	int no_compare;
	const char *modules[VM_MAX_KERNELS];	/* --modules: lib/modules/<release> trees */
	int nmod;
	unsigned int disk_iops;			/* --disk-iops: the scratch disk's throttle */
	int tcg_retries;			/* --tcg-retries: boots after a panic under TCG */
};

struct arch_qemu {
	const char *arch;
	const char *qemu;
	const char *machine;
	const char *cpu;	/* under TCG; KVM uses "host" */
	const char *console;
	const char *triplet;
};

/*
 * The command lines of shared/recipes/README.md that boot Debian's kernels.
 * x86_64: the PC machine, which boots an ELF vmlinux (PVH entry) or a
 * bzImage, and has PCI for the scratch disk: microvm's virtio-mmio disk is
 * found through ACPI (that boot hung at TSC calibration under TCG here) or
 * through virtio_mmio.device= with acpi=off, which Debian's kernels ignore
 * (CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES is not set).
 */
static const struct arch_qemu arches[] = {
	{ "x86_64", "qemu-system-x86_64", "pc", NULL, "ttyS0", "x86_64-linux-gnu" },
	{ "arm64", "qemu-system-aarch64", "virt", "max,pauth-impdef=on", "ttyAMA0", "aarch64-linux-gnu" },
	{ "ppc64le", "qemu-system-ppc64", "pseries,x-vof=on", "power9", "hvc0", "powerpc64le-linux-gnu" },
	{ "s390x", "qemu-system-s390x", "s390-ccw-virtio", "max", "ttysclp0", "s390x-linux-gnu" },
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: ptbench vm --kernel NAME=IMAGE [--kernel NAME=IMAGE]... [OPTIONS]\n\n"
"Boot each kernel image under QEMU with an initramfs holding ptbench for the\n"
"guest's arch, run a config there, bring the result file back over the serial\n"
"console, and compare the results (first kernel = base) when this build has\n"
"'ptbench compare'.\n\n"
"  -k, --kernel NAME=IMAGE  a kernel image (vmlinux/vmlinuz/Image) and its run label;\n"
"                           repeatable, up to %d\n"
"  -a, --arch ARCH          guest arch: x86_64, arm64, ppc64le, s390x (default: this host's)\n"
"  -c, --config FILE        suite config run in the guest (default configs/vm-smoke.json)\n"
"  -o, --out DIR            where everything is written (default results/vm)\n"
"      --smp N              guest CPUs (default 2)\n"
"      --mem SIZE           guest memory (default 1G)\n"
"      --numa N             N guest NUMA nodes, CPUs and memory split evenly (QEMU -numa)\n"
"  -t, --timeout SEC        per boot, from QEMU start to power-off (default 600)\n"
"      --accel MODE         auto (KVM when a probe boot works, else TCG), kvm, tcg\n"
"      --guest-bin PATH     ptbench built for the guest (default build/ARCH/ptbench,\n"
"                           from 'make ARCH=ARCH'); its loader and libraries are\n"
"                           taken from guest-root/ beside it\n"
"      --qemu PATH          QEMU binary (default qemu-system-<arch> on PATH)\n"
"      --append ARGS        extra kernel command line\n"
"      --modules DIR        a lib/modules/<release> tree: the guest loads its disk\n"
"                           drivers from it (repeatable, one per release; default:\n"
"                           lib/modules/<release> beside the image)\n"
"      --disk-iops N        throttle the scratch disk to N requests/s (default %d;\n"
"                           0: none): reads stay in flight long enough for the\n"
"                           integrity races under TCG\n"
"      --tcg-retries N      under TCG, boot a kernel that panicked again, up to N\n"
"                           times (default 1, at most %d; never under KVM): QEMU's\n"
"                           TCG crashes x86_64 guests now and then; each crash is\n"
"                           kept (NAME.crashK.console.log) and listed in vm.json\n"
"      --no-compare         only collect the result files\n"
"  -h, --help\n\n"
"Each guest gets a scratch virtio-blk disk (a sparse raw image in DIR, cache=none)\n"
"that the integrity family reads with O_DIRECT.\n\n"
"Writes in DIR: NAME.json (result), NAME.console.log (the whole console),\n"
"vm.json (per kernel: status, accel, seconds, QEMU command), compare.txt.\n"
"Under TCG (software emulation) times are not performance figures: use a VM\n"
"run to check that a kernel boots and the suite works, not to measure it.\n\n"
"Exit status: 0 every kernel gave a result, 1 some did not (the reason and the\n"
"tail of its console are printed), 2 bad usage, 130 interrupted.\n",
		VM_MAX_KERNELS, VM_DISK_IOPS, VM_CRASH_MAX);
}

static const struct arch_qemu *arch_lookup(const char *name)
{
	const char *prof = archprof_name(name);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(arches[i].arch, prof ? prof : name))
			return &arches[i];
	return NULL;
}

/* A file-name-safe stem: keep [A-Za-z0-9._-], replace the rest, no leading dot. */
static void make_stem(const char *name, char *stem, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && i);

		stem[i] = ok ? c : '_';
	}
	stem[i] = '\0';
}

static int add_kernel(struct vm_args *a, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct vm_kernel *k;
	struct stat st;
	int i;

	if (!eq || eq == arg || !eq[1]) {
		fprintf(stderr, "ptbench vm: --kernel wants NAME=IMAGE, got '%s'\n", arg);
		return -1;
	}
	if (a->nk == VM_MAX_KERNELS) {
		fprintf(stderr, "ptbench vm: at most %d kernels\n", VM_MAX_KERNELS);
		return -1;
	}
	k = &a->k[a->nk];
	k->image = eq + 1;
	if (eq - arg > 64) {
		fprintf(stderr, "ptbench vm: kernel name longer than 64 bytes\n");
		return -1;
	}
	memcpy(k->name, arg, (size_t)(eq - arg));
	k->name[eq - arg] = '\0';
	make_stem(k->name, k->stem, sizeof(k->stem));
	for (i = 0; i < a->nk; i++)
		if (!strcmp(a->k[i].stem, k->stem)) {
			fprintf(stderr, "ptbench vm: kernel names '%s' and '%s' map to the same file name '%s'\n",
				a->k[i].name, k->name, k->stem);
			return -1;
		}
	if (stat(k->image, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "ptbench vm: kernel image %s: %s\n", k->image,
			errno ? strerror(errno) : "not a regular file");
		return -1;
	}
	a->nk++;
	return 0;
}

static int parse_args(int argc, char **argv, struct vm_args *a)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "arch", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "smp", required_argument, NULL, 1 },
		{ "mem", required_argument, NULL, 2 },
		{ "accel", required_argument, NULL, 3 },
		{ "guest-bin", required_argument, NULL, 4 },
		{ "qemu", required_argument, NULL, 5 },
		{ "append", required_argument, NULL, 6 },
		{ "no-compare", no_argument, NULL, 7 },
		{ "modules", required_argument, NULL, 8 },
		{ "disk-iops", required_argument, NULL, 9 },
		{ "numa", required_argument, NULL, 10 },
		{ "tcg-retries", required_argument, NULL, 11 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	uint64_t mem;
	int c;

	a->smp = 2;
	a->timeout = 600;
	a->disk_iops = VM_DISK_IOPS;
	a->tcg_retries = 1;
	a->accel = "auto";
	a->out = "results/vm";
	snprintf(a->mem, sizeof(a->mem), "1G");
	while ((c = getopt_long(argc, argv, "k:a:c:o:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (add_kernel(a, optarg))
				return -1;
			break;
		case 'a': a->arch = optarg; break;
		case 'c': a->config = optarg; break;
		case 'o': a->out = optarg; break;
		case 't':
			if (parse_ull(optarg, &v) || v < 1 || v > 86400) {
				fprintf(stderr, "ptbench vm: --timeout wants 1..86400 seconds\n");
				return -1;
			}
			a->timeout = (int)v;
			break;
		case 1:
			if (parse_ull(optarg, &v) || v < 1 || v > 1024) {
				fprintf(stderr, "ptbench vm: --smp wants 1..1024\n");
				return -1;
			}
			a->smp = (int)v;
			break;
		case 2:
			if (parse_size(optarg, &mem) || mem < (128ull << 20)) {
				fprintf(stderr, "ptbench vm: --mem wants a size of at least 128M\n");
				return -1;
			}
			snprintf(a->mem, sizeof(a->mem), "%lluM", (unsigned long long)(mem >> 20));
			break;
		case 3:
			if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") && strcmp(optarg, "tcg")) {
				fprintf(stderr, "ptbench vm: --accel is auto, kvm or tcg\n");
				return -1;
			}
			a->accel = optarg;
			break;
		case 4: a->guest_bin = optarg; break;
		case 5: a->qemu = optarg; break;
		case 6: a->append = optarg; break;
		case 10:
			if (parse_ull(optarg, &v) || v < 1 || v > 8) {
				fprintf(stderr, "ptbench vm: --numa wants 1..8 nodes\n");
				return -1;
			}
			a->numa = (int)v;
			break;
		case 7: a->no_compare = 1; break;
		case 8:
			if (a->nmod == VM_MAX_KERNELS) {
				fprintf(stderr, "ptbench vm: at most %d --modules\n", VM_MAX_KERNELS);
				return -1;
			}
			a->modules[a->nmod++] = optarg;
			break;
		case 9:
			if (parse_ull(optarg, &v) || v > 1000000) {
				fprintf(stderr, "ptbench vm: --disk-iops wants 0 (no throttle)..1000000\n");
				return -1;
			}
			a->disk_iops = (unsigned int)v;
			break;
		case 11:
			if (parse_ull(optarg, &v) || v > VM_CRASH_MAX) {
				fprintf(stderr, "ptbench vm: --tcg-retries wants 0..%d\n", VM_CRASH_MAX);
				return -1;
			}
			a->tcg_retries = (int)v;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ptbench vm: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!a->nk) {
		fprintf(stderr, "ptbench vm: no --kernel NAME=IMAGE\n");
		usage(stderr);
		return -1;
	}
	return 0;
}

/* ---- files ---- */

static int join(char *buf, size_t len, const char *a, const char *b)
{
	if ((size_t)snprintf(buf, len, "%s/%s", a, b) >= len) {
		fprintf(stderr, "ptbench vm: path too long: %s/%s\n", a, b);
		return -1;
	}
	return 0;
}

static int copy_file(const char *src, const char *dst, mode_t mode)
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
static int copy_tree(const char *src, const char *dst)
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
static int make_cpio(const char *dir, const char *list, const char *archive)
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

struct guest {
	const struct arch_qemu *aq;
	char bin[PATH_MAX];
	char root[PATH_MAX];	/* guest-root: loader + libraries */
	char stage[PATH_MAX];
};

static int find_guest(const struct vm_args *a, struct guest *g)
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
static int stage_initramfs(const struct vm_args *a, struct guest *g, const char *config)
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

/* The scratch disk's drivers for this kernel, into the initramfs (vm_modules.h). */
static int stage_modules(const struct vm_args *a, const struct guest *g, const struct vm_kernel *k)
{
	char dest[PATH_MAX], moddir[PATH_MAX], why[512] = "";
	char *rm[] = { "rm", "-rf", "--", dest, NULL };
	const char *names[4];
	int found;

	vm_disk_drivers(g->aq->arch, g->aq->machine, names);
	found = !vm_modules_find(k->image, a->modules, a->nmod, moddir, sizeof(moddir), why, sizeof(why));
	/* the previous kernel's modules are not this one's */
	if (join(dest, sizeof(dest), g->stage, "ptbench/modules") ||
	    (!access(dest, F_OK) && run_argv(rm, NULL, -1, -1, 0)))
		return -1;
	if (vm_modules_stage(found ? moddir : NULL, names, dest, why)) {
		fprintf(stderr, "ptbench vm: cannot stage the modules for %s in %s\n", k->name, dest);
		return -1;
	}
	return 0;
}

static int kernel_initramfs(const struct vm_args *a, const struct guest *g, const struct vm_kernel *k,
			    char *archive, size_t len)
{
	char path[PATH_MAX], list[PATH_MAX];

	if (join(path, sizeof(path), g->stage, "ptbench/label") || write_file(path, k->name))
		return -1;
	if (stage_modules(a, g, k))
		return -1;
	if (join(list, sizeof(list), a->out, ".initramfs.list"))
		return -1;
	if ((size_t)snprintf(archive, len, "%s/.initramfs-%s.cpio", a->out, k->stem) >= len)
		return -1;
	return make_cpio(g->stage, list, archive);
}

/* ---- QEMU ---- */

struct boot {
	char *argv[96];
	int argc;
	char cmdline[1024];
	char smp[16];
	char disk_path[PATH_MAX];
	struct vm_disk disk;
	char numa[16][80];
};

static void add(struct boot *b, const char *s)
{
	if (b->argc < (int)ARRAY_SIZE(b->argv) - 1)
		b->argv[b->argc++] = (char *)s;
	b->argv[b->argc] = NULL;
}

/* The scratch disk, made afresh for every boot; a boot without it still runs. */
static void attach_disk(const struct vm_args *a, const struct arch_qemu *aq, const char *machine,
			struct boot *b)
{
	if (join(b->disk_path, sizeof(b->disk_path), a->out, ".scratch-disk.img") ||
	    vm_disk_prepare(b->disk_path, aq->arch, machine, a->disk_iops, &b->disk)) {
		fprintf(stderr, "ptbench vm: no scratch disk (%s): integrity will skip\n", strerror(errno));
		return;
	}
	if (!b->disk.direct)
		fprintf(stderr, "ptbench vm: %s has no O_DIRECT: the scratch disk is cache=writethrough\n",
			b->disk_path);
	add(b, "-drive");
	add(b, b->disk.drive);
	add(b, "-device");
	add(b, b->disk.device);
}

/* --numa N: N nodes, the CPUs and the memory split evenly (the last takes the rest). */
static void add_numa(const struct vm_args *a, struct boot *b)
{
	uint64_t mem = 0, per_mem;
	int i, per, lo;

	/* fewer CPUs than nodes: no NUMA (a node without CPUs would be memory-only) */
	if (a->numa < 2 || a->numa > a->smp || parse_size(a->mem, &mem))
		return;
	per = a->smp / a->numa;
	per_mem = (mem >> 20) / (uint64_t)a->numa;
	for (i = 0; i < a->numa; i++) {
		lo = i * per;
		snprintf(b->numa[2 * i], sizeof(b->numa[0]), "memory-backend-ram,id=m%d,size=%lluM", i,
			 (unsigned long long)(i < a->numa - 1 ? per_mem : (mem >> 20) - per_mem * (uint64_t)i));
		snprintf(b->numa[2 * i + 1], sizeof(b->numa[0]), "node,nodeid=%d,cpus=%d-%d,memdev=m%d",
			 i, lo, i < a->numa - 1 ? lo + per - 1 : a->smp - 1, i);
		add(b, "-object");
		add(b, b->numa[2 * i]);
		add(b, "-numa");
		add(b, b->numa[2 * i + 1]);
	}
}

/* Set for a second boot of a silent guest: without "quiet", its console says where it stops. */
static int boot_loud;

static void qemu_argv(const struct vm_args *a, const struct arch_qemu *aq, int kvm, const char *image,
		      const char *initrd, const char *extra, struct boot *b)
{
	const char *machine = aq->machine;

	b->argc = 0;
	add(b, a->qemu ? a->qemu : aq->qemu);
	add(b, "-accel");
	add(b, kvm ? "kvm" : "tcg");
	add(b, "-M");
	add(b, machine);
	if (kvm) {
		add(b, "-cpu");
		add(b, "host");
	} else if (aq->cpu) {
		add(b, "-cpu");
		add(b, aq->cpu);
	}
	snprintf(b->smp, sizeof(b->smp), "%d", a->smp);
	add(b, "-smp");
	add(b, b->smp);
	add(b, "-m");
	add(b, a->mem);
	add_numa(a, b);
	add(b, "-nodefaults");
	add(b, "-no-user-config");
	add(b, "-display");
	add(b, "none");
	add(b, "-serial");
	add(b, "stdio");
	add(b, "-no-reboot");
	add(b, "-kernel");
	add(b, image);
	add(b, "-initrd");
	add(b, initrd);
	attach_disk(a, aq, machine, b);
	/*
	 * x86 under TCG: the clocksource watchdog marks the TSC unstable at
	 * run time, and the static keys that flips are patched while the other
	 * vCPU runs that code: 6.12 guests died of "Oops: int3" in
	 * __schedule/finish_task_switch (2 boots in 6 here). Unstable from boot.
	 */
	/* oops=panic: a guest that oopsed would hang to the deadline holding a lock */
	snprintf(b->cmdline, sizeof(b->cmdline), "console=%s panic=-1 oops=panic%s%s%s%s%s%s",
		 aq->console, !strcmp(aq->arch, "x86_64") ? " tsc=unstable" : "",
		 boot_loud ? "" : " quiet", extra ? " " : "", extra ? extra : "",
		 a->append ? " " : "", a->append ? a->append : "");
	add(b, "-append");
	add(b, b->cmdline);
}

/* Start argv with stdout+stderr into log; kill it at the deadline. */
/*
 * A guest that has printed nothing after this long never started (seen
 * once in about a dozen TCG boots of the x86_64 microvm here: an empty
 * console until the deadline). run_qemu() stops it early so that it can be
 * booted once more.
 */
#define VM_SILENT_SEC	60

static int console_empty(const char *log)
{
	struct stat st;

	return !stat(log, &st) && st.st_size == 0;
}

/*
 * A guest whose kernel cannot power off (no ACPI: "reboot: Power off not
 * available: System halted instead") keeps QEMU running after its exit
 * line. Once that line is on the console, QEMU gets this long to stop by
 * itself before it is stopped, instead of running to the deadline.
 */
#define VM_GRACE_SEC	5

/* Reads the console log as it grows, looking for the guest's exit line. */
struct console_watch {
	int fd;
	size_t ntail;
	char buf[65536 + 64];
};

static int console_has_exit(struct console_watch *w)
{
	const size_t keep = sizeof(VMF_EXIT) + 16;
	ssize_t r;

	while ((r = read(w->fd, w->buf + w->ntail, sizeof(w->buf) - w->ntail - 1)) > 0) {
		size_t n = w->ntail + (size_t)r;
		char *m;

		w->buf[n] = '\0';
		m = memmem(w->buf, n, VMF_EXIT, strlen(VMF_EXIT));
		if (m && memchr(m, '\n', n - (size_t)(m - w->buf)))
			return 1;
		/* keep a partial marker line for the next read */
		w->ntail = n < keep ? n : keep;
		memmove(w->buf, w->buf + n - w->ntail, w->ntail);
	}
	return 0;
}

struct qemu_end {
	int timed_out;		/* the deadline passed */
	int silent;		/* nothing on the console for VM_SILENT_SEC */
	const char *ended;	/* power-off, guest-exit, timeout, silent, interrupted */
	double secs;
};

/* Should QEMU be stopped now, and why (NULL: not yet)? */
static const char *qemu_stop_reason(struct console_watch *w, uint64_t start, uint64_t now,
				    uint64_t deadline, int timeout, const char *log,
				    uint64_t *exit_seen)
{
	if (interrupted)
		return "interrupted";
	if (now >= deadline)
		return "timeout";
	if (timeout > VM_SILENT_SEC && now - start > VM_SILENT_SEC * 1000000000ull &&
	    console_empty(log))
		return "silent";
	if (!*exit_seen && w->fd >= 0 && console_has_exit(w))
		*exit_seen = now;
	if (*exit_seen && now - *exit_seen > VM_GRACE_SEC * 1000000000ull)
		return "guest-exit";
	return NULL;
}

static int run_qemu(struct boot *b, const char *log, int timeout, struct qemu_end *e)
{
	int status = 0, fd, null;
	uint64_t start = now_ns(), deadline = start + (uint64_t)timeout * 1000000000ull;
	uint64_t killed = 0, exit_seen = 0;
	static struct console_watch w;
	struct spawn_opts o = SPAWN_OPTS_INIT;
	pid_t pid;

	memset(e, 0, sizeof(*e));
	e->ended = "power-off";
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || null < 0) {
		fprintf(stderr, "ptbench vm: %s: %s\n", log, strerror(errno));
		return -1;
	}
	o.in = null;
	o.out = fd;
	o.err = fd;
	/* Its own process group, so a terminal's ^C reaches us, and we stop it. */
	o.own_pgrp = 1;
	o.path_search = 1;
	o.who = "ptbench vm";
	pid = spawn_start(b->argv, &o);
	close(fd);
	close(null);
	if (pid < 0)
		return -1;
	w.ntail = 0;
	w.fd = open(log, O_RDONLY | O_CLOEXEC);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		uint64_t now = now_ns();
		const char *why;

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			break;
		if (!killed && (why = qemu_stop_reason(&w, start, now, deadline, timeout, log,
						       &exit_seen))) {
			e->ended = why;
			e->timed_out = !strcmp(why, "timeout");
			e->silent = !strcmp(why, "silent");
			kill(pid, SIGTERM);
			killed = now;
		} else if (killed && now - killed > 3000000000ull) {
			kill(pid, SIGKILL);
		}
		usleep(20000);
	}
	if (w.fd >= 0)
		close(w.fd);
	e->secs = (double)(now_ns() - start) / 1e9;
	return spawn_code(status);
}

/* A console log: what a boot printed, however long (a hung guest's is not). */
#define LOG_MAX		((size_t)1 << 30)

static char *read_all(const char *path, size_t *len)
{
	char *buf;

	return read_file(path, LOG_MAX, &buf, len) ? NULL : buf;
}

static void print_tail(const char *log, size_t len)
{
	const char *p = log + len;
	int lines = 0;

	while (p > log && lines <= TAIL_LINES)
		if (*--p == '\n')
			lines++;
	if (*p == '\n')
		p++;
	fprintf(stderr, "---- last %d lines of the console ----\n", TAIL_LINES);
	for (; p < log + len; p++)
		if (*p != '\r')
			fputc((*p >= 32 || *p == '\n' || *p == '\t') ? *p : '?', stderr);
	if (len && log[len - 1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "----\n");
}

/*
 * KVM only when the guest is the host's arch, /dev/kvm answers, and a probe
 * boot of the first kernel under KVM reaches /init: some /dev/kvm (nested or
 * restricted) cannot boot a stock kernel, so its presence proves nothing.
 */
static int probe_kvm(const struct vm_args *a, const struct arch_qemu *aq, const char *initrd,
		     char *why, size_t len)
{
	struct utsname u;
	char log[PATH_MAX], *text;
	struct boot b;
	struct qemu_end e;
	int fd, ver, rc, ok;
	size_t n = 0;

	if (!strcmp(a->accel, "tcg"))
		return set_why(why, len, "tcg asked for (--accel tcg)"), 0;
	uname(&u);
	if (!archprof_name(u.machine) || strcmp(archprof_name(u.machine), aq->arch))
		return set_why(why, len, "guest arch %s differs from the host's (%s)", aq->arch, u.machine), 0;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return set_why(why, len, "/dev/kvm: %s", strerror(errno)), 0;
	ver = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (ver != 12)
		return set_why(why, len, "/dev/kvm answers API version %d, not 12", ver), 0;
	if (join(log, sizeof(log), a->out, "kvm-probe.console.log"))
		return 0;
	qemu_argv(a, aq, 1, a->k[0].image, initrd, "ptbench_probe=1", &b);
	rc = run_qemu(&b, log, KVM_PROBE_SECS, &e);
	text = read_all(log, &n);
	ok = text && strstr(text, VMF_START);
	if (ok)
		set_why(why, len, "a probe boot under KVM reached /init in %.1f s", e.secs);
	else if (e.timed_out)
		set_why(why, len, "a probe boot under KVM did not reach /init in %d s (see %s)",
			KVM_PROBE_SECS, log);
	else
		set_why(why, len, "a probe boot under KVM failed (QEMU exit %d, see %s)", rc, log);
	free(text);
	return ok;
}

/* ---- results ---- */


/* Classify the boot from the console and take the result file out of it. */
static void collect(const struct vm_args *a, struct vm_kernel *k, int rc, int timed_out)
{
	struct vmf_file files[4];
	const char *exitl;
	char *log, err[1024];
	size_t len = 0;
	int n, i;

	log = read_all(k->console, &len);
	if (!log) {
		k->status = "error";
		set_why(k->why, sizeof(k->why), "cannot read %s", k->console);
		return;
	}
	n = vmf_parse(log, len, files, (int)ARRAY_SIZE(files));
	exitl = strstr(log, VMF_EXIT);
	k->guest_exit = exitl ? atoi(exitl + strlen(VMF_EXIT)) : -1;
	for (i = 0; i < n && !files[i].ok; i++)
		;
	if (i < n) {
		struct result *r;

		join(k->result, sizeof(k->result), a->out, k->stem);
		strncat(k->result, ".json", sizeof(k->result) - strlen(k->result) - 1);
		if (write_file_atomic(k->result, files[i].data, files[i].len)) {
			k->status = "error";
			set_why(k->why, sizeof(k->why), "cannot write %s: %s", k->result, strerror(errno));
		} else if (!(r = result_load(k->result, err, sizeof(err)))) {
			k->status = "bad-result";
			set_why(k->why, sizeof(k->why), "the result does not load: %s", err);
		} else {
			result_free(r);
			k->status = "ok";
		}
	} else if (n) {
		k->status = "bad-result";
		set_why(k->why, sizeof(k->why), "the result came back damaged: %s", files[0].why);
	} else if (strstr(log, "Kernel panic")) {
		k->status = "panic";
		set_why(k->why, sizeof(k->why), "the kernel panicked%s",
			strstr(log, VMF_START) ? " after /init started" : " before /init ran");
		vm_crash_describe(log, k->died_of, sizeof(k->died_of));
	} else if (timed_out) {
		k->status = "timeout";
		set_why(k->why, sizeof(k->why), "no result within %d s: QEMU killed", a->timeout);
	} else if (interrupted) {
		k->status = "interrupted";
		set_why(k->why, sizeof(k->why), "interrupted");
	} else if (rc == 127) {
		k->status = "qemu-error";
		set_why(k->why, sizeof(k->why), "QEMU could not be started");
	} else if (!strstr(log, VMF_START)) {
		k->status = "no-boot";
		set_why(k->why, sizeof(k->why), "the guest never reached /init (QEMU exit %d)", rc);
	} else {
		k->status = "no-result";
		set_why(k->why, sizeof(k->why), "the guest sent no result file (ptbench exit %d, QEMU exit %d)",
			k->guest_exit, rc);
	}
	if (strcmp(k->status, "ok")) {
		fprintf(stderr, "ptbench vm: %s: %s (console: %s)\n", k->name, k->why, k->console);
		print_tail(log, len);
	}
	vmf_free(files, n);
	free(log);
}

/*
 * One boot of kernel k and the collection of what it sent; a guest silent
 * for VM_SILENT_SEC is booted again without "quiet", up to 3 times.
 */
static void boot_kernel(const struct vm_args *a, const struct arch_qemu *aq, int kvm, struct vm_kernel *k,
			const char *initrd, struct boot *b)
{
	struct qemu_end e;
	int rc, attempt;

	qemu_argv(a, aq, kvm, k->image, initrd, NULL, b);
	fprintf(stderr, "ptbench vm: booting %s (%s)\n", k->name, k->image);
	rc = run_qemu(b, k->console, a->timeout, &e);
	for (attempt = 2; e.silent && !interrupted && attempt <= 3; attempt++) {
		fprintf(stderr, "ptbench vm: %s: no console output in %d s: boot %d of 3, "
			"without \"quiet\"\n", k->name, VM_SILENT_SEC, attempt);
		boot_loud = 1;
		qemu_argv(a, aq, kvm, k->image, initrd, NULL, b);
		rc = run_qemu(b, k->console, a->timeout, &e);
		boot_loud = 0;
	}
	k->seconds = e.secs;
	k->ended = e.ended;
	collect(a, k, rc, e.timed_out || e.silent);
}

static json_t *argv_json(const struct boot *b)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < b->argc; i++)
		json_array_append_new(arr, json_string(b->argv[i]));
	return arr;
}

static int write_summary(const struct vm_args *a, const char *arch, int kvm, const char *accel_why,
			 json_t *cmds)
{
	json_t *root = json_object(), *ks = json_array();
	char path[PATH_MAX], *text;
	int i, ret;

	json_object_set_new(root, "arch", json_string(arch));
	json_object_set_new(root, "accel", json_string(kvm ? "kvm" : "tcg"));
	json_object_set_new(root, "accel_reason", json_string(accel_why));
	json_object_set_new(root, "note", json_string(kvm ? "KVM" :
		"TCG is software emulation: its times are not performance figures"));
	for (i = 0; i < a->nk; i++) {
		const struct vm_kernel *k = &a->k[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(k->name));
		json_object_set_new(o, "image", json_string(k->image));
		json_object_set_new(o, "status", json_string(k->status));
		json_object_set_new(o, "reason", json_string(k->why));
		json_object_set_new(o, "seconds", json_real(k->seconds));
		json_object_set_new(o, "guest_exit", json_integer(k->guest_exit));
		if (k->ended)
			json_object_set_new(o, "ended", json_string(k->ended));
		json_object_set_new(o, "result", k->result[0] ? json_string(k->result) : json_null());
		json_object_set_new(o, "console", json_string(k->console));
		json_object_set_new(o, "crashes", vm_crash_json(k->crash, k->ncrash));
		json_object_set_new(o, "qemu", json_incref(json_array_get(cmds, (size_t)i)));
		json_array_append_new(ks, o);
	}
	json_object_set_new(root, "kernels", ks);
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!text || join(path, sizeof(path), a->out, "vm.json"))
		return -1;
	ret = write_file_atomic(path, text, strlen(text));
	free(text);
	return ret;
}

/* "<self> report --out OUT/report RESULT...": tables, plots, report.md, index.html. */
static int vm_report(const struct vm_args *a, char *self, char **results, int nres)
{
	char dir[PATH_MAX], *argv[VM_MAX_KERNELS + 5];
	int i, n = 0, rc;

	if (join(dir, sizeof(dir), a->out, "report"))
		return -1;
	argv[n++] = self;
	argv[n++] = "report";
	argv[n++] = "--out";
	argv[n++] = dir;
	for (i = 0; i < nres; i++)
		argv[n++] = results[i];
	argv[n] = NULL;
	rc = run_argv(argv, NULL, -1, -1, 1);
	if (rc) {
		fprintf(stderr, "ptbench vm: ptbench report failed (exit %d)\n", rc);
		return -1;
	}
	printf("ptbench vm: report in %s/index.html\n", dir);
	return 0;
}

/*
 * Compare the first kernel's result with each other one by running
 * "<self> compare BASE NEW" when this build has that command (the analysis
 * part adds it); otherwise say so and how to do it later. stdout goes to
 * OUT/compare.txt and is shown.
 */
static int vm_compare(const struct vm_args *a)
{
	char self[PATH_MAX], path[PATH_MAX];
	char *probe[] = { self, "compare", "--help", NULL };
	char *argv[VM_MAX_KERNELS + 3];
	int i, n = 0, fd, rc;
	ssize_t len;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return -1;
	self[len] = '\0';
	argv[n++] = self;
	argv[n++] = "compare";
	for (i = 0; i < a->nk; i++)
		if (!strcmp(a->k[i].status, "ok"))
			argv[n++] = (char *)a->k[i].result;
	argv[n] = NULL;
	if (n < 4)
		return 0;
	if (run_argv(probe, NULL, -1, -1, 1) != 0) {
		printf("ptbench vm: this build has no 'compare' command; compare later with: ptbench compare");
		for (i = 2; i < n; i++)
			printf(" %s", argv[i]);
		printf("\n");
		return 0;
	}
	if (join(path, sizeof(path), a->out, "compare.txt"))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	rc = run_argv(argv, NULL, -1, fd, 0);
	close(fd);
	if (rc) {
		fprintf(stderr, "ptbench vm: ptbench compare failed (exit %d)\n", rc);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char buf[4096];

		fflush(stdout);
		while ((len = read(fd, buf, sizeof(buf))) > 0)
			if (write(1, buf, (size_t)len) != len)
				break;
		close(fd);
	}
	return vm_report(a, self, argv + 2, n - 2);
}

static int check_config(const char *path, char *buf, size_t len)
{
	json_error_t jerr;
	json_t *j;

	if (path)
		snprintf(buf, len, "%s", path);
	else
		snprintf(buf, len, "%s/configs/vm-smoke.json", ptbench_datadir());
	j = json_load_file(buf, 0, &jerr);
	if (!j) {
		fprintf(stderr, "ptbench vm: config %s: line %d: %s\n", buf, jerr.line, jerr.text);
		return -1;
	}
	json_decref(j);
	return 0;
}

int cmd_vm(int argc, char **argv)
{
	struct vm_args a = { 0 };
	const struct arch_qemu *aq;
	char config[PATH_MAX], initrd[PATH_MAX], accel_why[512];
	struct guest g = { 0 };
	struct boot b;
	struct utsname u;
	struct sigaction sa = { .sa_handler = on_signal };
	json_t *cmds;
	int i, kvm, failed = 0;

	if (parse_args(argc, argv, &a))
		return EXIT_USAGE;
	uname(&u);
	aq = arch_lookup(a.arch ? a.arch : u.machine);
	if (!aq) {
		fprintf(stderr, "ptbench vm: unknown arch '%s' (x86_64, arm64, ppc64le, s390x)\n",
			a.arch ? a.arch : u.machine);
		return EXIT_USAGE;
	}
	g.aq = aq;
	if (check_config(a.config, config, sizeof(config)) || find_guest(&a, &g))
		return EXIT_USAGE;
	if (mkdir_p(a.out)) {
		fprintf(stderr, "ptbench vm: cannot create %s: %s\n", a.out, strerror(errno));
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (stage_initramfs(&a, &g, config))
		return 1;
	for (i = 0; i < a.nk; i++) {
		struct vm_kernel *k = &a.k[i];

		k->status = "not-run";
		k->guest_exit = -1;
		join(k->console, sizeof(k->console), a.out, k->stem);
		strncat(k->console, ".console.log", sizeof(k->console) - strlen(k->console) - 1);
	}
	if (kernel_initramfs(&a, &g, &a.k[0], initrd, sizeof(initrd)))
		return 1;
	kvm = probe_kvm(&a, aq, initrd, accel_why, sizeof(accel_why));
	if (!kvm && !strcmp(a.accel, "kvm")) {
		fprintf(stderr, "ptbench vm: --accel kvm, but %s\n", accel_why);
		return 1;
	}
	fprintf(stderr, "ptbench vm: %s guest under %s (%s)%s\n", aq->arch, kvm ? "KVM" : "TCG",
		accel_why, kvm ? "" : ": times are not performance figures");
	cmds = json_array();
	for (i = 0; i < a.nk && !interrupted; i++) {
		struct vm_kernel *k = &a.k[i];

		if (kernel_initramfs(&a, &g, k, initrd, sizeof(initrd)))
			return 1;
		boot_kernel(&a, aq, kvm, k, initrd, &b);
		json_array_append_new(cmds, argv_json(&b));
		while (!kvm && !strcmp(k->status, "panic") && k->ncrash < a.tcg_retries && !interrupted) {
			struct vm_crash *c = &k->crash[k->ncrash];

			if (vm_crash_keep(k->console, k->ncrash, k->died_of, c)) {
				fprintf(stderr, "ptbench vm: cannot keep %s: %s\n", k->console, strerror(errno));
				break;
			}
			k->ncrash++;
			fprintf(stderr, "ptbench vm: %s died under TCG (%s); console kept in %s; "
				"boot %d of %d (--tcg-retries)\n", k->name, c->what, c->console,
				k->ncrash + 1, a.tcg_retries + 1);
			boot_kernel(&a, aq, kvm, k, initrd, &b);
		}
		failed += strcmp(k->status, "ok") != 0;
		printf("%-20s %-10s %6.1f s  %s", k->name, k->status, k->seconds,
		       !strcmp(k->status, "ok") ? k->result : k->why);
		if (k->ncrash)
			printf(" (after %d TCG crash%s: vm.json)", k->ncrash, k->ncrash > 1 ? "es" : "");
		putchar('\n');
		fflush(stdout);
	}
	for (; i < a.nk; i++)
		json_array_append_new(cmds, json_array());
	if (write_summary(&a, aq->arch, kvm, accel_why, cmds))
		fprintf(stderr, "ptbench vm: cannot write %s/vm.json\n", a.out);
	json_decref(cmds);
	if (interrupted)
		return 130;
	if (!a.no_compare && vm_compare(&a))
		failed++;
	return failed ? 1 : 0;
}
