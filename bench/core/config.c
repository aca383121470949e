// SPDX-License-Identifier: GPL-2.0
/*
 * Configs: a JSON object {name, description, defaults, points[]}, each point
 * entry {workload, params{name: value | [values]}, threads, duration, warmup,
 * repetitions, bind}. Lists are axes; an entry expands to their cartesian
 * product in the workload's parameter order with threads innermost.
 * Everything is checked before anything runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/host/placement.h"
#include "lib/jsonv.h"
#include "config_int.h"

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
}

void plan_free(struct plan *p)
{
	free(p->pts);
	json_decref(p->config);
	memset(p, 0, sizeof(*p));
}

struct axis *entry_axis(struct entry *e, const char *name)
{
	int i;

	for (i = 0; i < e->nparams; i++)
		if (!strcmp(e->params[i].name, name))
			return &e->params[i];
	return NULL;
}

int axis_add(struct axis *a, const char *val, const char *where, char *err, size_t len)
{
	if (a->n == MAX_VALS)
		return set_why(err, len, "%s.%s: more than %d values", where, a->name, MAX_VALS);
	if (!*val || strlen(val) >= VAL_LEN)
		return set_why(err, len, "%s.%s: value \"%.40s\" is empty or longer than %d characters",
			    where, a->name, val, VAL_LEN - 1);
	snprintf(a->vals[a->n++], VAL_LEN, "%s", val);
	return 0;
}

/* Check and expand the values written for parameter p into out. */
static int param_values(const struct entry *e, const struct wl_param *p, const struct axis *given,
			const struct wl_sys *sys, struct axis *out, char *err, size_t len)
{
	char why[160], exp[MAX_VALS][VAL_LEN];
	int i, j, n;

	memset(out, 0, sizeof(*out));
	out->name = p->name;
	if (!given) {
		if (axis_add(out, p->def, e->where, err, len))
			return -1;
		given = out;
	}
	for (i = 0; i < given->n; i++) {
		const char *v = given->vals[i];

		if (wl_param_check(p, v, why, sizeof(why)))
			return set_why(err, len, "%s: parameter \"%s\" of workload %s: %s",
				    e->where, p->name, e->ops->name, why);
		n = e->ops->expand ? e->ops->expand(p->name, v, sys, exp, MAX_VALS) : 0;
		if (given == out)
			break;	/* the default, already in out */
		if (!n) {
			if (axis_add(out, v, e->where, err, len))
				return -1;
			continue;
		}
		for (j = 0; j < n; j++)
			if (axis_add(out, exp[j], e->where, err, len))
				return -1;
	}
	if (given == out && e->ops->expand) {
		n = e->ops->expand(p->name, out->vals[0], sys, exp, MAX_VALS);
		for (j = 0; j < n; j++) {
			if (!j)
				out->n = 0;
			if (axis_add(out, exp[j], e->where, err, len))
				return -1;
		}
	}
	return 0;
}

static int plan_push(struct plan *p, const struct point_spec *ps, const char *where,
		     char *err, size_t len)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->pts[i].id, ps->id))
			return set_why(err, len, "%s: point %s is listed twice", where, ps->id);
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 16;
		struct point_spec *n = realloc(p->pts, (size_t)cap * sizeof(*n));

		if (!n)
			return set_why(err, len, "out of memory");
		p->pts = n;
		p->cap = cap;
	}
	p->pts[p->n++] = *ps;
	return 0;
}

void point_spec_id(struct point_spec *ps)
{
	size_t off;
	int i;

	off = (size_t)snprintf(ps->id, sizeof(ps->id), "%s:", ps->ops->name);
	for (i = 0; i < ps->args.n && off < sizeof(ps->id); i++)
		if (!wl_arg_omitted(ps->ops, &ps->args, i))
			off += (size_t)snprintf(ps->id + off, sizeof(ps->id) - off, "%s=%s,",
						ps->args.name[i], ps->args.val[i]);
	if (off < sizeof(ps->id))
		snprintf(ps->id + off, sizeof(ps->id) - off, "threads=%s", ps->threads);
}

