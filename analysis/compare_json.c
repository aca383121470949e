// SPDX-License-Identifier: GPL-2.0
/*
 * A comparison as JSON (compare --json): every row with its statistics,
 * the listed and unobserved points; encoded by jansson.
 */
#include <math.h>

#include "compare_fmt.h"

static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *stat_json(const struct cmp_stat *st)
{
	json_t *o = json_object(), *runs = json_array();
	size_t i;

	for (i = 0; i < st->nruns; i++) {
		json_t *ro = json_pack("{s:s, s:I, s:o}", "file", st->runs[i].file,
				       "n", (json_int_t)st->runs[i].n, "mean", num(st->runs[i].mean));

		/* which of the side's boots the run came from (0..boots-1) */
		if (st->nboots)
			json_object_set_new(ro, "boot", json_integer((json_int_t)st->runs[i].boot));
		json_array_append_new(runs, ro);
	}
	json_object_set_new(o, "boots", st->nboots ? json_integer((json_int_t)st->nboots) : json_null());
	json_object_set_new(o, "n", json_integer((json_int_t)st->s.n));
	json_object_set_new(o, "mean", num(st->s.mean));
	json_object_set_new(o, "stddev", num(st->s.stddev));
	json_object_set_new(o, "cv", num(st->s.cv));
	json_object_set_new(o, "min", num(st->s.min));
	json_object_set_new(o, "median", num(st->s.median));
	json_object_set_new(o, "max", num(st->s.max));
	json_object_set_new(o, "ci95", st->s.n >= 2 ? json_pack("[o, o]", num(st->s.ci95_lo),
								 num(st->s.ci95_hi)) : json_null());
	json_object_set_new(o, "runs", runs);
	if (st->derived)
		json_object_set_new(o, "denominator_spread_known", json_boolean(st->den_known));
	return o;
}

/* A side's levels: boots, whether they were the top level, each level's spread. */
static json_t *levels_json(const struct cmp_levels *lv)
{
	return json_pack("{s:o, s:b, s:o, s:o}", "boots", lv->boots ? json_integer(
			 (json_int_t)lv->boots) : json_null(), "boot_level", lv->boot_level,
			 "boot_cv", num(lv->boot_cv), "run_cv", num(lv->run_cv));
}

json_t *cmp_row_json(const struct cmp_row *r)
{
	static const char *const verdicts[] = { "none", "better", "worse" };
	json_t *o = json_pack("{s:s, s:s, s:O, s:s, s:s, s:b, s:o}", "point", r->pb->id,
			      "workload", r->pb->workload, "params", r->pb->key, "metric", r->metric,
			      "unit", r->unit, "higher_is_better", r->higher_is_better,
			      "base", stat_json(&r->base));

	if (!r->new.present)
		return o;
	json_object_set_new(o, "new", stat_json(&r->new));
	json_object_set_new(o, "change", num(r->change));
	json_object_set_new(o, "ratio", r->have_ratio ? num(r->ratio) : json_null());
	json_object_set_new(o, "ratio_ci95", r->have_ratio ? json_pack("[o, o]", num(r->ratio_lo),
									num(r->ratio_hi)) : json_null());
	json_object_set_new(o, "tested", json_boolean(r->tested));
	/* testable, but a side is one run and --within-run was not given */
	if (r->single_run)
		json_object_set_new(o, "untested", json_string("single run"));
	json_object_set_new(o, "test", json_string(r->base.derived ? "log-ratio t" : "welch"));
	json_object_set_new(o, "t", num(r->t));
	json_object_set_new(o, "df", num(r->df));
	json_object_set_new(o, "p", num(r->p));
	json_object_set_new(o, "q", num(r->q));
	json_object_set_new(o, "mde", num(r->mde));
	json_object_set_new(o, "mann_whitney", json_pack("{s:o, s:o, s:o}", "u", num(r->mw_u),
							 "p", num(r->mw_p), "min_p", num(r->mw_min_p)));
	json_object_set_new(o, "verdict", json_string(verdicts[r->verdict]));
	json_object_set_new(o, "mann_whitney_disagrees", json_boolean(r->mw_disagrees));
	/* what one observation of the test is; "unit" above is the metric's */
	json_object_set_new(o, "test_unit", json_string(r->by_runs ? "runs" : "repetitions"));
	if (r->by_runs)
		json_object_set_new(o, "levels", json_pack("{s:o, s:o}", "base", levels_json(&r->lv[0]),
							   "new", levels_json(&r->lv[1])));
	/* --speed-adjust: base and new above are the adjusted samples' */
	if (r->speed_adjusted)
		json_object_set_new(o, "speed_adjusted", json_pack("{s:s, s:o, s:o}", "reference",
			cmp_ref_names[r->speed_adj.ref], "slope", num(r->speed_adj.slope),
			"spread_removed", num(r->speed_adj.removed)));
	return o;
}

