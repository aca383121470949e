/* SPDX-License-Identifier: GPL-2.0 */
/* The "presentation" section of a result file (present.c). */
#ifndef PTBENCH_PRESENT_H
#define PTBENCH_PRESENT_H

#include <jansson.h>

#include "workloads/workload.h"

/* How the families of ops (NULL-terminated, e.g. workloads[]) and the harness are shown. */
json_t *present_json(const struct workload_ops *const *ops);

#endif
