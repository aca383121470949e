// SPDX-License-Identifier: GPL-2.0
/*
 * Plots. The families say what is plotted (their figures, carried by the
 * result files: present.h); three kinds draw them: lines over a numeric
 * param with error bars, CDFs of a per-point distribution, grouped bars
 * with error bars.
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

#include "lib/spawn.h"
#include "lib/util.h"
#include "plot_int.h"
#include "present.h"

#define MAX_FACETS	256

static enum plot_kind kind_of(const char *k)
{
	if (!strcmp(k, "cdf"))
		return PK_CDF;
	return !strcmp(k, "bars") ? PK_BARS : PK_LINES;
}

static const char *opt_str(json_t *f, const char *key)
{
	return json_string_value(json_object_get(f, key));
}

/*
 * The figures the families declare in their result files (present.c), in
 * the order first seen: the strings stay the presentation's (checked at
 * load: a name is a plain file stem, and every string reaches gnuplot
 * quoted). *out is the caller's to free.
 */
static size_t plot_defs(struct plot_def **out)
{
	struct plot_def *d = NULL;
	const char *wl;
	json_t *fam, *f;
	size_t i, n = 0;

	json_object_foreach(present_families(), wl, fam)
		json_array_foreach(json_object_get(fam, "figures"), i, f) {
			d = xgrow(d, 1, (n + 1) * sizeof(*d));
			d[n++] = (struct plot_def) {
				.name = opt_str(f, "name"), .workload = wl,
				.kind = kind_of(opt_str(f, "kind")), .metric = opt_str(f, "metric"),
				.x = opt_str(f, "x"), .series = opt_str(f, "series"),
				.panel = opt_str(f, "panel"), .ignore = opt_str(f, "ignore"),
				.title = opt_str(f, "title"), .xlabel = opt_str(f, "xlabel"),
				.ylabel = opt_str(f, "ylabel"),
				.logx = json_is_true(json_object_get(f, "logx")),
				.ref1 = json_is_true(json_object_get(f, "ref1")),
			};
		}
	*out = d;
	return n;
}

static void __attribute__((format(printf, 2, 3))) note(struct plot_set *ps, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ps->notes = xgrow(ps->notes, 1, (ps->nnotes + 1) * sizeof(*ps->notes));
	ps->notes[ps->nnotes++] = xstrdup(buf);
}

char *gp_quote(const char *s)
{
	size_t n = strlen(s ? s : ""), i, j = 0;
	char *q = xgrow(NULL, 1, 2 * n + 3);

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

int in_list(const char *list, const char *name)
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

/* A value's words for plots ("same mm") from "same=same mm,other=other process", or NULL. */
static const char *value_words(const char *param, const char *val, char *buf, size_t len)
{
	const char *p = present_param_values(param);
	size_t vl = strlen(val);

	while (p && *p) {
		size_t n = strcspn(p, ",");

		if (n > vl && !strncmp(p, val, vl) && p[vl] == '=') {
			snprintf(buf, len, "%.*s", (int)(n - vl - 1), p + vl + 1);
			return buf;
		}
		p += n + (p[n] == ',');
	}
	return NULL;
}

/* "split" for a value that names itself, a value's words, else "k=v" with the key as shown. */
void plot_param_text(const char *k, json_t *v, char *buf, size_t len)
{
	const char *shown = present_param_shown(k);
	char val[128], words[128];

	res_param_text(v, val, sizeof(val));
	if (shown && !*shown)
		snprintf(buf, len, "%s", val);
	else if (value_words(k, val, words, sizeof(words)))
		snprintf(buf, len, "%s", words);
	else
		snprintf(buf, len, "%s=%s", shown && *shown ? shown : k, val);
}

void plot_params_text(json_t *key, const char *list, char *buf, size_t len)
{
	size_t n = 0;
	const char *k;
	json_t *v;

	buf[0] = '\0';
	json_object_foreach(key, k, v) {
		char part[160];

		if (list && !in_list(list, k))
			continue;
		plot_param_text(k, v, part, sizeof(part));
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", part);
	}
}

/* The figure of a point: its params without x, series, panel and ignored ones. */
static json_t *facet_of(const struct plot_def *d, json_t *key)
{
	json_t *f = json_object(), *v;
	const char *k;

	json_object_foreach(key, k, v)
		if (!in_list(d->x, k) && !in_list(d->series, k) && !in_list(d->panel, k) &&
		    !in_list(d->ignore, k))
			json_object_set(f, k, v);
	return f;
}

/*
 * The metric a point plots: the first of the def's list it has (a result
 * of an older ptbench may have only the all-CPU count), or NULL.
 */
const char *fig_metric(const struct plot_def *d, const struct side_point *sp)
{
	static char buf[4][128];
	static int k;
	const char *p = d->metric;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t w = e ? (size_t)(e - p) : strlen(p);

		k = (k + 1) % 4;
		snprintf(buf[k], sizeof(buf[k]), "%.*s", (int)w, p);
		if (res_metric_get(sp->ref[0], buf[k]))
			return buf[k];
		p = e ? e + 1 : NULL;
	}
	return NULL;
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
	return fig_metric(d, sp) != NULL;
}

