// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by workloads: parameter access and validity reporting. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

const struct workload_ops *workload_find(const char *name)
{
	int i;

	for (i = 0; workloads[i]; i++)
		if (!strcmp(workloads[i]->name, name))
			return workloads[i];
	return NULL;
}

const struct wl_param *workload_param(const struct workload_ops *ops, const char *name)
{
	const struct wl_param *p;

	for (p = ops->params; p && p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

const char *wl_args_get(const struct wl_args *args, const char *name)
{
	int i;

	for (i = 0; i < args->n; i++)
		if (!strcmp(args->name[i], name))
			return args->val[i];
	return NULL;
}

const char *wl_arg(const struct wl_point *pt, const char *name)
{
	return wl_args_get(pt->args, name);
}

unsigned long long wl_arg_ull(const struct wl_point *pt, const char *name)
{
	const char *s = wl_arg(pt, name);
	uint64_t v = 0;

	/* values were validated when the point was built */
	if (s && parse_size(s, &v))
		v = 0;
	return v;
}

void wl_check(struct wl_validity *v, const char *name, double expected, double observed, int ok)
{
	struct wl_check *c;

	if (v->nchecks == WL_MAX_CHECKS)
		return;
	c = &v->checks[v->nchecks++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->expected = expected;
	c->observed = observed;
	c->ok = ok;
}

void wl_invalid(struct wl_validity *v, const char *fmt, ...)
{
	va_list ap;

	if (v->invalid)
		return;	/* the first reason is the one to read */
	v->invalid = 1;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
}

void wl_note(struct wl_validity *v, const char *fmt, ...)
{
	va_list ap;

	if (v->nnotes == WL_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(v->notes[v->nnotes++], sizeof(v->notes[0]), fmt, ap);
	va_end(ap);
}

void wl_unobserved(struct wl_validity *v, const char *metric, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < v->nunobs; i++)
		if (!strcmp(v->unobs[i].metric, metric))
			return;	/* the first reason is the one to read */
	if (v->nunobs == WL_MAX_UNOBS)
		return;
	snprintf(v->unobs[v->nunobs].metric, sizeof(v->unobs[0].metric), "%s", metric);
	va_start(ap, fmt);
	vsnprintf(v->unobs[v->nunobs].why, sizeof(v->unobs[0].why), fmt, ap);
	va_end(ap);
	v->nunobs++;
}

int wl_enum_index(const char *choices, const char *val)
{
	const char *c = choices;
	int i = 0;

	while (c && *c) {
		const char *end = strchr(c, '|');
		size_t len = end ? (size_t)(end - c) : strlen(c);
		uint64_t sz;

		if (len > 5 && !strncmp(c + len - 5, ":SIZE", 5)) {
			size_t plen = len - 4;	/* "x:" */

			if (!strncmp(val, c, plen) && !parse_size(val + plen, &sz) && sz)
				return i;
		} else if (strlen(val) == len && !strncmp(c, val, len)) {
			return i;
		}
		if (!end)
			break;
		c = end + 1;
		i++;
	}
	return -1;
}

/* Does val match one '|'-separated choice? "x:SIZE" accepts "x:<size>". */
static int enum_match(const char *choices, const char *val)
{
	return wl_enum_index(choices, val) >= 0;
}

int wl_param_check(const struct wl_param *p, const char *val, char *why, size_t len)
{
	unsigned long long u;
	uint64_t v;

	switch (p->type) {
	case WP_ENUM:
		if (enum_match(p->choices, val))
			return 0;
		snprintf(why, len, "\"%s\" is not one of %s", val, p->choices);
		return -1;
	case WP_BOOL:
		if (!strcmp(val, "0") || !strcmp(val, "1"))
			return 0;
		snprintf(why, len, "\"%s\" is not 0 or 1", val);
		return -1;
	case WP_UINT:
	case WP_SIZE:
		/* words a number parameter also takes ("auto"), resolved per point */
		if (p->choices && enum_match(p->choices, val))
			return 0;
		if (p->type == WP_UINT ? parse_ull(val, &u) : parse_size(val, &v)) {
			snprintf(why, len, "\"%s\" is not %s", val,
				 p->type == WP_UINT ? "a whole number" : "a size (e.g. 4096, 64K, 2M)");
			return -1;
		}
		if (p->type == WP_UINT)
			v = u;
		if (v < p->min || v > p->max) {
			snprintf(why, len, "%s is out of range %llu..%llu", val, p->min, p->max);
			return -1;
		}
		return 0;
	}
	snprintf(why, len, "bad parameter type");
	return -1;
}

/* One value into its field; -1 when the field's size is not the type's. */
static int bind_one(const struct wl_param *p, const char *val, char *cfg)
{
	uint64_t v = 0;
	int i;

	switch (p->type) {
	case WP_ENUM:
	case WP_BOOL:
		if (p->size != sizeof(int))
			return -1;
		i = p->type == WP_BOOL ? !strcmp(val, "1") : wl_enum_index(p->choices, val);
		memcpy(cfg + p->off, &i, sizeof(i));
		return i < 0 ? -1 : 0;
	case WP_UINT:
	case WP_SIZE:
		/* values were validated, and words resolved, when the point was built */
		if (parse_size(val, &v))
			return -1;
		if (p->size == sizeof(uint64_t)) {
			memcpy(cfg + p->off, &v, sizeof(v));
			return 0;
		}
		if (p->size == sizeof(unsigned int) && p->max <= UINT_MAX) {
			unsigned int u = (unsigned int)v;

			memcpy(cfg + p->off, &u, sizeof(u));
			return 0;
		}
		return -1;
	}
	return -1;
}

int wl_bind(const struct wl_point *pt, const struct wl_param *params, void *cfg, char *why, size_t len)
{
	const struct wl_param *p;

	for (p = params; p && p->name; p++) {
		const char *val = wl_arg(pt, p->name);

		if (!p->size)
			continue;
		if (!val || bind_one(p, val, cfg)) {
			snprintf(why, len, "parameter %s: %s", p->name,
				 val ? "its field or value does not fit its type" : "no value");
			return -1;
		}
	}
	return 0;
}

int wl_arg_omitted(const struct workload_ops *ops, const struct wl_args *args, int i)
{
	const struct wl_param *p = workload_param(ops, args->name[i]);
	const char *const *o;

	for (o = ops->omit_default; o && *o; o++)
		if (!strcmp(*o, args->name[i]))
			return p && !strcmp(args->val[i], p->def);
	return 0;
}

double wl_count(const struct wl_point *pt, const char *name, int worker)
{
	const struct wl_counts *c = pt->counts;
	int i;

	if (!c || (worker >= 0 && (unsigned int)worker >= pt->nthreads))
		return NAN;
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->name[i], name))
			continue;
		return worker < 0 ? c->total[i] : c->cpu[(size_t)i * pt->nthreads + (unsigned int)worker];
	}
	return NAN;
}

const char *wl_count_why(const struct wl_point *pt, const char *name)
{
	const struct wl_counts *c = pt->counts;
	int i;

	if (!c)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return c->why ? c->why[i] : NULL;
	return NULL;
}
