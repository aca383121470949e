/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation that cannot fail: out of memory is the one failure that ends
 * the process, in one place and with one message, as git's and perf's
 * xmalloc() do. Every other failure is returned to the caller.
 */
#ifndef PTBENCH_XALLOC_H
#define PTBENCH_XALLOC_H

#include <stddef.h>

void *xcalloc(size_t n, size_t size);
/* realloc(p) to n elements of size (n may be 0: room for one). */
void *xgrow(void *p, size_t n, size_t size);
/* strdup(s), "" for NULL. */
char *xstrdup(const char *s);

#endif
