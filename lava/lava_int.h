/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of lava/ share: the test cases of a result file
 * (cases.c), YAML in and out (yaml_emit.c, yaml_log.c), the QEMU device
 * of each arch (device.c), the ramdisk (ramdisk.c) and one job (job.c).
 */
#ifndef PTBENCH_LAVA_INT_H
#define PTBENCH_LAVA_INT_H

#include <limits.h>
#include <stdio.h>

#include <jansson.h>

#include "analysis/load.h"
#include "vm/vm.h"
#include "lava.h"

/* The guest's line naming its job, for collect: "PTBENCH-LAVA-JOB job=ID seq=N of=M plan=P kernel=K". */
#define LAVA_JOB_LINE	"PTBENCH-LAVA-JOB"

/* The ramdisk's shell prompt (ramdisk.c), and what the job's boot waits for (job.c). */
#define LAVA_PROMPT		"root@lava-guest:~#"
#define LAVA_PROMPT_MATCH	"root@lava-guest:"

/* A test case name as a LAVA server keeps it (lava_case_name()). */
#define LAVA_CASE_MAX	100

struct lava_case {
	char name[LAVA_CASE_MAX + 1];
	const char *result;	/* "pass", "fail", "skip" */
	int has_measure;
	double measure;
	char units[64];		/* one word; "" for none */
	char why[512];		/* a fail's or a skip's reason, "" for a pass */
};

/* cases.c: the cases of r (*out malloc'ed): how many. */
int lava_cases(const struct result *r, struct lava_case **out);
/* "<id>.<suffix>" (suffix may be NULL) as a LAVA test case name. */
void lava_case_name(const char *id, const char *suffix, char *buf, size_t len);

/* yaml_emit.c: write v (objects, arrays, strings, numbers, booleans) as a YAML document. */
int lava_yaml_write(const char *path, json_t *v, const char *comment);

/*
 * yaml_log.c: one line of a LAVA job log, as lava-run prints it on stderr
 * ({"dt": ..., "lvl": ..., "msg": ...}) or a server keeps it ("- {...}"),
 * into JSON (every scalar a string); NULL when the line is not one.
 */
json_t *lava_log_line(const char *line, size_t len);
/* yaml_log.c: the first YAML document of text as JSON (every scalar a string), or NULL. */
json_t *lava_yaml_load(const char *text, size_t len);

/* joblog.c: what a job's log says, line by line (lava_log_line()). */
struct lava_joblog {
	char *console;		/* the target's lines ("lvl: target"), joined with newlines */
	size_t console_len;
	json_t *cases;		/* the test definition's cases: [{case, result, measurement, units}] */
	json_t *verdict;	/* LAVA's "job" case: {result, error_msg, error_type}; NULL: the log ends before */
	char errors[512];	/* LAVA's first error lines, "; "-joined */
	int lines, bad_lines;
	double seconds;		/* from the first line's time to the last's */
	char job_id[32];	/* from LAVA's "Using /lava-ID" */
	char ramdisk[128];	/* the ramdisk's file name, from "downloading URL" */
	int endrun;		/* the test definition's end was seen (LAVA_SIGNAL_ENDRUN) */
};
/* Parse the log text; 0, or -1 when no line of it is a LAVA log line (said why in why; l freed). */
int lava_joblog_parse(const char *text, size_t len, struct lava_joblog *l, char *why, size_t wlen);
void lava_joblog_free(struct lava_joblog *l);

/* device.c: a QEMU device of an arch in a LAVA job, from ptbench vm's (vm/arches.c). */
struct lava_qemu {
	const char *arch;	/* ptbench's name: x86_64, arm64, ppc64le, s390x */
	const char *lava_arch;	/* the job's context.arch */
	const char *also;	/* the other name LAVA knows the arch by */
	const struct arch_qemu *aq;	/* QEMU binary, machine, CPU, console */
};
/* NULL when ptbench cannot boot arch under QEMU (said why). */
const struct lava_qemu *lava_qemu_lookup(const char *arch);
/* The job's context for a QEMU device: arch, machine, cpu, memory, -smp. */
json_t *lava_qemu_context(const struct lava_qemu *q, const char *mem, int smp);
/*
 * The device dictionary "lava-run --device" needs for a QEMU device of
 * that arch (a server renders its own from lava-server's qemu.jinja2).
 */
json_t *lava_qemu_device(const struct lava_qemu *q, const char *mem, int smp);

/* ramdisk.c: DIR/images/<stem>.cpio.gz for each kernel; 0 or -1 (said why). */
int lava_ramdisks(struct lava_args *a);

/* job.c: the job definition of step seq (1-based) of the plan, for kernel k. */
json_t *lava_job(const struct lava_args *a, int k, int seq, int njobs);

#endif
