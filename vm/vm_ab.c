// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench vm --ab N: a ptbench ab plan inside one guest, as on a lab
 * machine but with QEMU as the machine. The guest boots the first kernel
 * (its "default entry") with an initramfs that also carries every kernel,
 * each kernel's own initramfs and Debian's kexec-tools; its /init starts
 * the plan on a disk of its own (an ext4 image made here by mke2fs), which
 * keeps the plan, the kernels' copies and the results across kexec boots.
 * Each boot's /init runs the plan's step (vm_guest_ab.c), as ptbench's
 * systemd unit does on a lab machine.
 *
 * A planned kernel that panics reboots after panic=N, and QEMU, run with
 * -no-reboot, exits: then this boots the first kernel again, as firmware
 * would boot the default entry, and the step there records the failed
 * boot. At the end the guest sends the plan, every result file and its
 * compare over the console (vmframe.h); the results go to
 * OUT/results/NAME/, the plan to OUT/plan.json, and the host compares
 * the kernels' directories (boots as the top level of the model).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ab/ab.h"
#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "vm.h"
#include "vmframe.h"

#define AB_GUEST_PANIC	10	/* panic=N of the planned boots: QEMU stops N s after a panic */
#define AB_MAX_FRAMES	(AB_MAX_SLOTS * 2 + 8)
#define AB_GUEST_NOTE	"ptbench vm --ab: /init runs the steps of the plan on its disk\n"

static int kexec_root(const struct vm_args *a, const struct guest *g, char *out, size_t len)
{
	char bin[PATH_MAX + 32];
	const char *slash = strrchr(g->bin, '/');

	if (a->kexec_root)
		snprintf(out, len, "%s", a->kexec_root);
	else
		snprintf(out, len, "%.*s/guest-kexec", slash ? (int)(slash - g->bin) : 1,
			 slash ? g->bin : ".");
	snprintf(bin, sizeof(bin), "%s/sbin/kexec", out);
	if (!access(bin, X_OK))
		return 0;
	fprintf(stderr, "ptbench vm: --ab: no kexec-tools for the guest at %s: 'make ARCH=%s "
		"guest-kexec' makes it (or --kexec-root)\n", bin, g->aq->arch);
	return -1;
}

/*
 * An ext4 image for the plan (mke2fs, sparse), with its journal: a planned
 * kernel dies with the disk mounted, and ext2's bitmaps were found torn
 * after such a crash ("EXT4-fs error ... failed to insert inode: doubly
 * allocated?"), failing the next step's write of plan.json. The journal
 * is replayed at the next mount.
 */
