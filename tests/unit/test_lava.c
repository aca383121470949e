// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava's pieces with known answers: case names LAVA keeps (long
 * ids stay distinct), the ABBA order, a LAVA log line in lava-run's and a
 * server's forms (tagged values, a cut line), YAML that keeps "6.12" a
 * string, and the cases of a result file: an invalid point fails, a failed
 * check fails, a correctness count above 0 fails, an unobserved figure is
 * skipped with its reason (never 0), a skipped point skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lava/lava_int.h"
#include "tmpdir.h"

static void test_case_name(void **state)
{
	char a[LAVA_CASE_MAX + 1], b[LAVA_CASE_MAX + 1], id[300];

	(void)state;
	lava_case_name("ptl:level=pte,placement=split,threads=1", "ops_per_sec", a, sizeof(a));
	assert_string_equal(a, "ptl.level-pte.placement-split.threads-1.ops_per_sec");
	lava_case_name("gup:trigger=x y/z", NULL, a, sizeof(a));
	assert_string_equal(a, "gup.trigger-x_y_z");
	memset(id, 'p', sizeof(id) - 2);
	id[sizeof(id) - 2] = '1';
	id[sizeof(id) - 1] = '\0';
	lava_case_name(id, "m", a, sizeof(a));
	id[sizeof(id) - 2] = '2';
	lava_case_name(id, "m", b, sizeof(b));
	assert_int_equal(strlen(a), LAVA_CASE_MAX);
	assert_string_not_equal(a, b);
	assert_int_equal(strncmp(a, b, 90), 0);
}

static void test_order(void **state)
{
	int o[16], abba[] = { 0, 1, 1, 0, 0, 1 }, three[] = { 0, 1, 2, 2, 1, 0 };

	(void)state;
	assert_int_equal(lava_order(2, 3, o, 16), 6);
	assert_memory_equal(o, abba, sizeof(abba));
	assert_int_equal(lava_order(3, 2, o, 16), 6);
	assert_memory_equal(o, three, sizeof(three));
	assert_int_equal(lava_order(1, 2, o, 16), 2);
	assert_int_equal(o[0] + o[1], 0);
	assert_int_equal(lava_order(2, 9, o, 16), -1);
	assert_int_equal(lava_order(0, 1, o, 16), -1);
}

static json_t *line(const char *s)
{
	return lava_log_line(s, strlen(s));
}

static void test_log_line(void **state)
{
	const char *def;
	json_t *v;

	(void)state;
	v = line("{\"dt\": \"2026-12-05T17:38:01.2\", \"lvl\": \"results\", \"msg\": {\"case\": \"a.b\", "
		 "\"definition\": \"0_ptbench\", \"measurement\": ! \"12.5\", \"result\": \"pass\"}}\n");
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "msg"), "measurement")),
			    "12.5");
	json_decref(v);
	/* a server's form: one item of a sequence, every value quoted */
	v = line("- {\"dt\": \"2026-12-05T17:38:01\", \"lvl\": \"target\", \"msg\": \"PTBENCH-DATA eyJh\"}");
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "msg")), "PTBENCH-DATA eyJh");
	json_decref(v);
	/* a line cut short, a line of something else, a mapping without lvl */
	assert_null(line("{\"dt\": \"2026-12-05T17:38:01\", \"lvl\": \"target\", \"msg\": \"PTBE"));
	assert_null(line("qemu-system-x86_64: terminating on signal 15"));
	assert_null(line("{\"dt\": \"x\", \"msg\": \"y\"}"));
	assert_null(line(""));
	/* a job's definition as a server gives it: block style, the metadata collect reads */
	def = "# plan\ndevice_type: qemu\nmetadata:\n  ptbench.seq: 3\n  ptbench.kernel: '6.12'\n"
	      "actions:\n- boot:\n    prompts:\n    - 'root@lava-guest:'\n";
	v = lava_yaml_load(def, strlen(def));
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "metadata"),
								"ptbench.seq")), "3");
	assert_string_equal(json_string_value(json_object_get(json_object_get(v, "metadata"),
								"ptbench.kernel")), "6.12");
	assert_true(json_is_array(json_object_get(v, "actions")));
	json_decref(v);
}

static void test_yaml_strings(void **state)
{
	char dir[] = "/tmp/ptbench-lava-XXXXXX", path[64], *text;
	json_t *v = json_pack("{s:s, s:s, s:s, s:i, s:b, s:[s]}", "kernel", "6.12", "yes", "no",
			      "plain", "ptbench", "seq", 3, "kvm", 1, "steps", "a: b");
	FILE *f;
	long n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.yaml", dir);
	assert_int_equal(lava_yaml_write(path, v, "# head\n"), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_non_null(strstr(text, "# head\nkernel: '6.12'\n"));
	assert_non_null(strstr(text, "'yes': 'no'\n"));
	assert_non_null(strstr(text, "plain: ptbench\n"));
	assert_non_null(strstr(text, "seq: 3\n"));
	assert_non_null(strstr(text, "kvm: true\n"));
	assert_non_null(strstr(text, "- 'a: b'\n"));
	free(text);
	json_decref(v);
	unlink(path);
	rmdir(dir);
}

static const struct lava_case *find(const struct lava_case *cs, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(cs[i].name, name))
			return &cs[i];
	return NULL;
}

