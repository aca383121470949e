// SPDX-License-Identifier: GPL-2.0
/* Loading and checking the per-arch profiles, configs/arch/<arch>.json (archprof.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archprof.h"
#include "lib/jsonv.h"
#include "lib/util.h"
#include "workloads/workload.h"

/* Page-table entries are 8 bytes on every 64-bit arch ptbench supports. */
#define PTE_BYTES	8

static const struct {
	const char *machine;
	const char *profile;
} machine_map[] = {
	{ "x86_64", "x86_64" },
	{ "aarch64", "arm64" },
	{ "arm64", "arm64" },
	{ "ppc64le", "ppc64le" },
	{ "ppc64", "ppc64le" },
	{ "s390x", "s390x" },
};

const char *archprof_name(const char *machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(machine_map); i++)
		if (!strcmp(machine, machine_map[i].machine))
			return machine_map[i].profile;
	return NULL;
}

static int has_configs(const char *dir)
{
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/configs/arch", dir);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

const char *ptbench_datadir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("PTBENCH_DATADIR");
	char exe[PATH_MAX - 16], *slash;
	ssize_t n;

	if (env && *env)
		return env;
	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* ./ptbench at the top of the tree, or build/<x>/ptbench */
		snprintf(dir, sizeof(dir), "%s", exe);
		if (has_configs(dir))
			return dir;
		snprintf(dir, sizeof(dir), "%s/..", exe);
		if (has_configs(dir))
			return dir;
		snprintf(dir, sizeof(dir), "%s/../..", exe);
		if (has_configs(dir))
			return dir;
	}
	snprintf(dir, sizeof(dir), "/usr/share/ptbench");
	return dir;
}

static int is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* One table of bytes (0: none) over entries of below each: its span, 0 when none. */
static int upper_span(uint64_t bytes, uint64_t below, uint64_t *span)
{
	*span = 0;
	if (!bytes || !below)
		return 0;
	if (!is_pow2(bytes) || bytes < PTE_BYTES || bytes / PTE_BYTES > UINT64_MAX / below)
		return -1;
	*span = bytes / PTE_BYTES * below;
	return 0;
}

int pt_geom_derive(struct pt_geom *g)
{
	uint64_t frags;

	if (!is_pow2(g->page_size) || !is_pow2(g->pte_table_bytes) || !is_pow2(g->pmd_table_bytes))
		return -1;
	if (g->pte_table_bytes < PTE_BYTES || g->pmd_table_bytes < PTE_BYTES)
		return -1;
	g->pte_span = g->pte_table_bytes / PTE_BYTES * g->page_size;
	g->pmd_span = g->pmd_table_bytes / PTE_BYTES * g->pte_span;
	if (upper_span(g->pud_table_bytes, g->pmd_span, &g->pud_span) ||
	    upper_span(g->p4d_table_bytes, g->pud_span, &g->p4d_span))
		return -1;
	/*
	 * The split lock lives in the struct page (ptdesc) of the page holding
	 * the table: tables smaller than a page are fragments of one page and
	 * share its lock (ppc64 64K, s390 PTE tables), so up to this many
	 * tables' worth of address space may sit behind one lock.
	 */
	frags = g->pte_table_bytes < g->page_size ? g->page_size / g->pte_table_bytes : 1;
	g->pte_lock_span = g->pte_span * frags;
	frags = g->pmd_table_bytes < g->page_size ? g->page_size / g->pmd_table_bytes : 1;
	g->pmd_lock_span = g->pmd_span * frags;
	if (g->levels < 3)
		g->split_pmd_lock = 0;	/* PMD folded into the PGD: no PMD table */
	return 0;
}

