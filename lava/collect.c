// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava collect: the result files back from the jobs' logs. Each
 * log (a file saved from lava-run's stderr or "lavacli jobs logs --raw",
 * or a job on a server, fetched with lavacli) gives the device's console,
 * the cases the job reported and LAVA's verdict (joblog.c). The result
 * file framed on the console (vm/vmframe.h) is taken only from a job that
 * booted, ran its test to the end and that LAVA passed; it gets the
 * job's provenance and goes into OUT/<kernel>/, a directory per kernel
 * that compare takes as a side, each job a boot (system.boot_id), the
 * top level of its statistics. Every other job is reported with its
 * reason, and what it sent goes to OUT/partial/, never beside the whole
 * ones. The cases in the log must be those of the file (collect_job.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "vm/vm_crash.h"
#include "vm/vmframe.h"
#include "lava_collect.h"

#define LOG_MAX		(512u << 20)
#define MAX_FILES	8

/*
 * "key=value" of the guest's LAVA_JOB_LINE, into buf ("" when absent);
 * the kernel's name is the line's last field, spaces and all.
 */
static void job_field(const char *line, const char *key, char *buf, size_t len)
{
	char pat[32];
	const char *p;

	buf[0] = '\0';
	snprintf(pat, sizeof(pat), " %s=", key);
	p = line ? strstr(line, pat) : NULL;
	if (!p)
		return;
	p += strlen(pat);
	snprintf(buf, len, "%.*s", (int)strcspn(p, strcmp(key, "kernel") ? " \r\n" : "\r\n"), p);
	if (!strcmp(buf, "-"))
		buf[0] = '\0';
}

/* What the console says of the boot: the guest's start and job lines. */
static void console_facts(struct lava_jobres *j, const struct lava_joblog *l)
{
	const char *start = strstr(l->console, VMF_START " ");
	const char *job = strstr(l->console, LAVA_JOB_LINE " ");
	char id[32];

	j->booted = start != NULL;
	if (start)
		sscanf(start + strlen(VMF_START) + 1, "%31s %127s", j->machine, j->release);
	if (!job)
		return;
	job_field(job, "job", id, sizeof(id));
	if (id[0] && !j->job[0])
		snprintf(j->job, sizeof(j->job), "%s", id);
	job_field(job, "seq", j->seq, sizeof(j->seq));
	job_field(job, "of", j->of, sizeof(j->of));
	job_field(job, "plan", j->plan, sizeof(j->plan));
	job_field(job, "kernel", j->kernel, sizeof(j->kernel));
}

/* LAVA's verdict, in words, for a job that ended badly. */
static void verdict_why(const struct lava_joblog *l, char *buf, size_t len)
{
	const char *msg = json_string_value(json_object_get(l->verdict, "error_msg"));
	const char *type = json_string_value(json_object_get(l->verdict, "error_type"));

	if (!l->verdict) {
		set_why(buf, len, "the log ends before LAVA's verdict on the job (cut short, or the job "
			 "still ran)%s%s", l->errors[0] ? "; LAVA said: " : "", l->errors);
		return;
	}
	set_why(buf, len, "LAVA: %s%s%s%s%s", type ? type : "", type ? " error: " : "",
		 msg ? msg : "job failed", l->errors[0] ? "; " : "", l->errors);
}

static int lava_passed(const struct lava_joblog *l)
{
	const char *res = json_string_value(json_object_get(l->verdict, "result"));

	return res && !strcmp(res, "pass");
}

/* The console's last line that is not empty, into buf ("" for none). */
static void last_line(const char *console, char *buf, size_t len)
{
	const char *end = console + strlen(console), *start;

	while (end > console && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	for (start = end; start > console && start[-1] != '\n'; start--)
		;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

/* A job that did not boot to the test: the panic on its console, or its last line, and LAVA's word. */
static void boot_failed(struct lava_jobres *j, const struct lava_joblog *l)
{
	char died[320] = "", lava[512];

	if (strstr(l->console, "Kernel panic") || strstr(l->console, "Oops"))
		vm_crash_describe(l->console, died, sizeof(died));
	else
		last_line(l->console, died, sizeof(died));
	verdict_why(l, lava, sizeof(lava));
	j->status = "boot-failed";
	set_why(j->why, sizeof(j->why), "the kernel did not boot to the test%s%s; %s",
		 died[0] ? "; the console: " : "", died, lava);
}

/*
 * The job's status from its log and the files on its console: "ok" only
 * for a whole result of a job LAVA passed and whose test ran to its end.
 * A log without the verdict is cut (or the job still runs): whatever it
 * holds is partial.
 */
static void judge(struct lava_jobres *j, const struct lava_joblog *l, const struct vmf_file *f,
		  int nf)
{
	char lava[600];
	int i, ok = 0;

	for (i = 0; i < nf; i++)
		ok += f[i].ok;
	verdict_why(l, lava, sizeof(lava));
	if (!l->verdict) {
		j->status = "incomplete";
		set_why(j->why, sizeof(j->why), "%s%s", lava, ok ? ": its result is partial, not taken" : "");
	} else if (!j->booted) {
		boot_failed(j, l);
	} else if (nf > ok) {
		j->status = "lost-console";
		set_why(j->why, sizeof(j->why), "a result file came back damaged (%s): the console "
			"lost data; %s", f[0].ok ? f[nf - 1].why : f[0].why,
			lava_passed(l) ? "LAVA passed the job" : lava);
	} else if (!ok) {
		j->status = lava_passed(l) ? "no-result" : "job-failed";
		set_why(j->why, sizeof(j->why), "no result file came back; %s", lava_passed(l) ?
			"the test ran to its end: its ptbench-lava lines say why" : lava);
	} else if (!lava_passed(l) || !l->endrun) {
		j->status = lava_passed(l) ? "incomplete" : "job-failed";
		set_why(j->why, sizeof(j->why), "%s: its result is partial, not taken",
			lava_passed(l) ? "the test did not run to its end" : lava);
	} else {
		j->status = "ok";
	}
}

/* The log's text: the saved file, or "lavacli jobs logs --raw" of a job on a server. */
static char *log_text(const struct lava_collect_args *c, struct lava_jobres *j, size_t *len)
{
	char *text = NULL;
	int st;

	if (!j->server) {
		if (read_file(j->source, LOG_MAX, &text, len)) {
			set_why(j->why, sizeof(j->why), "cannot read %s: %s", j->source, strerror(errno));
			return NULL;
		}
		return text;
	}
	if (lavacli_capture(c, "logs", j->job, &text, len, &st)) {
		set_why(j->why, sizeof(j->why), "lavacli jobs logs --raw %s: %s", j->job,
			 st ? "failed (is the identity's server reachable?)" : strerror(errno));
		return NULL;
	}
	lavacli_job(c, j);
	return text;
}

static void collect_one(const struct lava_collect_args *c, struct lava_jobres *j)
{
	struct vmf_file files[MAX_FILES];
	struct lava_joblog l;
	size_t len = 0;
	char *text = log_text(c, j, &len);
	int nf;

	j->status = "no-log";
	if (c->device)
		snprintf(j->device, sizeof(j->device), "%s", c->device);
	if (!text)
		return;
	if (j->server)
		save_log(c, j, text, len);
	if (lava_joblog_parse(text, len, &l, j->why, sizeof(j->why))) {
		free(text);
		return;
	}
	free(text);
	j->seconds = l.seconds;
	console_facts(j, &l);
	if (!j->job[0])
		snprintf(j->job, sizeof(j->job), "%s", l.job_id);
	/* a job that did not boot: its kernel is its ramdisk's name (ramdisk.c) */
	if (!j->kernel[0] && l.ramdisk[0])
		snprintf(j->kernel, sizeof(j->kernel), "%.*s", (int)(strlen(l.ramdisk) - 8), l.ramdisk);
	nf = vmf_parse(l.console, l.console_len, files, MAX_FILES);
	judge(j, &l, files, nf);
	if (nf > 0 && files[0].ok)
		take_result(c, j, &l, &files[0]);
	vmf_free(files, nf);
	lava_joblog_free(&l);
}

/*
 * An earlier collect's results in out would join this one's in compare's
 * sides without being among its jobs: refused, never mixed.
 */
static int earlier_collect(const char *out)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/collect.json", out) >= sizeof(path)) {
		fprintf(stderr, "ptbench lava collect: %s: path too long\n", out);
		return -1;
	}
	if (access(path, F_OK))
		return 0;
	fprintf(stderr, "ptbench lava collect: %s holds an earlier collect (collect.json): its results "
		"would mix with these; pick another --out or remove it\n", out);
	return -1;
}

int lava_collect(struct lava_collect_args *c)
{
	struct lava_jobres *jobs = xcalloc((size_t)(c->nlogs + c->njobs), sizeof(*jobs));
	int i, n = 0, bad = 0;

	if (mkdir_p(c->out)) {
		fprintf(stderr, "ptbench lava collect: %s: %s\n", c->out, strerror(errno));
		free(jobs);
		return 1;
	}
	if (earlier_collect(c->out)) {
		free(jobs);
		return 2;
	}
	for (i = 0; i < c->nlogs; i++, n++) {
		snprintf(jobs[n].source, sizeof(jobs[n].source), "%s", c->logs[i]);
		collect_one(c, &jobs[n]);
	}
	for (i = 0; i < c->njobs; i++, n++) {
		jobs[n].server = 1;
		snprintf(jobs[n].job, sizeof(jobs[n].job), "%s", c->jobs[i]);
		snprintf(jobs[n].source, sizeof(jobs[n].source), "lavacli jobs logs --raw %s", c->jobs[i]);
		collect_one(c, &jobs[n]);
	}
	for (i = 0; i < n; i++)
		bad += strcmp(jobs[i].status, "ok") != 0;
	collect_report(c, jobs, n);
	if (!c->no_compare && collect_compare(c, jobs, n))
		bad++;
	free(jobs);
	return bad ? 1 : 0;
}