/* full-kernel-a.json with known faults added: point 0 invalid, a failed check, ... */
static struct result *fixture(char *dir)
{
	json_t *root = json_load_file("tests/fixtures/full-kernel-a.json", 0, NULL), *p, *pts;
	char path[300], err[512];
	struct result *r;
	size_t i;

	assert_non_null(root);
	pts = json_object_get(root, "points");
	p = json_array_get(pts, 0);
	json_object_set_new(json_object_get(p, "validity"), "valid", json_false());
	json_object_set_new(json_object_get(p, "validity"), "reason", json_string("fell back to 4K"));
	p = json_array_get(pts, 1);
	json_array_append_new(json_object_get(json_object_get(p, "validity"), "checks"),
			      json_pack("{s:s, s:f, s:f, s:b}", "name", "pages_checked", "expected", 8.0,
					"observed", 3.0, "ok", 0));
	json_array_foreach(pts, i, p)
		if (!strcmp(json_string_value(json_object_get(p, "workload")), "integrity")) {
			json_t *s = json_object_get(json_object_get(json_object_get(p, "metrics"),
								    "lost_writes"), "samples");

			json_array_set_new(s, 0, json_real(4));
			json_object_set_new(p, "unobserved", json_pack("{s:s}", "leaked_bytes",
								       "no counter here"));
			break;
		}
	snprintf(path, sizeof(path), "%s/r.json", dir);
	assert_int_equal(json_dump_file(root, path, 0), 0);
	json_decref(root);
	r = result_load(path, err, sizeof(err));
	if (!r)
		fail_msg("%s", err);
	return r;
}

static void test_cases(void **state)
{
	char dir[] = "/tmp/ptbench-lava-XXXXXX", name[LAVA_CASE_MAX + 1];
	const struct lava_case *c;
	struct lava_case *cs;
	struct result *r;
	int n, i, fails = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	r = fixture(dir);
	n = lava_cases(r, &cs);
	assert_true(n > (int)r->npoints);
	assert_non_null(c = find(cs, n, "ptbench.run"));
	assert_string_equal(c->result, "pass");
	/* the invalid point and its figures fail, with the reason */
	lava_case_name(r->points[0].id, NULL, name, sizeof(name));
	assert_non_null(c = find(cs, n, name));
	assert_string_equal(c->result, "fail");
	assert_string_equal(c->why, "fell back to 4K");
	lava_case_name(r->points[0].id, "ops_per_sec", name, sizeof(name));
	assert_non_null(c = find(cs, n, name));
	assert_string_equal(c->result, "fail");
	assert_true(c->has_measure);
	assert_string_equal(c->units, "ops/s");
	/* a failed check */
	lava_case_name(r->points[1].id, "check.pages_checked", name, sizeof(name));
	assert_non_null(c = find(cs, n, name));
	assert_string_equal(c->result, "fail");
	assert_true(c->has_measure && c->measure == 3.0);
	lava_case_name(r->points[1].id, "ops_per_sec", name, sizeof(name));
	assert_string_equal(find(cs, n, name)->result, "pass");
	for (i = 0; i < (int)r->npoints; i++) {
		const struct res_point *p = &r->points[i];

		if (strcmp(p->workload, "integrity"))
			continue;
		/* a correctness count above 0 fails; the unobserved one is a skip, never 0 */
		lava_case_name(p->id, "lost_writes", name, sizeof(name));
		assert_string_equal(find(cs, n, name)->result, "fail");
		lava_case_name(p->id, "leaked_bytes", name, sizeof(name));
		assert_non_null(c = find(cs, n, name));
		assert_string_equal(c->result, "skip");
		assert_false(c->has_measure);
		assert_string_equal(c->why, "no counter here");
		break;
	}
	/* the fixture's skipped points skip, with their reason */
	lava_case_name(json_string_value(json_object_get(json_array_get(r->skipped, 0), "id")), NULL,
		       name, sizeof(name));
	assert_non_null(c = find(cs, n, name));
	assert_string_equal(c->result, "skip");
	assert_true(c->why[0]);
	for (i = 0; i < n; i++) {
		assert_true(strlen(cs[i].name) <= LAVA_CASE_MAX);
		assert_null(strchr(cs[i].units, ' '));
		fails += !strcmp(cs[i].result, "fail");
	}
	assert_int_equal(fails, 4);
	free(cs);
	result_free(r);
	nftw(dir, tmpdir_rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_name),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_log_line),
		cmocka_unit_test(test_yaml_strings),
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
