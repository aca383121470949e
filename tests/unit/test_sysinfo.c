// SPDX-License-Identifier: GPL-2.0
/*
 * System capture and capability probes on the machine we run on, plus the
 * kernel-config reader on hand-written configs (old kernels with
 * SPLIT_PTLOCK_CPUS, lockdep kernels, gzip'd configs, no config at all).
 *
 * Needs configs/arch: run from the top of the tree or set PTBENCH_DATADIR.
 * PTBENCH_TEST_DUMP=1 prints the captured sections.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <zlib.h>

#include "bench/host/archprof.h"
#include "bench/host/placement.h"
#include "bench/host/sysinfo.h"
#include "lib/util.h"
#include "tmpdir.h"

#define THP_DIR		"/sys/kernel/mm/transparent_hugepage"
#define HUGETLB_DIR	"/sys/kernel/mm/hugepages"

struct fixture {
	struct utsname u;
	struct archprof ap;
	struct wl_sys sys;
	struct topo *topo;
};

static struct fixture fx;

static int setup(void **state)
{
	char why[512] = "";
	const char *name;

	(void)state;
	if (uname(&fx.u))
		return -1;
	if (!getenv("PTBENCH_DATADIR") && !access("configs/arch", F_OK))
		setenv("PTBENCH_DATADIR", ".", 1);
	name = archprof_name(fx.u.machine);
	if (!name) {
		fprintf(stderr, "no arch profile for %s\n", fx.u.machine);
		return -1;
	}
	if (archprof_load(name, &fx.ap, why, sizeof(why))) {
		fprintf(stderr, "%s (run from the top of the tree or set PTBENCH_DATADIR)\n", why);
		return -1;
	}
	if (sysfacts_read(&fx.ap, &fx.sys, why, sizeof(why))) {
		fprintf(stderr, "sysfacts_read: %s\n", why);
		return -1;
	}
	fx.topo = topo_load(NULL, why, sizeof(why));
	if (!fx.topo)
		fprintf(stderr, "topo_load: %s (cpu counts will be null)\n", why);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (fx.topo)
		topo_free(fx.topo);
	return 0;
}

static json_t *get(json_t *o, const char *path)
{
	char buf[256], *save, *key;

	snprintf(buf, sizeof(buf), "%s", path);
	for (key = strtok_r(buf, ".", &save); key && o; key = strtok_r(NULL, ".", &save))
		o = json_object_get(o, key);
	return o;
}

static void dump(const char *what, json_t *o)
{
	char *s;

	if (!getenv("PTBENCH_TEST_DUMP"))
		return;
	s = json_dumps(o, JSON_INDENT(1));
	printf("%s: %s\n", what, s);
	free(s);
}

/* Entries of dir whose name starts with prefix. */
static int count_entries(const char *dir, const char *prefix)
{
	struct dirent *d;
	int n = 0;
	DIR *dp;

	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((d = readdir(dp)))
		n += !strncmp(d->d_name, prefix, strlen(prefix));
	closedir(dp);
	return n;
}

static void test_sysfacts_x86_64(void **state)
{
	(void)state;
	if (strcmp(fx.u.machine, "x86_64") || fx.sys.page_size != 4096)
		skip();
	assert_int_equal(fx.sys.page_size, 4096);
	assert_int_equal(fx.sys.pmd_size, 2 << 20);
	assert_int_equal(fx.sys.pte_table_span, 2 << 20);
	assert_int_equal(fx.sys.pmd_table_span, 1 << 30);
	assert_int_equal(fx.sys.pte_lock_span, 2 << 20);
	assert_int_equal(fx.sys.pmd_lock_span, 1 << 30);
	assert_int_equal(fx.sys.pud_size, 1 << 30);
}

