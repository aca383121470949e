// SPDX-License-Identifier: GPL-2.0
/*
 * One row of a comparison: the ratio of the two sides with its interval
 * (pooled, or nested over runs when each side has several), its test, and
 * per table the false discovery rate control that decides the marks.
 */
#include <math.h>

#include "compare_int.h"
#include "headline.h"
#include "nested.h"

static void add_comp(double v, double df, double *sum, double *sum2)
{
	if (v > 0 && df > 0) {
		*sum += v;
		*sum2 += v * v / df;
	}
}

/*
 * The ratio NEW/BASE and its 95% CI on the log scale: se2 is the sum of the
 * parts' relative variances, d2 the Welch-Satterthwaite denominator. Returns
 * the df (0: no interval).
 */
static double ratio_ci(struct cmp_row *r, double ratio, double se2, double d2)
{
	double df = d2 > 0 ? se2 * se2 / d2 : 0, t;

	r->have_ratio = 1;
	r->ratio = ratio;
	r->ratio_lo = r->ratio_hi = ratio;
	if (se2 > 0 && df > 0) {
		t = t_quantile_975(df);
		r->ratio_lo = ratio * exp(-t * sqrt(se2));
		r->ratio_hi = ratio * exp(t * sqrt(se2));
	}
	return df;
}

/*
 * The runs of one side's metric as the nested model's input; a ratio's
 * (st->log) on the log scale, so that its mean is geometric as everywhere.
 */
static void side_estimate(const struct cmp_stat *st, struct nested_est *e)
{
	struct nested_run *runs = xgrow(NULL, st->nruns, sizeof(*runs));
	size_t *boot = xgrow(NULL, st->nruns, sizeof(*boot));
	size_t i, off = 0, total = 0;
	double *x;

	for (i = 0; i < st->nruns; i++)
		total += st->runs[i].n;
	x = xgrow(NULL, total + 1, sizeof(double));
	for (i = 0; i < total; i++)
		x[i] = st->log ? log(st->samples[i]) : st->samples[i];
	for (i = 0; i < st->nruns; i++) {
		runs[i] = (struct nested_run){ x + off, st->runs[i].n };
		boot[i] = st->runs[i].boot;
		off += st->runs[i].n;
	}
	/*
	 * A derived ratio's repetitions share one denominator mean per run, so
	 * their spread misses the denominator's part: only its run level counts.
	 * Runs from several boots have the boots above them (compare_boots.c).
	 */
	nested_estimate_boots(runs, boot, st->nruns, st->nboots, !st->derived, e);
	free(runs);
	free(boot);
	free(x);
}

/* Relative variance of a side's mean and its df, for the ratio's interval. */
static void add_rel(const struct nested_est *e, double *se2, double *d2)
{
	add_comp(e->v / (e->mean * e->mean), e->df, se2, d2);
}

/*
 * Both sides' means are of logs (ratios): the change is the ratio of the
 * geometric means, exp(b - a); the test and the interval are on the logs,
 * and the mde (a log difference) is said as a relative change.
 */
static void row_runs_log(struct cmp_row *r, const struct nested_est *ea,
			 const struct nested_est *eb, double alpha)
{
	double se2 = 0, d2 = 0;
	struct nested_test t;

	add_comp(ea->v, ea->df, &se2, &d2);
	add_comp(eb->v, eb->df, &se2, &d2);
	ratio_ci(r, exp(eb->mean - ea->mean), se2, d2);
	r->change = r->ratio - 1;
	nested_compare(ea, eb, &t);
	r->t = t.t;
	r->df = t.df;
	r->p = t.p;
	r->mde = expm1(nested_mde(t.se, t.df, alpha, CMP_POWER));
}

/*
 * With two or more runs on both sides both levels are used (analysis/
 * nested.c): each side's mean is the mean of its run means, and its
 * variance comes from the runs' spread, so run-to-run drift (another
 * process, layout, a neighbour's load) is in the error, as it must be for
 * kernel A against kernel B; only when a side's runs agree as well as its
 * repetitions predict (F test) are the repetitions pooled in for more df.
 * Repetitions alone understate the error (A/A compares on a busy VM flag
 * 24% of tests when they are the unit: docs/methodology.md).
 */
