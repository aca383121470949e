/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System knobs (sysfs/procfs files) changed by a run. Each is saved before
 * its first change, in memory and in a state file, and put back on exit,
 * error, SIGINT and SIGTERM; a state file left by a crash is replayed by
 * "ptbench restore".
 */
#ifndef PTBENCH_KNOBS_H
#define PTBENCH_KNOBS_H

#include <stddef.h>

/* Where the state file lives (PTBENCH_STATE, else /run/ptbench/state.json). */
const char *knobs_state_path(void);

/* knob_set(), the one a workload may call, is declared there. */
#include "workloads/services.h"

/* A mark for knob_restore_to(): knobs set after it are restored by it. */
int knob_mark(void);
/* Restore knobs set after mark, newest first. Returns how many failed. */
int knob_restore_to(int mark);
/* Restore everything and remove the state file. Returns how many failed. */
int knobs_restore_all(void);
/* Install SIGINT/SIGTERM/SIGHUP handlers that set *flag; atexit restore. */
void knobs_install_handlers(volatile int *flag);
/* Replay a state file left by an interrupted run; prints what it restored. */
int knobs_restore_from_state(const char *path, int verbose);
/* Whether SIGINT/SIGTERM/SIGHUP has been received. */
int knobs_signal_received(void);
/* The first signal received (SIGINT, SIGTERM...), 0 if none. */
int knobs_signal_number(void);
/*
 * Take the run lock so that two runs do not fight over the knobs: the
 * machine-wide /run/ptbench/knobs.lock, or where that cannot be created
 * (unprivileged) the one beside the state file. Returns the held fd, or -1
 * with the reason, which names the holder's pid. wait != 0: wait for
 * another run to finish instead of failing.
 */
int knobs_lock_wait(char *why, size_t len, int wait);
/* The same on lock file path (what knobs_lock_wait uses after choosing the file). */
int knobs_lock_file(const char *path, char *why, size_t len, int wait);

/*
 * Knobs live under /sys/kernel/mm/{transparent_hugepage,hugepages},
 * /sys/devices/system/node and /proc/sys/vm: knob_set() and the state-file
 * replay refuse any other path. Unit tests add their temp directory here.
 */
void knobs_allow_prefix(const char *prefix);

#endif
