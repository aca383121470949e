// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt lines by what they are: the profiles' patterns against real
 * /proc/interrupts texts of every arch and interrupt controller, and the
 * sum of a kind's lines between two snapshots.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/host/archprof.h"
#include "bench/host/irqmatch.h"
#include "bench/host/irqsel.h"
#include "bench/host/procstat.h"
#include "lib/util.h"

/* x86_64 KVM guest, kernel 6.x (this project's development VM), trimmed. */
static const char x86_text[] =
	"           CPU0       CPU1       \n"
	" 24:          1          0  IO-APIC   5-edge      ACPI:Ged\n"
	" 26:          0          9  IO-APIC   4-edge      ttyS0\n"
	" 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config\n"
	" 36:          0     175023 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0\n"
	"NMI:          0          0   Non-maskable interrupts\n"
	"LOC:     180229     178937   Local timer interrupts\n"
	"IWI:        941        636   IRQ work interrupts\n"
	"RES:     149260     123240   Rescheduling interrupts\n"
	"CAL:     412046     168981   Function call interrupts\n"
	"TLB:          0          0   TLB shootdowns\n"
	"ERR:          0\n"
	"MIS:          0\n";

/* QEMU pseries (TCG, power9, XIVE), Debian 6.1.0-57, ptbench vm console. */
static const char xive_text[] =
	"           CPU0       CPU1       \n"
	" 16:        208        180  XIVE-IPI   0 Edge      IPI-0\n"
	" 17:          0          0  XIVE-IRQ 4096 Edge      RAS_EPOW\n"
	" 18:          0          0  XIVE-IRQ 4352 Edge      hvc_console\n"
	" 20:          0          0  XIVE-IRQ 4097 Edge      RAS_HOTPLUG\n"
	"LOC:        550        489   Local timer interrupts for timer event device\n"
	"BCT:          0          0   Broadcast timer interrupts for timer event device\n"
	"LOC:          0          1   Local timer interrupts for others\n"
	"SPU:          1          3   Spurious interrupts\n"
	"PMI:          0          0   Performance monitoring interrupts\n"
	"MCE:          0          0   Machine check exceptions\n"
	"NMI:          0          0   System Reset interrupts\n"
	"WDG:        101        111   Watchdog soft-NMI interrupts\n"
	"DBL:          0          0   Doorbell interrupts\n";

/* The same guest with -M pseries,ic-mode=xics. */
static const char xics_text[] =
	"           CPU0       CPU1       \n"
	" 16:        256        158      XICS   2 Edge      IPI\n"
	" 17:          0          0      XICS 4096 Edge      RAS_EPOW\n"
	" 18:          0          0      XICS 4352 Edge      hvc_console\n"
	" 20:          0          0      XICS 4097 Edge      RAS_HOTPLUG\n"
	"LOC:        618        529   Local timer interrupts for timer event device\n"
	"SPU:          0          0   Spurious interrupts\n"
	"WDG:         89         94   Watchdog soft-NMI interrupts\n"
	"DBL:          0          0   Doorbell interrupts\n";

/* QEMU powernv9 (TCG, skiboot), Debian 6.1.0-57: IPIs are doorbells. */
static const char powernv_text[] =
	"           CPU0       CPU1       \n"
	" 16:          0          0  XIVE-IPI   0 Edge      IPI-0\n"
	" 17:          0          0  XIVE-IRQ 1048560 Level     opal-psi#0:fsp\n"
	" 20:          0          1  XIVE-IRQ 1048563 Level     opal-psi#0:lpchc\n"
	" 31:          0          0  OPAL EVT  11 Level     opal-msg\n"
	" 32:          0          0  OPAL EVT   4 Edge      hvc_console\n"
	"LOC:        648        675   Local timer interrupts for timer event device\n"
	"HMI:          0          0   Hypervisor Maintenance Interrupts\n"
	"NMI:          0          0   System Reset interrupts\n"
	"WDG:        138        111   Watchdog soft-NMI interrupts\n"
	"DBL:        265        202   Doorbell interrupts\n";

/* QEMU virt,gic-version=3 (TCG, cortex max), Debian 6.1.0-57 arm64. */
static const char gicv3_text[] =
	"           CPU0       CPU1       \n"
	" 11:        918       1028     GICv3  27 Level     arch_timer\n"
	" 13:          0          0     GICv3  33 Level     uart-pl011\n"
	" 14:          0          0     GICv3  23 Level     arm-pmu\n"
	" 16:          0          0     GICv3  34 Level     rtc-pl031\n"
	"IPI0:        22         22       Rescheduling interrupts\n"
	"IPI1:       236        160       Function call interrupts\n"
	"IPI2:         0          0       CPU stop interrupts\n"
	"IPI3:         0          0       CPU stop (for crash dump) interrupts\n"
	"IPI4:         0          0       Timer broadcast interrupts\n"
	"IPI5:         0          0       IRQ work interrupts\n"
	"IPI6:         0          0       CPU wake-up interrupts\n"
	"Err:          0\n";

