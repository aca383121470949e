// SPDX-License-Identifier: GPL-2.0
/*
 * Lookups on a loaded result (load.h): a point by workload and params, a
 * metric by name, a param as text, why a metric was not observed.
 */
#include <stdio.h>
#include <string.h>

#include "load.h"

const struct res_point *result_find(const struct result *r, const char *workload,
				    json_t *params)
{
	size_t i;

	for (i = 0; i < r->npoints; i++) {
		const struct res_point *p = &r->points[i];

		if (!strcmp(p->workload, workload) && json_equal(p->params, params))
			return &r->points[i];
	}
	return NULL;
}

const struct res_metric *res_metric_get(const struct res_point *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nmetrics; i++)
		if (!strcmp(p->metrics[i].name, name))
			return &p->metrics[i];
	return NULL;
}

void res_param_text(json_t *v, char *buf, size_t len)
{
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v))
		snprintf(buf, len, "%g", json_number_value(v));
	else
		snprintf(buf, len, "?");
}

const char *res_unobserved(const struct res_point *p, const char *name)
{
	return json_string_value(json_object_get(p->unobserved, name));
}
