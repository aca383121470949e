// SPDX-License-Identifier: GPL-2.0
/* The one table of workloads. A new family adds one line here and one file. */
#include <stddef.h>

#include "workload.h"

extern const struct workload_ops ptl_ops;
extern const struct workload_ops collapse_ops;
extern const struct workload_ops integrity_ops;
extern const struct workload_ops gup_ops;
extern const struct workload_ops ptfree_ops;

const struct workload_ops *const workloads[] = {
	&ptl_ops,
	&collapse_ops,
	&integrity_ops,
	&gup_ops,
	&ptfree_ops,
	NULL,
};
