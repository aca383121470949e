// SPDX-License-Identifier: GPL-2.0
/*
 * Building a comparison: match points by workload + params, pool the
 * repetitions of every run of a side, test every metric, control the false
 * discovery rate over each table, and list what could not be tested.
 * The row tests are in compare_row.c, the system check in compare_sys.c,
 * printing in compare_out.c.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "compare_int.h"
#include "lib/schema.h"

void cmp_warn(struct comparison *c, const char *fmt, ...)
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

struct side_point *side_find(struct cmp_side *s, const char *workload, json_t *key)
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
				cmp_warn(c, "side %d: %s: two points match %s once the ignored parameters are "
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
			cmp_warn(c, "%s was interrupted (run.incomplete): points it did not reach are missing, "
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
 * run r: the denominator point's metric the ratio is of (derived.of;
 * RESULT_RATIO_OF in files written before it), cv^2 / n.
 */
static int den_var(const struct result *r, const struct res_metric *m, double *v, double *df)
{
	json_t *d = json_object_get(m->json, "derived");
	const struct res_point *den = find_id(r, json_string_value(json_object_get(d, "denominator")));
	const char *of = json_string_value(json_object_get(d, "of"));
	const struct res_metric *dm = den ? res_metric_get(den, of ? of : RESULT_RATIO_OF) : NULL;
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

/* Each run's mean, of the side's kind: geometric when st->log (a ratio), else arithmetic. */
static void run_means(struct cmp_stat *st)
{
	struct summary rs;
	size_t i, off = 0;

	for (i = 0; i < st->nruns; off += st->runs[i++].n) {
		if (st->log)
			summarize_geometric(st->samples + off, st->runs[i].n, &rs);
		else
			summarize(st->samples + off, st->runs[i].n, &rs);
		st->runs[i].mean = rs.mean;
	}
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
		double v, df;

		memcpy(st->samples + k, m->samples, m->n * sizeof(double));
		k += m->n;
		st->runs[i] = (struct cmp_run){ .file = sp->from[i]->file, .n = m->n, .mean = NAN };
		if (st->derived) {
			if (den_var(sp->from[i], m, &v, &df))
				den_ok = 0;
			else {
				vden += v;
				vden2 += v * v / df;
			}
		}
	}
	/* a ratio is one figure: geometric, as its result file says (-1: arithmetic) */
	if (st->derived)
		st->log = !summarize_geometric(st->samples, total, &st->s);
	else
		summarize(st->samples, total, &st->s);
	run_means(st);
	cmp_stat_boots(st, sp);
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

void cmp_stat_linear(struct cmp_stat *st)
{
	if (!st->log)
		return;
	st->log = 0;
	run_means(st);
	summarize(st->samples, st->s.n, &st->s);
	if (st->s.n >= 2 && st->s.mean != 0)
		st->v_num = st->s.cv * st->s.cv / (double)st->s.n;
}

void cmp_stat_free(struct cmp_stat *st)
{
	free(st->samples);
	free(st->runs);
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
		if (nsides > 1)
			boots_check(c, &c->tables[i]);
		if (nsides > 1)
			speed_check(c, &c->tables[i]);
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
