/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the hold device (holddev.c, in the run's process) and its FUSE
 * server (holddev_server.c, a process of its own): the memory they share,
 * a memfd holding this header, then the device's content.
 */
#ifndef PTBENCH_HOLDDEV_INT_H
#define PTBENCH_HOLDDEV_INT_H

#include <stddef.h>
#include <stdint.h>

#define HOLD_MAGIC	0x70746268ULL	/* "ptbh" */
#define HOLD_FILE	"dev"		/* the one file of the mount */
#define HOLD_HDR	4096		/* the content starts here in the memfd */

struct hold_shared {
	uint64_t magic;
	uint64_t len;		/* content bytes, after the header */
	uint64_t hold_ns;
	/* what the server saw (atomic) */
	uint64_t reads, held_ns, min_ns, max_ns;
};

#endif
