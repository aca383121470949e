/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between plot.c (the table of figures, which points go in which figure,
 * files and rendering) and plot_gp.c (the gnuplot text of each kind).
 */
#ifndef PTBENCH_PLOT_INT_H
#define PTBENCH_PLOT_INT_H

#include <stdio.h>

#include "lib/xalloc.h"
#include "plot.h"

enum plot_kind { PK_LINES, PK_CDF, PK_BARS };

struct plot_def {
	const char *name;	/* file stem */
	const char *workload;
	enum plot_kind kind;
	const char *metric;	/* metric (the first a point has of a,b), or the distribution for PK_CDF */
	const char *x;		/* LINES: the numeric param; BARS: category params (a,b) */
	const char *series;	/* params that split lines within a panel (a,b), or NULL */
	const char *panel;	/* the param whose values are panels, or NULL */
	const char *ignore;	/* params that follow from others: neither figures nor labels */
	const char *title;	/* in words */
	const char *xlabel;
	const char *ylabel;	/* NULL: the metric's name */
	int logx;		/* CDF: log x */
	int ref1;		/* a ratio: draw the 1.0 line */
};

/* One figure: a def and the values of the params that split figures. */
struct plot_fig {
	const struct comparison *c;
	const struct plot_def *d;
	json_t *facet;		/* params -> value every point of the figure has */
	json_t *panels;		/* distinct panel values (JSON), [null] without panels */
	const char *stem;
	const char *title;	/* the figure's title, in words */
	const char *unit;	/* set by the writers from the data */
};

int in_list(const char *list, const char *name);
/* The metric of d that sp has (the first of d->metric's list), or NULL. */
const char *fig_metric(const struct plot_def *d, const struct side_point *sp);
/* sp belongs to fig and, when panel is not NULL, to that panel. */
int fig_has(const struct plot_fig *fig, const struct side_point *sp, json_t *panel);
/* "v" or "k=v" of a param, for labels (values that name themselves go bare). */
void plot_param_text(const char *k, json_t *v, char *buf, size_t len);
/* "a b k=v" of the params of key named in list, in key order. */
void plot_params_text(json_t *key, const char *list, char *buf, size_t len);

/* The body of the figure's .gp (panels and plot commands) and its .dat; 0: no data. */
int gp_lines(struct plot_fig *fig, FILE *dat, FILE *g);
int gp_cdf(struct plot_fig *fig, FILE *dat, FILE *g);
int gp_bars(struct plot_fig *fig, FILE *dat, FILE *g);

#endif
