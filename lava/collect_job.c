// SPDX-License-Identifier: GPL-2.0
/*
 * One job's result file: loaded as analysis loads any (a file that does
 * not load is not taken), given the job's provenance under "lava", and
 * written atomically to OUT/<kernel>/<seq>-job<id>.json when the job is
 * whole (OUT/partial/ otherwise). Then its cases: those lava_cases() makes
 * of the file must be those the job reported to LAVA, name for name, with
 * the same result and measurement; a difference means the log and the
 * file disagree, and the job is not "ok".
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/json_write.h"
#include "lib/util.h"
#include "lava_collect.h"

static json_t *provenance(const struct lava_collect_args *c, const struct lava_jobres *j)
{
	json_t *secs = isfinite(j->seconds) ? json_real(j->seconds) : json_null();

	(void)c;
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
			 "job", j->job, "device", j->device[0] ? j->device : "unknown",
			 "plan", j->plan, "seq", j->seq, "of", j->of, "kernel", j->kernel,
			 "release", j->release, "machine", j->machine, "log", j->source,
			 "status", j->status, "seconds", secs);
}

static const char *logged_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int same_measure(const struct lava_case *e, json_t *got)
{
	const char *m = json_string_value(json_object_get(got, "measurement"));
	double v;

	if (!e->has_measure)
		return !m;
	if (!m)
		return 0;
	v = strtod(m, NULL);
	/* the guest printed %.9g: agree to that */
	return fabs(v - e->measure) <= 1e-8 * fabs(e->measure) + 1e-300 &&
	       !strcmp(logged_str(got, "units"), e->units);
}

/* Compare the cases of the file with those in the log. */
static void check_cases(struct lava_jobres *j, const struct result *r, const struct lava_joblog *l)
{
	char *seen = xcalloc(json_array_size(l->cases) + 1, 1), first[400] = "";
	struct lava_case *cs;
	size_t i, k;
	int n = lava_cases(r, &cs);

	j->cases_expected = n;
	j->cases_logged = (int)json_array_size(l->cases);
	for (k = 0; k < (size_t)n; k++) {
		json_t *got = NULL, *x;

		json_array_foreach(l->cases, i, x)
			if (!seen[i] && !strcmp(logged_str(x, "case"), cs[k].name)) {
				got = x;
				seen[i] = 1;
				break;
			}
		if (!got) {
			j->cases_missing++;
			if (!first[0])
				snprintf(first, sizeof(first), "%s is not in the log", cs[k].name);
		} else if (strcmp(logged_str(got, "result"), cs[k].result) || !same_measure(&cs[k], got)) {
			j->cases_differ++;
			if (!first[0])
				snprintf(first, sizeof(first), "%s: %s in the log, %s in the file",
					 cs[k].name, logged_str(got, "result"), cs[k].result);
		}
	}
	for (i = 0; i < json_array_size(l->cases); i++)
		j->cases_extra += !seen[i];
	if (j->cases_missing || j->cases_differ || j->cases_extra) {
		j->status = "cases-mismatch";
		set_why(j->why, sizeof(j->why), "the log's test cases are not the file's: %d missing, "
			 "%d different, %d extra%s%s", j->cases_missing, j->cases_differ, j->cases_extra,
			 first[0] ? "; first: " : "", first);
	}
	free(cs);
	free(seen);
}

/* OUT/<kernel stem>/ for a whole job, OUT/partial/ for the rest. */
static int result_path(const struct lava_collect_args *c, struct lava_jobres *j, int whole)
{
	char dir[PATH_MAX], stem[80];
	size_t i;

	snprintf(stem, sizeof(stem), "%s", j->kernel[0] ? j->kernel : "unknown");
	for (i = 0; stem[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", stem[i]))
			stem[i] = '_';
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", c->out, whole ? stem : "partial") >= sizeof(dir) ||
	    mkdir_p(dir))
		return -1;
	if ((size_t)snprintf(j->result, sizeof(j->result), "%s/%s%s%s-job%s.json", dir,
			     whole ? "" : stem, whole ? "" : "-", j->seq[0] ? j->seq : "0",
			     j->job[0] ? j->job : "unknown") >= sizeof(j->result))
		return -1;
	return 0;
}


void take_result(const struct lava_collect_args *c, struct lava_jobres *j,
		 const struct lava_joblog *l, const struct vmf_file *f)
{
	int whole = !strcmp(j->status, "ok");
	char err[1024];
	struct result *r;

	if (result_path(c, j, whole) || write_file_atomic(j->result, f->data, f->len)) {
		set_why(j->why, sizeof(j->why), "cannot write %s: %s", j->result, strerror(errno));
		j->status = "no-result";
		j->result[0] = '\0';
		return;
	}
	r = result_load(j->result, err, sizeof(err));
	if (!r) {
		unlink(j->result);
		j->result[0] = '\0';
		j->status = "no-result";
		set_why(j->why, sizeof(j->why), "the file it sent is not a result file: %s", err);
		return;
	}
	j->points = (int)r->npoints;
	j->skipped = (int)json_array_size(r->skipped);
	if (whole)
		check_cases(j, r, l);
	json_object_set_new(r->root, "lava", provenance(c, j));
	if (json_write_atomic(j->result, r->root, JSON_INDENT(1) | JSON_PRESERVE_ORDER)) {
		set_why(j->why, sizeof(j->why), "cannot write %s: %s", j->result, strerror(errno));
		j->status = "no-result";
	}
	result_free(r);
}

void save_log(const struct lava_collect_args *c, const struct lava_jobres *j, const char *text,
	      size_t len)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	if ((size_t)snprintf(dir, sizeof(dir), "%s/logs", c->out) >= sizeof(dir) || mkdir_p(dir))
		return;
	snprintf(path, sizeof(path), "%s/job-%s.log", dir, j->job);
	if (write_file_atomic(path, text, len))
		fprintf(stderr, "ptbench lava collect: cannot keep %s: %s\n", path, strerror(errno));
}
