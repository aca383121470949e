// SPDX-License-Identifier: GPL-2.0
/*
 * compare's summary (analysis/summary*.c) on the hand-made fixtures: every
 * text line within 80 columns, failed checks above the first family table,
 * headline figures only (ns_per_op and per-thread duplicates gone), points
 * named by what differs with the shared params in the head, marks, and an
 * unobserved figure printed as n/a with its reason.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/compare.h"
#include "analysis/headline.h"
#include "analysis/summary.h"

#define FIX	"tests/fixtures/"

static void build(struct comparison *c, struct sides *s, const char *a, const char *b)
{
	char *args[2] = { (char *)a, (char *)b };
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	char err[512];

	if (sides_load(s, args, b ? 2 : 1, err, sizeof(err)))
		fail_msg("%s", err);
	if (compare_build(c, &o, s->n, s->res, s->nres, err, sizeof(err)))
		fail_msg("%s", err);
}

static __attribute__((noinline)) char *text_of(void (*fn)(FILE *, const struct comparison *), const struct comparison *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, c);
	fclose(f);
	return buf;
}

/* Display columns of the longest line (UTF-8: continuation bytes take none). */
static int widest(const char *s)
{
	int w = 0, max = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			w = 0;
			continue;
		}
		w += ((unsigned char)*s & 0xc0) != 0x80;
		max = w > max ? w : max;
	}
	return max;
}

static void test_width(void **state)
{
	static const char *const pairs[][2] = {
		{ FIX "full-kernel-a.json", FIX "full-kernel-b.json" },
		{ FIX "full-kernel-a.json", FIX "thp-always.json" },
		{ FIX "sleep-1.json", FIX "sleep-2.json" },
		{ FIX "hostile.json", NULL },
		{ FIX "full-kernel-a.json", NULL },
		{ FIX "many-a.json", FIX "many-b.json" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct comparison c;
		struct sides s;
		char *a, *b;

		build(&c, &s, pairs[i][0], pairs[i][1]);
		a = text_of(summary_text, &c);
		b = text_of(compare_text, &c);
		if (widest(a) > 80 || widest(b) > 80)
			fail_msg("%s %s: %d/%d columns", pairs[i][0], pairs[i][1] ?: "", widest(a), widest(b));
		assert_null(strstr(a, " \n"));	/* no trailing blanks */
		free(a);
		free(b);
		compare_free(&c);
		sides_free(&s);
	}
}

static void test_content(void **state)
{
	struct comparison c;
	struct sides s;
	char *t, *fail, *ptl;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	t = text_of(summary_text, &c);
	fail = strstr(t, "FAILED CHECKS");
	ptl = strstr(t, "\nptl: ");
	assert_non_null(fail);
	assert_non_null(ptl);
	assert_true(fail < ptl);	/* failed checks above any speed row */
	assert_non_null(strstr(fail, "INVALID NEW ptl:level=pte"));
	assert_non_null(strstr(t, "  all points: op=fault pages=8\n"));
	assert_non_null(strstr(t, "\n  pte\n    shared thr=2 "));
	assert_non_null(strstr(t, "-11.8%±2.1 WORSE"));
	assert_non_null(strstr(t, " ~"));
	assert_null(strstr(t, "ns_per_op"));
	assert_null(strstr(t, "ops_per_sec"));
	assert_null(strstr(t, "level=pmd,placement"));	/* not the full id in tables */
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* The "unobserved" contract: a figure that could not be observed is n/a with its reason. */
static void test_unobserved(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i;
	char *t;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	for (i = 0; i < s.res[0][0]->npoints; i++) {
		json_t *p = s.res[0][0]->points[i].json;

		if (!strcmp(s.res[0][0]->points[i].workload, "collapse"))
			json_object_set_new(p, "unobserved", json_pack("{s:s}", "sync_ipis_per_collapse_bystander",
					    "no tracepoint ipi:ipi_send_cpu"));
	}
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "n/a (1)"));
	assert_non_null(strstr(t, "(1) sync IPIs n/a: no tracepoint ipi:ipi_send_cpu"));
	assert_true(widest(t) <= 80);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* A row's minimum detectable effect, when known, is in its cell; lines stay within 80 columns. */
static void test_mde(void **state)
{
	struct comparison c;
	struct sides s;
	size_t i;
	char *t;

	(void)state;
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	for (i = 0; i < c.tables[0].nrows; i++)
		c.tables[0].rows[i].mde = NAN;
	t = text_of(summary_text, &c);
	assert_null(strstr(t, "mde "));	/* NAN: nothing printed */
	free(t);
	for (i = 0; i < c.tables[0].nrows; i++)
		c.tables[0].rows[i].mde = 0.018;
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "WORSE mde 1.8%"));
	assert_non_null(strstr(t, "~ mde 1.8%"));
	assert_true(widest(t) <= 80);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/* --all: every metric but the per-thread rate at one thread (ops_per_sec again). */
