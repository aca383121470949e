// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench ab start: the plan from the command line, every refusal checked
 * before anything is written (ab/preflight.c), then the kernels, initrds
 * and config copied into the state directory, the order drawn, plan.json
 * written, the unit installed and the first boot entered.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "ab/ab.h"
#include "bench/host/archprof.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "ab_args.h"
#include "cmds.h"

/* IMAGE[,initrd=F][,append=ARGS]: append= takes the rest, commas included. */
static int parse_files(const char *spec, struct ab_kernel *k)
{
	char buf[sizeof(k->image) + sizeof(k->append) + 32], *ap, *ird;

	snprintf(buf, sizeof(buf), "%s", spec);
	ap = strstr(buf, ",append=");
	if (ap) {
		snprintf(k->append, sizeof(k->append), "%s", ap + strlen(",append="));
		*ap = '\0';
	}
	ird = strstr(buf, ",initrd=");
	if (ird) {
		snprintf(k->initrd, sizeof(k->initrd), "%s", ird + strlen(",initrd="));
		*ird = '\0';
	}
	if (!buf[0] || strchr(buf, ',') || strchr(k->initrd, ',') || strlen(buf) >= sizeof(k->image))
		return -1;
	memcpy(k->image, buf, strlen(buf) + 1);
	return 0;
}

static int parse_kernel(const char *arg, struct ab_kernel *k)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg || eq - arg > 64 || parse_files(eq + 1, k)) {
		fprintf(stderr, "ptbench ab: --kernel wants NAME=IMAGE[,initrd=F][,append=ARGS] "
			"(NAME up to 64 bytes), got '%s'\n", arg);
		return -1;
	}
	snprintf(k->name, sizeof(k->name), "%.*s", (int)(eq - arg), arg);
	path_safe(k->name, k->stem, sizeof(k->stem));
	return 0;
}

/* The kernel this machine runs now, as its default boot entry would boot it. */
static int home_kernel(const struct ab_args *a, struct ab_plan *p)
{
	struct utsname u;
	char initrd[PATH_MAX];

	uname(&u);
	snprintf(p->home_release, sizeof(p->home_release), "%s", u.release);
	if (read_str("/proc/cmdline", p->home_cmdline, sizeof(p->home_cmdline)))
		p->home_cmdline[0] = '\0';
	snprintf(p->home.name, sizeof(p->home.name), "home");
	snprintf(p->home.stem, sizeof(p->home.stem), "home");
	if (a->home) {
		if (!parse_files(a->home, &p->home))
			return 0;
		fprintf(stderr, "ptbench ab: --home wants IMAGE[,initrd=F][,append=ARGS]\n");
		return -1;
	}
	snprintf(p->home.image, sizeof(p->home.image), "/boot/vmlinuz-%s", u.release);
	snprintf(initrd, sizeof(initrd), "/boot/initrd.img-%s", u.release);
	if (!access(initrd, R_OK))
		snprintf(p->home.initrd, sizeof(p->home.initrd), "%s", initrd);
	return 0;
}

static int fill_plan(const struct ab_args *a, struct ab_plan *p)
{
	char tmp[PATH_MAX + 32], ts[32];
	time_t t = time(NULL);
	int i, j;

	for (i = 0; i < a->nk; i++) {
		if (parse_kernel(a->kernels[i], &p->k[i]))
			return -1;
		for (j = 0; j < i; j++)
			if (!strcmp(p->k[j].stem, p->k[i].stem)) {
				fprintf(stderr, "ptbench ab: kernel names '%s' and '%s' map to one "
					"directory name\n", p->k[j].name, p->k[i].name);
				return -1;
			}
	}
	p->nk = a->nk;
	strftime(ts, sizeof(ts), "%Y%m%d-%H%M%S", localtime(&t));
	snprintf(p->id, sizeof(p->id), "%s-%04x", ts, (unsigned int)getpid() & 0xffff);
	if (a->state)
		snprintf(p->dir, sizeof(p->dir), "%s", a->state);
	else
		snprintf(p->dir, sizeof(p->dir), "%s/%s", AB_STATE_DIR, p->id);
	p->guest = a->guest;
	p->panic = a->panic;
	p->boots = a->boots;
	p->runs = a->runs;
	p->rounds = a->rounds;
	p->stop_on_fail = !strcmp(a->on_fail, "stop");
	p->seed = a->seed >= 0 ? (unsigned long long)a->seed : (unsigned long long)t ^ (unsigned long long)getpid() << 20;
	if (!realpath("/proc/self/exe", p->self) || !realpath(ptbench_datadir(), p->datadir))
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/configs/default.json", p->datadir);
	if (snprintf(p->config, sizeof(p->config), "%s", a->config ? a->config : tmp) >=
	    (int)sizeof(p->config))
		return -1;
	return home_kernel(a, p);
}

/* Copy one file into DIR/kernels; its path in the plan becomes the copy's. */
static int keep(const struct ab_plan *p, char *path, size_t len, const char *name, uint32_t *sum)
{
	char to[PATH_MAX + 200];
	uint32_t c;

	if (!path[0])
		return 0;
	snprintf(to, sizeof(to), "%s/kernels/%s", p->dir, name);
	if (ab_copy(path, to, sum ? sum : &c)) {
		fprintf(stderr, "ptbench ab: copying %s to %s: %s\n", path, to, strerror(errno));
		return -1;
	}
	if (snprintf(path, len, "%s", to) >= (int)len) {
		fprintf(stderr, "ptbench ab: %s: path too long\n", to);
		return -1;
	}
	return 0;
}

