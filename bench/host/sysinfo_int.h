/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the files of the system capture (sysinfo.c, kconfig.c,
 * sysfacts.c, capabilities.c) and by nothing else: their limits, small
 * JSON builders, and what each exports to the others.
 */
#ifndef PTBENCH_SYSINFO_INT_H
#define PTBENCH_SYSINFO_INT_H

#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <jansson.h>

#include "lib/util.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define THP_DIR		"/sys/kernel/mm/transparent_hugepage"
#define HUGETLB_DIR	"/sys/kernel/mm/hugepages"
#define CPU_DIR		"/sys/devices/system/cpu"

/* hugetlb or mTHP sizes listed from sysfs; arm64 has the most (about 10 mTHP) */
#define MAX_SIZES	32
/* A kernel config is about 300 KB; anything this big is not one. */
#define KCONFIG_MAX	(16 << 20)
/* Above this PMD size a real collapse is too costly for a probe (arm64 16K/64K). */
#define COLLAPSE_PROBE_MAX	(4 << 20)

static inline int exists(const char *path)
{
	return !access(path, F_OK);
}


static inline void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

/* A string, or null for NULL; bytes that are not UTF-8 become '?'. */
static inline json_t *jstr(const char *s)
{
	json_t *v;
	char *c, *p;

	if (!s)
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	c = strdup(s);
	if (!c)
		return json_null();
	for (p = c; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	v = json_string(c);
	free(c);
	return v ? v : json_null();
}

static inline json_t *file_str(const char *path)
{
	char buf[4096];

	if (read_str(path, buf, sizeof(buf)))
		return json_null();
	return jstr(buf);
}

static inline json_t *file_int(const char *path)
{
	long long v;

	if (read_ll(path, &v))
		return json_null();
	return json_integer(v);
}

static inline json_t *jint_or_null(long long v, int ok)
{
	return ok ? json_integer(v) : json_null();
}

/* The bracketed choice of a sysfs selector: "always [madvise] never" -> "madvise". */
static inline json_t *selected(const char *raw)
{
	const char *a = strchr(raw, '['), *b;

	if (!a)
		return json_null();
	b = strchr(a, ']');
	if (!b)
		return json_null();
	return json_stringn(a + 1, (size_t)(b - a - 1));
}

static inline json_t *file_selected(const char *path)
{
	char buf[256];

	if (read_str(path, buf, sizeof(buf)))
		return json_null();
	return selected(buf);
}


/* kconfig.c */
long long kconfig_num(const char *name, long long def);
/* The "kernel" section: release, version, cmdline, the config's source, hash and options. */
json_t *sysinfo_kernel(const struct utsname *u);

/* sysfacts.c: the sizes listed in a sysfs directory of "<prefix>-<size>kB" entries, sorted. */
int list_sizes(const char *dir, uint64_t *sizes, int max);
struct archprof;
struct pt_geom;
/*
 * The page-table geometry at page_size: the profile's, with the levels from
 * CONFIG_PGTABLE_LEVELS when the config says (*levels_src tells which).
 */
int sys_geom(const struct archprof *ap, uint64_t page_size, struct pt_geom *g,
	     const char **levels_src);

#endif
