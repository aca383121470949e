// SPDX-License-Identifier: GPL-2.0
/*
 * Plots. One table says what is plotted (names of workloads, metrics and
 * params in one place, so that they can follow the workloads); three
 * kinds draw them: lines over a numeric param with error bars, CDFs of a
 * per-point distribution, grouped bars with error bars.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"
#include "result.h"

enum plot_kind { PK_LINES, PK_CDF, PK_BARS };

struct plot_def {
	const char *name;	/* file stem prefix */
	const char *workload;
	enum plot_kind kind;
	const char *metric;	/* metric, or distribution for PK_CDF */
	const char *x;		/* LINES: numeric param; BARS: category params, comma-separated */
	const char *series;	/* param that splits series besides the side (CDF), or NULL */
	const char *title;
	const char *xlabel;
	const char *ylabel;	/* NULL: the metric's unit */
	int logx;
};

/* The plot table: adjust names here when workloads change theirs. */
static const struct plot_def plot_defs[] = {
	{ "ptl-throughput", "ptl", PK_LINES, "ops_per_sec", "threads", NULL,
	  "ptl throughput vs worker threads", "worker threads", NULL, 0 },
	{ "ptl-split-benefit", "ptl", PK_LINES, "split_benefit", "threads", NULL,
	  "ptl split benefit (split / shared throughput)", "worker threads", "ratio", 0 },
	{ "collapse-latency-cdf", "collapse", PK_CDF, "collapse_latency_ns", NULL, "bystander_mode",
	  "THP collapse latency CDF", "latency of one collapse", "fraction of collapses", 1 },
	{ "collapse-ipis", "collapse", PK_BARS, "ipis_per_collapse", "bystander_mode,bystander_mm", NULL,
	  "IPIs per collapse", "bystanders", "IPIs per collapse", 0 },
	{ "collapse-bystander-gap", "collapse", PK_BARS, "bystander_worst_gap_ns", "bystander_mode,bystander_mm",
	  NULL, "longest stall seen by a bystander", "bystanders", NULL, 0 },
	{ "gup-pages", "gup", PK_BARS, "pages_per_sec", "trigger,mapping", NULL,
	  "GUP pages/s by trigger and mapping", "trigger, mapping", NULL, 0 },
	{ "integrity-lost-writes", "integrity", PK_BARS, "lost_writes", "", NULL,
	  "lost writes (must be 0)", "point", NULL, 0 },
};

#define NDEFS	(sizeof(plot_defs) / sizeof(plot_defs[0]))
#define MAX_FACETS	256

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "ptbench: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fprintf(stderr, "ptbench: out of memory\n");
		exit(1);
	}
	return d;
}

static void __attribute__((format(printf, 2, 3))) note(struct plot_set *ps, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ps->notes = xrealloc(ps->notes, (ps->nnotes + 1) * sizeof(*ps->notes));
	ps->notes[ps->nnotes++] = xstrdup(buf);
}

char *gp_quote(const char *s)
{
	size_t n = strlen(s ? s : ""), i, j = 0;
	char *q = xrealloc(NULL, 2 * n + 3);

	q[j++] = '\'';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			q[j++] = ' ';
		else if (c == '\'') {
			q[j++] = '\'';
			q[j++] = '\'';
		} else {
			q[j++] = (char)c;
		}
	}
	q[j++] = '\'';
	q[j] = '\0';
	return q;
}

/* A param value as text ("8", 2 -> "2"). */
static void param_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(buf, len, "%g", json_number_value(v));
	else
		snprintf(buf, len, "?");
}