int fig_has(const struct plot_fig *fig, const struct side_point *sp, json_t *panel)
{
	json_t *f;
	int same;

	if (!point_has(fig->d, sp))
		return 0;
	f = facet_of(fig->d, sp->key);
	same = json_equal(f, fig->facet);
	json_decref(f);
	if (!same || !panel || json_is_null(panel) || !fig->d->panel)
		return same;
	return json_equal(json_object_get(sp->key, fig->d->panel), panel);
}

/* The distinct panel values of a figure, in order of appearance ([null] without panels). */
static json_t *fig_panels(const struct plot_fig *fig)
{
	json_t *a = json_array(), *v, *e;
	size_t s, i, k;

	if (!fig->d->panel) {
		json_array_append_new(a, json_null());
		return a;
	}
	for (s = 0; s < fig->c->nsides; s++)
		for (i = 0; i < fig->c->sides[s].npts; i++) {
			const struct side_point *sp = &fig->c->sides[s].pts[i];
			int seen = 0;

			if (!fig_has(fig, sp, NULL))
				continue;
			v = json_object_get(sp->key, fig->d->panel);
			json_array_foreach(a, k, e)
				seen |= json_equal(e, v);
			if (!seen && v)
				json_array_append(a, v);
		}
	if (!json_array_size(a))
		json_array_append_new(a, json_null());
	return a;
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

/* ---- rendering ---- */

static int render(const char *dir, const char *stem)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	char gp[300];
	char *argv[] = { "gnuplot", gp, NULL };

	snprintf(gp, sizeof(gp), "%s.gp", stem);
	o.in = SPAWN_NULL;
	o.out = SPAWN_NULL;
	o.cwd = dir;
	o.path_search = 1;
	return spawn_run(argv, &o);
}

