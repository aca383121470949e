// SPDX-License-Identifier: GPL-2.0
/*
 * The summary (see summary.h): which rows of the comparison's tables are a
 * family's headline figures, and how its points are named. Folding is in
 * summary_fold.c, cell texts in summary_cell.c, the formats in
 * summary_out.c (text), summary_fmt.c (markdown, HTML), summary_json.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headline.h"
#include "present.h"
#include "summary_int.h"

/* Why metric could not be observed at sp (the "unobserved" contract), or NULL. */
static const char *unobserved(const struct side_point *sp, const char *metric)
{
	size_t i;

	for (i = 0; sp && i < sp->nref; i++) {
		json_t *u = json_object_get(json_object_get(sp->ref[i]->json, "unobserved"), metric);

		if (json_is_string(u))
			return json_string_value(u);
	}
	return NULL;
}

static const struct cmp_row *find_row(const struct cmp_table *t, const struct side_point *pb,
				      const char *metric)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].pb == pb && !strcmp(t->rows[i].metric, metric))
			return &t->rows[i];
	return NULL;
}

static struct sum_family *family_get(struct sum_table *st, const char *workload)
{
	size_t i;

	for (i = 0; i < st->nfam; i++)
		if (!strcmp(st->fam[i].workload, workload))
			return &st->fam[i];
	st->fam = xgrow(st->fam, st->nfam + 1, sizeof(*st->fam));
	memset(&st->fam[st->nfam], 0, sizeof(st->fam[0]));
	st->fam[st->nfam].workload = workload;
	return &st->fam[st->nfam++];
}

/* Why metric could not be observed at pb or at the NEW side's point of any table, or NULL. */
static const char *unobserved_any(const struct sum_table *st, const struct side_point *pb,
				  const struct cmp_row *const *r, const char *m)
{
	const char *why = unobserved(pb, m);
	size_t j;

	for (j = 0; !why && j < st->ntab; j++)
		if (r[j])
			why = unobserved(r[j]->pn, m);
	return why;
}

/* The cells of point pb (all headline metrics, each in every table); 1 when any is not empty. */
static int point_cells(const struct sum_table *st, const struct side_point *pb, const char *workload,
		       struct sum_cell *cells)
{
	const char *m;
	int k, any = 0;
	size_t j;

	for (k = 0; (m = headline_metric(workload, k)) && k < SUM_MAXFIG; k++) {
		struct sum_cell *cl = &cells[k];

		if (headline_duplicate(m, pb->key))
			continue;
		for (j = 0; j < st->ntab; j++) {
			cl->r[j] = find_row(st->t[j], pb, m);
			if (!cl->any)
				cl->any = cl->r[j];
		}
		if (!cl->any)
			cl->unobserved = unobserved_any(st, pb, cl->r, m);
		cl->shown = 1;
		any |= cl->any || cl->unobserved;
	}
	return any;
}

static void family_add(struct sum_family *fm, const struct side_point *pb, const struct sum_cell *cells)
{
	size_t n = fm->npt;

	fm->pt = xgrow(fm->pt, n + 1, sizeof(*fm->pt));
	fm->cells = xgrow(fm->cells, n + 1, sizeof(*fm->cells));
	fm->pt[n] = pb;
	memcpy(fm->cells[n], cells, sizeof(fm->cells[n]));
	fm->npt++;
}

/* Columns: the family's headline metrics that have a cell at some point. */
static void family_columns(struct sum_family *fm)
{
	const char *m;
	size_t p;
	int k;

	for (k = 0; (m = headline_metric(fm->workload, k)) && k < SUM_MAXFIG; k++) {
		const struct cmp_row *r = NULL;
		int used = 0;

		for (p = 0; p < fm->npt; p++) {
			used |= fm->cells[p][k].any || fm->cells[p][k].unobserved;
			r = r ? r : fm->cells[p][k].any;
		}
		if (!used)
			continue;
		fm->col[fm->ncol] = (struct sum_col) {
			.rank = k, .metric = m, .label = headline_label(fm->workload, m),
			.unit = r ? r->unit : NULL, .higher_is_better = r ? r->higher_is_better : 1,
			.role = headline_role(fm->workload, m),
		};
		fm->ncol++;
	}
}

