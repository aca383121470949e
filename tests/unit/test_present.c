// SPDX-License-Identifier: GPL-2.0
/*
 * A family is one file: a toy family, declared here and nowhere else (no
 * row in analysis, no line in any table but this test's), is shown in
 * compare's summary, gets its plot and its figure in the report, because
 * the result files carry how it is shown ("presentation", written by
 * bench/core/present.c from struct wl_show). And a file whose presentation
 * would break the plots (a figure named like a path) is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/compare.h"
#include "analysis/load.h"
#include "analysis/plot.h"
#include "analysis/present.h"
#include "analysis/report.h"
#include "analysis/summary.h"
#include "bench/core/present.h"
#include "lib/stats.h"
#include "tmpdir.h"

static const struct wl_metric toy_metrics[] = {
	{ "widgets_per_sec", "widgets/s", 1, "widgets made per second" },
	{ NULL },
};

static const struct wl_headline toy_headlines[] = {
	{ "widgets_per_sec", WL_ROLE_TESTED, "widgets/s" },
	{ NULL },
};

static const struct wl_shown_param toy_shown[] = {
	{ .param = "shape", .shown = "" },
	{ NULL },
};

static const struct wl_figure toy_figures[] = {
	{ "toy-widgets", WL_FIG_BARS, "widgets_per_sec", "shape", NULL, NULL, NULL,
	  "widgets made per second by shape", "shape", "widget rate", 0, 0 },
	{ NULL },
};

static const struct wl_show toy_show = {
	.title = "toy widgets: the family no table knows",
	.headlines = toy_headlines,
	.row_keys = "shape",
	.params = toy_shown,
	.figures = toy_figures,
};

static const struct workload_ops toy_ops = {
	.name = "toy",
	.summary = "a family of the tests",
	.metrics = toy_metrics,
	.show = &toy_show,
};

static char dir[] = "/tmp/ptbench-present.XXXXXX";

static json_t *metric(double base)
{
	double x[5];
	struct summary s;
	int i;

	for (i = 0; i < 5; i++)
		x[i] = base * (1 + 0.01 * i);
	summarize(x, 5, &s);
	return json_pack("{s:s, s:b, s:[f,f,f,f,f], s:{s:i, s:f, s:f, s:f, s:f, s:f, s:f, s:[f,f]}}",
			 "unit", "widgets/s", "higher_is_better", 1, "samples", x[0], x[1], x[2], x[3],
			 x[4], "summary", "n", 5, "mean", s.mean, "stddev", s.stddev, "cv", s.cv,
			 "min", s.min, "median", s.median, "max", s.max, "ci95", s.ci95_lo, s.ci95_hi);
}

static json_t *point(const char *shape, double base)
{
	char id[64];

	snprintf(id, sizeof(id), "toy:shape=%s,threads=1", shape);
	return json_pack("{s:s, s:s, s:{s:s, s:i}, s:{s:o}, s:{s:b, s:n, s:[], s:[]}}",
			 "id", id, "workload", "toy", "params", "shape", shape, "threads", 1,
			 "metrics", "widgets_per_sec", metric(base), "validity", "valid", 1,
			 "reason", "checks", "notes");
}

/* A result file of the toy family, with its presentation as the runner writes it. */
static const char *write_result(const char *name, double scale)
{
	const struct workload_ops *const ops[] = { &toy_ops, NULL };
	json_t *r = json_pack("{s:s, s:{}, s:{s:s, s:b}, s:{s:{s:s}, s:s}, s:{}, s:o, s:[o, o], s:[]}",
			      "schema", "ptbench-result/1", "suite", "run", "label", name,
			      "incomplete", 0, "system", "kernel", "release", name, "host", "h",
			      "capabilities", "presentation", present_json(ops), "points",
			      point("round", 1000 * scale), point("square", 500), "skipped");
	const char *path = tmpdir_at(dir, name);

	assert_int_equal(json_dump_file(r, path, 0), 0);
	json_decref(r);
	return path;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		return NULL;
	n = getdelim(&buf, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void test_toy_family_shown(void **state)
{
	char *files[2], err[512], *text = NULL, path[600], *md;
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1 };
	struct plot_set ps = { 0 };
	struct comparison c;
	struct sides s;
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	files[0] = strdup(write_result("a.json", 1.0));
	files[1] = strdup(write_result("b.json", 0.5));
	if (sides_load(&s, files, 2, err, sizeof(err)) ||
	    compare_build(&c, &o, s.n, s.res, s.nres, err, sizeof(err)))
		fail_msg("%s", err);
	f = open_memstream(&text, &len);
	summary_text(f, &c);
	fclose(f);
	/* its table, its column, its rows named by the shape alone, the change tested */
	assert_non_null(strstr(text, "toy widgets: the family no table knows"));
	assert_non_null(strstr(text, "widgets/s"));
	assert_non_null(strstr(text, "round"));
	assert_non_null(strstr(text, "WORSE"));
	/* its figure, and the report that shows it */
	assert_int_equal(plot_all(&c, dir, 0, &ps, err, sizeof(err)), 0);
	assert_int_equal(ps.n, 1);
	assert_int_equal(strncmp(ps.files[0].name, "01-toy-widgets", 14), 0);
	snprintf(path, sizeof(path), "%s/%s.gp", dir, ps.files[0].name);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(report_md(dir, &c, &ps), 0);
	snprintf(path, sizeof(path), "%s/report.md", dir);
	md = slurp(path);
	assert_non_null(md);
	assert_non_null(strstr(md, "widgets made per second by shape"));
	free(md);
	plot_set_free(&ps);
	compare_free(&c);
	sides_free(&s);
	free(text);
	free(files[0]);
	free(files[1]);
	tmpdir_remove(dir);
	present_forget();
}

/* A figure whose name is a path would write outside the plot directory: the file is refused. */
static void test_bad_presentation_refused(void **state)
{
	char d[] = "/tmp/ptbench-present.XXXXXX", err[512];
	json_t *r, *pres;
	struct result *res;
	const char *path;

	(void)state;
	assert_non_null(mkdtemp(d));
	memcpy(dir, d, sizeof(d));
	path = write_result("bad.json", 1.0);
	r = json_load_file(path, 0, NULL);
	pres = json_object_get(r, "presentation");
	json_object_set_new(json_array_get(json_object_get(json_object_get(json_object_get(
		pres, "families"), "toy"), "figures"), 0), "name", json_string("../../etc/x"));
	assert_int_equal(json_dump_file(r, path, 0), 0);
	json_decref(r);
	res = result_load(path, err, sizeof(err));
	assert_null(res);
	if (!strstr(err, "presentation.families.toy.figures[0]") || !strstr(err, "file stem"))
		fail_msg("not named: %s", err);
	tmpdir_remove(d);
	present_forget();
}

/* Files from before the section: no table for the toy family, and the summary says why. */
static void test_old_files_said(void **state)
{
	char d[] = "/tmp/ptbench-present.XXXXXX", err[512], *files[2], *text = NULL;
	struct cmp_opts o = { .alpha = CMP_ALPHA, .within_run = 1 };
	struct comparison c;
	struct sides s;
	size_t len = 0, i;
	json_t *r;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(d));
	memcpy(dir, d, sizeof(d));
	for (i = 0; i < 2; i++) {
		files[i] = strdup(write_result(i ? "b.json" : "a.json", i ? 0.5 : 1.0));
		r = json_load_file(files[i], 0, NULL);
		json_object_del(r, "presentation");
		assert_int_equal(json_dump_file(r, files[i], 0), 0);
		json_decref(r);
	}
	if (sides_load(&s, files, 2, err, sizeof(err)) ||
	    compare_build(&c, &o, s.n, s.res, s.nres, err, sizeof(err)))
		fail_msg("%s", err);
	f = open_memstream(&text, &len);
	summary_text(f, &c);
	fclose(f);
	assert_null(strstr(text, "toy widgets: the family no table knows"));
	if (!strstr(text, "No summary table for toy: the result files are from a") ||
	    !strstr(text, "Failed checks: none known (no invalid point;"))
		fail_msg("not said:\n%s", text);
	compare_free(&c);
	sides_free(&s);
	free(text);
	free(files[0]);
	free(files[1]);
	tmpdir_remove(d);
	present_forget();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_toy_family_shown),
		cmocka_unit_test(test_bad_presentation_refused),
		cmocka_unit_test(test_old_files_said),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
