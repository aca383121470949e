// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: two result files through the loader, then compare_build()
 * and every output format, as "ptbench compare/report" run them on files
 * mailed in by others. The input is split at its first NUL byte into BASE
 * and NEW (no NUL: the same file on both sides, an A/A compare).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis/compare.h"
#include "analysis/summary.h"
#include "fuzz.h"

static struct result *load_part(const uint8_t *data, size_t size, int slot)
{
	char path[64], err[1024];

	if (fuzz_memfd_n(slot, data, size, path, sizeof(path)))
		return NULL;
	return result_load(path, err, sizeof(err));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t na = nul ? (size_t)(nul - data) : size;
	struct result *a = load_part(data, na, 0);
	struct result *b = nul ? load_part(nul + 1, size - na - 1, 1) : load_part(data, size, 1);
	struct cmp_opts o = { .alpha = CMP_ALPHA };
	struct result **sides[2] = { &a, &b };
	size_t nres[2] = { 1, 1 };
	struct comparison cmp;
	char err[256];
	FILE *devnull;

	if (a && b && !compare_build(&cmp, &o, 2, sides, nres, err, sizeof(err))) {
		devnull = fopen("/dev/null", "w");
		if (devnull) {
			compare_text(devnull, &cmp);
			compare_markdown(devnull, &cmp);
			compare_html(devnull, &cmp);
			summary_text(devnull, &cmp);
			summary_markdown(devnull, &cmp);
			summary_html(devnull, &cmp);
			fclose(devnull);
		}
		json_decref(compare_json(&cmp));
		json_decref(summary_json(&cmp));
		compare_free(&cmp);
	}
	result_free(a);
	result_free(b);
	return 0;
}
