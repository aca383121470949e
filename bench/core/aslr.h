/* SPDX-License-Identifier: GPL-2.0 */
/* Runs without address-space layout randomisation (see aslr.c). */
#ifndef PTBENCH_ASLR_H
#define PTBENCH_ASLR_H

/*
 * argv as cmd_run got it (argv[0] = "run"). Unless it has --aslr, turn
 * randomisation off and re-execute; returns only when no exec was needed
 * (already off, --aslr) or possible (the reason says why).
 */
void aslr_setup(int argc, char **argv);
/* 1 when this process runs without layout randomisation. */
int aslr_off(void);
/* "off (ADDR_NO_RANDOMIZE)", "on (--aslr)", or "on: why it could not be turned off". */
const char *aslr_reason(void);

#endif
