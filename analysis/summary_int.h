/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What summary.c builds and the formats print (summary_out.c: text;
 * summary_fmt.c: markdown and HTML; summary_json.c): the families of a
 * comparison, each with its columns (headline figures present somewhere),
 * its points (named by the params that differ) and one cell per point and
 * figure holding that figure's row in every table, one table per NEW side.
 * The formats print the cells figure by figure, one row per point:
 * BASE's value, each NEW's value, the change and its mark.
 */
#ifndef PTBENCH_SUMMARY_INT_H
#define PTBENCH_SUMMARY_INT_H

#include "compare.h"
#include "fmt.h"
#include "headline.h"
#include "lib/xalloc.h"
#include "summary.h"

#define SUM_MAXFIG	8	/* headline figures of one family */
#define SUM_MAXNOTES	16	/* distinct "unobserved" reasons of one family */
#define SUM_MAXTAB	8	/* NEW sides one summary shows side by side */

/*
 * A tested figure whose test could miss a change this large (its mde, at
 * 80% power) says nothing about any plausible effect of a page-table
 * patch: it is marked "blind", not "~" (which reads "no change").
 */
#define SUM_BLIND	0.5

/*
 * A family with more than SUM_FOLD_AT rows (points x figures) shows only
 * the rows with a significant change or a failed check; each figure's
 * other rows are one line: how many, the largest change, BASE's range.
 */
#define SUM_FOLD_AT	12

struct sum_cell {
	const struct cmp_row *r[SUM_MAXTAB];	/* the figure's row in each table; NULL: none */
	const struct cmp_row *any;		/* the first of them: BASE's values */
	const char *unobserved;		/* the point's reason it could not be observed */
	int note;			/* number of that reason under the table */
	int shown;			/* not folded */
};

/* A figure's folded rows. */
struct sum_fold {
	size_t n;			/* rows folded */
	double max_abs;			/* largest |change| among them, NAN: none */
	int single;			/* some were left untested: a side is one run */
	double base_lo, base_hi;	/* BASE's means among them, NAN: none */
};

struct sum_col {
	int rank;			/* index into a point's cells */
	const char *metric, *label, *unit;
	int higher_is_better;
	enum headline_role role;
	size_t nshown;			/* rows of this figure not folded */
	struct sum_fold fold;
};

struct sum_family {
	const char *workload;
	size_t ncol;
	struct sum_col col[SUM_MAXFIG];
	size_t npt;
	const struct side_point **pt;	/* base side's points */
	struct sum_cell (*cells)[SUM_MAXFIG];
	char **name;			/* per point: the params that differ within its group */
	int *grp;			/* per point: its group */
	size_t *order;			/* points in group order */
	int ngroups;
	char **glabel;			/* per group: the params its points share */
	size_t *gsize;
	json_t *shared;			/* params every point has with the same value */
	int folded;			/* more than SUM_FOLD_AT rows: only the telling ones shown */
	/* sensitivity: the median mde of its tested rows, over every table */
	size_t ntests, nblind;
	size_t nsingle;			/* rows left untested: a side is one run */
	double mde_median;		/* NAN: no tested row with an mde */
	int nnotes;
	struct {
		int rank;
		const char *reason;
	} notes[SUM_MAXNOTES];
};

#define SUM_MAXUNSHOWN	16	/* families with points and no summary table */

struct sum_table {
	const struct comparison *c;
	size_t ntab;			/* tables shown side by side (one per NEW) */
	const struct cmp_table *t[SUM_MAXTAB];
	size_t nfam;
	struct sum_family *fam;
	size_t nunshown;
	struct {
		const char *workload, *why;	/* why: present_missing() */
	} unshown[SUM_MAXUNSHOWN];
};

/* The summary of tables t[0..n-1] (one per NEW side, same BASE), nothing folded. */
void sum_build(struct sum_table *st, const struct comparison *c, const struct cmp_table *const *t,
	       size_t n);
