// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the config parser (bench/core/config.c through lib/jsonv.c), as
 * "ptbench run --config FILE" reaches it. The input is written to a memfd so
 * that the real file path (open, fstat, size limit) is exercised too.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench/core/config.h"
#include "bench/host/placement.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts cli = { .duration = -1, .warmup = -1 };
	char path[64], err[1024];
	struct plan p;

	if (fuzz_memfd(data, size, path, sizeof(path)))
		return 0;
	plan_init(&p);
	plan_add_config(&p, path, &cli, fuzz_sys(), fuzz_topo(), err, sizeof(err));
	plan_free(&p);
	return 0;
}
