// SPDX-License-Identifier: GPL-2.0
/*
 * counters: the events this machine has count, and the ones it lacks are
 * listed with a reason instead of failing the set. Parts that need root
 * (mounting tracefs, system-wide scope) are skipped when not root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/host/counters.h"
#include "lib/util.h"

#define NR_DEFAULT_EVENTS	6

static int idx_of(const struct counters *c, const char *name)
{
	int i;

	for (i = 0; i < counters_nr(c); i++)
		if (!strcmp(counters_name(c, i), name))
			return i;
	return -1;
}

static json_t *find_event(json_t *desc, const char *name)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(desc, "events"), i, ev)
		if (!strcmp(json_string_value(json_object_get(ev, "name")), name))
			return ev;
	return NULL;
}

static int group_setup(void **state)
{
	char why[256];

	(void)state;
	/* Root mounts tracefs here; teardown puts the system back as found. */
	if (tracefs_ensure(why, sizeof(why)))
		print_message("tracefs: %s\n", why);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tracefs_release();
	return tracefs_mounted_by_us();
}

static void test_missing_tracepoint(void **state)
{
	static const char *const tps[] = {
		"nosuchsys:nosuchevent", "no-colon", "../x:y",
	};
	struct counters *c = counters_open(tps, 3, NULL, 0);
	json_t *d, *ev;
	int i;

	(void)state;
	assert_non_null(c);
	d = counters_describe(c);
	assert_int_equal(json_array_size(json_object_get(d, "events")),
			 NR_DEFAULT_EVENTS + 3);
	for (i = 0; i < 3; i++) {
		ev = find_event(d, tps[i]);
		assert_non_null(ev);
		assert_string_equal(json_string_value(json_object_get(ev, "kind")),
				    "tracepoint");
		assert_string_equal(json_string_value(json_object_get(ev, "status")),
				    "unavailable");
		assert_true(strlen(json_string_value(json_object_get(ev, "reason"))) > 0);
		assert_int_equal(idx_of(c, tps[i]), -1);
	}
	assert_false(tracepoint_exists("nosuchsys:nosuchevent"));
	json_decref(d);
	counters_close(c);
}

static void touch_fresh_pages(size_t npages)
{
	size_t page = sysconf(_SC_PAGESIZE), len = npages * page, i;
	volatile char *m;

	m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	/* One fault per base page: keep THP out of this range. */
	assert_int_equal(madvise((void *)m, len, MADV_NOHUGEPAGE), 0);
	for (i = 0; i < len; i += page)
		m[i] = 1;
	munmap((void *)m, len);
}

static void test_page_faults(void **state)
{
	const size_t n = 1000;
	pid_t self = gettid();
	struct counters *c = counters_open(NULL, 0, &self, 1);
	uint64_t before, after;
	int pf;

	(void)state;
	assert_non_null(c);
	pf = idx_of(c, "page-faults");
	if (pf < 0) {
		json_t *d = counters_describe(c);
		char *s = json_dumps(d, 0);

		print_message("page-faults unavailable: %s\n", s);
		free(s);
		json_decref(d);
		counters_close(c);
		skip();
	}
	assert_string_equal(counters_kind(c, pf), "software");
	before = counters_read(c, pf);
	counters_enable(c);
	touch_fresh_pages(n);
	counters_disable(c);
	after = counters_read(c, pf);
	assert_true(after - before >= n);
	/* Disabled: nothing moves any more. */
	touch_fresh_pages(16);
	assert_true(counters_read(c, pf) == after);
	counters_close(c);
}

static void test_describe(void **state)
{
	struct counters *c = counters_open(NULL, 0, NULL, 0);
	const char *scope, *status;
	json_t *d, *ev;
	size_t i;

	(void)state;
	assert_non_null(c);
	d = counters_describe(c);
	scope = json_string_value(json_object_get(d, "scope"));
	assert_non_null(scope);
	assert_true(!strcmp(scope, "system-wide") || !strcmp(scope, "per-thread"));
	assert_non_null(json_string_value(json_object_get(d, "scope_reason")));
	assert_int_equal(json_array_size(json_object_get(d, "events")),
			 NR_DEFAULT_EVENTS);
	json_array_foreach(json_object_get(d, "events"), i, ev) {
		status = json_string_value(json_object_get(ev, "status"));
		assert_non_null(json_string_value(json_object_get(ev, "name")));
		assert_non_null(json_string_value(json_object_get(ev, "kind")));
		assert_non_null(status);
		if (!strcmp(status, "unavailable"))
			assert_non_null(json_string_value(json_object_get(ev, "reason")));
		else
			assert_string_equal(status, "ok");
	}
	/* Hardware events are either counted or explained. */
	assert_non_null(find_event(d, "cycles"));
	assert_non_null(find_event(d, "instructions"));
	assert_true(idx_of(c, "task-clock") >= 0);
	json_decref(d);
	counters_close(c);
}