/* Params of the family's points: shared ones (equal everywhere) head the table. */
static void family_shared(struct sum_family *fm)
{
	const char *k;
	json_t *v;
	size_t p;

	fm->shared = json_object();
	if (!fm->npt)
		return;
	json_object_foreach(fm->pt[0]->key, k, v) {
		int same = 1;	/* a family of one point: everything is in the head */

		for (p = 1; p < fm->npt; p++)
			same &= json_equal(json_object_get(fm->pt[p]->key, k), v);
		if (same)
			json_object_set(fm->shared, k, v);
	}
}

/* "split" for a value that names itself, else "k=v" with the key as the family shows it. */
void sum_param_text(const char *k, json_t *v, int bare, char *buf, size_t len)
{
	const char *shown = present_param_shown(k);
	char val[96];

	res_param_text(v, val, sizeof(val));
	if (bare && shown && !*shown) {
		snprintf(buf, len, "%s", val);
		return;
	}
	snprintf(buf, len, "%s=%s", shown && *shown ? shown : k, val);
}

/* "v v k=v" of the params of sp that want(k) says, in file order; "" when none. */
static char *params_text(const struct side_point *sp, int (*want)(const struct sum_family *, int, const char *),
			 const struct sum_family *fm, int g)
{
	char *s = xcalloc(1, 1), part[160];
	size_t len = 0;
	const char *k;
	json_t *v;

	json_object_foreach(sp->key, k, v) {
		if (!want(fm, g, k))
			continue;
		sum_param_text(k, v, 1, part, sizeof(part));
		s = xgrow(s, len + strlen(part) + 2, 1);
		len += (size_t)sprintf(s + len, "%s%s", len ? " " : "", part);
	}
	return s;
}

/* A param that differs between the family's points but is not an axis: it groups rows. */
static int group_key(const struct sum_family *fm, int g, const char *k)
{
	(void)g;
	return !json_object_get(fm->shared, k) && !headline_row_key(fm->workload, k);
}

/* k has one value in every point of group g (NULL-safe). */
static int const_in_group(const struct sum_family *fm, int g, const char *k)
{
	json_t *first = NULL;
	size_t p;
	int seen = 0;

	for (p = 0; p < fm->npt; p++) {
		json_t *v = json_object_get(fm->pt[p]->key, k);

		if (fm->grp[p] != g)
			continue;
		if (seen++ && !json_equal(first, v))
			return 0;
		first = v;
	}
	return 1;
}

static int group_label_key(const struct sum_family *fm, int g, const char *k)
{
	return !json_object_get(fm->shared, k) && const_in_group(fm, g, k);
}

static int name_key(const struct sum_family *fm, int g, const char *k)
{
	return !json_object_get(fm->shared, k) && !const_in_group(fm, g, k);
}

/*
 * Groups: points with the same values of the group keys (ptl: level, op,
 * pages), in order of first appearance; each point is named by what
 * differs within its group, a group by what its points share.
 */
static void family_groups(struct sum_family *fm)
{
	char **sig = xcalloc(fm->npt, sizeof(*sig));
	size_t p, q;

	fm->grp = xcalloc(fm->npt, sizeof(*fm->grp));
	for (p = 0; p < fm->npt; p++) {
		sig[p] = params_text(fm->pt[p], group_key, fm, 0);
		fm->grp[p] = -1;
		for (q = 0; q < p && fm->grp[p] < 0; q++)
			if (!strcmp(sig[p], sig[q]))
				fm->grp[p] = fm->grp[q];
		if (fm->grp[p] < 0)
			fm->grp[p] = fm->ngroups++;
	}
	fm->glabel = xcalloc((size_t)fm->ngroups, sizeof(*fm->glabel));
	fm->gsize = xcalloc((size_t)fm->ngroups, sizeof(*fm->gsize));
	for (p = 0; p < fm->npt; p++) {
		fm->gsize[fm->grp[p]]++;
		if (!fm->glabel[fm->grp[p]])
			fm->glabel[fm->grp[p]] = params_text(fm->pt[p], group_label_key, fm, fm->grp[p]);
		free(sig[p]);
	}
	free(sig);
	fm->name = xcalloc(fm->npt, sizeof(*fm->name));
	for (p = 0; p < fm->npt; p++) {
		int g = fm->grp[p];

		/* a group of one point: the point is named by the group's label, no group line */
		fm->name[p] = fm->gsize[g] > 1 ? params_text(fm->pt[p], name_key, fm, g) : strdup(fm->glabel[g]);
		if (!*fm->name[p]) {
			free(fm->name[p]);
			fm->name[p] = strdup(fm->npt > 1 ? "?" : "(one point)");
		}
	}
}

