// SPDX-License-Identifier: GPL-2.0
/*
 * Every metric a family's figures and summary columns name (struct
 * wl_show) is one the family declares (its metrics[], ratios[] with their
 * controls, or dists[]) or one the harness writes for every point: a
 * metric renamed in a workload, or a figure added with a typo, would
 * otherwise plot or show nothing without a word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
		if (!strcmp(r->name, name) || (r->control && !strcmp(r->control, name)))
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

/* Each metric of a "a,b" list declared for workload; how many were checked. */
static size_t check_list(const char *workload, const char *what, const char *metrics)
{
	char list[256], *save, *m;
	size_t n = 0;

	snprintf(list, sizeof(list), "%s", metrics);
	for (m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save), n++)
		if (!declared(workload, m))
			fail_msg("%s %s names %s, which no %s metric, ratio or distribution and no "
				 "harness metric is", workload, what, m, workload);
	return n;
}

static void test_shown_metrics_declared(void **st)
{
	const struct workload_ops *const *w;
	const struct wl_headline *h;
	const struct wl_figure *f;
	size_t figs = 0, n = 0;

	(void)st;
	for (w = workloads; *w; w++) {
		if (!(*w)->show)
			continue;
		for (f = (*w)->show->figures; f && f->name; f++, figs++)
			n += check_list((*w)->name, f->name, f->metric);
		for (h = (*w)->show->headlines; h && h->metric; h++)
			n += check_list((*w)->name, "summary column", h->metric);
	}
	assert_true(figs > 0 && n >= figs);
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
		cmocka_unit_test(test_shown_metrics_declared),
		cmocka_unit_test(test_undeclared_is_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