static void row_test_runs(struct cmp_row *r, double alpha)
{
	size_t na = r->base.nruns, nb = r->new.nruns, i;
	double *a = xgrow(NULL, na, sizeof(double)), *b = xgrow(NULL, nb, sizeof(double));
	double se2 = 0, d2 = 0;
	struct nested_est ea, eb;
	struct nested_test t;

	side_estimate(&r->base, &ea);
	side_estimate(&r->new, &eb);
	r->by_runs = 1;
	r->tested = 1;
	if (r->base.log && r->new.log) {
		row_runs_log(r, &ea, &eb, alpha);
	} else {
		r->change = ea.mean != 0 ? (eb.mean - ea.mean) / fabs(ea.mean) : NAN;
		if (ea.mean > 0 && eb.mean > 0) {
			add_rel(&ea, &se2, &d2);
			add_rel(&eb, &se2, &d2);
			ratio_ci(r, eb.mean / ea.mean, se2, d2);
		}
		nested_compare(&ea, &eb, &t);
		r->t = t.t;
		r->df = t.df;
		r->p = t.p;
		if (ea.mean != 0)
			r->mde = nested_mde(t.se, t.df, alpha, CMP_POWER) / fabs(ea.mean);
	}
	r->within_level = ea.pooled + eb.pooled;
	row_levels(r, &ea, &eb);
	for (i = 0; i < na; i++)
		a[i] = r->base.runs[i].mean;
	for (i = 0; i < nb; i++)
		b[i] = r->new.runs[i].mean;
	r->mw_p = mann_whitney_p(b, nb, a, na, &r->mw_u);
	r->mw_min_p = mann_whitney_min_p(na, nb);
	free(a);
	free(b);
}

/* One run on a side: its repetitions are the unit (compare warns). */
static void row_test(struct cmp_row *r, double alpha)
{
	const struct summary *a = &r->base.s, *b = &r->new.s;
	double se2 = 0, d2 = 0, df;
	struct welch w;

	if (r->base.nruns >= 2 && r->new.nruns >= 2) {
		row_test_runs(r, alpha);
		return;
	}
	r->change = a->mean != 0 ? (b->mean - a->mean) / fabs(a->mean) : NAN;
	if (a->mean == 0 && b->mean == 0)
		r->change = 0;
	r->p = 1;
	r->tested = a->n >= 2 && b->n >= 2;
	if (a->mean > 0 && b->mean > 0) {
		add_comp(r->base.v_num, r->base.df_num, &se2, &d2);
		add_comp(r->base.v_den, r->base.df_den, &se2, &d2);
		add_comp(r->new.v_num, r->new.df_num, &se2, &d2);
		add_comp(r->new.v_den, r->new.df_den, &se2, &d2);
		df = ratio_ci(r, b->mean / a->mean, se2, d2);
		if (r->tested && (r->base.derived || r->new.derived)) {
			/* log-ratio t-test with the denominators' spread in se */
			r->df = df;
			r->t = se2 > 0 ? log(r->ratio) / sqrt(se2) : (r->ratio != 1 ? INFINITY : 0);
			r->p = se2 > 0 ? t_two_sided_p(r->t, df) : (r->ratio != 1 ? 0 : 1);
			r->mde = nested_mde(sqrt(se2), df, alpha, CMP_POWER);
		}
	}
	if (r->tested && !(r->base.derived || r->new.derived)) {
		welch_test(b, a, &w);
		r->t = w.t;
		r->df = w.df;
		r->p = w.p;
		if (a->mean != 0)
			r->mde = nested_mde(sqrt(a->stddev * a->stddev / (double)a->n +
						 b->stddev * b->stddev / (double)b->n),
					    w.df, alpha, CMP_POWER) / fabs(a->mean);
	}
	if (r->tested) {
		r->mw_p = mann_whitney_p(r->new.samples, b->n, r->base.samples, a->n, &r->mw_u);
		r->mw_min_p = mann_whitney_min_p(a->n, b->n);
	}
}

/*
 * A side of one run has only its repetitions for an error, which misses
 * run-to-run drift: two quick runs of one kernel flagged 26 of 104 figures
 * on a 2-vCPU VM (issue 23, docs/methodology.md). Such a row keeps its
 * values and change and is not tested, unless --within-run asks for it.
 */
static void single_run(const struct comparison *c, struct cmp_row *r)
{
	if (!r->tested || r->by_runs || c->opts.within_run)
		return;
	r->tested = 0;
	r->single_run = 1;
}

/* The metrics some run of sp could not observe, each once, with the first reason. */
static void add_unobserved(struct cmp_table *t, int side, const struct side_point *sp)
{
	const char *name;
	size_t i, j;
	json_t *why;

	for (i = 0; i < sp->nref; i++) {
		json_object_foreach(sp->ref[i]->unobserved, name, why) {
			int seen = 0;

			for (j = 0; j < t->nunobs; j++)
				seen |= t->unobs[j].sp == sp && !strcmp(t->unobs[j].metric, name);
			if (seen)
				continue;
			t->unobs = xgrow(t->unobs, t->nunobs + 1, sizeof(*t->unobs));
			t->unobs[t->nunobs++] = (struct cmp_unobs){ side, sp, name, json_string_value(why) };
		}
	}
}

