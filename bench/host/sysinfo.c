// SPDX-License-Identifier: GPL-2.0
/*
 * What the run ran on. Everything is read from the running system (sysfs,
 * procfs, the kernel config); the arch profile only supplies what user space
 * cannot see, the page-table geometry. A missing file gives a JSON null, never
 * an error: kernels differ in what they expose, and the result must still be
 * written.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/io_uring.h>
#include <linux/perf_event.h>

#include "bench/lib/file.h"
#include "bench/lib/spawn.h"
#include "bench/lib/util.h"
#include "debugfs.h"
#include "placement.h"
#include "sysinfo.h"

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

static int exists(const char *path)
{
	return !access(path, F_OK);
}

/* ---- running a helper program -------------------------------------- */

/* ---- kernel config ---------------------------------------------------- */

struct kconfig_entry {
	const char *name;	/* without "CONFIG_" */
	const char *val;	/* quotes stripped */
};

static struct {
	int loaded;		/* a load was attempted */
	int ok;
	char *text;		/* the config, cut in place into the entries */
	struct kconfig_entry *ent;
	size_t nent;
	uint64_t hash;		/* FNV-1a 64 of the text as read */
	char source[PATH_MAX];
	char why[512];
} kcfg;

static uint64_t fnv1a64(const char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Read a config file, decompressing .gz with gzip(1): no zlib dependency. */
static int kconfig_read(const char *path, char **text, size_t *len, char *why, size_t wlen)
{
	char *argv[] = { "gzip", "-dc", "--", (char *)path, NULL };
	int status;

	if (!ends_with(path, ".gz")) {
		if (read_file(path, KCONFIG_MAX, text, len)) {
			set_why(why, wlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (access(path, R_OK)) {
		set_why(why, wlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (spawn_capture(argv, KCONFIG_MAX, text, len, &status)) {
		set_why(why, wlen, "%s: %s", path, errno == ENOENT ? "no gzip(1) to decompress it" :
			strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !*len) {
		free(*text);
		*text = NULL;
		set_why(why, wlen, "%s: gzip -dc failed", path);
		return -1;
	}
	return 0;
}

/* "\"a \\\"b\\\"\"" -> "a \"b\"", in place. */
static void unquote(char *v)
{
	char *r = v + 1, *w = v;

	if (*v != '"')
		return;
	for (; *r && *r != '"'; r++) {
		if (*r == '\\' && r[1])
			r++;
		*w++ = *r;
	}
	*w = '\0';
}

static int entry_cmp(const void *a, const void *b)
{
	const struct kconfig_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Cut the text into sorted CONFIG_X=val entries; "# ... is not set" lines are unset. */
static int kconfig_parse(void)
{
	size_t cap = 1024;
	char *line = kcfg.text;

	kcfg.ent = malloc(cap * sizeof(*kcfg.ent));
	if (!kcfg.ent)
		return -1;
	while (line && *line) {
		char *nl = strchr(line, '\n'), *eq;

		if (nl)
			*nl = '\0';
		if (!strncmp(line, "CONFIG_", 7) && (eq = strchr(line, '='))) {
			if (kcfg.nent == cap) {
				struct kconfig_entry *ne = realloc(kcfg.ent, cap * 2 * sizeof(*ne));

				if (!ne)
					return -1;
				kcfg.ent = ne;
				cap *= 2;
			}
			*eq = '\0';
			unquote(eq + 1);
			kcfg.ent[kcfg.nent].name = line + 7;
			kcfg.ent[kcfg.nent].val = eq + 1;
			kcfg.nent++;
		}
		line = nl ? nl + 1 : NULL;
	}
	qsort(kcfg.ent, kcfg.nent, sizeof(*kcfg.ent), entry_cmp);
	return 0;
}

static void kconfig_reset(void)
{
	free(kcfg.text);
	free(kcfg.ent);
	memset(&kcfg, 0, sizeof(kcfg));
}

static int kconfig_load_path(const char *path, char *why, size_t wlen)
{
	size_t len;

	kconfig_reset();
	kcfg.loaded = 1;
	if (kconfig_read(path, &kcfg.text, &len, why, wlen))
		return -1;
	kcfg.hash = fnv1a64(kcfg.text, len);
	if (kconfig_parse() || !kcfg.nent) {
		set_why(why, wlen, "%s: no CONFIG_ lines", path);
		free(kcfg.text);
		free(kcfg.ent);
		kcfg.text = NULL;
		kcfg.ent = NULL;
		kcfg.nent = 0;
		return -1;
	}
	snprintf(kcfg.source, sizeof(kcfg.source), "%s", path);
	kcfg.ok = 1;
	return 0;
}

/*
 * /proc/config.gz first: it is the running kernel's own config, while a
 * developer who rebuilds a kernel without changing its release string (and
 * boots it with QEMU -kernel) leaves a stale /boot/config-<release> behind.
 * The distro files follow for kernels without CONFIG_IKCONFIG_PROC.
 */
static void kconfig_load(void)
{
	char paths[3][160], why[256] = "", first[256] = "";
	struct utsname u;
	size_t i;

	if (kcfg.loaded)
		return;
	if (uname(&u))
		u.release[0] = '\0';
	snprintf(paths[0], sizeof(paths[0]), "/proc/config.gz");
	snprintf(paths[1], sizeof(paths[1]), "/boot/config-%s", u.release);
	snprintf(paths[2], sizeof(paths[2]), "/lib/modules/%s/config", u.release);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		if (!kconfig_load_path(paths[i], why, sizeof(why)))
			return;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", why);
	}
	snprintf(kcfg.why, sizeof(kcfg.why), "%s; no /boot or /lib/modules config for %s",
		 first, u.release);
}

int kconfig_use(const char *path, char *why, size_t len)
{
	if (!path) {
		kconfig_reset();
		return 0;
	}
	if (kconfig_load_path(path, kcfg.why, sizeof(kcfg.why))) {
		set_why(why, len, "%s", kcfg.why);
		return -1;
	}
	return 0;
}

int kconfig_readable(void)
{
	kconfig_load();
	return kcfg.ok;
}

const char *kconfig_get(const char *name)
{
	struct kconfig_entry key, *e;

	kconfig_load();
	if (!kcfg.ok || !name)
		return NULL;
	if (!strncmp(name, "CONFIG_", 7))
		name += 7;
	key.name = name;
	e = bsearch(&key, kcfg.ent, kcfg.nent, sizeof(*kcfg.ent), entry_cmp);
	return e ? e->val : NULL;
}

static int kconfig_on(const char *name)
{
	const char *v = kconfig_get(name);

	return v && (!strcmp(v, "y") || !strcmp(v, "m"));
}

static long long kconfig_num(const char *name, long long def)
{
	unsigned long long v;

	if (parse_ull(kconfig_get(name), &v) || v > LLONG_MAX)
		return def;
	return (long long)v;
}

/* ---- facts for the workloads -------------------------------------------- */

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sizes of the "hugepages-<N>kB" entries of dir, ascending; how many. */
static int list_sizes(const char *dir, uint64_t *sizes, int max)
{
	struct dirent *d;
	int n = 0;
	DIR *dp;

	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((d = readdir(dp)) && n < max) {
		unsigned long long kb;
		char tail[4];

		if (sscanf(d->d_name, "hugepages-%llukB%3s", &kb, tail) == 1 && kb)
			sizes[n++] = (uint64_t)kb << 10;
	}
	closedir(dp);
	qsort(sizes, (size_t)n, sizeof(*sizes), u64_cmp);
	return n;
}

/*
 * The profile's geometry for this page size, with the level count of the
 * kernel config when it is readable: the config says what this kernel was
 * built with (x86 5-level, arm64 VA sizes), the profile only the default.
 */
static int sys_geom(const struct archprof *ap, uint64_t page_size, struct pt_geom *g,
		    const char **levels_src)
{
	const struct pt_geom *pg = archprof_geom(ap, page_size);
	long long levels = kconfig_num("PGTABLE_LEVELS", 0);

	if (!pg)
		return -1;
	*g = *pg;
	*levels_src = "profile";
	if (levels < 2 || levels > 5)
		return 0;
	g->levels = (int)levels;
	if (pt_geom_derive(g)) {
		*g = *pg;
		return 0;
	}
	*levels_src = "kconfig";
	return 0;
}

/*
 * Whether tlb_remove_table_sync_one() sends IPIs: the kernel config says
 * when it is readable, else the arch when it always selects the option.
 */
static int collapse_sync_ipi(const struct archprof *ap)
{
	const char *v;

	if (kconfig_readable()) {
		v = kconfig_get("MMU_GATHER_RCU_TABLE_FREE");
		return v && !strcmp(v, "y");
	}
	return ap->rcu_table_free ? 1 : -1;
}

int sysfacts_read(const struct archprof *ap, struct wl_sys *sys, char *why, size_t len)
{
	uint64_t sizes[MAX_SIZES];
	const char *src;
	struct pt_geom g;
	long long pmd;
	long ps;
	int i, n;

	memset(sys, 0, sizeof(*sys));
	ps = sysconf(_SC_PAGESIZE);
	if (ps <= 0) {
		set_why(why, len, "sysconf(_SC_PAGESIZE): %s", strerror(errno));
		return -1;
	}
	if (sys_geom(ap, (uint64_t)ps, &g, &src)) {
		set_why(why, len, "arch profile %s has no page-table geometry for %ld-byte pages",
			ap->arch, ps);
		return -1;
	}
	sys->page_size = (size_t)ps;
	/* One PMD entry maps what one PTE table maps. */
	if (read_ll(THP_DIR "/hpage_pmd_size", &pmd) || pmd <= 0)
		pmd = (long long)g.pte_span;
	sys->pmd_size = (size_t)pmd;
	sys->pte_table_span = g.pte_span;
	sys->pmd_table_span = g.pmd_span;
	sys->pte_lock_span = g.pte_lock_span;
	sys->pmd_lock_span = g.pmd_lock_span;
	sys->pud_size = g.pmd_span;
	/*
	 * thp means "this kernel has THP for anonymous memory" (the sysfs
	 * directory exists), not "enabled is not never": enabled is a knob
	 * ptbench sets for its runs (to madvise) and puts back afterwards.
	 */
	sys->thp = exists(THP_DIR);
	sys->root = geteuid() == 0;
	sys->collapse_sync_ipi = collapse_sync_ipi(ap);
	n = list_sizes(HUGETLB_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n && i < WL_MAX_HUGETLB; i++)
		sys->hugetlb_size[i] = sizes[i];
	sys->nr_hugetlb = i;
	return 0;
}

/* ---- JSON helpers --------------------------------------------------------- */

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

/* A string, or null for NULL; bytes that are not UTF-8 become '?'. */
static json_t *jstr(const char *s)
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

static json_t *file_str(const char *path)
{
	char buf[4096];

	if (read_str(path, buf, sizeof(buf)))
		return json_null();
	return jstr(buf);
}

static json_t *file_int(const char *path)
{
	long long v;

	if (read_ll(path, &v))
		return json_null();
	return json_integer(v);
}

static json_t *jint_or_null(long long v, int ok)
{
	return ok ? json_integer(v) : json_null();
}

/* The bracketed choice of a sysfs selector: "always [madvise] never" -> "madvise". */
static json_t *selected(const char *raw)
{
	const char *a = strchr(raw, '['), *b;

	if (!a)
		return json_null();
	b = strchr(a, ']');
	if (!b)
		return json_null();
	return json_stringn(a + 1, (size_t)(b - a - 1));
}

static json_t *file_selected(const char *path)
{
	char buf[256];

	if (read_str(path, buf, sizeof(buf)))
		return json_null();
	return selected(buf);
}

/* ---- the "system" section ------------------------------------------------- */

static const char *const kconfig_options[] = {
	"TRANSPARENT_HUGEPAGE", "HUGETLBFS", "SPLIT_PTE_PTLOCKS", "SPLIT_PMD_PTLOCKS",
	"ARCH_ENABLE_SPLIT_PMD_PTLOCK", "SPLIT_PTLOCK_CPUS", "NR_CPUS", "PGTABLE_LEVELS",
	"PER_VMA_LOCK", "MMU_GATHER_RCU_TABLE_FREE", "PT_RECLAIM", "LOCKDEP",
	"DEBUG_SPINLOCK", "DEBUG_LOCK_ALLOC", "DEBUG_VM", "PROVE_LOCKING", "LOCK_STAT",
	"KASAN", "PAGE_TABLE_CHECK", "PREEMPT", "PREEMPT_DYNAMIC", "PREEMPT_VOLUNTARY",
	"PREEMPT_NONE", "PREEMPT_RT", "GUP_TEST", "IO_URING", "TRANSPARENT_HUGEPAGE_ALWAYS",
	"TRANSPARENT_HUGEPAGE_MADVISE", "NUMA_BALANCING", "ARM64_4K_PAGES", "ARM64_16K_PAGES",
	"ARM64_64K_PAGES", "PPC_RADIX_MMU", "PPC_64K_PAGES", "PARAVIRT", "KVM_GUEST", "HZ",
};

static json_t *kernel_section(const struct utsname *u)
{
	json_t *k = json_object(), *cfg;
	char buf[64];
	size_t i;

	set(k, "release", jstr(u->release));
	set(k, "version", jstr(u->version));
	set(k, "cmdline", file_str("/proc/cmdline"));
	if (!kconfig_readable()) {
		set(k, "config_source", json_null());
		set(k, "config_error", jstr(kcfg.why));
		set(k, "config_hash", json_null());
		set(k, "config", json_null());
		return k;
	}
	set(k, "config_source", jstr(kcfg.source));
	snprintf(buf, sizeof(buf), "fnv1a64:%016" PRIx64, kcfg.hash);
	set(k, "config_hash", json_string(buf));
	cfg = json_object();
	for (i = 0; i < ARRAY_SIZE(kconfig_options); i++)
		set(cfg, kconfig_options[i], jstr(kconfig_get(kconfig_options[i])));
	set(k, "config", cfg);
	return k;
}

/*
 * One PMD entry maps exactly one PTE table, so the kernel's hpage_pmd_size
 * checks the profile: when they differ the spans are wrong for this MMU
 * (e.g. ppc64 hash, whose 64K PTE tables map 16M, against the radix profile)
 * and "split" placements may share a table.
 */
static json_t *geometry_warning(const struct archprof *ap, const struct wl_sys *sys)
{
	char pmd[32], span[32], buf[256];

	if (!exists(THP_DIR "/hpage_pmd_size") || sys->pmd_size == sys->pte_table_span)
		return json_null();
	fmt_size(sys->pmd_size, pmd, sizeof(pmd));
	fmt_size(sys->pte_table_span, span, sizeof(span));
	snprintf(buf, sizeof(buf), "hpage_pmd_size is %s but profile %s says one PTE table maps %s: the profile does not describe this MMU",
		 pmd, ap->arch, span);
	return jstr(buf);
}

static json_t *memory_section(const struct archprof *ap, const struct wl_sys *sys)
{
	json_t *m = json_object();
	const char *src = NULL;
	struct pt_geom g;
	long long v;
	int have;

	have = !sys_geom(ap, sys->page_size, &g, &src);
	set(m, "page_size", json_integer((json_int_t)sys->page_size));
	set(m, "pmd_size", json_integer((json_int_t)sys->pmd_size));
	set(m, "pmd_size_source", json_string(exists(THP_DIR "/hpage_pmd_size") ?
					      "hpage_pmd_size" : "profile"));
	set(m, "pud_size", json_integer((json_int_t)sys->pud_size));
	set(m, "pte_table_span", json_integer((json_int_t)sys->pte_table_span));
	set(m, "pmd_table_span", json_integer((json_int_t)sys->pmd_table_span));
	set(m, "pte_lock_span", json_integer((json_int_t)sys->pte_lock_span));
	set(m, "pmd_lock_span", json_integer((json_int_t)sys->pmd_lock_span));
	set(m, "levels", jint_or_null(have ? g.levels : 0, have));
	set(m, "levels_source", have ? json_string(src) : json_null());
	set(m, "split_pmd_lock", have ? json_boolean(g.split_pmd_lock) : json_null());
	set(m, "geometry_warning", geometry_warning(ap, sys));
	v = meminfo_bytes("MemTotal");
	set(m, "mem_total", jint_or_null(v, v >= 0));
	v = meminfo_bytes("MemAvailable");
	set(m, "mem_available", jint_or_null(v, v >= 0));
	return m;
}

static const char *const arm_implementers[][2] = {
	{ "0x41", "ARM" }, { "0x42", "Broadcom" }, { "0x43", "Cavium" }, { "0x46", "Fujitsu" },
	{ "0x48", "HiSilicon" }, { "0x4e", "NVIDIA" }, { "0x50", "APM" }, { "0x51", "Qualcomm" },
	{ "0x61", "Apple" }, { "0x6d", "Microsoft" }, { "0xc0", "Ampere" },
};

struct cpuinfo {
	char model[256];	/* x86 "model name", ppc "cpu", s390 "machine" */
	char impl[32];		/* arm64 "CPU implementer" */
	char part[32];		/* arm64 "CPU part" */
	char mmu[32];		/* ppc64 "MMU": "Radix" or "Hash" */
	int flags_seen;		/* x86 "flags" line read */
	int hypervisor;		/* x86 "hypervisor" flag */
};

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static void cpuinfo_line(struct cpuinfo *ci, const char *key, const char *val)
{
	if (!strcmp(key, "model name") || !strcmp(key, "cpu") || !strcmp(key, "machine")) {
		if (!ci->model[0])
			snprintf(ci->model, sizeof(ci->model), "%s", val);
	} else if (!strcmp(key, "CPU implementer")) {
		snprintf(ci->impl, sizeof(ci->impl), "%s", val);
	} else if (!strcmp(key, "CPU part")) {
		snprintf(ci->part, sizeof(ci->part), "%s", val);
	} else if (!strcmp(key, "MMU")) {
		snprintf(ci->mmu, sizeof(ci->mmu), "%s", val);
	} else if (!strcmp(key, "flags")) {
		ci->flags_seen = 1;
		ci->hypervisor = has_word(val, "hypervisor");
	}
}

/*
 * The first CPU's block of /proc/cpuinfo is enough: stop there, a 500-CPU
 * x86 has megabytes of it. s390 puts "machine" in the per-CPU blocks after
 * a header block, older kernels only in "processor N: ..., machine = 8561"
 * lines. ppc64 puts "MMU" in a block after all CPUs (a few lines per CPU):
 * read it whole.
 */
static void cpuinfo_read(struct cpuinfo *ci, const char *machine)
{
	int whole = !strncmp(machine, "ppc", 3), blocks = 0;
	char *line = NULL, *m;
	size_t cap = 0;
	FILE *f;

	memset(ci, 0, sizeof(*ci));
	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return;
	while ((whole || blocks < 2) && getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':'), *k, *v, *e;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0]) {
			if (!whole && (ci->model[0] || ci->impl[0]))
				break;
			blocks++;
			continue;
		}
		m = strstr(line, "machine = ");
		if (m && !ci->model[0])
			snprintf(ci->model, sizeof(ci->model), "%.*s", (int)strcspn(m + 10, " ,"), m + 10);
		if (!colon)
			continue;
		*colon = '\0';
		for (e = colon; e > line && (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		k = line;
		v = colon + 1 + strspn(colon + 1, " \t");
		cpuinfo_line(ci, k, v);
	}
	free(line);
	fclose(f);
}

static void cpu_model(const struct cpuinfo *ci, const char *machine, char *buf, size_t len)
{
	const char *name = ci->impl;
	size_t i;

	buf[0] = '\0';
	if (!strcmp(machine, "s390x") && ci->model[0]) {
		snprintf(buf, len, "IBM Z machine type %s", ci->model);
		return;
	}
	if (ci->model[0]) {
		snprintf(buf, len, "%s", ci->model);
		return;
	}
	if (!ci->impl[0])
		return;
	for (i = 0; i < ARRAY_SIZE(arm_implementers); i++)
		if (!strcasecmp(ci->impl, arm_implementers[i][0]))
			name = arm_implementers[i][1];
	snprintf(buf, len, "%s part %s", name, ci->part[0] ? ci->part : "?");
}

static json_t *mitigations(void)
{
	json_t *o = json_object();
	struct dirent **ents;
	int i, n;

	n = scandir(CPU_DIR "/vulnerabilities", &ents, NULL, alphasort);
	if (n < 0) {
		json_decref(o);
		return json_null();
	}
	for (i = 0; i < n; i++) {
		char path[512];

		if (ents[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), CPU_DIR "/vulnerabilities/%s", ents[i]->d_name);
			set(o, ents[i]->d_name, file_str(path));
		}
		free(ents[i]);
	}
	free(ents);
	return o;
}

static json_t *topo_int(const struct topo *t, int (*fn)(const struct topo *))
{
	return t ? json_integer(fn(t)) : json_null();
}

static json_t *cpu_section(const struct cpuinfo *ci, const char *machine, const struct topo *t)
{
	json_t *c = json_object();
	char model[300];

	cpu_model(ci, machine, model, sizeof(model));
	set(c, "model", model[0] ? jstr(model) : json_null());
	set(c, "npus", topo_int(t, topo_npus));
	set(c, "ncores", topo_int(t, topo_ncores));
	set(c, "npackages", topo_int(t, topo_npackages));
	set(c, "nnuma", topo_int(t, topo_nnuma));
	set(c, "smt", topo_int(t, topo_smt));
	set(c, "mmu", ci->mmu[0] ? jstr(ci->mmu) : json_null());
	set(c, "smt_active", file_int(CPU_DIR "/smt/active"));
	set(c, "online", file_str(CPU_DIR "/online"));
	set(c, "governor", file_str(CPU_DIR "/cpu0/cpufreq/scaling_governor"));
	if (json_is_null(json_object_get(c, "governor")))
		set(c, "governor_note", json_string("no cpufreq"));
	set(c, "mitigations", mitigations());
	return c;
}

static json_t *mthp_sizes(void)
{
	uint64_t sizes[MAX_SIZES];
	json_t *o = json_object();
	int i, n;

	n = list_sizes(THP_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n; i++) {
		char path[128], name[32];

		/* sizes without anon support (order 1) only have shmem_enabled */
		snprintf(path, sizeof(path), THP_DIR "/hugepages-%" PRIu64 "kB/enabled", sizes[i] >> 10);
		if (!exists(path))
			continue;
		fmt_size(sizes[i], name, sizeof(name));
		set(o, name, file_selected(path));
	}
	return o;
}

static json_t *thp_section(void)
{
	static const char *const sel[] = { "enabled", "defrag", "shmem_enabled" };
	static const char *const kh[] = {
		"defrag", "pages_to_scan", "scan_sleep_millisecs", "alloc_sleep_millisecs",
		"max_ptes_none", "max_ptes_swap", "max_ptes_shared", "pages_collapsed",
		"full_scans",
	};
	json_t *o = json_object(), *s = json_object(), *k = json_object();
	char path[128];
	size_t i;

	set(o, "available", json_boolean(exists(THP_DIR)));
	for (i = 0; i < ARRAY_SIZE(sel); i++) {
		snprintf(path, sizeof(path), THP_DIR "/%s", sel[i]);
		set(o, sel[i], file_str(path));
		set(s, sel[i], file_selected(path));
	}
	set(o, "selected", s);
	set(o, "use_zero_page", file_str(THP_DIR "/use_zero_page"));
	set(o, "hpage_pmd_size", file_int(THP_DIR "/hpage_pmd_size"));
	for (i = 0; i < ARRAY_SIZE(kh); i++) {
		snprintf(path, sizeof(path), THP_DIR "/khugepaged/%s", kh[i]);
		set(k, kh[i], file_int(path));
	}
	set(o, "khugepaged", k);
	set(o, "mthp_enabled", mthp_sizes());
	return o;
}

static json_t *hugetlb_section(void)
{
	static const char *const files[] = {
		"nr_hugepages", "free_hugepages", "resv_hugepages", "surplus_hugepages",
		"nr_overcommit_hugepages",
	};
	uint64_t sizes[MAX_SIZES];
	json_t *a = json_array();
	int i, n;

	n = list_sizes(HUGETLB_DIR, sizes, MAX_SIZES);
	for (i = 0; i < n; i++) {
		json_t *p = json_object();
		char path[160];
		size_t j;

		set(p, "size", json_integer((json_int_t)sizes[i]));
		for (j = 0; j < ARRAY_SIZE(files); j++) {
			snprintf(path, sizeof(path), HUGETLB_DIR "/hugepages-%" PRIu64 "kB/%s",
				 sizes[i] >> 10, files[j]);
			set(p, files[j], file_int(path));
		}
		json_array_append_new(a, p);
	}
	return a;
}

/*
 * Whether we run in a VM, cheaply: systemd-detect-virt knows the most; else
 * Xen's /sys/hypervisor, the x86 "hypervisor" CPUID flag (whose absence on
 * x86 does mean bare metal), a device-tree hypervisor node (ppc64, arm64).
 */
static json_t *virt_section(const struct cpuinfo *ci)
{
	char *argv[] = { "systemd-detect-virt", "--vm", NULL };
	json_t *o = json_object();
	char buf[64], *out;
	size_t len;
	int status;

	if (!spawn_capture(argv, 4096, &out, &len, &status)) {
		out[strcspn(out, "\n")] = '\0';
		if (WIFEXITED(status) && out[0]) {
			set(o, "type", jstr(out));
			set(o, "source", json_string("systemd-detect-virt"));
			free(out);
			return o;
		}
		free(out);
	}
	if (!read_str("/sys/hypervisor/type", buf, sizeof(buf)) && buf[0]) {
		set(o, "type", jstr(buf));
		set(o, "source", json_string("/sys/hypervisor/type"));
	} else if (ci->flags_seen) {
		set(o, "type", json_string(ci->hypervisor ? "vm" : "none"));
		set(o, "source", json_string("cpuinfo hypervisor flag"));
	} else if (!read_str("/proc/device-tree/hypervisor/compatible", buf, sizeof(buf))) {
		set(o, "type", jstr(buf));
		set(o, "source", json_string("device-tree hypervisor node"));
	} else {
		json_decref(o);
		return json_null();
	}
	return o;
}

json_t *sysinfo_capture(const struct archprof *ap, const struct wl_sys *sys, const struct topo *t)
{
	json_t *s = json_object(), *a = json_object();
	struct cpuinfo ci;
	struct utsname u;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	cpuinfo_read(&ci, u.machine);
	set(s, "kernel", kernel_section(&u));
	set(a, "machine", jstr(u.machine));
	set(a, "profile", jstr(ap->arch));
	set(s, "arch", a);
	set(s, "memory", memory_section(ap, sys));
	set(s, "cpu", cpu_section(&ci, u.machine, t));
	set(s, "thp", thp_section());
	set(s, "hugetlb", hugetlb_section());
	set(s, "numa_balancing", file_int("/proc/sys/kernel/numa_balancing"));
	set(s, "boot_id", file_str("/proc/sys/kernel/random/boot_id"));
	set(s, "host", jstr(u.nodename));
	set(s, "virtualization", virt_section(&ci));
	set(s, "collapse_sync_ipi", sys->collapse_sync_ipi < 0 ? json_null() :
	    json_boolean(sys->collapse_sync_ipi));
	return s;
}

/* ---- the "capabilities" section ------------------------------------------- */

static void cap_note(json_t *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cap_note(json_t *c, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	set(c, key, jstr(buf));
}

static json_t *cap_new(int usable)
{
	json_t *c = json_object();

	set(c, "usable", json_boolean(usable));
	return c;
}

static json_t *cap_no(const char *reason)
{
	json_t *c = cap_new(0);

	set(c, "reason", jstr(reason));
	return c;
}

/* Mount point of the first mount of type fstype, in buf; 0 if found. */
static int mount_of(const char *fstype, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	int found = -1;
	FILE *f;

	f = fopen("/proc/mounts", "re");
	if (!f)
		return -1;
	while (found && getline(&line, &cap, f) > 0) {
		char dir[PATH_MAX], type[64];

		if (sscanf(line, "%*s %4095s %63s", dir, type) == 2 && !strcmp(type, fstype)) {
			snprintf(buf, len, "%s", dir);
			found = 0;
		}
	}
	free(line);
	fclose(f);
	return found;
}

static json_t *cap_root(const struct wl_sys *sys)
{
	json_t *c;

	if (sys->root)
		return cap_new(1);
	c = cap_new(0);
	cap_note(c, "reason", "not root (euid %u)", (unsigned int)geteuid());
	set(c, "detail", json_string("THP/khugepaged knobs, hugetlb pools, tracefs and gup_test need root"));
	return c;
}

static json_t *cap_thp(void)
{
	char buf[256] = "";
	json_t *c;

	if (!exists(THP_DIR))
		return cap_no(arch_no_huge_why(buf, sizeof(buf)) ? buf :
			      "no " THP_DIR ": kernel without CONFIG_TRANSPARENT_HUGEPAGE");
	c = cap_new(1);
	read_str(THP_DIR "/enabled", buf, sizeof(buf));
	if (strstr(buf, "[never]"))
		set(c, "detail", json_string("enabled=never now; usable because ptbench sets madvise for its runs"));
	else
		cap_note(c, "detail", "enabled: %s", buf);
	return c;
}

/*
 * Whether the kernel knows MADV_COLLAPSE: do_madvise() rejects an unknown
 * advice with EINVAL before it looks at the range, and returns 0 for an
 * empty range. 0 or an errno.
 */
static int collapse_known(size_t page)
{
	void *p;
	int err;

	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	err = madvise(p, 0, MADV_COLLAPSE) ? errno : 0;
	munmap(p, page);
	return err;
}

/*
 * MADV_COLLAPSE of one PMD that was faulted in base pages, the recipe of
 * selftests/mm/khugepaged.c: VM_NOHUGEPAGE while touching every page so
 * that no THP is faulted in, then VM_HUGEPAGE and collapse. 0 or an errno.
 */
static int collapse_one(size_t pmd, size_t page)
{
	size_t len = 2 * pmd, off;
	char *p, *a;
	int ret, err;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	a = (char *)ALIGN_UP((uintptr_t)p, pmd);
	if (madvise(a, pmd, MADV_NOHUGEPAGE)) {
		err = errno;
		goto out;
	}
	for (off = 0; off < pmd; off += page)
		a[off] = 1;
	if (madvise(a, pmd, MADV_HUGEPAGE)) {
		err = errno;
		goto out;
	}
	ret = madvise(a, pmd, MADV_COLLAPSE);
	if (ret && errno == EAGAIN)
		ret = madvise(a, pmd, MADV_COLLAPSE);
	err = ret ? errno : 0;
out:
	munmap(p, len);
	return err;
}

static json_t *cap_madv_collapse(const struct wl_sys *sys)
{
	long long avail = meminfo_bytes("MemAvailable");
	char size[32];
	uint64_t t0;
	json_t *c;
	int err;

	if (!sys->thp)
		return cap_no("not probed: no THP (no " THP_DIR ")");
	if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) > 0)
		return cap_no("THP disabled for this process (prctl PR_SET_THP_DISABLE)");
	err = collapse_known(sys->page_size);
	if (err == EINVAL)
		return cap_no("kernel does not know MADV_COLLAPSE (EINVAL): it came in 6.1");
	c = cap_new(!err);
	if (err) {
		cap_note(c, "reason", "madvise(MADV_COLLAPSE) of an empty range: %s", strerror(err));
		return c;
	}
	fmt_size(sys->pmd_size, size, sizeof(size));
	/* arm64 16K/64K: a 32M or 512M test collapse is not a cheap probe */
	if (sys->pmd_size > COLLAPSE_PROBE_MAX || avail < (long long)(8 * sys->pmd_size)) {
		cap_note(c, "detail", "known to the kernel; no test collapse of a %s PMD (too big or too little free memory)",
			 size);
		return c;
	}
	t0 = now_ns();
	err = collapse_one(sys->pmd_size, sys->page_size);
	if (!err) {
		cap_note(c, "detail", "collapsed one %s PMD in %.2f ms", size,
			 (double)(now_ns() - t0) / 1e6);
	} else if (err == EAGAIN || err == ENOMEM || err == EBUSY) {
		/* transient: no free huge page or memcg charge now */
		cap_note(c, "detail", "known to the kernel; the test collapse of one %s PMD failed: %s",
			 size, strerror(err));
	} else {
		set(c, "usable", json_false());
		cap_note(c, "reason", "the test collapse of one %s PMD failed: %s", size, strerror(err));
	}
	return c;
}

static json_t *cap_hugetlb(const struct wl_sys *sys)
{
	json_t *c, *a;
	char why[256];
	int i;

	if (!sys->nr_hugetlb)
		return cap_no(arch_no_huge_why(why, sizeof(why)) ? why :
			      "no " HUGETLB_DIR " sizes: kernel without CONFIG_HUGETLBFS");
	c = cap_new(1);
	a = json_array();
	for (i = 0; i < sys->nr_hugetlb; i++) {
		json_t *p = json_object();
		char path[160], name[32];

		fmt_size(sys->hugetlb_size[i], name, sizeof(name));
		set(p, "size", json_string(name));
		snprintf(path, sizeof(path), HUGETLB_DIR "/hugepages-%zukB/nr_hugepages",
			 sys->hugetlb_size[i] >> 10);
		set(p, "total", file_int(path));
		snprintf(path, sizeof(path), HUGETLB_DIR "/hugepages-%zukB/free_hugepages",
			 sys->hugetlb_size[i] >> 10);
		set(p, "free", file_int(path));
		json_array_append_new(a, p);
	}
	set(c, "sizes", a);
	set(c, "detail", json_string(sys->root ? "pools can be grown for a run" :
				     "pools can be grown, but only by root"));
	return c;
}

static json_t *cap_tracefs(void)
{
	char dir[PATH_MAX];
	json_t *c;

	if (mount_of("tracefs", dir, sizeof(dir)))
		return cap_no("tracefs not mounted");
	c = cap_new(1);
	cap_note(c, "detail", "mounted at %s", dir);
	return c;
}

/*
 * Kernels up to 6.11 derive the split locks from SPLIT_PTLOCK_CPUS (4, or
 * 999999 to disable) against NR_CPUS; later ones have SPLIT_PTE_PTLOCKS and
 * SPLIT_PMD_PTLOCKS symbols, absent from the config when off.
 */
static json_t *cap_split(int pmd)
{
	const char *sym = pmd ? "SPLIT_PMD_PTLOCKS" : "SPLIT_PTE_PTLOCKS";
	long long cpus, nr;
	json_t *c;

	if (!kconfig_readable())
		return cap_no("kernel config not readable: unknown");
	if (kconfig_on(sym))
		return cap_new(1);
	cpus = kconfig_num("SPLIT_PTLOCK_CPUS", -1);
	if (cpus < 0) {
		c = cap_new(0);
		cap_note(c, "reason", "CONFIG_%s not set", sym);
		return c;
	}
	nr = kconfig_num("NR_CPUS", 0);
	if (nr < cpus) {
		c = cap_new(0);
		cap_note(c, "reason", "CONFIG_NR_CPUS=%lld < CONFIG_SPLIT_PTLOCK_CPUS=%lld", nr, cpus);
		return c;
	}
	if (pmd && !kconfig_on("ARCH_ENABLE_SPLIT_PMD_PTLOCK"))
		return cap_no("CONFIG_ARCH_ENABLE_SPLIT_PMD_PTLOCK not set");
	c = cap_new(1);
	cap_note(c, "detail", "CONFIG_NR_CPUS=%lld >= CONFIG_SPLIT_PTLOCK_CPUS=%lld", nr, cpus);
	return c;
}

/* Append the names of the set options among names to buf; how many. */
static int list_set(const char *const *names, size_t n, char *buf, size_t len)
{
	size_t i, off = strlen(buf);
	int found = 0;

	for (i = 0; i < n; i++) {
		if (!kconfig_on(names[i]))
			continue;
		snprintf(buf + off, len - off, "%sCONFIG_%s", off ? ", " : "", names[i]);
		off += strlen(buf + off);
		found++;
	}
	return found;
}

/*
 * A spinlock_t bigger than a long (lockdep, DEBUG_SPINLOCK, PREEMPT_RT) does
 * not fit in struct ptdesc: the split ptlock is then allocated separately
 * (ALLOC_SPLIT_PTLOCKS), an extra indirection on every page-table lock.
 */
static json_t *cap_production_locks(void)
{
	static const char *const alloc[] = {
		"LOCKDEP", "DEBUG_SPINLOCK", "DEBUG_LOCK_ALLOC", "PREEMPT_RT",
	};
	static const char *const slow[] = {
		"DEBUG_VM", "KASAN", "PAGE_TABLE_CHECK", "LOCK_STAT",
	};
	char set_alloc[256] = "", set_slow[256] = "";
	json_t *c;

	if (!kconfig_readable())
		return cap_no("kernel config not readable: unknown");
	list_set(slow, ARRAY_SIZE(slow), set_slow, sizeof(set_slow));
	if (list_set(alloc, ARRAY_SIZE(alloc), set_alloc, sizeof(set_alloc))) {
		c = cap_new(0);
		cap_note(c, "reason", "kernel has %s: ptlocks are allocated separately, numbers not comparable to production kernels",
			 set_alloc);
	} else {
		c = cap_new(1);
	}
	if (set_slow[0])
		cap_note(c, "detail", "debug options slow mm paths: %s", set_slow);
	return c;
}

/*
 * ptbench run mounts debugfs for the run (debugfs.c); info only looks, so
 * it says what the run will find.
 */
static json_t *cap_gup_test(const struct wl_sys *sys)
{
	if (exists(GUP_TEST_PATH))
		return sys->root ? cap_new(1) : cap_no(GUP_TEST_PATH " needs root");
	if (errno == EACCES)
		return cap_no("debugfs not accessible: not root");
	if (kconfig_readable() && !kconfig_on("GUP_TEST"))
		return cap_no("this kernel has no CONFIG_GUP_TEST");
	if (!debugfs_mounted()) {
		if (!sys->root)
			return cap_no("debugfs not mounted, and mounting it needs root");
		return cap_no(kconfig_readable() ?
			      "debugfs not mounted: ptbench run mounts it for the run" :
			      "debugfs not mounted and no kernel config to read: ptbench run mounts it to look");
	}
	return cap_no("no " GUP_TEST_PATH " (CONFIG_GUP_TEST is set: is mm/gup_test built?)");
}

static json_t *cap_io_uring(void)
{
	struct io_uring_params p;
	long long disabled = -1;
	json_t *c;
	int fd;

	read_ll("/proc/sys/kernel/io_uring_disabled", &disabled);
	memset(&p, 0, sizeof(p));
	fd = (int)syscall(SYS_io_uring_setup, 1, &p);
	if (fd >= 0) {
		close(fd);
		return cap_new(1);
	}
	c = cap_new(0);
	if (errno == ENOSYS)
		cap_note(c, "reason", "kernel without io_uring (ENOSYS)");
	else if (errno == EPERM && disabled > 0)
		cap_note(c, "reason", "io_uring disabled: io_uring_disabled=%lld", disabled);
	else
		cap_note(c, "reason", "io_uring_setup: %s", strerror(errno));
	return c;
}

static int perf_open(uint32_t type, uint64_t config, int exclude_kernel)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_kernel = exclude_kernel ? 1 : 0;
	attr.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* An event on this thread: kernel and user, else user only (perf_event_paranoid 2). */
static json_t *cap_perf(uint32_t type, uint64_t config, long long paranoid)
{
	int fd, err, user_only = 0;
	json_t *c;

	fd = perf_open(type, config, 0);
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		user_only = 1;
		fd = perf_open(type, config, 1);
	}
	if (fd >= 0) {
		close(fd);
		c = cap_new(1);
		if (user_only)
			cap_note(c, "detail", "user space only: perf_event_paranoid=%lld", paranoid);
		return c;
	}
	err = errno;
	c = cap_new(0);
	if (type == PERF_TYPE_HARDWARE && (err == ENOENT || err == EOPNOTSUPP || err == ENODEV))
		cap_note(c, "reason", "no hardware PMU for cycles (%s)", strerror(err));
	else if (err == ENOSYS)
		cap_note(c, "reason", "kernel without perf events (ENOSYS)");
	else
		cap_note(c, "reason", "perf_event_open: %s (perf_event_paranoid=%lld)",
			 strerror(err), paranoid);
	return c;
}

json_t *caps_probe(const struct wl_sys *sys)
{
	json_t *c = json_object();
	long long paranoid = -99;

	read_ll("/proc/sys/kernel/perf_event_paranoid", &paranoid);
	set(c, "root", cap_root(sys));
	set(c, "thp", cap_thp());
	set(c, "madv_collapse", cap_madv_collapse(sys));
	set(c, "hugetlb", cap_hugetlb(sys));
	set(c, "tracefs", cap_tracefs());
	set(c, "split_pte_ptlocks", cap_split(0));
	set(c, "split_pmd_ptlocks", cap_split(1));
	set(c, "production_locks", cap_production_locks());
	set(c, "gup_test", cap_gup_test(sys));
	set(c, "io_uring", cap_io_uring());
	set(c, "perf_software", cap_perf(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, paranoid));
	set(c, "perf_hardware", cap_perf(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, paranoid));
	return c;
}
