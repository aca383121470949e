// SPDX-License-Identifier: GPL-2.0
/* Aligned reservations, THP and hugetlb mappings, and what smaps says a range is mapped with. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mapping.h"
#include "services.h"
#include "workload.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT	26
#endif

void *map_reserve(size_t len, size_t align, void **raw, size_t *raw_len)
{
	size_t total = len + 2 * align;
	uintptr_t start;
	void *p;

	if (total < len) {
		errno = ENOMEM;
		return NULL;
	}
	p = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	*raw = p;
	*raw_len = total;
	/*
	 * Leave reserved (PROT_NONE) space on both sides: a region mapped at
	 * the very edge could merge with a neighbouring anonymous VMA of the
	 * process, and its smaps figures would then include foreign memory.
	 */
	start = ((uintptr_t)p + align) / align * align;
	return (void *)start;
}

static int smaps_field(const char *line, const char *key, uint64_t *kb)
{
	size_t klen = strlen(key);
	unsigned long long v;

	if (strncmp(line, key, klen) || line[klen] != ':')
		return 0;
	if (sscanf(line + klen + 1, "%llu", &v) != 1)
		return 0;
	*kb = v;
	return 1;
}

static void smaps_line(const char *line, struct smaps_sum *s)
{
	uint64_t kb;

	if (smaps_field(line, "Rss", &kb))
		s->rss += kb << 10;
	else if (smaps_field(line, "AnonHugePages", &kb))
		s->anon_huge += kb << 10;
	else if (smaps_field(line, "ShmemPmdMapped", &kb))
		s->shmem_pmd += kb << 10;
	else if (smaps_field(line, "Private_Hugetlb", &kb) || smaps_field(line, "Shared_Hugetlb", &kb))
		s->hugetlb += kb << 10;
	else if (smaps_field(line, "THPeligible", &kb))
		s->thp_eligible |= kb == 1;
	else if (smaps_field(line, "KernelPageSize", &kb)) {
		kb <<= 10;
		if (!s->kernel_page_min || kb < s->kernel_page_min)
			s->kernel_page_min = kb;
		if (kb > s->kernel_page_max)
			s->kernel_page_max = kb;
	}
}

int smaps_range(const void *start, size_t len, struct smaps_sum *s)
{
	uintptr_t lo = (uintptr_t)start, hi = lo + len;
	char *line = NULL;
	size_t cap = 0;
	int in = 0;
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		unsigned long a, b;
		char c;

		/* a VMA header: "start-end perms offset dev inode path" */
		if (sscanf(line, "%lx-%lx %c", &a, &b, &c) == 3 && strchr(line, '-') < strchr(line, ' ')) {
			in = a < hi && b > lo;
			if (in) {
				s->vmas++;
				s->size += MIN(b, hi) - MAX(a, lo);
			}
			continue;
		}
		if (in)
			smaps_line(line, s);
	}
	free(line);
	fclose(f);
	return 0;
}

long long vm_pte_bytes(void)
{
	char buf[4096], *p;
	long long kb = -1;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	/*
	 * No stdio: a buffer malloc() maps and touches would add a page table
	 * between two reads (seen under ASan: 2 tables where 1 was mapped).
	 */
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nVmPTE:");
	if (p && sscanf(p + 1, "VmPTE: %lld kB", &kb) != 1)
		kb = -1;
	return kb < 0 ? -1 : kb * 1024;
}

int map_huge_flag(uint64_t size)
{
	int shift = 0;

	while ((1ULL << shift) < size)
		shift++;
	return shift << MAP_HUGE_SHIFT;
}

int map_no_huge(void *addr, size_t len)
{
	if (!madvise(addr, len, MADV_NOHUGEPAGE))
		return 0;
	/* a kernel without THP takes no MADV_NOHUGEPAGE: it has no huge page to keep out */
	if (errno == EINVAL && access("/sys/kernel/mm/transparent_hugepage", F_OK))
		return 0;
	return -errno;
}

int thp_allow(char *why, size_t len)
{
	const char *path = "/sys/kernel/mm/transparent_hugepage/enabled";
	char cur[128];

	if (read_str(path, cur, sizeof(cur)) || !strstr(cur, "[never]"))
		return 0;
	if (!knob_set(path, "madvise"))
		return 0;
	snprintf(why, len, "THP is disabled (enabled=never) and cannot be set to madvise: %s",
		 strerror(errno));
	return WL_SKIP;
}

int hugetlb_reserve(uint64_t size, long long want, int root, char *why, size_t len)
{
	char dir[96], path[160], val[32], sz[24];
	long long nr, fr;

	snprintf(dir, sizeof(dir), "/sys/kernel/mm/hugepages/hugepages-%llukB",
		 (unsigned long long)(size >> 10));
	fmt_size(size, sz, sizeof(sz));
	snprintf(path, sizeof(path), "%s/free_hugepages", dir);
	if (read_ll(path, &fr)) {
		snprintf(why, len, "hugetlb %s: %s: %s", sz, path, strerror(errno));
		return WL_SKIP;
	}
	if (fr >= want)
		return 0;
	if (!root) {
		snprintf(why, len, "hugetlb %s: %lld free pages of %lld needed and not root to grow the pool",
			 sz, fr, want);
		return WL_SKIP;
	}
	snprintf(path, sizeof(path), "%s/nr_hugepages", dir);
	if (read_ll(path, &nr)) {
		snprintf(why, len, "hugetlb %s: %s: %s", sz, path, strerror(errno));
		return WL_SKIP;
	}
	snprintf(val, sizeof(val), "%lld", nr + want - fr);
	if (knob_set(path, val)) {
		snprintf(why, len, "hugetlb %s: cannot grow the pool: %s", sz, strerror(errno));
		return WL_SKIP;
	}
	snprintf(path, sizeof(path), "%s/free_hugepages", dir);
	if (read_ll(path, &fr) || fr < want) {
		snprintf(why, len, "hugetlb %s: the kernel found only %lld of %lld pages "
			 "(memory fragmented or too small)", sz, fr, want);
		return WL_SKIP;
	}
	return 0;
}

int page_node(const void *addr)
{
	void *pages[1] = { (void *)addr };
	int status[1] = { -1 };

	/* nodes NULL: report where each page is, move nothing */
	if (syscall(SYS_move_pages, 0, 1UL, pages, NULL, status, 0))
		return -1;
	return status[0] >= 0 ? status[0] : -1;
}

int current_node(void)
{
	unsigned int cpu, node;

	return getcpu(&cpu, &node) ? -1 : (int)node;
}

#define MPOL_PREFERRED_	1	/* <linux/mempolicy.h>, without libnuma */

int prefer_local_node(void *addr, size_t len)
{
	unsigned long mask[16] = { 0 };	/* 1024 nodes */
	int node = current_node();

	if (node < 0 || node >= (int)(sizeof(mask) * 8))
		return -1;
	mask[node / (8 * sizeof(mask[0]))] |= 1UL << (node % (8 * sizeof(mask[0])));
	if (syscall(SYS_mbind, addr, len, MPOL_PREFERRED_, mask, sizeof(mask) * 8, 0))
		return -1;
	return node;
}
