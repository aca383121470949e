// SPDX-License-Identifier: GPL-2.0
/*
 * load: a valid result file loads; a broken one is refused with the file,
 * the JSON path and the reason. Each broken file is the good fixture with
 * one substitution, so a test shows exactly what it breaks.
 *
 * PTBENCH_SAMPLE_RESULT=FILE also loads a file the runner wrote.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/load.h"

static const char good[] =
"{\n"
" \"schema\": \"ptbench-result/1\",\n"
" \"suite\": {\"name\": \"ptbench\", \"version\": \"0.1.0\"},\n"
" \"run\": {\"label\": \"base\", \"argv\": [\"run\"], \"start\": \"2026-01-01T00:00:00Z\",\n"
"         \"incomplete\": false},\n"
" \"system\": {\"kernel\": {\"release\": \"6.1.0\"}, \"host\": \"lab1\"},\n"
" \"capabilities\": {\"root\": {\"usable\": true},\n"
"                  \"gup_test\": {\"usable\": false, \"reason\": \"no debugfs\"}},\n"
" \"points\": [\n"
"  {\"id\": \"ptl:level=pte,threads=1\", \"workload\": \"ptl\",\n"
"   \"params\": {\"level\": \"pte\", \"threads\": 1},\n"
"   \"future_key\": {\"x\": 1},\n"
"   \"metrics\": {\"ops_per_sec\": {\"unit\": \"ops/s\", \"higher_is_better\": true,\n"
"     \"samples\": [100.0, 110.0, 90],\n"
"     \"summary\": {\"n\": 3, \"mean\": 100.0, \"stddev\": 10.0, \"cv\": 0.1, \"min\": 90.0,\n"
"                 \"median\": 100.0, \"max\": 110.0, \"ci95\": [75.2, 124.8]}}},\n"
"   \"validity\": {\"valid\": true, \"reason\": null,\n"
"                \"checks\": [{\"name\": \"pgfault\", \"expected\": 1, \"observed\": 1,\n"
"                            \"ok\": true}],\n"
"                \"notes\": []}},\n"
"  {\"id\": \"ptl:level=pmd,threads=1\", \"workload\": \"ptl\",\n"
"   \"params\": {\"level\": \"pmd\", \"threads\": 1},\n"
"   \"metrics\": {\"ns_per_op\": {\"unit\": \"ns\", \"higher_is_better\": false,\n"
"     \"samples\": [5.0],\n"
"     \"summary\": {\"n\": 1, \"mean\": 5.0, \"stddev\": 0, \"cv\": 0, \"min\": 5.0,\n"
"                 \"median\": 5.0, \"max\": 5.0, \"ci95\": [5.0, 5.0]}}},\n"
"   \"validity\": {\"valid\": false, \"reason\": \"no THP was mapped\", \"checks\": [],\n"
"                \"notes\": []}}\n"
" ],\n"
" \"skipped\": [{\"id\": \"ptl:level=hugetlb:1G,threads=1\", \"workload\": \"ptl\",\n"
"   \"params\": {\"level\": \"hugetlb:1G\", \"threads\": 1}, \"status\": \"skipped\",\n"
"   \"reason\": \"no 1G pages\"}]\n"
"}\n";

static char dir[PATH_MAX];

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/ptbench-test-load-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* Write text to dir/name.json; the path in path. */
static void write_fixture(const char *name, const char *text, char *path, size_t len)
{
	FILE *f;

	assert_true((size_t)snprintf(path, len, "%s/%s.json", dir, name) < len);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) < 0, 0);
	assert_int_equal(fclose(f), 0);
}

/* good with its one occurrence of old replaced by new; caller frees. */
static char *subst(const char *old, const char *new)
{
	const char *at = strstr(good, old);
	size_t head, len;
	char *s;

	assert_non_null(at);
	assert_null(strstr(at + 1, old));
	head = (size_t)(at - good);
	len = strlen(good) - strlen(old) + strlen(new);
	s = malloc(len + 1);
	assert_non_null(s);
	memcpy(s, good, head);
	strcpy(s + head, new);
	strcat(s, at + strlen(old));
	return s;
}

static void assert_contains(const char *s, const char *want)
{
	if (strstr(s, want))
		return;
	print_error("\"%s\" is not in \"%s\"\n", want, s);
	fail();
}

