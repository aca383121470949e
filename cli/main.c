// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench: page-table benchmarks for Linux mm developers.
 * Subcommands are dispatched from one table, as perf does.
 */
#include <stdio.h>
#include <string.h>

#include "bench/host/holddev.h"
#include "cmds.h"
#include "version.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd cmds[] = {
	{ "info", cmd_info, "what this kernel and machine support, and why not" },
	{ "list", cmd_list, "workloads, their parameters and defaults" },
	{ "run", cmd_run, "run points from configs or the command line, write a result file" },
	{ "validate", cmd_validate, "load result files as analysis does and summarise them" },
	{ "compare", cmd_compare, "A/B summary of result files: headline figures, 95% CI, FDR mark" },
	{ "plot", cmd_plot, "gnuplot .dat/.gp files and PNG/SVG plots of result files" },
	{ "report", cmd_report, "verdict, figures, method: report.md and a self-contained index.html" },
	{ "calibrate", cmd_calibrate, "A/A false-positive rate and minimum detectable effect here" },
	{ "restore", cmd_restore, "put back system knobs left changed by an interrupted run" },
	{ "vm", cmd_vm, "boot kernels under QEMU, run a config in each, compare, report" },
	{ "lava", cmd_lava, "a config as LAVA jobs for a lab's machines; collect: results from their logs" },
	{ "ab", cmd_ab, "kernel A/B as interleaved kexec boots on this machine, the boot as unit" },
	{ "probe", cmd_probe, "collapse-ipi: the collapse IPI count by a loop of its own, to check it" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: ptbench COMMAND [OPTIONS]\n\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'ptbench COMMAND --help' for a command's options. Version %s (%s).\n",
		PTB_VERSION, PTB_GIT);
}

int main(int argc, char **argv)
{
	size_t i;

	/* /init of a "ptbench vm" initramfs (PID 1 with the guest marker file). */
	if (vm_is_guest())
		return vm_guest_main();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* integrity's hold device starts its FUSE server as this binary again: not a command */
	if (!strcmp(argv[1], HOLD_DEV_SERVER))
		return hold_dev_serve(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ptbench %s (%s)\n", PTB_VERSION, PTB_GIT);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ptbench: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
