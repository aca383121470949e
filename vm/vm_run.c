// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench vm's work, given its parsed command line (cli/cmd_vm.c): boot
 * kernels under QEMU with an initramfs holding ptbench (for the guest's
 * arch, with its loader and libraries), a config and an /init, get each
 * result file back over the serial console (vmframe.h), and compare.
 *
 * Nothing here goes through a shell: cpio and QEMU are executed with argv
 * vectors, kernel names and paths reach the guest as file contents, and
 * every file written is under --out. Each boot has a deadline after which
 * QEMU is killed, so nothing hangs.
 */
#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/util.h"
#include "bench/host/archprof.h"
#include "vm.h"

volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * One boot of kernel k and the collection of what it sent; a guest silent
 * for VM_SILENT_SEC is booted again without "quiet", up to 3 times.
 */
/* The config the guests run (--config, else vm-smoke.json) into buf; -1 (said why) unless JSON. */
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

/*
 * Boot kernel k, again after a panic under TCG (--tcg-retries, each crash
 * kept), its QEMU command line appended to cmds, and say how it ended. -1
 * when its initramfs cannot be made.
 */
static int boot_one(const struct vm_args *a, const struct arch_qemu *aq, const struct guest *g,
		    int kvm, struct vm_kernel *k, json_t *cmds)
{
	char initrd[PATH_MAX];
	struct boot b;

	if (kernel_initramfs(a, g, k, initrd, sizeof(initrd)))
		return -1;
	boot_kernel(a, aq, kvm, k, initrd, &b);
	json_array_append_new(cmds, argv_json(&b));
	while (!kvm && (!strcmp(k->status, "panic") || !strcmp(k->status, "stalled")) &&
	       k->ncrash < a->tcg_retries && !interrupted) {
		struct vm_crash *c = &k->crash[k->ncrash];

		if (vm_crash_keep(k->console, k->ncrash, k->died_of, c)) {
			fprintf(stderr, "ptbench vm: cannot keep %s: %s\n", k->console, strerror(errno));
			break;
		}
		k->ncrash++;
		fprintf(stderr, "ptbench vm: %s died under TCG (%s); console kept in %s; "
			"boot %d of %d (--tcg-retries)\n", k->name, c->what, c->console,
			k->ncrash + 1, a->tcg_retries + 1);
		boot_kernel(a, aq, kvm, k, initrd, &b);
	}
	printf("%-20s %-10s %6.1f s  %s", k->name, k->status, k->seconds,
	       !strcmp(k->status, "ok") ? k->result : k->why);
	if (k->ncrash)
		printf(" (after %d TCG crash%s: vm.json)", k->ncrash, k->ncrash > 1 ? "es" : "");
	putchar('\n');
	fflush(stdout);
	return 0;
}

int vm_run(struct vm_args *ap)
{
	struct vm_args a = *ap;
	const struct arch_qemu *aq;
	char config[PATH_MAX], initrd[PATH_MAX], accel_why[512];
	struct guest g = { 0 };
	struct utsname u;
	struct sigaction sa = { .sa_handler = on_signal };
	json_t *cmds;
	int i, kvm, failed = 0;

	uname(&u);
	aq = arch_lookup(a.arch ? a.arch : u.machine);
	if (!aq) {
		fprintf(stderr, "ptbench vm: unknown arch '%s' (x86_64, arm64, ppc64le, s390x)\n",
			a.arch ? a.arch : u.machine);
		return VM_EXIT_USAGE;
	}
	g.aq = aq;
	if (check_config(a.config, config, sizeof(config)) || find_guest(&a, &g))
		return VM_EXIT_USAGE;
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
	if (a.ab)
		failed = vm_ab_run(&a, aq, &g, kvm, cmds) != 0;
	for (i = a.ab ? a.nk : 0; i < a.nk && !interrupted; i++) {
		if (boot_one(&a, aq, &g, kvm, &a.k[i], cmds))
			return 1;
		failed += strcmp(a.k[i].status, "ok") != 0;
	}
	for (; i < a.nk && !a.ab; i++)
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
