// SPDX-License-Identifier: GPL-2.0
/*
 * The figures of the collapse family: per-repetition latencies and rates,
 * the IPIs and TLB shootdowns a collapse sends and who receives them (from
 * the counters), the bystanders' gaps and pins, and the validity checks.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collapse.h"

static double per_collapse(double count, unsigned long long ok)
{
	return ok && isfinite(count) ? count / (double)ok : NAN;
}

/* What validate() needs to tell a count of 0 from a line that does not count. */
static void ipi_tally(const struct wl_point *pt, struct collapse *c, const double *val)
{
	if (isfinite(val[M_IPI_B])) {
		c->ipis_byst += val[M_IPI_B] * (double)c->ok;
		c->ok_total += c->ok;
		c->ipi_reps++;
	}
	byst_whys(pt, &c->why);
}

static void ipi_figures(const struct wl_point *pt, struct collapse *c, double *val)
{
	struct byst_ipis o;

	/* received everywhere but on the collapser's CPU (which runs its own flush locally) */
	val[M_IPI] = per_collapse(wl_count(pt, EV_CAL, -1) - wl_count(pt, EV_CAL, 0), c->ok);
	val[M_SYNC] = per_collapse(wl_count(pt, EV_SYNC, -1) - wl_count(pt, EV_SYNC, 0), c->ok);
	val[M_SENT] = per_collapse(wl_count(pt, EV_SYNC_SENT, -1), c->ok);
	byst_ipis(pt, &c->byst, c->ok, &o);
	val[M_IPI_B] = o.line;
	val[M_IPI_BMAX] = o.line_max;
	val[M_FANOUT] = o.fanout;
	val[M_SYNC_B] = o.sync;
	val[M_TLB_B] = o.tlb;
	val[M_SHOOT_B] = o.shoot;
	val[M_WAKE_B] = o.wake;
	val[M_OTHER_B] = o.other;
	ipi_tally(pt, c, val);
}

static void byst_metrics(const struct collapse *c, double *val)
{
	struct byst_figs f;

	if (!c->byst.n || c->byst.mode == BM_IDLE)
		return;
	byst_figures(&c->byst, &f);
	if (c->byst.mode == BM_SPIN) {
		val[M_IRQS] = f.irqs;
		val[M_LOST] = f.lost;
		val[M_GAP] = f.worst_ns;
		if (c->baseline_ns)
			val[M_IRQS_Q] = f.irqs_quiet;
		return;
	}
	val[M_PINS] = f.pins;
	val[M_GUPFAIL] = f.failures;
	if (c->baseline_ns)
		val[M_PINS_Q] = f.pins_quiet;
}

void collapse_rep_end(struct wl_point *pt, int rep, double *val)
{
	struct collapse *c = pt->priv;
	double busy = (double)(c->busy1 - c->busy0) / 1e9;
	struct lat_summary ls;

	(void)rep;
	if (check_range(c, 1, c->pmd_why, sizeof(c->pmd_why)))
		c->pmd_ok++;
	c->failures += c->eagain + c->ebusy + c->other;
	if (c->khugepaged) {
		if (c->ok == c->regions)
			val[M_KHD] = busy;
	} else {
		lat_summarize(c->lat + c->rep_start, c->nlat - c->rep_start, &ls);
		val[M_P50] = ls.p50;
		val[M_P90] = ls.p90;
		val[M_P99] = ls.p99;
		val[M_MAX] = ls.max;
		val[M_MEAN] = ls.mean;
		val[M_EAGAIN] = (double)c->eagain;
		val[M_EBUSY] = (double)c->ebusy;
		val[M_OTHER] = (double)c->other;
	}
	val[M_RATE] = busy > 0 ? (double)c->ok / busy : NAN;
	ipi_figures(pt, c, val);
	byst_metrics(c, val);
}

size_t collapse_distribution(struct wl_point *pt, int i, const struct wl_metric **def,
			     const double **x)
{
	struct collapse *c = pt->priv;

	if (i || c->khugepaged)
		return 0;
	*def = &collapse_dists[0];
	*x = c->lat;
	return c->nlat;
}

