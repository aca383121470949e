// SPDX-License-Identifier: GPL-2.0
/*
 * Where a plan goes next. Each planned boot gets a mark on its command
 * line, ptbench_ab=<plan id>.<slot> (the way home: <plan id>.home); the
 * step after a boot reads it from /proc/cmdline to know whether this is
 * the boot it asked for. A boot without the plan's mark is the machine's
 * default entry: the kernel the plan started on, come back through
 * firmware after a planned kernel died (panic=N) or never came up.
 *
 * Every state change is written (plan.json, atomically) before the action
 * it names, so that whatever happens in the kexec, the next step finds the
 * plan as it was just before it.
 */
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "lib/util.h"
#include "ab.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void ab_this_boot(struct ab_boot *b)
{
	char cmdline[4096], *save = NULL, *tok;
	struct utsname u;

	memset(b, 0, sizeof(*b));
	uname(&u);
	snprintf(b->release, sizeof(b->release), "%s", u.release);
	read_str("/proc/sys/kernel/random/boot_id", b->boot_id, sizeof(b->boot_id));
	if (read_str("/proc/cmdline", cmdline, sizeof(cmdline)))
		return;
	for (tok = strtok_r(cmdline, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
		if (!strncmp(tok, AB_MARK, strlen(AB_MARK)))
			snprintf(b->mark, sizeof(b->mark), "%s", tok + strlen(AB_MARK));
}

/* This boot's mark is the plan's, for slot (-1: home). */
static int marked(const struct ab_plan *p, const struct ab_boot *b, int slot)
{
	char want[96];

	if (slot < 0)
		snprintf(want, sizeof(want), "%s.home", p->id);
	else
		snprintf(want, sizeof(want), "%s.%d", p->id, slot);
	return !strcmp(b->mark, want);
}

/*
 * Home: the way back was taken, or a boot without this plan's mark (the
 * default entry through firmware) of the release the plan started on. A
 * default entry that is another kernel is not home: the plan goes there.
 */
int ab_on_home(const struct ab_plan *p, const struct ab_boot *b)
{
	size_t n = strlen(p->id);
	int ours = !strncmp(b->mark, p->id, n) && b->mark[n] == '.';

	return marked(p, b, -1) || (!ours && !strcmp(b->release, p->home_release));
}

static void fail_slot(struct ab_plan *p, struct ab_slot *s, const char *why)
{
	s->status = SLOT_FAILED;
	s->ended = now_s();
	snprintf(s->reason, sizeof(s->reason), "%s", why);
	fprintf(stderr, "ptbench ab: boot %d (%s) failed: %s\n", (int)(s - p->slot) + 1,
		p->k[s->kernel].name, why);
}

/* Load slot n's kernel; 0, or -1 with the slot failed. */
static int load_slot(struct ab_plan *p, int n)
{
	struct ab_slot *s = &p->slot[n];
	const struct ab_kernel *k = &p->k[s->kernel];
	char cmdline[4096], mark[64], why[512];
	uint32_t sum;

	if (ab_sum(k->image, &sum) || sum != k->sum) {
		fail_slot(p, s, "the plan's copy of the image is gone or changed (Adler-32)");
		return -1;
	}
	if (k->initrd[0] && (ab_sum(k->initrd, &sum) || sum != k->isum)) {
		fail_slot(p, s, "the plan's copy of the initrd is gone or changed (Adler-32)");
		return -1;
	}
	snprintf(mark, sizeof(mark), "%s.%d", p->id, n);
	ab_cmdline(p, k, mark, cmdline, sizeof(cmdline));
	if (ab_kexec_load(p, k, cmdline, why, sizeof(why))) {
		fail_slot(p, s, why);
		return -1;
	}
	return 0;
}

/*
 * Boot the next planned slot: 0 once its kexec is under way (on a lab
 * machine systemd takes it from there), else home when no slot is left or
 * the plan stops. -1 when plan.json cannot be written: nothing is booted
 * that the plan does not record.
 */
int ab_advance(struct ab_plan *p, const struct ab_boot *b)
{
	char why[512];

	while (p->phase == AB_RUNNING && p->next < p->nslot) {
		struct ab_slot *s = &p->slot[p->next];

		if (s->status != SLOT_PLANNED || load_slot(p, p->next)) {
			p->next++;
			if (s->status == SLOT_FAILED && p->stop_on_fail)
				p->phase = AB_STOPPED;
			if (ab_save(p))
				return -1;
			continue;
		}
		s->status = SLOT_BOOTING;
		s->started = now_s();
		if (ab_save(p)) {
			ab_kexec_unload();	/* nothing booted that the plan does not say */
			return -1;
		}
		fprintf(stderr, "ptbench ab: boot %d of %d: kexec into %s\n", p->next + 1, p->nslot,
			p->k[s->kernel].name);
		if (!ab_kexec_exec(p, why, sizeof(why)))
			return 0;
		ab_kexec_unload();
		fail_slot(p, s, why);
		p->next++;
		if (p->stop_on_fail)
			p->phase = AB_STOPPED;
		if (ab_save(p))
			return -1;
	}
	return ab_go_home(p, b);
}

/* Back to the kernel the plan started on, or the end of the plan when this is it. */
int ab_go_home(struct ab_plan *p, const struct ab_boot *b)
{
	char cmdline[4096], mark[64], why[512] = "plan.json cannot be written";

	if (ab_on_home(p, b))
		return ab_finish(p, p->phase == AB_RUNNING || p->phase == AB_RETURNING ? AB_DONE :
				 p->phase, NULL);
	if (p->phase == AB_RUNNING)
		p->phase = AB_RETURNING;
	snprintf(mark, sizeof(mark), "%s.home", p->id);
	ab_cmdline(p, &p->home, mark, cmdline, sizeof(cmdline));
	fprintf(stderr, "ptbench ab: %s: kexec back into the first kernel, %s\n",
		ab_phase_name(p->phase), p->home_release);
	if (ab_save(p) || ab_kexec_load(p, &p->home, cmdline, why, sizeof(why)) ||
	    ab_kexec_exec(p, why, sizeof(why))) {
		ab_kexec_unload();
		fprintf(stderr, "ptbench ab: cannot go back to %s: %s; the plan ends here\n",
			p->home.image, why);
		return ab_finish(p, p->phase == AB_RETURNING ? AB_DONE : p->phase, why);
	}
	return 0;
}