static int load_geom(struct jv *v, const char *path, json_t *o, struct pt_geom *g)
{
	static const char *const keys[] = {
		"page_size", "levels", "pte_table_bytes", "pmd_table_bytes", "pud_table_bytes",
		"p4d_table_bytes", "split_pmd_lock", NULL
	};
	unsigned long long levels = 0, pte = 0, pmd = 0, pud = 0, p4d = 0;
	const char *ps = NULL;
	int split = 1;

	if (jv_keys(v, path, o, keys) ||
	    jv_string(v, path, o, "page_size", 1, &ps) ||
	    jv_uint(v, path, o, "levels", 1, 5, &levels) ||
	    jv_uint(v, path, o, "pte_table_bytes", 1, 1ULL << 20, &pte) ||
	    jv_uint(v, path, o, "pmd_table_bytes", 1, 1ULL << 20, &pmd) ||
	    jv_uint(v, path, o, "pud_table_bytes", 0, 1ULL << 20, &pud) ||
	    jv_uint(v, path, o, "p4d_table_bytes", 0, 1ULL << 20, &p4d) ||
	    jv_bool(v, path, o, "split_pmd_lock", 0, &split))
		return -1;
	memset(g, 0, sizeof(*g));
	if (parse_size(ps, &g->page_size))
		return jv_fail(v, path, "page_size \"%s\" is not a size", ps);
	g->levels = (int)levels;
	g->pte_table_bytes = pte;
	g->pmd_table_bytes = pmd;
	g->pud_table_bytes = pud;
	g->p4d_table_bytes = pud ? p4d : 0;
	g->split_pmd_lock = split;
	if (pt_geom_derive(g))
		return jv_fail(v, path, "sizes must be powers of two of at least %d bytes", PTE_BYTES);
	return 0;
}

static int set_field(struct jv *v, const char *path, json_t *o, const char *key, char *out,
		     size_t len)
{
	const char *val = NULL;

	if (jv_string(v, path, o, key, 0, &val))
		return -1;
	if (!val)
		return 0;
	if (strlen(val) >= len)
		return jv_fail(v, path, "%s \"%s\": longer than %zu characters", key, val, len - 1);
	snprintf(out, len, "%s", val);
	return 0;
}

/* "CAL", or {"label", "chip", "action", "description"}: at least one field. */
static int load_pattern(struct jv *v, const char *path, json_t *val, struct irq_pattern *p)
{
	static const char *const keys[] = { "label", "chip", "action", "description", NULL };

	memset(p, 0, sizeof(*p));
	if (json_is_string(val)) {
		if (!json_string_length(val) || json_string_length(val) >= sizeof(p->label))
			return jv_fail(v, path, "a label of 1 to %zu characters", sizeof(p->label) - 1);
		snprintf(p->label, sizeof(p->label), "%s", json_string_value(val));
		return 0;
	}
	if (!json_is_object(val))
		return jv_fail(v, path, "must be a label or an object {label, chip, action, description}");
	if (jv_keys(v, path, val, keys) ||
	    set_field(v, path, val, "label", p->label, sizeof(p->label)) ||
	    set_field(v, path, val, "chip", p->chip, sizeof(p->chip)) ||
	    set_field(v, path, val, "action", p->action, sizeof(p->action)) ||
	    set_field(v, path, val, "description", p->desc, sizeof(p->desc)))
		return -1;
	if (!p->label[0] && !p->chip[0] && !p->action[0] && !p->desc[0])
		return jv_fail(v, path, "names no column: it would match every line");
	return 0;
}

static int add_line(struct jv *v, const char *path, const char *kind, json_t *val,
		    struct archprof *p)
{
	struct ap_line *l;

	if (p->nlines == AP_MAX_LINES)
		return jv_fail(v, "interrupt_lines", "more than %d lines", AP_MAX_LINES);
	l = &p->lines[p->nlines];
	snprintf(l->kind, sizeof(l->kind), "%s", kind);
	if (load_pattern(v, path, val, &l->pat))
		return -1;
	p->nlines++;
	return 0;
}

/* {kind: pattern | [pattern, ...]}: every line of a kind that exists is counted. */
static int load_lines(struct jv *v, json_t *o, struct archprof *p)
{
	const char *kind;
	json_t *val, *e;
	size_t i;

	json_object_foreach(o, kind, val) {
		char path[96];

		snprintf(path, sizeof(path), "interrupt_lines.%.40s", kind);
		if (!*kind || strlen(kind) >= sizeof(p->lines[0].kind))
			return jv_fail(v, path, "a kind of 1 to %zu characters",
				       sizeof(p->lines[0].kind) - 1);
		if (!json_is_array(val)) {
			if (add_line(v, path, kind, val, p))
				return -1;
			continue;
		}
		if (!json_array_size(val))
			return jv_fail(v, path, "an empty list");
		json_array_foreach(val, i, e) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			if (add_line(v, sub, kind, e, p))
				return -1;
		}
	}
	return 0;
}

