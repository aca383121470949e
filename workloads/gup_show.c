// SPDX-License-Identifier: GPL-2.0
/*
 * How the gup family is shown (workload.h, struct wl_show): compare's
 * summary columns, the params' short names and the plots. The result files
 * carry it; analysis reads it from there.
 */
#include <stddef.h>

#include "gup.h"

static const struct wl_headline gup_headlines[] = {
	{ "ns_per_page", WL_ROLE_TESTED, "ns/page" },
	{ "pages_per_sec", WL_ROLE_SHOWN, "pages/s" },
	{ "syscall_share", WL_ROLE_TESTED, "syscall share" },
	{ "wrong_pages", WL_ROLE_CHECK, "wrong pages" },
	/* a control short of stale pages is an invalid point, in the summary's first lines */
	{ "control_wrong_pages", WL_ROLE_HIDDEN, "control: stale" },
	{ NULL },
};

static const struct wl_shown_param gup_shown[] = {
	{ .param = "trigger", .shown = "" }, { .param = "mapping", .shown = "" }, { .param = "pages_per_call", .shown = "ppc" }, { .param = "buffer", .shown = "buf" },
	{ .param = "cross", .shown = "cross" }, { .param = "control", .shown = "" },
	{ NULL },
};

static const struct wl_figure gup_figures[] = {
	{ "gup-pages", WL_FIG_BARS, "pages_per_sec", "trigger,mapping,pages_per_call,buffer,write", NULL,
	  "threads", "calib", "GUP pages pinned per second by trigger and mapping, a panel per thread count",
	  "trigger, mapping", "GUP rate", 0, 0 },
	{ NULL },
};

const struct wl_show gup_show = {
	.title = "GUP-fast throughput by trigger and mapping",
	.headlines = gup_headlines,
	.row_keys = "mapping,cross,control,threads",
	.params = gup_shown,
	.figures = gup_figures,
};

