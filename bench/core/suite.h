/* SPDX-License-Identifier: GPL-2.0 */
/* The suite's own provenance: version, git state, compiler, libperf source. */
#ifndef PTBENCH_SUITE_H
#define PTBENCH_SUITE_H

#include <jansson.h>

/* The result file's "suite" section (docs/schema.md). */
json_t *suite_json(void);

/* One line for people: version, sha and the libperf it was built with. */
void suite_describe(char *buf, size_t len);

#endif
