/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel modules for a "ptbench vm" guest: the drivers of its scratch disk
 * (virtio, virtio_ring, the transport, virtio_blk), loop and fuse for
 * integrity's hold device, and what --module names, when the kernel builds
 * them as modules, as Debian's do. The host finds the kernel's
 * lib/modules/<release> tree, resolves what is needed through modules.dep
 * and copies those files into the initramfs with the order to load them;
 * the guest loads them with finit_module(). A driver built in needs
 * nothing; one that is neither built in nor found is written down as the
 * reason, and the guest's integrity points skip with it.
 */
#ifndef PTBENCH_VM_MODULES_H
#define PTBENCH_VM_MODULES_H

#include <stddef.h>

/*
 * The kernel release an image is for: from its file name (vmlinuz-<release>)
 * or from the "Linux version <release> " string of an uncompressed image.
 * 0, or -1 when it cannot be told.
 */
int vm_image_release(const char *image, char *rel, size_t len);

/*
 * lib/modules/<release> for an image: the one of dirs[] (--modules) whose
 * name is the release (or the only one, when the release is unknown), else
 * lib/modules/<release> beside the image or one directory up (where
 * scripts/fetch-kernel.sh puts it). 0 found, -1 not, with the reason.
 */
int vm_modules_find(const char *image, const char *const *dirs, int ndirs, char *out, size_t len,
		    char *why, size_t wlen);

/*
 * Copy what names[] (module names, '-' or '_') need from moddir (NULL: no
 * modules tree) into dest with load.list (file names, in load order) and,
 * when something is missing, a file "missing" with the reason. Drivers in
 * modules.builtin need nothing. extra[] (NULL-terminated, or NULL) are
 * staged when found and never missing: the guest's use of them says what
 * is not there. 0, or -1 on a write error.
 */
int vm_modules_stage(const char *moddir, const char *const *names, const char *const *extra,
		     const char *dest, const char *nodir_why);

/* Guest: load dir/load.list in order. 0, or -1 with the first failure in why. */
int vm_modules_load(const char *dir, char *why, size_t len);

#endif
