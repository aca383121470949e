// SPDX-License-Identifier: GPL-2.0
/* Command-line options from one table (opt.h). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

#define OPT_MAX		48	/* options of one command */
#define HELP_COL	23	/* where help text starts */

static size_t count(const struct opt *opts)
{
	size_t n = 0;

	while (opts[n].long_name && n < OPT_MAX)
		n++;
	return n;
}

/* getopt's tables: long options report their index + 256, short ones their letter. */
static void tables(const struct opt *opts, size_t n, struct option *lo, char *so)
{
	size_t i, k = 0;

	so[k++] = ':';	/* a missing argument is ':', not '?' */
	so[k++] = 'h';
	for (i = 0; i < n; i++) {
		int arg = opts[i].argh ? required_argument : no_argument;

		lo[i] = (struct option){ opts[i].long_name, arg, NULL, (int)(i + 256) };
		if (opts[i].short_name) {
			so[k++] = (char)opts[i].short_name;
			if (arg == required_argument)
				so[k++] = ':';
		}
	}
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	so[k] = '\0';
}

static const struct opt *by_short(const struct opt *opts, size_t n, int c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

/* A number for o: whole for OPT_INT, in range. 0, or -1 after saying why. */
static int number(const struct opt *o, const char *arg, const char *cmd, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(*v) || *v < o->min || *v > o->max ||
	    (o->kind == OPT_INT && *v != floor(*v))) {
		fprintf(stderr, "ptbench %s: --%s wants %s %g..%g, not \"%s\"\n", cmd, o->long_name,
			o->kind == OPT_INT ? "a whole number" : "a number", o->min, o->max, arg);
		return -1;
	}
	return 0;
}

static int apply(const struct opt *o, const char *arg, const char *cmd)
{
	double v;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->value = 1;
		return 0;
	case OPT_STR:
		*(const char **)o->value = arg;
		return 0;
	case OPT_STRS:
		if (*o->count >= o->max_count) {
			fprintf(stderr, "ptbench %s: at most %d --%s\n", cmd, o->max_count, o->long_name);
			return -1;
		}
		((const char **)o->value)[(*o->count)++] = arg;
		return 0;
	case OPT_INT:
	case OPT_NUM:
		if (number(o, arg, cmd, &v))
			return -1;
		if (o->kind == OPT_INT)
			*(int *)o->value = (int)v;
		else
			*(double *)o->value = v;
		return 0;
	case OPT_CB:
		return o->cb(o, arg);
	case OPT_END:
		break;
	}
	return -1;
}

int opt_parse(int argc, char **argv, const struct opt *opts, const char *cmd,
	      void (*usage)(FILE *))
{
	struct option lo[OPT_MAX + 2];
	char so[3 * OPT_MAX + 4];
	size_t n = count(opts);
	int c;

	tables(opts, n, lo, so);
	optind = 0;	/* a fresh scan: a command may run after another in one process */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		const struct opt *o = c >= 256 ? &opts[c - 256] : by_short(opts, n, c);

		if (c == 'h') {
			usage(stdout);
			return OPT_HELP_RC;
		}
		if (!o) {
			fprintf(stderr, "ptbench %s: %s %s\n", cmd, c == ':' ? "missing the value of" :
				"unknown option", argv[optind - 1]);
			usage(stderr);
			return -1;
		}
		if (apply(o, optarg, cmd))
			return -1;
	}
	return optind;
}

void opt_help(FILE *f, const struct opt *opts)
{
	size_t i;

	for (i = 0; opts[i].long_name; i++) {
		const struct opt *o = &opts[i];
		const char *h = o->help, *nl;
		char head[64];
		int w;

		w = snprintf(head, sizeof(head), "  %s%c%s --%s%s%s", o->short_name ? "-" : " ",
			     o->short_name ? o->short_name : ' ', o->short_name ? "," : " ",
			     o->long_name, o->argh ? " " : "", o->argh ? o->argh : "");
		fputs(head, f);
		if (w >= HELP_COL) {
			fputc('\n', f);
			w = 0;
		}
		for (; h; h = nl ? nl + 1 : NULL) {
			nl = strchr(h, '\n');
			fprintf(f, "%*s%.*s\n", HELP_COL - w, "", (int)(nl ? nl - h : (long)strlen(h)), h);
			w = 0;
		}
	}
	fputs("  -h, --help\n", f);
}
