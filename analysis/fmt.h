/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one formatting layer of analysis (fmt.c): what every output of a
 * comparison (text, markdown, JSON, HTML, the summary, the report) shares.
 */
#ifndef PTBENCH_FMT_H
#define PTBENCH_FMT_H

#include <stdio.h>

#include "compare.h"

/* the width of every plain-text output: fits an 80-column cover letter */
#define FMT_WIDTH	80

enum fmt { FMT_TEXT, FMT_MD, FMT_HTML };

/* s as data in format k: control characters blanked, markdown's punctuation or HTML's markup escaped. */
void fmt_esc(FILE *f, enum fmt k, const char *s);
/* better/WORSE (with '?' when Mann-Whitney disagrees); tilde: "~" for a tested row without one. */
const char *fmt_mark(const struct cmp_row *r, int tilde);
/* BASE, NEW, or NEW<k> with more than one NEW (one of four rotating buffers). */
const char *fmt_side_tag(const struct comparison *c, int side);
/* "123.4k"-style number (for tables); "n/a" for NaN. */
void fmt_num(double v, char *buf, size_t len);
/* The same to three digits (a range's ends: a magnitude). */
void fmt_num3(double v, char *buf, size_t len);
/* A CV in %: "-" for one sample, "big" past 1000%. */
void fmt_cv(const struct cmp_stat *st, char *buf, size_t len);
/* A change in %, signed, with precision by size; "n/a" for NaN. */
void fmt_pct(double x, char *buf, size_t len);
/* The change's 95% CI as "[-3.1,+2.0]", "-" without one. */
void fmt_ci(const struct cmp_row *r, char *buf, size_t len);
/* Plain text wrapped at FMT_WIDTH, indent after the first line; a word too long is cut after a comma. */
void fmt_wrapped(FILE *f, const char *text, int indent);

#endif
