// SPDX-License-Identifier: GPL-2.0
/* ptbench info: what this kernel and machine offer ptbench, and why not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/context.h"
#include "bench/core/suite.h"
#include "bench/host/counters.h"
#include "bench/host/irqsel.h"
#include "bench/host/placement.h"
#include "bench/host/sysinfo.h"
#include "lib/util.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench info [--json]\n\n"
		"Show the kernel, page-table geometry, topology, THP/hugetlb settings,\n"
		"and each capability ptbench uses with the reason when it is not usable.\n"
		"Nothing is changed (tracefs is looked at, not mounted).\n"
		"  --json   the \"system\" and \"capabilities\" sections of a result file\n");
}

static void show_sizes(const struct ctx *cx)
{
	const struct wl_sys *s = &cx->sys;
	char a[24], b[24], c[24], d[24], e[24], f[24];
	int i;

	fmt_size(s->page_size, a, sizeof(a));
	fmt_size(s->pmd_size, b, sizeof(b));
	fmt_size(s->pud_size, c, sizeof(c));
	printf("pages:      base %s, PMD %s, PUD %s\n", a, b, c);
	fmt_size(s->pte_table_span, a, sizeof(a));
	fmt_size(s->pmd_table_span, b, sizeof(b));
	fmt_size(s->pte_lock_span, d, sizeof(d));
	fmt_size(s->pmd_lock_span, e, sizeof(e));
	printf("tables:     one PTE table maps %s (lock span %s), one PMD table %s (lock span %s)\n",
	       a, d, b, e);
	printf("hugetlb:   ");
	for (i = 0; i < s->nr_hugetlb; i++) {
		fmt_size(s->hugetlb_size[i], f, sizeof(f));
		printf(" %s", f);
	}
	printf("%s\n", s->nr_hugetlb ? "" : " none");
}

static void show_caps(json_t *caps)
{
	const char *name;
	json_t *c;

	printf("capabilities:\n");
	json_object_foreach(caps, name, c) {
		const char *why = json_string_value(json_object_get(c, "reason"));
		const char *detail = json_string_value(json_object_get(c, "detail"));

		printf("  %-20s %-4s %s%s%s\n", name, json_is_true(json_object_get(c, "usable")) ? "yes" : "no",
		       why ? why : "", why && detail ? "; " : "", detail ? detail : "");
	}
}

static void show_counters(const struct ctx *cx)
{
	const char *tps[AP_MAX_TP];
	struct counters *c;
	json_t *d, *e;
	size_t i;
	int n;

	for (n = 0; n < cx->ap.ntp; n++)
		tps[n] = cx->ap.tracepoints[n];
	c = counters_open(tps, n, NULL, 0);
	d = counters_describe(c);
	printf("counters (%s):\n", json_string_value(json_object_get(d, "scope")));
	json_array_foreach(json_object_get(d, "events"), i, e) {
		const char *why = json_string_value(json_object_get(e, "reason"));

		printf("  %-34s %s%s%s\n", json_string_value(json_object_get(e, "name")),
		       json_string_value(json_object_get(e, "status")), why ? ": " : "", why ? why : "");
	}
	json_decref(d);
	counters_close(c);
}

/* Which /proc/interrupts lines each kind of interrupt would be counted on here. */
static void show_irq_lines(const struct ctx *cx)
{
	struct irq_sel *s = calloc(1, sizeof(*s));
	int i, j;

	if (!s)
		return;
	irq_select(&cx->ap, NULL, s);
	printf("interrupt lines (profile patterns, added per kind):\n");
	for (i = 0; i < s->nkinds; i++) {
		printf("  %-20s", s->k[i].kind);
		if (!s->k[i].nlines)
			printf(" none: %s", s->k[i].why);
		for (j = 0; j < s->nlines; j++)
			if (s->kind_of[j] == i)
				printf(" %s (%s)", s->label[j], s->hit[j].text);
		printf("\n");
	}
	free(s);
}

int cmd_info(int argc, char **argv)
{
	int as_json = 0, rc;
	const struct opt opts[] = {
		OPT_BOOLEAN('j', "json", &as_json, "the system and capabilities as JSON"),
		OPT_FINISH,
	};
	json_t *sys, *caps;
	struct ctx cx;
	char err[512];

	if (cli_options(argc, argv, opts, "info", usage, 0, 0, &rc) == CLI_DONE)
		return rc;
	if (ctx_init(&cx, err, sizeof(err))) {
		fprintf(stderr, "ptbench info: %s\n", err);
		return 1;
	}
	sys = sysinfo_capture(&cx.ap, &cx.sys, cx.topo);
	caps = caps_probe(&cx.sys);
	if (as_json) {
		json_t *o = json_pack("{s:o, s:O, s:O}", "suite", suite_json(), "system", sys,
				      "capabilities", caps);

		json_dumpf(o, stdout, JSON_INDENT(1));
		printf("\n");
		json_decref(o);
	} else {
		json_t *k = json_object_get(sys, "kernel");
		char built[512];

		suite_describe(built, sizeof(built));
		printf("built:      %s\n", built);
		printf("kernel:     %s %s\n", cx.uts.release, json_string_value(json_object_get(k, "version")));
		printf("arch:       %s (profile %s)\n", cx.uts.machine, cx.profile);
		printf("cpus:       %d hardware threads, %d cores, %d packages, %d NUMA nodes\n",
		       topo_npus(cx.topo), topo_ncores(cx.topo), topo_npackages(cx.topo), topo_nnuma(cx.topo));
		if (topo_missing_why(cx.topo))
			printf("            only %d of the %d CPUs came up: %s\n", topo_npus(cx.topo),
			       topo_expected(cx.topo), topo_missing_why(cx.topo));
		show_sizes(&cx);
		show_caps(caps);
		show_counters(&cx);
		show_irq_lines(&cx);
	}
	json_decref(sys);
	json_decref(caps);
	ctx_fini(&cx);
	return 0;
}
