// SPDX-License-Identifier: GPL-2.0
/*
 * After the boots: each kernel's status and result file taken from its
 * console, the vm.json summary, and the compare and report of the results.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/load.h"
#include "analysis/plot.h"
#include "analysis/report.h"
#include "analysis/summary.h"
#include "lib/file.h"
#include "lib/json_write.h"
#include "lib/util.h"
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
	char path[PATH_MAX];
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
		/* --ab: the QEMU commands are the machine's boots, not one per kernel */
		json_object_set_new(o, "qemu", a->ab ? json_null() :
				    json_incref(json_array_get(cmds, (size_t)i)));
		json_array_append_new(ks, o);
	}
	json_object_set_new(root, "kernels", ks);
	if (a->ab)
		json_object_set_new(root, "ab_machine_boots", json_incref(cmds));
	ret = join(path, sizeof(path), a->out, "vm.json") ||
	      json_write_atomic(path, root, JSON_INDENT(2));
	json_decref(root);
	return ret ? -1 : 0;
}

/* Plots, report.md and index.html of the comparison in OUT/report. */
static int vm_report(const char *out, const char *who, const struct comparison *cmp)
{
	struct plot_set ps = { 0 };
	char dir[PATH_MAX], err[1024];
	int rc = 0;

	if (join(dir, sizeof(dir), out, "report"))
		return -1;
	if (plot_all(cmp, dir, 1, &ps, err, sizeof(err))) {
		fprintf(stderr, "%s: the report's plots: %s\n", who, err);
		rc = -1;
	} else if (report_md(dir, cmp, &ps) || report_html(dir, cmp, &ps)) {
		fprintf(stderr, "%s: writing the report in %s: %s\n", who, dir, strerror(errno));
		rc = -1;
	} else {
		printf("%s: report in %s/index.html\n", who, dir);
	}
	plot_set_free(&ps);
	return rc;
}

/* The summary into OUT/compare.txt and onto stdout. */
static int vm_summary(const char *out, const char *who, const struct comparison *cmp)
{
	char path[PATH_MAX];
	FILE *f;

	if (join(path, sizeof(path), out, "compare.txt"))
		return -1;
	f = fopen(path, "we");
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", who, path, strerror(errno));
		return -1;
	}
	summary_text(f, cmp);
	if (fclose(f)) {
		fprintf(stderr, "%s: %s: %s\n", who, path, strerror(errno));
		return -1;
	}
	fflush(stdout);
	summary_text(stdout, cmp);
	return 0;
}

/*
 * Compare the first side with each other one, as "ptbench compare BASE
 * NEW..." does (a side is a result file or a directory of a kernel's),
 * through the analysis API: the summary into OUT/compare.txt and onto
 * stdout, then the report of the same results. Systems that differ in
 * more than the kernel are refused, as compare refuses them without --force.
 */
int vm_compare_files(const char *out, char **files, int n, const char *who)
{
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	struct comparison cmp;
	char err[1024];
	struct sides s;
	int rc;

	if (n < 2)
		return 0;
	if (sides_load(&s, files, (size_t)n, err, sizeof(err)) ||
	    compare_build(&cmp, &o, s.n, s.res, s.nres, err, sizeof(err))) {
		fprintf(stderr, "%s: compare: %s\n", who, err);
		sides_free(&s);
		return -1;
	}
	if (compare_serious(&cmp)) {
		fprintf(stderr, "%s: compare: the systems differ in more than the kernel "
			"(ptbench compare --force %s ... shows how)\n", who, files[0]);
		rc = -1;
	} else {
		rc = vm_summary(out, who, &cmp) || vm_report(out, who, &cmp) ? -1 : 0;
	}
	compare_free(&cmp);
	sides_free(&s);
	return rc;
}

/* The kernels that gave a result, first kernel = base. */
int vm_compare(const struct vm_args *a)
{
	char *files[VM_MAX_KERNELS];
	int i, n = 0;

	for (i = 0; i < a->nk; i++)
		if (!strcmp(a->k[i].status, "ok"))
			files[n++] = (char *)a->k[i].result;
	return vm_compare_files(a->out, files, n, "ptbench vm");
}
