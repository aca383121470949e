// SPDX-License-Identifier: GPL-2.0
/* What every subcommand that looks at the machine needs: profile, topology, facts. */
#include <stdio.h>
#include <string.h>

#include "bench/host/placement.h"
#include "bench/host/sysinfo.h"
#include "context.h"

int ctx_init(struct ctx *c, char *err, size_t len)
{
	char why[256];

	memset(c, 0, sizeof(*c));
	uname(&c->uts);
	c->profile = archprof_name(c->uts.machine);
	if (!c->profile) {
		snprintf(err, len, "no arch profile for machine \"%s\" (configs/arch/)", c->uts.machine);
		return -1;
	}
	if (archprof_load(c->profile, &c->ap, err, len))
		return -1;
	c->topo = topo_load(NULL, why, sizeof(why));
	if (!c->topo) {
		snprintf(err, len, "hwloc: %s", why);
		return -1;
	}
	if (sysfacts_read(&c->ap, &c->sys, why, sizeof(why))) {
		snprintf(err, len, "%s", why);
		ctx_fini(c);
		return -1;
	}
	return 0;
}

void ctx_fini(struct ctx *c)
{
	if (c->topo)
		topo_free(c->topo);
	c->topo = NULL;
}
