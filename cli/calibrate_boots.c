// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench calibrate across boots: how small a change a lab can see when
 * the boot is the unit, as ptbench ab compares.
 *
 *   --boots-config FILE  a reference run here (or --reference RESULT, a
 *                        run on the machine to be calibrated) gives each
 *                        point's ns_per_op; FILE is a config whose points
 *                        carry inject_ns = 0 and each effect's cost. Run
 *                        it on several boots of one kernel: ptbench ab
 *                        with the same image under two names, or ptbench
 *                        vm --ab.
 *   --boots DIR...       the runs of those boots (any number per boot):
 *                        every split of the boots into two halves is one
 *                        A/A compare (inject_ns 0 against 0) and one A/B
 *                        per effect (0 against the effect's cost), with
 *                        compare's model, whose top level is then the boot.
 *
 * The splits share boots, so they are not independent trials: the rates
 * are estimates whose spread is wider than that many independent pairs'.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/compare.h"
#include "lib/json_write.h"
#include "lib/stats.h"
#include "lib/util.h"
#include "lib/xalloc.h"
#include "calibrate.h"

#define MAX_BOOTS	16
#define MAX_BRUNS	256

struct boot_runs {
	char id[40];
	struct result *run[MAX_BRUNS];
	size_t n;
};

/* The point's params as config values, inject_ns 0 and each effect's; threads beside them. */
static json_t *config_point(const struct cal *cal, const struct cal_point *cp)
{
	json_t *params = json_deep_copy(cp->key), *inj = json_array(), *pt;
	json_t *thr = json_incref(json_object_get(params, "threads"));
	int e;

	json_object_del(params, "threads");
	json_array_append_new(inj, json_integer(0));
	for (e = 0; e < cal->neff; e++)
		json_array_append_new(inj, json_integer((json_int_t)cp->inj[e]));
	json_object_set_new(params, "inject_ns", inj);
	pt = json_pack("{s:s, s:o}", "workload", "ptl", "params", params);
	if (thr)
		json_object_set_new(pt, "threads", thr);
	return pt;
}

int cal_boots_config(const char *path, const struct cal *cal, double dur, double warm, unsigned reps)
{
	json_t *pts = json_array(), *root;
	char desc[512];
	size_t i;
	int rc;

	for (i = 0; i < cal->npts; i++)
		json_array_append_new(pts, config_point(cal, &cal->pts[i]));
	snprintf(desc, sizeof(desc), "ptbench calibrate --boots-config: ptl points with inject_ns 0 and "
		 "the costs of effects of %g%% .. %g%% of their ns_per_op; run it on several boots of "
		 "one kernel, then ptbench calibrate --boots DIR...", cal->eff[0],
		 cal->eff[cal->neff - 1]);
	root = json_pack("{s:s, s:s, s:{s:f, s:f, s:i}, s:o}", "name", "calibrate-boots",
			 "description", desc, "defaults", "duration", dur, "warmup", warm,
			 "repetitions", (int)reps, "points", pts);
	rc = json_write_atomic(path, root, JSON_INDENT(1));
	json_decref(root);
	if (rc)
		fprintf(stderr, "ptbench calibrate: cannot write %s: %s\n", path, strerror(errno));
	else
		printf("ptbench calibrate: wrote %s (%zu points, effects %g%%..%g%%)\n", path, cal->npts,
		       cal->eff[0], cal->eff[cal->neff - 1]);
	return rc ? -1 : 0;
}

/* The runs by boot (system.boot_id); -1 when one does not say or there are too many. */
static int by_boot(struct result **res, size_t n, struct boot_runs *b, int *nb)
{
	size_t i;
	int k;

	*nb = 0;
	for (i = 0; i < n; i++) {
		const char *id = json_string_value(json_object_get(res[i]->system, "boot_id"));

		if (!id || !*id) {
			fprintf(stderr, "ptbench calibrate: %s names no boot\n", res[i]->file);
			return -1;
		}
		for (k = 0; k < *nb && strcmp(b[k].id, id); k++)
			;
		if (k == *nb) {
			if (*nb == MAX_BOOTS) {
				fprintf(stderr, "ptbench calibrate: runs of more than %d boots\n", MAX_BOOTS);
				return -1;
			}
			snprintf(b[(*nb)++].id, sizeof(b[0].id), "%s", id);
		}
		if (b[k].n < MAX_BRUNS)
			b[k].run[b[k].n++] = res[i];
	}
	return 0;
}

/* Add a cost to a point's ascending list of distinct costs; its count (MAX_EFFECTS + 1: too many). */
static int add_cost(unsigned long *inj, int n, unsigned long c)
{
	int e;

	for (e = 0; e < n && inj[e] < c; e++)
		;
	if (e < n && inj[e] == c)
		return n;
	if (n == MAX_EFFECTS)
		return MAX_EFFECTS + 1;
	memmove(inj + e + 1, inj + e, sizeof(*inj) * (size_t)(n - e));
	inj[e] = c;
	return n + 1;
}

/*
 * The points from the first run: inject_ns 0 and the effects' costs, in
 * ascending order, each point with as many costs as -e has effects (else
 * the effects' labels would lie: give --boots the -e of --boots-config).
 */
static int points_of(struct cal *cal, const struct result *r)
{
	int ncost[MAX_POINTS] = { 0 };
	size_t i;

	for (i = 0; i < r->npoints && cal->npts < MAX_POINTS; i++) {
		const struct res_point *p = &r->points[i];
		struct cal_point *cp;
		unsigned long inj = cal_inject_of(p);

		if (strcmp(p->workload, "ptl"))
			continue;
		cp = cal_find(cal, p->params);
		if (!cp) {
			cp = &cal->pts[cal->npts++];
			cp->key = cal_strip_inject(p->params);
			cp->id = strdup(p->id);
		}
		if (inj && ncost[cp - cal->pts] <= MAX_EFFECTS)
			ncost[cp - cal->pts] = add_cost(cp->inj, ncost[cp - cal->pts], inj);
	}
	for (i = 0; i < cal->npts; i++)
		if (ncost[i] != cal->neff) {
			fprintf(stderr, "ptbench calibrate: %s carries %s%d injected costs, -e %d effects: "
				"give --boots the -e of --boots-config\n", cal->pts[i].id,
				ncost[i] > MAX_EFFECTS ? "more than " : "", MIN(ncost[i], MAX_EFFECTS),
				cal->neff);
			return -1;
		}
	return cal->npts ? 0 : -1;
}

/* Each point's ns_per_op at inject_ns 0 over all runs: what its effects are a share of. */
static void reference_ns(struct cal *cal, struct result **res, size_t n)
{
	size_t i, j, k;

	for (k = 0; k < cal->npts; k++) {
		struct cal_point *cp = &cal->pts[k];
		double *x = NULL;
		size_t nx = 0;
		struct summary s;

		for (i = 0; i < n; i++)
			for (j = 0; j < res[i]->npoints; j++) {
				const struct res_point *p = &res[i]->points[j];
				const struct res_metric *m = res_metric_get(p, "ns_per_op");
				struct summary run;

				if (!m || !m->n || !p->valid || cal_inject_of(p) ||
				    cal_find(cal, p->params) != cp)
					continue;
				summarize(m->samples, m->n, &run);
				x = xgrow(x, nx + 1, sizeof(*x));
				x[nx++] = run.mean;
			}
		summarize(x, nx, &s);
		cp->ns = s.mean;
		cp->cv = s.cv;
		free(x);
	}
}

/* The runs of the boots in mask (side 0) or not in it (side 1), into out. */
static size_t side_runs(const struct boot_runs *b, int nb, unsigned mask, int side, struct result **out)
{
	size_t n = 0, i;
	int k;

	for (k = 0; k < nb; k++)
		if (!!(mask & (1u << k)) == !side)
			for (i = 0; i < b[k].n; i++)
				out[n++] = b[k].run[i];
	return n;
}

/* Every split of nb boots into halves, boot 0 always on side A: each once. */
static int splits(struct cal *cal, const struct boot_runs *b, int nb, struct aa_count *aa)
{
	static struct result *sa[MAX_BOOTS * MAX_BRUNS], *sb[MAX_BOOTS * MAX_BRUNS];
	unsigned mask;
	size_t na, nbr;
	int n = 0;

	for (mask = 1; mask < (1u << nb); mask += 2) {
		if (__builtin_popcount(mask) != nb / 2)
			continue;
		na = side_runs(b, nb, mask, 0, sa);
		nbr = side_runs(b, nb, mask, 1, sb);
		if (cal_judge(cal, sa, na, sb, nbr, aa))
			return -1;
		n++;
	}
	return n;
}

static void summary(const struct cal *cal, const struct boot_runs *b, int nb, int nsplit,
		    const struct aa_count *aa, const char *out)
{
	json_t *js, *jp = json_array(), *jb = json_array();
	char path[4200];
	size_t i;
	int k;

	printf("ptbench calibrate --boots: %d boots, %d splits of %d boots against %d (boot 0 on "
	       "side A; splits share boots, so they are not independent trials), FDR %g%%\n",
	       nb, nsplit, nb / 2, nb / 2, CMP_ALPHA * 100);
	for (k = 0; k < nb; k++) {
		printf("  boot %d: %s, %zu run(s)\n", k + 1, b[k].id, b[k].n);
		json_array_append_new(jb, json_pack("{s:s, s:I}", "boot_id", b[k].id, "runs",
						    (json_int_t)b[k].n));
	}
	printf("\nA/A: %zu of %zu splits flagged something (%.0f%%); %zu of %zu tests flagged (%.1f%%)\n\n",
	       aa->flagged, aa->tables, aa->tables ? 100.0 * (double)aa->flagged / (double)aa->tables : 0,
	       aa->sig, aa->tests, aa->tests ? 100.0 * (double)aa->sig / (double)aa->tests : 0);
	for (i = 0; i < cal->npts; i++)
		json_array_append_new(jp, cal_report_point(cal, &cal->pts[i]));
	js = json_pack("{s:s, s:i, s:o, s:{s:I, s:I, s:I, s:I}, s:o}", "schema",
		       "ptbench-calibrate-boots/1", "splits", nsplit, "boots", jb, "aa", "compares",
		       (json_int_t)aa->tables, "compares_flagged", (json_int_t)aa->flagged, "tests",
		       (json_int_t)aa->tests, "tests_flagged", (json_int_t)aa->sig, "points", jp);
	snprintf(path, sizeof(path), "%s/calibrate-boots.json", out);
	if (json_write_atomic(path, js, JSON_INDENT(1)))
		fprintf(stderr, "ptbench calibrate: cannot write %s: %s\n", path, strerror(errno));
	else
		printf("details: %s\n", path);
	json_decref(js);
}

/* Every result file of every directory (or file) given, into one array. */
static int load_all(char **dirs, int ndirs, struct result ***res, size_t *n, char *err, size_t len)
{
	struct result **one;
	size_t k, i;
	int d;

	for (d = 0; d < ndirs; d++) {
		one = NULL;
		k = 0;
		if (load_results(dirs[d], &one, &k, err, len))
			return -1;
		*res = xgrow(*res, *n + k, sizeof(**res));
		for (i = 0; i < k; i++)
			(*res)[(*n)++] = one[i];
		free(one);
	}
	return 0;
}

/*
 * --boots DIR...: load the runs, group them by boot (an even number of
 * boots is used: the last of an odd number is left out, said so), find the
 * points and their costs, and judge every split.
 */
int cal_boots(char **dirs, int ndirs, struct cal *cal, const char *out)
{
	static struct boot_runs b[MAX_BOOTS];
	struct result **res = NULL;
	struct aa_count aa = { 0 };
	char err[1024];
	size_t n = 0;
	int nb, nsplit, rc = 1;

	if (load_all(dirs, ndirs, &res, &n, err, sizeof(err))) {
		fprintf(stderr, "ptbench calibrate: %s\n", err);
		goto out;
	}
	if (by_boot(res, n, b, &nb) || nb < 4) {
		fprintf(stderr, "ptbench calibrate: --boots wants the runs of 4 to %d boots of one kernel "
			"(got %d boots)\n", MAX_BOOTS, nb);
		goto out;
	}
	if (points_of(cal, res[0]))
		goto out;
	if (nb % 2) {
		fprintf(stderr, "ptbench calibrate: %d boots: the last one (%s) is left out\n", nb,
			b[nb - 1].id);
		nb--;
	}
	reference_ns(cal, res, n);
	nsplit = splits(cal, b, nb, &aa);
	if (nsplit > 0) {
		summary(cal, b, nb, nsplit, &aa, out);
		rc = 0;
	}
out:
	while (n)
		result_free(res[--n]);
	free(res);
	return rc;
}
