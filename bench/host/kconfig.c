// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's config: found (/proc/config.gz, /boot/config-<release>, or a
 * file named by kconfig_use()), read once, cut into sorted entries, and
 * answered by name; and the "kernel" section of a result, which records
 * where the config came from and its hash.
 */
#include <errno.h>
#include <inttypes.h>

#include <zlib.h>

#include "lib/file.h"
#include "sysinfo.h"
#include "sysinfo_int.h"

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

/*
 * Inflate a whole gzip member in memory. zlib, not gzip(1): a developer's
 * minimal guest has no gzip, and a missing helper once ended in a double
 * free (issue 20). A stream that stops before its trailer is truncated,
 * never a shorter config.
 */
static int gunzip(const char *path, const unsigned char *in, size_t inlen, char **text,
		  size_t *len, char *why, size_t wlen)
{
	size_t cap = inlen * 4 + 4096 < KCONFIG_MAX ? inlen * 4 + 4096 : KCONFIG_MAX;
	z_stream z = { .next_in = (unsigned char *)in, .avail_in = (uInt)inlen };
	char *buf = malloc(cap + 1);
	int zr = Z_OK;

	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return set_why(why, wlen, "%s: out of memory", path);
	}
	while (zr == Z_OK) {
		if (z.total_out == cap) {
			char *nb = cap < KCONFIG_MAX ? realloc(buf, cap * 2 + 1) : NULL;

			if (!nb) {
				zr = cap < KCONFIG_MAX ? Z_MEM_ERROR : Z_BUF_ERROR;
				break;
			}
			buf = nb;
			cap = cap * 2 > KCONFIG_MAX ? KCONFIG_MAX : cap * 2;
		}
		z.next_out = (unsigned char *)buf + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && z.avail_in == 0)
			break;		/* input ended before the stream did */
		if (zr == Z_BUF_ERROR && z.avail_out == 0)
			zr = Z_OK;	/* output full: grow and go on */
	}
	*len = z.total_out;
	inflateEnd(&z);
	if (zr == Z_STREAM_END && *len) {
		buf[*len] = '\0';
		*text = buf;
		return 0;
	}
	free(buf);
	if (zr == Z_STREAM_END)
		return set_why(why, wlen, "%s: empty", path);
	if (zr == Z_BUF_ERROR && z.avail_out == 0)
		return set_why(why, wlen, "%s: more than %d MiB inflated", path, KCONFIG_MAX >> 20);
	if (zr == Z_BUF_ERROR || zr == Z_OK)
		return set_why(why, wlen, "%s: truncated gzip data", path);
	return set_why(why, wlen, "%s: not gzip data (%s)", path, z.msg ? z.msg : zError(zr));
}

/* Read a config file, inflating .gz in process. 0, or -1 with *text NULL and why. */
static int kconfig_read(const char *path, char **text, size_t *len, char *why, size_t wlen)
{
	char *raw;
	size_t rawlen;
	int rc;

	*text = NULL;
	if (read_file(path, KCONFIG_MAX, &raw, &rawlen))
		return set_why(why, wlen, "%s: %s", path, strerror(errno));
	if (!ends_with(path, ".gz")) {
		*text = raw;
		*len = rawlen;
		return 0;
	}
	rc = gunzip(path, (unsigned char *)raw, rawlen, text, len, why, wlen);
	free(raw);
	return rc;
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

/* Free what a load made; the reason (kcfg.why may be the caller's buffer) stays. */
static void kconfig_drop(void)
{
	free(kcfg.text);
	free(kcfg.ent);
	kcfg.text = NULL;
	kcfg.ent = NULL;
	kcfg.nent = 0;
}

static void kconfig_reset(void)
{
	kconfig_drop();
	memset(&kcfg, 0, sizeof(kcfg));
}

static int kconfig_load_path(const char *path, char *why, size_t wlen)
{
	size_t len = 0;

	kconfig_reset();
	kcfg.loaded = 1;
	if (kconfig_read(path, &kcfg.text, &len, why, wlen))
		return -1;
	kcfg.hash = fnv1a64(kcfg.text, len);
	if (kconfig_parse() || !kcfg.nent) {
		set_why(why, wlen, "%s: no CONFIG_ lines", path);
		kconfig_drop();
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

int kconfig_on(const char *name)
{
	const char *v = kconfig_get(name);

	return v && (!strcmp(v, "y") || !strcmp(v, "m"));
}

long long kconfig_num(const char *name, long long def)
{
	unsigned long long v;

	if (parse_ull(kconfig_get(name), &v) || v > LLONG_MAX)
		return def;
	return (long long)v;
}

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

json_t *sysinfo_kernel(const struct utsname *u)
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