static void test_sysfacts_live(void **state)
{
	long long pmd;
	int i, n;

	(void)state;
	assert_int_equal(fx.sys.page_size, (size_t)sysconf(_SC_PAGESIZE));
	if (!read_ll(THP_DIR "/hpage_pmd_size", &pmd))
		assert_int_equal(fx.sys.pmd_size, (size_t)pmd);
	else
		assert_int_equal(fx.sys.pmd_size, fx.sys.pte_table_span);
	assert_int_equal(fx.sys.pud_size, fx.sys.pmd_table_span);
	assert_true(fx.sys.pte_lock_span >= fx.sys.pte_table_span);
	assert_true(fx.sys.pmd_lock_span >= fx.sys.pmd_table_span);
	assert_int_equal(fx.sys.thp, !access(THP_DIR, F_OK));
	assert_int_equal(fx.sys.root, geteuid() == 0);
	n = count_entries(HUGETLB_DIR, "hugepages-");
	assert_int_equal(fx.sys.nr_hugetlb, MIN(n, WL_MAX_HUGETLB));
	for (i = 1; i < fx.sys.nr_hugetlb; i++)
		assert_true(fx.sys.hugetlb_size[i - 1] < fx.sys.hugetlb_size[i]);
	for (i = 0; i < fx.sys.nr_hugetlb; i++)
		assert_true(fx.sys.hugetlb_size[i] > fx.sys.page_size);
}

