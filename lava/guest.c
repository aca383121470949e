// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava guest: the test step of a "ptbench lava" job, run by LAVA's
 * test shell on the booted device. It does what ptbench vm's /init does
 * (vm_guest.h): mounts, modules, the config run with the kernel's label,
 * then reports every case of every result file with lava-test-case
 * (cases.c) and frames the files onto the console for "ptbench lava
 * collect". It always exits 0: the step runs under "set -e", and a
 * failing step would end the definition before LAVA saw its end; what
 * went wrong is in the cases.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/opt.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "lib/xalloc.h"
#include "vm/vm_guest.h"
#include "vm/vmframe.h"
#include "lava_int.h"

static void guest_usage(FILE *f)
{
	fprintf(f, "usage: ptbench lava guest [--seq N --of M --plan ID]\n\n"
		"The test step of a ptbench lava job, inside the job's ramdisk: run the\n"
		"config there with the kernel's label, report each case with lava-test-case\n"
		"and send the result files over the console. Not for use by hand.\n\n");
}

/* One case: its reason on the console (LAVA keeps none), then lava-test-case. */
static void report(const struct lava_case *c, int lava)
{
	char m[64], *argv[] = { "lava-test-case", (char *)c->name, "--result", (char *)c->result,
				"--measurement", m, "--units", (char *)c->units, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;

	if (c->why[0])
		printf("ptbench-lava: %s %s: %s\n", c->name, c->result, c->why);
	snprintf(m, sizeof(m), "%.9g", c->measure);
	if (!c->has_measure)
		argv[4] = NULL;
	else if (!c->units[0])
		argv[6] = NULL;
	fflush(stdout);
	if (!lava) {
		printf("ptbench-lava: case %s %s%s%s %s\n", c->name, c->result,
		       c->has_measure ? " " : "", c->has_measure ? m : "", c->units);
		return;
	}
	o.path_search = 1;
	o.who = "ptbench lava guest";
	spawn_run(argv, &o);
}

static void fail_case(const char *name, const char *why, int lava)
{
	struct lava_case c = { .result = "fail" };

	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.why, sizeof(c.why), "%s", why);
	report(&c, lava);
}

/* The cases of one result file: 0, or -1 (a failed case says why) when it does not load. */
static int report_file(const char *path, void *arg)
{
	int lava = *(int *)arg, i, n;
	struct lava_case *cs;
	struct result *r;
	char err[512];

	r = result_load(path, err, sizeof(err));
	if (!r) {
		fail_case("ptbench.result", err, lava);
		return -1;
	}
	n = lava_cases(r, &cs);
	for (i = 0; i < n; i++)
		report(&cs[i], lava);
	free(cs);
	result_free(r);
	return 0;
}

static void read_setting(const char *file, char *buf, size_t len, const char *dflt)
{
	if (read_str(file, buf, len) || !buf[0])
		snprintf(buf, len, "%s", dflt);
	buf[strcspn(buf, "\n")] = '\0';
}

int lava_guest_main(int argc, char **argv)
{
	const char *seq = "1", *of = "1", *plan = "";
	struct opt opts[] = {
		OPT_STRING(0, "seq", &seq, "N", "this job's place in the plan"),
		OPT_STRING(0, "of", &of, "M", "the plan's jobs"),
		OPT_STRING(0, "plan", &plan, "ID", "the plan's id"),
		OPT_FINISH,
	};
	char label[80], rounds[16], smp[16], why[128];
	char *run[] = { VM_GUEST_DIR "/ptbench", "run", "-q", "--config", VM_GUEST_DIR "/config.json",
			"--label", label, "--out", VM_GUEST_OUT, "--rounds", rounds, NULL };
	const char *job = getenv("LAVA_JOB_ID");
	int rc, files, lava = !!job;
	struct utsname u;

	rc = opt_parse(argc, argv, opts, "lava guest", guest_usage);
	if (rc < 0)
		return rc == OPT_HELP_RC ? 0 : 2;
	read_setting(VM_GUEST_DIR "/label", label, sizeof(label), "lava");
	read_setting(VM_GUEST_DIR "/rounds", rounds, sizeof(rounds), "1");
	read_setting(VM_GUEST_DIR "/smp", smp, sizeof(smp), "");
	setvbuf(stdout, NULL, _IOLBF, 0);
	vm_guest_mounts();
	uname(&u);
	printf(VMF_START " %s %s %s\n", u.machine, u.release, u.version);
	/* the job's provenance, for collect (the log does not carry the job's metadata) */
	printf(LAVA_JOB_LINE " job=%s seq=%s of=%s plan=%s kernel=%s\n", job ? job : "-", seq, of,
	       plan[0] ? plan : "-", label);
	vm_guest_prepare(smp);
	rc = vm_guest_spawn(run);
	files = vm_guest_results(report_file, &lava);
	if (!files) {
		snprintf(why, sizeof(why), "ptbench run exited %d and wrote no result file", rc);
		fail_case("ptbench.run", why, lava);
	}
	/* Only emergencies on the console while the files go out. */
	write_str("/proc/sys/kernel/printk", "1");
	printf("ptbench-lava: ptbench run exited %d, %d result file(s) sent\n", rc, vm_guest_send());
	printf(VMF_EXIT "%d\n", rc);
	fflush(stdout);
	return 0;
}
