// SPDX-License-Identifier: GPL-2.0
/*
 * The result file loader. Validation is strict about what analysis uses and
 * silent about the rest: a file that passes can be compared and plotted
 * without another check, and a runner that adds keys does not break it.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/jsonv.h"
#include "lib/schema.h"
#include "load.h"
#include "present.h"

/* "points[12345].metrics.<name>.samples[99999]" with room for a long name */
#define JPATH_LEN	384

enum kind { K_OBJECT, K_ARRAY, K_STRING, K_BOOL, K_NUMBER };

static const char *const kind_names[] = {
	[K_OBJECT] = "an object", [K_ARRAY] = "an array", [K_STRING] = "a string",
	[K_BOOL] = "a boolean", [K_NUMBER] = "a number",
};

static int is_kind(json_t *val, enum kind k)
{
	switch (k) {
	case K_OBJECT:
		return json_is_object(val);
	case K_ARRAY:
		return json_is_array(val);
	case K_STRING:
		return json_is_string(val);
	case K_BOOL:
		return json_is_boolean(val);
	case K_NUMBER:
		return json_is_number(val);
	}
	return 0;
}

static const char *type_name(json_t *val)
{
	switch (json_typeof(val)) {
	case JSON_OBJECT:
		return kind_names[K_OBJECT];
	case JSON_ARRAY:
		return kind_names[K_ARRAY];
	case JSON_STRING:
		return kind_names[K_STRING];
	case JSON_TRUE:
	case JSON_FALSE:
		return kind_names[K_BOOL];
	case JSON_INTEGER:
	case JSON_REAL:
		return kind_names[K_NUMBER];
	default:
		return "null";
	}
}

/* A path too long for the buffer ends in "..." rather than in a wrong name. */
static void mark_cut(char *out, size_t len, int n)
{
	if (n >= 0 && (size_t)n >= len && len >= 4)
		memcpy(out + len - 4, "...", 4);
}

static void join_key(char *out, size_t len, const char *path, const char *key)
{
	mark_cut(out, len, snprintf(out, len, "%s%s%s", path, *path ? "." : "", key));
}

static void join_idx(char *out, size_t len, const char *path, size_t i)
{
	mark_cut(out, len, snprintf(out, len, "%s[%zu]", path, i));
}

static int want_kind(struct jv *v, const char *path, json_t *val, enum kind k)
{
	if (is_kind(val, k))
		return 0;
	return jv_fail(v, path, "must be %s, not %s", kind_names[k], type_name(val));
}

/*
 * obj[key] when it is of kind k. NULL when absent (an error if required)
 * or of another kind (always an error): callers test v->failed.
 */
static json_t *get(struct jv *v, const char *path, json_t *obj, const char *key,
		   enum kind k, int required)
{
	json_t *val = json_object_get(obj, key);
	char sub[JPATH_LEN];

	join_key(sub, sizeof(sub), path, key);
	if (!val) {
		if (required)
			jv_fail(v, sub, "missing");
		return NULL;
	}
	return want_kind(v, sub, val, k) ? NULL : val;
}

/* A sample or summary figure: finite and small enough to square and sum. */
static int want_finite(struct jv *v, const char *path, json_t *val, double *out)
{
	double d;

	if (want_kind(v, path, val, K_NUMBER))
		return -1;
	d = json_number_value(val);
	if (!isfinite(d))
		return jv_fail(v, path, "must be a finite number");
	if (fabs(d) > RESULT_MAX_ABS)
		return jv_fail(v, path, "%g is out of range (magnitude above %g)", d, RESULT_MAX_ABS);
	if (out)
		*out = d;
	return 0;
}

/* ---- metrics ---- */

static const char *const summary_keys[] = { "mean", "stddev", "cv", "min", "median", "max" };

static int load_ci(struct jv *v, const char *path, json_t *summary)
{
	json_t *ci = get(v, path, summary, "ci95", K_ARRAY, 1), *x;
	char sub[JPATH_LEN], el[JPATH_LEN];
	size_t i;

	if (!ci)
		return -1;
	join_key(sub, sizeof(sub), path, "ci95");
	if (json_array_size(ci) != 2)
		return jv_fail(v, sub, "must be [low, high], not %zu numbers", json_array_size(ci));
	json_array_foreach(ci, i, x) {
		join_idx(el, sizeof(el), sub, i);
		if (want_finite(v, el, x, NULL))
			return -1;
	}
	return 0;
}

