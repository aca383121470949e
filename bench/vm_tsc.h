/* SPDX-License-Identifier: GPL-2.0 */
/* The host's TSC rate, told to x86_64 guests under TCG (see vm_tsc.c). */
#ifndef PTBENCH_VM_TSC_H
#define PTBENCH_VM_TSC_H

/* kHz of the host's constant, nonstop TSC; 0 when not x86 or not known. */
long host_tsc_khz(void);

#endif
