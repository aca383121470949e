/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the files of the collapse family (collapse.c: parameters, setup,
 * the collapser and the phases; collapse_figures.c) and by nothing else; the
 * bystanders are bystander.h's.
 */
#ifndef PTBENCH_COLLAPSE_H
#define PTBENCH_COLLAPSE_H

#include <stdint.h>

#include "bystander.h"
#include "workload.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define KHUGEPAGED	"/sys/kernel/mm/transparent_hugepage/khugepaged/"

struct collapse {
	unsigned int regions;
	struct bystanders byst;	/* workers 1..byst.n */
	int khugepaged;
	uint64_t baseline_ms;	/* as given */
	uint64_t baseline_ns;
	size_t pmd, page, stride;
	void *raw;
	size_t raw_len;
	char *base;		/* region i at base + i * stride */
	/* the collapser's figures of the current phase */
	uint64_t busy0, busy1;	/* the collapsing part of the phase, ns */
	unsigned long long ok, eagain, ebusy, other;
	int last_err;
	/* latencies: of the measured repetitions (dropped after the warm-up) */
	double *lat;
	size_t nlat, cap, rep_start;
	/* validity, over the measured repetitions */
	int reps, pte_ok, pmd_ok;
	char pte_why[160], pmd_why[160];
	unsigned long long failures;
	long long khd_collapsed0;
	/* function-call IPIs on the bystanders' CPUs, over the measured repetitions */
	unsigned long long ok_total;	/* collapses in repetitions whose IPIs were counted */
	double ipis_byst;
	int ipi_reps;			/* repetitions with a count */
	struct byst_whys why;		/* why a figure is not counted */
	int node;			/* the regions' preferred node (the collapser's), -1: none */
};

enum {
	M_P50, M_P90, M_P99, M_MAX, M_MEAN, M_RATE, M_KHD,
	M_EAGAIN, M_EBUSY, M_OTHER,
	M_IPI, M_IPI_B, M_IPI_BMAX, M_FANOUT, M_SYNC, M_SYNC_B, M_TLB_B, M_SHOOT_B,
	M_WAKE_B, M_OTHER_B, M_SENT,
	M_IRQS, M_IRQS_Q, M_GAP, M_LOST,
	M_PINS, M_PINS_Q, M_GUPFAIL,
	M_NR
};


extern const struct wl_metric collapse_metrics[];
extern const struct wl_metric collapse_dists[];

/* collapse.c */
int check_range(struct collapse *c, int huge, char *why, size_t len);

/* collapse_figures.c */
void collapse_rep_end(struct wl_point *pt, int rep, double *val);
size_t collapse_distribution(struct wl_point *pt, int i, const struct wl_metric **def,
			     const double **x);
void collapse_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v);

#endif
