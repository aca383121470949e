// SPDX-License-Identifier: GPL-2.0
/*
 * Every reason to refuse a plan, checked before anything is written or
 * loaded: not root, a config that does not load, an image or initrd that is
 * not there, an image for another arch, a kernel without kexec (or with it
 * disabled or locked down), kexec-tools missing and not installable, and
 * last a trial load of every image with its real command line, then
 * "kexec -u", which is where signature rules (KEXEC_SIG_FORCE, lockdown)
 * and formats kexec-tools cannot boot say no.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lib/spawn.h"
#include "lib/util.h"
#include "ab.h"

static const char *uname_arch(void)
{
	static struct utsname u;

	uname(&u);
	if (!strcmp(u.machine, "aarch64"))
		return "arm64";
	return u.machine;
}

static int check_file(const char *what, const char *path, char *why, size_t len)
{
	struct stat st;

	if (stat(path, &st))
		return set_why(why, len, "%s %s: %s", what, path, strerror(errno));
	if (!S_ISREG(st.st_mode) || access(path, R_OK))
		return set_why(why, len, "%s %s: not a readable file", what, path);
	return 0;
}

static int check_kernel(const struct ab_kernel *k, char *why, size_t len)
{
	char arch[32], w[256];
	int r;

	if (check_file("kernel image", k->image, why, len) ||
	    (k->initrd[0] && check_file("initrd", k->initrd, why, len)))
		return -1;
	r = ab_image_arch(k->image, arch, sizeof(arch), w, sizeof(w));
	if (r < 0)
		return set_why(why, len, "%s: %s", k->name, w);
	if (r && strcmp(arch, uname_arch()))
		return set_why(why, len, "%s: %s is an image for %s, this machine is %s", k->name,
			       k->image, arch, uname_arch());
	return 0;
}

/* The config loads and plans as "ptbench run -n" takes it. */
static int check_config(const struct ab_plan *p, char *why, size_t len)
{
	char *argv[] = { (char *)p->self, "run", "-n", "-q", "--config", (char *)p->config, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	o.out = SPAWN_NULL;
	rc = spawn_run(argv, &o);
	if (rc)
		return set_why(why, len, "config %s does not load (ptbench run -n exited %d)", p->config, rc);
	return 0;
}

/*
 * Debian's kexec-tools when it is missing, with its debconf question
 * "Should kexec-tools handle reboots?" answered no first: its default yes
 * would turn every later reboot of the machine into a kexec.
 */
static int install_kexec_tools(char *why, size_t len)
{
	static const char seed[] = "kexec-tools kexec-tools/load_kexec boolean false\n";
	char tmp[] = "/tmp/ptbench-ab-debconf.XXXXXX";
	char *sel[] = { "debconf-set-selections", tmp, NULL };
	char *apt[] = { "apt-get", "install", "-y", "-q", "--no-install-recommends", "kexec-tools", NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int fd = mkstemp(tmp), rc;

	if (fd < 0 || write(fd, seed, sizeof(seed) - 1) != (ssize_t)sizeof(seed) - 1) {
		if (fd >= 0)
			close(fd);
		return set_why(why, len, "kexec-tools is missing (and %s: %s)", tmp, strerror(errno));
	}
	close(fd);
	o.path_search = 1;
	rc = spawn_run(sel, &o);
	unlink(tmp);
	setenv("DEBIAN_FRONTEND", "noninteractive", 1);
	if (!rc)
		rc = spawn_run(apt, &o);
	if (rc || !ab_kexec_path())
		return set_why(why, len, "kexec-tools is missing and could not be installed "
			       "(apt-get install kexec-tools: exit %d)", rc);
	fprintf(stderr, "ptbench ab: installed kexec-tools (reboots still go through firmware)\n");
	return 0;
}

/*
 * The kernel's kexec, nothing loaded already, then kexec-tools: installed
 * last of all the checks but the trial loads, which need it, and never by
 * a dry run. It is the one change a refusal can leave behind (a trial load
 * that fails after it), and start says so.
 */
static int check_kexec(struct ab_plan *p, int install, char *why, size_t len)
{
	char loaded[8] = "";
	int file_load, load;

	if (ab_kexec_syscalls(&file_load, &load, why, len))
		return -1;
	p->file_load = file_load;
	if (!read_str("/sys/kernel/kexec_loaded", loaded, sizeof(loaded)) && !strcmp(loaded, "1"))
		return set_why(why, len, "a kernel is already loaded for kexec (/sys/kernel/kexec_loaded "
			       "is 1): whatever loaded it would lose it; 'kexec -u' it first");
	if (ab_kexec_path())
		return 0;
	if (p->guest)
		return set_why(why, len, "no kexec binary in the guest");
	if (!install) {
		fprintf(stderr, "ptbench ab: kexec-tools is not installed: start would install it\n");
		return 0;
	}
	return install_kexec_tools(why, len);
}

/* Load each image as its boot will, then unload: signature and format refusals show here. */
static int trial_loads(const struct ab_plan *p, char *why, size_t len)
{
	char cmdline[4096], w[512];
	int i;

	for (i = -1; i < p->nk; i++) {
		const struct ab_kernel *k = i < 0 ? &p->home : &p->k[i];

		ab_cmdline(p, k, "trial", cmdline, sizeof(cmdline));
		if (ab_kexec_load(p, k, cmdline, w, sizeof(w)))
			return set_why(why, len, "%s (%s): the trial load failed: %s (lockdown or "
				       "signature rules, or a format kexec-tools cannot boot; its "
				       "message is above)", k->name, k->image, w);
		ab_kexec_unload();
	}
	return 0;
}

int ab_preflight(struct ab_plan *p, int trial, char *why, size_t len)
{
	int i;

	if (geteuid())
		return set_why(why, len, "not root: kexec needs CAP_SYS_BOOT, the unit /etc/systemd");
	if (p->nk < 2)
		return set_why(why, len, "an A/B plan wants two kernels or more (the same image twice "
			       "for an A/A)");
	if (check_config(p, why, len) || check_kernel(&p->home, why, len))
		return -1;
	for (i = 0; i < p->nk; i++)
		if (check_kernel(&p->k[i], why, len))
			return -1;
	if (check_kexec(p, trial, why, len))
		return -1;
	return trial ? trial_loads(p, why, len) : 0;
}