static int load_tracepoints(struct jv *v, json_t *a, struct archprof *p)
{
	size_t i;
	json_t *val;

	json_array_foreach(a, i, val) {
		if (!json_is_string(val) || !strchr(json_string_value(val), ':'))
			return jv_fail(v, "tracepoints", "[%zu] must be a \"system:event\" string", i);
		if (p->ntp == AP_MAX_TP || json_string_length(val) >= sizeof(p->tracepoints[0]))
			return jv_fail(v, "tracepoints", "[%zu]: too many or too long", i);
		snprintf(p->tracepoints[p->ntp++], sizeof(p->tracepoints[0]), "%s", json_string_value(val));
	}
	return 0;
}

#define LEVEL_PROBES	"static, la57, asce, va52"

/* The profile's word for how run-time levels are seen (workload.h enum wl_level_probe). */
static int level_probe_of(const char *w)
{
	static const char *const words[] = {
		[WL_LEVELS_STATIC] = "static", [WL_LEVELS_LA57] = "la57",
		[WL_LEVELS_ASCE] = "asce", [WL_LEVELS_VA52] = "va52",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i]))
			return (int)i;
	return -1;
}

static int load_profile(struct jv *v, json_t *root, struct archprof *p)
{
	static const char *const keys[] = {
		"arch", "uname", "page_sizes", "interrupt_lines", "tracepoints", "rcu_table_free",
		"level_probe", "notes", NULL
	};
	const char *arch = NULL, *probe = NULL;
	json_t *a, *o, *val;
	size_t i;

	if (!json_is_object(root))
		return jv_fail(v, "", "must be an object");
	if (jv_keys(v, "", root, keys) || jv_string(v, "", root, "arch", 1, &arch))
		return -1;
	if (strlen(arch) >= sizeof(p->arch))
		return jv_fail(v, "arch", "too long");
	snprintf(p->arch, sizeof(p->arch), "%s", arch);
	a = jv_get(v, "", root, "page_sizes", 1, JSON_ARRAY);
	if (!a)
		return -1;
	if (!json_array_size(a) || json_array_size(a) > AP_MAX_PAGESIZES)
		return jv_fail(v, "page_sizes", "needs 1 to %d entries", AP_MAX_PAGESIZES);
	json_array_foreach(a, i, val) {
		char path[48];

		snprintf(path, sizeof(path), "page_sizes[%zu]", i);
		if (!json_is_object(val))
			return jv_fail(v, path, "must be an object");
		if (load_geom(v, path, val, &p->geom[p->ngeom++]))
			return -1;
	}
	o = jv_get(v, "", root, "interrupt_lines", 1, JSON_OBJECT);
	if (!o || load_lines(v, o, p))
		return -1;
	a = jv_get(v, "", root, "tracepoints", 0, JSON_ARRAY);
	if (v->failed || (a && load_tracepoints(v, a, p)))
		return -1;
	if (jv_string(v, "", root, "level_probe", 0, &probe))
		return -1;
	p->level_probe = probe ? level_probe_of(probe) : WL_LEVELS_STATIC;
	if (p->level_probe < 0)
		return jv_fail(v, "level_probe", "\"%s\": one of %s", probe, LEVEL_PROBES);
	return jv_bool(v, "", root, "rcu_table_free", 0, &p->rcu_table_free);
}

int archprof_load_file(const char *path, struct archprof *p, char *err, size_t len)
{
	struct jv v = { .err = err, .errlen = len };
	json_t *root;
	int ret;

	memset(p, 0, sizeof(*p));
	root = jv_load(&v, path);
	if (!root)
		return -1;
	ret = load_profile(&v, root, p);
	json_decref(root);
	return ret;
}

int archprof_load(const char *name, struct archprof *p, char *err, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/configs/arch/%s.json", ptbench_datadir(), name);
	return archprof_load_file(path, p, err, len);
}

const struct pt_geom *archprof_geom(const struct archprof *p, uint64_t page_size)
{
	int i;

	for (i = 0; i < p->ngeom; i++)
		if (p->geom[i].page_size == page_size)
			return &p->geom[i];
	return NULL;
}

const char *archprof_line(const struct archprof *p, const char *kind)
{
	int i;

	for (i = 0; i < p->nlines; i++)
		if (!strcmp(p->lines[i].kind, kind))
			return p->lines[i].pat.label;
	return NULL;
}
