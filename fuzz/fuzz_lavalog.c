// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: a LAVA job's log as "ptbench lava collect" reads it
 * (lava/joblog.c, one line at a time through libyaml: lava/yaml_log.c),
 * then the console it gives as the result files are found in it
 * (vm/vmframe.c). Logs come from lab servers and cut-short jobs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lava/lava_int.h"
#include "vm/vmframe.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmf_file files[4];
	struct lava_joblog l;
	char why[256];
	int n;

	if (lava_joblog_parse((const char *)data, size, &l, why, sizeof(why)))
		return 0;
	n = vmf_parse(l.console, l.console_len, files, 4);
	vmf_free(files, n);
	lava_joblog_free(&l);
	return 0;
}