/* sum_build, then families over SUM_FOLD_AT rows folded (what the formats print). */
void sum_build_shown(struct sum_table *st, const struct comparison *c, const struct cmp_table *const *t,
		     size_t n);
void sum_free(struct sum_table *st);
/*
 * "No summary table for ptl, gup: <why>" for the r-th distinct reason a
 * family of the table has no summary table; 0, or -1 when there is none.
 */
int sum_unshown_text(const struct sum_table *st, size_t r, char *buf, size_t len);
/* Whether the summary has a NEW side (else: BASE alone, nothing compared). */
int sum_compared(const struct sum_table *st);

/* summary_fold.c: fold a family's rows; its sensitivity (mde_median, ntests, nblind). */
void sum_fold(struct sum_family *fm, int compared, size_t ntab);
void sum_sensitivity(struct sum_family *fm, size_t ntab);
/* "21 more points: none significant (|change| <=4.1%), BASE 98.2k-1.21M" */
void sum_fold_text(const struct sum_col *col, int more, char *buf, size_t len);
/* Its parts: "<=4.1%" ("all 0" for counts, "untested"), and "98.2k-1.21M" ("" without). */
void sum_fold_parts(const struct sum_col *col, char *chg, size_t clen, char *range, size_t rlen);
/* summary_legend.c: the legend, the same words in every format. */
void sum_legend_text(const struct sum_table *st, char *buf, size_t len);
/* The head of the folded figures' block: "other figures, none significant:" */
const char *sum_folded_head(const struct sum_family *fm);
/* "changes under 38% cannot be seen with these runs: median mde of 39 tests" */
int sum_sensitivity_text(const struct sum_family *fm, char *buf, size_t len);

void sum_number_notes(struct sum_family *fm);
/*
 * summary_stalls.c: "2 stalls (3x off median, kept): pte fault split
 * thr=2: BASE run 2 rep 4, 6.5x below; ..."; 0, or -1 when the family has
 * none.
 */
int sum_stalls_text(const struct sum_table *st, const struct sum_family *fm, char *buf, size_t len);
/* "k=v" of a param ("thr=2"), or the bare value when bare and it names itself ("pte"). */
void sum_param_text(const char *k, json_t *v, int bare, char *buf, size_t len);
/* A correctness count (lost writes...) above 0 in some repetition. */
int sum_check_failed(const struct cmp_stat *s);

/* summary_rows.c: a family as text, figure by figure, in 80 columns */
void sum_text_family(FILE *f, const struct sum_table *st, const struct sum_family *fm);

/* summary_table.c: a family as a markdown or HTML table, the same rows */
void sum_fmt_family(FILE *f, enum fmt k, const struct sum_table *st, const struct sum_family *fm);

/* summary_cell.c: the texts of a cell */
/* "456.5k ±2%": the mean and the CV of the repetitions (no CV: one repetition). */
void sum_value_text(const struct cmp_stat *s, char *buf, size_t len);
/* The same in two parts, "456.5k" and "±2%" ("" with one repetition). */
void sum_value_parts(const struct cmp_stat *s, char *val, size_t vlen, char *spread, size_t slen);
/* "-75.8%" of table j's row; "" without one. */
void sum_change_text(const struct cmp_row *r, char *buf, size_t len);
/* "better", "WORSE", "~", "blind", "ok", "FAIL" or "" for row r of a figure of role role. */
const char *sum_mark(const struct cmp_row *r, enum headline_role role);
/* The same in one character for narrow columns: "*" significant, "?" blind, "!" FAIL. */
const char *sum_mark1(const struct cmp_row *r, enum headline_role role);
/* "ops/s, higher is better" (with the unit when the label does not say it). */
void sum_figure_text(const struct sum_col *col, char *buf, size_t len);
/* A point's name: its group's label and its own ("pte shared thr=2"). */
void sum_point_name(const struct sum_family *fm, size_t p, char *buf, size_t len);

#endif
