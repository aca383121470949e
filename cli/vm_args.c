// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench vm's command line: the options and the checks made before
 * anything boots (the arches it can boot: vm/arches.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"
#include "bench/core/run_opts.h"
#include "cmds.h"
#include "vm/vm.h"

static struct opt opts[32];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench vm --kernel NAME=IMAGE [--kernel NAME=IMAGE]... [OPTIONS]\n\n"
		"Boot each kernel image under QEMU with an initramfs holding ptbench for the\n"
		"guest's arch, run a config there, bring the result file back over the serial\n"
		"console, and compare the results (first kernel = base) when this build has\n"
		"'ptbench compare'.\n\n");
	opt_help(f, opts);
	fprintf(f, "\nEach guest gets a scratch virtio-blk disk (a sparse raw image in DIR, cache=none)\n"
		"that the integrity family reads with O_DIRECT when its own hold device cannot be made.\n\n"
		"Writes in DIR: NAME.json (result), NAME.console.log (the whole console),\n"
		"vm.json (per kernel: status, accel, seconds, QEMU command), compare.txt.\n"
		"Under TCG (software emulation) times are not performance figures: use a VM\n"
		"run to check that a kernel boots and the suite works, not to measure it.\n\n"
		"Exit status: 0 every kernel gave a result, 1 some did not (the reason and the\n"
		"tail of its console are printed), 2 bad usage, 130 interrupted.\n");
}

/* A file-name-safe stem: keep [A-Za-z0-9._-], replace the rest, no leading dot. */
void cli_stem(const char *name, char *stem, size_t len)
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
	const char *eq = strchr(arg, '='), *ap;
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
	/* ",append=ARGS" (--ab): the rest of the argument, commas included */
	if ((ap = strstr(eq + 1, ",append="))) {
		snprintf(k->append, sizeof(k->append), "%s", ap + strlen(",append="));
		snprintf(k->image_buf, sizeof(k->image_buf), "%.*s", (int)(ap - eq - 1), eq + 1);
		k->image = k->image_buf;
	}
	if (eq - arg > 64) {
		fprintf(stderr, "ptbench vm: kernel name longer than 64 bytes\n");
		return -1;
	}
	memcpy(k->name, arg, (size_t)(eq - arg));
	k->name[eq - arg] = '\0';
	cli_stem(k->name, k->stem, sizeof(k->stem));
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

static int kernel_cb(const struct opt *o, const char *arg)
{
	return add_kernel(o->value, arg);
}

static int mem_cb(const struct opt *o, const char *arg)
{
	uint64_t mem;

	if (parse_size(arg, &mem) || mem < (128ull << 20)) {
		fprintf(stderr, "ptbench vm: --mem wants a size of at least 128M\n");
		return -1;
	}
	snprintf(o->value, 32, "%lluM", (unsigned long long)(mem >> 20));
	return 0;
}

/* --accel and --tcg-thread: one of the words in the help's first parenthesis. */
static int word_cb(const struct opt *o, const char *arg)
{
	static const char *const accel[] = { "auto", "kvm", "tcg", NULL };
	static const char *const thread[] = { "auto", "single", "multi", NULL };
	const char *const *w = strcmp(o->long_name, "accel") ? thread : accel;

	for (; *w; w++)
		if (!strcmp(*w, arg)) {
			*(const char **)o->value = *w;
			return 0;
		}
	fprintf(stderr, "ptbench vm: --%s is %s\n", o->long_name,
		strcmp(o->long_name, "accel") ? "auto, single or multi" : "auto, kvm or tcg");
	return -1;
}

