// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench vm's command line: the options and the checks made before
 * anything boots (the arches it can boot: vm/arches.c).
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"
#include "bench/host/archprof.h"
#include "cmds.h"
#include "vm/vm.h"

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
"      --tcg-thread MODE    QEMU's -accel tcg,thread=: auto (single when --smp\n"
"                           exceeds the host's CPUs, else QEMU's default, multi),\n"
"                           single, multi\n"
"      --guest-bin PATH     ptbench built for the guest (default build/ARCH/ptbench,\n"
"                           from 'make ARCH=ARCH'); its loader and libraries are\n"
"                           taken from guest-root/ beside it\n"
"      --qemu PATH          QEMU binary (default qemu-system-<arch> on PATH)\n"
"      --append ARGS        extra kernel command line\n"
"      --modules DIR        a lib/modules/<release> tree: the guest loads its disk\n"
"                           drivers from it (repeatable, one per release; default:\n"
"                           lib/modules/<release> beside the image)\n"
"      --module NAME        also load this kernel module in the guest when the\n"
"                           kernel has it as one (repeatable; e.g. null_blk with\n"
"                           its null_blk.* parameters in --append)\n"
"      --disk-iops N        throttle the scratch disk to N requests/s (default %d:\n"
"                           none; integrity holds its reads with a device of its own)\n"
"      --tcg-retries N      under TCG, boot a kernel that panicked (or stalled to\n"
"                           the deadline) again, up to N\n"
"                           times (default 1, at most %d; never under KVM): QEMU's\n"
"                           TCG crashes x86_64 guests now and then; each crash is\n"
"                           kept (NAME.crashK.console.log) and listed in vm.json\n"
"      --rounds R           the guest's ptbench run --rounds R (repetitions spread\n"
"                           over R passes of the config; default 1)\n"
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

/* One option of the command line into a; -1 (said why) when it is bad. */
static int parse_opt(int c, const char *arg, struct vm_args *a)
{
	unsigned long long v;
	uint64_t mem;

	switch (c) {
	case 'k':
		if (add_kernel(a, arg))
			return -1;
		return 0;
	case 'a': a->arch = arg; return 0;
	case 'c': a->config = arg; return 0;
	case 'o': a->out = arg; return 0;
	case 't':
		if (parse_ull(arg, &v) || v < 1 || v > 86400) {
			fprintf(stderr, "ptbench vm: --timeout wants 1..86400 seconds\n");
			return -1;
		}
		a->timeout = (int)v;
		return 0;
	case 1:
		if (parse_ull(arg, &v) || v < 1 || v > 1024) {
			fprintf(stderr, "ptbench vm: --smp wants 1..1024\n");
			return -1;
		}
		a->smp = (int)v;
		return 0;
	case 2:
		if (parse_size(arg, &mem) || mem < (128ull << 20)) {
			fprintf(stderr, "ptbench vm: --mem wants a size of at least 128M\n");
			return -1;
		}
		snprintf(a->mem, sizeof(a->mem), "%lluM", (unsigned long long)(mem >> 20));
		return 0;
	case 3:
		if (strcmp(arg, "auto") && strcmp(arg, "kvm") && strcmp(arg, "tcg")) {
			fprintf(stderr, "ptbench vm: --accel is auto, kvm or tcg\n");
			return -1;
		}
		a->accel = arg;
		return 0;
	case 13:
		if (parse_ull(arg, &v) || v < 1 || v > 100) {
			fprintf(stderr, "ptbench vm: --rounds wants 1..100, as ptbench run does\n");
			return -1;
		}
		a->rounds = (int)v;
		return 0;
	case 12:
		if (strcmp(arg, "auto") && strcmp(arg, "single") && strcmp(arg, "multi")) {
			fprintf(stderr, "ptbench vm: --tcg-thread is auto, single or multi\n");
			return -1;
		}
		a->tcg_thread = arg;
		return 0;
	case 4: a->guest_bin = arg; return 0;
	case 5: a->qemu = arg; return 0;
	case 6: a->append = arg; return 0;
	case 10:
		if (parse_ull(arg, &v) || v < 1 || v > 8) {
			fprintf(stderr, "ptbench vm: --numa wants 1..8 nodes\n");
			return -1;
		}
		a->numa = (int)v;
		return 0;
	case 7: a->no_compare = 1; return 0;
	case 8:
		if (a->nmod == VM_MAX_KERNELS) {
			fprintf(stderr, "ptbench vm: at most %d --modules\n", VM_MAX_KERNELS);
			return -1;
		}
		a->modules[a->nmod++] = arg;
		return 0;
	case 14:
		if (a->nextra == VM_MAX_MODULES) {
			fprintf(stderr, "ptbench vm: at most %d --module\n", VM_MAX_MODULES);
			return -1;
		}
		a->extra_mods[a->nextra++] = arg;
		return 0;
	case 9:
		if (parse_ull(arg, &v) || v > 1000000) {
			fprintf(stderr, "ptbench vm: --disk-iops wants 0 (no throttle)..1000000\n");
			return -1;
		}
		a->disk_iops = (unsigned int)v;
		return 0;
	case 11:
		if (parse_ull(arg, &v) || v > VM_CRASH_MAX) {
			fprintf(stderr, "ptbench vm: --tcg-retries wants 0..%d\n", VM_CRASH_MAX);
			return -1;
		}
		a->tcg_retries = (int)v;
		return 0;
	default:
		usage(stderr);
		return -1;
	}
}

int parse_args(int argc, char **argv, struct vm_args *a)
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
		{ "tcg-thread", required_argument, NULL, 12 },
		{ "rounds", required_argument, NULL, 13 },
		{ "module", required_argument, NULL, 14 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->smp = 2;
	a->timeout = 600;
	a->disk_iops = VM_DISK_IOPS;
	a->tcg_retries = 1;
	a->rounds = 1;
	a->accel = "auto";
	a->tcg_thread = "auto";
	a->out = "results/vm";
	snprintf(a->mem, sizeof(a->mem), "1G");
	while ((c = getopt_long(argc, argv, "k:a:c:o:t:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (parse_opt(c, optarg, a))
			return -1;
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

int check_config(const char *path, char *buf, size_t len)
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
