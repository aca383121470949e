/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ptbench vm library (arches.c, initramfs.c, qemu.c, collect.c,
 * vm_run.c): the parsed command line, each kernel's outcome, the QEMU
 * command line of a boot, and the steps vm_run() takes. The command
 * (cli/cmd_vm.c, cli/vm_args.c) fills struct vm_args and calls vm_run().
 */
#ifndef PTBENCH_VM_H
#define PTBENCH_VM_H

#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

#include "vm_crash.h"
#include "vm_disk.h"

#define VM_MAX_KERNELS	8
#define VM_MAX_MODULES	8	/* --module */
#define TAIL_LINES	25
#define KVM_PROBE_SECS	60
#define KVM_GET_API_VERSION	0xAE00	/* _IO(KVMIO, 0x00) */

/*
 * A guest that has printed nothing after this long never started (seen
 * once in about a dozen TCG boots of the x86_64 microvm here: an empty
 * console until the deadline). run_qemu() stops it early so that it can be
 * booted once more.
 */
#define VM_SILENT_SEC	60

struct vm_kernel {
	char name[72];		/* as given: the run label in the guest */
	const char *image;
	char stem[72];		/* file-name-safe form of name */
	char append[512];	/* --ab: ",append=ARGS" of --kernel, this kernel's own arguments */
	char image_buf[PATH_MAX];	/* the image's path when --kernel had ",append=" */
	/* outcome */
	const char *status;	/* "ok", "timeout", "panic", "no-result", ... */
	char why[512];
	double seconds;
	char result[PATH_MAX];
	char console[PATH_MAX];
	int guest_exit;
	const char *ended;	/* how QEMU ended: "power-off", "guest-exit", "timeout", ... */
	char died_of[320];	/* a panic's first crash lines (vm_crash_describe) */
	char cpus[320];		/* "1 of 2 came up; likely: ..." (vm_cpus.h), or empty */
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
	const char *tcg_thread;	/* --tcg-thread: auto, single, multi */
	const char *cpu;	/* --cpu: the CPU model under TCG instead of the arch's */
	char mem[32];
	int smp;
	int numa;		/* --numa N: guest NUMA nodes (0: none) */
	int timeout;
	int no_compare;
	const char *modules[VM_MAX_KERNELS];	/* --modules: lib/modules/<release> trees */
	int nmod;
	int disk_iops;				/* --disk-iops: the scratch disk's throttle */
	const char *extra_mods[VM_MAX_MODULES];	/* --module: more modules to load */
	int nextra;
	int tcg_retries;			/* --tcg-retries: boots after a panic under TCG */
	int rounds;				/* --rounds: the guest run's */
	int ab;					/* --ab N: a ptbench ab plan of N boots per kernel */
	const char *kexec_root;			/* --kexec-root: kexec-tools for the guest */
	char state_disk[PATH_MAX];		/* --ab: the plan's disk image (vm_ab.c) */
};

struct arch_qemu {
	const char *arch;
	const char *qemu;
	const char *machine;
	const char *cpu;	/* under TCG; KVM uses "host" */
	const char *console;
	const char *triplet;
	/*
	 * More CPUs than the machine's default takes (0: no limit) add
	 * many_opts to it: arm64 virt's GICv2 stops at 8, and a GICv3 there
	 * is only asked for then (kexec into a second kernel under TCG did
	 * not come up on a GICv3: ptbench vm --ab).
	 */
	int many_cpus;
	const char *many_opts;
};

struct guest {
	const struct arch_qemu *aq;
	char bin[PATH_MAX];
	char root[PATH_MAX];	/* guest-root: loader + libraries */
	char stage[PATH_MAX];
};

struct boot {
	char *argv[96];
	int argc;
	char cmdline[1024];
	char smp[16];
	char machine[96];
	char disk_path[PATH_MAX];
	struct vm_disk disk;
	struct vm_disk state;	/* --ab: the plan's disk */
	char numa[16][80];
	/*
	 * A console line starting so restarts run_qemu()'s deadline (NULL:
	 * none): --ab gives each planned boot the whole --timeout.
	 */
	const char *progress;
};

struct qemu_end {
	int timed_out;		/* the deadline passed (since the last progress line) */
	int silent;		/* nothing on the console for VM_SILENT_SEC */
	const char *ended;	/* power-off, guest-exit, timeout, silent, interrupted */
	double secs;
};

/* Set by SIGINT/SIGTERM: no more boots, the one running is stopped. */
extern volatile sig_atomic_t interrupted;
/* Boot without "quiet" (after a silent boot). */
extern int boot_loud;

/* arches.c */
const struct arch_qemu *arch_lookup(const char *name);
/* QEMU's -M for smp CPUs: the arch's machine, with many_opts past many_cpus (in buf). */
const char *arch_machine(const struct arch_qemu *aq, int smp, char *buf, size_t len);

/* vm_run.c: boot each kernel, collect, compare; the command's exit status */
#define VM_EXIT_USAGE	2
int vm_run(struct vm_args *a);

/* initramfs.c */
int join(char *buf, size_t len, const char *a, const char *b);
int find_guest(const struct vm_args *a, struct guest *g);
int stage_initramfs(const struct vm_args *a, struct guest *g, const char *config);
int kernel_initramfs(const struct vm_args *a, const struct guest *g, const struct vm_kernel *k,
		     char *archive, size_t len);
int copy_file(const char *src, const char *dst, mode_t mode);
int copy_tree(const char *src, const char *dst);	/* regular files and directories */
int make_cpio(const char *dir, const char *list, const char *archive);

/* qemu.c */
void qemu_argv(const struct vm_args *a, const struct arch_qemu *aq, int kvm, const char *image,
	       const char *initrd, const char *extra, struct boot *b);
int run_qemu(struct boot *b, const char *log, int timeout, struct qemu_end *e);
char *read_all(const char *path, size_t *len);
void print_tail(const char *log, size_t len);
int probe_kvm(const struct vm_args *a, const struct arch_qemu *aq, const char *initrd,
	      char *why, size_t len);

/* collect.c */
void collect(const struct vm_args *a, struct vm_kernel *k, int rc, int timed_out);
json_t *argv_json(const struct boot *b);
int write_summary(const struct vm_args *a, const char *arch, int kvm, const char *accel_why,
		  json_t *cmds);
int vm_compare(const struct vm_args *a);
/* Compare files[0] (a result file or a directory of them) with the others: 0 or -1 (said why). */
int vm_compare_files(const char *out, char **files, int n, const char *who);

/* vm_ab.c: ptbench vm --ab, a kexec plan in one guest; the command's exit status */
int vm_ab_run(struct vm_args *a, const struct arch_qemu *aq, const struct guest *g, int kvm,
	      json_t *cmds);

#endif
