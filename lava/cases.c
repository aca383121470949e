// SPDX-License-Identifier: GPL-2.0
/*
 * A result file as LAVA test cases: what a job reports with lava-test-case
 * in the guest (guest.c), and what "ptbench lava collect" expects to find
 * in the job's log for the result file it rebuilt (collect.c). Both call
 * lava_cases() on the same file, so the two lists agree name for name
 * when nothing was lost between them.
 *
 * Per point: "<id>" (pass when valid, fail when invalid), one case per
 * validity check "<id>.check.<name>" (fail when not ok), and one per
 * headline figure "<id>.<metric>" with its median as the measurement:
 * fail on an invalid point, and for a correctness count (a check role)
 * above 0; skip, with the reason, for a figure the run could not observe.
 * Per skipped point: "<id>", skip (or fail for an error or an interrupted
 * point). And "ptbench.run": fail when the run was interrupted.
 */
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "analysis/headline.h"
#include "lib/stats.h"
#include "lib/xalloc.h"
#include "lava_int.h"

/*
 * LAVA splits a signal on whitespace and a server keeps names in URLs and
 * in a column of 100: letters, digits, '.', '-', '_'. ':' and ',' (which
 * part an id) become '.', '=' becomes '-'; a longer name keeps its head
 * and ends in a CRC of the whole, so that two long ids stay two names.
 */
void lava_case_name(const char *id, const char *suffix, char *buf, size_t len)
{
	char full[1024];
	size_t i, n;

	snprintf(full, sizeof(full), "%s%s%s", id, suffix ? "." : "", suffix ? suffix : "");
	for (i = 0; full[i]; i++) {
		char c = full[i];

		if (c == ':' || c == ',')
			full[i] = '.';
		else if (c == '=')
			full[i] = '-';
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
			full[i] = '_';
	}
	n = strlen(full);
	if (len > LAVA_CASE_MAX + 1)
		len = LAVA_CASE_MAX + 1;
	if (n < len) {
		snprintf(buf, len, "%s", full);
		return;
	}
	snprintf(buf, len, "%.*s-%08lx", (int)(len - 10), full,
		 crc32(0L, (const unsigned char *)full, (unsigned int)n));
}

/* Units go in one word of the signal: spaces become '_'. */
static void units_word(const char *unit, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", unit && *unit ? unit : "");
	for (i = 0; buf[i]; i++)
		if (buf[i] == ' ' || buf[i] == '\t')
			buf[i] = '_';
}

struct case_list {
	struct lava_case *c;
	int n;
};

static struct lava_case *add(struct case_list *l, const char *id, const char *suffix,
			     const char *result, const char *why)
{
	struct lava_case *c;

	l->c = xgrow(l->c, (size_t)l->n + 1, sizeof(*l->c));
	c = &l->c[l->n++];
	memset(c, 0, sizeof(*c));
	lava_case_name(id, suffix, c->name, sizeof(c->name));
	c->result = result;
	snprintf(c->why, sizeof(c->why), "%s", why ? why : "");
	return c;
}

static void checks(struct case_list *l, const struct res_point *p)
{
	json_t *arr = json_object_get(json_object_get(p->json, "validity"), "checks"), *ck;
	size_t i;

	json_array_foreach(arr, i, ck) {
		const char *name = json_string_value(json_object_get(ck, "name"));
		json_t *obs = json_object_get(ck, "observed");
		int ok = json_is_true(json_object_get(ck, "ok"));
		char suffix[160];
		struct lava_case *c;

		if (!name)
			continue;
		snprintf(suffix, sizeof(suffix), "check.%s", name);
		c = add(l, p->id, suffix, ok ? "pass" : "fail", ok ? NULL : "the check failed");
		if (json_is_number(obs)) {
			c->has_measure = 1;
			c->measure = json_number_value(obs);
		}
	}
}

static void figure(struct case_list *l, const struct res_point *p, const char *metric)
{
	const struct res_metric *m = res_metric_get(p, metric);
	const char *why = res_unobserved(p, metric);
	struct lava_case *c;
	int bad;

	if (headline_duplicate(metric, p->params))
		return;
	if (!m) {
		if (why)
			add(l, p->id, metric, "skip", why);
		return;
	}
	/* a correctness count: any sample above 0 is the check failing */
	bad = !p->valid || (headline_role(p->workload, metric) == HL_CHECK &&
			    percentile(m->samples, m->n, 100) > 0);
	c = add(l, p->id, metric, bad ? "fail" : "pass",
		!p->valid ? p->reason : bad ? "a correctness count above 0" : NULL);
	c->has_measure = 1;
	c->measure = percentile(m->samples, m->n, 50);
	units_word(m->unit, c->units, sizeof(c->units));
}

static void point(struct case_list *l, const struct res_point *p)
{
	const char *metric;
	int rank;

	add(l, p->id, NULL, p->valid ? "pass" : "fail", p->valid ? NULL : p->reason);
	checks(l, p);
	for (rank = 0; (metric = headline_metric(p->workload, rank)); rank++)
		figure(l, p, metric);
}

static void skipped(struct case_list *l, json_t *s)
{
	const char *id = json_string_value(json_object_get(s, "id"));
	const char *status = json_string_value(json_object_get(s, "status"));
	const char *why = json_string_value(json_object_get(s, "reason"));

	if (!id)
		return;
	add(l, id, NULL, status && !strcmp(status, "skipped") ? "skip" : "fail", why);
}

int lava_cases(const struct result *r, struct lava_case **out)
{
	struct case_list l = { 0 };
	json_t *s;
	size_t i;

	add(&l, "ptbench", "run", r->incomplete ? "fail" : "pass",
	    r->incomplete ? "the run was interrupted: its result file is partial" : NULL);
	for (i = 0; i < r->npoints; i++)
		point(&l, &r->points[i]);
	json_array_foreach(r->skipped, i, s)
		skipped(&l, s);
	*out = l.c;
	return l.n;
}
