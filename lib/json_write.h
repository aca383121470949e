/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON document written as a whole file, atomically (lib/file.h): a
 * reader, or a crash, sees the old file or the new one, never half of it.
 */
#ifndef PTBENCH_JSON_WRITE_H
#define PTBENCH_JSON_WRITE_H

#include <jansson.h>
#include <stddef.h>

/* root dumped with jansson's flags and a final newline; -1 with errno. */
int json_write_atomic(const char *path, const json_t *root, size_t flags);

#endif
