// SPDX-License-Identifier: GPL-2.0
/*
 * A job's log, as LAVA keeps it: the device's console (target lines),
 * the test cases the definition reported, and LAVA's verdict on the job
 * (the "job" case of its own "lava" definition, with error_msg and
 * error_type when it failed). A log without that verdict ends before the
 * job did: cut short, or fetched while the job ran.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/xalloc.h"
#include "lava_int.h"

static void add_console(struct lava_joblog *l, const char *msg, size_t *cap)
{
	size_t n = strlen(msg);

	if (l->console_len + n + 2 > *cap) {
		*cap = (l->console_len + n + 2) * 2;
		l->console = xgrow(l->console, *cap, 1);
	}
	memcpy(l->console + l->console_len, msg, n);
	l->console_len += n;
	l->console[l->console_len++] = '\n';
	l->console[l->console_len] = '\0';
	if (strstr(msg, "<LAVA_SIGNAL_ENDRUN "))
		l->endrun = 1;
}

static void add_error(struct lava_joblog *l, const char *msg)
{
	size_t n = strlen(l->errors);

	/* the first ones say what went wrong; the rest repeat it up the pipeline */
	if (n + 3 >= sizeof(l->errors) || strstr(l->errors, msg))
		return;
	snprintf(l->errors + n, sizeof(l->errors) - n, "%s%s", n ? "; " : "", msg);
}

static void add_result(struct lava_joblog *l, json_t *msg)
{
	const char *def = json_string_value(json_object_get(msg, "definition"));
	const char *name = json_string_value(json_object_get(msg, "case"));

	if (!def || !name)
		return;
	if (!strcmp(def, "lava")) {
		if (!strcmp(name, "job")) {
			json_decref(l->verdict);
			l->verdict = json_incref(msg);
		}
		return;
	}
	json_array_append(l->cases, msg);
}

/* "2026-12-05T17:37:55.693853" (UTC) in seconds; NAN when it is not that. */
static double stamp(json_t *rec)
{
	const char *dt = json_string_value(json_object_get(rec, "dt")), *rest;
	struct tm tm = { 0 };

	if (!dt || !(rest = strptime(dt, "%Y-%m-%dT%H:%M:%S", &tm)))
		return NAN;
	return (double)timegm(&tm) + (*rest == '.' ? atof(rest) : 0);
}

/*
 * What LAVA says of the job before it boots, for a job that never gets
 * to say more: its id (the overlay's /lava-ID) and the ramdisk it
 * deployed (a plan's ramdisk is named after its kernel).
 */
static void before_boot(struct lava_joblog *l, const char *msg)
{
	const char *slash;
	size_t n;

	if (!l->job_id[0] && !strncmp(msg, "Using /lava-", 12))
		snprintf(l->job_id, sizeof(l->job_id), "%.*s", (int)strspn(msg + 12, "0123456789"),
			 msg + 12);
	n = strlen(msg);
	if (!l->ramdisk[0] && !strncmp(msg, "downloading ", 12) && n > 8 &&
	    !strcmp(msg + n - 8, ".cpio.gz") && (slash = strrchr(msg, '/')))
		snprintf(l->ramdisk, sizeof(l->ramdisk), "%s", slash + 1);
}

static void one_line(struct lava_joblog *l, json_t *rec, size_t *cap)
{
	const char *lvl = json_string_value(json_object_get(rec, "lvl"));
	json_t *msg = json_object_get(rec, "msg");

	if (json_is_string(msg) && (!strcmp(lvl, "debug") || !strcmp(lvl, "info")))
		before_boot(l, json_string_value(msg));
	if (!strcmp(lvl, "target") && json_is_string(msg))
		add_console(l, json_string_value(msg), cap);
	else if (!strcmp(lvl, "results") && json_is_object(msg))
		add_result(l, msg);
	else if (!strcmp(lvl, "error") && json_is_string(msg))
		add_error(l, json_string_value(msg));
}

int lava_joblog_parse(const char *text, size_t len, struct lava_joblog *l, char *why, size_t wlen)
{
	const char *p = text, *end = text + len;
	double first = NAN, last = NAN;
	size_t cap = 0;

	memset(l, 0, sizeof(*l));
	l->cases = json_array();
	l->console = xgrow(NULL, 1, 1);
	l->console[0] = '\0';
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_t *rec;

		if (n) {
			rec = lava_log_line(p, n);
			if (rec) {
				l->lines++;
				last = stamp(rec);
				if (isnan(first))
					first = last;
				one_line(l, rec, &cap);
				json_decref(rec);
			} else {
				l->bad_lines++;
			}
		}
		p += n + 1;
	}
	l->seconds = last - first >= 0 ? last - first : NAN;
	if (!l->lines) {
		snprintf(why, wlen, "no line of it is a LAVA log line ({dt, lvl, msg}): not a job log");
		lava_joblog_free(l);
		return -1;
	}
	return 0;
}

void lava_joblog_free(struct lava_joblog *l)
{
	free(l->console);
	json_decref(l->cases);
	json_decref(l->verdict);
	memset(l, 0, sizeof(*l));
}
