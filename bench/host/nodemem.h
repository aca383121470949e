/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory one NUMA node can still give: a point whose workers sit on one
 * node and need more than that node has would silently get remote memory
 * (the default policy falls back to other nodes), so the guard checks each
 * node its workers are on, not only the machine.
 */
#ifndef PTBENCH_NODEMEM_H
#define PTBENCH_NODEMEM_H

#define NODEMEM_SYSFS	"/sys/devices/system/node"

/*
 * MemFree + Inactive(file) of node (from root/nodeN/meminfo): free pages
 * and the clean page cache reclaim takes first. Bytes, or -1 if unknown.
 */
long long node_headroom(const char *root, int node);

#endif
