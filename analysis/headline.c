// SPDX-License-Identifier: GPL-2.0
/* The headline figures of each workload family (see headline.h). */
#include <stdlib.h>
#include <string.h>

#include "headline.h"

struct headline {
	const char *workload;
	const char *metric;
	enum headline_role role;
	const char *label;	/* the summary's column head: short, in words */
};

/* In summary column order within each family. */
static const struct headline headlines[] = {
	{ "ptl", "ops_per_sec", HL_TESTED, "ops/s" },
	{ "ptl", "split_benefit", HL_TESTED, "split benefit" },
	{ "ptl", "scaling_efficiency", HL_TESTED, "scaling" },
	{ "ptl", "layout_effect", HL_SHOWN, "layout effect" },
	{ "collapse", "collapse_ns_p50", HL_TESTED, "latency p50" },
	{ "collapse", "collapse_ns_p99", HL_TESTED, "latency p99" },
	{ "collapse", "ipis_per_collapse_bystander", HL_TESTED, "IPIs/collapse" },
	{ "collapse", "sync_ipis_per_collapse_bystander", HL_TESTED, "sync IPIs" },
	{ "collapse", "gup_pins_per_sec", HL_TESTED, "GUP pins/s" },
	{ "gup", "ns_per_page", HL_TESTED, "ns/page" },
	{ "gup", "pages_per_sec", HL_SHOWN, "pages/s" },
	{ "gup", "syscall_share", HL_TESTED, "syscall share" },
	{ "integrity", "lost_writes", HL_CHECK, "lost writes" },
	{ "integrity", "leaked_bytes", HL_CHECK, "leaked bytes" },
	{ "integrity", "checks", HL_SHOWN, "checks" },
	{ NULL, NULL, HL_NONE, NULL },
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

const char *headline_label(const char *workload, const char *metric)
{
	const struct headline *h = find(workload, metric);

	return h ? h->label : metric;
}

const char *headline_metric(const char *workload, int rank)
{
	const struct headline *h;

	for (h = headlines; h->workload; h++)
		if (!strcmp(h->workload, workload) && !rank--)
			return h->metric;
	return NULL;
}

static const struct {
	const char *workload, *title;
} titles[] = {
	{ "ptl", "page-table lock contention: split vs shared locks" },
	{ "collapse", "THP collapse: latency and IPIs to bystanders" },
	{ "gup", "GUP-fast throughput by trigger and mapping" },
	{ "integrity", "pinned writes racing collapse, split, fork" },
};

const char *headline_family_title(const char *workload)
{
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		if (!strcmp(titles[i].workload, workload))
			return titles[i].title;
	return NULL;
}

/* "2" and 2 alike: a thread count from a params object. */
static long long param_int(json_t *v)
{
	if (json_is_integer(v))
		return (long long)json_integer_value(v);
	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return -1;
}

/*
 * At one worker, per-thread throughput is the throughput, and the layout
 * effect (split/shared at one worker) is the split benefit of that row.
 */
int headline_duplicate(const char *metric, json_t *params)
{
	return (!strcmp(metric, "ops_per_sec_per_thread") || !strcmp(metric, "layout_effect")) &&
	       param_int(json_object_get(params, "threads")) == 1;
}

/*
 * The axes a family's figures compare within a group of points (split vs
 * shared at 1 and N threads; one bystander kind against another; one
 * mapping against another): the summary names a row by these and groups
 * rows by every other param that differs.
 */
static const struct {
	const char *workload;
	const char *const keys[4];
} row_keys[] = {
	{ "ptl", { "placement", "threads", NULL } },
	{ "collapse", { "bystander_mode", "bystander_mm", NULL } },
	{ "gup", { "mapping", "threads", NULL } },
	{ "integrity", { "disturb", "race", NULL } },
};

int headline_row_key(const char *workload, const char *param)
{
	size_t i, k;

	for (i = 0; i < sizeof(row_keys) / sizeof(row_keys[0]); i++) {
		if (strcmp(row_keys[i].workload, workload))
			continue;
		for (k = 0; row_keys[i].keys[k]; k++)
			if (!strcmp(row_keys[i].keys[k], param))
				return 1;
		return 0;
	}
	return 1;	/* a family without groups: every param names the row */
}
