// SPDX-License-Identifier: GPL-2.0
/*
 * The figures of the ptfree family: the event's latency, the tables it
 * freed or unshared in the kernel's own count (VmPTE), the IPIs on the
 * bystanders' CPUs by cause (bystander_ipis.c), the bystanders' gaps and
 * GUP-fast rate, and the validity checks.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ptfree.h"

/* The tables the event should have freed or unshared: K, none for a partial zap. */
static unsigned int tables_expected(const struct ptfree *p)
{
	return p->event == PF_PT_RECLAIM && p->zap == ZAP_PARTIAL ? 0 : p->tables;
}

/* The kernel's count of what the event did, in tables; NAN when unknown. */
static double tables_seen(const struct ptfree *p)
{
	const struct sharer *s;
	long long bytes;

	if (p->event != PF_HUGETLB_UNSHARE)
		bytes = p->vmpte0 < 0 || p->vmpte1 < 0 ? -1 : p->vmpte0 - p->vmpte1;
	else if (s = &p->sh[p->actor], p->how == HOW_EXIT)
		bytes = s->vmpte_touch;	/* it held these, and exit unmaps all */
	else if (p->how == HOW_FORK_EXIT)
		bytes = s->vmpte_child;	/* the child attached these, and exited */
	else
		bytes = s->vmpte_drop;
	return bytes < 0 ? NAN : (double)bytes / (double)p->table_bytes;
}

static void ipi_metrics(const struct wl_point *pt, struct ptfree *p, double *val)
{
	struct byst_ipis o;

	val[M_SENT] = wl_count(pt, EV_SYNC_SENT, -1);
	val[M_SYNC] = wl_count(pt, EV_SYNC, -1) - wl_count(pt, EV_SYNC, 0);
	byst_ipis(pt, &p->byst, 1, &o);
	val[M_SYNC_B] = o.sync;
	val[M_SYNC_FANOUT] = o.sync_fanout;
	val[M_IPI_B] = o.line;
	val[M_IPI_BMAX] = o.line_max;
	val[M_FANOUT] = o.fanout;
	val[M_TLB_B] = o.tlb;
	val[M_SHOOT_B] = o.shoot;
	val[M_WAKE_B] = o.wake;
	val[M_OTHER_B] = o.other;
	byst_whys(pt, &p->why);
}

static void byst_metrics(const struct ptfree *p, double *val)
{
	struct byst_figs f;

	if (!p->byst.n || p->byst.mode == BM_IDLE)
		return;
	byst_figures(&p->byst, &f);
	if (p->byst.mode == BM_SPIN) {
		val[M_IRQS] = f.irqs;
		val[M_GAP] = f.worst_ns;
		return;
	}
	val[M_PINS] = f.pins;
	val[M_PINS_Q] = f.pins_quiet;
}

void ptfree_rep_end(struct wl_point *pt, int rep, double *val)
{
	struct ptfree *p = pt->priv;
	double tables;

	if (!p->done) {
		p->nfailed += rep >= 0;	/* an event that did not happen has no figures */
		return;
	}
	tables = tables_seen(p);
	val[M_NS] = (double)(p->t1 - p->t0);
	val[M_TABLES] = tables;
	if (tables == (double)tables_expected(p))
		p->tables_ok++;
	else
		snprintf(p->tables_why, sizeof(p->tables_why), "the event %s %.2f tables (VmPTE), "
			 "not %u", p->event == PF_HUGETLB_UNSHARE ? "unshared" : "freed", tables,
			 tables_expected(p));
	ipi_metrics(pt, p, val);
	byst_metrics(p, val);
}

static void ipi_validate(const struct ptfree *p, struct wl_validity *v)
{
	static const char *const by_call[] = { "sync_ipis_per_event", "sync_ipis_per_event_bystander",
					       "sync_fanout", "tlb_ipis_per_event_bystander",
					       "wakeup_ipis_per_event_bystander",
					       "other_calls_per_event_bystander", NULL };
	static const int by_line[] = { M_IPI_B, M_IPI_BMAX, M_FANOUT };
	size_t i;

	if (p->why.sent[0])
		wl_unobserved(v, ptfree_metrics[M_SENT].name, "%s", p->why.sent);
	if (!p->byst.n)
		return;
	byst_calls_unobserved(v, by_call, &p->why);
	for (i = 0; p->why.line[0] && i < ARRAY_SIZE(by_line); i++)
		wl_unobserved(v, ptfree_metrics[by_line[i]].name, "%s", p->why.line);
	if (p->why.tlb[0])
		wl_unobserved(v, ptfree_metrics[M_TLB_B].name, "%s", p->why.tlb);
	if (p->why.shoot[0])
		wl_unobserved(v, ptfree_metrics[M_SHOOT_B].name, "%s", p->why.shoot);
}

void ptfree_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	struct ptfree *p = pt->priv;

	(void)obs;
	wl_check(v, "built_before_reps", p->reps, p->built, p->built == p->reps);
	wl_check(v, "tables_as_expected_reps", p->reps, p->tables_ok, p->tables_ok == p->reps);
	wl_check(v, "events_failed", 0, p->nfailed, !p->nfailed);
	if (p->built != p->reps)
		wl_invalid(v, "%s", p->built_why);
	else if (p->nfailed)
		wl_invalid(v, "%d of %d events failed (last: %s)", p->nfailed, p->reps, p->fail_why);
	else if (p->tables_ok != p->reps)
		wl_invalid(v, "%s", p->tables_why);
	if (p->event == PF_HUGETLB_UNSHARE)
		wl_note(v, "%u sharers of %u hugetlb PMD tables (shared: each later sharer saw the first's "
			"pages in its own pagemap); %d left before the phase; then sharer %d %s, leaving "
			"the tables %s", p->nsharers, p->tables, p->leaves == LV_SHARED ? 0 : p->actor,
			p->actor, p->how == HOW_EXIT ? "exits" : p->how == HOW_FORK_EXIT ?
			"forks a child that touches them and exits" : "unmaps",
			p->leaves == LV_SHARED ? "shared" : "to one owner");
	if (p->byst.n && p->byst.mode == BM_IDLE)
		wl_note(v, "idle bystanders sleep on a futex and wake every 20 ms to notice a time-out");
	ipi_validate(p, v);
}
