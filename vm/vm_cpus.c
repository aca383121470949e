// SPDX-License-Identifier: GPL-2.0
/* Did the guest's vCPUs all come up, and the likely reason when not (vm_cpus.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench/host/placement.h"
#include "bench/host/sysinfo.h"
#include "lib/file.h"
#include "lib/util.h"
#include "vm_cpus.h"

/* A word of the command line ("nosmp") or the value of "key=" in it; NULL if absent. */
static const char *cmdline_word(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = cmdline; p && (p = strstr(p, word)); p += n)
		if ((p == cmdline || p[-1] == ' ') &&
		    (word[n - 1] == '=' || p[n] == ' ' || p[n] == '\0' || p[n] == '\n'))
			return p + n;
	return NULL;
}

static int cmdline_reason(const struct vm_cpus_facts *f, char *why, size_t len)
{
	static const char *const limits[] = { "maxcpus=", "nr_cpus=", "possible_cpus=" };
	size_t i;

	if (!f->cmdline)
		return 0;
	if (cmdline_word(f->cmdline, "nosmp")) {
		set_why(why, len, "the kernel command line says nosmp");
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		const char *v = cmdline_word(f->cmdline, limits[i]);

		if (v && atoi(v) < f->want) {
			set_why(why, len, "the kernel command line says %s%d", limits[i], atoi(v));
			return 1;
		}
	}
	return 0;
}

/* The firmware's CPU tables the kernel could not read, per arch. */
static int firmware_reason(const struct vm_cpus_facts *f, char *why, size_t len)
{
	const char *(*k)(const char *) = f->kconfig;

	/* QEMU pc: SeaBIOS's MP table listed only the boot CPU here, with X86_MPPARSE=y */
	if (!strcmp(f->arch, "x86_64") && !k("ACPI")) {
		set_why(why, len, "CONFIG_ACPI is not set: the kernel cannot read the ACPI MADT that "
			"describes the other CPUs of QEMU's pc machine%s", k("X86_MPPARSE") ?
			" (its MP table lists only the boot CPU)" : "");
		return 1;
	}
	if (!strcmp(f->arch, "aarch64") && !k("ARM_PSCI_FW")) {
		set_why(why, len, "CONFIG_ARM_PSCI_FW is not set: the kernel cannot start the other CPUs "
			"of QEMU's virt machine (PSCI)");
		return 1;
	}
	return 0;
}

void vm_cpus_reason(const struct vm_cpus_facts *f, char *why, size_t len)
{
	const char *nr;

	if (cmdline_reason(f, why, len))
		return;
	if (f->kconfig && !f->kconfig("SMP")) {
		set_why(why, len, "CONFIG_SMP is not set");
		return;
	}
	if (f->kconfig && (nr = f->kconfig("NR_CPUS")) && atoi(nr) < f->want) {
		set_why(why, len, "CONFIG_NR_CPUS=%s", nr);
		return;
	}
	if (f->possible >= 0 && f->possible < f->want) {
		if (f->kconfig && firmware_reason(f, why, len))
			return;
		set_why(why, len, "the kernel found only %d possible CPUs: it did not read the firmware's "
			"CPU tables%s", f->possible, f->kconfig ? "" : " (kernel config not readable)");
		return;
	}
	set_why(why, len, "%d CPUs possible but %d online: the others failed to start (the console "
		"says why)", f->possible, f->online);
}

/* "0-3" or "0,2-3": how many CPUs a sysfs CPU list names; -1 unreadable. */
static int cpulist_count(const char *path)
{
	char buf[256], *p, *end;
	int n = 0;

	if (read_str(path, buf, sizeof(buf)))
		return -1;
	for (p = buf; *p && *p != '\n'; p = *end ? end + 1 : end) {
		long a = strtol(p, &end, 10), b = a;

		if (end == p)
			return -1;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		n += (int)(b - a + 1);
	}
	return n;
}

static const char *guest_kconfig(const char *name)
{
	const char *v = kconfig_get(name);

	return v && strcmp(v, "n") ? v : NULL;
}

int vm_cpus_check(int want, char env[2][320], size_t envlen)
{
	struct vm_cpus_facts f = { .want = want };
	char cmdline[1024] = "", why[256];
	struct utsname u;

	f.online = cpulist_count("/sys/devices/system/cpu/online");
	f.possible = cpulist_count("/sys/devices/system/cpu/possible");
	if (want <= 0 || f.online < 0 || f.online >= want)
		return 0;
	uname(&u);
	read_str("/proc/cmdline", cmdline, sizeof(cmdline));
	f.arch = u.machine;
	f.cmdline = cmdline;
	f.kconfig = kconfig_readable() ? guest_kconfig : NULL;
	vm_cpus_reason(&f, why, sizeof(why));
	printf(VM_CPUS_LINE "%d of %d came up; likely: %s; points with more workers are skipped\n",
	       f.online, want, why);
	snprintf(env[0], envlen, PTBENCH_EXPECT_CPUS "=%d", want);
	snprintf(env[1], envlen, PTBENCH_EXPECT_CPUS_WHY "=likely: %s", why);
	return 1;
}

const char *vm_cpus_seen(const char *log, char *out, size_t len)
{
	const char *p = strstr(log, VM_CPUS_LINE);
	size_t n;

	if (!p)
		return NULL;
	p += strlen(VM_CPUS_LINE);
	n = strcspn(p, "\r\n");
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), p);
	return out;
}