/* e's thread axis with "sweep" replaced by the counts it stands for here. */
static int sweep_axis(const struct entry *e, const struct topo *t, struct axis *out,
		      char *err, size_t len)
{
	char exp[MAX_VALS][VAL_LEN];
	int i, j, n;

	memset(out, 0, sizeof(*out));
	out->name = "threads";
	for (i = 0; i < e->threads.n; i++) {
		n = threads_sweep(e->threads.vals[i], t, exp, MAX_VALS);
		if (!n && axis_add(out, e->threads.vals[i], e->where, err, len))
			return -1;
		for (j = 0; j < n; j++)
			if (axis_add(out, exp[j], e->where, err, len))
				return -1;
	}
	return 0;
}

/* The cartesian product of the axes, threads innermost. */
int expand_entry(struct plan *p, const struct entry *e, const struct wl_sys *sys,
		 const struct topo *t, char *err, size_t len)
{
	struct axis ax[WL_MAX_PARAMS], thr;
	unsigned int maxn = 1;
	unsigned int nthr[MAX_VALS];
	int idx[WL_MAX_PARAMS] = { 0 };
	const struct wl_param *wp;
	char why[160];
	int np = 0, i, k;

	for (i = 0; i < e->nparams; i++)
		if (!workload_param(e->ops, e->params[i].name))
			return set_why(err, len, "%s: workload %s has no parameter \"%s\" (see: ptbench list)",
				    e->where, e->ops->name, e->params[i].name);
	for (wp = e->ops->params; wp && wp->name; wp++, np++)
		if (param_values(e, wp, entry_axis((struct entry *)e, wp->name), sys, &ax[np], err, len))
			return -1;
	if (!e->threads.n)
		return set_why(err, len, "%s: empty thread list", e->where);
	if (sweep_axis(e, t, &thr, err, len))
		return -1;
	for (k = 0; k < thr.n; k++) {
		if (threads_resolve(t, thr.vals[k], &nthr[k], why, sizeof(why)))
			return set_why(err, len, "%s: threads: %s", e->where, why);
		/* up to the CPUs a guest was given: those it lacks skip when they run */
		if (nthr[k] > (unsigned int)topo_expected(t))
			return set_why(err, len, "%s: threads: %u workers but this machine has %d hardware threads",
				    e->where, nthr[k], topo_npus(t));
		maxn = MAX(maxn, nthr[k]);
	}
	for (;;) {
		for (k = 0; k < thr.n; k++) {
			struct point_spec ps;
			int j, dup = 0;

			/* [1, "half", "ncpus"] may name one count twice on a small machine */
			for (j = 0; j < k; j++)
				dup |= nthr[j] == nthr[k];
			/* a workload whose parameters fix its workers makes one point */
			if (dup || (e->ops->workers && k))
				continue;
			memset(&ps, 0, sizeof(ps));
			ps.ops = e->ops;
			ps.opts = e->opts;
			ps.nthreads = nthr[k];
			snprintf(ps.threads, sizeof(ps.threads), "%s", thr.vals[k]);
			for (i = 0; i < np; i++) {
				snprintf(ps.vals[i], sizeof(ps.vals[i]), "%s", ax[i].vals[idx[i]]);
				ps.args.name[i] = ax[i].name;
			}
			ps.args.n = np;
			for (i = 0; i < np; i++)
				ps.args.val[i] = ps.vals[i];
			/* words first: collapse's worker count follows bystanders=all */
			if (point_resolve_auto(&ps, maxn, (unsigned int)topo_expected(t), sys, e->where,
					       err, len))
				return -1;
			if (e->ops->workers) {
				ps.nthreads = e->ops->workers(&ps.args);
				snprintf(ps.threads, sizeof(ps.threads), "%u", ps.nthreads);
			}
			point_spec_id(&ps);
			if (plan_push(p, &ps, e->where, err, len))
				return -1;
		}
		for (i = np - 1; i >= 0; i--) {
			if (++idx[i] < ax[i].n)
				break;
			idx[i] = 0;
		}
		if (i < 0)
			return 0;
	}
}

