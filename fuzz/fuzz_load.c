// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the result-file loader (analysis/load.c), which reads files
 * mailed in by other people: every analysis command goes through it.
 */
#include <stdint.h>
#include <stdio.h>

#include "analysis/load.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], err[1024];
	struct result *r;

	if (fuzz_memfd(data, size, path, sizeof(path)))
		return 0;
	r = result_load(path, err, sizeof(err));
	if (r && r->npoints)
		result_find(r, "ptl", r->points[0].params);
	result_free(r);
	return 0;
}
