// SPDX-License-Identifier: GPL-2.0
/*
 * Are the two systems comparable? The fields of the result files' "system"
 * sections that must match (kernel config, CPU, THP settings...) and the
 * warnings when they do not.
 */

#include "compare_int.h"

struct sys_field {
	const char *path;	/* dot path from the root */
	int serious;
};

static const struct sys_field sys_fields[] = {
	{ "system.arch.machine", 1 },
	{ "system.cpu.model", 1 },
	{ "system.cpu.npus", 1 },
	{ "system.cpu.ncores", 1 },
	{ "system.cpu.npackages", 1 },
	{ "system.cpu.nnuma", 1 },
	{ "system.cpu.smt", 1 },
	{ "system.cpu.smt_active", 1 },
	{ "system.cpu.governor", 1 },
	{ "system.memory.page_size", 1 },
	{ "system.memory.pmd_size", 1 },
	{ "system.thp.selected", 1 },
	{ "system.thp.use_zero_page", 1 },
	{ "system.thp.mthp_enabled", 1 },
	{ "system.thp.khugepaged.defrag", 1 },
	{ "system.thp.khugepaged.pages_to_scan", 1 },
	{ "system.thp.khugepaged.scan_sleep_millisecs", 1 },
	{ "system.thp.khugepaged.alloc_sleep_millisecs", 1 },
	{ "system.thp.khugepaged.max_ptes_none", 1 },
	{ "system.thp.khugepaged.max_ptes_swap", 1 },
	{ "system.thp.khugepaged.max_ptes_shared", 1 },
	{ "system.numa_balancing", 1 },
	{ "system.virtualization.type", 1 },
	{ "suite.version", 1 },
	{ "run.config", 1 },
	{ "system.kernel.cmdline", 0 },
	{ "system.cpu.mitigations", 0 },
	{ "system.host", 0 },
	{ "suite.git", 0 },
	{ "run.memory_share", 0 },
};

json_t *cmp_dot_get(json_t *root, const char *path)
{
	char buf[128], *save = NULL, *tok;
	json_t *v = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	return v;
}

static char *json_text(json_t *v)
{
	char *s;

	if (!v)
		return xstrdup("(absent)");
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
	return s ? s : xstrdup("?");
}

static int absent(json_t *v)
{
	return !v || json_is_null(v) || (json_is_object(v) && !json_object_size(v));
}

static void diff_add(struct comparison *c, const struct sys_field *f, json_t *a, json_t *b, int side)
{
	struct cmp_diff *d;
	/*
	 * A config run against a command-line run (run.config null): the
	 * points themselves are matched by params, so only different configs
	 * are serious.
	 */
	int minor = !strcmp(f->path, "run.config") && (json_is_null(a) || json_is_null(b));

	/*
	 * A knob one kernel does not have at all (mTHP sizes before 6.8, a
	 * khugepaged tunable added later) is a difference of the kernels being
	 * compared, not of how the machine was set up: minor. Different values
	 * of a knob both have stay serious.
	 */
	minor |= absent(a) || absent(b);

	c->diffs = xgrow(c->diffs, c->ndiffs + 1, sizeof(*c->diffs));
	d = &c->diffs[c->ndiffs++];
	d->field = f->path;
	d->base = json_text(a);
	d->new = json_text(b);
	d->serious = f->serious && !minor;
	d->side = side;
}

/* The tokens of a command line that name one boot, not the machine's setup. */
static int boot_token(const char *t)
{
	static const char *const per_boot[] = { "BOOT_IMAGE=", "initrd=", "ptbench_ab=" };
	size_t i;

	for (i = 0; i < sizeof(per_boot) / sizeof(per_boot[0]); i++)
		if (!strncmp(t, per_boot[i], strlen(per_boot[i])))
			return 1;
	return 0;
}

static void setup_tokens(const char *in, char *out, size_t len)
{
	char buf[4096], *save = NULL, *t;
	size_t n = 0;

	out[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", in);
	for (t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		if (!boot_token(t) && n < len)
			n += (size_t)snprintf(out + n, len - n, "%s ", t);
}

/*
 * Two command lines that differ only in what names a boot (ptbench ab's
 * mark, the boot loader's BOOT_IMAGE= and initrd=) set the machine up alike.
 */
static int same_setup(const struct sys_field *f, json_t *a, json_t *b)
{
	char x[4096], y[4096];

	if (strcmp(f->path, "system.kernel.cmdline") || !json_is_string(a) || !json_is_string(b))
		return 0;
	setup_tokens(json_string_value(a), x, sizeof(x));
	setup_tokens(json_string_value(b), y, sizeof(y));
	return !strcmp(x, y);
}

void systems_check(struct comparison *c)
{
	const struct result *b0 = c->sides[0].res[0];
	size_t s, i, k;

	for (s = 0; s < c->nsides; s++)
		for (i = 0; i < c->sides[s].nres; i++) {
			const struct result *r = c->sides[s].res[i];

			if (r == b0)
				continue;
			if (i > 0 && strcmp(json_string_value(cmp_dot_get(r->root, "system.kernel.release")) ?: "",
					    json_string_value(cmp_dot_get(c->sides[s].res[0]->root,
								      "system.kernel.release")) ?: ""))
				cmp_warn(c, "side %zu pools runs of different kernels (%s, %s)", s,
				     c->sides[s].res[0]->file, r->file);
			for (k = 0; k < sizeof(sys_fields) / sizeof(sys_fields[0]); k++) {
				json_t *a = cmp_dot_get(b0->root, sys_fields[k].path);
				json_t *b = cmp_dot_get(r->root, sys_fields[k].path);

				if (json_equal(a, b) || (!a && !b) || same_setup(&sys_fields[k], a, b))
					continue;
				/* one difference per field and side is enough */
				int seen = 0;

				for (size_t d = 0; d < c->ndiffs; d++)
					seen |= c->diffs[d].side == (int)s && !strcmp(c->diffs[d].field, sys_fields[k].path);
				if (!seen)
					diff_add(c, &sys_fields[k], a, b, (int)s);
			}
		}
}

size_t compare_serious(const struct comparison *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->ndiffs; i++)
		n += c->diffs[i].serious;
	return n;
}
