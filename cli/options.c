// SPDX-License-Identifier: GPL-2.0
/* The options and operands of a command, checked the same way for all (cmds.h). */
#include "cmds.h"

int cli_options(int argc, char **argv, const struct opt *opts, const char *cmd,
		void (*usage)(FILE *), int min, int max, int *rc)
{
	int first = opt_parse(argc, argv, opts, cmd, usage), n;

	*rc = 0;
	if (first == OPT_HELP_RC)
		return CLI_DONE;
	*rc = EXIT_USAGE;
	if (first < 0)
		return CLI_DONE;
	n = argc - first;
	if (n < min || (max >= 0 && n > max)) {
		usage(stderr);
		return CLI_DONE;
	}
	*rc = 0;
	return first;
}