static void ipi_unobserved(struct wl_validity *v, const char *why)
{
	static const int ms[] = { M_IPI, M_IPI_B, M_IPI_BMAX, M_FANOUT };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ms); i++)
		wl_unobserved(v, collapse_metrics[ms[i]].name, "%s", why);
}

/*
 * A function-call count that cannot be right is absent, not 0: when no
 * line of the kind exists, or when every bystander CPU saw none although
 * the kernel IPIs every other online CPU on each collapse
 * (tlb_remove_table_sync_one()) and the bystanders were busy (an idle CPU
 * may take the call without an interrupt: TIF_POLLING_NRFLAG).
 */
static void ipi_validate(const struct wl_point *pt, const struct collapse *c, struct wl_validity *v)
{
	static const char *const by_call[] = { "sync_ipis_per_collapse", "sync_ipis_per_collapse_bystander",
					       "tlb_ipis_per_collapse_bystander",
					       "wakeup_ipis_per_collapse_bystander",
					       "other_calls_per_collapse_bystander", NULL };

	if (c->why.shoot[0])
		wl_unobserved(v, collapse_metrics[M_SHOOT_B].name, "%s", c->why.shoot);
	if (c->byst.n)
		byst_calls_unobserved(v, by_call, &c->why);
	if (c->why.tlb[0] && c->byst.n)
		wl_unobserved(v, collapse_metrics[M_TLB_B].name, "%s", c->why.tlb);
	if (c->why.sent[0])
		wl_unobserved(v, collapse_metrics[M_SENT].name, "%s", c->why.sent);
	if (!c->ipi_reps && c->why.line[0]) {
		ipi_unobserved(v, c->why.line);
		return;
	}
	if (c->ipi_reps && c->ok_total && c->ipis_byst == 0 && c->byst.n && c->byst.mode != BM_IDLE &&
	    pt->sys->collapse_sync_ipi == 1) {
		char why[WL_REASON_LEN];

		snprintf(why, sizeof(why), "function_call lines (system.interrupt_lines) stayed 0 on "
			 "every bystander CPU over %llu collapses, though each collapse IPIs every other "
			 "online CPU here (tlb_remove_table_sync_one): they miss these IPIs", c->ok_total);
		ipi_unobserved(v, why);
	}
}

void collapse_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v)
{
	struct collapse *c = pt->priv;
	long long khd = -1;

	(void)obs;
	wl_check(v, "pte_mapped_before_reps", c->reps, c->pte_ok, c->pte_ok == c->reps);
	wl_check(v, "pmd_mapped_after_reps", c->reps, c->pmd_ok, c->pmd_ok == c->reps);
	wl_check(v, "collapse_failures", 0, (double)c->failures, c->failures == 0);
	if (c->failures)
		wl_note(v, "%llu MADV_COLLAPSE calls failed (last: %s); retried up to twice on EAGAIN",
			c->failures, c->last_err ? strerror(c->last_err) : "none");
	if (c->pte_ok != c->reps)
		wl_invalid(v, "%s", c->pte_why);
	else if (c->pmd_ok != c->reps)
		wl_invalid(v, "%s", c->pmd_why);
	if (!c->khugepaged && c->khd_collapsed0 >= 0 && !read_ll(KHUGEPAGED "pages_collapsed", &khd) &&
	    khd != c->khd_collapsed0)
		wl_note(v, "khugepaged collapsed %lld pages during the point (any process): a region it "
			"collapsed first would have made MADV_COLLAPSE a no-op", khd - c->khd_collapsed0);
	if (c->byst.other_mm)
		wl_note(v, "bystanders are processes of their own; their worker threads sleep in the "
			"collapsing mm on the same CPUs and wake every 20 ms (x86 lazy TLB: see docs)");
	if (c->byst.n && c->byst.mode == BM_IDLE)
		wl_note(v, "idle bystanders sleep on a futex and wake every 20 ms to notice a time-out");
	if (c->node >= 0)
		wl_note(v, "regions prefer the collapser's NUMA node %d (mbind MPOL_PREFERRED), which also "
			"keeps NUMA balancing from migrating them", c->node);
	ipi_validate(pt, c, v);
}
