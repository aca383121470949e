// SPDX-License-Identifier: GPL-2.0
/*
 * odirect trigger: O_DIRECT pread() of the range from a scratch file
 * (write=1: the device writes the pages, a FOLL_WRITE pin) or pwrite() of it
 * (write=0: a read-only pin). The block layer pins the user pages as it
 * builds bios: fs/iomap/direct-io.c -> bio_iov_iter_get_pages() ->
 * iov_iter_extract_pages() -> pin_user_pages_fast() (FOLL_PIN since about v6.3;
 * get_user_pages_fast via iov_iter_get_pages2 before), at most BIO_MAX_VECS
 * (256) pages per bio. The I/O is part of the figure: compare ns_per_call
 * at pages_per_call=1 (the tiny transfer) with larger calls. Calibration:
 * the same pread at end of file (write=1) or a zero-length pwrite
 * (write=0): the file system entry without I/O or pin.
 *
 * The scratch file and where it may live: odirect_file.c, shared with
 * the integrity workload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gup.h"
#include "odirect_file.h"

struct odirect {
	int fd;
	off_t size;
};

static int od_check(const struct gup_cfg *c, char *why, size_t len)
{
	(void)c;
	(void)why;
	(void)len;
	return 0;
}

static int od_setup(struct gup_point *gp, const struct gup_cfg *c, char *why, size_t len)
{
	struct odirect *od = calloc(1, sizeof(*od));
	struct odirect_req rq = { .what = "odirect", .dlen = c->page_size, .page = c->page_size };
	char where[WL_REASON_LEN];
	void *page = malloc(c->page_size);

	if (!od || !page) {
		free(od);
		free(page);
		return set_why(why, len, "out of memory");
	}
	gp->tpriv = od;
	od->size = (off_t)(c->call_bytes * c->nthreads);
	memset(page, 0x5a, c->page_size);
	rq.size = od->size;
	rq.data = page;
	od->fd = odirect_file(&rq, where, sizeof(where), why, len);
	free(page);
	if (od->fd < 0)
		return WL_SKIP;
	gup_note(gp, "odirect: scratch file in %s, %lld bytes; I/O included", where,
		 (long long)od->size);
	return 0;
}

static void od_teardown(struct gup_point *gp)
{
	struct odirect *od = gp->tpriv;

	if (!od)
		return;
	if (od->fd >= 0)
		close(od->fd);
	free(od);
	gp->tpriv = NULL;
}

static int od_call(struct gup_worker *w, struct gup_res *r)
{
	const struct odirect *od = w->gp->tpriv;
	off_t off = (off_t)(w->id * w->cfg->call_bytes);
	ssize_t n;

	if (w->cfg->write)
		n = pread(od->fd, w->addr, w->cfg->call_bytes, off);
	else
		n = pwrite(od->fd, w->addr, w->cfg->call_bytes, off);
	if (n < 0)
		return -errno;
	r->pages = (size_t)n / w->cfg->page_size;
	return 0;
}

static int od_calib(struct gup_worker *w)
{
	const struct odirect *od = w->gp->tpriv;
	ssize_t n;

	if (w->cfg->write)
		n = pread(od->fd, w->addr, w->cfg->call_bytes, od->size);
	else
		n = pwrite(od->fd, w->addr, 0, 0);
	if (n != 0)
		return n < 0 ? -errno : -EPROTO;
	return 0;
}

/*
 * The check's reader: an O_DIRECT pwrite() from the range (the block layer
 * takes the pages with GUP-fast and the device reads them), then a pread()
 * of the file back. Nothing outlives the call: no hold, no control.
 */
static int od_collect(struct gup_worker *w, struct gup_held *h, void *out, char *why, size_t len)
{
	const struct odirect *od = w->gp->tpriv;
	off_t off = (off_t)(w->id * w->cfg->call_bytes);
	size_t n = w->cfg->call_bytes;
	ssize_t done;
	int err;

	(void)h;
	done = pwrite(od->fd, w->addr, n, off);
	if (done == (ssize_t)n)
		done = pread(od->fd, out, n, off);
	else if (done >= 0) {
		set_why(why, len, "O_DIRECT pwrite wrote %zd of %zu bytes", done, n);
		return -EIO;
	}
	if (done == (ssize_t)n)
		return 0;
	err = done < 0 ? errno : EIO;
	set_why(why, len, "O_DIRECT round trip: %s", done < 0 ? strerror(err) : "short read");
	return -err;
}

const struct gup_trigger gup_trig_odirect = {
	.name = "odirect",
	.check = od_check,
	.setup = od_setup,
	.teardown = od_teardown,
	.call = od_call,
	.calib = od_calib,
	.collect = od_collect,
	.sleeps = 1,
	.readback = "an O_DIRECT write to a file, read back",
};
