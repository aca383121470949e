// SPDX-License-Identifier: GPL-2.0
/*
 * Entering a kernel with Debian's kexec-tools, the field's own tool
 * (purgatory, segments and every image format are its business):
 *
 *   kexec -s -l IMAGE ...   kexec_file_load, where the running kernel has
 *                           CONFIG_KEXEC_FILE (Debian's amd64 6.1, 6.12)
 *   kexec -l IMAGE ...      kexec_load, where it has only CONFIG_KEXEC
 *                           (Debian's arm64, ppc64el, s390x)
 *   systemctl kexec         on a lab machine: systemd stops the services,
 *                           unmounts, then boots the loaded kernel
 *   kexec -e                in a "ptbench vm --ab" guest, whose /init is
 *                           ptbench (the state disk synced first)
 *
 * Which syscalls the kernel has is asked of the kernel itself, with flags
 * no kernel accepts: ENOSYS means not built in, EPERM refused (no
 * CAP_SYS_BOOT, kexec_load_disabled, or lockdown), EINVAL there and
 * allowed. Nothing is loaded or unloaded by asking.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "lib/util.h"
#include "ab.h"

#define BAD_FLAGS	0x7fff0000UL

static int probe(long nr, const char *what, char *why, size_t len)
{
	long r = nr == SYS_kexec_load ? syscall(nr, 0UL, 0UL, NULL, BAD_FLAGS) :
					syscall(nr, -1, -1, 0UL, NULL, BAD_FLAGS);

	if (r == -1 && errno == EINVAL)
		return 1;
	if (errno == ENOSYS)
		set_why(why, len, "%s: not in this kernel (ENOSYS)", what);
	else if (errno == EPERM)
		set_why(why, len, "%s: refused (EPERM: no CAP_SYS_BOOT, kernel.kexec_load_disabled "
			"or lockdown)", what);
	else
		set_why(why, len, "%s: %s", what, strerror(errno));
	return 0;
}

/* Which of the two the kernel offers; 0 when at least one, else -1 with both reasons. */
int ab_kexec_syscalls(int *file_load, int *load, char *why, size_t len)
{
	char a[256] = "", b[256] = "";

#ifdef SYS_kexec_file_load
	*file_load = probe(SYS_kexec_file_load, "kexec_file_load", a, sizeof(a));
#else
	*file_load = 0;
	snprintf(a, sizeof(a), "kexec_file_load: no such syscall on this arch");
#endif
	*load = probe(SYS_kexec_load, "kexec_load", b, sizeof(b));
	if (*file_load || *load)
		return 0;
	return set_why(why, len, "no kexec: %s; %s", a, b);
}

const char *ab_kexec_path(void)
{
	static const char *const where[] = { "/ptbench/kexec/sbin/kexec", "/usr/sbin/kexec",
					     "/sbin/kexec", NULL };
	const char *const *w;

	for (w = where; *w; w++)
		if (!access(*w, X_OK))
			return *w;
	return NULL;
}

static int drop(const char *tok)
{
	static const char *const gone[] = { "BOOT_IMAGE=", "initrd=", "panic=", AB_MARK, NULL };
	const char *const *g;

	for (g = gone; *g; g++)
		if (!strncmp(tok, *g, strlen(*g)))
			return 1;
	return 0;
}

/*
 * The home command line without what belongs to one boot (BOOT_IMAGE=,
 * initrd=, panic=, an older mark), the kernel's own arguments, panic=N and
 * the mark that tells the next step which boot this is.
 */
void ab_cmdline(const struct ab_plan *p, const struct ab_kernel *k, const char *mark, char *out,
		size_t len)
{
	char buf[sizeof(p->home_cmdline)], *save = NULL, *tok;
	size_t n = 0;

	out[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", p->home_cmdline);
	for (tok = strtok_r(buf, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
		if (!drop(tok) && n < len)
			n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", tok);
	if (k->append[0] && n < len)
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", k->append);
	if (n < len)
		snprintf(out + n, len - n, "%spanic=%d %s%s", n ? " " : "", p->panic, AB_MARK, mark);
}

static int kexec_run(char *const argv[], char *why, size_t len)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	o.path = ab_kexec_path();
	if (!o.path)
		return set_why(why, len, "kexec-tools' kexec is not installed");
	rc = spawn_run(argv, &o);
	if (rc)
		return set_why(why, len, "%s %s exited %d", o.path, argv[1], rc);
	return 0;
}

int ab_kexec_load(const struct ab_plan *p, const struct ab_kernel *k, const char *cmdline,
		  char *why, size_t len)
{
	char initrd[PATH_MAX + 16], line[4096];
	char *argv[8];
	int n = 0;

	snprintf(line, sizeof(line), "--command-line=%s", cmdline);
	argv[n++] = "kexec";
	if (p->file_load)
		argv[n++] = "-s";
	argv[n++] = "-l";
	argv[n++] = (char *)k->image;
	if (k->initrd[0]) {
		snprintf(initrd, sizeof(initrd), "--initrd=%s", k->initrd);
		argv[n++] = initrd;
	}
	argv[n++] = line;
	argv[n] = NULL;
	return kexec_run(argv, why, len);
}

int ab_kexec_unload(void)
{
	char *argv[] = { "kexec", "-u", NULL };

	return kexec_run(argv, NULL, 0);
}

/*
 * Boot the loaded kernel. In a guest kexec -e does not come back unless it
 * failed: -1. On a lab machine systemctl queues the kexec and returns: 0,
 * and the caller leaves systemd to it.
 */
int ab_kexec_exec(const struct ab_plan *p, char *why, size_t len)
{
	char *guest[] = { "kexec", "-e", NULL };
	char *lab[] = { "systemctl", "kexec", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	sync();
	if (p->guest) {
		kexec_run(guest, why, len);
		return set_why(why, len, "kexec -e came back: the loaded kernel was not booted");
	}
	o.path_search = 1;
	rc = spawn_run(lab, &o);
	return rc ? set_why(why, len, "systemctl kexec exited %d", rc) : 0;
}
