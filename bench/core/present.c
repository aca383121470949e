// SPDX-License-Identifier: GPL-2.0
/*
 * The "presentation" section of a result file: each family's tables of
 * how it is shown (struct wl_show: summary columns, title, row keys,
 * param names, figures) and the harness's own (its params' short names,
 * the figures that repeat another at one worker). Analysis reads it from
 * the file and knows no family by name (docs/schema.md#presentation).
 */
#include <string.h>

#include "present.h"

static const char *const role_names[] = {
	[WL_ROLE_HIDDEN] = "hidden", [WL_ROLE_SHOWN] = "shown",
	[WL_ROLE_TESTED] = "tested", [WL_ROLE_CHECK] = "check",
};

static const char *const kind_names[] = {
	[WL_FIG_LINES] = "lines", [WL_FIG_CDF] = "cdf", [WL_FIG_BARS] = "bars",
};

/* The harness's params as shown everywhere. */
static const struct wl_shown_param harness_shown[] = {
	{ .param = "threads", .shown = "thr" },
	{ NULL },
};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* "a,b" -> ["a", "b"] */
static json_t *list_json(const char *list)
{
	json_t *a = json_array();
	const char *p = list;

	while (p && *p) {
		size_t n = strcspn(p, ",");

		json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return a;
}

static void params_into(json_t *o, const struct wl_shown_param *sp)
{
	for (; sp && sp->param; sp++)
		json_object_set_new(o, sp->param, json_pack("{s:s, s:o}", "shown", sp->shown,
							    "values", str_or_null(sp->values)));
}

static json_t *figure_json(const struct wl_figure *f)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:b, s:b}",
			 "name", f->name, "kind", kind_names[f->kind], "metric", f->metric,
			 "x", str_or_null(f->x), "series", str_or_null(f->series),
			 "panel", str_or_null(f->panel), "ignore", str_or_null(f->ignore),
			 "title", f->title, "xlabel", f->xlabel, "ylabel", str_or_null(f->ylabel),
			 "logx", f->logx, "ref1", f->ref1);
}

static json_t *family_json(const struct wl_show *sh)
{
	json_t *o = json_object(), *h = json_array(), *figs = json_array(), *params = json_object();
	const struct wl_headline *hl;
	const struct wl_figure *f;

	for (hl = sh->headlines; hl && hl->metric; hl++)
		json_array_append_new(h, json_pack("{s:s, s:s, s:s}", "metric", hl->metric,
						   "role", role_names[hl->role], "label", hl->label));
	for (f = sh->figures; f && f->name; f++)
		json_array_append_new(figs, figure_json(f));
	params_into(params, sh->params);
	json_object_set_new(o, "title", json_string(sh->title));
	json_object_set_new(o, "headlines", h);
	json_object_set_new(o, "row_keys", sh->row_keys ? list_json(sh->row_keys) : json_null());
	json_object_set_new(o, "params", params);
	json_object_set_new(o, "figures", figs);
	return o;
}

json_t *present_json(const struct workload_ops *const *ops)
{
	json_t *fams = json_object(), *params = json_object(), *dups = json_array();
	const struct wl_ratio *r;

	params_into(params, harness_shown);
	/* at one worker the per-thread rate is the rate, and a ratio's control the ratio */
	json_array_append_new(dups, json_string("ops_per_sec_per_thread"));
	for (; *ops; ops++) {
		for (r = (*ops)->ratios; r && r->name; r++)
			if (r->control)
				json_array_append_new(dups, json_string(r->control));
		if ((*ops)->show)
			json_object_set_new(fams, (*ops)->name, family_json((*ops)->show));
	}
	return json_pack("{s:o, s:o, s:o}", "params", params, "one_worker_duplicates", dups,
			 "families", fams);
}
