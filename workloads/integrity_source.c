// SPDX-License-Identifier: GPL-2.0
/*
 * Where integrity's O_DIRECT reads come from (the "source" parameter):
 * ptbench's hold device, which keeps each read in flight hold_ms between
 * the pin and the copy (services.h); a block device ptbench vm names in
 * $PTBENCH_INTEGRITY_DEV; or a scratch file. Each is filled with the
 * pattern the writers check against, and says what it is for the notes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "integrity.h"
#include "odirect_file.h"
#include "workload.h"

/*
 * A block device to read from (PTBENCH_INTEGRITY_DEV, set by "ptbench vm"
 * to its virtio disk): the pattern is written to its first PMD-size bytes
 * with O_DIRECT. Its content is the guest's scratch disk, never the host's.
 */
static int open_device(struct integrity *g, const char *dev, char *why, size_t len)
{
	const char *name = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
	int fd = open(dev, O_RDWR | O_DIRECT | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, len, "cannot open %s with O_DIRECT: %s", dev, strerror(errno));
		return WL_SKIP;
	}
	if (pwrite(fd, g->expect, g->pmd, 0) != (ssize_t)g->pmd || fsync(fd)) {
		snprintf(why, len, "cannot write the pattern to %s: %s", dev, strerror(errno));
		close(fd);
		return WL_SKIP;
	}
	g->fd = fd;
	snprintf(g->source_text, sizeof(g->source_text), "block device %s, O_DIRECT%s", dev,
		 !strncmp(name, "nullb", 5) ? " (null_blk: with memory backing it copies the data at "
		 "submission; a completion delay keeps the read in flight after the copy, when a "
		 "fork can no longer lose it)" : "");
	return 0;
}

static int open_file(struct integrity *g, char *why, size_t len)
{
	struct odirect_req rq = { .what = "integrity", .size = (off_t)g->pmd, .data = g->expect,
				  .dlen = g->pmd, .page = g->page };
	char where[WL_REASON_LEN];

	g->fd = odirect_file(&rq, where, sizeof(where), why, len);
	if (g->fd < 0)
		return WL_SKIP;
	snprintf(g->source_text, sizeof(g->source_text), "file in %s, O_DIRECT", where);
	return 0;
}

static int open_env_device(struct integrity *g, char *why, size_t len)
{
	const char *dev = getenv("PTBENCH_INTEGRITY_DEV");

	if (dev && dev[0])
		return open_device(g, dev, why, len);
	/* ptbench vm found no scratch disk: its reason, not a file on the initramfs */
	if (getenv("PTBENCH_INTEGRITY_SKIP") && getenv("PTBENCH_INTEGRITY_SKIP")[0])
		snprintf(why, len, "no scratch disk: %s", getenv("PTBENCH_INTEGRITY_SKIP"));
	else
		snprintf(why, len, "no device: PTBENCH_INTEGRITY_DEV is not set");
	return WL_SKIP;
}

static int open_hold(struct integrity *g, char *why, size_t len)
{
	g->hold = hold_dev_open(g->expect, g->pmd, g->hold_ms * 1000000ull, why, len);
	if (!g->hold)
		return WL_SKIP;
	g->fd = hold_dev_fd(g->hold);
	snprintf(g->source_text, sizeof(g->source_text), "ptbench's hold device %s (a loop device "
		 "over a FUSE file ptbench serves; each read answered %u ms after it arrived), O_DIRECT",
		 hold_dev_path(g->hold), g->hold_ms);
	return 0;
}

/*
 * source=auto: the hold device, else $PTBENCH_INTEGRITY_DEV, else a scratch
 * file; why each one before was not taken goes into the point's notes.
 */
int integrity_open_source(struct integrity *g, char *why, size_t len)
{
	char no_hold[WL_REASON_LEN] = "", no_dev[WL_REASON_LEN] = "";

	switch (g->source) {
	case SRC_AUTO:
		break;
	case SRC_HOLD:
		return open_hold(g, why, len);
	case SRC_DEVICE:
		return open_env_device(g, why, len);
	case SRC_FILE:
		return open_file(g, why, len);
	}
	if (!open_hold(g, no_hold, sizeof(no_hold)))
		return 0;
	if (!open_env_device(g, no_dev, sizeof(no_dev))) {
		snprintf(g->fallback, sizeof(g->fallback), "no hold device: %s", no_hold);
		return 0;
	}
	/* ptbench vm's guest with no scratch disk: no file on its initramfs either */
	if (getenv("PTBENCH_INTEGRITY_SKIP") && getenv("PTBENCH_INTEGRITY_SKIP")[0]) {
		snprintf(why, len, "no hold device (%s); %s", no_hold, no_dev);
		return WL_SKIP;
	}
	snprintf(g->fallback, sizeof(g->fallback), "no hold device: %s", no_hold);
	return open_file(g, why, len);
}

/*
 * Where the reads came from and whether they were held: the window the
 * disturbance had. A hold device that answered nothing held nothing.
 */
void integrity_note_source(struct integrity *g, struct wl_validity *v)
{
	struct hold_stats hs;

	wl_note(v, "pattern source: %s", g->source_text);
	if (g->fallback[0])
		wl_note(v, "reads not held (%s): a fork overlaps only a read that outlasts it", g->fallback);
	if (!g->hold)
		return;
	hold_dev_stats(g->hold, &hs);
	if (!hs.reads) {
		wl_invalid(v, "the hold device answered no read: nothing was read through it");
		return;
	}
	wl_note(v, "hold device: %llu reads answered, held %.2f ms on average (%.2f-%.2f)",
		(unsigned long long)hs.reads, (double)hs.held_ns / (double)hs.reads / 1e6,
		(double)hs.min_ns / 1e6, (double)hs.max_ns / 1e6);
}
