// SPDX-License-Identifier: GPL-2.0
/*
 * Booting one kernel under QEMU: its command line (machine, CPU, memory,
 * NUMA, the scratch disk), the boot with a deadline and a watch on the
 * console, and the probe of whether KVM can be used.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "bench/host/archprof.h"
#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "vm.h"
#include "vmframe.h"

int boot_loud;

static void add(struct boot *b, const char *s)
{
	if (b->argc < (int)ARRAY_SIZE(b->argv) - 1)
		b->argv[b->argc++] = (char *)s;
	b->argv[b->argc] = NULL;
}

/* The scratch disk, made afresh for every boot; a boot without it still runs. */
static void attach_disk(const struct vm_args *a, const struct arch_qemu *aq, const char *machine,
			struct boot *b)
{
	if (join(b->disk_path, sizeof(b->disk_path), a->out, ".scratch-disk.img") ||
	    vm_disk_prepare(b->disk_path, aq->arch, machine, a->disk_iops, &b->disk)) {
		fprintf(stderr, "ptbench vm: no scratch disk (%s): integrity will skip\n", strerror(errno));
		return;
	}
	if (!b->disk.direct)
		fprintf(stderr, "ptbench vm: %s has no O_DIRECT: the scratch disk is cache=writethrough\n",
			b->disk_path);
	add(b, "-drive");
	add(b, b->disk.drive);
	add(b, "-device");
	add(b, b->disk.device);
}

/* --numa N: N nodes, the CPUs and the memory split evenly (the last takes the rest). */
static void add_numa(const struct vm_args *a, struct boot *b)
{
	uint64_t mem = 0, per_mem;
	int i, per, lo;

	/* fewer CPUs than nodes: no NUMA (a node without CPUs would be memory-only) */
	if (a->numa < 2 || a->numa > a->smp || parse_size(a->mem, &mem))
		return;
	per = a->smp / a->numa;
	per_mem = (mem >> 20) / (uint64_t)a->numa;
	for (i = 0; i < a->numa; i++) {
		lo = i * per;
		snprintf(b->numa[2 * i], sizeof(b->numa[0]), "memory-backend-ram,id=m%d,size=%lluM", i,
			 (unsigned long long)(i < a->numa - 1 ? per_mem : (mem >> 20) - per_mem * (uint64_t)i));
		snprintf(b->numa[2 * i + 1], sizeof(b->numa[0]), "node,nodeid=%d,cpus=%d-%d,memdev=m%d",
			 i, lo, i < a->numa - 1 ? lo + per - 1 : a->smp - 1, i);
		add(b, "-object");
		add(b, b->numa[2 * i]);
		add(b, "-numa");
		add(b, b->numa[2 * i + 1]);
	}
}

/* Set for a second boot of a silent guest: without "quiet", its console says where it stops. */

/*
 * TCG's threading. MTTCG runs a host thread per vCPU: with more vCPUs than
 * host CPUs they starve each other, and 3 of ~11 boots of make
 * test-scale's 16-vCPU guest on 2 host CPUs stalled (RCU stalls, "timer
 * wakeup didn't happen", soft lockups) while the rest took 61-75 s. One
 * thread for all vCPUs: 20 of 20 boots passed, in 23-29 s. With no more
 * vCPUs than host CPUs MTTCG stays (single threading crashed a 2-vCPU
 * guest once in 30 there too, and was slower).
 */
static const char *tcg_accel(const struct vm_args *a)
{
	cpu_set_t set;
	int host = sched_getaffinity(0, sizeof(set), &set) ? 1 : CPU_COUNT(&set);

	if (!strcmp(a->tcg_thread, "single") || (!strcmp(a->tcg_thread, "auto") && a->smp > host))
		return "tcg,thread=single";
	return !strcmp(a->tcg_thread, "multi") ? "tcg,thread=multi" : "tcg";
}