/* Fix up args.val pointers after the array moved (realloc). */
void plan_fixup(struct plan *p)
{
	int i, j;

	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->pts[i].args.n; j++)
			p->pts[i].args.val[j] = p->pts[i].vals[j];
}

int plan_insert(struct plan *p, int at, const struct point_spec *ps, char *err, size_t len)
{
	struct point_spec tmp = *ps;

	if (plan_push(p, &tmp, "control point", err, len))
		return -1;
	memmove(&p->pts[at + 1], &p->pts[at], (size_t)(p->n - 1 - at) * sizeof(*p->pts));
	p->pts[at] = tmp;
	plan_fixup(p);
	return 0;
}

/* ---- JSON configs ---- */

/* A value or a list of values (strings or whole numbers) into an axis. */
static int json_axis(struct jv *v, const char *path, json_t *val, struct axis *a)
{
	char buf[VAL_LEN], why[200];
	size_t i, n = json_is_array(val) ? json_array_size(val) : 1;

	if (json_is_array(val) && !n)
		return jv_fail(v, path, "empty list");
	for (i = 0; i < n; i++) {
		json_t *x = json_is_array(val) ? json_array_get(val, i) : val;

		if (json_is_string(x))
			snprintf(buf, sizeof(buf), "%s", json_string_value(x));
		else if (json_is_integer(x) && json_integer_value(x) >= 0)
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(x));
		else if (json_is_array(val))
			return jv_fail(v, path, "[%zu] must be a string or a whole number >= 0", i);
		else
			return jv_fail(v, path, "must be a string or a whole number >= 0, or a list of them");
		if (!buf[0] || strlen(buf) >= VAL_LEN - 1 || a->n == MAX_VALS)
			return jv_fail(v, path, "value \"%.40s\" is empty or too long, or more than %d values",
				       buf, MAX_VALS);
		if (axis_add(a, buf, path, why, sizeof(why)))
			return jv_fail(v, path, "%s", why);
	}
	return 0;
}

static void apply_cli(struct run_opts *o, const struct run_opts *cli)
{
	if (!cli)
		return;
	if (cli->duration > 0)
		o->duration = cli->duration;
	if (cli->warmup >= 0)
		o->warmup = cli->warmup;
	if (cli->reps > 0)
		o->reps = cli->reps;
	if (cli->bind[0])
		snprintf(o->bind, sizeof(o->bind), "%s", cli->bind);
}

static int json_entry(struct jv *v, json_t *o, int idx, const struct run_opts *defs,
		      const struct axis *def_threads, struct entry *e)
{
	const char *keys[10] = { "workload", "params", "threads" }, *wl = NULL, *key;
	char path[64], ppath[128];
	json_t *params, *val;

	snprintf(path, sizeof(path), "points[%d]", idx);
	memset(e, 0, sizeof(*e));
	snprintf(e->where, sizeof(e->where), "%s: %s", v->file, path);
	if (!json_is_object(o))
		return jv_fail(v, path, "must be an object");
	run_opt_keys(keys, 3);
	if (jv_keys(v, path, o, keys) || jv_string(v, path, o, "workload", 1, &wl))
		return -1;
	e->ops = workload_find(wl);
	if (!e->ops) {
		snprintf(ppath, sizeof(ppath), "%s.workload", path);
		return jv_fail(v, ppath, "unknown workload \"%s\" (see: ptbench list)", wl);
	}
	e->opts = *defs;
	if (run_opt_json(v, path, o, &e->opts))
		return -1;
	e->threads = *def_threads;
	val = json_object_get(o, "threads");
	if (val) {
		memset(&e->threads, 0, sizeof(e->threads));
		e->threads.name = "threads";
		snprintf(ppath, sizeof(ppath), "%s.threads", path);
		if (json_axis(v, ppath, val, &e->threads))
			return -1;
	}
	params = jv_get(v, path, o, "params", 0, JSON_OBJECT);
	if (v->failed)
		return -1;
	json_object_foreach(params, key, val) {
		struct axis *a;

		snprintf(ppath, sizeof(ppath), "%s.params.%s", path, key);
		if (!workload_param(e->ops, key))
			return jv_fail(v, ppath, "workload %s has no parameter \"%s\" (see: ptbench list)",
				       wl, key);
		if (e->nparams == WL_MAX_PARAMS)
			return jv_fail(v, ppath, "too many parameters");
		a = &e->params[e->nparams++];
		a->name = workload_param(e->ops, key)->name;
		if (json_axis(v, ppath, val, a))
			return -1;
	}
	return 0;
}