static int in_list(const char *list, const char *name)
{
	size_t l = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t w = e ? (size_t)(e - p) : strlen(p);

		if (w == l && !strncmp(p, name, l))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* The facet of a point: its params without the x and series ones. */
static json_t *facet_of(const struct plot_def *d, json_t *key)
{
	json_t *f = json_object(), *v;
	const char *k;

	json_object_foreach(key, k, v)
		if (!in_list(d->x, k) && !(d->series && !strcmp(d->series, k)))
			json_object_set(f, k, v);
	return f;
}

/* "k=v, k=v" of an object, for titles. */
static void kv_text(json_t *o, const char *only, char *buf, size_t len)
{
	size_t n = 0;
	const char *k;
	json_t *v;

	buf[0] = '\0';
	json_object_foreach(o, k, v) {
		char val[128];

		if (only && !in_list(only, k))
			continue;
		param_text(v, val, sizeof(val));
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s=%s", n ? ", " : "", k, val);
		if (n >= len)
			break;
	}
}

static int point_has(const struct plot_def *d, const struct side_point *sp)
{
	json_t *dist;

	if (strcmp(sp->workload, d->workload) || !sp->valid)
		return 0;
	if (d->kind == PK_CDF) {
		dist = json_object_get(json_object_get(sp->ref[0]->json, "distributions"), d->metric);
		return json_is_array(json_object_get(dist, "values"));
	}
	if (d->kind == PK_LINES && !json_object_get(sp->key, d->x))
		return 0;
	return res_metric_get(sp->ref[0], d->metric) != NULL;
}

/* ---- files ---- */

static FILE *open_in(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

static void gp_head(FILE *g, const struct plot_def *d, const char *title, const char *ylabel,
		    const char *stem)
{
	char *t = gp_quote(title), *y = gp_quote(ylabel), *x = gp_quote(d->xlabel);

	fprintf(g, "# ptbench plot %s: written by 'ptbench plot', restyle freely.\n"
		   "# Data: %s.dat. Render: gnuplot %s.gp (writes %s.png and %s.svg).\n"
		   "# Every string below is a single-quoted literal (from the result files).\n\n",
		d->name, stem, stem, stem, stem);
	fprintf(g, "set encoding utf8\nset title %s noenhanced\nset xlabel %s noenhanced\n"
		   "set ylabel %s noenhanced\nset grid\nset key outside right top noenhanced\n",
		t, x, y);
	if (d->logx)
		fprintf(g, "set logscale x\n");
	free(t);
	free(y);
	free(x);
}

static void gp_tail(FILE *g, const char *stem)
{
	fprintf(g, "\nset terminal svg size 1000,600 dynamic noenhanced font 'sans,11'\n"
		   "set output '%s.svg'\nreplot\nunset output\n", stem);
}

static void gp_png(FILE *g, const char *stem)
{
	fprintf(g, "\nset terminal pngcairo size 1000,600 noenhanced font 'sans,10'\n"
		   "set output '%s.png'\n", stem);
}

/* ---- lines: metric vs a numeric param, one line per side ---- */

struct xy {
	double x, y, lo, hi;
	size_t n;
};

static int cmp_xy(const void *a, const void *b)
{
	double x = ((const struct xy *)a)->x, y = ((const struct xy *)b)->x;

	return (x > y) - (x < y);
}

static double param_num(json_t *v)
{
	if (json_is_number(v))
		return json_number_value(v);
	if (json_is_string(v))
		return strtod(json_string_value(v), NULL);
	return NAN;
}

static int lines_plot(const struct comparison *c, const struct plot_def *d, json_t *facet, FILE *dat,
		      FILE *g, const char *stem, const char **unit)
{
	size_t s, i, block = 0;
	int any = 0;

	for (s = 0; s < c->nsides; s++) {
		const struct cmp_side *sd = &c->sides[s];
		struct xy *pts = NULL;
		size_t n = 0;

		for (i = 0; i < sd->npts; i++) {
			const struct side_point *sp = &sd->pts[i];
			const struct res_metric *m;
			struct cmp_stat st;
			json_t *f;
			int same;

			if (!point_has(d, sp))
				continue;
			f = facet_of(d, sp->key);
			same = json_equal(f, facet);
			json_decref(f);
			if (!same || !cmp_stat_build(&st, sp, d->metric, &m))
				continue;
			*unit = m->unit;
			pts = xrealloc(pts, (n + 1) * sizeof(*pts));
			pts[n].x = param_num(json_object_get(sp->key, d->x));
			pts[n].y = st.s.mean;
			pts[n].n = st.s.n;
			cmp_stat_ci(&st, &pts[n].lo, &pts[n].hi);
			n++;
			cmp_stat_free(&st);
		}
		if (!n)
			continue;
		qsort(pts, n, sizeof(*pts), cmp_xy);
		fprintf(dat, "%s# side %zu: %s\n# %s  mean  ci95_low  ci95_high  n\n", block ? "\n\n" : "",
			s, s ? "NEW" : "BASE", d->x);
		for (i = 0; i < n; i++)
			fprintf(dat, "%.10g %.10g %.10g %.10g %zu\n", pts[i].x, pts[i].y, pts[i].lo, pts[i].hi,
				pts[i].n);
		char *t = gp_quote(sd->name);

		fprintf(g, "%s '%s.dat' index %zu using 1:2:3:4 with yerrorlines lw 2 pt 7 title %s",
			any ? ", \\\n    " : "plot", stem, block, t);
		free(t);
		free(pts);
		block++;
		any = 1;
	}
	fputc('\n', g);
	return any;
}

/* ---- CDF of a per-point distribution, one line per side and series value ---- */

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cdf_plot(const struct comparison *c, const struct plot_def *d, json_t *facet, FILE *dat,
		    FILE *g, const char *stem, const char **unit)
{
	size_t s, i, r, block = 0;
	int any = 0;

	for (s = 0; s < c->nsides; s++) {
		const struct cmp_side *sd = &c->sides[s];

		for (i = 0; i < sd->npts; i++) {
			const struct side_point *sp = &sd->pts[i];
			double *v = NULL;
			size_t n = 0, k;
			char sv[128] = "", title[512];
			json_t *f;
			int same;

			if (!point_has(d, sp))
				continue;
			f = facet_of(d, sp->key);
			same = json_equal(f, facet);
			json_decref(f);
			if (!same)
				continue;
			for (r = 0; r < sp->nref; r++) {
				json_t *dist = json_object_get(json_object_get(sp->ref[r]->json, "distributions"),
							       d->metric), *x;

				if (json_is_string(json_object_get(dist, "unit")))
					*unit = json_string_value(json_object_get(dist, "unit"));
				json_array_foreach(json_object_get(dist, "values"), k, x) {
					if (!json_is_number(x) || !isfinite(json_number_value(x)))
						continue;
					v = xrealloc(v, (n + 1) * sizeof(*v));
					v[n++] = json_number_value(x);
				}
			}
			if (!n)
				continue;
			qsort(v, n, sizeof(*v), cmp_d);
			if (d->series)
				param_text(json_object_get(sp->key, d->series), sv, sizeof(sv));
			fprintf(dat, "%s# side %zu, %s=%s (sanitised: see the .gp title)\n# value  fraction\n",
				block ? "\n\n" : "", s, d->series ? d->series : "-", "");
			for (k = 0; k < n; k++)
				fprintf(dat, "%.10g %.10g\n", v[k], (double)(k + 1) / (double)n);
			snprintf(title, sizeof(title), "%s, %s=%s", sd->name, d->series ? d->series : "", sv);
			char *t = gp_quote(title);

			fprintf(g, "%s '%s.dat' index %zu using 1:2 with steps lw 2 title %s",
				any ? ", \\\n    " : "plot", stem, block, t);
			free(t);
			free(v);
			block++;
			any = 1;
		}
	}
	fputc('\n', g);
	return any;
}

/* ---- grouped bars: categories on x, one bar per side ---- */

static int bars_plot(const struct comparison *c, const struct plot_def *d, json_t *facet, FILE *dat,
		     FILE *g, const char *stem, const char **unit)
{
	json_t *cats = json_array(), *cat;
	size_t s, i, k, ncat;
	double w;
	int any = 0;

	/* the categories: distinct values of the x params, in order of appearance */
	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].npts; i++) {
			const struct side_point *sp = &c->sides[s].pts[i];
			json_t *f, *key;
			int same, seen = 0;

			if (!point_has(d, sp))
				continue;
			f = facet_of(d, sp->key);
			same = json_equal(f, facet);
			json_decref(f);
			if (!same)
				continue;
			key = json_object();
			{
				const char *kk;
				json_t *vv;

				json_object_foreach(sp->key, kk, vv)
					if (in_list(d->x, kk))
						json_object_set(key, kk, vv);
			}
			json_array_foreach(cats, k, cat)
				seen |= json_equal(cat, key);
			if (!seen)
				json_array_append(cats, key);
			json_decref(key);
		}
	ncat = json_array_size(cats);
	if (!ncat) {
		json_decref(cats);
		return 0;
	}
	w = 0.8 / (double)c->nsides;
	fprintf(dat, "# category  then per side: mean  ci95_low  ci95_high  (NaN: no data)\n");
	json_array_foreach(cats, k, cat) {
		fprintf(dat, "%zu", k);
		for (s = 0; s < c->nsides; s++) {
			double y = NAN, lo = NAN, hi = NAN;

			for (i = 0; i < c->sides[s].npts; i++) {
				const struct side_point *sp = &c->sides[s].pts[i];
				const struct res_metric *m;
				struct cmp_stat st;
				json_t *f, *want;
				int match;

				if (!point_has(d, sp))
					continue;
				f = facet_of(d, sp->key);
				want = json_deep_copy(f);
				json_object_update(want, cat);
				match = json_equal(f, facet) && json_equal(want, sp->key);
				json_decref(f);
				json_decref(want);
				if (!match || !cmp_stat_build(&st, sp, d->metric, &m))
					continue;
				*unit = m->unit;
				y = st.s.mean;
				cmp_stat_ci(&st, &lo, &hi);
				cmp_stat_free(&st);
				any = 1;
				break;
			}
			fprintf(dat, "  %.10g %.10g %.10g", y, lo, hi);
		}
		fputc('\n', dat);
	}
	fprintf(g, "set style fill solid 0.6 border -1\nset boxwidth %.4f\nset xrange [-0.6:%zu.6]\n"
		   "set yrange [0:*]\nset xtics rotate by -25 noenhanced (", w, ncat - 1);
	json_array_foreach(cats, k, cat) {
		char buf[512];
		char *q;

		kv_text(cat, NULL, buf, sizeof(buf));
		q = gp_quote(*buf ? buf : "all");
		fprintf(g, "%s%s %zu", k ? ", " : "", q, k);
		free(q);
	}
	fprintf(g, ")\n");
	for (s = 0; s < c->nsides; s++) {
		char *t = gp_quote(c->sides[s].name);
		double off = -0.4 + w * ((double)s + 0.5);

		fprintf(g, "%s '%s.dat' using ($1%+.4f):%zu with boxes lc %zu title %s, \\\n"
			   "    '%s.dat' using ($1%+.4f):%zu:%zu:%zu with yerrorbars lc black pt 0 notitle",
			s ? ", \\\n    " : "plot", stem, off, 2 + 3 * s, s + 1, t, stem, off, 2 + 3 * s,
			3 + 3 * s, 4 + 3 * s);
		free(t);
	}
	fputc('\n', g);
	json_decref(cats);
	return any;
}

