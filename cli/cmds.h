/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands, perf-style: one table in main.c, one file each. */
#ifndef PTBENCH_CMDS_H
#define PTBENCH_CMDS_H

#include <stdio.h>

#include "lib/opt.h"

int cmd_info(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_vm(int argc, char **argv);
int cmd_ab(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_lava(int argc, char **argv);

/* ptbench vm's command line (vm_args.c) into a; 0, or -1 (said why). */
struct vm_args;
int vm_args_parse(int argc, char **argv, struct vm_args *a);

/* A file-name-safe stem of a name: [A-Za-z0-9._-], the rest '_', no leading dot (vm_args.c). */
void cli_stem(const char *name, char *stem, size_t len);

/* ptbench lava's command lines (lava_args.c): 0, or -1 (said why); 1 after --help. */
struct lava_args;
struct lava_collect_args;
int lava_args_parse(int argc, char **argv, struct lava_args *a);
int lava_collect_args_parse(int argc, char **argv, struct lava_collect_args *c);

/* ptbench as /init of a "ptbench vm" guest (vm_guest.c). */
int vm_is_guest(void);
int vm_guest_main(void);

/* Exit status for bad usage or bad input, before anything was changed. */
#define EXIT_USAGE	2

/*
 * A command's options (lib/opt.h) and then between min and max operands
 * (max < 0: any): the index of the first operand, or CLI_DONE with *rc the
 * command's exit status (0 after --help; EXIT_USAGE, the usage printed).
 */
#define CLI_DONE	(-1)
int cli_options(int argc, char **argv, const struct opt *opts, const char *cmd,
		void (*usage)(FILE *), int min, int max, int *rc);

#endif
