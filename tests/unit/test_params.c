// SPDX-License-Identifier: GPL-2.0
/*
 * The typed parameter tables (wl_param with WL_FIELD): every family's
 * defaults bind, every choice of an enum binds to its index, a boolean to
 * 0 or 1, a number to its value, and a field bound with the wrong size is
 * refused rather than half written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "workloads/workload.h"

/* Room for any family's config struct. */
#define CFG_BYTES	8192

static void args_defaults(const struct workload_ops *ops, struct wl_args *a)
{
	const struct wl_param *p;

	memset(a, 0, sizeof(*a));
	for (p = ops->params; p && p->name; p++) {
		a->name[a->n] = p->name;
		a->val[a->n++] = p->def;
	}
}

static void set_arg(struct wl_args *a, const char *name, const char *val)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (!strcmp(a->name[i], name))
			a->val[i] = val;
}

static int bound_int(const struct wl_param *p, const unsigned char *cfg)
{
	int v;

	memcpy(&v, cfg + p->off, sizeof(v));
	return v;
}

/* The i-th choice of "a|b|c" into buf (":SIZE" choices get a size). */
static int nth_choice(const char *choices, int i, char *buf, size_t len)
{
	const char *c = choices;

	while (i-- > 0 && c)
		c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL;
	if (!c)
		return -1;
	snprintf(buf, len, "%.*s", (int)strcspn(c, "|"), c);
	if (strlen(buf) > 5 && !strcmp(buf + strlen(buf) - 5, ":SIZE"))
		strcpy(buf + strlen(buf) - 4, "2M");
	return 0;
}

static void test_every_family_binds(void **st)
{
	const struct workload_ops *const *w;
	static unsigned char cfg[CFG_BYTES];
	struct wl_sys sys = { .page_size = 4096 };
	char why[256], val[64];
	int nbound = 0;

	(void)st;
	for (w = workloads; *w; w++) {
		const struct wl_param *p;
		struct wl_args a;
		struct wl_point pt = { .args = &a, .sys = &sys, .nthreads = 1 };

		args_defaults(*w, &a);
		memset(cfg, 0, sizeof(cfg));
		if (wl_bind(&pt, (*w)->params, cfg, why, sizeof(why)))
			fail_msg("%s: defaults do not bind: %s", (*w)->name, why);
		for (p = (*w)->params; p && p->name; p++) {
			int i;

			if (!p->size)
				continue;
			nbound++;
			assert_true(p->off + p->size <= CFG_BYTES);
			if (p->type == WP_BOOL) {
				set_arg(&a, p->name, "1");
				assert_int_equal(wl_bind(&pt, (*w)->params, cfg, why, sizeof(why)), 0);
				assert_int_equal(bound_int(p, cfg), 1);
				set_arg(&a, p->name, "0");
				assert_int_equal(wl_bind(&pt, (*w)->params, cfg, why, sizeof(why)), 0);
				assert_int_equal(bound_int(p, cfg), 0);
			}
			for (i = 0; p->type == WP_ENUM && !nth_choice(p->choices, i, val, sizeof(val)); i++) {
				set_arg(&a, p->name, val);
				if (wl_bind(&pt, (*w)->params, cfg, why, sizeof(why)))
					fail_msg("%s %s=%s: %s", (*w)->name, p->name, val, why);
				assert_int_equal(bound_int(p, cfg), i);
			}
			args_defaults(*w, &a);
		}
	}
	assert_true(nbound >= 10);
}

/* A table that binds a uint64_t parameter to an int field is refused. */
static void test_wrong_size_refused(void **st)
{
	struct cfg { int small; } c = { 7 };
	const struct wl_param params[] = {
		{ "n", WP_UINT, "5", NULL, 0, 10, "", offsetof(struct cfg, small), 2 },
		{ NULL },
	};
	const char *names[] = { "n" }, *vals[] = { "5" };
	struct wl_args a = { .n = 1, .name = { names[0] }, .val = { vals[0] } };
	struct wl_point pt = { .args = &a };
	char why[256];

	(void)st;
	assert_int_equal(wl_bind(&pt, params, &c, why, sizeof(why)), -1);
	assert_int_equal(c.small, 7);
	assert_non_null(strstr(why, "parameter n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_family_binds),
		cmocka_unit_test(test_wrong_size_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
