/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptbench lava (docs/lab.md): a config as LAVA jobs for a lab's machines,
 * and the result files back from the jobs' logs. LAVA is the engine that
 * boots the kernels and runs the jobs; ptbench writes the jobs
 * (plan.c, job.c, ramdisk.c, device.c), runs inside them (guest.c) and
 * reads what they logged (collect.c, collect_job.c).
 */
#ifndef PTBENCH_LAVA_H
#define PTBENCH_LAVA_H

#include <limits.h>

#define LAVA_MAX_KERNELS	8
#define LAVA_MAX_TAGS		8
#define LAVA_MAX_LOGS		256

struct lava_kernel {
	char name[72];		/* the run label in the guest */
	char stem[72];		/* file-name-safe form of name */
	const char *image;
	char kernel_file[PATH_MAX];	/* DIR/images/<stem>.<image's name> */
	char ramdisk_file[PATH_MAX];	/* DIR/images/<stem>.cpio.gz */
};

struct lava_args {
	struct lava_kernel k[LAVA_MAX_KERNELS];
	int nk;
	const char *arch;
	const char *config;
	const char *out;
	const char *guest_bin;
	const char *busybox;		/* a static busybox for the guest's arch */
	const char *device_type;	/* "qemu" (the default) or the lab's */
	const char *boot_method;	/* a board's: u-boot, grub, ... (qemu: qemu) */
	const char *kernel_type;	/* a board's deploy: image, zimage, uimage, bzimage */
	const char *dtb;		/* a board's device tree URL */
	const char *url_base;		/* where the lab fetches images/ (default: file://) */
	const char *tags[LAVA_MAX_TAGS];
	int ntags;
	const char *modules[LAVA_MAX_KERNELS];	/* lib/modules/<release> trees */
	int nmod;
	const char *append;		/* more kernel command line */
	const char *job_name;
	int boots;			/* jobs per kernel */
	int rounds;
	int smp;
	char mem[32];
	int boot_minutes;
	int test_minutes;
	char plan_id[40];
};

/* Write DIR/images/, DIR/jobs/NN-<kernel>.yaml, DIR/plan.json (and the QEMU device dictionary). */
int lava_write(struct lava_args *a);

struct lava_collect_args {
	const char *logs[LAVA_MAX_LOGS];	/* saved logs (lava-run's stderr, lavacli jobs logs) */
	int nlogs;
	const char *jobs[LAVA_MAX_LOGS];	/* job ids on a server, read with lavacli */
	int njobs;
	const char *identity;			/* lavacli --identity */
	const char *device;			/* the device, for logs that do not say it */
	const char *out;
	int no_compare;
};

/* Rebuild the result files of each job; the command's exit status (docs/lab.md). */
int lava_collect(struct lava_collect_args *c);

/* ptbench lava guest: the test step inside a job (guest.c); always 0 (LAVA reads the cases). */
int lava_guest_main(int argc, char **argv);

/* The order of the jobs: ABBA... over nk kernels, boots blocks (plan.c); the count. */
int lava_order(int nk, int boots, int *order, int max);

#endif
