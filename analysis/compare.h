/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A/B comparison of result files (method in docs/methodology.md, output in
 * docs/compare.md). Sides are lists of result files of one kernel whose
 * repetitions are pooled; side 0 is the base, every other side is compared
 * with it in its own table, with Benjamini-Hochberg control over the tests
 * of that table. One side alone gives a summary table (no tests).
 */
#ifndef PTBENCH_COMPARE_H
#define PTBENCH_COMPARE_H

#include <stdio.h>
#include <jansson.h>

#include "lib/stats.h"
#include "load.h"

#define CMP_ALPHA	0.05
#define CMP_POWER	0.8	/* the power a row's mde is quoted at */

/* Which points of a file a side uses (NULL: all); ctx is cmp_opts.select_ctx. */
typedef int (*cmp_select_fn)(const struct res_point *p, int side, void *ctx);

struct cmp_opts {
	double alpha;			/* FDR level */
	const char *const *ignore;	/* params left out of matching, NULL-terminated */
	const char *const *metrics;	/* only these metrics, NULL-terminated; NULL: all */
	cmp_select_fn select;
	void *select_ctx;
	int speed_adjust;		/* adjust rows for the speed reference (compare_speed.c) */
	/*
	 * test a side of one run on its repetitions; off, such rows are shown
	 * untested (single_run): within-run spread misses run-to-run drift
	 */
	int within_run;
};

struct cmp_run {
	const char *file;
	size_t n;
	size_t boot;			/* the side's index of the boot it ran in (compare_boots.c) */
	double mean;
};

/* One metric of one point on one side, repetitions of every run pooled. */
struct cmp_stat {
	int present;
	struct summary s;
	double *samples;
	size_t nruns;
	struct cmp_run *runs;
	/* variance of log(mean) (relative variance of the mean) and its df */
	double v_num, df_num;
	double v_den, df_den;		/* derived metrics: the denominator's part */
	int derived;
	/* derived, every sample > 0: s is geometric, the runs' model on the logs */
	int log;
	int den_known;			/* derived: the denominator's spread was found */
	size_t nboots;			/* boots its runs came from; 0: a run does not say */
};

/* The same point (workload + params) on one side, over its runs. */
struct side_point {
	const char *workload;
	json_t *key;			/* params without the ignored ones (owned) */
	char *id;
	size_t nref;
	const struct res_point **ref;
	const struct result **from;
	int valid;
	const char *reason;		/* first invalid run's reason */
};

struct cmp_side {
	char *name;			/* labels of its runs */
	size_t nres;
	struct result **res;		/* borrowed */
	size_t npts;
	struct side_point *pts;
};

enum cmp_verdict { CMP_NONE, CMP_BETTER, CMP_WORSE };

/* The speed references a row may be adjusted for (compare_speed.c). */
#define CMP_REFS	2
extern const char *const cmp_ref_names[CMP_REFS];	/* "cache", "footprint" */

struct cmp_adjust {
	int ref;		/* the reference taken, an index of cmp_ref_names */
	double slope;		/* d log(figure) / d log(reference) */
	double removed;		/* share of the within-side variance it took out (R^2) */
};

struct cmp_row {
	const struct side_point *pb, *pn;
	const char *metric;
	const char *unit;
	int higher_is_better;
	struct cmp_stat base, new;
	int tested;
	double change;			/* (new - base) / |base|; NAN when base mean is 0 */
	int have_ratio;
	double ratio, ratio_lo, ratio_hi;
	double t, df, p;		/* the test: Welch (raw) or log-ratio t (derived) */
	double mw_u, mw_p, mw_min_p;
	double q;			/* BH-adjusted p */
	enum cmp_verdict verdict;
	int mw_disagrees;		/* significant, Mann-Whitney could say so but does not */
	int by_runs;			/* the test's unit: run means (both sides >= 2 runs) */
	int single_run;			/* testable, but a side is one run: not tested */
	/*
	 * smallest relative change this row's test detects at 80% power
	 * (two-sided, at the nominal alpha: BH makes the real threshold
	 * stricter when few rows are significant); NAN: unknown
	 */
	double mde;
	int speed_adjusted;		/* --speed-adjust took out the machine's speed */
	struct cmp_adjust speed_adj;	/* with which reference, and how */
	int within_level;		/* sides whose estimate pooled the repetitions (by_runs) */
	/* by_runs: each side's levels (compare_boots.c), base then new */
	struct cmp_levels {
		size_t boots;		/* 0: not known */
		int boot_level;		/* the boots were the top level of its estimate */
		double boot_cv;		/* between-boot component, relative; NAN: none */
		double run_cv;		/* between-run component (within a boot), relative */
	} lv[2];
};

