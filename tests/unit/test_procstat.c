// SPDX-License-Identifier: GPL-2.0
/* procstat: /proc/vmstat and /proc/interrupts parsers on canned text. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bench/host/procstat.h"
#include "lib/util.h"

static const char x86_irq[] =
	"           CPU0       CPU1       CPU2       CPU3       \n"
	"  0:         35          0          0          0   IO-APIC   2-edge      timer\n"
	" 24:          1          0          0          0  IO-APIC   5-edge      ACPI:Ged\n"
	"NMI:          0          0          0          0   Non-maskable interrupts\n"
	"CAL:     144219      16942        100          7   Function call interrupts\n"
	"TLB:        951        991         12          0   TLB shootdowns\n"
	"ERR:          0\n"
	"MIS:          0\n";

static const char arm64_irq[] =
	"           CPU0       CPU1       \n"
	" 11:      12345      23456     GICv3  27 Level     arch_timer\n"
	"IPI0:       100        200       Rescheduling interrupts\n"
	"IPI1:       301        402       Function call interrupts\n"
	"IPI2:         0          0       CPU stop interrupts\n"
	"IPI3:         0          0       CPU stop (for crash dump) interrupts\n"
	"IPI4:         5          6       Timer broadcast interrupts\n"
	"IPI5:         7          8       IRQ work interrupts\n"
	"IPI6:         0          0       CPU wake-up interrupts\n"
	"IPI7:         9         10       CPU backtrace interrupts\n"
	"Err:          0\n";

/* CPU1 and CPU3 offline: the columns name CPUs 0, 2, 5. */
static const char sparse_irq[] =
	"           CPU0       CPU2       CPU5\n"
	"CAL:         10         20         30   Function call interrupts\n"
	"TLB:          1          2          3   TLB shootdowns\n";

static const char vmstat_a[] =
	"nr_free_pages 1000\n"
	"nr_anon_pages 50\n"
	"thp_fault_alloc 3\n"
	"thp_collapse_alloc 0\n"
	"pgfault 100000\n";

static const char vmstat_b[] =
	"nr_free_pages 900\n"
	"nr_anon_pages 50\n"
	"thp_fault_alloc 5\n"
	"thp_collapse_alloc 2\n"
	"pgfault 100512\n"
	"new_field 7\n";

static FILE *open_text(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	return f;
}

static int parse_irq_text(const char *text, struct irq_snap *s,
			  const char *const *lines, int n)
{
	FILE *f = open_text(text);
	int ret = irq_parse(f, s, lines, n);

	fclose(f);
	return ret;
}

static int parse_vmstat_text(const char *text, struct vmstat_snap *s)
{
	FILE *f = open_text(text);
	int ret = vmstat_parse(f, s);

	fclose(f);
	return ret;
}

static void test_irq_x86(void **state)
{
	static const char *const lines[] = { "CAL", "TLB", "NMI", "ERR" };
	struct irq_snap *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(parse_irq_text(x86_irq, s, lines, 4), 0);
	assert_int_equal(s->ncpus, 4);
	assert_int_equal(s->cpu[3], 3);
	assert_int_equal(s->found[0], 1);
	assert_int_equal(s->count[0][0], 144219);
	assert_int_equal(s->count[0][1], 16942);
	assert_int_equal(s->count[0][3], 7);
	assert_int_equal(s->count[1][1], 991);
	assert_int_equal(s->found[2], 1);
	/* ERR has one value and no description: column 0 only. */
	assert_int_equal(s->found[3], 1);
	assert_int_equal(s->count[3][0], 0);
	irq_free(s);
	free(s);
}

static void test_irq_arm64(void **state)
{
	static const char *const lines[] = {
		"IPI0", "IPI1", "IPI2", "IPI3", "IPI4", "IPI5", "IPI6", "IPI7",
	};
	struct irq_snap *s = calloc(1, sizeof(*s));
	int i;

	(void)state;
	assert_int_equal(parse_irq_text(arm64_irq, s, lines, 8), 0);
	assert_int_equal(s->ncpus, 2);
	for (i = 0; i < 8; i++)
		assert_int_equal(s->found[i], 1);
	assert_int_equal(s->count[1][0], 301);
	assert_int_equal(s->count[1][1], 402);
	assert_int_equal(s->count[7][1], 10);
	irq_free(s);
	free(s);
}

static void test_irq_sparse_cpus(void **state)
{
	static const char *const lines[] = { "TLB", "CAL" };
	struct irq_snap *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(parse_irq_text(sparse_irq, s, lines, 2), 0);
	assert_int_equal(s->ncpus, 3);
	assert_int_equal(s->cpu[0], 0);
	assert_int_equal(s->cpu[1], 2);
	assert_int_equal(s->cpu[2], 5);
	assert_int_equal(s->count[0][2], 3);
	assert_int_equal(s->count[1][1], 20);
	irq_free(s);
	free(s);
}