void qemu_argv(const struct vm_args *a, const struct arch_qemu *aq, int kvm, const char *image,
	       const char *initrd, const char *extra, struct boot *b)
{
	const char *machine = arch_machine(aq, a->smp, b->machine, sizeof(b->machine));

	b->argc = 0;
	b->progress = NULL;
	add(b, a->qemu ? a->qemu : aq->qemu);
	add(b, "-accel");
	add(b, kvm ? "kvm" : tcg_accel(a));
	add(b, "-M");
	add(b, machine);
	if (kvm) {
		add(b, "-cpu");
		add(b, "host");
	} else if (a->cpu || aq->cpu) {
		add(b, "-cpu");
		add(b, a->cpu ? a->cpu : aq->cpu);
	}
	snprintf(b->smp, sizeof(b->smp), "%d", a->smp);
	add(b, "-smp");
	add(b, b->smp);
	add(b, "-m");
	add(b, a->mem);
	add_numa(a, b);
	add(b, "-nodefaults");
	add(b, "-no-user-config");
	add(b, "-display");
	add(b, "none");
	add(b, "-serial");
	add(b, "stdio");
	add(b, "-no-reboot");
	add(b, "-kernel");
	add(b, image);
	add(b, "-initrd");
	add(b, initrd);
	attach_disk(a, aq, machine, b);
	if (a->state_disk[0] && !vm_disk_state_args(a->state_disk, aq->arch, machine, &b->state)) {
		add(b, "-drive");
		add(b, b->state.drive);
		add(b, "-device");
		add(b, b->state.device);
	}
	/*
	 * x86 under TCG: the clocksource watchdog marks the TSC unstable at
	 * run time, and the static keys that flips are patched while the other
	 * vCPU runs that code: 6.12 guests died of "Oops: int3" in
	 * __schedule/finish_task_switch (2 boots in 6 here). Unstable from boot.
	 */
	/* oops=panic: a guest that oopsed would hang to the deadline holding a lock */
	snprintf(b->cmdline, sizeof(b->cmdline), "console=%s panic=-1 oops=panic%s%s%s%s%s%s",
		 aq->console, !strcmp(aq->arch, "x86_64") ? " tsc=unstable" : "",
		 boot_loud ? "" : " quiet", extra ? " " : "", extra ? extra : "",
		 a->append ? " " : "", a->append ? a->append : "");
	add(b, "-append");
	add(b, b->cmdline);
}

/* Start argv with stdout+stderr into log; kill it at the deadline. */
static int console_empty(const char *log)
{
	struct stat st;

	return !stat(log, &st) && st.st_size == 0;
}

/*
 * A guest whose kernel cannot power off (no ACPI: "reboot: Power off not
 * available: System halted instead") keeps QEMU running after its exit
 * line. Once that line is on the console, QEMU gets this long to stop by
 * itself before it is stopped, instead of running to the deadline.
 */
#define VM_GRACE_SEC	5

/*
 * Reads the console log as it grows, looking for the guest's exit line
 * and for lines that start with the boot's progress marker.
 */
struct console_watch {
	int fd;
	size_t ntail;
	const char *progress;
	char buf[65536 + 64];
};

/* A marker line begins at m: at the buffer's start or after a newline. */
static int line_start(const struct console_watch *w, const char *m)
{
	return m == w->buf || m[-1] == '\n';
}

/* 1 when the exit line came; *progress set when a progress line did. */
static int console_scan(struct console_watch *w, int *progress)
{
	const size_t keep = 96;		/* longer than either marker */
	ssize_t r;

	while ((r = read(w->fd, w->buf + w->ntail, sizeof(w->buf) - w->ntail - 1)) > 0) {
		size_t n = w->ntail + (size_t)r;
		char *m;

		w->buf[n] = '\0';
		m = memmem(w->buf, n, VMF_EXIT, strlen(VMF_EXIT));
		if (m && memchr(m, '\n', n - (size_t)(m - w->buf)))
			return 1;
		for (m = w->buf; w->progress && (m = strstr(m, w->progress)); m++)
			if (line_start(w, m))
				*progress = 1;
		/* keep a partial marker line for the next read */
		w->ntail = n < keep ? n : keep;
		memmove(w->buf, w->buf + n - w->ntail, w->ntail);
	}
	return 0;
}

/* Should QEMU be stopped now, and why (NULL: not yet)? A progress line moves the deadline. */
static const char *qemu_stop_reason(struct console_watch *w, uint64_t start, uint64_t now,
				    uint64_t *deadline, int timeout, const char *log,
				    uint64_t *exit_seen)
{
	int progress = 0;

	if (interrupted)
		return "interrupted";
	if (!*exit_seen && w->fd >= 0 && console_scan(w, &progress))
		*exit_seen = now;
	if (progress)
		*deadline = now + (uint64_t)timeout * 1000000000ull;
	if (now >= *deadline)
		return "timeout";
	if (timeout > VM_SILENT_SEC && now - start > VM_SILENT_SEC * 1000000000ull &&
	    console_empty(log))
		return "silent";
	if (*exit_seen && now - *exit_seen > VM_GRACE_SEC * 1000000000ull)
		return "guest-exit";
	return NULL;
}

