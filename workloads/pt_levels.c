// SPDX-License-Identifier: GPL-2.0
/*
 * How many page-table levels this process walks now. Nothing in /proc
 * names them, and they may be fewer than the kernel was built with:
 * - x86 (la57): 5 when the kernel, the CPU and the command line allow it,
 *   which early_identify_cpu() shows by leaving the la57 flag set in
 *   /proc/cpuinfo (cleared for no5lvl); else P4D is folded at run time.
 * - s390 (asce): per process. init_new_context() starts an exec'd process
 *   with a region-third table (3 levels, asce_limit 4 TiB); an mmap ending
 *   above the top table's reach makes crst_table_upgrade() add a level
 *   (4 TiB -> 4 levels, 8 PiB -> 5), for good: fork inherits it and nothing
 *   downgrades. So the highest end this process ever mapped decides.
 * - arm64 (va52): a kernel built for a 52-bit VA folds one level at run time
 *   on a CPU without LPA2/LVA (or with arm64.nolva): a MAP_FIXED_NOREPLACE
 *   probe at 2^48 maps only with the 52-bit VA live.
 * - ppc64 (static): the built levels (P4D folded at build time).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "pt_levels.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

const char *const pt_level_name[PT_NLEVELS] = {
	[PT_NONE] = "none", [PT_PMD] = "pmd", [PT_PUD] = "pud", [PT_P4D] = "p4d", [PT_PGD] = "pgd",
};

static uint64_t mapped_max;	/* asce: the highest end this process mapped through us */

void pt_levels_mapped(uint64_t end)
{
	if (end > mapped_max)
		mapped_max = end;
}

/* The highest end of a mapping in /proc/self/maps now (a lower bound of the past). */
static uint64_t maps_max_end(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	unsigned long long a, b, max = 0;
	char line[512];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx", &a, &b) == 2 && b > max)
			max = b;
	fclose(f);
	return max;
}

static int cpu_flag(const char *flag)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[16384], *tok, *save;
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		for (tok = strtok_r(strchr(line, ':') ? strchr(line, ':') + 1 : line, " \t\n", &save);
		     tok && !found; tok = strtok_r(NULL, " \t\n", &save))
			found = !strcmp(tok, flag);
		break;
	}
	fclose(f);
	return found;
}

/*
 * ppc64 picks its MMU at boot (disable_radix): the profile gives radix's
 * tables; hash's are others (16M/16G/16T with 64K pages).
 */
static void hash_mmu(struct pt_levels *l)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[256], mmu[32] = "";

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MMU : %31s", mmu) == 1)
			break;
	fclose(f);
	if (mmu[0] && strcmp(mmu, "Radix"))
		snprintf(l->nogeom, sizeof(l->nogeom), "the MMU is %s (/proc/cpuinfo): the profile's "
			 "spans are the radix tables'", mmu);
}

static int page_shift_of(size_t page)
{
	int s = 0;

	while (((size_t)1 << s) < page)
		s++;
	return s;
}

/* Levels a VA of bits needs at this page size: ceil((bits - shift) / (shift - 3)). */
static int levels_for_va(int bits, size_t page)
{
	int s = page_shift_of(page);

	return (bits - s + (s - 3) - 1) / (s - 3);
}

static void live_va52(const struct wl_sys *sys, struct pt_levels *l)
{
	int at48 = levels_for_va(48, sys->page_size);
	void *p;

	if (l->built <= at48) {
		l->live = l->built;
		snprintf(l->how, sizeof(l->how), "built with %d levels: no level to fold at run time",
			 l->built);
		return;
	}
	p = mmap((void *)(1ULL << 48), sys->page_size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != MAP_FAILED) {
		munmap(p, sys->page_size);
		l->live = l->built;
		snprintf(l->how, sizeof(l->how), "a mapping at 2^48 succeeded: 52-bit VA live");
		return;
	}
	l->live = at48;
	snprintf(l->how, sizeof(l->how), "no mapping at 2^48 (%s): 48-bit VA, a level folded at "
		 "run time", strerror(errno));
}

static void live_asce(struct pt_levels *l)
{
	uint64_t end = maps_max_end();

	if (mapped_max > end)
		end = mapped_max;
	l->live = 3;
	if (l->span[PT_P4D] && end > l->span[PT_P4D])
		l->live = 4;
	if (l->span[PT_PGD] && end > l->span[PT_PGD])
		l->live = 5;
	/* a mapping above a reach that the kernel allowed is its own proof of the level */
	l->built = MAX(l->built, l->live);
	snprintf(l->how, sizeof(l->how), "3 after exec, one more above 4 TiB and 8 PiB: highest "
		 "end this process mapped 0x%llx", (unsigned long long)end);
}

int pt_levels_read(const struct wl_sys *sys, struct pt_levels *l, char *why, size_t len)
{
	int f;

	memset(l, 0, sizeof(*l));
	l->built = sys->levels;
	l->span[PT_PMD] = sys->pte_table_span;
	l->span[PT_PUD] = sys->pud_size;
	l->span[PT_P4D] = sys->p4d_size;
	l->span[PT_PGD] = sys->pgd_size;
	if (l->built < 2 || l->built > 5)
		return set_why(why, len, "no level count for this kernel (%d)", l->built);
	switch (sys->level_probe) {
	case WL_LEVELS_LA57:
		/* the flag stays set only with 5 levels enabled: it says more than a profile's default */
		f = cpu_flag("la57");
		l->live = f == 1 ? 5 : l->built < 4 ? l->built : 4;
		l->built = MAX(l->built, l->live);
		snprintf(l->how, sizeof(l->how), "la57 %s in /proc/cpuinfo flags",
			 f < 0 ? "unreadable" : f ? "set" : "not set");
		break;
	case WL_LEVELS_ASCE:
		live_asce(l);
		break;
	case WL_LEVELS_VA52:
		live_va52(sys, l);
		break;
	default:
		l->live = l->built;
		snprintf(l->how, sizeof(l->how), "as built (%d)", l->built);
		hash_mmu(l);
	}
	return 0;
}

int pt_level_reachable(const struct pt_levels *l, enum pt_level c)
{
	return c > PT_NONE && c < PT_NLEVELS && l->span[c] && (int)c <= l->live - 1;
}

/* Level c's table exists live: PMD tables with 3 levels, PUD with 4, P4D with 5. */
int pt_level_folded(const struct pt_levels *l, enum pt_level c)
{
	if (c == PT_PGD || c == PT_NONE)
		return 0;	/* the top table always exists */
	return l->live < (int)c + 2;
}

const char *pt_folded_names(const struct pt_levels *l, char *buf, size_t len)
{
	size_t n = 0;
	int c;

	buf[0] = 0;
	for (c = PT_P4D; c >= PT_PMD && n < len; c--)
		if (pt_level_folded(l, (enum pt_level)c))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", pt_level_name[c]);
	return buf;
}
