// SPDX-License-Identifier: GPL-2.0
/*
 * The gnuplot text and data of one figure (plot_int.h): a multiplot of
 * panels; in each, lines over a numeric param with 95% CI bars (one colour
 * per side, one dash pattern per series), CDF steps, or grouped bars with
 * CI bars. Every string from a result file goes through gp_quote().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"

struct xy {
	double x, y, lo, hi;
	size_t n;
};

static int cmp_xy(const void *a, const void *b)
{
	double x = ((const struct xy *)a)->x, y = ((const struct xy *)b)->x;

	return (x > y) - (x < y);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

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

/* The params of key named in list, as an object (a series or a category). */
static json_t *sub_key(json_t *key, const char *list)
{
	json_t *o = json_object(), *v;
	const char *k;

	json_object_foreach(key, k, v)
		if (in_list(list, k))
			json_object_set(o, k, v);
	return o;
}

static void add_distinct(json_t *a, json_t *v)
{
	json_t *e;
	size_t k;

	json_array_foreach(a, k, e)
		if (json_equal(e, v))
			return;
	json_array_append(a, v);
}

/* The distinct values of the list params among the points of a panel, all sides. */
static json_t *distinct(const struct plot_fig *fig, json_t *panel, const char *list)
{
	json_t *a = json_array(), *v;
	size_t s, i;

	for (s = 0; s < fig->c->nsides; s++)
		for (i = 0; i < fig->c->sides[s].npts; i++) {
			const struct side_point *sp = &fig->c->sides[s].pts[i];

			if (!fig_has(fig, sp, panel))
				continue;
			v = sub_key(sp->key, list);
			add_distinct(a, v);
			json_decref(v);
		}
	return a;
}

static void gp_str(FILE *g, const char *s)
{
	char *q = gp_quote(s);

	fputs(q, g);
	free(q);
}

/* Multiplot head and each panel's title; the key only in the first panel. */
static void panel_head(const struct plot_fig *fig, FILE *g, size_t k)
{
	json_t *pv = json_array_get(fig->panels, k);
	char buf[256];

	if (!k) {
		fprintf(g, "set multiplot layout 1,%zu title ", json_array_size(fig->panels));
		gp_str(g, fig->title);
		fputc('\n', g);
	}
	if (fig->d->panel && !json_is_null(pv)) {
		plot_param_text(fig->d->panel, pv, buf, sizeof(buf));
		fputs("set title ", g);
		gp_str(g, buf);
		fputs(" noenhanced\n", g);
	}
	if (k)
		fputs("unset key\n", g);
	else
		fputs("set key top left box opaque\n", g);
	/* room above the data for the key, the same in every panel: the key covers no point */
	fputs("set offsets 0, 0, graph 0.35, 0\n", g);
}

static void axis_labels(const struct plot_fig *fig, FILE *g)
{
	char buf[256];

	fputs("set xlabel ", g);
	gp_str(g, fig->d->xlabel);
	snprintf(buf, sizeof(buf), "%s (%s)", fig->d->ylabel ? fig->d->ylabel : fig->d->metric,
		 fig->unit ? fig->unit : "?");
	fputs(" noenhanced\nset ylabel ", g);
	gp_str(g, buf);
	fputs(" noenhanced\n", g);
}

/*
 * Thread counts are integers: ticks at the values swept, a log2 axis when
 * they are three or more powers of two (1, 2, 4, 8...).
 */
static void int_axis(FILE *g, const double *x, size_t n)
{
	int pow2 = n >= 3;
	size_t i;

	for (i = 0; i < n; i++)
		pow2 &= x[i] >= 1 && x[i] == floor(x[i]) && !((long long)x[i] & ((long long)x[i] - 1));
	fputs("set xtics (", g);
	for (i = 0; i < n; i++)
		fprintf(g, "%s%.10g", i ? ", " : "", x[i]);
	fputs(")\n", g);
	if (pow2)
		fprintf(g, "set logscale x 2\nset xrange [%.10g:%.10g]\n", x[0] / 1.4, x[n - 1] * 1.4);
	else if (n)
		fprintf(g, "unset logscale x\nset xrange [%.10g:%.10g]\n", x[0] - 0.5, x[n - 1] + 0.5);
}

