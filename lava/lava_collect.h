/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of ptbench lava collect share (collect*.c, lavacli.c). */
#ifndef PTBENCH_LAVA_COLLECT_H
#define PTBENCH_LAVA_COLLECT_H

#include "lib/xalloc.h"
#include "vm/vmframe.h"
#include "lava_int.h"

/* One job: where its log came from, what it says, what was made of it. */
struct lava_jobres {
	char source[PATH_MAX];	/* the log file, or "lavacli jobs logs --raw ID" */
	int server;		/* a job on a server, read with lavacli */
	char job[32], seq[16], of[16], plan[40], kernel[80];
	char device[128];	/* --device, or the server's actual device */
	char machine[32], release[128];	/* uname of the booted kernel */
	int booted;		/* the guest's start line is on the console */
	const char *status;	/* ok, boot-failed, lost-console, job-failed, incomplete, no-result,
				 * no-log, cases-mismatch */
	char why[1024];
	double seconds;		/* from the log's first line to its last */
	char result[PATH_MAX];	/* the result file written, "" for none */
	int points, skipped;	/* in that file */
	int cases_expected, cases_logged, cases_missing, cases_differ, cases_extra;
};

/* collect_job.c: the framed file of j as a result file with its provenance, its cases checked. */
void take_result(const struct lava_collect_args *c, struct lava_jobres *j,
		 const struct lava_joblog *l, const struct vmf_file *f);
/* collect_job.c: a server's log kept as OUT/logs/job-ID.log. */
void save_log(const struct lava_collect_args *c, const struct lava_jobres *j, const char *text,
	      size_t len);
/* collect_out.c: the jobs' table on stdout and OUT/collect.json. */
void collect_report(const struct lava_collect_args *c, const struct lava_jobres *jobs, int n);
/* collect_out.c: compare the kernels' directories, the first job's kernel as base: 0 or -1. */
int collect_compare(const struct lava_collect_args *c, const struct lava_jobres *jobs, int n);
/* lavacli.c: "lavacli [--identity ID] jobs <what> ..." of job id, its output in *out (freed by the caller). */
int lavacli_capture(const struct lava_collect_args *c, const char *what, const char *id, char **out,
		    size_t *len, int *status);
/*
 * lavacli.c: what the server knows of the job: its device (when --device
 * did not say) and its place in the plan (its definition's metadata).
 */
void lavacli_job(const struct lava_collect_args *c, struct lava_jobres *j);

#endif