/* The same with QEMU virt's default GICv2 (ptbench vm). */
static const char gicv2_text[] =
	"           CPU0       CPU1       \n"
	" 11:       1568       1058 GIC-0  27 Level     arch_timer\n"
	" 13:          0          0 GIC-0  33 Level     uart-pl011\n"
	"IPI0:        29         18       Rescheduling interrupts\n"
	"IPI1:       202        261       Function call interrupts\n"
	"IPI2:         0          0       CPU stop interrupts\n"
	"IPI3:         0          0       CPU stop (for crash dump) interrupts\n"
	"IPI4:         0          0       Timer broadcast interrupts\n"
	"IPI5:         0          0       IRQ work interrupts\n"
	"IPI6:         0          0       CPU wake-up interrupts\n"
	"Err:          0\n";

/* QEMU s390-ccw-virtio (TCG), Debian 6.1.0-50 s390x, trimmed. */
static const char s390_text[] =
	"           CPU0       CPU1       \n"
	"EXT:        771        775 \n"
	"I/O:          0          0 \n"
	"AIO:          0          0 \n"
	"CLK:        628        610   [EXT] Clock Comparator\n"
	"EXC:         24         23   [EXT] External Call\n"
	"EMS:        108        135   [EXT] Emergency Signal\n"
	"TMR:          0          0   [EXT] CPU Timer\n"
	"SCP:         11          8   [EXT] Service Call\n"
	"CIO:          0          0   [I/O] Common I/O Layer Interrupt\n"
	"NMI:          0          0   [NMI] Machine Check\n"
	"RST:          0          1   [CPU] CPU Restart\n";

/* A copy of text with the first occurrence of from replaced by to. */
static char *bump(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(p);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	return out;
}

static int setup(void **state)
{
	(void)state;
	setenv("PTBENCH_DATADIR", ".", 1);
	return 0;
}

static void load(const char *arch, struct archprof *p)
{
	char err[256] = "";

	if (archprof_load(arch, p, err, sizeof(err)))
		fail_msg("%s: %s", arch, err);
}

static void select_text(const struct archprof *ap, const char *text, struct irq_sel *s)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	assert_int_equal(irq_select(ap, f, s), 0);
	fclose(f);
}

static void snap(const struct irq_sel *s, const char *text, struct irq_snap *out)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	assert_non_null(f);
	assert_int_equal(irq_parse(f, out, s->label, s->nlines), 0);
	fclose(f);
}

static int kind_idx(const struct irq_sel *s, const char *kind)
{
	int i;

	for (i = 0; i < s->nkinds; i++)
		if (!strcmp(s->k[i].kind, kind))
			return i;
	fail_msg("no kind %s", kind);
	return -1;
}

/* The labels chosen for kind, space-separated, into out. */
static const char *labels_of(const struct irq_sel *s, const char *kind, char *out, size_t len)
{
	int k = kind_idx(s, kind), j;
	size_t n = 0;

	out[0] = '\0';
	for (j = 0; j < s->nlines; j++)
		if (s->kind_of[j] == k)
			n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", s->label[j]);
	return out;
}

/*
 * Select function_call from before, then check its delta to after: on CPU
 * 0, on CPU 1 and in total.
 */
static void check_delta(const char *arch, const char *before, const char *after,
			const char *want_labels, double d0, double d1)
{
	struct irq_sel *s = calloc(1, sizeof(*s));
	struct irq_snap *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct archprof ap;
	char got[128];
	int k;

	assert_non_null(s);
	load(arch, &ap);
	select_text(&ap, before, s);
	assert_string_equal(labels_of(s, "function_call", got, sizeof(got)), want_labels);
	k = kind_idx(s, "function_call");
	assert_string_equal(s->k[k].why, "");
	snap(s, before, a);
	snap(s, after, b);
	assert_true(irq_sel_delta(s, k, a, b, 0) == d0);
	assert_true(irq_sel_delta(s, k, a, b, 1) == d1);
	assert_true(irq_sel_delta(s, k, a, b, -1) == d0 + d1);
	assert_true(isnan(irq_sel_delta(s, k, a, b, 7)));	/* no such CPU */
	irq_free(a);
	irq_free(b);
	free(a);
	free(b);
	free(s);
}