static void add_x(double **xs, size_t *nx, double x)
{
	size_t i;

	for (i = 0; i < *nx; i++)
		if ((*xs)[i] == x)
			return;
	*xs = xgrow(*xs, 1, (*nx + 1) * sizeof(**xs));
	(*xs)[(*nx)++] = x;
}

/* One side's points of one series in one panel: x, mean, CI. */
static size_t series_points(struct plot_fig *fig, size_t s, json_t *pv, json_t *sv, struct xy **out)
{
	const struct cmp_side *sd = &fig->c->sides[s];
	struct xy *pts = NULL;
	size_t i, n = 0;

	for (i = 0; i < sd->npts; i++) {
		const struct side_point *sp = &sd->pts[i];
		const struct res_metric *m;
		struct cmp_stat st;
		json_t *k;
		int same;

		if (!fig_has(fig, sp, pv))
			continue;
		k = sub_key(sp->key, fig->d->series);
		same = json_equal(k, sv);
		json_decref(k);
		if (!same || !cmp_stat_build(&st, sp, fig_metric(fig->d, sp), &m))
			continue;
		fig->unit = m->unit;
		pts = xgrow(pts, 1, (n + 1) * sizeof(*pts));
		pts[n].x = param_num(json_object_get(sp->key, fig->d->x));
		pts[n].y = st.s.mean;
		pts[n].n = st.s.n;
		cmp_stat_ci(&st, &pts[n].lo, &pts[n].hi);
		n++;
		cmp_stat_free(&st);
	}
	/* a series with no point here has no array: qsort() must not see NULL */
	if (n)
		qsort(pts, n, sizeof(*pts), cmp_xy);
	*out = pts;
	return n;
}

/* "BASE-label, shared" */
static void series_title(const struct plot_fig *fig, size_t s, json_t *sv, char *buf, size_t len)
{
	char sl[256];

	plot_params_text(sv, NULL, sl, sizeof(sl));
	snprintf(buf, len, "%s%s%s", fig->c->sides[s].name, *sl ? ", " : "", sl);
}

static void clause(FILE *cl, const struct plot_fig *fig, int *any, size_t block, const char *with,
		   size_t s, size_t si, const char *title)
{
	fprintf(cl, "%s '%s.dat' index %zu %s lc rgb side_colour[%zu] dt %zu lw 2 ",
		*any ? ", \\\n    " : "plot", fig->stem, block, with, s % 6 + 1, si % 5 + 1);
	if (strstr(with, "lines"))
		fprintf(cl, "pt %zu ", (size_t[]){ 7, 5, 9, 11, 13 }[si % 5]);
	fputs("title ", cl);
	gp_str(cl, title);
	*any = 1;
}

static int lines_panel(struct plot_fig *fig, FILE *dat, FILE *g, size_t k, size_t *block)
{
	json_t *pv = json_array_get(fig->panels, k), *series = distinct(fig, pv, fig->d->series), *sv;
	double *xs = NULL;
	size_t si, s, i, nx = 0, n;
	char *body = NULL, title[512];
	size_t blen = 0;
	FILE *cl = open_memstream(&body, &blen);
	int any = 0;

	json_array_foreach(series, si, sv)
		for (s = 0; s < fig->c->nsides; s++) {
			struct xy *pts;

			n = series_points(fig, s, pv, sv, &pts);
			if (n) {
				series_title(fig, s, sv, title, sizeof(title));
				fprintf(dat, "%s# block %zu: side %zu\n# x mean ci95_low ci95_high n\n",
					*block ? "\n\n" : "", *block, s);
				for (i = 0; i < n; i++) {
					fprintf(dat, "%.10g %.10g %.10g %.10g %zu\n", pts[i].x, pts[i].y, pts[i].lo,
						pts[i].hi, pts[i].n);
					add_x(&xs, &nx, pts[i].x);
				}
				clause(cl, fig, &any, (*block)++, "using 1:2:3:4 with yerrorlines", s, si, title);
			}
			free(pts);
		}
	if (fig->d->ref1 && any)
		fputs(", \\\n    1 with lines lc rgb 'black' dt 3 lw 1 title '1 = no difference'", cl);
	fclose(cl);
	qsort(xs, nx, sizeof(*xs), cmp_d);
	panel_head(fig, g, k);
	axis_labels(fig, g);
	int_axis(g, xs, nx);
	fputs(fig->d->ref1 ? "set yrange [*:*]\n" : "set yrange [0:*]\n", g);
	if (any)
		fprintf(g, "%s\n", body);
	else
		fputs("set label 1 'no data' at graph 0.5, 0.5 center\nplot NaN notitle\nunset label 1\n", g);
	free(body);
	free(xs);
	json_decref(series);
	return any;
}