static int nonempty(int dfd, const char *stem, const char *ext)
{
	char name[300];
	struct stat st;

	snprintf(name, sizeof(name), "%s.%s", stem, ext);
	return !fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* The .gp around the body: style in one place, both renderings from one script. */
static void gp_write(FILE *g, const struct plot_fig *fig, const char *body, size_t npanels)
{
	int w = npanels > 1 ? (int)(npanels * 430 < 1500 ? npanels * 430 : 1500) : 900;

	fprintf(g, "# ptbench plot %s: written by 'ptbench plot'; restyle here and run\n"
		   "# 'gnuplot %s.gp' (writes %s.png and %s.svg from %s.dat).\n"
		   "# Strings from the result files are single-quoted literals.\n\n"
		   "# one colour per side (BASE, NEW, NEW2...), the same in every figure\n"
		   "array side_colour[6] = ['#1f5fa8', '#c8281e', '#2a8a3a', '#8a4fb0', '#c07a00', '#555555']\n"
		   "width = %d; height = 480\n\n"
		   "do for [fmt in 'png svg'] {\n"
		   "if (fmt eq 'png') {\n"
		   "\tset terminal pngcairo size width,height noenhanced font 'sans,10'\n"
		   "} else {\n"
		   "\tset terminal svg size width,height dynamic noenhanced font 'sans,11'\n"
		   "}\n"
		   "set output '%s.'.fmt\n"
		   "set encoding utf8\nset grid\nset key noenhanced\n",
		fig->d->name, fig->stem, fig->stem, fig->stem, fig->stem, w, fig->stem);
	fputs(body, g);
	fputs("unset multiplot\nunset output\nreset\n}\n", g);
}

static void one_plot(const struct comparison *c, const struct plot_def *d, json_t *facet, int idx,
		     const char *dir, int dfd, int do_render, struct plot_set *ps)
{
	char fac[512], slug[128], stem[200], name[220], title[1024];
	struct plot_fig fig = { c, d, facet, NULL, stem, title, NULL };
	char *body = NULL;
	size_t blen = 0;
	FILE *dat, *g, *mem;
	int ok;

	plot_params_text(facet, NULL, fac, sizeof(fac));
	if (*fac)
		path_safe(fac, slug, 60);
	else
		slug[0] = '\0';
	snprintf(stem, sizeof(stem), "%02d-%s%s%s", idx, d->name, *slug ? "-" : "", slug);
	fig.panels = fig_panels(&fig);
	snprintf(title, sizeof(title), "%s%s%s", fac, *fac ? ": " : "", d->title);
	snprintf(name, sizeof(name), "%s.dat", stem);
	dat = open_in(dfd, name);
	snprintf(name, sizeof(name), "%s.gp", stem);
	g = open_in(dfd, name);
	mem = open_memstream(&body, &blen);
	if (!dat || !g || !mem) {
		note(ps, "%s: cannot write in %s: %s", stem, dir, strerror(errno));
		goto out;
	}
	fprintf(dat, "# ptbench plot data for %s.gp\n", stem);
	ok = d->kind == PK_LINES ? gp_lines(&fig, dat, mem) : d->kind == PK_CDF ? gp_cdf(&fig, dat, mem) :
	     gp_bars(&fig, dat, mem);
	fclose(mem);
	mem = NULL;
	gp_write(g, &fig, body ? body : "", json_array_size(fig.panels));
	ok &= !ferror(g) && !ferror(dat);
	ok &= !fclose(g);
	ok &= !fclose(dat);
	g = dat = NULL;
	if (!ok) {
		note(ps, "%s: no data after all or write error; not rendered", stem);
		goto out;
	}
	ps->files = xgrow(ps->files, 1, (ps->n + 1) * sizeof(*ps->files));
	ps->files[ps->n].name = xstrdup(stem);
	ps->files[ps->n].title = xstrdup(title);
	ps->files[ps->n].rendered = 0;
	if (do_render) {
		int rc = render(dir, stem);

		ps->files[ps->n].rendered = !rc && nonempty(dfd, stem, "png") && nonempty(dfd, stem, "svg");
		if (!ps->files[ps->n].rendered)
			note(ps, "%s: gnuplot %s", stem, rc == 127 ? "is not installed (apt-get install "
			     "gnuplot-nox)" : "failed: run 'gnuplot NAME.gp' in the output directory to see why");
	}
	ps->n++;
out:
	if (mem)
		fclose(mem);
	if (dat)
		fclose(dat);
	if (g)
		fclose(g);
	free(body);
	json_decref(fig.panels);
}

int plot_all(const struct comparison *c, const char *dir, int do_render, struct plot_set *ps,
	     char *err, size_t len)
{
	struct plot_def *defs;
	size_t di, ndefs, s, i, k;
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
	ndefs = plot_defs(&defs);
	for (di = 0; di < ndefs; di++) {
		const struct plot_def *d = &defs[di];
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
	free(defs);
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
