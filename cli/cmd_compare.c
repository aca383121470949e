// SPDX-License-Identifier: GPL-2.0
/* ptbench compare: A/B table of result files (analysis/compare.c, docs/compare.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/compare.h"
#include "analysis/summary.h"
#include "cmds.h"
#include "lib/opt.h"

#define MAX_LIST	32

static const struct opt *opts;

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench compare [OPTIONS] BASE NEW [NEW2...]\n\n"
		"Compare result files: BASE and each NEW is a result file or a directory of\n"
		"them (the runs of one kernel). Points match by workload and params; every\n"
		"metric gets the means and the change with a 95%% CI; each family's distinct\n"
		"figures (one test per figure) get a t-test (2+ runs a side: a two-level model\n"
		"of runs and repetitions), a Benjamini-Hochberg mark over the table and the\n"
		"smallest change the test could see at 80%% power (mde). A side of one run is\n"
		"shown, not tested, unless --within-run.\n"
		"By default a summary: failed checks first, then per workload family, figure\n"
		"by figure, one row per point: BASE's value, NEW's value (mean ±CV) and the\n"
		"change with its mark; a family of more than 12 rows shows only rows with a\n"
		"significant change or a failed check and one line for the rest of each\n"
		"figure, and skipped points are one line per reason.\n"
		"Method and legend: docs/methodology.md, docs/compare.md.\n\n");
	opt_help(f, opts);
	fprintf(f, "\nExit status: 0 done, 1 refused (systems differ) or cannot write, 2 bad usage or\n"
		"a file that is not a valid result (file, field and reason on stderr).\n");
}

static FILE *open_out(const char *path)
{
	FILE *f = path ? fopen(path, "we") : stdout;

	if (!f)
		perror(path);
	return f;
}

/* What the command line asks for. */
struct compare_args {
	const char *format, *out;
	const char *metrics[MAX_LIST + 1], *ign[MAX_LIST + 1];
	int nm, ni, force, all;
	struct cmp_opts o;
};

/* 0, -1 after --help, or EXIT_USAGE. */
static int parse_args(int argc, char **argv, struct compare_args *a)
{
	const struct opt table[] = {
		OPT_BOOLEAN(0, "all", &a->all, "every metric of every point (means, CVs, p, q)"),
		OPT_STRING('f', "format", &a->format, "F",
			   "text (default, 80 columns), markdown or json"),
		OPT_STRING('o', "output", &a->out, "FILE", "write there instead of stdout"),
		OPT_STRINGS('m', "metric", a->metrics, &a->nm, MAX_LIST, "NAME",
			    "only this metric (repeatable)"),
		OPT_STRINGS('i', "ignore-param", a->ign, &a->ni, MAX_LIST, "P",
			    "leave parameter P out of point matching (repeatable)"),
		OPT_NUMBER('a', "alpha", &a->o.alpha, 1e-6, 0.5, "Q",
			   "false discovery rate for the mark (default 0.05)"),
		OPT_BOOLEAN(0, "speed-adjust", &a->o.speed_adjust,
			    "adjust each tested figure for the machine's speed\n"
			    "reference it follows best within the sides (cache or\n"
			    "footprint; covariance analysis; docs/methodology.md)"),
		OPT_BOOLEAN(0, "within-run", &a->o.within_run,
			    "test a side of one run on its repetitions (by default\n"
			    "such figures are shown, not tested: that spread misses\n"
			    "run-to-run drift; docs/methodology.md)"),
		OPT_BOOLEAN(0, "force", &a->force,
			    "compare systems that differ in more than the kernel\n"
			    "(CPU, SMT, THP/khugepaged settings, governor, page size,\n"
			    "ptbench version or config): refused without it"),
		OPT_FINISH,
	};
	int rc;

	opts = table;
	rc = opt_parse(argc, argv, table, "compare", usage);
	if (rc == OPT_HELP_RC)
		return -1;
	if (rc < 0)
		return EXIT_USAGE;
	if (strcmp(a->format, "text") && strcmp(a->format, "markdown") && strcmp(a->format, "json")) {
		fprintf(stderr, "ptbench compare: --format must be text, markdown or json\n");
		return EXIT_USAGE;
	}
	if (argc - optind < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	a->o.metrics = a->nm ? a->metrics : NULL;
	a->o.ignore = a->ign;
	return 0;
}

/* Systems that differ in more than the kernel: said, and refused without --force. */
static int refused(const struct comparison *cmp, int force)
{
	size_t i;

	if (!compare_serious(cmp) || force)
		return 0;
	fprintf(stderr, "ptbench compare: REFUSED: THE SYSTEMS DIFFER IN MORE THAN THE KERNEL:\n");
	for (i = 0; i < cmp->ndiffs; i++)
		if (cmp->diffs[i].serious)
			fprintf(stderr, "  %s: %s vs %s\n", cmp->diffs[i].field, cmp->diffs[i].base,
				cmp->diffs[i].new);
	fprintf(stderr, "Use --force to compare anyway (the output will carry a warning).\n");
	return 1;
}

/* The comparison in the format asked, to --output or stdout; 0 or 1. */
static int print_comparison(const struct compare_args *a, const struct comparison *cmp)
{
	FILE *f = open_out(a->out);

	if (!f)
		return 1;
	if (!strcmp(a->format, "text")) {
		(a->all ? compare_text : summary_text)(f, cmp);
	} else if (!strcmp(a->format, "markdown")) {
		(a->all ? compare_markdown : summary_markdown)(f, cmp);
	} else {
		json_t *j = (a->all ? compare_json : summary_json)(cmp);

		json_dumpf(j, f, JSON_INDENT(1) | JSON_ENSURE_ASCII);
		fputc('\n', f);
		json_decref(j);
	}
	if (f != stdout && fclose(f)) {
		perror(a->out);
		return 1;
	}
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { .format = "text", .o = { .alpha = CMP_ALPHA } };
	struct comparison cmp;
	struct sides s;
	char err[1024];
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (sides_load(&s, argv + optind, (size_t)(argc - optind), err, sizeof(err))) {
		fprintf(stderr, "ptbench compare: %s\n", err);
		sides_free(&s);
		return EXIT_USAGE;
	}
	if (compare_build(&cmp, &a.o, s.n, s.res, s.nres, err, sizeof(err))) {
		fprintf(stderr, "ptbench compare: %s\n", err);
		sides_free(&s);
		return EXIT_USAGE;
	}
	ret = refused(&cmp, a.force) || print_comparison(&a, &cmp);
	compare_free(&cmp);
	sides_free(&s);
	return ret;
}
