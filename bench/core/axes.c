// SPDX-License-Identifier: GPL-2.0
/*
 * Axis values that stand for more than themselves: threads=sweep (1, 2,
 * 4, ... up to the CPU count, plus the CPU count) and a number parameter
 * written as a word ("auto", "all"), which the workload resolves per point
 * knowing the largest worker count of its sweep and the CPU count (ptl
 * pages=auto: the most pages per worker such that the shared placement
 * fits one page table at every N; collapse bystanders=all).
 */
#include <stdio.h>
#include <string.h>

#include "bench/host/placement.h"
#include "lib/util.h"
#include "config.h"

int threads_sweep(const char *val, const struct topo *t, char (*out)[32], int max)
{
	unsigned int ncpus, n;
	int k = 0;

	if (strcmp(val, "sweep") || !t)
		return 0;
	ncpus = (unsigned int)topo_expected(t);
	for (n = 1; n < ncpus && k < max - 1; n *= 2)
		snprintf(out[k++], 32, "%u", n);
	snprintf(out[k++], 32, "ncpus");
	return k;
}

/* Whether val is one of the words number parameter p also takes. */
static int is_word(const struct workload_ops *ops, const char *name, const char *val)
{
	const struct wl_param *p = workload_param(ops, name);

	return p && p->type != WP_ENUM && p->choices && wl_param_check(p, val, NULL, 0) == 0 &&
	       (val[0] < '0' || val[0] > '9');
}

int point_resolve_auto(struct point_spec *ps, unsigned int max_threads, unsigned int ncpus,
		       const struct wl_sys *sys, const char *where, char *err, size_t len)
{
	char why[160], val[32], word[32];
	int i;

	for (i = 0; i < ps->args.n; i++) {
		if (!is_word(ps->ops, ps->args.name[i], ps->args.val[i]))
			continue;
		snprintf(word, sizeof(word), "%s", ps->args.val[i]);
		if (!ps->ops->resolve ||
		    ps->ops->resolve(ps->args.name[i], &ps->args, max_threads, ncpus, sys, val,
				     sizeof(val), why, sizeof(why)))
			return set_why(err, len, "%s: %s=%s: %s", where, ps->args.name[i], word,
				       ps->ops->resolve ? why : "not resolvable for this workload");
		snprintf(ps->vals[i], sizeof(ps->vals[i]), "%s", val);
		ps->args.val[i] = ps->vals[i];
		snprintf(ps->autonote, sizeof(ps->autonote), "%.24s=%.8s: %.24s (%.150s)",
			 ps->args.name[i], word, val, why);
	}
	return 0;
}
