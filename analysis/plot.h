/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gnuplot plots of result files: for each entry of the plot table
 * (plot.c, plot_defs[]) whose data is present, a readable NAME.dat and
 * NAME.gp in the output directory, rendered by gnuplot to NAME.png
 * (pngcairo) and NAME.svg. Strings from result files reach gnuplot only as
 * single-quoted string literals (no backquote, macro or escape processing
 * there), with control characters replaced; file names are built here from
 * a safe alphabet and never leave the output directory.
 */
#ifndef PTBENCH_PLOT_H
#define PTBENCH_PLOT_H

#include "compare.h"

struct plot_file {
	char *name;		/* stem: NAME.gp, NAME.dat, NAME.png, NAME.svg */
	char *title;		/* as shown (from the files: escape before printing) */
	int rendered;		/* gnuplot made the PNG and the SVG */
};

struct plot_set {
	size_t n;
	struct plot_file *files;
	size_t nnotes;
	char **notes;		/* plots not made, and why; rendering failures */
};

/*
 * Plot every side of c (one series per side, named by its labels) into
 * dir (created if needed). render: run gnuplot. 0, or -1 with the reason
 * in err when dir cannot be used.
 */
int plot_all(const struct comparison *c, const char *dir, int render, struct plot_set *out,
	     char *err, size_t len);
void plot_set_free(struct plot_set *p);
/* The gnuplot single-quoted literal of s (control characters as spaces); malloc'ed. */
char *gp_quote(const char *s);

/*
 * The figures plot_defs[] knows: for i < plot_figure_count(), the family of
 * figure i and its metric list ("a" or "a,b": the first a point has).
 */
#endif