/* ---- rendering ---- */

static int render(const char *dir, const char *stem)
{
	char gp[300];
	pid_t pid;
	int st, null;

	snprintf(gp, sizeof(gp), "%s.gp", stem);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		char *argv[] = { "gnuplot", gp, NULL };

		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		if (chdir(dir))
			_exit(126);
		execvp("gnuplot", argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int nonempty(int dfd, const char *stem, const char *ext)
{
	char name[300];
	struct stat st;

	snprintf(name, sizeof(name), "%s.%s", stem, ext);
	return !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode) && st.st_size > 0;
}

static void one_plot(const struct comparison *c, const struct plot_def *d, json_t *facet, int idx,
		     const char *dir, int dfd, int do_render, struct plot_set *ps)
{
	char fac[512], slug[128], stem[200], name[220], title[768];
	const char *unit = NULL;
	struct plot_file *pf;
	FILE *dat, *g;
	int ok, rc;

	kv_text(facet, NULL, fac, sizeof(fac));
	path_safe(fac, slug, 80);
	snprintf(stem, sizeof(stem), "%02d-%s-%s", idx, d->name, slug);
	snprintf(title, sizeof(title), "%s%s%s", d->title, *fac ? ": " : "", fac);
	snprintf(name, sizeof(name), "%s.dat", stem);
	dat = open_in(dfd, name);
	snprintf(name, sizeof(name), "%s.gp", stem);
	g = open_in(dfd, name);
	if (!dat || !g) {
		note(ps, "%s: cannot write in %s: %s", stem, dir, strerror(errno));
		if (dat)
			fclose(dat);
		if (g)
			fclose(g);
		return;
	}
	fprintf(dat, "# ptbench plot data for %s.gp\n", stem);
	/* the head needs the unit, known once the data is read: write the body to memory first */
	char *body = NULL;
	size_t blen = 0;
	FILE *mem = open_memstream(&body, &blen);

	if (!mem) {
		fclose(dat);
		fclose(g);
		return;
	}
	if (d->kind == PK_LINES)
		ok = lines_plot(c, d, facet, dat, mem, stem, &unit);
	else if (d->kind == PK_CDF)
		ok = cdf_plot(c, d, facet, dat, mem, stem, &unit);
	else
		ok = bars_plot(c, d, facet, dat, mem, stem, &unit);
	fclose(mem);
	if (d->kind == PK_CDF) {
		char xl[256];
		struct plot_def dd = *d;

		snprintf(xl, sizeof(xl), "%s (%s)", d->xlabel, unit ? unit : "?");
		dd.xlabel = xl;
		gp_head(g, &dd, title, d->ylabel, stem);
	} else {
		char yl[256];

		snprintf(yl, sizeof(yl), "%s (%s)", d->ylabel ? d->ylabel : d->metric, unit ? unit : "?");
		gp_head(g, d, title, yl, stem);
	}
	gp_png(g, stem);
	fputs(body ? body : "", g);
	free(body);
	gp_tail(g, stem);
	ok &= !ferror(g) && !ferror(dat);
	ok &= !fclose(g);
	ok &= !fclose(dat);
	if (!ok) {
		note(ps, "%s: no data after all or write error; not rendered", stem);
		return;
	}
	ps->files = xrealloc(ps->files, (ps->n + 1) * sizeof(*ps->files));
	pf = &ps->files[ps->n++];
	pf->name = xstrdup(stem);
	pf->title = xstrdup(title);
	pf->rendered = 0;
	if (!do_render)
		return;
	rc = render(dir, stem);
	pf->rendered = !rc && nonempty(dfd, stem, "png") && nonempty(dfd, stem, "svg");
	if (!pf->rendered)
		note(ps, "%s: gnuplot %s", stem, rc == 127 ? "is not installed (apt-get install gnuplot-nox)" :
		     "failed: run 'gnuplot NAME.gp' in the output directory to see why");
}

int plot_all(const struct comparison *c, const char *dir, int do_render, struct plot_set *ps,
	     char *err, size_t len)
{
	size_t di, s, i, k;
	int dfd, idx = 0;

	memset(ps, 0, sizeof(*ps));
	if (mkdir(dir, 0755) && errno != EEXIST) {
		snprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		snprintf(err, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (di = 0; di < NDEFS; di++) {
		const struct plot_def *d = &plot_defs[di];
		json_t *facets = json_array(), *f;

		for (s = 0; s < c->nsides; s++)
			for (i = 0; i < c->sides[s].npts; i++) {
				int seen = 0;

				if (!point_has(d, &c->sides[s].pts[i]))
					continue;
				f = facet_of(d, c->sides[s].pts[i].key);
				for (k = 0; k < json_array_size(facets); k++)
					seen |= json_equal(json_array_get(facets, k), f);
				if (!seen && json_array_size(facets) < MAX_FACETS)
					json_array_append(facets, f);
				json_decref(f);
			}
		if (!json_array_size(facets))
			note(ps, "%s: skipped, no valid %s point with %s %s", d->name, d->workload,
			     d->kind == PK_CDF ? "distribution" : "metric", d->metric);
		json_array_foreach(facets, k, f)
			one_plot(c, d, f, ++idx, dir, dfd, do_render, ps);
		json_decref(facets);
	}
	close(dfd);
	return 0;
}

void plot_set_free(struct plot_set *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->files[i].name);
		free(p->files[i].title);
	}
	free(p->files);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	memset(p, 0, sizeof(*p));
}
