// SPDX-License-Identifier: GPL-2.0
/*
 * Building a comparison: match points by workload + params, pool the
 * repetitions of every run of a side, test every metric, control the false
 * discovery rate over each table, and list what could not be tested.
 * Printing is in compare_out.c.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "headline.h"
#include "nested.h"

static char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d) {
		fprintf(stderr, "ptbench: out of memory\n");
		exit(1);
	}
	return d;
}

static void *xgrow(void *p, size_t n, size_t size)
{
	p = realloc(p, (n ? n : 1) * size);
	if (!p) {
		fprintf(stderr, "ptbench: out of memory\n");
		exit(1);
	}
	return p;
}

static void __attribute__((format(printf, 2, 3))) warn(struct comparison *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->warnings = xgrow(c->warnings, c->nwarn + 1, sizeof(*c->warnings));
	c->warnings[c->nwarn++] = xstrdup(buf);
}

/* ---- loading ---- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(const char *path, struct result ***out, size_t *n, char *err, size_t len)
{
	struct result *r = result_load(path, err, len);

	if (!r)
		return -1;
	*out = xgrow(*out, *n + 1, sizeof(**out));
	(*out)[(*n)++] = r;
	return 0;
}

/* Temp files of a writer (*.json.tmp.<pid>) are not results: only names ending in .json. */
static int is_json_name(const char *s)
{
	size_t l = strlen(s);

	return l > 5 && !strcmp(s + l - 5, ".json") && s[0] != '.';
}

