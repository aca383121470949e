/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's side of a run, shared by "ptbench vm"'s /init (vm_guest.c)
 * and the test step of a "ptbench lava" job (lava/guest.c): the file
 * systems a run needs, the environment it runs in (vCPUs that did not
 * come up, integrity's disk), and the result files framed onto the console.
 */
#ifndef PTBENCH_VM_GUEST_H
#define PTBENCH_VM_GUEST_H

#define VM_GUEST_DIR	"/ptbench"	/* ptbench, its config, profiles, modules */
#define VM_GUEST_OUT	"/out"		/* the run's result files */

/* devtmpfs (and the console onto stdio), proc, sysfs, tracefs, debugfs, /run, cgroup2. */
void vm_guest_mounts(void);
/*
 * Check that smp vCPUs came up (NULL or "": not known), load the staged
 * modules, find integrity's disk, and show "ptbench info" and the
 * interrupt lines on the console.
 */
void vm_guest_prepare(const char *smp);
/* Run argv in the guest's environment (PTBENCH_DATADIR, the disk, ...): its exit status. */
int vm_guest_spawn(char *const argv[]);
/* fn(path, arg) for each result file (*.json) of VM_GUEST_OUT: how many returned 0. */
int vm_guest_results(int (*fn)(const char *path, void *arg), void *arg);
/* Frame every result file of VM_GUEST_OUT onto stdout (vmframe.h): how many went. */
int vm_guest_send(void);

#endif
