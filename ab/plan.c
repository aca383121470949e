// SPDX-License-Identifier: GPL-2.0
/*
 * The order of a plan's boots: permuted blocks, as a clinical trial's
 * balanced randomisation makes them. Each block holds one boot of every
 * kernel in a random order (AB or BA for two kernels), so that after every
 * block each kernel has had as many boots as the others, and a drift of
 * the machine over the hours (temperature, fragmentation, the time of day)
 * falls on every kernel alike instead of on whichever ran last. The seed
 * is stored in the plan: the same seed gives the same order.
 */
#include "ab.h"

/* splitmix64: small, good enough for an order, and the same on every arch */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Fisher-Yates over one block; the bias of the modulo is below 2^-58 for nk <= 8. */
static void shuffle(int *block, int nk, uint64_t *s)
{
	int i;

	for (i = 0; i < nk; i++)
		block[i] = i;
	for (i = nk - 1; i > 0; i--) {
		int j = (int)(next_rand(s) % (uint64_t)(i + 1)), t = block[i];

		block[i] = block[j];
		block[j] = t;
	}
}

/* Fill order[] with nk * boots kernel indices; their count, or -1 when max is too small. */
int ab_order(int nk, int boots, unsigned long long seed, int *order, int max)
{
	uint64_t s = seed;
	int b;

	if (nk < 1 || boots < 1 || nk > AB_MAX_KERNELS || nk * boots > max)
		return -1;
	for (b = 0; b < boots; b++)
		shuffle(order + b * nk, nk, &s);
	return nk * boots;
}

const char *ab_slot_name(enum ab_slot_status s)
{
	static const char *const names[] = { "planned", "booting", "running", "done", "failed",
					     "skipped" };

	return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *ab_phase_name(enum ab_phase p)
{
	static const char *const names[] = { "running", "returning", "stopped", "aborted", "done" };

	return p < sizeof(names) / sizeof(names[0]) ? names[p] : "?";
}
