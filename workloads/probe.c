// SPDX-License-Identifier: GPL-2.0
/* The capability probes of probe.h: MADV_COLLAPSE, io_uring, gup_test, PT reclaim. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/io_uring.h>

#include "gup_test_abi.h"
#include "mapping.h"
#include "probe.h"
#include "services.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

/* The reason into why; 0, the answer of a probe that says no. */
static int __attribute__((format(printf, 3, 4))) why_not(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return 0;
}

/*
 * An empty range: the kernel checks the advice before the length, so an
 * unknown one is EINVAL and a known one 0, without touching memory.
 */
int probe_madv_collapse(const struct wl_sys *sys, char *why, size_t len)
{
	void *p;
	int err;

	if (!sys->thp)
		return why_not(why, len, "not probed: no THP (no /sys/kernel/mm/transparent_hugepage)");
	if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) > 0)
		return why_not(why, len, "THP disabled for this process (prctl PR_SET_THP_DISABLE)");
	p = mmap(NULL, sys->page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return why_not(why, len, "mmap: %s", strerror(errno));
	err = madvise(p, 0, MADV_COLLAPSE) ? errno : 0;
	munmap(p, sys->page_size);
	if (err == EINVAL)
		return why_not(why, len, "kernel does not know MADV_COLLAPSE (EINVAL): it came in 6.1");
	if (err)
		return why_not(why, len, "madvise(MADV_COLLAPSE) of an empty range: %s", strerror(err));
	return 1;
}

int probe_io_uring(const struct wl_sys *sys, char *why, size_t len)
{
	struct io_uring_params p;
	long long disabled = -1;
	int fd, err;

	(void)sys;
	memset(&p, 0, sizeof(p));
	fd = (int)syscall(SYS_io_uring_setup, 1, &p);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	err = errno;
	if (err == ENOSYS)
		return why_not(why, len, "kernel without io_uring (ENOSYS)");
	if (err == EPERM && !read_ll("/proc/sys/kernel/io_uring_disabled", &disabled) && disabled > 0)
		return why_not(why, len, "io_uring disabled: io_uring_disabled=%lld", disabled);
	return why_not(why, len, "io_uring_setup: %s", strerror(err));
}

/*
 * ptbench run mounts debugfs for the run when the kernel may have gup_test
 * (bench/host/debugfs.c); ptbench info only looks, so it says what the run
 * will find.
 */
int probe_gup_test(const struct wl_sys *sys, char *why, size_t len)
{
	if (!access(GUP_TEST_PATH, F_OK)) {
		if (sys->root)
			return 1;
		return why_not(why, len, GUP_TEST_PATH " needs root");
	}
	if (errno == EACCES)
		return why_not(why, len, "debugfs not accessible: not root");
	if (kconfig_readable() && !kconfig_on("GUP_TEST"))
		return why_not(why, len, "this kernel has no CONFIG_GUP_TEST");
	if (!debugfs_mounted()) {
		if (!sys->root)
			return why_not(why, len, "debugfs not mounted, and mounting it needs root");
		return why_not(why, len, kconfig_readable() ?
			       "debugfs not mounted: ptbench run mounts it for the run" :
			       "debugfs not mounted and no kernel config to read: ptbench run mounts it to look");
	}
	return why_not(why, len, "no " GUP_TEST_PATH " (CONFIG_GUP_TEST is set: is mm/gup_test built?)");
}

/*
 * One PTE table's span, aligned, one base page touched (its table
 * allocated), then MADV_DONTNEED over the whole span: PT reclaim frees the
 * emptied table there and then (zap_pte_range(), mm/pt_reclaim.c), and
 * VmPTE drops by a table.
 */
int probe_pt_reclaim(const struct wl_sys *sys, char *why, size_t len)
{
	size_t span = sys->pte_table_span;
	long long before, after;
	void *raw;
	size_t raw_len;
	char *p = span ? map_reserve(span, span, &raw, &raw_len) : NULL;
	const char *cfg = kconfig_readable() ? (kconfig_on("PT_RECLAIM") ? "CONFIG_PT_RECLAIM=y" :
			  "CONFIG_PT_RECLAIM not set (v6.14+)") : "kernel config not readable";

	if (!p)
		return why_not(why, len, "not probed: cannot reserve a PTE table's span");
	if (mmap(p, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ||
	    (sys->thp && madvise(p, span, MADV_NOHUGEPAGE))) {
		munmap(raw, raw_len);
		return why_not(why, len, "not probed: mmap: %s", strerror(errno));
	}
	p[0] = 1;
	before = vm_pte_bytes();
	madvise(p, span, MADV_DONTNEED);
	after = vm_pte_bytes();
	munmap(raw, raw_len);
	if (before < 0 || after < 0)
		return why_not(why, len, "not probed: no VmPTE in /proc/self/status");
	if (after < before) {
		snprintf(why, len, "MADV_DONTNEED over a whole PTE table freed it (VmPTE %lld -> %lld kB; %s)",
			 before >> 10, after >> 10, cfg);
		return 1;
	}
	return why_not(why, len, "MADV_DONTNEED over a whole PTE table left it (VmPTE %lld kB); %s",
		       before >> 10, cfg);
}
