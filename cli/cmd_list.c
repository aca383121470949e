// SPDX-License-Identifier: GPL-2.0
/* ptbench list: the workloads, their parameters with values and defaults, the harness options. */
#include <stdio.h>
#include <string.h>

#include "bench/core/config.h"
#include "bench/core/present.h"
#include "bench/core/run_opts.h"
#include "bench/host/placement.h"
#include "cmds.h"
#include "workloads/workload.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench list [--presentation] [WORKLOAD...]\n\n"
		"List the workloads, their parameters with accepted values and defaults,\n"
		"the derived figures, and the harness parameters every workload takes.\n\n"
		"      --presentation   print instead, as JSON, how the families are shown (the\n"
		"                       result file's \"presentation\" section, docs/schema.md)\n"
		"  -h, --help\n");
}

static const char *type_desc(const struct wl_param *p, char *buf, size_t len)
{
	switch (p->type) {
	case WP_ENUM:
		return p->choices;
	case WP_BOOL:
		return "0|1";
	case WP_UINT:
		snprintf(buf, len, "%llu..%llu%s%s", p->min, p->max, p->choices ? "|" : "",
			 p->choices ? p->choices : "");
		return buf;
	case WP_SIZE:
		snprintf(buf, len, "size %llu..%llu", p->min, p->max);
		return buf;
	}
	return "";
}

static void show(const struct workload_ops *ops)
{
	const struct wl_param *p;
	const struct wl_ratio *r;
	const struct wl_metric *m;
	char buf[64];

	printf("%s: %s\n", ops->name, ops->summary);
	printf("  one op: %s\n", ops->op_desc);
	printf("  parameters:\n");
	for (p = ops->params; p && p->name; p++) {
		printf("    %-10s %-30s default %s\n", p->name, type_desc(p, buf, sizeof(buf)), p->def);
		printf("    %-10s %s\n", "", p->help);
	}
	for (r = ops->ratios; r && r->name; r++)
		printf("  derived: %s = %s\n", r->name, r->help);
	printf("  derived: scaling_efficiency = ops/s at N workers / (N x ops/s at 1 worker)\n");
	printf("  metrics: ops_per_sec, ops_per_sec_per_thread, ns_per_op\n");
	for (m = ops->metrics; m && m->name; m++)
		printf("  metric: %s (%s, %s is better) %s\n", m->name, m->unit,
		       m->higher_is_better ? "higher" : "lower", m->desc);
	printf("\n");
}

static void show_harness(void)
{
	struct run_opts d = RUN_OPTS_DEFAULT;

	printf("harness parameters (every workload; in a config entry or after the workload on the command line):\n");
	printf("    %-12s %-30s default 1\n", "threads", "N|ncpus|ncores|half, a list");
	run_opt_list(stdout, &d);
	printf("\nexample: ptbench run ptl:level=pmd,placement=shared,split,op=mincore,pages=64,threads=1,2\n");
}

static int print_presentation(void)
{
	json_t *p = present_json(workloads);
	int rc = json_dumpf(p, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII);

	putchar('\n');
	json_decref(p);
	return rc ? 1 : 0;
}

int cmd_list(int argc, char **argv)
{
	int i, ret, presentation = 0;
	const struct opt opts[] = {
		OPT_BOOLEAN(0, "presentation", &presentation,
			    "print instead, as JSON, how the families are shown (the\n"
			    "result file's \"presentation\" section, docs/schema.md)"),
		OPT_FINISH,
	};
	int first = cli_options(argc, argv, opts, "list", usage, 0, -1, &ret);

	if (first == CLI_DONE)
		return ret;
	if (presentation)
		return print_presentation();
	if (first == argc) {
		for (i = 0; workloads[i]; i++)
			show(workloads[i]);
		show_harness();
		return 0;
	}
	for (i = first; i < argc; i++) {
		const struct workload_ops *ops = workload_find(argv[i]);

		if (!ops) {
			fprintf(stderr, "ptbench list: unknown workload \"%s\"\n", argv[i]);
			ret = EXIT_USAGE;
			continue;
		}
		show(ops);
	}
	return ret;
}