static void test_irq_missing_line(void **state)
{
	static const char *const lines[] = { "CAL", "IPI1" };
	struct irq_snap *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(parse_irq_text(x86_irq, s, lines, 2), 0);
	assert_int_equal(s->found[0], 1);
	assert_int_equal(s->found[1], 0);
	assert_int_equal(s->count[1][0], 0);
	irq_free(s);
	free(s);
}

static void test_irq_bad_request(void **state)
{
	/* one more than IRQ_MAX_LINES (16) */
	static const char *const nine[] = {
		"A", "B", "C", "D", "E", "F", "G", "H", "I",
		"J", "K", "L", "M", "N", "O", "P", "Q",
	};
	static const char *const longname[] = { "a_label_far_too_long" };
	struct irq_snap *s = calloc(1, sizeof(*s));

	(void)state;
	errno = 0;
	assert_int_equal(parse_irq_text(x86_irq, s, nine, IRQ_MAX_LINES + 1), -1);
	assert_int_equal(errno, EINVAL);
	irq_free(s);
	assert_int_equal(parse_irq_text(x86_irq, s, longname, 1), -1);
	irq_free(s);
	/* No header, no columns. */
	assert_int_equal(parse_irq_text("CAL: 1 2\n", s, nine, 1), -1);
	irq_free(s);
	assert_int_equal(parse_irq_text("", s, nine, 1), -1);
	irq_free(s);
	free(s);
}

/* A header and a line over IRQ_MAX_CPUS columns: ~50 KiB lines. */
static char *many_cpus_text(int ncpus)
{
	size_t cap = (size_t)ncpus * 24 + 128, len = 0;
	char *t = malloc(cap);
	int i;

	assert_non_null(t);
	len += snprintf(t + len, cap - len, "    ");
	for (i = 0; i < ncpus; i++)
		len += snprintf(t + len, cap - len, " CPU%d", i * 2);
	len += snprintf(t + len, cap - len, "\nCAL:");
	for (i = 0; i < ncpus; i++)
		len += snprintf(t + len, cap - len, " %d", i + 1);
	snprintf(t + len, cap - len, " Function call interrupts\n");
	return t;
}

static void test_irq_many_cpus(void **state)
{
	static const char *const lines[] = { "CAL" };
	struct irq_snap *s = calloc(1, sizeof(*s));
	char *t = many_cpus_text(IRQ_MAX_CPUS + 10);

	(void)state;
	assert_true(strlen(t) > 40000);
	assert_int_equal(parse_irq_text(t, s, lines, 1), 0);
	assert_int_equal(s->ncpus, IRQ_MAX_CPUS);
	assert_int_equal(s->cpu[IRQ_MAX_CPUS - 1], (IRQ_MAX_CPUS - 1) * 2);
	assert_int_equal(s->count[0][0], 1);
	assert_int_equal(s->count[0][IRQ_MAX_CPUS - 1], IRQ_MAX_CPUS);
	irq_free(s);
	free(s);
	free(t);
}

static json_t *irq_delta_of(const char *ta, const char *tb,
			    const char *const *lines, int n)
{
	struct irq_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	json_t *d;

	assert_int_equal(parse_irq_text(ta, a, lines, n), 0);
	assert_int_equal(parse_irq_text(tb, b, lines, n), 0);
	d = irq_delta_json(a, b);
	irq_free(a);
	irq_free(b);
	free(a);
	free(b);
	return d;
}

static void test_irq_delta_json(void **state)
{
	static const char *const lines[] = { "CAL", "TLB", "IPI1" };
	static const char after[] =
		"           CPU0       CPU2       CPU5\n"
		"CAL:         15         20         40   Function call interrupts\n"
		"TLB:          1          2          4   TLB shootdowns\n";
	json_t *d = irq_delta_of(sparse_irq, after, lines, 3);
	json_t *cal, *per, *miss;

	(void)state;
	cal = json_object_get(d, "CAL");
	assert_non_null(cal);
	assert_int_equal(json_integer_value(json_object_get(cal, "total")), 15);
	per = json_object_get(cal, "per_cpu");
	assert_int_equal(json_object_size(per), 3);
	assert_int_equal(json_integer_value(json_object_get(per, "0")), 5);
	assert_int_equal(json_integer_value(json_object_get(per, "2")), 0);
	assert_int_equal(json_integer_value(json_object_get(per, "5")), 10);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(d, "TLB"), "total")), 1);
	miss = json_object_get(d, "missing");
	assert_true(json_is_array(miss));
	assert_int_equal(json_array_size(miss), 1);
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "IPI1");
	assert_null(json_object_get(d, "IPI1"));
	json_decref(d);
}