static void test_x86(void **state)
{
	char *after = bump(x86_text, "CAL:     412046     168981", "CAL:     412050     168991");

	(void)state;
	check_delta("x86_64", x86_text, after, "CAL", 4, 10);
	free(after);
}

/* pseries KVM/TCG guest with XIVE: DBL stays 0, line 16 counts. */
static void test_pseries_xive(void **state)
{
	char *after = bump(xive_text, " 16:        208        180", " 16:        218        200");

	(void)state;
	check_delta("ppc64le", xive_text, after, "16 DBL", 10, 20);
	free(after);
}

static void test_pseries_xics(void **state)
{
	char *after = bump(xics_text, " 16:        256        158", " 16:        257        160");

	(void)state;
	check_delta("ppc64le", xics_text, after, "16 DBL", 1, 2);
	free(after);
}

/* powernv: IPIs are doorbells (doorbell_global_ipi); the XIVE IPI line is also there. */
static void test_powernv(void **state)
{
	char *after = bump(powernv_text, "DBL:        265        202", "DBL:        300        203");

	(void)state;
	check_delta("ppc64le", powernv_text, after, "16 DBL", 35, 1);
	free(after);
}

/* Both delivery routes at once (PowerVM: doorbells to SMT siblings, XIVE to others): added. */
static void test_ppc_both_routes(void **state)
{
	char *a1 = bump(xive_text, " 16:        208        180", " 16:        209        190");
	char *a2 = bump(a1, "DBL:          0          0", "DBL:          5          0");

	(void)state;
	check_delta("ppc64le", xive_text, a2, "16 DBL", 6, 10);
	free(a1);
	free(a2);
}

/* By description: IPI1 on 6.1 and 6.12 alike, whatever the GIC. */
static void test_arm64_gicv3(void **state)
{
	char *after = bump(gicv3_text, "IPI1:       236        160", "IPI1:       240        170");
	struct irq_sel *s = calloc(1, sizeof(*s));
	struct archprof ap;
	char got[64];

	(void)state;
	check_delta("arm64", gicv3_text, after, "IPI1", 4, 10);
	load("arm64", &ap);
	select_text(&ap, gicv3_text, s);
	assert_string_equal(labels_of(s, "reschedule", got, sizeof(got)), "IPI0");
	assert_string_equal(labels_of(s, "timer", got, sizeof(got)), "IPI4");
	free(after);
	free(s);
}

static void test_arm64_gicv2(void **state)
{
	char *after = bump(gicv2_text, "IPI1:       202        261", "IPI1:       203        261");

	(void)state;
	check_delta("arm64", gicv2_text, after, "IPI1", 1, 0);
	free(after);
}

/* s390: External Call to a running CPU, Emergency Signal otherwise: added. */
static void test_s390(void **state)
{
	char *a1 = bump(s390_text, "EXC:         24         23", "EXC:         30         23");
	char *a2 = bump(a1, "EMS:        108        135", "EMS:        108        140");

	(void)state;
	check_delta("s390x", s390_text, a2, "EXC EMS", 6, 5);
	free(a1);
	free(a2);
}

/* A kind with no line: no label, a reason naming what was looked for, deltas NAN. */
static void test_missing_kind(void **state)
{
	static const char text[] =
		"           CPU0       CPU1\n"
		"LOC:        1          2   Local timer interrupts\n";
	struct irq_sel *s = calloc(1, sizeof(*s));
	struct irq_snap *a = calloc(1, sizeof(*a));
	struct archprof ap;
	int k;

	(void)state;
	load("ppc64le", &ap);
	select_text(&ap, text, s);
	assert_int_equal(s->nlines, 0);
	k = kind_idx(s, "function_call");
	assert_int_equal(s->k[k].nlines, 0);
	assert_non_null(strstr(s->k[k].why, "no interrupt line of kind function_call"));
	assert_non_null(strstr(s->k[k].why, "chip \"XIVE-IPI\", action \"IPI-*\""));
	assert_non_null(strstr(s->k[k].why, "label \"DBL\""));
	snap(s, text, a);
	assert_true(isnan(irq_sel_delta(s, k, a, a, -1)));
	assert_true(isnan(irq_sel_delta(s, k, a, a, 0)));
	irq_free(a);
	free(a);
	free(s);
}

