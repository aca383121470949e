/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ptbench calibrate's points, tallies and judgement, shared by its rounds
 * on this boot (cmd_calibrate.c) and its splits of runs from several boots
 * (calibrate_boots.c): calibrate_eval.c compares one A side with one B side
 * and counts what each point's test flagged.
 */
#ifndef PTBENCH_CALIBRATE_H
#define PTBENCH_CALIBRATE_H

#include <stddef.h>

#include <jansson.h>

#include "analysis/load.h"

#define MAX_EFFECTS	8
#define MAX_POINTS	16
/*
 * The row calibrate judges: the ptl figure compare tests (ns_per_op is its
 * inverse and is shown, not tested: analysis/headline.c). An injected cost
 * of E% of ns_per_op lowers it by E/(100 + E).
 */
#define CAL_METRIC	"ops_per_sec"

struct cal_point {
	json_t *key;		/* params without inject_ns */
	char *id;
	double ns;		/* reference ns_per_op */
	double cv;
	unsigned long inj[MAX_EFFECTS];
	int detected[MAX_EFFECTS], wrong[MAX_EFFECTS], tested[MAX_EFFECTS];
	double change_sum[MAX_EFFECTS];
	/* the rows' own mde (compare's), summed over rounds: A/A and per effect */
	double aa_mde_sum, mde_sum[MAX_EFFECTS];
	int aa_mde_n, mde_n[MAX_EFFECTS];
};

struct cal {
	size_t npts;
	struct cal_point pts[MAX_POINTS];
	int neff;
	double eff[MAX_EFFECTS];
	int sel_effect;		/* -1: A/A */
	int speed_adjust;	/* --speed-adjust */
};

/* The A/A tallies over the rounds. */
struct aa_count {
	size_t tables, flagged, tests, sig;
};


json_t *cal_strip_inject(json_t *params);
struct cal_point *cal_find(struct cal *c, json_t *params);
unsigned long cal_inject_of(const struct res_point *p);
/* Compare a (na runs) and b (nb runs) under c->sel_effect; count per point. */
int cal_evaluate(struct cal *c, struct result **a, size_t na, struct result **b, size_t nb,
		 size_t *nsig, size_t *ntests);
/* The A/A compare of a and b into aa, then one per effect: -1 when one could not be made. */
int cal_judge(struct cal *c, struct result **a, size_t na, struct result **b, size_t nb,
	      struct aa_count *aa);
/* One point's detection table, printed and as JSON. */
json_t *cal_report_point(const struct cal *cal, const struct cal_point *cp);
void cal_free(struct cal *c);

/* calibrate_boots.c: across boots of one kernel */
int cal_boots_config(const char *path, const struct cal *cal, double dur, double warm, unsigned reps);
int cal_boots(char **dirs, int ndirs, struct cal *cal, const char *out);

#endif
