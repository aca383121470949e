// SPDX-License-Identifier: GPL-2.0
/*
 * The boot as the level above the runs. Two boots of one kernel differ
 * in what a boot decides: the physical pages a buffer gets, how
 * fragmented memory is after uptime, what else the machine runs. Runs of
 * one boot share all of that, so when a side's runs come from several
 * boots (system.boot_id), the boots are the top level of its estimate
 * (analysis/nested.c); when each side is a single boot, and not the same
 * one, that difference rides in the comparison and a warning says so.
 */
#include <math.h>

#include "nested.h"
#include "compare_int.h"

/* The boot a result came from; NULL when it does not say (or says ""). */
static const char *boot_id(const struct result *r)
{
	const char *id = json_string_value(json_object_get(r->system, "boot_id"));

	return id && *id ? id : NULL;
}

void cmp_stat_boots(struct cmp_stat *st, const struct side_point *sp)
{
	size_t i, j;

	st->nboots = 0;
	for (i = 0; i < st->nruns; i++) {
		const char *id = boot_id(sp->from[i]);

		if (!id) {
			st->nboots = 0;	/* one run that does not say: no boot level */
			return;
		}
		for (j = 0; j < i && strcmp(id, boot_id(sp->from[j])); j++)
			;
		st->runs[i].boot = j < i ? st->runs[j].boot : st->nboots++;
	}
}

/* A variance component as a relative spread: on the log scale it is one already. */
static double rel(double var, double mean, int log_scale)
{
	if (!(var >= 0))
		return NAN;
	if (log_scale)
		return sqrt(var);
	return mean != 0 ? sqrt(var) / fabs(mean) : NAN;
}

static void side_levels(struct cmp_levels *lv, const struct nested_est *e, int log_scale)
{
	/* the boot level was estimated: two boots or more, one of several runs */
	int boots = e->boots >= 2 && e->k > e->boots;

	lv->boots = e->boots;
	lv->boot_level = boots && !e->boot_pooled;
	lv->boot_cv = boots ? rel(e->var_boot, e->mean, log_scale) : NAN;
	lv->run_cv = rel(boots ? e->var_runs : e->var_between, e->mean, log_scale);
}

void row_levels(struct cmp_row *r, const struct nested_est *ea, const struct nested_est *eb)
{
	side_levels(&r->lv[0], ea, r->base.log);
	side_levels(&r->lv[1], eb, r->new.log);
}

/* The one boot of every run of a side, or NULL when there are several or none known. */
static const char *side_boot(const struct cmp_side *s)
{
	const char *id = s->nres ? boot_id(s->res[0]) : NULL;
	size_t i;

	for (i = 1; id && i < s->nres; i++)
		if (!boot_id(s->res[i]) || strcmp(id, boot_id(s->res[i])))
			return NULL;
	return id;
}

void boots_check(struct comparison *c, struct cmp_table *t)
{
	const char *a = side_boot(&c->sides[t->base]), *b = side_boot(&c->sides[t->new]);
	size_t i;

	for (i = 0; i < t->nrows; i++)
		t->nboot_level += t->rows[i].tested && (t->rows[i].lv[0].boot_level ||
							t->rows[i].lv[1].boot_level);
	if (!a || !b || !strcmp(a, b) || t->nby_runs == 0)
		return;
	cmp_warn(c, "each side is one boot (%s, %s): what a boot decides (physical layout, "
		 "fragmentation, the machine's state) is in the difference, not in the error; boot "
		 "each kernel two or more times and compare the directories (docs/methodology.md)",
		 c->sides[t->base].name, c->sides[t->new].name);
}