static int json_defaults(struct jv *v, json_t *root, struct run_opts *defs, struct axis *thr)
{
	const char *keys[8] = { "threads" };
	json_t *d = jv_get(v, "", root, "defaults", 0, JSON_OBJECT), *val;

	memset(thr, 0, sizeof(*thr));
	thr->name = "threads";
	if (v->failed)
		return -1;
	if (!d) {
		snprintf(thr->vals[thr->n++], VAL_LEN, "1");
		return 0;
	}
	run_opt_keys(keys, 1);
	if (jv_keys(v, "defaults", d, keys) || run_opt_json(v, "defaults", d, defs))
		return -1;
	val = json_object_get(d, "threads");
	if (!val) {
		snprintf(thr->vals[thr->n++], VAL_LEN, "1");
		return 0;
	}
	return json_axis(v, "defaults.threads", val, thr);
}

int plan_add_config(struct plan *p, const char *path, const struct run_opts *cli,
		    const struct wl_sys *sys, const struct topo *t, char *err, size_t len)
{
	static const char *const keys[] = { "name", "description", "defaults", "points", NULL };
	struct run_opts defs = RUN_OPTS_DEFAULT;
	struct jv v = { .err = err, .errlen = len };
	const char *name = NULL, *desc = NULL;
	json_t *root, *pts, *o;
	struct axis thr;
	struct entry *e;
	size_t i;
	int ret = -1;

	root = jv_load(&v, path);
	if (!root)
		return -1;
	e = malloc(sizeof(*e));
	if (!e) {
		json_decref(root);
		return set_why(err, len, "out of memory");
	}
	if (!json_is_object(root)) {
		jv_fail(&v, "", "a config must be a JSON object");
		goto out;
	}
	if (jv_keys(&v, "", root, keys) || jv_string(&v, "", root, "name", 0, &name) ||
	    jv_string(&v, "", root, "description", 0, &desc) || json_defaults(&v, root, &defs, &thr))
		goto out;
	pts = jv_get(&v, "", root, "points", 1, JSON_ARRAY);
	if (!pts)
		goto out;
	if (!json_array_size(pts)) {
		jv_fail(&v, "points", "empty: a config needs at least one point");
		goto out;
	}
	json_array_foreach(pts, i, o) {
		if (json_entry(&v, o, (int)i, &defs, &thr, e))
			goto out;
		apply_cli(&e->opts, cli);
		if (run_opt_check(&e->opts, e->where, err, len) || expand_entry(p, e, sys, t, err, len))
			goto out;
	}
	plan_fixup(p);
	snprintf(p->source, sizeof(p->source), "%s", path);
	snprintf(p->name, sizeof(p->name), "%s", name ? name : path);
	json_decref(p->config);
	p->config = json_incref(root);
	ret = 0;
out:
	plan_fixup(p);
	free(e);
	json_decref(root);
	return ret;
}