/* A profile without this page size is the one failure. */
static void test_sysfacts_no_geometry(void **state)
{
	struct archprof ap = fx.ap;
	char why[256] = "";
	struct wl_sys sys;
	int i;

	(void)state;
	for (i = 0; i < ap.ngeom; i++)
		ap.geom[i].page_size = fx.sys.page_size * 16;
	assert_int_equal(sysfacts_read(&ap, &sys, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no page-table geometry"));
}

/* A profile whose PTE table does not map hpage_pmd_size is flagged. */
static void test_geometry_warning(void **state)
{
	struct archprof ap = fx.ap;
	char why[256] = "";
	struct wl_sys sys;
	const char *w;
	json_t *si;
	int i;

	(void)state;
	if (access(THP_DIR "/hpage_pmd_size", F_OK))
		skip();
	si = sysinfo_capture(&fx.ap, &fx.sys, NULL);
	assert_true(json_is_null(get(si, "memory.geometry_warning")));
	json_decref(si);
	for (i = 0; i < ap.ngeom; i++) {
		ap.geom[i].pte_table_bytes /= 16;
		assert_int_equal(pt_geom_derive(&ap.geom[i]), 0);
	}
	assert_int_equal(sysfacts_read(&ap, &sys, why, sizeof(why)), 0);
	si = sysinfo_capture(&ap, &sys, NULL);
	w = json_string_value(get(si, "memory.geometry_warning"));
	assert_non_null(w);
	assert_non_null(strstr(w, "does not describe this MMU"));
	json_decref(si);
}

static void test_kconfig_running(void **state)
{
	long long levels;

	(void)state;
	if (!kconfig_readable())
		skip();
	assert_non_null(kconfig_get("MMU"));
	assert_string_equal(kconfig_get("MMU"), "y");
	assert_string_equal(kconfig_get("CONFIG_MMU"), "y");
	assert_null(kconfig_get("PTBENCH_NO_SUCH_OPTION"));
	assert_null(kconfig_get(NULL));
	levels = atoll(kconfig_get("PGTABLE_LEVELS") ? kconfig_get("PGTABLE_LEVELS") : "0");
	assert_true(levels >= 2 && levels <= 5);
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/ptbench-kconfig-XXXXXX");
	FILE *f;
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void assert_cap(json_t *caps, const char *name, int usable, const char *reason_part)
{
	json_t *c = json_object_get(caps, name);
	const char *reason;

	assert_non_null(c);
	assert_true(json_is_boolean(json_object_get(c, "usable")));
	assert_int_equal(json_is_true(json_object_get(c, "usable")), usable);
	if (!reason_part)
		return;
	reason = json_string_value(json_object_get(c, "reason"));
	assert_non_null(reason);
	if (!strstr(reason, reason_part))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", name, reason, reason_part);
}

static const char old_small[] =
	"#\n# Linux/x86 5.10 Kernel Configuration\n#\n"
	"CONFIG_CC_VERSION_TEXT=\"gcc (Debian 10.2.1-6) 10.2.1 \\\"x\\\"\"\n"
	"CONFIG_MMU=y\n"
	"CONFIG_NR_CPUS=2\n"
	"CONFIG_SPLIT_PTLOCK_CPUS=4\n"
	"CONFIG_ARCH_ENABLE_SPLIT_PMD_PTLOCK=y\n"
	"# CONFIG_LOCKDEP is not set\n"
	"CONFIG_HZ=250\n";

static const char old_big[] =
	"CONFIG_MMU=y\n"
	"CONFIG_NR_CPUS=64\n"
	"CONFIG_SPLIT_PTLOCK_CPUS=4\n"
	"CONFIG_LOCKDEP=y\n"
	"CONFIG_DEBUG_SPINLOCK=y\n"
	"CONFIG_DEBUG_VM=y\n";

static const char new_no_pmd[] =
	"CONFIG_MMU=y\n"
	"CONFIG_NR_CPUS=256\n"
	"CONFIG_SPLIT_PTE_PTLOCKS=y\n"
	"CONFIG_PGTABLE_LEVELS=2\n";

/* Old kernels: split locks from NR_CPUS against SPLIT_PTLOCK_CPUS. */
static void test_kconfig_old_kernels(void **state)
{
	char why[256], *path;
	json_t *caps;

	(void)state;
	path = write_tmp(old_small);
	assert_int_equal(kconfig_use(path, why, sizeof(why)), 0);
	assert_true(kconfig_readable());
	assert_string_equal(kconfig_get("CC_VERSION_TEXT"), "gcc (Debian 10.2.1-6) 10.2.1 \"x\"");
	assert_string_equal(kconfig_get("HZ"), "250");
	assert_null(kconfig_get("LOCKDEP"));
	caps = caps_probe(&fx.sys);
	assert_non_null(caps);
	assert_cap(caps, "split_pte_ptlocks", 0, "CONFIG_NR_CPUS=2 < CONFIG_SPLIT_PTLOCK_CPUS=4");
	assert_cap(caps, "split_pmd_ptlocks", 0, "CONFIG_NR_CPUS=2");
	assert_cap(caps, "production_locks", 1, NULL);
	json_decref(caps);
	unlink(path);
	free(path);

	path = write_tmp(old_big);
	assert_int_equal(kconfig_use(path, why, sizeof(why)), 0);
	caps = caps_probe(&fx.sys);
	assert_cap(caps, "split_pte_ptlocks", 1, NULL);
	assert_cap(caps, "split_pmd_ptlocks", 0, "CONFIG_ARCH_ENABLE_SPLIT_PMD_PTLOCK not set");
	assert_cap(caps, "production_locks", 0, "CONFIG_LOCKDEP, CONFIG_DEBUG_SPINLOCK");
	assert_non_null(strstr(json_string_value(get(caps, "production_locks.detail")),
			       "CONFIG_DEBUG_VM"));
	json_decref(caps);
	unlink(path);
	free(path);
	kconfig_use(NULL, NULL, 0);
}

/* New kernels: the SPLIT_*_PTLOCKS symbols; a 2-level geometry has no PMD table. */
static void test_kconfig_new_kernel(void **state)
{
	struct wl_sys sys;
	char why[256], *path;
	json_t *caps, *si;

	(void)state;
	path = write_tmp(new_no_pmd);
	assert_int_equal(kconfig_use(path, why, sizeof(why)), 0);
	caps = caps_probe(&fx.sys);
	assert_cap(caps, "split_pte_ptlocks", 1, NULL);
	assert_cap(caps, "split_pmd_ptlocks", 0, "CONFIG_SPLIT_PMD_PTLOCKS not set");
	json_decref(caps);
	/* PGTABLE_LEVELS from the config overrides the profile's level count */
	assert_int_equal(sysfacts_read(&fx.ap, &sys, why, sizeof(why)), 0);
	si = sysinfo_capture(&fx.ap, &sys, NULL);
	assert_int_equal(json_integer_value(get(si, "memory.levels")), 2);
	assert_string_equal(json_string_value(get(si, "memory.levels_source")), "kconfig");
	assert_true(json_is_false(get(si, "memory.split_pmd_lock")));
	assert_true(json_is_null(get(si, "cpu.npus")));
	json_decref(si);
	unlink(path);
	free(path);
	kconfig_use(NULL, NULL, 0);
}

/* Write len bytes of text to path as gzip (zlib, as the kernel's config.gz is). */
static void write_gz(const char *path, const char *text, size_t len)
{
	gzFile z = gzopen(path, "wb9");

	assert_non_null(z);
	if (len)
		assert_int_equal(gzwrite(z, text, (unsigned int)len), (int)len);
	assert_int_equal(gzclose(z), Z_OK);
}

/* Cut path to its first len bytes. */
static void cut_file(const char *path, off_t len)
{
	assert_int_equal(truncate(path, len), 0);
}

static off_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* A load that fails: -1, the reason names the file and says what, nothing readable. */
static void assert_gz_fails(const char *gz, const char *what)
{
	char why[256] = "";

	assert_int_equal(kconfig_use(gz, why, sizeof(why)), -1);
	if (!strstr(why, what) || !strstr(why, gz))
		fail_msg("reason \"%s\" lacks \"%s\" or the path", why, what);
	assert_false(kconfig_readable());
	assert_null(kconfig_get("MMU"));
}

/*
 * A gzip'd config reads like the plain one, with the same hash, in process:
 * with no gzip(1) on PATH (a minimal guest) too. Every way a .gz can be bad
 * is an error naming it, and failing twice in a row frees nothing twice
 * (issue 20's double free, which ASan sees in make unit-asan).
 */
static void test_kconfig_gzip(void **state)
{
	char why[256], gz[300], *path, *hash, *old_path;
	json_t *si;

	(void)state;
	path = write_tmp(old_small);
	assert_int_equal(kconfig_use(path, why, sizeof(why)), 0);
	si = sysinfo_capture(&fx.ap, &fx.sys, NULL);
	hash = strdup(json_string_value(get(si, "kernel.config_hash")));
	assert_non_null(hash);
	assert_int_equal(strncmp(hash, "fnv1a64:", 8), 0);
	assert_int_equal(strlen(hash), 8 + 16);
	json_decref(si);

	snprintf(gz, sizeof(gz), "%s.gz", path);
	write_gz(gz, old_small, strlen(old_small));
	old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(kconfig_use(gz, why, sizeof(why)), 0);
	if (old_path)
		setenv("PATH", old_path, 1);
	free(old_path);
	assert_string_equal(kconfig_get("NR_CPUS"), "2");
	si = sysinfo_capture(&fx.ap, &fx.sys, NULL);
	assert_string_equal(json_string_value(get(si, "kernel.config_hash")), hash);
	assert_string_equal(json_string_value(get(si, "kernel.config_source")), gz);
	json_decref(si);

	/* truncated: the stream stops before its trailer, twice in a row */
	cut_file(gz, file_size(gz) - 6);
	assert_gz_fails(gz, "truncated");
	assert_gz_fails(gz, "truncated");
	/* cut inside the deflate data */
	write_gz(gz, old_small, strlen(old_small));
	cut_file(gz, 14);
	assert_gz_fails(gz, "truncated");
	/* an empty file, and a gzip of nothing */
	cut_file(gz, 0);
	assert_gz_fails(gz, "truncated");
	write_gz(gz, "", 0);
	assert_gz_fails(gz, "empty");
	/* not gzip data: an error, not an empty config */
	assert_int_equal(kconfig_use(path, why, sizeof(why)), 0);
	assert_int_equal(tmpdir_put("/", gz + 1, old_small), 0);
	assert_gz_fails(gz, "not gzip data");
	/* a good load after the failures works */
	write_gz(gz, old_small, strlen(old_small));
	assert_int_equal(kconfig_use(gz, why, sizeof(why)), 0);
	assert_string_equal(kconfig_get("HZ"), "250");
	unlink(gz);
	unlink(path);
	free(path);
	free(hash);
	kconfig_use(NULL, NULL, 0);
}

static void test_kconfig_unreadable(void **state)
{
	char why[256] = "";
	json_t *caps, *si;

	(void)state;
	assert_int_equal(kconfig_use("/nonexistent/ptbench-config", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "/nonexistent/ptbench-config"));
	assert_false(kconfig_readable());
	assert_null(kconfig_get("MMU"));
	caps = caps_probe(&fx.sys);
	assert_cap(caps, "split_pte_ptlocks", 0, "kernel config not readable: unknown");
	assert_cap(caps, "split_pmd_ptlocks", 0, "kernel config not readable: unknown");
	assert_cap(caps, "production_locks", 0, "kernel config not readable: unknown");
	json_decref(caps);
	si = sysinfo_capture(&fx.ap, &fx.sys, fx.topo);
	assert_true(json_is_null(get(si, "kernel.config")));
	assert_true(json_is_null(get(si, "kernel.config_hash")));
	assert_string_equal(json_string_value(get(si, "memory.levels_source")), "profile");
	json_decref(si);
	kconfig_use(NULL, NULL, 0);
}

static void test_capture(void **state)
{
	json_t *si, *v;
	const char *raw, *sel;
	char *s;

	(void)state;
	si = sysinfo_capture(&fx.ap, &fx.sys, fx.topo);
	assert_non_null(si);
	dump("system", si);
	assert_string_equal(json_string_value(get(si, "kernel.release")), fx.u.release);
	assert_string_equal(json_string_value(get(si, "arch.machine")), fx.u.machine);
	assert_string_equal(json_string_value(get(si, "arch.profile")), fx.ap.arch);
	assert_int_equal(json_integer_value(get(si, "memory.page_size")), fx.sys.page_size);
	assert_int_equal(json_integer_value(get(si, "memory.pmd_size")), fx.sys.pmd_size);
	assert_true(json_integer_value(get(si, "memory.mem_total")) > 0);
	if (fx.topo)
		assert_true(json_integer_value(get(si, "cpu.npus")) >= 1);
	assert_true(json_is_object(get(si, "kernel.config")) == kconfig_readable());
	if (kconfig_readable()) {
		assert_string_equal(json_string_value(get(si, "kernel.config.PGTABLE_LEVELS")),
				    kconfig_get("PGTABLE_LEVELS"));
		assert_non_null(get(si, "kernel.config.LOCKDEP"));
	}
	if (fx.sys.thp) {
		raw = json_string_value(get(si, "thp.enabled"));
		sel = json_string_value(get(si, "thp.selected.enabled"));
		assert_non_null(raw);
		assert_non_null(sel);
		s = malloc(strlen(sel) + 3);
		assert_non_null(s);
		sprintf(s, "[%s]", sel);
		assert_non_null(strstr(raw, s));
		free(s);
		assert_true(json_is_integer(get(si, "thp.khugepaged.pages_to_scan")));
	}
	v = get(si, "virtualization");
	assert_true(json_is_null(v) || json_is_string(json_object_get(v, "type")));
	v = get(si, "hugetlb");
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), count_entries(HUGETLB_DIR, "hugepages-"));
	s = json_dumps(si, JSON_INDENT(1));
	assert_non_null(s);
	free(s);
	json_decref(si);
}

/* VmSize of this process in bytes. */
static long long vm_size(void)
{
	long long kb = -1;
	char line[256];
	FILE *f;

	f = fopen("/proc/self/status", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %lld kB", &kb) == 1)
			break;
	fclose(f);
	assert_true(kb > 0);
	return kb << 10;
}

static void test_caps(void **state)
{
	long long vm;
	const char *key;
	uint64_t t0, ns;
	json_t *caps, *c;
	int fds;
	char *s;

	(void)state;
	/* a first round loads the config and warms the allocator up */
	json_decref(caps_probe(&fx.sys));
	vm = vm_size();
	fds = count_entries("/proc/self/fd", "");
	t0 = now_ns();
	caps = caps_probe(&fx.sys);
	ns = now_ns() - t0;
	assert_non_null(caps);
	/* probes leave no mapping (the collapse probe maps 2 PMDs) and no fd behind */
	if (vm_size() - vm >= (long long)fx.sys.pmd_size)
		fail_msg("address space grew by %lld bytes", vm_size() - vm);
	assert_int_equal(count_entries("/proc/self/fd", ""), fds);
	/* cheap: a few ms here; generous for sanitizer builds and busy machines */
	if (ns > 250 * 1000000ULL)
		fail_msg("caps_probe took %.1f ms", (double)ns / 1e6);
	dump("capabilities", caps);
	assert_non_null(json_object_get(caps, "root"));
	assert_non_null(json_object_get(caps, "thp"));
	assert_int_equal(json_is_true(get(caps, "root.usable")), fx.sys.root);
	assert_int_equal(json_is_true(get(caps, "thp.usable")), fx.sys.thp);
	json_object_foreach(caps, key, c) {
		json_t *u = json_object_get(c, "usable");

		if (!json_is_boolean(u))
			fail_msg("%s: no usable boolean", key);
		if (json_is_false(u) && !json_is_string(json_object_get(c, "reason")))
			fail_msg("%s: not usable without a reason", key);
	}
	s = json_dumps(caps, JSON_INDENT(1));
	assert_non_null(s);
	free(s);
	json_decref(caps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysfacts_x86_64),
		cmocka_unit_test(test_sysfacts_live),
		cmocka_unit_test(test_sysfacts_no_geometry),
		cmocka_unit_test(test_geometry_warning),
		cmocka_unit_test(test_kconfig_running),
		cmocka_unit_test(test_kconfig_old_kernels),
		cmocka_unit_test(test_kconfig_new_kernel),
		cmocka_unit_test(test_kconfig_gzip),
		cmocka_unit_test(test_kconfig_unreadable),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