typedef int (*panel_fn)(struct plot_fig *fig, FILE *dat, FILE *g, size_t k, size_t *block);

/* Every panel of fig, its data blocks numbered across panels; 1 if any had data. */
static int each_panel(struct plot_fig *fig, FILE *dat, FILE *g, panel_fn panel)
{
	size_t k, block = 0;
	int any = 0;

	for (k = 0; k < json_array_size(fig->panels); k++)
		any |= panel(fig, dat, g, k, &block);
	return any;
}

int gp_lines(struct plot_fig *fig, FILE *dat, FILE *g)
{
	return each_panel(fig, dat, g, lines_panel);
}

/* ---- CDF of a per-point distribution ---- */

static size_t dist_values(struct plot_fig *fig, size_t s, json_t *pv, json_t *sv, double **out)
{
	const struct cmp_side *sd = &fig->c->sides[s];
	double *v = NULL;
	size_t i, r, k, n = 0;

	for (i = 0; i < sd->npts; i++) {
		const struct side_point *sp = &sd->pts[i];
		json_t *key = sub_key(sp->key, fig->d->series), *x;
		int same = fig_has(fig, sp, pv) && json_equal(key, sv);

		json_decref(key);
		for (r = 0; same && r < sp->nref; r++) {
			json_t *dist = json_object_get(json_object_get(sp->ref[r]->json, "distributions"),
						       fig->d->metric);

			if (json_is_string(json_object_get(dist, "unit")))
				fig->unit = json_string_value(json_object_get(dist, "unit"));
			json_array_foreach(json_object_get(dist, "values"), k, x) {
				if (!json_is_number(x) || !isfinite(json_number_value(x)))
					continue;
				v = xgrow(v, 1, (n + 1) * sizeof(*v));
				v[n++] = json_number_value(x);
			}
		}
	}
	qsort(v, n, sizeof(*v), cmp_d);
	*out = v;
	return n;
}

static int cdf_panel(struct plot_fig *fig, FILE *dat, FILE *g, size_t k, size_t *block)
{
	json_t *pv = json_array_get(fig->panels, k), *series = distinct(fig, pv, fig->d->series), *sv;
	size_t si, s, i, n, blen = 0;
	char *body = NULL, title[512], xl[256];
	FILE *cl = open_memstream(&body, &blen);
	int any = 0;

	json_array_foreach(series, si, sv)
		for (s = 0; s < fig->c->nsides; s++) {
			double *v;

			n = dist_values(fig, s, pv, sv, &v);
			if (n) {
				series_title(fig, s, sv, title, sizeof(title));
				fprintf(dat, "%s# block %zu: side %zu\n# value fraction\n", *block ? "\n\n" : "",
					*block, s);
				for (i = 0; i < n; i++)
					fprintf(dat, "%.10g %.10g\n", v[i], (double)(i + 1) / (double)n);
				clause(cl, fig, &any, (*block)++, "using 1:2 with steps", s, si, title);
			}
			free(v);
		}
	fclose(cl);
	panel_head(fig, g, k);
	snprintf(xl, sizeof(xl), "%s (%s)", fig->d->xlabel, fig->unit ? fig->unit : "?");
	fputs("set xlabel ", g);
	gp_str(g, xl);
	fputs(" noenhanced\nset ylabel ", g);
	gp_str(g, fig->d->ylabel);
	fputs(" noenhanced\nset yrange [0:1]\nset key bottom right box opaque\n", g);
	if (k)
		fputs("unset key\n", g);
	fputs(fig->d->logx ? "set logscale x\n" : "", g);
	fprintf(g, "%s\n", any ? body : "plot NaN notitle");
	free(body);
	json_decref(series);
	return any;
}

int gp_cdf(struct plot_fig *fig, FILE *dat, FILE *g)
{
	return each_panel(fig, dat, g, cdf_panel);
}

/* ---- grouped bars: categories on x, one bar per side ---- */

