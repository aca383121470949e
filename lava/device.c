// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU device of each arch, for LAVA: the machine, CPU and console
 * are ptbench vm's (vm/arches.c: what boots Debian's kernels under TCG
 * and KVM), the names are LAVA's, and the device dictionary is the one
 * shared/recipes/lava.md checked with lava-run, cut down from
 * lava-server's qemu.jinja2. A lab's server renders its own dictionary
 * from the job's context; lava-run needs one written out.
 */
#include <string.h>

#include "lib/util.h"
#include "lava_int.h"

static struct lava_qemu qemus[] = {
	{ "x86_64", "amd64", "x86_64", NULL },
	{ "arm64", "arm64", "aarch64", NULL },
	/* the job says ppc64le: lava-server's template says ppc64 */
	{ "ppc64le", "ppc64le", "ppc64", NULL },
	{ "s390x", "s390x", "s390x", NULL },
};

const struct lava_qemu *lava_qemu_lookup(const char *arch)
{
	const struct arch_qemu *aq = arch_lookup(arch);
	size_t i;

	for (i = 0; aq && i < ARRAY_SIZE(qemus); i++)
		if (!strcmp(qemus[i].arch, aq->arch)) {
			qemus[i].aq = aq;
			return &qemus[i];
		}
	fprintf(stderr, "ptbench lava: no QEMU device for arch '%s' (x86_64, arm64, ppc64le, s390x)\n",
		arch);
	return NULL;
}

json_t *lava_qemu_context(const struct lava_qemu *q, const char *mem, int smp)
{
	char m[128], s[16];
	json_t *ctx;

	snprintf(s, sizeof(s), "%d", smp);
	ctx = json_pack("{s:s, s:s, s:s, s:[s,s], s:b}", "arch", q->lava_arch,
			"machine", arch_machine(q->aq, smp, m, sizeof(m)), "memory", mem, "extra_options",
			"-smp", s, "no_kvm", 1);
	if (q->aq->cpu)
		json_object_set_new(ctx, "cpu", json_string(q->aq->cpu));
	return ctx;
}

json_t *lava_qemu_device(const struct lava_qemu *q, const char *mem, int smp)
{
	char m[128], s[16];
	json_t *opts, *dev;

	snprintf(s, sizeof(s), "%d", smp);
	opts = json_pack("[s,s,s,s,s,s,s,s,s,s,s,s]", "-nographic", "-nic", "none", "-monitor",
			 "none", "-no-reboot", "-accel", "tcg", "-M", arch_machine(q->aq, smp, m, sizeof(m)),
			 "-m", mem);
	json_array_append_new(opts, json_string("-smp"));
	json_array_append_new(opts, json_string(s));
	if (q->aq->cpu) {
		json_array_append_new(opts, json_string("-cpu"));
		json_array_append_new(opts, json_string(q->aq->cpu));
	}
	dev = json_pack("{s:{s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:i, s:n}, s:[s,s], s:o, s:{s:{}, s:{}}}",
		"constants",
		"posix", "lava_test_sh_cmd", "/bin/sh", "lava_test_results_dir", "/lava-%s",
		"lava_test_shell_file", "~/.bashrc",
		"kernel-start-message", "Linux version [0-9]",
		"default-shell-prompt", "lava-test: # ",
		"shutdown-message", "The system is going down for reboot NOW",
		"spawn_maxread", "4092",
		"failure_retry", 1,
		"boot_retry",
		"available_architectures", q->lava_arch, q->also,
		"actions", json_pack("{s:{s:{s:n}, s:{s:{s:{s:{s:i, s:s, s:s}}}}}, s:{s:{s:n}, s:{s:{s:{s:s, s:o}}}}}",
			"deploy", "connections", "serial",
			"methods", "image", "parameters", "guest", "size", 512, "interface", "ide",
			"driveid", "lavatest",
			"boot", "connections", "serial",
			"methods", "qemu", "parameters", "command", q->aq->qemu, "options", opts),
		"timeouts", "actions", "connections");
	return dev;
}