/*
 * Loading text must fail with "file: where: ..." and mention why; where is
 * the JSON path, right after the file name.
 */
static void expect_error(const char *name, const char *text, const char *where, const char *why)
{
	char path[PATH_MAX], err[1024], head[PATH_MAX + 300];
	struct result *r;

	write_fixture(name, text, path, sizeof(path));
	memset(err, 0, sizeof(err));
	r = result_load(path, err, sizeof(err));
	unlink(path);
	if (r) {
		result_free(r);
		print_error("%s loaded, expected \"%s\"\n", name, why);
		fail();
	}
	snprintf(head, sizeof(head), "%s: %s", path, where);
	assert_contains(err, head);
	assert_contains(err, why);
}

static void expect_subst_error(const char *name, const char *old, const char *new,
			       const char *where, const char *why)
{
	char *text = subst(old, new);

	expect_error(name, text, where, why);
	free(text);
}

static void test_good(void **state)
{
	const struct res_metric *m;
	const struct res_point *p;
	char path[PATH_MAX], err[512] = "";
	struct result *r;
	json_t *want;

	(void)state;
	write_fixture("good", good, path, sizeof(path));
	r = result_load(path, err, sizeof(err));
	unlink(path);
	if (!r)
		print_error("%s\n", err);
	assert_non_null(r);
	assert_string_equal(r->file, path);
	assert_string_equal(r->label, "base");
	assert_false(r->incomplete);
	assert_non_null(r->system);
	assert_true(json_is_true(json_object_get(json_object_get(r->capabilities, "root"), "usable")));
	assert_int_equal(json_array_size(r->skipped), 1);
	assert_int_equal(r->npoints, 2);

	p = &r->points[0];
	assert_string_equal(p->id, "ptl:level=pte,threads=1");
	assert_string_equal(p->workload, "ptl");
	assert_true(p->valid);
	assert_null(p->reason);
	assert_int_equal(p->nmetrics, 1);
	m = res_metric_get(p, "ops_per_sec");
	assert_non_null(m);
	assert_string_equal(m->unit, "ops/s");
	assert_true(m->higher_is_better);
	assert_int_equal(m->n, 3);
	assert_true(m->samples[0] == 100.0 && m->samples[1] == 110.0 && m->samples[2] == 90.0);
	assert_true(json_number_value(json_object_get(m->summary, "mean")) == 100.0);
	assert_null(res_metric_get(p, "ns_per_op"));

	p = &r->points[1];
	assert_false(p->valid);
	assert_string_equal(p->reason, "no THP was mapped");
	m = res_metric_get(p, "ns_per_op");
	assert_non_null(m);
	assert_false(m->higher_is_better);
	assert_int_equal(m->n, 1);

	want = json_pack("{s:s, s:i}", "level", "pmd", "threads", 1);
	assert_ptr_equal(result_find(r, "ptl", want), &r->points[1]);
	assert_null(result_find(r, "gup", want));
	json_object_set_new(want, "threads", json_integer(2));
	assert_null(result_find(r, "ptl", want));
	json_decref(want);
	result_free(r);
}

/* A file the runner wrote, when the caller names one. */
static void test_sample(void **state)
{
	const char *path = getenv("PTBENCH_SAMPLE_RESULT");
	char err[1024] = "";
	struct result *r;
	size_t i, j;

	(void)state;
	if (!path || !*path)
		skip();
	r = result_load(path, err, sizeof(err));
	if (!r)
		print_error("%s\n", err);
	assert_non_null(r);
	assert_true(r->npoints + json_array_size(r->skipped) > 0);
	for (i = 0; i < r->npoints; i++) {
		const struct res_point *p = &r->points[i];

		assert_true(p->valid || p->reason);
		for (j = 0; j < p->nmetrics; j++)
			assert_true(p->metrics[j].n > 0);
		assert_ptr_equal(result_find(r, p->workload, p->params), p);
	}
	result_free(r);
}

static void test_missing_file(void **state)
{
	char path[PATH_MAX], err[512] = "";

	(void)state;
	assert_true((size_t)snprintf(path, sizeof(path), "%s/does-not-exist.json", dir) <
		    sizeof(path));
	assert_null(result_load(path, err, sizeof(err)));
	assert_contains(err, path);
	assert_contains(err, ": No such file");
	assert_null(result_load(dir, err, sizeof(err)));
	assert_contains(err, "Is a directory");
	/* no room for a message is allowed */
	assert_null(result_load(path, NULL, 0));
}