/* The x params whose value differs between the figure's categories: the labels. */
static void varying(const struct plot_fig *fig, char *list, size_t len)
{
	json_t *all = distinct(fig, NULL, fig->d->x), *c0 = json_array_get(all, 0), *c, *v;
	const char *k;
	size_t i, n = 0;

	list[0] = '\0';
	json_object_foreach(c0, k, v) {
		int differs = 0;

		json_array_foreach(all, i, c)
			differs |= !json_equal(json_object_get(c, k), v);
		if (differs && n + strlen(k) + 2 < len)
			n += (size_t)snprintf(list + n, len - n, "%s%s", n ? "," : "", k);
	}
	json_decref(all);
}

static int bar_value(struct plot_fig *fig, size_t s, json_t *pv, json_t *cat, double *y, double *lo,
		     double *hi)
{
	const struct cmp_side *sd = &fig->c->sides[s];
	size_t i;

	*y = *lo = *hi = NAN;
	for (i = 0; i < sd->npts; i++) {
		const struct side_point *sp = &sd->pts[i];
		const struct res_metric *m;
		struct cmp_stat st;
		json_t *k = sub_key(sp->key, fig->d->x);
		int same = fig_has(fig, sp, pv) && json_equal(k, cat);

		json_decref(k);
		if (!same || !cmp_stat_build(&st, sp, fig_metric(fig->d, sp), &m))
			continue;
		fig->unit = m->unit;
		*y = st.s.mean;
		cmp_stat_ci(&st, lo, hi);
		cmp_stat_free(&st);
		return 1;
	}
	return 0;
}

static void bar_tics(FILE *g, json_t *cats, const char *vary)
{
	json_t *cat;
	size_t k;

	fputs("set xtics rotate by -35 noenhanced font ',9' (", g);
	json_array_foreach(cats, k, cat) {
		char buf[512];

		plot_params_text(cat, *vary ? vary : NULL, buf, sizeof(buf));
		fputs(k ? ", " : "", g);
		gp_str(g, *buf ? buf : "all");
		fprintf(g, " %zu", k);
	}
	fputs(")\n", g);
}

static int bars_panel(struct plot_fig *fig, FILE *dat, FILE *g, size_t k, const char *vary)
{
	json_t *pv = json_array_get(fig->panels, k), *cats = distinct(fig, pv, fig->d->x), *cat;
	size_t s, i, nc = json_array_size(cats), ns = fig->c->nsides;
	double w = 0.8 / (double)ns;
	int any = 0;

	fprintf(dat, "%s# block %zu: category then per side: mean ci95_low ci95_high (NaN: none)\n",
		k ? "\n\n" : "", k);
	json_array_foreach(cats, i, cat) {
		fprintf(dat, "%zu", i);
		for (s = 0; s < ns; s++) {
			double y, lo, hi;

			any |= bar_value(fig, s, pv, cat, &y, &lo, &hi);
			fprintf(dat, "  %.10g %.10g %.10g", y, lo, hi);
		}
		fputc('\n', dat);
	}
	panel_head(fig, g, k);
	axis_labels(fig, g);
	fprintf(g, "set style fill solid 0.7 border -1\nset boxwidth %.4f\nset xrange [-0.6:%zu.6]\n"
		   "set yrange [0:1<*]\n", w, nc ? nc - 1 : 0);
	bar_tics(g, cats, vary);
	for (s = 0; s < ns; s++) {
		double off = -0.4 + w * ((double)s + 0.5);

		fprintf(g, "%s '%s.dat' index %zu using ($1%+.4f):%zu with boxes lc rgb side_colour[%zu] title ",
			s ? ", \\\n    " : "plot", fig->stem, k, off, 2 + 3 * s, s % 6 + 1);
		gp_str(g, fig->c->sides[s].name);
		fprintf(g, ", \\\n    '%s.dat' index %zu using ($1%+.4f):%zu:%zu:%zu with yerrorbars lc rgb "
			   "'black' pt 1 ps 0 notitle", fig->stem, k, off, 2 + 3 * s, 3 + 3 * s, 4 + 3 * s);
	}
	fputc('\n', g);
	json_decref(cats);
	return any;
}

int gp_bars(struct plot_fig *fig, FILE *dat, FILE *g)
{
	char vary[256];
	size_t k;
	int any = 0;

	varying(fig, vary, sizeof(vary));
	for (k = 0; k < json_array_size(fig->panels); k++)
		any |= bars_panel(fig, dat, g, k, vary);
	return any;
}
