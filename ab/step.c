// SPDX-License-Identifier: GPL-2.0
/*
 * The step each boot of a plan runs (from ptbench's unit, or a guest's
 * /init): is this the boot the plan asked for? Then run the config, record
 * it and boot the next one. A boot the plan did not ask for (no mark, the
 * default entry through firmware) fails the slot it waited for, with the
 * console tail pstore kept, and the plan goes on or stops as it says. And
 * abort and resume, which act on the same plan under the same lock.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/file.h"
#include "lib/util.h"
#include "ab.h"

static int terminal(enum ab_phase ph)
{
	return ph == AB_DONE || ph == AB_STOPPED || ph == AB_ABORTED;
}

/* The newest dmesg-* record in dir (and, depth 1, its subdirectories) since a time. */
static void newest_record(const char *dir, int depth, time_t since, char *best, size_t len,
			  time_t *newest)
{
	char path[PATH_MAX + 300];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode) && depth)
			newest_record(path, depth - 1, since, best, len, newest);
		else if (!strncmp(e->d_name, "dmesg-", 6) && st.st_mtime >= since &&
			 st.st_mtime >= *newest) {
			*newest = st.st_mtime;
			snprintf(best, len, "%s", path);
		}
	}
	if (d)
		closedir(d);
}

/*
 * The newest dmesg record pstore kept since the boot was entered, copied
 * to DIR/bootN.pstore.txt: the console tail a lab machine has without a
 * serial line. In /sys/fs/pstore, or where systemd-pstore moves records
 * at boot (/var/lib/systemd/pstore/<time>/). Says where, or that there was
 * none, into note.
 */
static void keep_pstore(const struct ab_plan *p, int n, char *note, size_t len)
{
	char best[PATH_MAX + 300] = "", path[PATH_MAX + 300], *buf = NULL;
	time_t newest = 0, since = (time_t)p->slot[n].started;
	size_t blen;

	snprintf(note, len, "; pstore has no record of it");
	newest_record("/sys/fs/pstore", 0, since, best, sizeof(best), &newest);
	newest_record("/var/lib/systemd/pstore", 1, since, best, sizeof(best), &newest);
	if (!best[0] || read_file(best, 1 << 20, &buf, &blen))
		return;
	snprintf(path, sizeof(path), "%s/boot%d.pstore.txt", p->dir, n + 1);
	if (!write_file_atomic(path, buf, blen))
		snprintf(note, len, "; its console tail (pstore %.200s) is in %.300s", best, path);
	free(buf);
}

/* The slot waited for a boot that is not this one. */
static int wrong_boot(struct ab_plan *p, const struct ab_boot *b)
{
	struct ab_slot *s = &p->slot[p->next];
	const char *what = s->status == SLOT_RUNNING ? "died during its run" : "did not come up";
	char tail[600];

	keep_pstore(p, p->next, tail, sizeof(tail));
	s->status = SLOT_FAILED;
	s->ended = (double)time(NULL);
	snprintf(s->reason, sizeof(s->reason), "%s: %.64s came up instead (mark '%.96s'): the kernel "
		 "died or hung, and the machine came back through firmware (panic=%d, or a watchdog or "
		 "reset for a hang)%.300s", what,
		 b->release, b->mark[0] ? b->mark : "none", p->panic, tail);
	fprintf(stderr, "ptbench ab: boot %d (%s) failed: %s\n", p->next + 1, p->k[s->kernel].name,
		s->reason);
	p->next++;
	if (p->stop_on_fail)
		p->phase = AB_STOPPED;
	if (ab_save(p))
		return AB_STEP_ERROR;
	return ab_advance(p, b);
}

/*
 * The planned boot came up: run the config with the lock released (abort
 * may come meanwhile), then take the lock, read the plan again and record.
 */
static int run_here(struct ab_plan *p, int *lock, const struct ab_boot *b)
{
	int n = p->next, rc, run_lock;
	struct ab_slot s;
	char why[512] = "cannot take the plan's lock";

	/* one run of the config per boot: a second step (resume by hand) must not start another */
	run_lock = ab_lock_run(p->dir);
	if (run_lock < 0) {
		fprintf(stderr, "ptbench ab: boot %d's config is running already (%s/run.lock)\n",
			n + 1, p->dir);
		return AB_STEP_ERROR;
	}
	p->slot[n].status = SLOT_RUNNING;
	snprintf(p->slot[n].release, sizeof(p->slot[n].release), "%s", b->release);
	snprintf(p->slot[n].boot_id, sizeof(p->slot[n].boot_id), "%s", b->boot_id);
	if (ab_save(p)) {
		ab_unlock(run_lock);
		return AB_STEP_ERROR;
	}
	s = p->slot[n];
	ab_unlock(*lock);
	rc = ab_run_slot(p, &s, n);
	ab_unlock(run_lock);
	*lock = ab_lock(p->dir);
	if (*lock < 0 || ab_load(p, p->dir, why, sizeof(why))) {
		fprintf(stderr, "ptbench ab: the plan after the run: %s\n", why);
		return AB_STEP_ERROR;
	}
	s.status = rc ? SLOT_FAILED : SLOT_DONE;
	s.ended = (double)time(NULL);
	/* abort may have marked it meanwhile: that stands, the files are listed */
	if (p->slot[n].status == SLOT_RUNNING && !strcmp(p->slot[n].boot_id, b->boot_id)) {
		p->slot[n] = s;
	} else {
		memcpy(p->slot[n].result, s.result, sizeof(s.result));
		p->slot[n].nresult = s.nresult;
	}
	if (p->phase == AB_RUNNING && p->next == n) {
		p->next = n + 1;
		if (rc && p->stop_on_fail)
			p->phase = AB_STOPPED;
	}
	if (ab_save(p))
		return AB_STEP_ERROR;
	return p->phase == AB_RUNNING ? ab_advance(p, b) : ab_go_home(p, b);
}