struct cmp_listed {
	int side;
	const struct side_point *sp;
	const char *why;
};

/* A metric that a run of one side could not observe: shown as n/a (why). */
struct cmp_unobs {
	int side;
	const struct side_point *sp;
	const char *metric;
	const char *why;
};

struct cmp_table {
	int base, new;
	size_t nrows;
	struct cmp_row *rows;
	size_t ntests, nsig;
	size_t nonly;			/* points on one side only */
	struct cmp_listed *only;
	size_t ninvalid;
	struct cmp_listed *invalid;
	size_t nunobs;			/* metrics a side's run could not observe: n/a (why) */
	struct cmp_unobs *unobs;
	size_t nby_runs;		/* tests whose unit was the run, not the repetition */
	size_t nsingle;			/* rows left untested: a side is one run */
	/*
	 * the machine's speed reference, new over base, over the speed_n
	 * points both sides have it for (compare_speed.c)
	 */
	size_t speed_n;
	double speed_median, speed_lo, speed_hi;
	size_t nboot_level;		/* tests whose top level was the boot */
};

struct cmp_diff {
	const char *field;
	char *base, *new;		/* JSON text of each value */
	int serious;			/* refuse without --force */
	int side;			/* the other side (or the same side's other run) */
};

struct comparison {
	struct cmp_opts opts;
	size_t nsides;
	struct cmp_side *sides;
	size_t ntables;
	struct cmp_table *tables;
	size_t ndiffs;
	struct cmp_diff *diffs;
	size_t nwarn;
	char **warnings;
};

/*
 * Build the comparison of sides[0] (base) with each other side. sides[i] is
 * an array of nres[i] loaded results. 0, or -1 with the reason in err.
 */
int compare_build(struct comparison *c, const struct cmp_opts *o, size_t nsides,
		  struct result ***sides, const size_t *nres, char *err, size_t len);
void compare_free(struct comparison *c);
/* Serious system differences: the sides are not comparable without --force. */
size_t compare_serious(const struct comparison *c);

void compare_text(FILE *f, const struct comparison *c);
void compare_markdown(FILE *f, const struct comparison *c);
/* compare_markdown's parts: the sides, differences, warnings; the skipped points. */
void compare_markdown_header(FILE *f, const struct comparison *c);
void compare_markdown_skipped(FILE *f, const struct comparison *c);
json_t *compare_json(const struct comparison *c);
void compare_html(FILE *f, const struct comparison *c);
/* The text header: sides, their kernels, system differences, warnings. */
void compare_text_header(FILE *f, const struct comparison *c);
/*
 * Points on one side only, then (all) the invalid ones and every skipped
 * point, or (!all, the summary) skipped points grouped by side, reason and
 * workload: folded to 80 columns.
 */
void compare_text_listed(FILE *f, const struct comparison *c, const struct cmp_table *t, int all);
/* text folded at 80 columns at spaces (words longer than a line cut after a comma) */
/* One row as compare's JSON has it. */
json_t *cmp_row_json(const struct cmp_row *r);
/* The value at a dotted path ("system.cpu.model") of a result's JSON, or NULL. */
json_t *cmp_dot_get(json_t *root, const char *path);

/*
 * The pooled statistics of one metric of a side's point; 0 when a run of
 * the point lacks the metric. *first gets that metric in the first run.
 */
int cmp_stat_build(struct cmp_stat *st, const struct side_point *sp, const char *metric,
		   const struct res_metric **first);
void cmp_stat_free(struct cmp_stat *st);
/*
 * A ratio whose other side has a sample that is not positive: both sides
 * then on the linear scale (arithmetic mean), so that the two compare.
 */
void cmp_stat_linear(struct cmp_stat *st);
/* 95% interval of the mean: Student t, or for a derived ratio the log-scale one with both parts. */
void cmp_stat_ci(const struct cmp_stat *st, double *lo, double *hi);

/* Loading arguments: a file, or a directory of *.json files (sorted). */
int load_results(const char *path, struct result ***out, size_t *n, char *err, size_t len);

/* One side per argument (file or directory); free with sides_free(). */
struct sides {
	size_t n;
	struct result ***res;
	size_t *nres;
};
int sides_load(struct sides *s, char **args, size_t nargs, char *err, size_t len);
void sides_free(struct sides *s);

#endif