void table_build(struct comparison *c, struct cmp_table *t)
{
	struct cmp_side *sb = &c->sides[t->base], *sn = t->new >= 0 ? &c->sides[t->new] : NULL;
	size_t i, j;

	for (i = 0; i < sb->npts; i++) {
		const struct side_point *pb = &sb->pts[i];
		const struct side_point *pn = sn ? side_find(sn, pb->workload, pb->key) : NULL;
		const struct res_point *rp = pb->ref[0];

		if (sn && !pn) {
			t->only = xgrow(t->only, t->nonly + 1, sizeof(*t->only));
			t->only[t->nonly++] = (struct cmp_listed){ t->base, pb, NULL };
			continue;
		}
		if (!pb->valid || (pn && !pn->valid)) {
			t->invalid = xgrow(t->invalid, t->ninvalid + 1, sizeof(*t->invalid));
			t->invalid[t->ninvalid++] = !pb->valid ?
				(struct cmp_listed){ t->base, pb, pb->reason } :
				(struct cmp_listed){ t->new, pn, pn->reason };
			if (sn)
				continue;
		}
		add_unobserved(t, t->base, pb);
		if (pn)
			add_unobserved(t, t->new, pn);
		for (j = 0; j < rp->nmetrics; j++) {
			const char *name = rp->metrics[j].name;
			const struct res_metric *mb, *mn;
			struct cmp_row r = { .pb = pb, .pn = pn, .metric = name, .mde = NAN };
			const char *const *w;
			int want = !c->opts.metrics;

			for (w = c->opts.metrics; w && *w; w++)
				want |= !strcmp(*w, name);
			if (!want)
				continue;
			if (!cmp_stat_build(&r.base, pb, name, &mb))
				continue;
			if (pn && !cmp_stat_build(&r.new, pn, name, &mn)) {
				cmp_stat_free(&r.base);
				continue;
			}
			if (pn && r.base.log != r.new.log) {
				cmp_stat_linear(&r.base);
				cmp_stat_linear(&r.new);
			}
			r.unit = mb->unit;
			r.higher_is_better = mb->higher_is_better;
			if (pn && c->opts.speed_adjust && headline_tested(pb->workload, name))
				r.speed_adjusted = speed_adjust(&r.base, pb, &r.new, pn, &r.speed_adj);
			if (pn) {
				row_test(&r, c->opts.alpha);
				/* one figure, one test: transforms are shown, not tested */
				r.tested &= headline_tested(pb->workload, name);
				if (mn->higher_is_better != mb->higher_is_better || strcmp(mn->unit, mb->unit))
					cmp_warn(c, "%s %s: unit or direction differ between the sides; not tested",
					     pb->id, name), r.tested = 0;
				single_run(c, &r);
			}
			t->rows = xgrow(t->rows, t->nrows + 1, sizeof(*t->rows));
			t->rows[t->nrows++] = r;
		}
	}
	for (i = 0; sn && i < sn->npts; i++)
		if (!side_find(sb, sn->pts[i].workload, sn->pts[i].key)) {
			t->only = xgrow(t->only, t->nonly + 1, sizeof(*t->only));
			t->only[t->nonly++] = (struct cmp_listed){ t->new, &sn->pts[i], NULL };
		}
}

/* Benjamini-Hochberg over the table's tests; verdicts by direction. */
void table_decide(struct comparison *c, struct cmp_table *t)
{
	double *p = xgrow(NULL, t->nrows, sizeof(double)), *q = xgrow(NULL, t->nrows, sizeof(double));
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].tested)
			p[n++] = t->rows[i].p;
	bh_adjust(p, n, q);
	t->ntests = n;
	for (i = 0; i < t->nrows; i++) {
		t->nby_runs += t->rows[i].tested && t->rows[i].by_runs;
		t->nsingle += t->rows[i].single_run;
	}
	if (t->nsingle)
		cmp_warn(c, "%zu figures not tested: one run a side misses run-to-run drift; run each "
		     "kernel 3 times (run --runs 3), or --within-run (docs/compare.md)", t->nsingle);
	if (n && t->nby_runs < n)
		cmp_warn(c, "%zu of %zu tests compare single runs on their repetitions (--within-run): "
		     "their error misses run-to-run drift; run each kernel 3 or more times and pass "
		     "the directories (docs/compare.md)", n - t->nby_runs, n);
	for (i = 0, n = 0; i < t->nrows; i++) {
		struct cmp_row *r = &t->rows[i];
		int up;

		r->q = 1;
		if (!r->tested)
			continue;
		r->q = q[n++];
		if (!(r->q < c->opts.alpha))
			continue;
		up = r->new.s.mean > r->base.s.mean;
		r->verdict = up == !!r->higher_is_better ? CMP_BETTER : CMP_WORSE;
		t->nsig++;
		r->mw_disagrees = !r->base.derived && r->mw_min_p < c->opts.alpha &&
				  !(r->mw_p < c->opts.alpha);
	}
	free(p);
	free(q);
}