static int load_summary(struct jv *v, const char *path, json_t *summary, size_t n)
{
	json_t *jn = get(v, path, summary, "n", K_NUMBER, 1);
	char sub[JPATH_LEN];
	size_t i;

	if (!jn)
		return -1;
	join_key(sub, sizeof(sub), path, "n");
	if (!json_is_integer(jn))
		return jv_fail(v, sub, "must be a whole number");
	if (json_integer_value(jn) != (json_int_t)n)
		return jv_fail(v, sub, "is %lld but there are %zu samples",
			       (long long)json_integer_value(jn), n);
	for (i = 0; i < sizeof(summary_keys) / sizeof(summary_keys[0]); i++) {
		json_t *x = get(v, path, summary, summary_keys[i], K_NUMBER, 1);

		join_key(sub, sizeof(sub), path, summary_keys[i]);
		if (!x || want_finite(v, sub, x, NULL))
			return -1;
	}
	return load_ci(v, path, summary);
}

static int load_samples(struct jv *v, const char *path, json_t *samples, struct res_metric *m)
{
	char el[JPATH_LEN];
	double *x;
	json_t *s;
	size_t i;

	m->n = json_array_size(samples);
	if (!m->n)
		return jv_fail(v, path, "empty: a metric has at least one sample");
	if (m->n > RESULT_MAX_SAMPLES)
		return jv_fail(v, path, "%zu samples, more than %d", m->n, RESULT_MAX_SAMPLES);
	x = malloc(m->n * sizeof(*x));
	if (!x)
		return jv_fail(v, path, "out of memory");
	m->samples = x;
	json_array_foreach(samples, i, s) {
		join_idx(el, sizeof(el), path, i);
		if (want_finite(v, el, s, &x[i]))
			return -1;
	}
	return 0;
}

static int load_metric(struct jv *v, const char *path, const char *name, json_t *mj,
		       struct res_metric *m)
{
	json_t *unit, *hib, *samples, *summary;
	char sub[JPATH_LEN];

	m->name = name;
	m->json = mj;
	if (want_kind(v, path, mj, K_OBJECT))
		return -1;
	unit = get(v, path, mj, "unit", K_STRING, 1);
	hib = get(v, path, mj, "higher_is_better", K_BOOL, 1);
	samples = get(v, path, mj, "samples", K_ARRAY, 1);
	summary = get(v, path, mj, "summary", K_OBJECT, 1);
	get(v, path, mj, "description", K_STRING, 0);
	get(v, path, mj, "derived", K_OBJECT, 0);
	if (v->failed)
		return -1;
	m->unit = json_string_value(unit);
	m->higher_is_better = json_is_true(hib);
	m->summary = summary;
	join_key(sub, sizeof(sub), path, "samples");
	if (load_samples(v, sub, samples, m))
		return -1;
	join_key(sub, sizeof(sub), path, "summary");
	return load_summary(v, sub, summary, m->n);
}

static int load_metrics(struct jv *v, const char *path, json_t *metrics, struct res_point *p)
{
	char sub[JPATH_LEN];
	const char *name;
	json_t *mj;

	p->metrics = calloc(json_object_size(metrics) ? json_object_size(metrics) : 1,
			    sizeof(*p->metrics));
	if (!p->metrics)
		return jv_fail(v, path, "out of memory");
	json_object_foreach(metrics, name, mj) {
		struct res_metric *m = &p->metrics[p->nmetrics++];

		join_key(sub, sizeof(sub), path, name);
		if (load_metric(v, sub, name, mj, m))
			return -1;
	}
	return 0;
}

/* ---- points ---- */

static int load_checks(struct jv *v, const char *path, json_t *checks)
{
	char el[JPATH_LEN];
	json_t *c;
	size_t i;

	json_array_foreach(checks, i, c) {
		join_idx(el, sizeof(el), path, i);
		if (want_kind(v, el, c, K_OBJECT))
			return -1;
		get(v, el, c, "name", K_STRING, 1);
		get(v, el, c, "ok", K_BOOL, 1);
		if (v->failed)
			return -1;
	}
	return 0;
}

static int load_validity(struct jv *v, const char *path, json_t *vj, struct res_point *p)
{
	json_t *valid = get(v, path, vj, "valid", K_BOOL, 1), *reason, *checks;
	char sub[JPATH_LEN];

	if (!valid)
		return -1;
	p->valid = json_is_true(valid);
	reason = json_object_get(vj, "reason");
	join_key(sub, sizeof(sub), path, "reason");
	if (!p->valid && (!json_is_string(reason) || !*json_string_value(reason)))
		return jv_fail(v, sub, "%s: an invalid point must say why",
			       reason ? "must be a non-empty string" : "missing");
	if (reason && !json_is_null(reason) && want_kind(v, sub, reason, K_STRING))
		return -1;
	p->reason = p->valid ? NULL : json_string_value(reason);
	checks = get(v, path, vj, "checks", K_ARRAY, 0);
	get(v, path, vj, "notes", K_ARRAY, 0);
	if (v->failed)
		return -1;
	join_key(sub, sizeof(sub), path, "checks");
	return checks ? load_checks(v, sub, checks) : 0;
}