static void test_truncated(void **state)
{
	char *text = strdup(good);

	(void)state;
	assert_non_null(text);
	text[strlen(text) / 2] = '\0';
	expect_error("truncated", text, "line ", "not valid JSON");
	expect_error("empty", "", "line 1 column 0", "not valid JSON");
	free(text);
}

static void test_not_object(void **state)
{
	(void)state;
	expect_error("array", "[1, 2]\n", "(top)", "must be an object, not an array");
}

static void test_schema(void **state)
{
	(void)state;
	expect_subst_error("schema2", "\"ptbench-result/1\"", "\"ptbench-result/2\"", "schema:",
			   "is \"ptbench-result/2\"; this ptbench reads \"ptbench-result/1\" only");
	expect_subst_error("noschema", "\"schema\"", "\"schemo\"", "schema:", "missing");
	expect_subst_error("schemanum", "\"ptbench-result/1\"", "1", "schema:",
			   "must be a string, not a number");
}

static void test_sections(void **state)
{
	(void)state;
	expect_subst_error("nopoints", "\"points\": [", "\"pointz\": [", "points:", "missing");
	expect_subst_error("syntax", "\"incomplete\": false}", "\"incomplete\": false}]",
			   "line 5 column", "not valid JSON");
	expect_subst_error("runarray", "{\"label\": \"base\", \"argv\": [\"run\"], \"start\": "
			   "\"2026-01-01T00:00:00Z\",\n         \"incomplete\": false}", "[]",
			   "run:", "must be an object, not an array");
	expect_subst_error("noinc", ",\n         \"incomplete\": false", "",
			   "run.incomplete:", "missing");
	expect_subst_error("nolabel", "\"label\": \"base\", ", "", "run.label:", "missing");
	expect_subst_error("caps", "\"root\": {\"usable\": true}", "\"root\": {\"usable\": 1}",
			   "capabilities.root.usable:", "must be a boolean, not a number");
	expect_subst_error("dupkey", "\"future_key\": {\"x\": 1},", "\"workload\": \"gup\",",
			   "line ", "duplicate object key");
}

static void test_string_sample(void **state)
{
	(void)state;
	expect_subst_error("strsample", "[100.0, 110.0, 90]", "[100.0, \"110\", 90]",
			   "points[0].metrics.ops_per_sec.samples[1]:", "must be a number, not a string");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	expect_subst_error("huge", "[100.0, 110.0, 90]", "[100.0, 110.0, 1e200]",
			   "points[0].metrics.ops_per_sec.samples[2]:", "out of range");
	/* jansson refuses these itself */
	expect_subst_error("overflow", "[100.0, 110.0, 90]", "[100.0, 110.0, 1e400]",
			   "line ", "real number overflow");
	expect_subst_error("nan", "[100.0, 110.0, 90]", "[100.0, NaN, 90]",
			   "line ", "not valid JSON");
	expect_subst_error("nosamples", "[100.0, 110.0, 90]", "[]",
			   "points[0].metrics.ops_per_sec.samples:", "empty");
	expect_subst_error("badci", "[75.2, 124.8]", "[75.2]",
			   "points[0].metrics.ops_per_sec.summary.ci95:", "must be [low, high]");
}

static void test_too_many_samples(void **state)
{
	size_t n = RESULT_MAX_SAMPLES + 1, i;
	char *arr = malloc(2 * n + 3), *p = arr;

	(void)state;
	assert_non_null(arr);
	*p++ = '[';
	for (i = 0; i < n; i++) {
		*p++ = '1';
		*p++ = i + 1 < n ? ',' : ']';
	}
	*p = '\0';
	expect_subst_error("toomany", "[100.0, 110.0, 90]", arr,
			   "points[0].metrics.ops_per_sec.samples:", "100001 samples, more than 100000");
	free(arr);
}

static void test_summary_n(void **state)
{
	(void)state;
	expect_subst_error("summaryn", "\"n\": 3", "\"n\": 4",
			   "points[0].metrics.ops_per_sec.summary.n:", "is 4 but there are 3 samples");
	expect_subst_error("summaryreal", "\"n\": 3", "\"n\": 3.0",
			   "points[0].metrics.ops_per_sec.summary.n:", "must be a whole number");
	expect_subst_error("nosummary", "\"samples\": [5.0],\n     \"summary\"",
			   "\"samples\": [5.0],\n     \"summery\"",
			   "points[1].metrics.ns_per_op.summary:", "missing");
}