static void test_all_no_duplicates(void **state)
{
	struct comparison c;
	struct sides s;
	json_t *p = json_pack("{s:i}", "threads", 1), *q = json_pack("{s:s}", "threads", "2");
	char *t;

	(void)state;
	assert_true(headline_duplicate("ops_per_sec_per_thread", p));
	assert_false(headline_duplicate("ops_per_sec_per_thread", q));
	assert_false(headline_duplicate("ops_per_sec", p));
	/* split/shared at one worker: the split benefit there is the layout effect */
	assert_true(headline_duplicate("layout_effect", p));
	assert_false(headline_duplicate("layout_effect", q));
	assert_false(headline_duplicate("split_benefit", p));
	json_decref(p);
	json_decref(q);
	build(&c, &s, FIX "full-kernel-a.json", FIX "full-kernel-b.json");
	t = text_of(compare_text, &c);
	assert_non_null(strstr(t, "ns_per_op"));
	free(t);
	compare_free(&c);
	sides_free(&s);
}

/*
 * A family of 16 points, one changed: the summary shows that one and folds
 * the other 15 into a line; 6 points skipped for one reason are one line;
 * --all and the verdict still count and list everything.
 */
static void test_fold(void **state)
{
	struct comparison c;
	struct sides s;
	char *t, *all, *md, *js;
	json_t *j;

	(void)state;
	build(&c, &s, FIX "many-a.json", FIX "many-b.json");
	t = text_of(summary_text, &c);
	assert_non_null(strstr(t, "points shown: trigger=futex mapping=anon"));
	assert_non_null(strstr(t, "+30.1%"));
	assert_non_null(strstr(t, "WORSE"));
	assert_non_null(strstr(t, "  15 more points without a significant change: |change| <= "));
	assert_null(strstr(t, "vmsplice"));	/* folded */
	assert_non_null(strstr(t, "1 WORSE, 15 tested without"));	/* the verdict counts all */
	assert_non_null(strstr(t, "  BASE+NEW 6 points of gup trigger=gup_test,gup_test_pin mapping=anon\n"
				  "    pages_per_call=1,16,512 threads=1: skipped: this kernel has no gup_test:"));
	assert_null(strstr(t, "gup:trigger=gup_test"));	/* not point by point */
	all = text_of(compare_text, &c);
	assert_non_null(strstr(all, "vmsplice"));
	assert_non_null(strstr(all, "gup:trigger=gup_test_pin,mapping=anon,pages_per_call=512,threads=1"));
	md = text_of(summary_markdown, &c);
	assert_non_null(strstr(md, "15 more points without a significant change"));
	assert_non_null(strstr(md, "- skipped in BASE+NEW: 6 points of gup"));
	j = summary_json(&c);
	js = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(js, "\"folded\":{\"points\":15,\"tested\":15,"));
	free(js);
	json_decref(j);
	free(md);
	free(all);
	free(t);
	compare_free(&c);
	sides_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_content),
		cmocka_unit_test(test_unobserved),
		cmocka_unit_test(test_mde),
		cmocka_unit_test(test_all_no_duplicates),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