static int step_locked(struct ab_plan *p, int *lock, const struct ab_boot *b)
{
	char want[96];
	struct ab_slot *s;

	if (terminal(p->phase)) {
		if (!ab_on_home(p, b))
			return ab_go_home(p, b);
		return ab_finish(p, p->phase, NULL);
	}
	if (p->phase == AB_RETURNING || p->next >= p->nslot)
		return ab_go_home(p, b);
	s = &p->slot[p->next];
	snprintf(want, sizeof(want), "%s.%d", p->id, p->next);
	switch (s->status) {
	case SLOT_BOOTING:
		return strcmp(b->mark, want) ? wrong_boot(p, b) : run_here(p, lock, b);
	case SLOT_RUNNING:
		/* the same boot again (a resume after the step died): run it again */
		if (!strcmp(b->mark, want) && !strcmp(b->boot_id, s->boot_id))
			return run_here(p, lock, b);
		return wrong_boot(p, b);
	default:
		return ab_advance(p, b);
	}
}

static struct ab_plan *open_plan(const char *dir, int *lock)
{
	struct ab_plan *p = calloc(1, sizeof(*p));
	char why[512];

	*lock = ab_lock(dir);
	if (!p || *lock < 0 || ab_load(p, dir, why, sizeof(why))) {
		fprintf(stderr, "ptbench ab: %s: %s\n", dir, *lock < 0 ? strerror(errno) :
			p ? why : "out of memory");
		ab_unlock(*lock);
		free(p);
		return NULL;
	}
	return p;
}

int ab_step(const char *dir)
{
	struct ab_boot b;
	int lock, rc;
	struct ab_plan *p = open_plan(dir, &lock);

	if (!p)
		return AB_STEP_ERROR;
	ab_this_boot(&b);
	rc = step_locked(p, &lock, &b);
	ab_unlock(lock);
	free(p);
	return rc;
}

/*
 * Stop the plan where it is: its end written (compare and report of the
 * boots so far, the unit removed), then back to the kernel it started on.
 */
int ab_abort(const char *dir)
{
	struct ab_boot b;
	struct ab_slot *s;
	char note[160];
	int lock, rc;
	struct ab_plan *p = open_plan(dir, &lock);

	if (!p)
		return AB_STEP_ERROR;
	ab_this_boot(&b);
	if (terminal(p->phase)) {
		printf("ptbench ab: plan %s has ended (%s): nothing to abort\n", p->id,
		       ab_phase_name(p->phase));
		rc = 0;
		goto out;
	}
	s = p->next < p->nslot ? &p->slot[p->next] : NULL;
	if (s && (s->status == SLOT_BOOTING || s->status == SLOT_RUNNING)) {
		s->status = SLOT_SKIPPED;
		snprintf(s->reason, sizeof(s->reason), "aborted (ptbench ab abort) on %s", b.release);
		p->next++;
	}
	snprintf(note, sizeof(note), "aborted by ptbench ab abort after %d of %d boots", p->next,
		 p->nslot);
	rc = ab_finish(p, AB_ABORTED, note);
	if (!ab_on_home(p, &b))
		rc = ab_go_home(p, &b);
out:
	ab_unlock(lock);
	free(p);
	return rc;
}

/* A stopped or aborted plan from its next planned boot on; a running one: its step. */
int ab_resume(const char *dir)
{
	struct ab_boot b;
	char why[512];
	int lock, rc = AB_STEP_ERROR;
	struct ab_plan *p = open_plan(dir, &lock);

	if (!p)
		return AB_STEP_ERROR;
	ab_this_boot(&b);
	if (p->phase == AB_DONE) {
		printf("ptbench ab: plan %s is done: nothing to resume\n", p->id);
		rc = 0;
	} else if (p->phase == AB_STOPPED || p->phase == AB_ABORTED) {
		p->phase = AB_RUNNING;
		p->note[0] = '\0';
		p->finished = 0;
		for (p->next = 0; p->next < p->nslot && p->slot[p->next].status != SLOT_PLANNED; p->next++)
			;
		if (!p->guest && ab_unit_install(p, why, sizeof(why)))
			fprintf(stderr, "ptbench ab: %s\n", why);
		else
			rc = ab_save(p) ? AB_STEP_ERROR : ab_advance(p, &b);
	} else {
		rc = step_locked(p, &lock, &b);
	}
	ab_unlock(lock);
	free(p);
	return rc;
}