int load_results(const char *path, struct result ***out, size_t *n, char *err, size_t len)
{
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, i;
	struct stat st;
	int ret = 0;
	DIR *d;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return add_file(path, out, n, err, len);
	d = opendir(path);
	if (!d) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (!is_json_name(de->d_name))
			continue;
		names = xgrow(names, nn + 1, sizeof(*names));
		names[nn++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (!nn) {
		snprintf(err, len, "%s: no result files (*.json) in this directory", path);
		free(names);
		return -1;
	}
	qsort(names, nn, sizeof(*names), name_cmp);
	for (i = 0; i < nn; i++) {
		char p[4096];

		snprintf(p, sizeof(p), "%s/%s", path, names[i]);
		if (!ret && add_file(p, out, n, err, len))
			ret = -1;
		free(names[i]);
	}
	free(names);
	return ret;
}

/* ---- points of a side ---- */

static int ignored(const struct cmp_opts *o, const char *name)
{
	const char *const *i;

	for (i = o->ignore; i && *i; i++)
		if (!strcmp(*i, name))
			return 1;
	return 0;
}

/* "workload:k=v,..." from the matching key, in file order. */
static char *key_id(const char *workload, json_t *key)
{
	size_t cap = 256, len;
	const char *k;
	char *s;
	json_t *v;

	s = xgrow(NULL, cap, 1);
	len = (size_t)snprintf(s, cap, "%s:", workload);
	json_object_foreach(key, k, v) {
		char val[128];
		size_t need;

		res_param_text(v, val, sizeof(val));
		need = len + strlen(k) + strlen(val) + 3;
		if (need >= cap) {
			cap = need * 2;
			s = xgrow(s, cap, 1);
		}
		len += (size_t)snprintf(s + len, cap - len, "%s%s=%s", len > strlen(workload) + 1 ? "," : "", k, val);
	}
	if (len && s[len - 1] == ':')
		s[len - 1] = '\0';
	return s;
}

static json_t *make_key(const struct cmp_opts *o, json_t *params)
{
	json_t *key = json_object(), *v;
	const char *k;

	json_object_foreach(params, k, v)
		if (!ignored(o, k))
			json_object_set(key, k, v);
	return key;
}

static struct side_point *side_find(struct cmp_side *s, const char *workload, json_t *key)
{
	size_t i;

	for (i = 0; i < s->npts; i++)
		if (!strcmp(s->pts[i].workload, workload) && json_equal(s->pts[i].key, key))
			return &s->pts[i];
	return NULL;
}

static void side_add(struct comparison *c, struct cmp_side *s, int sidx, const struct result *r,
		     const struct res_point *p)
{
	json_t *key = make_key(&c->opts, p->params);
	struct side_point *sp = side_find(s, p->workload, key);

	if (!sp) {
		s->pts = xgrow(s->pts, s->npts + 1, sizeof(*s->pts));
		sp = &s->pts[s->npts++];
		memset(sp, 0, sizeof(*sp));
		sp->workload = p->workload;
		sp->key = key;
		sp->id = key_id(p->workload, key);
		sp->valid = 1;
	} else {
		json_decref(key);
		for (size_t i = 0; i < sp->nref; i++)
			if (sp->from[i] == r)
				warn(c, "side %d: %s: two points match %s once the ignored parameters are "
				     "left out; their repetitions are pooled", sidx, r->file, sp->id);
	}
	sp->ref = xgrow(sp->ref, sp->nref + 1, sizeof(*sp->ref));
	sp->from = xgrow(sp->from, sp->nref + 1, sizeof(*sp->from));
	sp->ref[sp->nref] = p;
	sp->from[sp->nref++] = r;
	if (!p->valid && sp->valid) {
		sp->valid = 0;
		sp->reason = p->reason;
	}
}

static void side_build(struct comparison *c, struct cmp_side *s, int sidx)
{
	size_t i, j, cap = 1;

	s->name = xgrow(NULL, cap, 1);
	s->name[0] = '\0';
	for (i = 0; i < s->nres; i++) {
		const char *l = s->res[i]->label;
		size_t need = strlen(s->name) + strlen(l) + 2, k;

		for (k = 0; k < i && strcmp(s->res[k]->label, l); k++)
			;
		if (k < i)
			continue;	/* a label already named (pooled runs usually share it) */
		if (need > cap)
			s->name = xgrow(s->name, cap = need * 2, 1);
		if (*s->name)
			strcat(s->name, "+");
		strcat(s->name, l);
	}
	for (i = 0; i < s->nres; i++) {
		const struct result *r = s->res[i];

		if (r->incomplete)
			warn(c, "%s was interrupted (run.incomplete): points it did not reach are missing, "
			     "not regressions", r->file);
		for (j = 0; j < r->npoints; j++)
			if (!c->opts.select || c->opts.select(&r->points[j], sidx, c->opts.select_ctx))
				side_add(c, s, sidx, r, &r->points[j]);
	}
}

/* ---- one metric on one side ---- */

static const struct res_point *find_id(const struct result *r, const char *id)
{
	size_t i;

	for (i = 0; id && i < r->npoints; i++)
		if (!strcmp(r->points[i].id, id))
			return &r->points[i];
	return NULL;
}

/*
 * The relative variance of the mean of a derived metric's denominator in
 * run r: the denominator point's ops_per_sec (the metric the runner derives
 * from, bench/result.c), cv^2 / n.
 */
static int den_var(const struct result *r, const struct res_metric *m, double *v, double *df)
{
	json_t *d = json_object_get(m->json, "derived");
	const struct res_point *den = find_id(r, json_string_value(json_object_get(d, "denominator")));
	const struct res_metric *dm = den ? res_metric_get(den, "ops_per_sec") : NULL;
	struct summary s;

	if (!dm || dm->n < 2)
		return -1;
	summarize(dm->samples, dm->n, &s);
	if (!(s.mean > 0))
		return -1;
	*v = s.cv * s.cv / (double)dm->n;
	*df = (double)dm->n - 1;
	return 0;
}

int cmp_stat_build(struct cmp_stat *st, const struct side_point *sp, const char *metric,
		      const struct res_metric **first)
{
	size_t i, total = 0, k = 0;
	double vden = 0, vden2 = 0;
	int den_ok = 1;

	memset(st, 0, sizeof(*st));
	*first = NULL;
	for (i = 0; i < sp->nref; i++) {
		const struct res_metric *m = res_metric_get(sp->ref[i], metric);

		if (!m)
			return 0;	/* a metric must be in every run of the side */
		if (!*first)
			*first = m;
		total += m->n;
	}
	if (!*first)
		return 0;
	st->present = 1;
	st->samples = xgrow(NULL, total, sizeof(double));
	st->runs = xgrow(NULL, sp->nref, sizeof(*st->runs));
	st->nruns = sp->nref;
	st->derived = json_object_get((*first)->json, "derived") != NULL;
	for (i = 0; i < sp->nref; i++) {
		const struct res_metric *m = res_metric_get(sp->ref[i], metric);
		struct summary rs;
		double v, df;

		memcpy(st->samples + k, m->samples, m->n * sizeof(double));
		k += m->n;
		summarize(m->samples, m->n, &rs);
		st->runs[i] = (struct cmp_run){ sp->from[i]->file, m->n, rs.mean };
		if (st->derived) {
			if (den_var(sp->from[i], m, &v, &df))
				den_ok = 0;
			else {
				vden += v;
				vden2 += v * v / df;
			}
		}
	}
	summarize(st->samples, total, &st->s);
	if (total >= 2 && st->s.mean != 0) {
		st->v_num = st->s.cv * st->s.cv / (double)total;
		st->df_num = (double)total - 1;
	}
	if (st->derived && den_ok) {
		/* the mean of k runs' ratios: each denominator weighs 1/k */
		double kk = (double)sp->nref;

		st->den_known = 1;
		st->v_den = vden / (kk * kk);
		st->df_den = vden2 > 0 ? vden * vden / vden2 : 0;
	}
	return 1;
}

void cmp_stat_free(struct cmp_stat *st)
{
	free(st->samples);
	free(st->runs);
}

/* ---- one row ---- */

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

/* The runs of one side's metric as the nested model's input (points into st). */
static void side_estimate(const struct cmp_stat *st, struct nested_est *e)
{
	struct nested_run *runs = xgrow(NULL, st->nruns, sizeof(*runs));
	size_t i, off = 0;

	for (i = 0; i < st->nruns; i++) {
		runs[i] = (struct nested_run){ st->samples + off, st->runs[i].n };
		off += st->runs[i].n;
	}
	/*
	 * A derived ratio's repetitions share one denominator mean per run, so
	 * their spread misses the denominator's part: only its run level counts.
	 */
	nested_estimate(runs, st->nruns, !st->derived, e);
	free(runs);
}

/* Relative variance of a side's mean and its df, for the ratio's interval. */
static void add_rel(const struct nested_est *e, double *se2, double *d2)
{
	add_comp(e->v / (e->mean * e->mean), e->df, se2, d2);
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
	r->within_level = ea.pooled + eb.pooled;
	if (ea.mean != 0)
		r->mde = nested_mde(t.se, t.df, alpha, CMP_POWER) / fabs(ea.mean);
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

static void table_build(struct comparison *c, struct cmp_table *t)
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
			r.unit = mb->unit;
			r.higher_is_better = mb->higher_is_better;
			if (pn) {
				row_test(&r, c->opts.alpha);
				/* one figure, one test: transforms are shown, not tested */
				r.tested &= headline_tested(pb->workload, name);
				if (mn->higher_is_better != mb->higher_is_better || strcmp(mn->unit, mb->unit))
					warn(c, "%s %s: unit or direction differ between the sides; not tested",
					     pb->id, name), r.tested = 0;
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
static void table_decide(struct comparison *c, struct cmp_table *t)
{
	double *p = xgrow(NULL, t->nrows, sizeof(double)), *q = xgrow(NULL, t->nrows, sizeof(double));
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].tested)
			p[n++] = t->rows[i].p;
	bh_adjust(p, n, q);
	t->ntests = n;
	for (i = 0; i < t->nrows; i++)
		t->nby_runs += t->rows[i].tested && t->rows[i].by_runs;
	if (n && t->nby_runs < n)
		warn(c, "%zu of %zu tests compare single runs: their error is the spread of "
		     "repetitions within one run, which misses run-to-run drift; run each kernel "
		     "3 or more times and pass the directories (docs/compare.md)",
		     n - t->nby_runs, n);
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

/* ---- are the systems comparable? ---- */

struct sys_field {
	const char *path;	/* dot path from the root */
	int serious;
};

static const struct sys_field sys_fields[] = {
	{ "system.arch.machine", 1 },
	{ "system.cpu.model", 1 },
	{ "system.cpu.npus", 1 },
	{ "system.cpu.ncores", 1 },
	{ "system.cpu.npackages", 1 },
	{ "system.cpu.nnuma", 1 },
	{ "system.cpu.smt", 1 },
	{ "system.cpu.smt_active", 1 },
	{ "system.cpu.governor", 1 },
	{ "system.memory.page_size", 1 },
	{ "system.memory.pmd_size", 1 },
	{ "system.thp.selected", 1 },
	{ "system.thp.use_zero_page", 1 },
	{ "system.thp.mthp_enabled", 1 },
	{ "system.thp.khugepaged.defrag", 1 },
	{ "system.thp.khugepaged.pages_to_scan", 1 },
	{ "system.thp.khugepaged.scan_sleep_millisecs", 1 },
	{ "system.thp.khugepaged.alloc_sleep_millisecs", 1 },
	{ "system.thp.khugepaged.max_ptes_none", 1 },
	{ "system.thp.khugepaged.max_ptes_swap", 1 },
	{ "system.thp.khugepaged.max_ptes_shared", 1 },
	{ "system.numa_balancing", 1 },
	{ "system.virtualization.type", 1 },
	{ "suite.version", 1 },
	{ "run.config", 1 },
	{ "system.kernel.cmdline", 0 },
	{ "system.cpu.mitigations", 0 },
	{ "system.host", 0 },
	{ "suite.git", 0 },
	{ "run.memory_share", 0 },
};

json_t *cmp_dot_get(json_t *root, const char *path)
{
	char buf[128], *save = NULL, *tok;
	json_t *v = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	return v;
}

static char *json_text(json_t *v)
{
	char *s;

	if (!v)
		return xstrdup("(absent)");
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
	return s ? s : xstrdup("?");
}

static int absent(json_t *v)
{
	return !v || json_is_null(v) || (json_is_object(v) && !json_object_size(v));
}

static void diff_add(struct comparison *c, const struct sys_field *f, json_t *a, json_t *b, int side)
{
	struct cmp_diff *d;
	/*
	 * A config run against a command-line run (run.config null): the
	 * points themselves are matched by params, so only different configs
	 * are serious.
	 */
	int minor = !strcmp(f->path, "run.config") && (json_is_null(a) || json_is_null(b));

	/*
	 * A knob one kernel does not have at all (mTHP sizes before 6.8, a
	 * khugepaged tunable added later) is a difference of the kernels being
	 * compared, not of how the machine was set up: minor. Different values
	 * of a knob both have stay serious.
	 */
	minor |= absent(a) || absent(b);

	c->diffs = xgrow(c->diffs, c->ndiffs + 1, sizeof(*c->diffs));
	d = &c->diffs[c->ndiffs++];
	d->field = f->path;
	d->base = json_text(a);
	d->new = json_text(b);
	d->serious = f->serious && !minor;
	d->side = side;
}

static void systems_check(struct comparison *c)
{
	const struct result *b0 = c->sides[0].res[0];
	size_t s, i, k;

	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			const struct result *r = c->sides[s].res[i];

			if (r == b0)
				continue;
			if (i > 0 && strcmp(json_string_value(cmp_dot_get(r->root, "system.kernel.release")) ?: "",
					    json_string_value(cmp_dot_get(c->sides[s].res[0]->root,
								      "system.kernel.release")) ?: ""))
				warn(c, "side %zu pools runs of different kernels (%s, %s)", s,
				     c->sides[s].res[0]->file, r->file);
			for (k = 0; k < sizeof(sys_fields) / sizeof(sys_fields[0]); k++) {
				json_t *a = cmp_dot_get(b0->root, sys_fields[k].path);
				json_t *b = cmp_dot_get(r->root, sys_fields[k].path);

				if (json_equal(a, b) || (!a && !b))
					continue;
				/* one difference per field and side is enough */
				int seen = 0;

				for (size_t d = 0; d < c->ndiffs; d++)
					seen |= c->diffs[d].side == (int)s && !strcmp(c->diffs[d].field, sys_fields[k].path);
				if (!seen)
					diff_add(c, &sys_fields[k], a, b, (int)s);
			}
		}
}

size_t compare_serious(const struct comparison *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->ndiffs; i++)
		n += c->diffs[i].serious;
	return n;
}

