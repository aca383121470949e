/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What summary.c builds and summary_out.c prints: per comparison table,
 * the families, their columns (headline figures present somewhere), their
 * points with a name and one cell per headline figure.
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

struct sum_cell {
	const struct cmp_row *r;	/* NULL: not at this point */
	const char *unobserved;		/* the point's reason it could not be observed */
	int note;			/* number of that reason under the table */
};

struct sum_col {
	int rank;			/* index into a point's cells */
	const char *metric, *label;
	enum headline_role role;
};

/*
 * A family with more than SUM_FOLD_AT points shows only the points with a
 * significant change or a failed check; the rest are one line saying how
 * many, the largest change among them and what they could have seen.
 */
#define SUM_FOLD_AT	12

struct sum_fold {
	size_t n;			/* points folded */
	size_t tested;			/* their tested figures */
	double max_abs;			/* largest |change| of those, NAN: none */
	const char *max_metric;		/* its headline label */
	double mde_lo, mde_med, mde_hi;	/* their mde, NAN: none */
};

struct sum_family {
	const char *workload;
	struct sum_fold fold;
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
	int nnotes;
	struct {
		int rank;
		const char *reason;
	} notes[SUM_MAXNOTES];
};

#define SUM_MAXUNSHOWN	16	/* families with points and no summary table */

struct sum_table {
	const struct comparison *c;
	const struct cmp_table *t;
	size_t nfam;
	struct sum_family *fam;
	size_t nunshown;
	struct {
		const char *workload, *why;	/* why: present_missing() */
	} unshown[SUM_MAXUNSHOWN];
};

void sum_build(struct sum_table *st, const struct comparison *c, const struct cmp_table *t);
/* sum_build, then families over SUM_FOLD_AT points folded (what the formats print). */
void sum_build_shown(struct sum_table *st, const struct comparison *c, const struct cmp_table *t);
/* "112 more points without a significant change: |change| <= 3.1% (ns/page), mde 2.0-8.4%" */
void sum_fold_text(const struct sum_family *fm, char *buf, size_t len);
void sum_free(struct sum_table *st);
/*
 * "No summary table for ptl, gup: <why>" for the r-th distinct reason a
 * family of the table has no summary table; 0, or -1 when there is none.
 */
int sum_unshown_text(const struct sum_table *st, size_t r, char *buf, size_t len);
void sum_number_notes(struct sum_family *fm);
/* A group line comes before the i-th point in order. */
int sum_group_starts(const struct sum_family *fm, size_t i);
/* "k=v" of a param ("thr=2"), or the bare value when bare and it names itself ("pte"). */
void sum_param_text(const char *k, json_t *v, int bare, char *buf, size_t len);
/* A correctness count (lost writes...) above 0 in some repetition. */
int sum_check_failed(const struct cmp_stat *s);
void sum_change(const struct cmp_row *r, char *chg, size_t clen, char *half, size_t hlen);
void sum_cell_text(const struct sum_family *fm, size_t col, const struct sum_cell *cl, int one_side,
		   char *buf, size_t len);

#endif