int run_qemu(struct boot *b, const char *log, int timeout, struct qemu_end *e)
{
	int status = 0, fd, null;
	uint64_t start = now_ns(), deadline = start + (uint64_t)timeout * 1000000000ull;
	uint64_t killed = 0, exit_seen = 0;
	static struct console_watch w;
	struct spawn_opts o = SPAWN_OPTS_INIT;
	pid_t pid;

	memset(e, 0, sizeof(*e));
	e->ended = "power-off";
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || null < 0) {
		fprintf(stderr, "ptbench vm: %s: %s\n", log, strerror(errno));
		return -1;
	}
	o.in = null;
	o.out = fd;
	o.err = fd;
	/* Its own process group, so a terminal's ^C reaches us, and we stop it. */
	o.own_pgrp = 1;
	o.path_search = 1;
	o.who = "ptbench vm";
	pid = spawn_start(b->argv, &o);
	close(fd);
	close(null);
	if (pid < 0)
		return -1;
	w.ntail = 0;
	w.progress = b->progress;
	w.fd = open(log, O_RDONLY | O_CLOEXEC);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		uint64_t now = now_ns();
		const char *why;

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			break;
		if (!killed && (why = qemu_stop_reason(&w, start, now, &deadline, timeout, log,
						       &exit_seen))) {
			e->ended = why;
			e->timed_out = !strcmp(why, "timeout");
			e->silent = !strcmp(why, "silent");
			kill(pid, SIGTERM);
			killed = now;
		} else if (killed && now - killed > 3000000000ull) {
			kill(pid, SIGKILL);
		}
		usleep(20000);
	}
	if (w.fd >= 0)
		close(w.fd);
	e->secs = (double)(now_ns() - start) / 1e9;
	return spawn_code(status);
}

/* A console log: what a boot printed, however long (a hung guest's is not). */
#define LOG_MAX		((size_t)1 << 30)

char *read_all(const char *path, size_t *len)
{
	char *buf;

	return read_file(path, LOG_MAX, &buf, len) ? NULL : buf;
}

void print_tail(const char *log, size_t len)
{
	const char *p = log + len;
	int lines = 0;

	while (p > log && lines <= TAIL_LINES)
		if (*--p == '\n')
			lines++;
	if (*p == '\n')
		p++;
	fprintf(stderr, "---- last %d lines of the console ----\n", TAIL_LINES);
	for (; p < log + len; p++)
		if (*p != '\r')
			fputc((*p >= 32 || *p == '\n' || *p == '\t') ? *p : '?', stderr);
	if (len && log[len - 1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "----\n");
}

/*
 * KVM only when the guest is the host's arch, /dev/kvm answers, and a probe
 * boot of the first kernel under KVM reaches /init: some /dev/kvm (nested or
 * restricted) cannot boot a stock kernel, so its presence proves nothing.
 */
int probe_kvm(const struct vm_args *a, const struct arch_qemu *aq, const char *initrd,
	      char *why, size_t len)
{
	struct utsname u;
	char log[PATH_MAX], *text;
	struct boot b;
	struct qemu_end e;
	int fd, ver, rc, ok;
	size_t n = 0;

	if (!strcmp(a->accel, "tcg"))
		return set_why(why, len, "tcg asked for (--accel tcg)"), 0;
	uname(&u);
	if (!archprof_name(u.machine) || strcmp(archprof_name(u.machine), aq->arch))
		return set_why(why, len, "guest arch %s differs from the host's (%s)", aq->arch, u.machine), 0;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return set_why(why, len, "/dev/kvm: %s", strerror(errno)), 0;
	ver = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	if (ver != 12)
		return set_why(why, len, "/dev/kvm answers API version %d, not 12", ver), 0;
	if (join(log, sizeof(log), a->out, "kvm-probe.console.log"))
		return 0;
	qemu_argv(a, aq, 1, a->k[0].image, initrd, "ptbench_probe=1", &b);
	rc = run_qemu(&b, log, KVM_PROBE_SECS, &e);
	text = read_all(log, &n);
	ok = text && strstr(text, VMF_START);
	if (ok)
		set_why(why, len, "a probe boot under KVM reached /init in %.1f s", e.secs);
	else if (e.timed_out)
		set_why(why, len, "a probe boot under KVM did not reach /init in %d s (see %s)",
			KVM_PROBE_SECS, log);
	else
		set_why(why, len, "a probe boot under KVM failed (QEMU exit %d, see %s)", rc, log);
	free(text);
	return ok;
}
