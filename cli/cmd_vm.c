// SPDX-License-Identifier: GPL-2.0
/* ptbench vm: its command line (vm_args.c), then the boots (vm/vm_run.c). */
#include "cmds.h"
#include "vm/vm.h"

int cmd_vm(int argc, char **argv)
{
	struct vm_args a = { 0 };

	if (vm_args_parse(argc, argv, &a))
		return EXIT_USAGE;
	return vm_run(&a);
}
