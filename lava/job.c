// SPDX-License-Identifier: GPL-2.0
/*
 * One LAVA job of a plan: deploy the kernel and its ramdisk, boot, and a
 * test definition whose one step is "ptbench lava guest" (guest.c). On the
 * QEMU device type the images go to tmpfs and the kernel's command line
 * rides in the image's image_arg; on a lab's board they go to TFTP and
 * the boot method (u-boot, grub, ...) is the lab's, with the command line
 * in the context's extra_kernel_args, as LAVA's device templates take it.
 */
#include <string.h>

#include "vm/vm_guest.h"
#include "lava_int.h"

/* A file of DIR/images/ as the lab fetches it: --url-base, else file://. */
static json_t *url(const struct lava_args *a, const char *file)
{
	const char *base = strrchr(file, '/');
	char buf[PATH_MAX + 64];

	snprintf(buf, sizeof(buf), "%s/%s", a->url_base, base ? base + 1 : file);
	return json_string(buf);
}

/*
 * What ptbench vm boots with (vm/qemu.c): a panic reboots at once, and
 * with QEMU's -no-reboot that ends the boot instead of leaving LAVA
 * waiting to its timeout; an oops panics. x86 under TCG: an unstable TSC
 * from boot, as ptbench vm has it.
 */
static void cmdline(const struct lava_args *a, const char *console, char *buf, size_t len)
{
	int tcg_x86 = !strcmp(a->device_type, "qemu") && !strcmp(a->arch, "x86_64");

	snprintf(buf, len, "%s%s%srdinit=/init panic=-1 oops=panic%s%s%s", console ? "console=" : "",
		 console ? console : "", console ? " " : "", tcg_x86 ? " tsc=unstable" : "",
		 a->append ? " " : "", a->append ? a->append : "");
}

static json_t *deploy_qemu(const struct lava_args *a, const struct lava_kernel *k,
			   const struct lava_qemu *q)
{
	char line[1024], arg[1200];

	cmdline(a, q->aq->console, line, sizeof(line));
	snprintf(arg, sizeof(arg), "-kernel {kernel} -append \"%s\"", line);
	return json_pack("{s:{s:i}, s:s, s:{s:{s:o, s:s}, s:{s:o, s:s, s:s, s:s, s:{s:b}}}}",
			 "timeout", "minutes", 5, "to", "tmpfs", "images",
			 "kernel", "url", url(a, k->kernel_file), "image_arg", arg,
			 "ramdisk", "url", url(a, k->ramdisk_file), "image_arg", "-initrd {ramdisk}",
			 "compression", "gz", "format", "cpio.newc", "overlays", "lava", 1);
}

static json_t *deploy_board(const struct lava_args *a, const struct lava_kernel *k)
{
	json_t *d = json_pack("{s:{s:i}, s:s, s:{s:o, s:s}, s:{s:o, s:s}, s:s}", "timeout", "minutes",
			      5, "to", "tftp", "kernel", "url", url(a, k->kernel_file), "type",
			      a->kernel_type, "ramdisk", "url", url(a, k->ramdisk_file), "compression",
			      "gz", "os", "oe");

	if (a->dtb)
		json_object_set_new(d, "dtb", json_pack("{s:s}", "url", a->dtb));
	return d;
}

static json_t *boot(const struct lava_args *a)
{
	json_t *b = json_pack("{s:{s:i}, s:s, s:[s]}", "timeout", "minutes", a->boot_minutes,
			      "method", a->boot_method, "prompts", LAVA_PROMPT_MATCH);

	if (!strcmp(a->device_type, "qemu"))
		json_object_set_new(b, "media", json_string("tmpfs"));
	else
		json_object_set_new(b, "commands", json_string("ramdisk"));
	return b;
}

static json_t *test(const struct lava_args *a, int seq, int njobs)
{
	char step[256], desc[512];

	snprintf(step, sizeof(step), VM_GUEST_DIR "/ptbench lava guest --seq %d --of %d --plan %s", seq,
		 njobs, a->plan_id);
	snprintf(desc, sizeof(desc), "ptbench: the config %s, every point's headline figures as test cases",
		 a->config);
	return json_pack("{s:{s:i}, s:[{s:s, s:s, s:s, s:{s:{s:s, s:s, s:s}, s:{s:[s]}}}]}",
			 "timeout", "minutes", a->test_minutes, "definitions", "from", "inline",
			 "name", "ptbench", "path", "inline/ptbench.yaml", "repository", "metadata",
			 "format", "Lava-Test Test Definition 1.0", "name", "ptbench", "description",
			 desc, "run", "steps", step);
}

json_t *lava_job(const struct lava_args *a, int k, int seq, int njobs)
{
	const struct lava_kernel *kn = &a->k[k];
	int qemu = !strcmp(a->device_type, "qemu");
	const struct lava_qemu *q = qemu ? lava_qemu_lookup(a->arch) : NULL;
	char name[256], line[1024];
	json_t *job, *ctx, *tags;
	int i;

	if (qemu && !q)
		return NULL;
	snprintf(name, sizeof(name), "%s %s %d/%d (ptbench plan %s)", a->job_name, kn->name, seq,
		 njobs, a->plan_id);
	if (qemu) {
		ctx = lava_qemu_context(q, a->mem, a->smp);
	} else {
		cmdline(a, NULL, line, sizeof(line));
		ctx = json_pack("{s:s}", "extra_kernel_args", line);
	}
	job = json_pack("{s:s, s:s, s:{s:{s:i}, s:{s:i}, s:{s:i}}, s:s, s:s, s:o, s:{s:s, s:i, s:i, s:s, s:s, s:s}}",
			"device_type", a->device_type, "job_name", name,
			"timeouts", "job", "minutes", a->boot_minutes + a->test_minutes + 10,
			"action", "minutes", a->test_minutes, "connection", "minutes", 2,
			"priority", "medium", "visibility", "public", "context", ctx,
			"metadata", "ptbench.plan", a->plan_id, "ptbench.seq", seq, "ptbench.of", njobs,
			"ptbench.kernel", kn->name, "ptbench.arch", a->arch, "ptbench.config", a->config);
	if (a->ntags) {
		tags = json_array();
		for (i = 0; i < a->ntags; i++)
			json_array_append_new(tags, json_string(a->tags[i]));
		json_object_set_new(job, "tags", tags);
	}
	json_object_set_new(job, "actions", json_pack("[{s:o}, {s:o}, {s:o}]",
		"deploy", qemu ? deploy_qemu(a, kn, q) : deploy_board(a, kn),
		"boot", boot(a), "test", test(a, seq, njobs)));
	return job;
}