/* Text without the header line: every kind says the text is unreadable. */
static void test_no_header(void **state)
{
	static const char text[] = "CAL: 1 2 Function call interrupts\n";
	struct irq_sel *s = calloc(1, sizeof(*s));
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct archprof ap;

	(void)state;
	load("x86_64", &ap);
	assert_int_equal(irq_select(&ap, f, s), -1);
	fclose(f);
	assert_int_equal(s->nlines, 0);
	assert_non_null(strstr(s->k[kind_idx(s, "function_call")].why, "unreadable"));
	free(s);
}

static void test_pattern_columns(void **state)
{
	struct irq_pattern p;

	(void)state;
	memset(&p, 0, sizeof(p));
	snprintf(p.chip, sizeof(p.chip), "IO-APIC");
	snprintf(p.action, sizeof(p.action), "timer");
	/* x86 prints "<hwirq>-edge": a word, not a count */
	assert_true(irq_pattern_match(&p, "  0:         35          0   IO-APIC   2-edge      timer\n"));
	assert_false(irq_pattern_match(&p, "  1:         35          0   IO-APIC   1-edge      i8042\n"));
	/* chip and action only on numbered lines */
	memset(&p, 0, sizeof(p));
	snprintf(p.chip, sizeof(p.chip), "Function");
	assert_false(irq_pattern_match(&p, "CAL:     144219      16942   Function call interrupts\n"));
	/* the description is the whole text after the counts */
	memset(&p, 0, sizeof(p));
	snprintf(p.desc, sizeof(p.desc), "Function call*");
	assert_true(irq_pattern_match(&p, "CAL:     144219      16942   Function call interrupts\n"));
	assert_false(irq_pattern_match(&p, "no colon here\n"));
}

/* The longest line of a 4096-CPU machine (45 KiB) still matches on its tail. */
static void test_long_line(void **state)
{
	size_t cap = 4096 * 11 + 128, n = 0;
	char *line = malloc(cap);
	struct irq_pattern p;
	int i;

	(void)state;
	assert_non_null(line);
	n += (size_t)snprintf(line + n, cap - n, " 16:");
	for (i = 0; i < 4096; i++)
		n += (size_t)snprintf(line + n, cap - n, " %10d", i);
	snprintf(line + n, cap - n, "  XIVE-IPI   0 Edge      IPI-0\n");
	memset(&p, 0, sizeof(p));
	snprintf(p.chip, sizeof(p.chip), "XIVE-IPI");
	snprintf(p.action, sizeof(p.action), "IPI-*");
	assert_true(irq_pattern_match(&p, line));
	free(line);
}

static int load_text(const char *json, struct archprof *p, char *err, size_t len)
{
	char path[] = "/tmp/ptbench-irqsel-XXXXXX";
	int fd = mkstemp(path), ret;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
	ret = archprof_load_file(path, p, err, len);
	unlink(path);
	return ret;
}

#define PROFILE(lines) \
	"{\"arch\": \"t\", \"page_sizes\": [{\"page_size\": \"4K\", \"levels\": 4, " \
	"\"pte_table_bytes\": 4096, \"pmd_table_bytes\": 4096}], \"interrupt_lines\": " lines "}"

static void test_profile_errors(void **state)
{
	struct archprof p;
	char err[256];

	(void)state;
	assert_int_equal(load_text(PROFILE("{\"function_call\": {}}"), &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "names no column"));
	assert_int_equal(load_text(PROFILE("{\"function_call\": []}"), &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "empty list"));
	assert_int_equal(load_text(PROFILE("{\"function_call\": {\"chipp\": \"X\"}}"), &p, err,
				   sizeof(err)), -1);
	assert_int_equal(load_text(PROFILE("{\"function_call\": 3}"), &p, err, sizeof(err)), -1);
	assert_int_equal(load_text(PROFILE("{\"function_call\": [\"CAL\", {\"chip\": \"X\", "
					   "\"action\": \"IPI*\"}]}"), &p, err, sizeof(err)), 0);
	assert_int_equal(p.nlines, 2);
	assert_string_equal(p.lines[1].pat.chip, "X");
	assert_string_equal(p.lines[1].pat.action, "IPI*");
	assert_int_equal(p.rcu_table_free, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86),
		cmocka_unit_test(test_pseries_xive),
		cmocka_unit_test(test_pseries_xics),
		cmocka_unit_test(test_powernv),
		cmocka_unit_test(test_ppc_both_routes),
		cmocka_unit_test(test_arm64_gicv3),
		cmocka_unit_test(test_arm64_gicv2),
		cmocka_unit_test(test_s390),

		cmocka_unit_test(test_missing_kind),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_pattern_columns),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_profile_errors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