/* Informational sections: not needed, but of the right type when present. */
static int load_extras(struct jv *v, const char *path, json_t *pj)
{
	static const char *const objects[] = {
		"harness", "placement", "counters", "vmstat", "interrupts",
	};
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		get(v, path, pj, objects[i], K_OBJECT, 0);
	get(v, path, pj, "threads", K_ARRAY, 0);
	return v->failed ? -1 : 0;
}

/* {metric: reason}: each a non-empty reason, none also measured. */
static int load_unobserved(struct jv *v, const char *path, json_t *u, json_t *metrics)
{
	char sub[JPATH_LEN];
	const char *name;
	json_t *why;

	if (want_kind(v, path, u, K_OBJECT))
		return -1;
	json_object_foreach(u, name, why) {
		join_key(sub, sizeof(sub), path, name);
		if (want_kind(v, sub, why, K_STRING))
			return -1;
		if (!*json_string_value(why))
			return jv_fail(v, sub, "an unobserved metric must say why");
		if (json_object_get(metrics, name))
			return jv_fail(v, sub, "also in metrics: a metric is measured or not observed, "
				       "not both");
	}
	return 0;
}

static int load_point(struct jv *v, json_t *pj, size_t i, struct res_point *p)
{
	json_t *id, *wl, *metrics, *validity;
	char path[JPATH_LEN], sub[JPATH_LEN];

	p->json = pj;
	join_idx(path, sizeof(path), "points", i);
	if (want_kind(v, path, pj, K_OBJECT))
		return -1;
	id = get(v, path, pj, "id", K_STRING, 1);
	wl = get(v, path, pj, "workload", K_STRING, 1);
	p->params = get(v, path, pj, "params", K_OBJECT, 1);
	metrics = get(v, path, pj, "metrics", K_OBJECT, 1);
	validity = get(v, path, pj, "validity", K_OBJECT, 1);
	if (v->failed || load_extras(v, path, pj))
		return -1;
	p->id = json_string_value(id);
	p->workload = json_string_value(wl);
	p->unobserved = json_object_get(pj, "unobserved");
	join_key(sub, sizeof(sub), path, "unobserved");
	if (p->unobserved && load_unobserved(v, sub, p->unobserved, metrics))
		return -1;
	join_key(sub, sizeof(sub), path, "validity");
	if (load_validity(v, sub, validity, p))
		return -1;
	join_key(sub, sizeof(sub), path, "metrics");
	return load_metrics(v, sub, metrics, p);
}

static int load_points(struct jv *v, json_t *points, struct result *r)
{
	json_t *pj;
	size_t i;

	r->points = calloc(json_array_size(points) ? json_array_size(points) : 1,
			   sizeof(*r->points));
	if (!r->points)
		return jv_fail(v, "points", "out of memory");
	json_array_foreach(points, i, pj) {
		r->npoints = i + 1;
		if (load_point(v, pj, i, &r->points[i]))
			return -1;
	}
	return 0;
}

static int load_skipped(struct jv *v, json_t *skipped)
{
	char path[JPATH_LEN];
	json_t *s;
	size_t i;

	json_array_foreach(skipped, i, s) {
		join_idx(path, sizeof(path), "skipped", i);
		if (want_kind(v, path, s, K_OBJECT))
			return -1;
		get(v, path, s, "id", K_STRING, 1);
		get(v, path, s, "workload", K_STRING, 1);
		get(v, path, s, "params", K_OBJECT, 1);
		get(v, path, s, "status", K_STRING, 1);
		get(v, path, s, "reason", K_STRING, 1);
		if (v->failed)
			return -1;
	}
	return 0;
}

/* ---- unique ids ---- */

struct id_ref {
	const char *id;
	const char *section;	/* "points" or "skipped" */
	size_t index;		/* in file order: points first, then skipped */
	size_t order;
};

