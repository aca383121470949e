// SPDX-License-Identifier: GPL-2.0
/*
 * The summary as JSON (summary.h): compare's document, each table's rows
 * replaced by its families (the rows the text shows, each figure as
 * compare's JSON has it), folded figures, sensitivity, failed checks and
 * counts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "summary_int.h"

static json_t *num_or_null(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* A figure's folded rows: how many, the largest change, BASE's range (null: none). */
static json_t *fold_json(const struct sum_fold *fo)
{
	return json_pack("{s:I, s:o, s:o, s:o}", "points", (json_int_t)fo->n, "max_abs_change",
			 num_or_null(fo->max_abs), "base_min", num_or_null(fo->base_lo), "base_max",
			 num_or_null(fo->base_hi));
}

static json_t *column_json(const struct sum_col *col)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "metric", col->metric, "label", col->label, "role",
			      col->role == HL_TESTED ? "tested" : col->role == HL_CHECK ? "check" : "shown",
			      "higher_is_better", col->higher_is_better);

	if (col->unit)
		json_object_set_new(o, "unit", json_string(col->unit));
	if (col->fold.n)
		json_object_set_new(o, "folded", fold_json(&col->fold));
	return o;
}

static json_t *sensitivity_json(const struct sum_family *fm)
{
	return json_pack("{s:I, s:o, s:I, s:f, s:I}", "tests", (json_int_t)fm->ntests, "mde_median",
			 num_or_null(fm->mde_median), "blind", (json_int_t)fm->nblind, "blind_above",
			 SUM_BLIND, "single_run", (json_int_t)fm->nsingle);
}

static json_t *family_json(const struct sum_table *st, const struct sum_family *fm)
{
	char stalls[1200];
	json_t *cols = json_array(), *rows = json_array(), *o;
	size_t p, i;

	for (i = 0; i < fm->ncol; i++)
		json_array_append_new(cols, column_json(&fm->col[i]));
	for (p = 0; p < fm->npt; p++) {
		json_t *figs = json_object();
		char name[512];

		for (i = 0; i < fm->ncol; i++) {
			const struct sum_cell *cl = &fm->cells[p][fm->col[i].rank];

			if (!cl->shown)
				continue;	/* folded: counted in its column's "folded" */
			if (cl->r[0])
				json_object_set_new(figs, fm->col[i].metric, cmp_row_json(cl->r[0]));
			else if (cl->unobserved)
				json_object_set_new(figs, fm->col[i].metric,
						    json_pack("{s:s}", "unobserved", cl->unobserved));
		}
		if (!json_object_size(figs)) {
			json_decref(figs);
			continue;
		}
		sum_point_name(fm, p, name, sizeof(name));
		json_array_append_new(rows, json_pack("{s:s, s:s, s:O, s:o}", "point", fm->pt[p]->id,
			"name", name, "params", fm->pt[p]->key, "figures", figs));
	}
	o = json_pack("{s:s, s:O, s:o, s:o, s:o}", "family", fm->workload, "shared", fm->shared,
		      "columns", cols, "rows", rows, "sensitivity", sensitivity_json(fm));
	if (headline_family_title(fm->workload))
		json_object_set_new(o, "title", json_string(headline_family_title(fm->workload)));
	if (!sum_stalls_text(st, fm, stalls, sizeof(stalls)))
		json_object_set_new(o, "stalls", json_string(stalls));
	return o;
}

static json_t *failed_json(const struct comparison *c, const struct cmp_table *t)
{
	json_t *a = json_array();
	size_t i;
	int s;

	for (i = 0; i < t->nrows; i++) {
		const struct cmp_row *r = &t->rows[i];

		if (headline_role(r->pb->workload, r->metric) != HL_CHECK)
			continue;
		for (s = 0; s < (t->new >= 0 ? 2 : 1); s++) {
			const struct cmp_stat *st = s ? &r->new : &r->base;

			if (sum_check_failed(st))
				json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:f, s:f}", "side",
					fmt_side_tag(c, s ? t->new : t->base), "point", r->pb->id,
					"metric", r->metric, "max", st->s.max, "mean", st->s.mean));
		}
	}
	for (i = 0; i < t->ninvalid; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "side",
			fmt_side_tag(c, t->invalid[i].side), "point", t->invalid[i].sp->id,
			"status", "invalid", "reason", t->invalid[i].why ? t->invalid[i].why : "?"));
	return a;
}

static json_t *unshown_json(const struct sum_table *st)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < st->nunshown; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "family", st->unshown[i].workload,
						   "reason", st->unshown[i].why));
	return a;
}

json_t *summary_json(const struct comparison *c)
{
	json_t *root = compare_json(c), *tables = json_object_get(root, "tables");
	struct summary_count n;
	struct sum_table st;
	size_t i, k;

	json_object_set_new(root, "view", json_string("summary"));
	for (i = 0; i < c->ntables && i < json_array_size(tables); i++) {
		json_t *t = json_array_get(tables, i), *fams = json_array();

		const struct cmp_table *tab = &c->tables[i];

		sum_build_shown(&st, c, &tab, 1);
		for (k = 0; k < st.nfam; k++)
			json_array_append_new(fams, family_json(&st, &st.fam[k]));
		if (st.nunshown)
			json_object_set_new(t, "unshown", unshown_json(&st));
		sum_free(&st);
		summary_count(c, &c->tables[i], &n);
		json_object_del(t, "rows");
		json_object_set_new(t, "families", fams);
		json_object_set_new(t, "failed", failed_json(c, &c->tables[i]));
		json_object_set_new(t, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "figures",
			(json_int_t)n.figures, "tested", (json_int_t)n.tested, "better", (json_int_t)n.better,
			"worse", (json_int_t)n.worse, "blind", (json_int_t)n.blind, "unobserved",
			(json_int_t)n.unobserved, "single_run", (json_int_t)n.single));
	}
	return root;
}
