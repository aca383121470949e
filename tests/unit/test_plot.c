// SPDX-License-Identifier: GPL-2.0
/*
 * Every metric a figure of analysis/plot.c's table names is one some
 * workload declares (its metrics[], ratios[] or dists[]) or one the
 * harness writes for every point: a metric renamed in a workload, or a
 * figure added with a typo, would otherwise plot nothing without a word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/plot.h"
#include "bench/core/result.h"
#include "workloads/workload.h"

static int in_metrics(const struct wl_metric *m, const char *name)
{
	for (; m && m->name; m++)
		if (!strcmp(m->name, name))
			return 1;
	return 0;
}

static int in_ratios(const struct wl_ratio *r, const char *name)
{
	for (; r && r->name; r++)
		if (!strcmp(r->name, name))
			return 1;
	return 0;
}

/* Declared by the family the figure is of, or written by the harness. */
static int declared(const char *workload, const char *name)
{
	const struct workload_ops *const *w;
	size_t i;

	for (i = 0; result_harness_metrics[i]; i++)
		if (!strcmp(result_harness_metrics[i], name))
			return 1;
	for (w = workloads; *w; w++)
		if (!strcmp((*w)->name, workload))
			return in_metrics((*w)->metrics, name) || in_ratios((*w)->ratios, name) ||
			       in_metrics((*w)->dists, name);
	return 0;
}

static void test_plot_metrics_declared(void **st)
{
	size_t i, n = 0;

	(void)st;
	assert_true(plot_figure_count() > 0);
	for (i = 0; i < plot_figure_count(); i++) {
		char list[256], *save, *m;

		snprintf(list, sizeof(list), "%s", plot_figure_metrics(i));
		for (m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save), n++)
			if (!declared(plot_figure_workload(i), m))
				fail_msg("figure %zu (%s) plots %s, which no %s metric, ratio or "
					 "distribution and no harness metric is", i,
					 plot_figure_workload(i), m, plot_figure_workload(i));
	}
	assert_true(n >= plot_figure_count());
}

/* The check can fail: a name nobody declares is not found. */
static void test_undeclared_is_caught(void **st)
{
	(void)st;
	assert_false(declared("ptl", "no_such_metric"));
	assert_false(declared("no_such_family", "ops_per_sec_x"));
	assert_true(declared("ptl", "split_benefit"));
	assert_true(declared("collapse", "collapse_latency_ns"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plot_metrics_declared),
		cmocka_unit_test(test_undeclared_is_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