int compare_build(struct comparison *c, const struct cmp_opts *o, size_t nsides,
		  struct result ***sides, const size_t *nres, char *err, size_t len)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->opts = *o;
	if (!(c->opts.alpha > 0 && c->opts.alpha < 1))
		c->opts.alpha = CMP_ALPHA;
	if (!nsides) {
		snprintf(err, len, "nothing to compare");
		return -1;
	}
	c->nsides = nsides;
	c->sides = xgrow(NULL, nsides, sizeof(*c->sides));
	memset(c->sides, 0, nsides * sizeof(*c->sides));
	for (i = 0; i < nsides; i++) {
		if (!nres[i]) {
			snprintf(err, len, "side %zu has no result file", i);
			return -1;
		}
		c->sides[i].res = sides[i];
		c->sides[i].nres = nres[i];
		side_build(c, &c->sides[i], (int)i);
	}
	systems_check(c);
	c->ntables = nsides > 1 ? nsides - 1 : 1;
	c->tables = xgrow(NULL, c->ntables, sizeof(*c->tables));
	memset(c->tables, 0, c->ntables * sizeof(*c->tables));
	for (i = 0; i < c->ntables; i++) {
		c->tables[i].base = 0;
		c->tables[i].new = nsides > 1 ? (int)i + 1 : -1;
		table_build(c, &c->tables[i]);
		if (nsides > 1)
			table_decide(c, &c->tables[i]);
	}
	return 0;
}

