// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/host/placement.h"
#include "fuzz.h"
#include "workloads/workload.h"

int fuzz_memfd_n(int slot, const uint8_t *data, size_t size, char *path, size_t len)
{
	static int fd[2] = { -1, -1 };

	if (slot < 0 || slot > 1)
		return -1;
	if (fd[slot] < 0)
		fd[slot] = memfd_create("ptbench-fuzz", MFD_CLOEXEC);
	if (fd[slot] < 0 || ftruncate(fd[slot], 0) ||
	    pwrite(fd[slot], data, size, 0) != (ssize_t)size)
		return -1;
	snprintf(path, len, "/proc/self/fd/%d", fd[slot]);
	return 0;
}

int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t len)
{
	return fuzz_memfd_n(0, data, size, path, len);
}

const struct wl_sys *fuzz_sys(void)
{
	static const struct wl_sys sys = {
		.page_size = 4096,
		.pmd_size = 2 << 20,
		.pte_table_span = 2 << 20,
		.pmd_table_span = 1 << 30,
		.pte_lock_span = 2 << 20,
		.pmd_lock_span = 1 << 30,
		.pud_size = 1 << 30,
		.thp = 1,
		.root = 1,
		.nr_hugetlb = 2,
		.hugetlb_size = { 2 << 20, 1 << 30 },
	};

	return &sys;
}

const struct topo *fuzz_topo(void)
{
	static struct topo *t;
	char why[256];

	if (!t)
		t = topo_load("synthetic:pack:1 core:4 pu:2", why, sizeof(why));
	if (!t)
		abort();
	return t;
}
