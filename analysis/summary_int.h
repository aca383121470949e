/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What summary.c builds and summary_out.c prints: per comparison table,
 * the families, their columns (headline figures present somewhere), their
 * points with a name and one cell per headline figure.
 */
#ifndef PTBENCH_SUMMARY_INT_H
#define PTBENCH_SUMMARY_INT_H

#include "compare.h"
#include "headline.h"
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
	int nnotes;
	struct {
		int rank;
		const char *reason;
	} notes[SUM_MAXNOTES];
};

struct sum_table {
	const struct comparison *c;
	const struct cmp_table *t;
	size_t nfam;
	struct sum_family *fam;
};

void sum_build(struct sum_table *st, const struct comparison *c, const struct cmp_table *t);
void sum_free(struct sum_table *st);
void sum_number_notes(struct sum_family *fm);
/* A group line comes before the i-th point in order. */
int sum_group_starts(const struct sum_family *fm, size_t i);
/* "k=v" of a param ("thr=2"), or the bare value when bare and it names itself ("pte"). */
void sum_param_text(const char *k, json_t *v, int bare, char *buf, size_t len);
const char *sum_mark(const struct cmp_row *r);
/* A correctness count (lost writes...) above 0 in some repetition. */
int sum_check_failed(const struct cmp_stat *s);
void sum_change(const struct cmp_row *r, char *chg, size_t clen, char *half, size_t hlen);
void sum_cell_text(const struct sum_family *fm, size_t col, const struct sum_cell *cl, int one_side,
		   char *buf, size_t len);

#endif
