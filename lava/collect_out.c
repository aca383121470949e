// SPDX-License-Identifier: GPL-2.0
/*
 * What collect says: a table of the jobs (job, kernel, status, points,
 * cases in the log against the file's, seconds) and the reason of each
 * job that is not "ok"; the same in OUT/collect.json; then compare of the
 * kernels' directories, the kernel of the plan's first job as the base.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json_write.h"
#include "vm/vm.h"
#include "lava_collect.h"

static json_t *job_json(const struct lava_jobres *j)
{
	json_t *secs = isfinite(j->seconds) ? json_real(j->seconds) : json_null();

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i, "
			 "s:{s:i, s:i, s:i, s:i, s:i}}",
			 "log", j->source, "job", j->job, "device", j->device, "plan", j->plan,
			 "seq", j->seq, "kernel", j->kernel, "release", j->release,
			 "status", j->status, "reason", j->why, "result", j->result,
			 "machine", j->machine, "seconds", secs, "points", j->points,
			 "skipped", j->skipped, "cases", "expected", j->cases_expected,
			 "logged", j->cases_logged, "missing", j->cases_missing,
			 "different", j->cases_differ, "extra", j->cases_extra);
}

void collect_report(const struct lava_collect_args *c, const struct lava_jobres *jobs, int n)
{
	json_t *arr = json_array(), *root;
	char path[PATH_MAX];
	int i;

	printf("%-8s %-4s %-16.16s %-14s %6s %6s %11s %7s\n", "job", "seq", "kernel", "status",
	       "points", "skips", "cases l/f", "seconds");
	for (i = 0; i < n; i++) {
		const struct lava_jobres *j = &jobs[i];
		char cases[32];

		snprintf(cases, sizeof(cases), "%d/%d", j->cases_logged, j->cases_expected);
		printf("%-8s %-4s %-16.16s %-14s %6d %6d %11s %7.1f\n", j->job[0] ? j->job : "?",
		       j->seq[0] ? j->seq : "?", j->kernel[0] ? j->kernel : "?", j->status, j->points,
		       j->skipped, cases, j->seconds);
		json_array_append_new(arr, job_json(j));
	}
	for (i = 0; i < n; i++)
		if (strcmp(jobs[i].status, "ok"))
			printf("job %s (%s): %s: %s\n", jobs[i].job[0] ? jobs[i].job : "?",
			       jobs[i].source, jobs[i].status, jobs[i].why);
	root = json_pack("{s:s, s:o}", "schema", "ptbench-lava-collect/1", "jobs", arr);
	snprintf(path, sizeof(path), "%s/collect.json", c->out);
	if (json_write_atomic(path, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		fprintf(stderr, "ptbench lava collect: cannot write %s: %s\n", path, strerror(errno));
	json_decref(root);
}

int collect_compare(const struct lava_collect_args *c, const struct lava_jobres *jobs, int n)
{
	char *dirs[LAVA_MAX_KERNELS];
	int i, k, nd = 0, first = 0, ret;

	/* the kernels in the order of their first whole job: the plan's first is the base */
	for (i = 0; i < n; i++)
		if (jobs[i].result[0] && !strcmp(jobs[i].status, "ok") &&
		    (!first || atoi(jobs[i].seq) < atoi(jobs[first - 1].seq)))
			first = i + 1;
	for (i = first ? first - 1 : n; i < n + (first ? first - 1 : 0); i++) {
		const struct lava_jobres *j = &jobs[i % n];
		char *dir, *slash;

		if (!j->result[0] || strcmp(j->status, "ok") || nd == LAVA_MAX_KERNELS)
			continue;
		dir = xstrdup(j->result);
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		for (k = 0; k < nd && strcmp(dirs[k], dir); k++)
			;
		if (k < nd) {
			free(dir);
			continue;
		}
		dirs[nd++] = dir;
	}
	ret = nd >= 2 ? vm_compare_files(c->out, dirs, nd, "ptbench lava collect") : 0;
	for (k = 0; k < nd; k++)
		free(dirs[k]);
	return ret;
}