static void test_metric_fields(void **state)
{
	(void)state;
	expect_subst_error("nounit", "\"unit\": \"ns\", ", "",
			   "points[1].metrics.ns_per_op.unit:", "missing");
	expect_subst_error("hib", "\"higher_is_better\": true", "\"higher_is_better\": \"yes\"",
			   "points[0].metrics.ops_per_sec.higher_is_better:",
			   "must be a boolean, not a string");
}

static void test_invalid_without_reason(void **state)
{
	(void)state;
	expect_subst_error("noreason", "\"valid\": false, \"reason\": \"no THP was mapped\", ",
			   "\"valid\": false, ", "points[1].validity.reason:",
			   "an invalid point must say why");
	expect_subst_error("nullreason", "\"reason\": \"no THP was mapped\"", "\"reason\": null",
			   "points[1].validity.reason:", "an invalid point must say why");
	expect_subst_error("novalid", "\"valid\": true, ", "",
			   "points[0].validity.valid:", "missing");
}

static void test_point_fields(void **state)
{
	(void)state;
	expect_subst_error("noid", "{\"id\": \"ptl:level=pmd,threads=1\", ", "{",
			   "points[1].id:", "missing");
	expect_subst_error("params", "\"params\": {\"level\": \"pte\", \"threads\": 1}",
			   "\"params\": \"level=pte\"", "points[0].params:",
			   "must be an object, not a string");
	expect_subst_error("skipreason", ",\n   \"reason\": \"no 1G pages\"", "",
			   "skipped[0].reason:", "missing");
}

/* An unobserved metric: read with its reason; refused without one or when also measured. */
static void test_unobserved(void **state)
{
	static const char at[] = "   \"future_key\": {\"x\": 1},\n";
	char path[PATH_MAX], err[1024];
	struct result *r;
	char *text;

	(void)state;
	text = subst(at, "   \"unobserved\": {\"ipis_per_collapse\": \"no line of kind function_call\"},\n");
	write_fixture("unobs", text, path, sizeof(path));
	r = result_load(path, err, sizeof(err));
	unlink(path);
	free(text);
	assert_non_null(r);
	assert_string_equal(res_unobserved(&r->points[0], "ipis_per_collapse"),
			    "no line of kind function_call");
	assert_null(res_unobserved(&r->points[0], "ops_per_sec"));
	assert_null(res_unobserved(&r->points[1], "ipis_per_collapse"));
	assert_null(res_metric_get(&r->points[0], "ipis_per_collapse"));
	result_free(r);
	expect_subst_error("unobs-empty", at, "   \"unobserved\": {\"x\": \"\"},\n",
			   "points[0].unobserved.x:", "must say why");
	expect_subst_error("unobs-type", at, "   \"unobserved\": {\"x\": 0},\n",
			   "points[0].unobserved.x:", "must be a string");
	expect_subst_error("unobs-both", at, "   \"unobserved\": {\"ops_per_sec\": \"why\"},\n",
			   "points[0].unobserved.ops_per_sec:", "not both");
	expect_subst_error("unobs-array", at, "   \"unobserved\": [],\n",
			   "points[0].unobserved:", "must be an object");
}

static void test_duplicate_ids(void **state)
{
	(void)state;
	expect_subst_error("dupid", "\"id\": \"ptl:level=pmd,threads=1\"",
			   "\"id\": \"ptl:level=pte,threads=1\"", "points[1].id:",
			   "duplicate id \"ptl:level=pte,threads=1\" (also points[0])");
	expect_subst_error("dupskip", "\"id\": \"ptl:level=hugetlb:1G,threads=1\"",
			   "\"id\": \"ptl:level=pmd,threads=1\"", "skipped[0].id:",
			   "duplicate id \"ptl:level=pmd,threads=1\" (also points[1])");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_unobserved),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_object),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_string_sample),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_too_many_samples),
		cmocka_unit_test(test_summary_n),
		cmocka_unit_test(test_metric_fields),
		cmocka_unit_test(test_invalid_without_reason),
		cmocka_unit_test(test_point_fields),
		cmocka_unit_test(test_duplicate_ids),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
