/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the run ran on: the "system" and "capabilities" sections of the
 * result, and the facts the workloads need (struct wl_sys).
 */
#ifndef PTBENCH_SYSINFO_H
#define PTBENCH_SYSINFO_H

#include <jansson.h>

#include "archprof.h"
#include "workloads/services.h"
#include "workloads/workload.h"

struct topo;

/* Fill the workload facts from the running system and the arch profile. */
int sysfacts_read(const struct archprof *ap, struct wl_sys *sys, char *why, size_t len);

/*
 * The "system" section: kernel release/version/cmdline, selected config
 * options and a hash of the whole config, arch, page/PMD/PUD sizes and
 * page-table spans, CPU model, topology, SMT, NUMA, governor, mitigations,
 * THP and khugepaged settings, hugetlb pools, boot id, host.
 */
json_t *sysinfo_capture(const struct archprof *ap, const struct wl_sys *sys, const struct topo *t);

/*
 * The "capabilities" section: each feature as {"usable": bool, "reason"
 * (when not usable), "detail" (when useful)}. Probes are cheap (a few ms in
 * all) and leave nothing behind.
 */
json_t *caps_probe(const struct wl_sys *sys);

/* kconfig_get() and kconfig_readable(): workloads/services.h. */
/*
 * Use the config at path (plain text, or gzip when the name ends in ".gz")
 * instead of the running kernel's: for tests, and to describe a kernel that
 * is not the one running. NULL goes back to the running kernel's. 0, or -1
 * with the reason in why (the config is then unreadable).
 */
int kconfig_use(const char *path, char *why, size_t len);

#endif