void compare_free(struct comparison *c)
{
	size_t i, j;

	for (i = 0; i < c->ntables; i++) {
		for (j = 0; j < c->tables[i].nrows; j++) {
			cmp_stat_free(&c->tables[i].rows[j].base);
			cmp_stat_free(&c->tables[i].rows[j].new);
		}
		free(c->tables[i].rows);
		free(c->tables[i].only);
		free(c->tables[i].invalid);
		free(c->tables[i].unobs);
	}
	free(c->tables);
	for (i = 0; i < c->nsides; i++) {
		for (j = 0; j < c->sides[i].npts; j++) {
			json_decref(c->sides[i].pts[j].key);
			free(c->sides[i].pts[j].id);
			free(c->sides[i].pts[j].ref);
			free(c->sides[i].pts[j].from);
		}
		free(c->sides[i].pts);
		free(c->sides[i].name);
	}
	free(c->sides);
	for (i = 0; i < c->ndiffs; i++) {
		free(c->diffs[i].base);
		free(c->diffs[i].new);
	}
	free(c->diffs);
	for (i = 0; i < c->nwarn; i++)
		free(c->warnings[i]);
	free(c->warnings);
	memset(c, 0, sizeof(*c));
}

int sides_load(struct sides *s, char **args, size_t nargs, char *err, size_t len)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->res = xgrow(NULL, nargs, sizeof(*s->res));
	s->nres = xgrow(NULL, nargs, sizeof(*s->nres));
	for (i = 0; i < nargs; i++) {
		s->res[i] = NULL;
		s->nres[i] = 0;
		s->n = i + 1;
		if (load_results(args[i], &s->res[i], &s->nres[i], err, len))
			return -1;
	}
	return 0;
}

void sides_free(struct sides *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->nres[i]; j++)
			result_free(s->res[i][j]);
		free(s->res[i]);
	}
	free(s->res);
	free(s->nres);
	memset(s, 0, sizeof(*s));
}

void cmp_stat_ci(const struct cmp_stat *st, double *lo, double *hi)
{
	double v = st->v_num + st->v_den, d2 = 0, df;

	*lo = *hi = st->s.mean;
	if (!st->derived) {
		if (st->s.n >= 2) {
			*lo = st->s.ci95_lo;
			*hi = st->s.ci95_hi;
		}
		return;
	}
	if (st->v_num > 0 && st->df_num > 0)
		d2 += st->v_num * st->v_num / st->df_num;
	if (st->v_den > 0 && st->df_den > 0)
		d2 += st->v_den * st->v_den / st->df_den;
	if (!(v > 0) || !(d2 > 0) || !(st->s.mean > 0))
		return;
	df = v * v / d2;
	*lo = st->s.mean * exp(-t_quantile_975(df) * sqrt(v));
	*hi = st->s.mean * exp(t_quantile_975(df) * sqrt(v));
}
