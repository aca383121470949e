// SPDX-License-Identifier: GPL-2.0
/*
 * The "capabilities" section of a result and of ptbench info: what this
 * kernel and this process can do that a workload needs (root, THP,
 * MADV_COLLAPSE, hugetlb, tracefs, the split ptlocks, gup_test, io_uring,
 * perf events), each usable or not with the reason.
 */
#include <errno.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "sysinfo.h"
#include "sysinfo_int.h"
#include "workloads/probe.h"

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
	char size[32], why[256];
	uint64_t t0;
	json_t *c;
	int err;

	if (!probe_madv_collapse(sys, why, sizeof(why)))
		return cap_no(why);
	c = cap_new(1);
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

static json_t *cap_gup_test(const struct wl_sys *sys)
{
	char why[256];

	return probe_gup_test(sys, why, sizeof(why)) ? cap_new(1) : cap_no(why);
}

static json_t *cap_io_uring(const struct wl_sys *sys)
{
	char why[256];

	return probe_io_uring(sys, why, sizeof(why)) ? cap_new(1) : cap_no(why);
}

/* Usable means "this kernel frees page tables that a zap empties": a fact, not a requirement. */
static json_t *cap_pt_reclaim(const struct wl_sys *sys)
{
	char why[256];
	json_t *c;

	if (!probe_pt_reclaim(sys, why, sizeof(why)))
		return cap_no(why);
	c = cap_new(1);
	cap_note(c, "detail", "%s: ptl points keep a ballast page per table unless pt_reclaim=allow",
		 why);
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
	set(c, "io_uring", cap_io_uring(sys));
	set(c, "pt_reclaim", cap_pt_reclaim(sys));
	set(c, "perf_software", cap_perf(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, paranoid));
	set(c, "perf_hardware", cap_perf(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, paranoid));
	return c;
}
