// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line specs: workload[:key=value[,value...][,key=value...]], one
 * entry of a plan each, with the same checks and expansion as a config's.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "bench/host/placement.h"
#include "config_int.h"

static int spec_opt(struct entry *e, const char *key, const struct axis *a, char *err, size_t len)
{
	char why[200];

	if (a->n != 1)
		return set_why(err, len, "%s: \"%s\" takes one value", e->where, key);
	if (run_opt_set(&e->opts, key, a->vals[0], why, sizeof(why)))
		return set_why(err, len, "%s: %s", e->where, why);
	return 0;
}

static int spec_tokens(struct entry *e, char *s, char *err, size_t len)
{
	struct axis *cur = NULL, opt;
	char *tok, *save = NULL;
	const char *optkey = NULL;

	memset(&opt, 0, sizeof(opt));
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			if (!cur)
				return set_why(err, len, "%s: \"%s\" is not key=value", e->where, tok);
			if (axis_add(cur, tok, e->where, err, len))
				return -1;
			continue;
		}
		*eq = '\0';
		if (optkey && spec_opt(e, optkey, &opt, err, len))
			return -1;
		optkey = NULL;
		if (run_opt_is_key(tok)) {
			memset(&opt, 0, sizeof(opt));
			opt.name = "option";
			optkey = tok;
			cur = &opt;
		} else if (!strcmp(tok, "threads")) {
			memset(&e->threads, 0, sizeof(e->threads));
			e->threads.name = "threads";
			cur = &e->threads;
		} else {
			const struct wl_param *wp = workload_param(e->ops, tok);

			if (!wp)
				return set_why(err, len, "%s: workload %s has no parameter \"%s\" (see: ptbench list)",
					    e->where, e->ops->name, tok);
			if (entry_axis(e, tok))
				return set_why(err, len, "%s: \"%s\" given twice", e->where, tok);
			if (e->nparams == WL_MAX_PARAMS)
				return set_why(err, len, "%s: too many parameters", e->where);
			cur = &e->params[e->nparams++];
			cur->name = wp->name;
		}
		if (axis_add(cur, eq + 1, e->where, err, len))
			return -1;
	}
	if (optkey)
		return spec_opt(e, optkey, &opt, err, len);
	return 0;
}

int plan_add_spec(struct plan *p, const char *spec, const struct run_opts *defaults,
		  const struct wl_sys *sys, const struct topo *t, char *err, size_t len)
{
	char name[64], *rest = NULL, *colon;
	struct entry *e;
	int ret = -1;

	e = calloc(1, sizeof(*e));
	if (!e)
		return set_why(err, len, "out of memory");
	snprintf(name, sizeof(name), "%s", spec);
	colon = strchr(name, ':');
	if (colon)
		*colon = '\0';
	e->ops = workload_find(name);
	snprintf(e->where, sizeof(e->where), "command line: %s", name);
	if (!e->ops) {
		set_why(err, len, "command line: unknown workload \"%s\" (see: ptbench list)", name);
		goto out;
	}
	e->opts = *defaults;
	e->threads.name = "threads";
	snprintf(e->threads.vals[e->threads.n++], VAL_LEN, "1");
	colon = strchr(spec, ':');
	if (colon && colon[1]) {
		rest = strdup(colon + 1);
		if (!rest || spec_tokens(e, rest, err, len))
			goto out;
	}
	if (run_opt_check(&e->opts, e->where, err, len) || expand_entry(p, e, sys, t, err, len))
		goto out;
	if (!p->source[0])
		snprintf(p->source, sizeof(p->source), "command line");
	ret = 0;
out:
	plan_fixup(p);
	free(rest);
	free(e);
	return ret;
}
