/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line options from one table (after perf's parse-options): each
 * option is declared once, with its flags, where its value goes, its range
 * and its help line; the table drives getopt_long and the options part of
 * --help. Every command of ptbench parses with it.
 */
#ifndef PTBENCH_OPT_H
#define PTBENCH_OPT_H

#include <stddef.h>
#include <stdio.h>

enum opt_kind {
	OPT_END,
	OPT_FLAG,	/* int *: set to 1 */
	OPT_STR,	/* const char **: the argument */
	OPT_STRS,	/* const char **[max]: each use appends; *count counts */
	OPT_INT,	/* int *: a whole number in [min, max] */
	OPT_NUM,	/* double *: a number in [min, max] */
	OPT_CB,		/* cb(o, arg): 0, or -1 having said why; o->value is the callback's */
};

struct opt {
	int short_name;		/* 'd', or 0 */
	const char *long_name;
	enum opt_kind kind;
	void *value;
	const char *argh;	/* the argument's name in the help ("SEC"), NULL: none */
	const char *help;	/* lines after the first are indented under it */
	double min, max;	/* OPT_INT, OPT_NUM */
	int *count;		/* OPT_STRS: how many so far */
	int max_count;		/* OPT_STRS: room in value */
	int (*cb)(const struct opt *o, const char *arg);
};

/* Table entries, as perf's parse-options writes them. */
#define OPT_BOOLEAN(s, l, v, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_FLAG, .value = (v), .help = (h) }
#define OPT_STRING(s, l, v, a, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_STR, .value = (v), .argh = (a), .help = (h) }
#define OPT_STRINGS(s, l, v, n, max, a, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_STRS, .value = (v), .argh = (a), \
	  .help = (h), .count = (n), .max_count = (max) }
#define OPT_INTEGER(s, l, v, lo, hi, a, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_INT, .value = (v), .argh = (a), \
	  .help = (h), .min = (lo), .max = (hi) }
#define OPT_NUMBER(s, l, v, lo, hi, a, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_NUM, .value = (v), .argh = (a), \
	  .help = (h), .min = (lo), .max = (hi) }
#define OPT_CALLBACK(s, l, v, f, a, h) \
	{ .short_name = (s), .long_name = (l), .kind = OPT_CB, .value = (v), .argh = (a), \
	  .help = (h), .cb = (f) }
#define OPT_FINISH	{ .long_name = NULL }

#define OPT_HELP_RC	(-2)	/* opt_parse(): --help was asked and printed */

/*
 * Parse argv with opts (NULL long_name ends it; -h/--help is implied):
 * optind of the first operand, or -1 after "ptbench CMD: reason" on stderr
 * and the usage, or OPT_HELP_RC after the usage on stdout. usage prints the
 * command's own lines and calls opt_help().
 */
int opt_parse(int argc, char **argv, const struct opt *opts, const char *cmd,
	      void (*usage)(FILE *));
/* The options' help lines, aligned, in table order. */
void opt_help(FILE *f, const struct opt *opts);

#endif
