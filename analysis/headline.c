// SPDX-License-Identifier: GPL-2.0
/* The headline figures of each workload family (see headline.h). */
#include <string.h>

#include "headline.h"

struct headline {
	const char *workload;
	const char *metric;
	enum headline_role role;
};

/* In summary column order within each family. */
static const struct headline headlines[] = {
	{ "ptl", "ops_per_sec", HL_TESTED },
	{ "ptl", "split_benefit", HL_TESTED },
	{ "ptl", "scaling_efficiency", HL_TESTED },
	{ "ptl", "layout_effect", HL_SHOWN },
	{ "collapse", "collapse_ns_p50", HL_TESTED },
	{ "collapse", "collapse_ns_p99", HL_TESTED },
	{ "collapse", "ipis_per_collapse_bystander", HL_TESTED },
	{ "collapse", "sync_ipis_per_collapse_bystander", HL_TESTED },
	{ "collapse", "gup_pins_per_sec", HL_TESTED },
	{ "gup", "ns_per_page", HL_TESTED },
	{ "gup", "pages_per_sec", HL_SHOWN },
	{ "gup", "syscall_share", HL_TESTED },
	{ "integrity", "lost_writes", HL_CHECK },
	{ "integrity", "leaked_bytes", HL_CHECK },
	{ "integrity", "checks", HL_SHOWN },
	{ NULL, NULL, HL_NONE },
};

static const struct headline *find(const char *workload, const char *metric)
{
	const struct headline *h;

	for (h = headlines; h->workload; h++)
		if (!strcmp(h->workload, workload) && !strcmp(h->metric, metric))
			return h;
	return NULL;
}

enum headline_role headline_role(const char *workload, const char *metric)
{
	const struct headline *h = find(workload, metric);

	return h ? h->role : HL_NONE;
}

int headline_rank(const char *workload, const char *metric)
{
	const struct headline *h = find(workload, metric), *f;
	int rank = 0;

	if (!h)
		return -1;
	for (f = headlines; f != h; f++)
		rank += !strcmp(f->workload, workload);
	return rank;
}

int headline_tested(const char *workload, const char *metric)
{
	const struct headline *h;

	for (h = headlines; h->workload; h++)
		if (!strcmp(h->workload, workload))
			return headline_role(workload, metric) == HL_TESTED;
	return 1;
}
