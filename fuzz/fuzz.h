/* SPDX-License-Identifier: GPL-2.0 */
/* What the fuzz targets share (fuzz/common.c). */
#ifndef PTBENCH_FUZZ_H
#define PTBENCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct wl_sys;
struct topo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Put data in a memfd (one per process, reused); its /proc path in path. */
int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t len);
/* The same with one of two memfds (slot 0 or 1), for targets that load two files. */
int fuzz_memfd_n(int slot, const uint8_t *data, size_t size, char *path, size_t len);
/* A fixed x86_64-like system and an 8-CPU synthetic topology, built once. */
const struct wl_sys *fuzz_sys(void);
const struct topo *fuzz_topo(void);

#endif
