// SPDX-License-Identifier: GPL-2.0
/*
 * The headline figures of each workload family (see headline.h), as the
 * family declares them in its result files (present.c): analysis holds no
 * table of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "headline.h"
#include "present.h"

/* The family's headline entry of metric, or NULL. */
static json_t *find(const char *workload, const char *metric)
{
	json_t *h;
	size_t i;

	json_array_foreach(json_object_get(present_family(workload), "headlines"), i, h)
		if (metric && !strcmp(json_string_value(json_object_get(h, "metric")), metric))
			return h;
	return NULL;
}

enum headline_role headline_role(const char *workload, const char *metric)
{
	const char *r = json_string_value(json_object_get(find(workload, metric), "role"));

	if (!r)
		return HL_NONE;
	if (!strcmp(r, "tested"))
		return HL_TESTED;
	if (!strcmp(r, "check"))
		return HL_CHECK;
	return !strcmp(r, "shown") ? HL_SHOWN : HL_NONE;
}

int headline_tested(const char *workload, const char *metric)
{
	if (!present_family(workload))
		return 1;
	return headline_role(workload, metric) == HL_TESTED;
}

const char *headline_label(const char *workload, const char *metric)
{
	const char *l = json_string_value(json_object_get(find(workload, metric), "label"));

	return l ? l : metric;
}

const char *headline_metric(const char *workload, int rank)
{
	json_t *h = json_array_get(json_object_get(present_family(workload), "headlines"),
				   (size_t)rank);

	return rank < 0 ? NULL : json_string_value(json_object_get(h, "metric"));
}

const char *headline_family_title(const char *workload)
{
	return json_string_value(json_object_get(present_family(workload), "title"));
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

int headline_duplicate(const char *metric, json_t *params)
{
	return present_one_worker_duplicate(metric) &&
	       param_int(json_object_get(params, "threads")) == 1;
}

int headline_row_key(const char *workload, const char *param)
{
	json_t *keys = json_object_get(present_family(workload), "row_keys"), *k;
	size_t i;

	if (!json_is_array(keys))
		return 1;	/* a family without groups: every param names the row */
	json_array_foreach(keys, i, k)
		if (!strcmp(json_string_value(k), param))
			return 1;
	return 0;
}
