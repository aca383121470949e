// SPDX-License-Identifier: GPL-2.0
/*
 * After the boots: each kernel's status and result file taken from its
 * console, the vm.json summary, and the compare and report of the results.
 */
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "analysis/load.h"
#include "bench/cli/cmds.h"
#include "bench/lib/file.h"
#include "bench/lib/util.h"
#include "vm.h"
#include "vm_cpus.h"
#include "vmframe.h"

/* Classify the boot from the console and take the result file out of it. */
void collect(const struct vm_args *a, struct vm_kernel *k, int rc, int timed_out)
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
	} else if (timed_out && vm_crash_stalled(log)) {
		k->status = "stalled";
		set_why(k->why, sizeof(k->why), "the guest stalled (RCU stall or soft lockup on the console) "
			"and gave no result within %d s: QEMU killed", a->timeout);
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
	if (vm_cpus_seen(log, k->cpus, sizeof(k->cpus)))
		fprintf(stderr, "ptbench vm: %s: vCPUs: %s\n", k->name, k->cpus);
	if (strcmp(k->status, "ok")) {
		fprintf(stderr, "ptbench vm: %s: %s (console: %s)\n", k->name, k->why, k->console);
		print_tail(log, len);
	}
	vmf_free(files, n);
	free(log);
}

json_t *argv_json(const struct boot *b)
{
	json_t *arr = json_array();
	int i;

	for (i = 0; i < b->argc; i++)
		json_array_append_new(arr, json_string(b->argv[i]));
	return arr;
}

int write_summary(const struct vm_args *a, const char *arch, int kvm, const char *accel_why,
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
		/* only when fewer vCPUs came up than --smp: how many and why */
		json_object_set_new(o, "cpus_missing", k->cpus[0] ? json_string(k->cpus) : json_null());
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
/*
 * Run a command of this binary in this process, its stdout into out (-1:
 * /dev/null) and, when quiet, its stderr to /dev/null: compare and report
 * are functions here, so there is no reason to exec ourselves for them.
 */
static int run_cmd(int (*cmd)(int, char **), char **argv, int out, int quiet)
{
	int saved_out, saved_err = -1, null, argc = 0, rc;

	while (argv[argc])
		argc++;
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(STDOUT_FILENO);
	if (quiet)
		saved_err = dup(STDERR_FILENO);
	dup2(out >= 0 ? out : null, STDOUT_FILENO);
	if (quiet)
		dup2(null, STDERR_FILENO);
	optind = 0;	/* a fresh getopt for the command's own options */
	rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	close(saved_out);
	if (saved_err >= 0) {
		dup2(saved_err, STDERR_FILENO);
		close(saved_err);
	}
	close(null);
	return rc;
}

static int vm_report(const struct vm_args *a, char **results, int nres)
{
	char dir[PATH_MAX], *argv[VM_MAX_KERNELS + 5];
	int i, n = 0, rc;

	if (join(dir, sizeof(dir), a->out, "report"))
		return -1;
	argv[n++] = "report";
	argv[n++] = "--out";
	argv[n++] = dir;
	for (i = 0; i < nres; i++)
		argv[n++] = results[i];
	argv[n] = NULL;
	rc = run_cmd(cmd_report, argv, -1, 1);
	if (rc) {
		fprintf(stderr, "ptbench vm: ptbench report failed (exit %d)\n", rc);
		return -1;
	}
	printf("ptbench vm: report in %s/index.html\n", dir);
	return 0;
}

/*
 * Compare the first kernel's result with each other one ("ptbench compare
 * BASE NEW..."): its output goes to OUT/compare.txt and is shown; then the
 * report of the same results.
 */
int vm_compare(const struct vm_args *a)
{
	char path[PATH_MAX], *argv[VM_MAX_KERNELS + 3];
	int i, n = 0, fd, rc;
	ssize_t len;

	argv[n++] = "compare";
	for (i = 0; i < a->nk; i++)
		if (!strcmp(a->k[i].status, "ok"))
			argv[n++] = (char *)a->k[i].result;
	argv[n] = NULL;
	if (n < 3)
		return 0;
	if (join(path, sizeof(path), a->out, "compare.txt"))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	rc = run_cmd(cmd_compare, argv, fd, 0);
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
	return vm_report(a, argv + 1, n - 1);
}
