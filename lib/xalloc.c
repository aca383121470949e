// SPDX-License-Identifier: GPL-2.0
/* Allocation that cannot fail (xalloc.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void *oom(void *p)
{
	if (p)
		return p;
	fputs("ptbench: out of memory\n", stderr);
	exit(1);
}

void *xcalloc(size_t n, size_t size)
{
	return oom(calloc(n ? n : 1, size ? size : 1));
}

void *xgrow(void *p, size_t n, size_t size)
{
	return oom(realloc(p, (n ? n : 1) * (size ? size : 1)));
}

char *xstrdup(const char *s)
{
	return oom(strdup(s ? s : ""));
}
