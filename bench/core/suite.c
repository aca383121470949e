// SPDX-License-Identifier: GPL-2.0
/*
 * What built this binary, from generated headers that change only when the
 * facts do (scripts/gen-version.sh, scripts/libperf-probe.sh): a result
 * file says which ptbench and which libperf produced it.
 */
#include <stdio.h>

#include "libperf_features.h"
#include "suite.h"
#include "version.h"

json_t *suite_json(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "name", "ptbench",
			 "version", PTB_VERSION, "git", PTB_GIT, "compiler", __VERSION__,
			 "cflags", PTB_CFLAGS, "libperf", "source", PTB_LIBPERF_SOURCE,
			 "version", PTB_LIBPERF_VERSION);
}

void suite_describe(char *buf, size_t len)
{
	snprintf(buf, len, "ptbench %s (%s), libperf of Linux %s (%s)", PTB_VERSION, PTB_GIT,
		 PTB_LIBPERF_VERSION, PTB_LIBPERF_SOURCE);
}
