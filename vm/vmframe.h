/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Result files from a QEMU guest to the host over the serial console.
 *
 * The console is the one device every kernel built to boot in QEMU has
 * built in (a virtio disk or 9p need drivers that distro kernels build as
 * modules), so "ptbench vm" frames the result file in text lines there:
 *
 *   PTBENCH-FILE-BEGIN <size> <crc32 hex>
 *   PTBENCH-DATA <base64, at most 76 characters>
 *   ...
 *   PTBENCH-FILE-END
 *
 * Lines are self-describing, so kernel messages between them do no harm;
 * a message inside a line breaks the size or CRC check, and the file is
 * reported as corrupt, never taken.
 */
#ifndef PTBENCH_VMFRAME_H
#define PTBENCH_VMFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VMF_BEGIN	"PTBENCH-FILE-BEGIN "
#define VMF_DATA	"PTBENCH-DATA "
#define VMF_END		"PTBENCH-FILE-END"
/* Other guest messages the host looks for. */
#define VMF_START	"PTBENCH-GUEST-START"
#define VMF_EXIT	"PTBENCH-GUEST-EXIT "

uint32_t vmf_crc32(const void *buf, size_t len);
/* Write buf as one framed file to f. 0, or -1 on a write error. */
int vmf_write(FILE *f, const void *buf, size_t len);

struct vmf_file {
	unsigned char *data;	/* malloc'ed, NUL-terminated for convenience */
	size_t len;
	int ok;			/* size and CRC matched */
	char why[128];		/* when !ok */
};

/*
 * Find the framed files in a console log (any line endings). Returns how
 * many were found (at most max), each either ok or with the reason it is not.
 */
int vmf_parse(const char *log, size_t len, struct vmf_file *files, int max);
void vmf_free(struct vmf_file *files, int n);

#endif
