// SPDX-License-Identifier: GPL-2.0
/*
 * How the families are shown, as the result files say (their
 * "presentation" section, docs/schema.md): checked when a file is loaded,
 * then merged into one table that the summary, the plots and the report
 * ask. The first file to describe a family is the one that counts. A file
 * written before the section existed describes nothing: its families get
 * no summary table (present_family() is NULL) and every metric is tested.
 */
#include <stdio.h>
#include <string.h>

#include "lib/jsonv.h"
#include "present.h"

/* The merged presentation: {params, one_worker_duplicates, families}. */
static json_t *known;

static const char *const roles[] = { "hidden", "shown", "tested", "check", NULL };
static const char *const kinds[] = { "lines", "cdf", "bars", NULL };

static int one_of(const char *s, const char *const *set)
{
	int i;

	for (i = 0; set[i]; i++)
		if (!strcmp(s, set[i]))
			return i;
	return -1;
}

/* A figure's name is a file stem: no path, no surprise. */
static int stem_ok(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* "path.key[idx]", cut at len ("..." where cut: a long key is named, not overrun). */
static void path_of(char *out, size_t len, const char *path, const char *key, long idx)
{
	int n = idx >= 0 ? snprintf(out, len, "%.*s.%.*s[%ld]", 200, path, 150, key, idx) :
			   snprintf(out, len, "%.*s.%.*s", 200, path, 150, key);

	if (n >= (int)len && len > 4)
		memcpy(out + len - 4, "...", 4);
}

/* A string or null, when present. */
static int opt_string(struct jv *v, const char *path, json_t *o, const char *key)
{
	json_t *x = json_object_get(o, key);
	char p[PRESENT_PATH];

	if (!x || json_is_null(x) || json_is_string(x))
		return 0;
	path_of(p, sizeof(p), path, key, -1);
	return jv_fail(v, p, "must be a string or null");
}

static int check_params(struct jv *v, const char *path, json_t *params)
{
	char p[PRESENT_PATH];
	const char *k;
	json_t *o;

	if (!json_is_object(params))
		return jv_fail(v, path, "must be an object");
	json_object_foreach(params, k, o) {
		path_of(p, sizeof(p), path, k, -1);
		if (!json_is_object(o))
			return jv_fail(v, p, "must be an object");
		if (jv_string(v, p, o, "shown", 1, NULL) || opt_string(v, p, o, "values"))
			return -1;
	}
	return 0;
}

static int check_strings(struct jv *v, const char *path, json_t *a)
{
	json_t *x;
	size_t i;

	if (!json_is_array(a))
		return jv_fail(v, path, "must be an array");
	json_array_foreach(a, i, x)
		if (!json_is_string(x))
			return jv_fail(v, path, "element %zu must be a string", i);
	return 0;
}

static int check_headline(struct jv *v, const char *path, json_t *h)
{
	const char *role;

	if (!json_is_object(h))
		return jv_fail(v, path, "must be an object");
	if (jv_string(v, path, h, "metric", 1, NULL) || jv_string(v, path, h, "label", 1, NULL) ||
	    jv_string(v, path, h, "role", 1, &role))
		return -1;
	if (one_of(role, roles) < 0)
		return jv_fail(v, path, "role \"%s\": not hidden, shown, tested or check", role);
	return 0;
}

static int check_figure(struct jv *v, const char *path, json_t *f)
{
	static const char *const opt[] = { "x", "series", "panel", "ignore", "ylabel", NULL };
	const char *name, *kind;
	size_t i;

	if (!json_is_object(f))
		return jv_fail(v, path, "must be an object");
	if (jv_string(v, path, f, "name", 1, &name) || jv_string(v, path, f, "kind", 1, &kind) ||
	    jv_string(v, path, f, "metric", 1, NULL) || jv_string(v, path, f, "title", 1, NULL) ||
	    jv_string(v, path, f, "xlabel", 1, NULL) || jv_bool(v, path, f, "logx", 1, NULL) ||
	    jv_bool(v, path, f, "ref1", 1, NULL))
		return -1;
	if (!stem_ok(name))
		return jv_fail(v, path, "name \"%s\": a file stem of letters, digits, '-', '_', '.'", name);
	if (one_of(kind, kinds) < 0)
		return jv_fail(v, path, "kind \"%s\": not lines, cdf or bars", kind);
	for (i = 0; opt[i]; i++)
		if (opt_string(v, path, f, opt[i]))
			return -1;
	return 0;
}

/* Each element of the array fam[key] (required) by check, its path "path.key[i]". */
static int check_each(struct jv *v, const char *path, json_t *fam, const char *key,
		      int (*check)(struct jv *v, const char *path, json_t *x))
{
	char p[PRESENT_PATH];
	json_t *x;
	size_t i;

	json_array_foreach(jv_get(v, path, fam, key, 1, JSON_ARRAY), i, x) {
		path_of(p, sizeof(p), path, key, (long)i);
		if (check(v, p, x))
			return -1;
	}
	return 0;
}

static int check_family(struct jv *v, const char *path, json_t *fam)
{
	char p[PRESENT_PATH];
	json_t *x;

	if (!json_is_object(fam))
		return jv_fail(v, path, "must be an object");
	if (jv_string(v, path, fam, "title", 1, NULL))
		return -1;
	if (check_each(v, path, fam, "headlines", check_headline))
		return -1;
	x = json_object_get(fam, "row_keys");
	path_of(p, sizeof(p), path, "row_keys", -1);
	if (x && !json_is_null(x) && check_strings(v, p, x))
		return -1;
	path_of(p, sizeof(p), path, "params", -1);
	if (check_params(v, p, jv_get(v, path, fam, "params", 1, JSON_OBJECT)))
		return -1;
	if (check_each(v, path, fam, "figures", check_figure))
		return -1;
	return v->failed ? -1 : 0;
}

int present_check(struct jv *v, json_t *pres)
{
	char p[PRESENT_PATH];
	const char *name;
	json_t *fams, *fam;

	if (!json_is_object(pres))
		return jv_fail(v, "presentation", "must be an object");
	if (check_params(v, "presentation.params", jv_get(v, "presentation", pres, "params", 1,
							 JSON_OBJECT)) ||
	    check_strings(v, "presentation.one_worker_duplicates",
			  jv_get(v, "presentation", pres, "one_worker_duplicates", 1, JSON_ARRAY)))
		return -1;
	fams = jv_get(v, "presentation", pres, "families", 1, JSON_OBJECT);
	json_object_foreach(fams, name, fam) {
		path_of(p, sizeof(p), "presentation.families", name, -1);
		if (check_family(v, p, fam))
			return -1;
	}
	return v->failed ? -1 : 0;
}

/* Keys of from not in into are added (the first file to say one is the one that counts). */
static void merge_object(json_t *into, json_t *from)
{
	const char *k;
	json_t *x;

	json_object_foreach(from, k, x)
		if (!json_object_get(into, k))
			json_object_set(into, k, x);
}

void present_learn(json_t *pres)
{
	json_t *dups, *x;
	size_t i;

	if (!pres)
		return;
	if (!known)
		known = json_pack("{s:{}, s:[], s:{}}", "params", "one_worker_duplicates", "families");
	merge_object(json_object_get(known, "params"), json_object_get(pres, "params"));
	merge_object(json_object_get(known, "families"), json_object_get(pres, "families"));
	dups = json_object_get(known, "one_worker_duplicates");
	json_array_foreach(json_object_get(pres, "one_worker_duplicates"), i, x)
		if (!present_one_worker_duplicate(json_string_value(x)))
			json_array_append(dups, x);
}

void present_forget(void)
{
	json_decref(known);
	known = NULL;
}

json_t *present_family(const char *workload)
{
	return workload ? json_object_get(json_object_get(known, "families"), workload) : NULL;
}

const char *present_missing(const char *workload)
{
	if (present_family(workload))
		return NULL;
	if (!known)
		return "the result files are from a ptbench that did not yet write how a family is "
		       "shown (no \"presentation\" section); compare --all lists every metric";
	return "its result files declare no summary table for it; compare --all lists every metric";
}

/* The param's entry: the harness's, else the first family's that shows it. */
static json_t *param_entry(const char *param)
{
	json_t *e = json_object_get(json_object_get(known, "params"), param), *fam;
	const char *name;

	if (e)
		return e;
	json_object_foreach(json_object_get(known, "families"), name, fam)
		if ((e = json_object_get(json_object_get(fam, "params"), param)))
			return e;
	return NULL;
}

const char *present_param_shown(const char *param)
{
	return json_string_value(json_object_get(param_entry(param), "shown"));
}

const char *present_param_values(const char *param)
{
	return json_string_value(json_object_get(param_entry(param), "values"));
}

int present_one_worker_duplicate(const char *metric)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(known, "one_worker_duplicates"), i, x)
		if (metric && !strcmp(json_string_value(x), metric))
			return 1;
	return 0;
}

json_t *present_families(void)
{
	return json_object_get(known, "families");
}
