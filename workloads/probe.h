/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One probe per capability a workload depends on, with one reason text:
 * the families and triggers call these from their probe() hooks before
 * setup() maps anything, and the "capabilities" section of ptbench info and
 * of every result file (bench/host/capabilities.c) shows the same answer.
 * Each is cheap and leaves nothing behind. 1: usable; 0: not, the reason in
 * why.
 */
#ifndef PTBENCH_PROBE_H
#define PTBENCH_PROBE_H

#include <stddef.h>

#include "workload.h"

/* The kernel knows MADV_COLLAPSE (6.1+) and this process may use THP. */
int probe_madv_collapse(const struct wl_sys *sys, char *why, size_t len);
/* An io_uring can be set up (not ENOSYS, not io_uring_disabled). */
int probe_io_uring(const struct wl_sys *sys, char *why, size_t len);
/* The kernel's gup_test (CONFIG_GUP_TEST) is there and open to us. */
int probe_gup_test(const struct wl_sys *sys, char *why, size_t len);
/*
 * The kernel frees a PTE table that MADV_DONTNEED empties whole (PT
 * reclaim, CONFIG_PT_RECLAIM, v6.14+): tried on one table, seen in VmPTE.
 * 1 with what was seen in why, or 0 with the reason.
 */
int probe_pt_reclaim(const struct wl_sys *sys, char *why, size_t len);

#endif