static void family_order(struct sum_family *fm)
{
	size_t p, n = 0;
	int g;

	fm->order = xcalloc(fm->npt, sizeof(*fm->order));
	for (g = 0; g < fm->ngroups; g++)
		for (p = 0; p < fm->npt; p++)
			if (fm->grp[p] == g)
				fm->order[n++] = p;
}

static void family_layout(struct sum_family *fm)
{
	family_columns(fm);
	family_shared(fm);
	sum_number_notes(fm);
	family_groups(fm);
	family_order(fm);
}

/* A family with points that no file describes: said under the verdict, never silently left out. */
static void note_unshown(struct sum_table *st, const char *workload)
{
	const char *why = present_missing(workload);
	size_t i;

	if (!why || st->nunshown == SUM_MAXUNSHOWN)
		return;
	for (i = 0; i < st->nunshown; i++)
		if (!strcmp(st->unshown[i].workload, workload))
			return;
	st->unshown[st->nunshown].workload = workload;
	st->unshown[st->nunshown++].why = why;
}

int sum_unshown_text(const struct sum_table *st, size_t r, char *buf, size_t len)
{
	const char *why = NULL;
	size_t i, j, n = 0, off;

	for (i = 0; i < st->nunshown && !why; i++) {
		for (j = 0; j < i && st->unshown[j].why != st->unshown[i].why; j++)
			;
		if (j == i && n++ == r)
			why = st->unshown[i].why;
	}
	if (!why)
		return -1;
	off = (size_t)snprintf(buf, len, "No summary table for");
	for (i = 0, n = 0; i < st->nunshown && off < len; i++)
		if (st->unshown[i].why == why)
			off += (size_t)snprintf(buf + off, len - off, "%s %s", n++ ? "," : "",
						st->unshown[i].workload);
	if (off < len)
		snprintf(buf + off, len - off, ": %s.", why);
	return 0;
}

/* Every point of the base side that some table has a row of, in the order first seen. */
static void build_families(struct sum_table *st, const struct comparison *c, const struct cmp_table *const *t,
			   size_t n)
{
	struct sum_cell cells[SUM_MAXFIG];
	size_t i, j, f;

	memset(st, 0, sizeof(*st));
	st->c = c;
	st->ntab = n < SUM_MAXTAB ? n : SUM_MAXTAB;
	memcpy(st->t, t, st->ntab * sizeof(*t));
	for (j = 0; j < st->ntab; j++)
		for (i = 0; i < t[j]->nrows; i++) {
			const struct side_point *pb = t[j]->rows[i].pb;
			struct sum_family *fm;

			if (i && t[j]->rows[i - 1].pb == pb)
				continue;
			note_unshown(st, pb->workload);
			fm = family_get(st, pb->workload);
			for (f = 0; f < fm->npt && fm->pt[f] != pb; f++)
				;
			memset(cells, 0, sizeof(cells));
			if (f == fm->npt && point_cells(st, pb, pb->workload, cells))
				family_add(fm, pb, cells);
		}
}

int sum_compared(const struct sum_table *st)
{
	return st->ntab && st->t[0]->new >= 0;
}

void sum_build(struct sum_table *st, const struct comparison *c, const struct cmp_table *const *t,
	       size_t n)
{
	size_t f;

	build_families(st, c, t, n);
	for (f = 0; f < st->nfam; f++) {
		family_layout(&st->fam[f]);
		sum_sensitivity(&st->fam[f], st->ntab);
	}
}

void sum_build_shown(struct sum_table *st, const struct comparison *c, const struct cmp_table *const *t,
		     size_t n)
{
	size_t f;

	sum_build(st, c, t, n);
	for (f = 0; f < st->nfam; f++)
		sum_fold(&st->fam[f], sum_compared(st), st->ntab);
}

void sum_free(struct sum_table *st)
{
	size_t f, p;

	for (f = 0; f < st->nfam; f++) {
		struct sum_family *fm = &st->fam[f];

		for (p = 0; p < fm->npt; p++)
			free(fm->name[p]);
		for (p = 0; p < (size_t)fm->ngroups; p++)
			free(fm->glabel[p]);
		free(fm->name);
		free(fm->glabel);
		free(fm->gsize);
		free(fm->grp);
		free(fm->order);
		free(fm->pt);
		free(fm->cells);
		json_decref(fm->shared);
	}
	free(st->fam);
	memset(st, 0, sizeof(*st));
}