static int id_cmp(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

static void id_collect(json_t *arr, const char *section, struct id_ref *ids, size_t *n)
{
	json_t *e;
	size_t i;

	json_array_foreach(arr, i, e) {
		ids[*n].id = json_string_value(json_object_get(e, "id"));
		ids[*n].section = section;
		ids[*n].index = i;
		ids[*n].order = *n;
		(*n)++;
	}
}

/* One planned point is either in points[] or in skipped[], once. */
static int check_unique(struct jv *v, json_t *points, json_t *skipped)
{
	size_t n = 0, i, total = json_array_size(points) + json_array_size(skipped);
	struct id_ref *ids = calloc(total ? total : 1, sizeof(*ids));
	char path[JPATH_LEN];

	if (!ids)
		return jv_fail(v, "points", "out of memory");
	id_collect(points, "points", ids, &n);
	id_collect(skipped, "skipped", ids, &n);
	qsort(ids, n, sizeof(*ids), id_cmp);
	for (i = 1; i < n && !v->failed; i++) {
		if (strcmp(ids[i - 1].id, ids[i].id))
			continue;
		mark_cut(path, sizeof(path), snprintf(path, sizeof(path), "%s[%zu].id",
						      ids[i].section, ids[i].index));
		jv_fail(v, path, "duplicate id \"%s\" (also %s[%zu])", ids[i].id,
			ids[i - 1].section, ids[i - 1].index);
	}
	free(ids);
	return v->failed ? -1 : 0;
}

/* ---- the file ---- */

static int check_schema(struct jv *v, json_t *root)
{
	json_t *s = json_object_get(root, "schema");

	if (!s)
		return jv_fail(v, "schema", "missing: not a ptbench result file");
	if (want_kind(v, "schema", s, K_STRING))
		return -1;
	if (strcmp(json_string_value(s), RESULT_SCHEMA))
		return jv_fail(v, "schema", "is \"%s\"; this ptbench reads \"%s\" only",
			       json_string_value(s), RESULT_SCHEMA);
	return 0;
}

static int load_capabilities(struct jv *v, json_t *caps)
{
	char path[JPATH_LEN];
	const char *key;
	json_t *c;

	json_object_foreach(caps, key, c) {
		join_key(path, sizeof(path), "capabilities", key);
		if (want_kind(v, path, c, K_OBJECT) || !get(v, path, c, "usable", K_BOOL, 1))
			return -1;
	}
	return 0;
}

static int load_top(struct jv *v, json_t *root, struct result *r)
{
	json_t *points, *label, *inc, *pres;

	if (want_kind(v, "", root, K_OBJECT) || check_schema(v, root))
		return -1;
	get(v, "", root, "suite", K_OBJECT, 1);
	r->run = get(v, "", root, "run", K_OBJECT, 1);
	r->system = get(v, "", root, "system", K_OBJECT, 1);
	r->capabilities = get(v, "", root, "capabilities", K_OBJECT, 1);
	points = get(v, "", root, "points", K_ARRAY, 1);
	r->skipped = get(v, "", root, "skipped", K_ARRAY, 1);
	if (v->failed)
		return -1;
	label = get(v, "run", r->run, "label", K_STRING, 1);
	inc = get(v, "run", r->run, "incomplete", K_BOOL, 1);
	if (v->failed || load_capabilities(v, r->capabilities))
		return -1;
	r->label = json_string_value(label);
	r->incomplete = json_is_true(inc);
	if (load_points(v, points, r) || load_skipped(v, r->skipped))
		return -1;
	/* optional: a file written before it existed shows its families with no table */
	pres = json_object_get(root, "presentation");
	if (pres && present_check(v, pres))
		return -1;
	return check_unique(v, points, r->skipped);
}

/* An error about the file as a whole: "file: reason", no JSON path. */
static void __attribute__((format(printf, 2, 3))) file_fail(struct jv *v, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	v->failed = 1;
	n = (size_t)snprintf(v->err, v->errlen, "%s: ", v->file);
	if (n >= v->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(v->err + n, v->errlen - n, fmt, ap);
	va_end(ap);
}

/* Parse with jansson; duplicate keys are an error (a hand-edited file). */
static json_t *parse(struct jv *v, const char *path)
{
	json_error_t e;
	struct stat st;
	json_t *root;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		file_fail(v, "%s", strerror(errno));
		return NULL;
	}
	/* fopen(3) opens a directory, which then reads as an empty file */
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		file_fail(v, "%s", strerror(EISDIR));
		return NULL;
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &e);
	fclose(f);
	if (!root)
		file_fail(v, "line %d column %d: not valid JSON: %s", e.line, e.column, e.text);
	return root;
}

struct result *result_load(const char *path, char *err, size_t len)
{
	char buf[1024] = "";
	struct jv v = { .file = path, .err = buf, .errlen = sizeof(buf) };
	struct result *r = calloc(1, sizeof(*r));

	if (!r || !(r->file = strdup(path))) {
		file_fail(&v, "out of memory");
		goto fail;
	}
	r->root = parse(&v, path);
	if (!r->root || load_top(&v, r->root, r))
		goto fail;
	present_learn(json_object_get(r->root, "presentation"));
	return r;
fail:
	if (len)
		snprintf(err, len, "%s", buf);
	result_free(r);
	return NULL;
}

void result_free(struct result *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->npoints; i++) {
		for (j = 0; j < r->points[i].nmetrics; j++)
			free((double *)r->points[i].metrics[j].samples);
		free(r->points[i].metrics);
	}
	free(r->points);
	json_decref(r->root);
	free(r->file);
	free(r);
}
