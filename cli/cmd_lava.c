// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava: write a plan's LAVA jobs (lava_args.c, lava/plan.c);
 * "ptbench lava collect": the result files from the jobs' logs
 * (lava/collect.c); "ptbench lava guest": the jobs' test step (lava/guest.c).
 */
#include <string.h>

#include "cmds.h"
#include "lava/lava.h"

int cmd_lava(int argc, char **argv)
{
	struct lava_collect_args c = { 0 };
	struct lava_args a = { 0 };
	int rc;

	if (argc > 1 && !strcmp(argv[1], "guest"))
		return lava_guest_main(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "collect")) {
		rc = lava_collect_args_parse(argc - 1, argv + 1, &c);
		return rc ? (rc > 0 ? 0 : EXIT_USAGE) : lava_collect(&c);
	}
	rc = lava_args_parse(argc, argv, &a);
	return rc ? (rc > 0 ? 0 : EXIT_USAGE) : lava_write(&a);
}
