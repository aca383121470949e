// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench restore: put back the knobs a killed run left changed (its state
 * file), and remove the hold devices it left mounted.
 */
#include <stdio.h>
#include <string.h>

#include "bench/host/holddev.h"
#include "bench/host/knobs.h"
#include "cmds.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: ptbench restore [--state FILE]\n\n"
		"Put back the system knobs (THP, khugepaged, hugetlb pools) that a run\n"
		"changed and could not restore because it was killed. A run saves every\n"
		"knob before changing it in the state file (default %s,\n"
		"or $PTBENCH_STATE); a run that ends normally, or by SIGINT/SIGTERM,\n"
		"restores them itself and removes the file. It also unmounts the hold\n"
		"devices (FUSE mounts of type fuse." HOLD_DEV_NAME ", <state dir>/hold.<pid>)\n"
		"that killed integrity runs left.\n",
		knobs_state_path());
}

int cmd_restore(int argc, char **argv)
{
	const char *path = knobs_state_path();
	const struct opt opts[] = {
		OPT_STRING('s', "state", &path, "FILE", "the state file to replay"),
		OPT_FINISH,
	};
	int n, g, rc;

	if (cli_options(argc, argv, opts, "restore", usage, 0, 0, &rc) == CLI_DONE)
		return rc;
	n = knobs_restore_from_state(path, 1);
	g = hold_dev_sweep();
	if (g)
		printf("ptbench restore: removed %d hold device mount(s) of killed runs\n", g);
	return n < 0 ? 1 : 0;
}
