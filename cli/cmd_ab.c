// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench ab: start a plan of interleaved kexec boots, and status, step,
 * abort and resume of it (ab/ab.h; docs/ab.md).
 */
#include <string.h>

#include "ab/ab.h"
#include "lib/util.h"
#include "ab_args.h"
#include "cmds.h"

static struct opt opts[20];

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench ab start --kernel NAME=IMAGE[,initrd=F][,append=ARGS] --kernel ... [OPTIONS]\n"
		"       ptbench ab status|step|abort|resume [--state DIR]\n\n"
		"Kernel A/B on this machine as interleaved kexec boots, the boot as the unit:\n"
		"a balanced randomised order (blocks of one boot of each kernel, in random\n"
		"order), each boot entered with kexec-tools (kexec -s where the kernel has\n"
		"kexec_file_load, else kexec -l), the config run there by ptbench's own systemd\n"
		"unit, and at the end back to the kernel it started on with compare and report\n"
		"(boots as the top level of the model). The boot loader is never touched: a\n"
		"kernel that dies comes back (panic=N) through firmware to the default entry,\n"
		"and that boot is recorded as failed. append= takes the rest of the argument,\n"
		"commas included. Method: docs/ab.md.\n\n");
	opt_help(f, opts);
	fprintf(f, "\nstatus: the plan and each boot; step: what the unit runs after a boot; abort:\n"
		"end the plan now (compare of what is there, unit removed) and go back to the\n"
		"first kernel; resume: go on with a stopped or aborted plan's next planned boot.\n\n"
		"Exit status: 0 done or a kexec under way, 1 failure, 2 bad usage, 3 refused\n"
		"(nothing changed), 4 (step, abort, resume) the plan is over and this is its\n"
		"first kernel.\n");
}

static void build_opts(struct ab_args *a)
{
	size_t n = 0;

	opts[n++] = (struct opt)OPT_STRINGS('k', "kernel", a->kernels, &a->nk, AB_MAX_KERNELS,
		"NAME=IMAGE[,initrd=F][,append=ARGS]", "a kernel of the plan (2 to 8)");
	opts[n++] = (struct opt)OPT_STRING(0, "home", &a->home, "IMAGE[,initrd=F]",
		"the kernel to come back to (default /boot/vmlinuz-$(uname -r)\n"
		"and its /boot/initrd.img, with /proc/cmdline)");
	opts[n++] = (struct opt)OPT_STRING('c', "config", &a->config, "FILE",
		"the suite each boot runs (default configs/default.json)");
	opts[n++] = (struct opt)OPT_INTEGER('b', "boots", &a->boots, 1, AB_MAX_BOOTS, "N",
		"boots per kernel (default 3)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "runs", &a->runs, 1, AB_MAX_RUNS, "K",
		"ptbench run --runs K on each boot (default 2: both levels seen)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "rounds", &a->rounds, 1, 100, "R",
		"ptbench run --rounds R on each boot (default 3)");
	opts[n++] = (struct opt)OPT_STRING('s', "state", &a->state, "DIR",
		"the plan's directory (start default " AB_STATE_DIR "/ID;\n"
		"others: the newest plan there)");
	opts[n++] = (struct opt)OPT_INTEGER(0, "panic", &a->panic, 1, 3600, "SEC",
		"panic=SEC on each planned boot (default 30)");
	opts[n++] = (struct opt)OPT_STRING(0, "on-fail", &a->on_fail, "WHAT",
		"continue (default) or stop after a failed boot");
	opts[n++] = (struct opt)OPT_NUMBER(0, "seed", &a->seed, 0, 9007199254740992.0, "S",
		"the order's seed (default: from the clock; stored)");
	opts[n++] = (struct opt)OPT_BOOLEAN('n', "dry-run", &a->dry_run,
		"check everything but the trial loads, print the plan and\n"
		"the command lines, change nothing");
	opts[n++] = (struct opt)OPT_BOOLEAN(0, "guest", &a->guest,
		"the /init of a ptbench vm --ab guest runs the steps: no\n"
		"unit, kexec -e");
	opts[n] = (struct opt)OPT_FINISH;
}

/* -1 (plan.json could not be written) is a failure like any other: 1, not 255. */
static int exit_of(int rc)
{
	return rc < 0 ? AB_STEP_ERROR : rc;
}

static int ab_show(const char *dir)
{
	struct ab_plan *p = calloc(1, sizeof(*p));
	char why[512];

	if (!p || ab_load(p, dir, why, sizeof(why))) {
		fprintf(stderr, "ptbench ab: %s\n", p ? why : "out of memory");
		free(p);
		return 1;
	}
	ab_status(p, stdout);
	free(p);
	return 0;
}

int cmd_ab(int argc, char **argv)
{
	static struct ab_args a = { .boots = 3, .panic = 30, .runs = 2, .rounds = 3,
				    .on_fail = "continue", .seed = -1 };
	char dir[PATH_MAX];
	const char *sub;
	struct ab_plan *p;
	int rc, first;

	build_opts(&a);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "ptbench ab: a subcommand first: start, status, step, abort, resume\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	sub = argv[1];
	if (strcmp(sub, "start") && strcmp(sub, "step") && strcmp(sub, "abort") &&
	    strcmp(sub, "resume") && strcmp(sub, "status")) {
		fprintf(stderr, "ptbench ab: unknown subcommand '%s' (start, status, step, abort, "
			"resume)\n", sub);
		return EXIT_USAGE;
	}
	first = cli_options(argc - 1, argv + 1, opts, "ab", usage, 0, 0, &rc);
	if (first == CLI_DONE)
		return rc;
	if (!strcmp(sub, "start")) {
		p = calloc(1, sizeof(*p));
		rc = p ? ab_start(&a, p) : AB_STEP_ERROR;
		free(p);
		return exit_of(rc);
	}
	if (a.state)
		snprintf(dir, sizeof(dir), "%s", a.state);
	else if (ab_default_state(dir, sizeof(dir)))
		return 1;
	if (!strcmp(sub, "step"))
		return exit_of(ab_step(dir));
	if (!strcmp(sub, "abort"))
		return exit_of(ab_abort(dir));
	if (!strcmp(sub, "resume"))
		return exit_of(ab_resume(dir));
	return ab_show(dir);
}