/* System-wide: the per-CPU values add up to the total. */
static void test_read_cpu(void **state)
{
	struct counters *c = counters_open(NULL, 0, NULL, 0);
	json_t *d = counters_describe(c), *cpu;
	int64_t sum = 0, v;
	int tc = idx_of(c, "task-clock");
	size_t i;

	(void)state;
	assert_true(tc >= 0);
	counters_enable(c);
	touch_fresh_pages(64);
	counters_disable(c);
	if (strcmp(json_string_value(json_object_get(d, "scope")), "system-wide")) {
		assert_true(counters_read_cpu(c, tc, 0) == -1);
		json_decref(d);
		counters_close(c);
		skip();
	}
	json_array_foreach(json_object_get(d, "cpus"), i, cpu) {
		v = counters_read_cpu(c, tc, (int)json_integer_value(cpu));
		assert_true(v >= 0);
		sum += v;
	}
	assert_true(sum > 0);
	assert_true((uint64_t)sum == counters_read(c, tc));
	assert_true(counters_read_cpu(c, tc, 1 << 20) == -1);
	json_decref(d);
	counters_close(c);
}

static void test_tracepoint_counts(void **state)
{
	static const char *const tps[] = { "raw_syscalls:sys_enter" };
	const int n = 500;
	struct counters *c;
	int i, tp;

	(void)state;
	if (!tracefs_dir() || !tracepoint_exists(tps[0]))
		skip();
	c = counters_open(tps, 1, NULL, 0);
	tp = idx_of(c, tps[0]);
	if (tp < 0) {
		/* Not root: the kernel may refuse tracepoints; a reason, not a bug. */
		json_t *d = counters_describe(c);
		json_t *ev = find_event(d, tps[0]);

		assert_non_null(ev);
		print_message("%s: %s\n", tps[0],
			      json_string_value(json_object_get(ev, "reason")));
		assert_non_null(json_object_get(ev, "reason"));
		json_decref(d);
		counters_close(c);
		skip();
	}
	assert_string_equal(counters_kind(c, tp), "tracepoint");
	counters_enable(c);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	counters_disable(c);
	assert_true(counters_read(c, tp) >= (uint64_t)n);
	counters_close(c);
}

static void test_tracefs(void **state)
{
	char why[256] = "";

	(void)state;
	if (geteuid()) {
		if (!tracefs_dir()) {
			assert_int_equal(tracefs_ensure(why, sizeof(why)), -1);
			assert_true(strlen(why) > 0);
		}
		skip();
	}
	assert_int_equal(tracefs_ensure(why, sizeof(why)), 0);
	assert_non_null(tracefs_dir());
	assert_true(tracepoint_exists("sched:sched_switch"));
	assert_false(tracepoint_exists("sched"));
	assert_false(tracepoint_exists("sched:../../x"));
}

/* "sys:name[field==value]": numbers pass as they are, symbols need kallsyms */
static void test_filter_parse(void **state)
{
	char tp[64], f[128], why[160];

	(void)state;
	assert_int_equal(tp_filter_parse("ipi:ipi_send_cpu", tp, sizeof(tp), f, sizeof(f), why, sizeof(why)), 0);
	assert_string_equal(tp, "ipi:ipi_send_cpu");
	assert_string_equal(f, "");
	assert_int_equal(tp_filter_parse("csd:csd_function_entry[cpu==3]", tp, sizeof(tp), f, sizeof(f),
					 why, sizeof(why)), 0);
	assert_string_equal(tp, "csd:csd_function_entry");
	assert_string_equal(f, "cpu == 3");
	assert_int_equal(tp_filter_parse("csd:x[func=3]", tp, sizeof(tp), f, sizeof(f), why, sizeof(why)), -1);
	assert_int_equal(tp_filter_parse("csd:x[func==3", tp, sizeof(tp), f, sizeof(f), why, sizeof(why)), -1);
	assert_int_equal(tp_filter_parse("csd:x[f n==3]", tp, sizeof(tp), f, sizeof(f), why, sizeof(why)), -1);
	assert_int_equal(tp_filter_parse("csd:x[func==no_such_symbol_here_xyz]", tp, sizeof(tp), f, sizeof(f),
					 why, sizeof(why)), -1);
	assert_non_null(strstr(why, "kallsyms"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_parse),
		cmocka_unit_test(test_missing_tracepoint),
		cmocka_unit_test(test_page_faults),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_read_cpu),
		cmocka_unit_test(test_tracepoint_counts),
		cmocka_unit_test(test_tracefs),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
