// SPDX-License-Identifier: GPL-2.0
/*
 * One A/A or A/B compare of calibrate's runs and what each point's test
 * made of it, through the compare code (FDR control included), and a
 * point's detection table (calibrate.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "calibrate.h"

json_t *cal_strip_inject(json_t *params)
{
	json_t *k = json_deep_copy(params);

	json_object_del(k, "inject_ns");
	return k;
}

struct cal_point *cal_find(struct cal *c, json_t *params)
{
	json_t *k = cal_strip_inject(params);
	size_t i;

	for (i = 0; i < c->npts; i++)
		if (json_equal(c->pts[i].key, k)) {
			json_decref(k);
			return &c->pts[i];
		}
	json_decref(k);
	return NULL;
}

unsigned long cal_inject_of(const struct res_point *p)
{
	const char *s = json_string_value(json_object_get(p->params, "inject_ns"));

	return s ? strtoul(s, NULL, 10) : 0;
}

/* Side 0 takes inject_ns=0; side 1 takes 0 (A/A) or the effect's value. */
static int cal_select(const struct res_point *p, int side, void *ctx)
{
	struct cal *c = ctx;
	struct cal_point *cp = cal_find(c, p->params);
	unsigned long inj = cal_inject_of(p);

	if (!cp)
		return 0;
	if (side == 0 || c->sel_effect < 0)
		return inj == 0;
	return inj == cp->inj[c->sel_effect];
}

/* Compare a and b under the current selection; count per point. */
int cal_evaluate(struct cal *c, struct result **a, size_t na, struct result **b, size_t nb,
		 size_t *nsig, size_t *ntests)
{
	static const char *const ign[] = { "inject_ns", NULL };
	/* -k 1 measures the within-run test (compare --within-run) */
	struct cmp_opts o = { .alpha = CMP_ALPHA, .ignore = ign, .select = cal_select, .select_ctx = c,
			      .speed_adjust = c->speed_adjust, .within_run = 1 };
	struct result **sides[2] = { a, b };
	size_t nres[2] = { na, nb }, i;
	struct comparison cmp;
	char err[256];

	if (compare_build(&cmp, &o, 2, sides, nres, err, sizeof(err))) {
		fprintf(stderr, "ptbench calibrate: %s\n", err);
		return -1;
	}
	*nsig = cmp.tables[0].nsig;
	*ntests = cmp.tables[0].ntests;
	for (i = 0; i < cmp.tables[0].nrows; i++) {
		const struct cmp_row *r = &cmp.tables[0].rows[i];
		struct cal_point *cp = cal_find(c, r->pb->ref[0]->params);
		int e = c->sel_effect;

		if (!cp || strcmp(r->metric, CAL_METRIC) || !r->tested)
			continue;
		if (e < 0) {
			if (isfinite(r->mde)) {
				cp->aa_mde_sum += r->mde;
				cp->aa_mde_n++;
			}
			continue;
		}
		cp->tested[e]++;
		cp->change_sum[e] += r->change;
		cp->detected[e] += r->verdict == CMP_WORSE;
		cp->wrong[e] += r->verdict == CMP_BETTER;
		if (isfinite(r->mde)) {
			cp->mde_sum[e] += r->mde;
			cp->mde_n[e]++;
		}
	}
	compare_free(&cmp);
	return 0;
}

static double mean_or_nan(double sum, int n)
{
	return n ? sum / n : NAN;
}

/*
 * One point's detection table, with the rows' own mde beside each effect:
 * compare says a change of that size is seen in 80% of compares, so an
 * effect above it (on ops/s: E / (100 + E)) should be flagged in about
 * 80% of rounds or more, and one below it less often.
 */
json_t *cal_report_point(const struct cal *cal, const struct cal_point *cp)
{
	double mde = NAN, aa = mean_or_nan(cp->aa_mde_sum, cp->aa_mde_n);
	json_t *je = json_array();
	int e;

	printf("%s\n  ns_per_op %.0f ns (cv %.1f%%); rows' own mde (A/A, mean) %.2f%%\n"
	       "  effect  inject_ns  ops/s change  flagged WORSE  wrong sign  row mde  above it\n",
	       cp->id, cp->ns, cp->cv * 100, aa * 100);
	for (e = 0; e < cal->neff; e++) {
		double mc = cp->tested[e] ? cp->change_sum[e] / cp->tested[e] * 100 : NAN;
		double rm = mean_or_nan(cp->mde_sum[e], cp->mde_n[e]);
		double eff = cal->eff[e] / (100 + cal->eff[e]);

		printf("  %5.1f%%  %9lu  %+11.2f%%  %6d of %-3d  %6d  %6.2f%%  %s\n", cal->eff[e], cp->inj[e],
		       mc, cp->detected[e], cp->tested[e], cp->wrong[e], rm * 100,
		       isnan(rm) ? "?" : eff >= rm ? "yes" : "no");
		if (isnan(mde) && cp->tested[e] && cp->detected[e] * 5 >= cp->tested[e] * 4)
			mde = cal->eff[e];
		json_array_append_new(je, json_pack("{s:f, s:I, s:o, s:i, s:i, s:i, s:o, s:o}",
			"effect_pct", cal->eff[e], "inject_ns", (json_int_t)cp->inj[e], "mean_change",
			isnan(mc) ? json_null() : json_real(mc / 100), "flagged_worse", cp->detected[e],
			"compares", cp->tested[e], "wrong_sign", cp->wrong[e],
			"row_mde_mean", isnan(rm) ? json_null() : json_real(rm),
			"above_row_mde", isnan(rm) ? json_null() : json_boolean(eff >= rm)));
	}
	if (isnan(mde))
		printf("  minimum detectable effect: above %.1f%% (none flagged in 80%% of rounds)\n",
		       cal->eff[cal->neff - 1]);
	else
		printf("  minimum detectable effect: %.1f%% (flagged in at least 80%% of rounds)\n", mde);
	printf("\n");
	return json_pack("{s:s, s:f, s:f, s:o, s:o, s:o}", "point", cp->id, "ns_per_op", cp->ns,
			 "cv", cp->cv, "mde_pct", isnan(mde) ? json_null() : json_real(mde),
			 "row_mde_aa", isnan(aa) ? json_null() : json_real(aa), "effects", je);
}

int cal_judge(struct cal *c, struct result **a, size_t na, struct result **b, size_t nb,
	      struct aa_count *aa)
{
	size_t nsig, ntests;
	int e, rc;

	c->sel_effect = -1;
	rc = cal_evaluate(c, a, na, b, nb, &nsig, &ntests);
	if (!rc) {
		aa->tables++;
		aa->flagged += nsig > 0;
		aa->tests += ntests;
		aa->sig += nsig;
	}
	for (e = 0; e < c->neff; e++) {
		c->sel_effect = e;
		rc |= cal_evaluate(c, a, na, b, nb, &nsig, &ntests);
	}
	return rc;
}

void cal_free(struct cal *c)
{
	size_t i;

	for (i = 0; i < c->npts; i++) {
		json_decref(c->pts[i].key);
		free(c->pts[i].id);
	}
}
