// SPDX-License-Identifier: GPL-2.0
/*
 * The end of a plan, on the kernel it started on: compare and report of
 * every kernel's runs (results/STEM/, compare's boot level takes each boot
 * as a unit above its runs), by this binary's own compare and report
 * commands, into DIR/compare.txt, DIR/compare.json and DIR/report/; the
 * unit removed; the plan's end written. And the status table.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "ab.h"

/* results/STEM of each kernel with at least one result, into dirs; how many. */
static int result_dirs(const struct ab_plan *p, char (*dirs)[PATH_MAX + 96], char **args)
{
	int i, j, n = 0;

	for (i = 0; i < p->nk; i++) {
		for (j = 0; j < p->nslot && !(p->slot[j].kernel == i &&
					      p->slot[j].status == SLOT_DONE); j++)
			;
		if (j == p->nslot)
			continue;
		snprintf(dirs[n], PATH_MAX + 96, "%s/results/%s", p->dir, p->k[i].stem);
		args[n] = dirs[n];
		n++;
	}
	return n;
}

static int self(const struct ab_plan *p, char **head, int nhead, char **dirs, int n, int quiet)
{
	char *argv[8 + AB_MAX_KERNELS];
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int i, k = 0;

	argv[k++] = (char *)p->self;
	for (i = 0; i < nhead; i++)
		argv[k++] = head[i];
	for (i = 0; i < n; i++)
		argv[k++] = dirs[i];
	argv[k] = NULL;
	if (quiet)
		o.out = SPAWN_NULL;
	return spawn_run(argv, &o);
}

/* compare.txt (also shown), compare.json and report/: 0, or -1 when one of them failed. */
static int compare_all(const struct ab_plan *p)
{
	static char dirs[AB_MAX_KERNELS][PATH_MAX + 96];
	char txt[PATH_MAX + 64], js[PATH_MAX + 64], rep[PATH_MAX + 64], *args[AB_MAX_KERNELS];
	char *ct[] = { "compare", "-o", txt }, *cj[] = { "compare", "-f", "json", "-o", js };
	char *r[] = { "report", "--out", rep }, *text;
	int n = result_dirs(p, dirs, args), rc;
	size_t len;

	if (n < 2) {
		fprintf(stderr, "ptbench ab: %d kernel(s) with results: nothing to compare\n", n);
		return 0;
	}
	setenv("PTBENCH_DATADIR", p->datadir, 0);
	snprintf(txt, sizeof(txt), "%s/compare.txt", p->dir);
	snprintf(js, sizeof(js), "%s/compare.json", p->dir);
	snprintf(rep, sizeof(rep), "%s/report", p->dir);
	rc = self(p, ct, 3, args, n, 0) | self(p, cj, 5, args, n, 0) | self(p, r, 3, args, n, 1);
	if (rc) {
		fprintf(stderr, "ptbench ab: compare or report failed (exit %d): the next step at "
			"home tries again\n", rc);
		return -1;
	}
	if (!read_file(txt, 1 << 22, &text, &len)) {
		fwrite(text, 1, len, stdout);
		free(text);
	}
	printf("ptbench ab: %s, %s/compare.json, report in %s/index.html\n", txt, p->dir, rep);
	return 0;
}

/* Compare, report, the unit removed, the plan's end written: AB_STEP_ENDED. */
int ab_finish(struct ab_plan *p, enum ab_phase end, const char *note)
{
	char why[512];
	int rc = AB_STEP_ENDED;

	if (note)
		snprintf(p->note, sizeof(p->note), "%s", note);
	p->phase = end;
	/* once: a plan stopped on the way is compared when it reaches home */
	if (!p->finished)
		p->finished = !compare_all(p);
	if (!p->guest && ab_unit_remove(why, sizeof(why))) {
		fprintf(stderr, "ptbench ab: %s\n", why);
		rc = AB_STEP_ERROR;
	}
	if (ab_save(p))
		rc = AB_STEP_ERROR;
	ab_status(p, stdout);
	return rc;
}

void ab_status(const struct ab_plan *p, FILE *f)
{
	int i, done = 0;

	for (i = 0; i < p->nslot; i++)
		done += p->slot[i].status == SLOT_DONE;
	fprintf(f, "plan %s: %s, %d of %d boots done (%d per kernel, seed %llu), state %s\n", p->id,
		ab_phase_name(p->phase), done, p->nslot, p->boots, p->seed, p->dir);
	fprintf(f, "home %s (%s), %s, panic=%d, on failure: %s\n", p->home_release, p->home.image,
		p->file_load ? "kexec -s (kexec_file_load)" : "kexec -l (kexec_load)", p->panic,
		p->stop_on_fail ? "stop" : "continue");
	if (p->note[0])
		fprintf(f, "note: %s\n", p->note);
	fprintf(f, "%4s  %-16.16s %-8s %-24.24s %4s  %s\n", "boot", "kernel", "status", "release",
		"runs", "reason");
	for (i = 0; i < p->nslot; i++) {
		const struct ab_slot *s = &p->slot[i];

		fprintf(f, "%4d%c %-16.16s %-8s %-24.24s %4d  %s\n", i + 1,
			i == p->next && p->phase == AB_RUNNING ? '*' : ' ', p->k[s->kernel].name,
			ab_slot_name(s->status), s->release[0] ? s->release : "-", s->nresult,
			s->reason);
	}
}
