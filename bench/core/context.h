/* SPDX-License-Identifier: GPL-2.0 */
/* What every subcommand that looks at the machine needs: profile, topology, facts. */
#ifndef PTBENCH_CONTEXT_H
#define PTBENCH_CONTEXT_H

#include <sys/utsname.h>

#include "bench/host/archprof.h"
#include "workloads/workload.h"

struct topo;

struct ctx {
	struct utsname uts;
	const char *profile;
	struct archprof ap;
	struct topo *topo;
	struct wl_sys sys;
};

/* 0, or -1 with the reason (no profile for this arch, bad profile, ...). */
int ctx_init(struct ctx *c, char *err, size_t len);
void ctx_fini(struct ctx *c);

#endif
