/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scratch disk of a "ptbench vm" guest: a raw image on the host,
 * attached as a virtio-blk disk with cache=none (QEMU opens it O_DIRECT, so
 * a guest read completes when the host's read does: a real in-flight window
 * for the integrity family), found in the guest by its serial and handed to
 * the run as PTBENCH_INTEGRITY_DEV. The image holds only what ptbench
 * writes to it and is made afresh for every boot.
 */
#ifndef PTBENCH_VM_DISK_H
#define PTBENCH_VM_DISK_H

#include <stddef.h>

#define VM_DISK_SERIAL	"ptbench-scratch"
#define VM_STATE_SERIAL	"ptbench-ab-state"	/* ptbench vm --ab: the plan's disk */

struct vm_disk {
	char drive[4200];	/* -drive argument */
	char device[128];	/* -device argument */
	int direct;		/* the image's filesystem takes O_DIRECT: cache=none */
};

/*
 * Make (or truncate and remake) the image at path, sparse, and fill d with
 * the QEMU arguments for arch and machine ("microvm", "pc", "virt",
 * "pseries...", "s390-ccw-virtio"). iops > 0 throttles the disk to that
 * many requests per second (QEMU holds a request until the rate allows it:
 * a read in flight for up to 1/iops s, long enough for a fork under TCG).
 * 0, or -1 with errno.
 */
#define VM_DISK_IOPS	0	/* the default: none (integrity holds its reads itself) */
int vm_disk_prepare(const char *path, const char *arch, const char *machine, unsigned int iops,
		    struct vm_disk *d);

/* The drivers the guest needs for that disk, into names[4], NULL-terminated. */
void vm_disk_drivers(const char *arch, const char *machine, const char **names);

/*
 * Guest: the block device whose serial is VM_DISK_SERIAL, waited for up to
 * a few seconds (the driver probes asynchronously). 0 with /dev/NAME in
 * dev, or -1 with the reason.
 */
int vm_disk_find(char *dev, size_t len, char *why, size_t wlen);
/* The same for another serial (VM_STATE_SERIAL). */
int vm_disk_find_serial(const char *serial, char *dev, size_t len, char *why, size_t wlen);

/*
 * ptbench vm --ab: the QEMU arguments of the plan's state disk, an ext2
 * image the host made at path (mke2fs), which keeps the plan, the kernels'
 * copies and the results across the guest's kexec boots and its reboots.
 */
int vm_disk_state_args(const char *path, const char *arch, const char *machine, struct vm_disk *d);

/*
 * Guest (vm_guest_ab.c): when this boot is one of a --ab guest's, mount
 * the plan's disk, run its start, step or abort by run(), send the plan and
 * its results, and return 1; else 0.
 */
int vm_guest_ab(int (*run)(char *const argv[]));

#endif