static int state_disk(struct vm_args *a)
{
	char *argv[] = { "mke2fs", "-q", "-F", "-t", "ext4", "-L", "ptbench-ab", a->state_disk,
			 "1024M", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	if (join(a->state_disk, sizeof(a->state_disk), a->out, ".ab-state.img"))
		return -1;
	unlink(a->state_disk);
	o.path_search = 1;
	o.out = SPAWN_NULL;
	rc = spawn_run(argv, &o);
	if (rc)
		fprintf(stderr, "ptbench vm: --ab: mke2fs %s exited %d (e2fsprogs installed?)\n",
			a->state_disk, rc);
	return rc ? -1 : 0;
}

/* One argument per line: what the guest's /init passes to "ptbench ab start". */
static int write_args(const struct vm_args *a, const char *path)
{
	FILE *f = fopen(path, "we");
	int i;

	if (!f)
		return -1;
	fprintf(f, "start\n--guest\n--state\n/ab/plan\n--boots\n%d\n--runs\n2\n--rounds\n%d\n--panic\n%d\n"
		"--config\n/ptbench/config.json\n--home\n/ptbench/ab/%s.image,initrd=/ptbench/ab/%s.cpio\n",
		a->ab, a->rounds, AB_GUEST_PANIC, a->k[0].stem, a->k[0].stem);
	for (i = 0; i < a->nk; i++)
		fprintf(f, "--kernel\n%s=/ptbench/ab/%s.image,initrd=/ptbench/ab/%s.cpio%s%s\n",
			a->k[i].name, a->k[i].stem, a->k[i].stem, a->k[i].append[0] ? ",append=" : "",
			a->k[i].append);
	return fclose(f);
}

/*
 * Each kernel's own initramfs (kexec-tools in it), last the first's, whose
 * modules the bundle keeps; then the bundle: that tree plus /ptbench/ab
 * with every image, every initramfs and the start's arguments.
 */
static int bundle(const struct vm_args *a, const struct guest *g, char (*plain)[PATH_MAX],
		  char *out, size_t len)
{
	char kroot[PATH_MAX], dir[PATH_MAX], p[PATH_MAX + 128], list[PATH_MAX];
	char *rm[] = { "rm", "-rf", "--", dir, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int i;

	if (kexec_root(a, g, kroot, sizeof(kroot)) || copy_tree(kroot, g->stage) ||
	    join(p, sizeof(p), g->stage, "ptbench/ab-guest") ||
	    write_file_atomic(p, AB_GUEST_NOTE, strlen(AB_GUEST_NOTE)))
		return -1;
	for (i = a->nk - 1; i >= 0; i--)
		if (kernel_initramfs(a, g, &a->k[i], plain[i], PATH_MAX))
			return -1;
	if (join(dir, sizeof(dir), g->stage, "ptbench/ab") || mkdir_p(dir))
		return -1;
	for (i = 0; i < a->nk; i++) {
		snprintf(p, sizeof(p), "%s/%s.image", dir, a->k[i].stem);
		if (copy_file(a->k[i].image, p, 0644))
			return -1;
		snprintf(p, sizeof(p), "%s/%s.cpio", dir, a->k[i].stem);
		if (copy_file(plain[i], p, 0644))
			return -1;
	}
	snprintf(p, sizeof(p), "%s/args", dir);
	if (write_args(a, p) || join(list, sizeof(list), a->out, ".initramfs.list") ||
	    (size_t)snprintf(out, len, "%s/.initramfs-ab.cpio", a->out) >= len ||
	    make_cpio(g->stage, list, out))
		return -1;
	/* the tree again as every kernel's own initramfs has it */
	o.path_search = 1;
	return spawn_run(rm, &o) ? -1 : 0;
}

/* A result file's kernel, by its run label. */
static int result_kernel(const struct vm_args *a, json_t *j)
{
	const char *label = json_string_value(json_object_get(json_object_get(j, "run"), "label"));
	int i;

	for (i = 0; label && i < a->nk; i++)
		if (!strcmp(a->k[i].name, label))
			return i;
	return -1;
}

/* One frame the guest sent: a result into results/STEM/, the plan, or its compare. */
static int keep_frame(const struct vm_args *a, const struct vmf_file *f, int n, int *per)
{
	char path[PATH_MAX + 160];
	const char *schema;
	json_t *j;
	int k;

	j = json_loadb((const char *)f->data, f->len, 0, NULL);
	schema = json_string_value(json_object_get(j, "schema"));
	k = j ? result_kernel(a, j) : -1;
	if (schema && !strcmp(schema, AB_SCHEMA)) {
		snprintf(path, sizeof(path), "%s/plan.json", a->out);
	} else if (schema && !strncmp(schema, "ptbench-result/", 15) && k >= 0) {
		snprintf(path, sizeof(path), "%s/results/%s", a->out, a->k[k].stem);
		mkdir_p(path);
		snprintf(path, sizeof(path), "%s/results/%s/%03d.json", a->out, a->k[k].stem, n);
		per[k]++;
	} else {
		snprintf(path, sizeof(path), "%s/guest-compare.json", a->out);
	}
	json_decref(j);
	return write_file_atomic(path, f->data, f->len);
}

/* Every frame of every boot's console: 0 when the guest said it was done. */
static int collect_boot(const struct vm_args *a, const char *log, int *nfile, int *per, int *bad)
{
	struct vmf_file *files = calloc(AB_MAX_FRAMES, sizeof(*files));
	size_t len = 0;
	char *text = read_all(log, &len);
	int n, i, done;

	if (!text || !files) {
		free(text);
		free(files);
		return -1;
	}
	n = vmf_parse(text, len, files, AB_MAX_FRAMES);
	for (i = 0; i < n; i++) {
		if (!files[i].ok || keep_frame(a, &files[i], (*nfile)++, per)) {
			fprintf(stderr, "ptbench vm: %s: a file the guest sent is lost: %s\n", log,
				files[i].ok ? strerror(errno) : files[i].why);
			(*bad)++;
		}
	}
	done = strstr(text, VMF_EXIT) != NULL;
	vmf_free(files, n);
	free(files);
	free(text);
	return done ? 0 : 1;
}

/*
 * The plan as the guest left it, with its boots' table: 0 when it ended
 * (done, stopped or aborted), -1 when a step gave up on it half-way (the
 * guest's step exited without going on: its reason is on the console) or
 * no plan came back.
 */
static int show_plan(const struct vm_args *a)
{
	struct ab_plan *p = calloc(1, sizeof(*p));
	char path[PATH_MAX + 16], why[512];
	json_t *j;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/plan.json", a->out);
	j = json_load_file(path, 0, NULL);
	if (p && j && !ab_from_json(p, j, why, sizeof(why))) {
		ab_status(p, stdout);
		rc = p->phase == AB_RUNNING || p->phase == AB_RETURNING ? -1 : 0;
		if (rc)
			fprintf(stderr, "ptbench vm: --ab: the plan did not end: it is %s at boot %d of "
				"%d, and the guest's step gave up (its console says why)\n",
				ab_phase_name(p->phase), p->next + 1, p->nslot);
	} else {
		fprintf(stderr, "ptbench vm: --ab: no plan came back (%s)\n", path);
	}
	json_decref(j);
	free(p);
	return rc;
}

/* A machine boot that ended without the guest's exit line: how, from its console. */
static void say_end(const char *log, int nboot)
{
	char died[320] = "";
	size_t len;
	char *text = read_all(log, &len);

	if (text && strstr(text, "Kernel panic"))
		vm_crash_describe(text, died, sizeof(died));
	fprintf(stderr, "ptbench vm: --ab: machine boot %d ended without the plan's end%s%s "
		"(console %s)\n", nboot, died[0] ? ": " : "", died, log);
	free(text);
}

/*
 * Boot the first kernel with the bundle; when the guest stops without its
 * exit line (a planned kernel panicked: QEMU's -no-reboot), boot the first
 * kernel again with its own initramfs, as firmware would boot the default
 * entry, at most once per planned boot. Each planned boot has --timeout
 * from the plan's line that starts it ("ptbench ab: ..."): a machine that
 * makes no progress for that long is stopped and booted again, as a lab
 * machine's watchdog would (the plan records that boot as failed).
 */
static int boot_plan(struct vm_args *a, const struct arch_qemu *aq, int kvm, const char *bundle_cpio,
		     const char *plain, json_t *cmds, int *per)
{
	int nboot, nfile = 0, bad = 0, max = a->ab * a->nk + 2, rc = 1;
	char log[PATH_MAX + 64];
	struct qemu_end e;
	struct boot b;

	for (nboot = 1; nboot <= max && rc == 1 && !interrupted; nboot++) {
		snprintf(log, sizeof(log), "%s/ab-boot%d.console.log", a->out, nboot);
		qemu_argv(a, aq, kvm, a->k[0].image, nboot == 1 ? bundle_cpio : plain, NULL, &b);
		b.progress = "ptbench ab: ";
		fprintf(stderr, "ptbench vm: --ab: machine boot %d: %s (%s)\n", nboot, a->k[0].name,
			nboot == 1 ? "the plan's start" : "the default entry again, as firmware would");
		if (run_qemu(&b, log, a->timeout, &e) == 127) {
			fprintf(stderr, "ptbench vm: --ab: QEMU could not be started\n");
			return -1;
		}
		json_array_append_new(cmds, argv_json(&b));
		rc = collect_boot(a, log, &nfile, per, &bad);
		if (rc == 1 && e.timed_out)
			fprintf(stderr, "ptbench vm: --ab: machine boot %d made no progress in %d s (a "
				"hung kernel): stopped, and booted again as a watchdog would (console "
				"%s)\n", nboot, a->timeout, log);
		else if (rc == 1)
			say_end(log, nboot);
		if (rc == 1 && (e.silent || !strcmp(e.ended, "interrupted"))) {
			fprintf(stderr, "ptbench vm: --ab: machine boot %d ended by %s (console %s)\n",
				nboot, e.ended, log);
			rc = -1;
		}
	}
	if (rc)
		fprintf(stderr, "ptbench vm: --ab: the guest never finished the plan (%d machine boots)\n",
			nboot - 1);
	return rc || bad ? -1 : 0;
}

int vm_ab_run(struct vm_args *a, const struct arch_qemu *aq, const struct guest *g, int kvm,
	      json_t *cmds)
{
	static char plain[VM_MAX_KERNELS][PATH_MAX];
	char bundle_cpio[PATH_MAX], dir[PATH_MAX + 16];
	int per[VM_MAX_KERNELS] = { 0 }, i, rc;

	if (a->nextra + 2 > VM_MAX_MODULES) {
		fprintf(stderr, "ptbench vm: --ab takes two of the %d --module places\n", VM_MAX_MODULES);
		return 1;
	}
	/* the state disk's filesystem: ext4 (a module on Debian, with jbd2), which wants crc32c */
	a->extra_mods[a->nextra++] = "ext4";
	a->extra_mods[a->nextra++] = "crc32c_generic";
	if (state_disk(a) || bundle(a, g, plain, bundle_cpio, sizeof(bundle_cpio)))
		return 1;
	rc = boot_plan(a, aq, kvm, bundle_cpio, plain[0], cmds, per);
	rc |= show_plan(a);
	for (i = 0; i < a->nk; i++) {
		struct vm_kernel *k = &a->k[i];

		snprintf(dir, sizeof(dir), "%s/results/%s", a->out, k->stem);
		k->status = per[i] ? "ok" : "no-result";
		if (snprintf(k->result, sizeof(k->result), "%s", per[i] ? dir : "") >= (int)sizeof(k->result))
			k->result[0] = '\0';
		snprintf(k->console, sizeof(k->console), "%s/ab-boot1.console.log", a->out);
		set_why(k->why, sizeof(k->why), "%d result files from its boots", per[i]);
		printf("%-20s %d result file(s) in %s\n", k->name, per[i], dir);
		rc |= !per[i];
	}
	return rc;
}
