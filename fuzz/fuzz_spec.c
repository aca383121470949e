// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: command-line point specs ("ptl:level=pmd,threads=1,2"), as
 * "ptbench run SPEC..." reaches them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench/core/config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts d = RUN_OPTS_DEFAULT;
	char err[1024], *spec;
	struct plan p;

	if (size > 4096)
		return 0;
	spec = malloc(size + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	plan_init(&p);
	plan_add_spec(&p, spec, &d, fuzz_sys(), fuzz_topo(), err, sizeof(err));
	plan_free(&p);
	free(spec);
	return 0;
}
