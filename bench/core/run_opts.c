// SPDX-License-Identifier: GPL-2.0
/* The harness options of a point, declared once (run_opts.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench/host/placement.h"
#include "lib/util.h"
#include "run_opts.h"

enum ro_kind { RO_SECONDS, RO_COUNT, RO_BIND };

struct run_opt_def {
	const char *name;	/* the spec key, the config key, the long flag */
	const char *alias;	/* another spec key, or NULL */
	int short_name;
	enum ro_kind kind;
	double min, max;
	size_t off;		/* in struct run_opts */
	const char *argh;
	const char *help;
};

static const struct run_opt_def defs[] = {
	{ "duration", NULL, 'd', RO_SECONDS, 0.01, 3600, offsetof(struct run_opts, duration), "SEC",
	  "seconds of one measured repetition" },
	{ "warmup", NULL, 'w', RO_SECONDS, 0, 3600, offsetof(struct run_opts, warmup), "SEC",
	  "seconds of the warm-up before the repetitions (not measured)" },
	{ "repetitions", "reps", 'r', RO_COUNT, 1, 1000, offsetof(struct run_opts, reps), "N",
	  "measured repetitions of each point" },
	{ "bind", NULL, 'b', RO_BIND, 0, 0, offsetof(struct run_opts, bind), "POLICY",
	  "placement: one-per-core, fill-smt, spread, none" },
};

static const struct run_opt_def *def_of(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++)
		if (!strcmp(defs[i].name, key) || (defs[i].alias && !strcmp(defs[i].alias, key)))
			return &defs[i];
	return NULL;
}

size_t run_opt_keys(const char **keys, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++)
		keys[n++] = defs[i].name;
	keys[n] = NULL;
	return n;
}

int run_opt_is_key(const char *key)
{
	return def_of(key) != NULL;
}

static int set_bind(struct run_opts *o, const char *val, char *why, size_t len)
{
	enum bind_policy bp;

	if (bind_policy_parse(val, &bp))
		return set_why(why, len, "bind \"%s\" is not one of %s", val, bind_policy_names());
	snprintf(o->bind, sizeof(o->bind), "%s", val);
	return 0;
}

int run_opt_set(struct run_opts *o, const char *key, const char *val, char *why, size_t len)
{
	const struct run_opt_def *d = def_of(key);
	char *end;
	double v;

	if (!d)
		return set_why(why, len, "\"%s\" is no harness option", key);
	if (d->kind == RO_BIND)
		return set_bind(o, val, why, len);
	errno = 0;
	v = strtod(val, &end);
	if (errno || end == val || *end || !isfinite(v) || (d->kind == RO_COUNT && v != floor(v)))
		return set_why(why, len, "%s: \"%s\" is not %s", d->name, val,
			       d->kind == RO_COUNT ? "a count" : "a number of seconds");
	if (v < d->min || v > d->max)
		return set_why(why, len, "%s %s is out of range %g..%g", d->name, val, d->min, d->max);
	if (d->kind == RO_COUNT)
		*(unsigned int *)((char *)o + d->off) = (unsigned int)v;
	else
		*(double *)((char *)o + d->off) = v;
	return 0;
}

int run_opt_json(struct jv *v, const char *path, json_t *obj, struct run_opts *o)
{
	unsigned long long u;
	const char *s;
	char why[200];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++) {
		const struct run_opt_def *d = &defs[i];
		void *at = (char *)o + d->off;

		if (!json_object_get(obj, d->name))
			continue;
		if (d->kind == RO_SECONDS && jv_number(v, path, obj, d->name, 0, d->min, d->max, at))
			return -1;
		if (d->kind == RO_COUNT) {
			if (jv_uint(v, path, obj, d->name, 0, (unsigned long long)d->max, &u))
				return -1;
			if (u < d->min)
				return jv_fail(v, path, "\"%s\" must be at least %g", d->name, d->min);
			*(unsigned int *)at = (unsigned int)u;
		}
		if (d->kind == RO_BIND && (jv_string(v, path, obj, d->name, 0, &s) ||
					   (set_bind(o, s, why, sizeof(why)) && jv_fail(v, path, "%s", why))))
			return -1;
	}
	return 0;
}

int run_opt_check(const struct run_opts *o, const char *where, char *why, size_t len)
{
	char w[200], val[32];
	struct run_opts tmp;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++) {
		const void *at = (const char *)o + defs[i].off;

		if (defs[i].kind == RO_BIND)
			snprintf(val, sizeof(val), "%s", (const char *)at);
		else if (defs[i].kind == RO_COUNT)
			snprintf(val, sizeof(val), "%u", *(const unsigned int *)at);
		else
			snprintf(val, sizeof(val), "%.17g", *(const double *)at);
		if (run_opt_set(&tmp, defs[i].name, val, w, sizeof(w)))
			return set_why(why, len, "%s: %s", where, w);
	}
	return 0;
}

static int flag_cb(const struct opt *o, const char *arg)
{
	char why[200];

	if (!run_opt_set(o->value, o->long_name, arg, why, sizeof(why)))
		return 0;
	fprintf(stderr, "ptbench: --%s\n", why);
	return -1;
}

void run_opt_flags(struct opt *opts, size_t *n, struct run_opts *cli)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++)
		opts[(*n)++] = (struct opt)OPT_CALLBACK(defs[i].short_name, defs[i].name, cli, flag_cb,
							 defs[i].argh, defs[i].help);
}

void run_opt_list(FILE *f, const struct run_opts *defaults)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defs); i++) {
		const void *at = (const char *)defaults + defs[i].off;
		char range[40] = "";

		if (defs[i].kind != RO_BIND)
			snprintf(range, sizeof(range), " %g..%g", defs[i].min, defs[i].max);
		fprintf(f, "    %-12s %-6s%-22s default ", defs[i].name, defs[i].argh, range);
		if (defs[i].kind == RO_BIND)
			fprintf(f, "%s\n", (const char *)at);
		else if (defs[i].kind == RO_COUNT)
			fprintf(f, "%u\n", *(const unsigned int *)at);
		else
			fprintf(f, "%g\n", *(const double *)at);
		fprintf(f, "    %-12s %s\n", "", defs[i].help);
	}
}

int run_count_cb(const struct opt *o, const char *arg)
{
	unsigned long long u;

	if (parse_ull(arg, &u) || !u || u > RUN_COUNT_MAX) {
		fprintf(stderr, "ptbench: --%s must be 1..%d, not \"%s\"\n", o->long_name, RUN_COUNT_MAX,
			arg);
		return -1;
	}
	*(int *)o->value = (int)u;
	return 0;
}