static int keep_all(struct ab_plan *p)
{
	char kdir[PATH_MAX + 16], name[160], cfg[PATH_MAX + 16], bin[PATH_MAX + 16];
	uint32_t c;
	int i;

	snprintf(kdir, sizeof(kdir), "%s/kernels", p->dir);
	if (mkdir_p(kdir))
		return -1;
	for (i = 0; i < p->nk; i++) {
		struct ab_kernel *k = &p->k[i];

		snprintf(name, sizeof(name), "%s.image", k->stem);
		if (keep(p, k->image, sizeof(k->image), name, &k->sum))
			return -1;
		snprintf(name, sizeof(name), "%s.initrd", k->stem);
		if (keep(p, k->initrd, sizeof(k->initrd), name, &k->isum))
			return -1;
	}
	/* home too: a package upgrade may replace /boot/vmlinuz-<release> mid-plan */
	if (keep(p, p->home.image, sizeof(p->home.image), "home.image", &p->home.sum) ||
	    keep(p, p->home.initrd, sizeof(p->home.initrd), "home.initrd", &p->home.isum))
		return -1;
	snprintf(cfg, sizeof(cfg), "%s/config.json", p->dir);
	if (ab_copy(p->config, cfg, &c))
		return -1;
	/* this binary too: a rebuild in the user's tree must not change the runs mid-plan */
	snprintf(bin, sizeof(bin), "%s/ptbench", p->dir);
	if (ab_copy(p->self, bin, &c) || chmod(bin, 0755) ||
	    snprintf(p->self, sizeof(p->self), "%s", bin) >= (int)sizeof(p->self))
		return -1;
	return snprintf(p->config, sizeof(p->config), "%s", cfg) >= (int)sizeof(p->config) ? -1 : 0;
}

static void dry_run(struct ab_plan *p)
{
	char line[4096], mark[64];
	int i;

	ab_status(p, stdout);
	for (i = 0; i < p->nslot; i++) {
		snprintf(mark, sizeof(mark), "%s.%d", p->id, i);
		ab_cmdline(p, &p->k[p->slot[i].kernel], mark, line, sizeof(line));
		printf("boot %d: kexec %s-l %s%s%s --command-line='%s'\n", i + 1, p->file_load ? "-s " : "",
		       p->k[p->slot[i].kernel].image, p->k[p->slot[i].kernel].initrd[0] ? " --initrd=" : "",
		       p->k[p->slot[i].kernel].initrd, line);
	}
	printf("then: %s\n", p->guest ? "kexec -e" : "systemctl kexec (after the unit is installed)");
}

static int draw_order(struct ab_plan *p)
{
	int order[AB_MAX_SLOTS], i;

	p->nslot = ab_order(p->nk, p->boots, p->seed, order, AB_MAX_SLOTS);
	if (p->nslot < 0)
		return -1;
	for (i = 0; i < p->nslot; i++)
		p->slot[i].kernel = order[i];
	return 0;
}

/* A plan already there, or another plan's unit: refused, nothing changed. */
static int busy(const struct ab_plan *p, char *why, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/plan.json", p->dir);
	if (!access(path, F_OK))
		return set_why(why, len, "%s has a plan: 'ptbench ab status/resume/abort --state %s'",
			       p->dir, p->dir);
	snprintf(path, sizeof(path), "%s/%s", ab_unit_dir(), AB_UNIT);
	if (!p->guest && !access(path, F_OK))
		return set_why(why, len, "another plan is active (%s): abort it first", path);
	return 0;
}

int ab_start(const struct ab_args *a, struct ab_plan *p)
{
	char why[1024];
	struct ab_boot b;

	if (strcmp(a->on_fail, "continue") && strcmp(a->on_fail, "stop")) {
		fprintf(stderr, "ptbench ab: --on-fail is continue or stop\n");
		return EXIT_USAGE;
	}
	if (fill_plan(a, p) || draw_order(p))
		return EXIT_USAGE;
	if (busy(p, why, sizeof(why)) || ab_preflight(p, !a->dry_run, why, sizeof(why))) {
		fprintf(stderr, "ptbench ab: refused, nothing changed: %s\n", why);
		return AB_EXIT_REFUSED;
	}
	if (a->dry_run) {
		dry_run(p);
		return 0;
	}
	/* plan.json last: a plan there is one whose unit is in place */
	snprintf(why, sizeof(why), "%s", "");
	if (mkdir_p(p->dir) || keep_all(p) || (!p->guest && ab_unit_install(p, why, sizeof(why))) ||
	    ab_save(p)) {
		if (!why[0])
			snprintf(why, sizeof(why), "%s", strerror(errno));
		if (!p->guest)
			ab_unit_remove(NULL, 0);
		fprintf(stderr, "ptbench ab: setting up %s failed: %s (no plan.json: nothing will "
			"boot; the copies there can go)\n", p->dir, why);
		return AB_STEP_ERROR;
	}
	ab_status(p, stdout);
	fflush(stdout);
	ab_this_boot(&b);
	return ab_advance(p, &b);
}

int ab_default_state(char *dir, size_t len)
{
	char best[256] = "";
	struct dirent *e;
	DIR *d = opendir(AB_STATE_DIR);

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, best) > 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	if (d)
		closedir(d);
	if (!best[0]) {
		fprintf(stderr, "ptbench ab: no plan in %s (--state DIR)\n", AB_STATE_DIR);
		return -1;
	}
	snprintf(dir, len, "%s/%s", AB_STATE_DIR, best);
	return 0;
}
