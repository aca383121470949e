/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptbench ab: kernel A/B on one machine as interleaved kexec boots, the
 * boot as the unit (docs/ab.md). A plan is a balanced, randomised order of
 * boots (plan.c) kept in a state directory as plan.json (state.c), written
 * atomically before the action it names. Each boot is entered with
 * Debian's kexec-tools (kexec.c), checked first (preflight.c); after it,
 * ptbench's own systemd unit (unit.c), or the /init of a "ptbench vm --ab"
 * guest, runs the next step (step.c): is this the planned kernel, run the
 * config, go on to the next boot, and at the end back to the kernel the
 * plan started on, with the compare and the report.
 */
#ifndef PTBENCH_AB_H
#define PTBENCH_AB_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define AB_SCHEMA	"ptbench-ab/1"
#define AB_MAX_KERNELS	8
#define AB_MAX_BOOTS	32		/* per kernel */
#define AB_MAX_RUNS	8		/* per boot */
#define AB_MAX_SLOTS	(AB_MAX_KERNELS * AB_MAX_BOOTS)
#define AB_MARK		"ptbench_ab="	/* on the command line of a planned boot */
#define AB_UNIT		"ptbench-ab.service"
#define AB_STATE_DIR	"/var/lib/ptbench/ab"
#define AB_EXIT_REFUSED	3		/* preflight refused: nothing was changed */

struct ab_kernel {
	char name[72];
	char stem[72];			/* file-name-safe name */
	char image[PATH_MAX];		/* in the state directory once planned */
	char initrd[PATH_MAX];		/* "" for none */
	char append[1024];		/* added to the home command line */
	/*
	 * Adler-32 of the image and initrd copies: a rebuild cannot change
	 * them unseen. Not CRC-32: x86's build tool pads a bzImage so that its
	 * CRC-32 is 0xffffffff whatever it holds.
	 */
	uint32_t sum, isum;
};

/* What a boot of the plan came to. */
enum ab_slot_status { SLOT_PLANNED, SLOT_BOOTING, SLOT_RUNNING, SLOT_DONE, SLOT_FAILED, SLOT_SKIPPED };

struct ab_slot {
	int kernel;			/* index into kernels */
	enum ab_slot_status status;
	char release[128];		/* uname -r of the boot */
	char boot_id[40];
	char result[AB_MAX_RUNS][128];	/* its runs' files: results/STEM/ when done, else runs/bootN/ */
	int nresult;
	char reason[768];		/* of a failed or skipped boot */
	double started, ended;		/* epoch seconds */
};

/* The plan's phase: where the next step takes it. */
enum ab_phase { AB_RUNNING, AB_RETURNING, AB_STOPPED, AB_ABORTED, AB_DONE };

struct ab_plan {
	char id[40];
	char dir[PATH_MAX];		/* the state directory */
	enum ab_phase phase;
	int guest;			/* /init of a ptbench vm guest runs the steps, kexec -e */
	int file_load;			/* kexec -s (kexec_file_load), else -l (kexec_load) */
	int panic;			/* panic=N for each planned boot */
	int stop_on_fail;		/* a failed boot stops the plan */
	int boots;			/* per kernel */
	int runs, rounds;		/* ptbench run --runs, --rounds of each boot */
	unsigned long long seed;
	char config[PATH_MAX];		/* the copy in the state directory */
	char self[PATH_MAX];		/* this ptbench, which the unit runs */
	char datadir[PATH_MAX];
	struct ab_kernel home;		/* the kernel the plan started on */
	char home_release[128];
	char home_cmdline[2048];	/* its /proc/cmdline, minus what kexec sets */
	struct ab_kernel k[AB_MAX_KERNELS];
	int nk;
	struct ab_slot slot[AB_MAX_SLOTS];
	int nslot;
	int next;			/* the slot being booted or run */
	char note[512];			/* why the plan stopped or was aborted */
	int finished;			/* its compare and report are written */
};

/* plan.c: a balanced, randomised order: each block of nk boots a permutation. */
int ab_order(int nk, int boots, unsigned long long seed, int *order, int max);
const char *ab_slot_name(enum ab_slot_status s);
const char *ab_phase_name(enum ab_phase p);

/* state.c: plan.json in p->dir, under its lock file; a failure says why on stderr */
int ab_save(const struct ab_plan *p);
int ab_load(struct ab_plan *p, const char *dir, char *why, size_t len);
json_t *ab_to_json(const struct ab_plan *p);
int ab_from_json(struct ab_plan *p, json_t *j, char *why, size_t len);
int ab_lock(const char *dir);		/* fd of the held lock, or -1 */
int ab_lock_run(const char *dir);	/* run.lock, not waited for: -1 when held */
void ab_unlock(int fd);

/* image.c: the arch an image is built for, from its header */
int ab_image_arch(const char *path, char *arch, size_t len, char *why, size_t wlen);

/* kexec.c: Debian's kexec-tools */
int ab_kexec_syscalls(int *file_load, int *load, char *why, size_t len);
void ab_cmdline(const struct ab_plan *p, const struct ab_kernel *k, const char *mark, char *out,
		size_t len);
int ab_kexec_load(const struct ab_plan *p, const struct ab_kernel *k, const char *cmdline,
		  char *why, size_t len);
int ab_kexec_unload(void);
int ab_kexec_exec(const struct ab_plan *p, char *why, size_t len);
const char *ab_kexec_path(void);

/* preflight.c: every refusal, before anything is written; trial: load and unload each image */
int ab_preflight(struct ab_plan *p, int trial, char *why, size_t len);

/* unit.c: ptbench's own systemd unit, which runs "ptbench ab step" at boot */
int ab_unit_install(const struct ab_plan *p, char *why, size_t len);
int ab_unit_remove(char *why, size_t len);
const char *ab_unit_dir(void);

/* What a step ends in: a kexec under way, or the plan over and this the home kernel. */
#define AB_STEP_BOOTING	0
#define AB_STEP_ERROR	1
#define AB_STEP_ENDED	4

/* step.c: what a boot of the plan does (lock taken inside) */
int ab_step(const char *dir);
int ab_abort(const char *dir);
int ab_resume(const char *dir);

/* boot.c: where the plan goes next (lock held) */
struct ab_boot {
	char release[128], boot_id[40], mark[96];	/* of this boot; mark "" when none */
};
void ab_this_boot(struct ab_boot *b);
int ab_on_home(const struct ab_plan *p, const struct ab_boot *b);
int ab_advance(struct ab_plan *p, const struct ab_boot *b);	/* the next slot, or home */
int ab_go_home(struct ab_plan *p, const struct ab_boot *b);

/* finish.c: compare, report, unit removed, the plan's end written */
int ab_finish(struct ab_plan *p, enum ab_phase end, const char *note);
void ab_status(const struct ab_plan *p, FILE *f);

/* run.c: the config on this boot (runs/bootN/, then results/STEM/); copies with their Adler-32 */
int ab_run_slot(const struct ab_plan *p, struct ab_slot *s, int n);	/* s: slot n's copy */
int ab_copy(const char *from, const char *to, uint32_t *sum);
int ab_sum(const char *path, uint32_t *sum);

#endif