static json_t *listed_json(const struct comparison *c, const struct cmp_listed *l, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s}", "side", fmt_side_tag(c, l[i].side), "point", l[i].sp->id);

		if (l[i].why)
			json_object_set_new(o, "reason", json_string(l[i].why));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *unobs_json(const struct comparison *c, const struct cmp_table *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < t->nunobs; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "side",
			fmt_side_tag(c, t->unobs[i].side), "point", t->unobs[i].sp->id,
			"metric", t->unobs[i].metric, "reason", t->unobs[i].why));
	return a;
}

/* The machine's own change of speed between the table's sides (compare_speed.c). */
static json_t *speed_json(const struct cmp_table *t)
{
	if (t->new < 0)
		return json_null();
	if (!t->speed_n)
		return json_pack("{s:s}", "absent", "no point has a speed reference on both sides "
				 "(result files of ptbench before 2026-12, or the reference could not run)");
	return json_pack("{s:I, s:f, s:[f, f], s:s}", "points", (json_int_t)t->speed_n,
			 "ratio_median", t->speed_median, "ratio_range", t->speed_lo, t->speed_hi,
			 "meaning", "new/base of a user-space memory fill: the machine's change, not the kernel's");
}

json_t *compare_json(const struct comparison *c)
{
	json_t *root = json_pack("{s:s, s:f}", "schema", "ptbench-compare/1", "alpha", c->opts.alpha);
	json_t *sides = json_array(), *tables = json_array(), *diffs = json_array(), *warns = json_array();
	json_t *skipped = json_array(), *e;
	size_t i, j, k;

	for (i = 0; i < c->nsides; i++) {
		json_t *files = json_array();

		for (j = 0; j < c->sides[i].nres; j++) {
			json_array_append_new(files, json_string(c->sides[i].res[j]->file));
			json_array_foreach(c->sides[i].res[j]->skipped, k, e) {
				json_t *x = json_deep_copy(e);

				json_object_set_new(x, "side", json_string(fmt_side_tag(c, (int)i)));
				json_array_append_new(skipped, x);
			}
		}
		json_array_append_new(sides, json_pack("{s:s, s:s, s:o}", "side", fmt_side_tag(c, (int)i),
						       "label", c->sides[i].name, "files", files));
	}
	for (i = 0; i < c->ndiffs; i++)
		json_array_append_new(diffs, json_pack("{s:s, s:s, s:s, s:s, s:b}", "field", c->diffs[i].field,
						       "base", c->diffs[i].base, "other", c->diffs[i].new,
						       "side", fmt_side_tag(c, c->diffs[i].side),
						       "serious", c->diffs[i].serious));
	for (i = 0; i < c->nwarn; i++)
		json_array_append_new(warns, json_string(c->warnings[i]));
	for (i = 0; i < c->ntables; i++) {
		const struct cmp_table *t = &c->tables[i];
		json_t *rows = json_array();

		for (j = 0; j < t->nrows; j++)
			json_array_append_new(rows, cmp_row_json(&t->rows[j]));
		json_array_append_new(tables, json_pack("{s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:o}",
			"base", fmt_side_tag(c, t->base),
			"new", t->new >= 0 ? json_string(fmt_side_tag(c, t->new)) : json_null(),
			"tests", (json_int_t)t->ntests, "significant", (json_int_t)t->nsig,
			"rows", rows, "one_side_only", listed_json(c, t->only, t->nonly),
			"invalid", listed_json(c, t->invalid, t->ninvalid),
			"unobserved", unobs_json(c, t)));
		json_object_set_new(json_array_get(tables, i), "speed_reference", speed_json(t));
	}
	json_object_set_new(root, "sides", sides);
	json_object_set_new(root, "system_differences", diffs);
	json_object_set_new(root, "systems_comparable", json_boolean(!compare_serious(c)));
	json_object_set_new(root, "warnings", warns);
	json_object_set_new(root, "tables", tables);
	json_object_set_new(root, "skipped", skipped);
	return root;
}
