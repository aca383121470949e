/* SPDX-License-Identifier: GPL-2.0 */
/* The subcommands, perf-style: one table in main.c, one file each. */
#ifndef PTBENCH_CMDS_H
#define PTBENCH_CMDS_H

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

/* ptbench as /init of a "ptbench vm" guest (vm_guest.c). */
int vm_is_guest(void);
int vm_guest_main(void);

/* Exit status for bad usage or bad input, before anything was changed. */
#define EXIT_USAGE	2

#endif