static void build_opts(struct vm_args *a)
{
	size_t n = 0;

	opts[n++] = (struct opt)OPT_CALLBACK('k', "kernel", a, kernel_cb, "NAME=IMAGE",
		"a kernel image (vmlinux/vmlinuz/Image) and its run label;\n"
		"repeatable, up to 8");
	opts[n++] = (struct opt)OPT_STRING('a', "arch", &a->arch, "ARCH",
		"guest arch: x86_64, arm64, ppc64le, s390x (default: this host's)");
	opts[n++] = (struct opt)OPT_STRING('c', "config", &a->config, "FILE",
		"suite config run in the guest (default configs/vm-smoke.json)");
	opts[n++] = (struct opt)OPT_STRING('o', "out", &a->out, "DIR",
		"where everything is written (default results/vm)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "smp", &a->smp, 1, 1024, "N", "guest CPUs (default 2)");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "mem", a->mem, mem_cb, "SIZE",
		"guest memory (default 1G)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "numa", &a->numa, 1, 8, "N",
		"N guest NUMA nodes, CPUs and memory split evenly (QEMU -numa)");
	opts[n++] = (struct opt)OPT_INTEGER('t', "timeout", &a->timeout, 1, 86400, "SEC",
		"per boot, from QEMU start to power-off (default 600);\n"
		"--ab: per planned boot, from the plan's line that starts\n"
		"it; a machine past it is booted again, as by a watchdog");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "accel", &a->accel, word_cb, "MODE",
		"auto (KVM when a probe boot works, else TCG), kvm, tcg");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "tcg-thread", &a->tcg_thread, word_cb, "MODE",
		"QEMU's -accel tcg,thread=: auto (single when --smp\n"
		"exceeds the host's CPUs, else QEMU's default, multi),\n"
		"single, multi");
	opts[n++] = (struct opt)OPT_STRING(0, "cpu", &a->cpu, "MODEL",
		"QEMU's -cpu under TCG instead of the arch's (docs/vm.md;\n"
		"e.g. arm64 max,pauth-impdef=on,lpa2=off: docs/ab.md)");
	opts[n++] = (struct opt)OPT_STRING(0, "guest-bin", &a->guest_bin, "PATH",
		"ptbench built for the guest (default build/ARCH/ptbench,\n"
		"from 'make ARCH=ARCH'); its loader and libraries are\n"
		"taken from guest-root/ beside it");
	opts[n++] = (struct opt)OPT_STRING(0, "qemu", &a->qemu, "PATH",
		"QEMU binary (default qemu-system-<arch> on PATH)");
	opts[n++] = (struct opt)OPT_STRING(0, "append", &a->append, "ARGS", "extra kernel command line");
	opts[n++] = (struct opt)OPT_STRINGS(0, "modules", a->modules, &a->nmod, VM_MAX_KERNELS, "DIR",
		"a lib/modules/<release> tree: the guest loads its disk\n"
		"drivers from it (repeatable, one per release; default:\n"
		"lib/modules/<release> beside the image)");
	opts[n++] = (struct opt)OPT_STRINGS(0, "module", a->extra_mods, &a->nextra, VM_MAX_MODULES,
		"NAME", "also load this kernel module in the guest when the\n"
		"kernel has it as one (repeatable; e.g. null_blk with\n"
		"its null_blk.* parameters in --append)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "disk-iops", &a->disk_iops, 0, 1000000, "N",
		"throttle the scratch disk to N requests/s (default 0:\n"
		"none; integrity holds its reads with a device of its own)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "tcg-retries", &a->tcg_retries, 0, VM_CRASH_MAX, "N",
		"under TCG, boot a kernel that panicked (or stalled to\n"
		"the deadline) again, up to N times (default 1; never under\n"
		"KVM): QEMU's TCG crashes x86_64 guests now and then; each\n"
		"crash is kept (NAME.crashK.console.log) and listed in vm.json");
	opts[n++] = (struct opt)OPT_CALLBACK(0, "rounds", &a->rounds, run_count_cb, "R",
		"the guest's ptbench run --rounds R (repetitions spread\n"
		"over R passes of the config; default 1)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "ab", &a->ab, 1, 32, "N",
		"one guest runs a ptbench ab plan of N boots per kernel:\n"
		"boots the first kernel, kexecs into each in a balanced\n"
		"random order (state on a disk of its own), comes back,\n"
		"compares; --kernel NAME=IMAGE,append=ARGS adds a kernel's\n"
		"own arguments (docs/ab.md)");
	opts[n++] = (struct opt)OPT_STRING(0, "kexec-root", &a->kexec_root, "DIR",
		"--ab: Debian's kexec-tools for the guest's arch (default\n"
		"build/ARCH/guest-kexec, from 'make ARCH=ARCH guest-kexec')");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "no-compare", &a->no_compare,
		"only collect the result files");
	opts[n] = (struct opt)OPT_FINISH;
}

int vm_args_parse(int argc, char **argv, struct vm_args *a)
{
	int rc, first, i;

	a->smp = 2;
	a->timeout = 600;
	a->disk_iops = VM_DISK_IOPS;
	a->tcg_retries = 1;
	a->rounds = 1;
	a->accel = "auto";
	a->tcg_thread = "auto";
	a->out = "results/vm";
	snprintf(a->mem, sizeof(a->mem), "1G");
	build_opts(a);
	first = cli_options(argc, argv, opts, "vm", usage, 0, 0, &rc);
	if (first == CLI_DONE && !rc)
		exit(0);
	if (first == CLI_DONE)
		return -1;
	if (!a->nk) {
		fprintf(stderr, "ptbench vm: no --kernel NAME=IMAGE\n");
		usage(stderr);
		return -1;
	}
	for (i = 0; i < a->nk; i++)
		if (a->k[i].append[0] && !a->ab) {
			fprintf(stderr, "ptbench vm: --kernel ...,append= is for --ab (else --append)\n");
			return -1;
		}
	if (a->ab && a->nk < 2) {
		fprintf(stderr, "ptbench vm: --ab wants two kernels or more\n");
		return -1;
	}
	return 0;
}
