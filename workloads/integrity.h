/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integrity family's shared state, between its core (integrity.c: the
 * pinned O_DIRECT writers, collapse and split, the checks) and the
 * disturbances that live in their own files (integrity_fork.c,
 * integrity_vmsplice.c, integrity_uring.c): each is one struct
 * integrity_disturb, like the gup_*.c triggers.
 *
 * The in-flight window: each writer publishes a sequence number that is odd
 * while one of its reads is in the kernel, and the offset of that read, so
 * that a disturbance can aim at a read in flight and tell afterwards whether
 * the read was still in flight when the disturbance had done its harm (an
 * overlap). A point whose disturbance never overlapped a read measured
 * nothing, and says so.
 */
#ifndef PTBENCH_INTEGRITY_H
#define PTBENCH_INTEGRITY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "workload.h"

#define INTEGRITY_POISON	0xa5
#define INTEGRITY_NLAT		16384	/* latencies kept per writer and repetition (the last ones) */

struct integrity_writer {
	unsigned long long checks, lost;
	uint64_t seq;			/* odd while a read is in flight (atomic) */
	uint64_t off;			/* offset in the region of the read in flight */
	uint64_t aimed;			/* the last seq a disturbance aimed at (worker 0's) */
	unsigned long long nlat;	/* reads timed this repetition */
	double *lat;			/* [INTEGRITY_NLAT] ns, a ring */
	void *priv;			/* the disturbance's per-writer state */
} __attribute__((aligned(SLOT_ALIGN)));

struct integrity;

enum integrity_source { SRC_AUTO, SRC_HOLD, SRC_DEVICE, SRC_FILE };

struct integrity_disturb {
	const char *name;
	/* Optional: prepare (after the regions and the source exist). 0, WL_SKIP or -1, reason in why. */
	int (*setup)(struct integrity *g, char *why, size_t len);
	/* Optional, on writer w's thread: its own read (default pread). Bytes read or -errno. */
	ssize_t (*read)(struct integrity *g, unsigned int w, void *buf, size_t len, off_t off);
	/*
	 * One disturbance aimed at writer w's region. Returns 1 when it
	 * overlapped a read in flight, 0 when not, -1 when it failed.
	 */
	int (*run)(struct integrity *g, unsigned int w);
	void (*teardown)(struct integrity *g);
	/* What a note in the validity says about it: the hazard and the fix. */
	const char *note;
	int leaks;		/* it checks leaked bytes (vmsplice), not only lost writes */
};

extern const struct integrity_disturb integrity_fork;
extern const struct integrity_disturb integrity_vmsplice;
extern const struct integrity_disturb integrity_uring;

struct integrity {
	int disturb;				/* the index of the parameter's value */
	const struct integrity_disturb *d;	/* NULL: collapse or split, in integrity.c */
	int split;				/* collapse/split: which */
	unsigned int nwriters;
	size_t pmd, page, io, stride;
	enum integrity_source source;	/* the parameter */
	unsigned int hold_ms;		/* the hold device's hold, resolved */
	struct hold_dev *hold;		/* the source when it is the hold device */
	char fallback[WL_REASON_LEN];	/* source=auto: why not the hold device */
	void *raw;
	size_t raw_len;
	char *base;			/* writer w's region (w = 1..N) at base + (w - 1) * stride */
	unsigned char *expect;		/* the source's content, pmd bytes */
	int fd;				/* the source, O_DIRECT */
	char source_text[400];		/* what it is, for the notes */
	struct integrity_writer *ws;	/* [nthreads]; [0] unused */
	const volatile int *stop;	/* worker 0's stop flag, while it runs */
	void *dpriv;			/* the disturbance's own state */
	/* worker 0, per repetition */
	unsigned long long disturbs, disturb_fail, overlaps;
	unsigned long long leaked, leak_checks;	/* vmsplice */
	/* over the point */
	unsigned long long lost_total, checks_total, overlaps_total, disturbs_total;
	unsigned long long leaked_total, leak_checks_total;
	double *lat_all;		/* scratch for the percentiles */
};

static inline char *integrity_region(const struct integrity *g, unsigned int w)
{
	return g->base + (size_t)(w - 1) * g->stride;
}

/*
 * Wait (spinning, until the stop flag or about max_ns) for writer w to have
 * a read in flight that no disturbance aimed at before, so that one taken
 * just as it ends is not taken twice: a fresh read has its whole window
 * left. *seq and *off say which. 1 found, 0 not.
 */
int integrity_wait_inflight(struct integrity *g, unsigned int w, uint64_t *seq, uint64_t *off,
			    uint64_t max_ns);
/* Is the read that *seq named still in flight? */
int integrity_same_read(const struct integrity *g, unsigned int w, uint64_t seq);
/*
 * integrity_source.c: open g->source, filled with g->expect, into g->fd
 * (and g->hold, g->source_text, g->fallback). 0, or WL_SKIP with why.
 */
int integrity_open_source(struct integrity *g, char *why, size_t len);
/* What the source was and how the hold device held its reads, into the point's notes. */
void integrity_note_source(struct integrity *g, struct wl_validity *v);
/*
 * Fork while writer w's read is in flight; the child writes into every
 * region and exits, the parent writes into the page being read. 1 when the
 * read was in flight from before the fork until after the parent's write.
 */
int integrity_fork_race(struct integrity *g, unsigned int w);

#endif