/* A CPU that went offline between the snapshots drops out of per_cpu. */
static void test_irq_delta_hotplug(void **state)
{
	static const char *const lines[] = { "CAL" };
	static const char after[] =
		"           CPU0       CPU5\n"
		"CAL:         11         31   Function call interrupts\n";
	json_t *d = irq_delta_of(sparse_irq, after, lines, 1);
	json_t *cal = json_object_get(d, "CAL");

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(cal, "total")), 2);
	assert_int_equal(json_object_size(json_object_get(cal, "per_cpu")), 2);
	assert_null(json_object_get(d, "missing"));
	json_decref(d);
}

static void test_irq_read_live(void **state)
{
	static const char *const lines[] = { "CAL", "IPI1", "no-such-line" };
	struct irq_snap *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(irq_read(s, lines, 3), 0);
	assert_true(s->ncpus >= 1);
	assert_int_equal(s->found[2], 0);
	irq_free(s);
	free(s);
}

static void test_vmstat_parse_delta(void **state)
{
	struct vmstat_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	(void)state;
	assert_int_equal(parse_vmstat_text(vmstat_a, a), 0);
	assert_int_equal(parse_vmstat_text(vmstat_b, b), 0);
	assert_int_equal(a->n, 5);
	assert_int_equal(b->n, 6);
	assert_string_equal(a->name[4], "pgfault");
	assert_int_equal(vmstat_delta(a, b, "pgfault"), 512);
	assert_int_equal(vmstat_delta(a, b, "thp_collapse_alloc"), 2);
	assert_int_equal(vmstat_delta(a, b, "nr_free_pages"), -100);
	assert_int_equal(vmstat_delta(a, b, "nr_anon_pages"), 0);
	assert_int_equal(vmstat_delta(a, b, "new_field"), -1);
	assert_int_equal(vmstat_delta(a, b, "nonexistent"), -1);
	free(a);
	free(b);
}

static void test_vmstat_delta_json(void **state)
{
	struct vmstat_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	json_t *d;

	(void)state;
	assert_int_equal(parse_vmstat_text(vmstat_a, a), 0);
	assert_int_equal(parse_vmstat_text(vmstat_b, b), 0);
	d = vmstat_delta_json(a, b);
	assert_int_equal(json_object_size(d), 4);
	assert_int_equal(json_integer_value(json_object_get(d, "pgfault")), 512);
	assert_int_equal(json_integer_value(json_object_get(d, "nr_free_pages")), -100);
	assert_null(json_object_get(d, "nr_anon_pages"));	/* unchanged */
	assert_null(json_object_get(d, "new_field"));		/* not in a */
	json_decref(d);
	free(a);
	free(b);
}

static void test_vmstat_odd_input(void **state)
{
	static const char odd[] =
		"good 1\n"
		"broken line here\n"
		"a_name_that_is_longer_than_forty_seven_characters_in_all 5\n"
		"also_good -3\n";
	struct vmstat_snap *s = calloc(1, sizeof(*s));

	(void)state;
	assert_int_equal(parse_vmstat_text(odd, s), 0);
	assert_int_equal(s->n, 2);
	assert_string_equal(s->name[1], "also_good");
	assert_int_equal(s->val[1], -3);
	assert_int_equal(parse_vmstat_text("", s), -1);
	free(s);
}

static void test_vmstat_read_live(void **state)
{
	struct vmstat_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	(void)state;
	assert_int_equal(vmstat_read(a), 0);
	assert_true(a->n > 20);
	assert_int_equal(vmstat_read(b), 0);
	assert_true(vmstat_delta(a, b, "pgfault") >= 0);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_irq_x86),
		cmocka_unit_test(test_irq_arm64),
		cmocka_unit_test(test_irq_sparse_cpus),
		cmocka_unit_test(test_irq_missing_line),
		cmocka_unit_test(test_irq_bad_request),
		cmocka_unit_test(test_irq_many_cpus),
		cmocka_unit_test(test_irq_delta_json),
		cmocka_unit_test(test_irq_delta_hotplug),
		cmocka_unit_test(test_irq_read_live),
		cmocka_unit_test(test_vmstat_parse_delta),
		cmocka_unit_test(test_vmstat_delta_json),
		cmocka_unit_test(test_vmstat_odd_input),
		cmocka_unit_test(test_vmstat_read_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
