// SPDX-License-Identifier: GPL-2.0
/*
 * The one formatting layer of analysis (fmt.h): escaping per output
 * format, the marks, the side tags and the number formats every output of
 * a comparison shares (text, markdown, JSON, HTML, the summary, the
 * report). Everything from a result file is data: text output replaces
 * control characters, markdown escapes its punctuation, HTML its markup.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"

static void md_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			fputc(' ', f);
		else if (strchr("\\`*_{}[]<>()#+-!|&~$", ch))
			fprintf(f, "\\%c", ch);
		else
			fputc(ch, f);
	}
}

static void html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, f);
		}
	}
}

static void text_esc(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

void fmt_esc(FILE *f, enum fmt k, const char *s)
{
	if (k == FMT_MD)
		md_esc(f, s);
	else if (k == FMT_HTML)
		html_esc(f, s);
	else
		text_esc(f, s);
}

const char *fmt_mark(const struct cmp_row *r, int tilde)
{
	if (r->verdict == CMP_BETTER)
		return r->mw_disagrees ? "better?" : "better";
	if (r->verdict == CMP_WORSE)
		return r->mw_disagrees ? "WORSE?" : "WORSE";
	return tilde && r->tested ? "~" : "";
}

const char *fmt_side_tag(const struct comparison *c, int side)
{
	static char buf[4][16];
	static int k;

	k = (k + 1) % 4;
	if (side == 0)
		return "BASE";
	if (c->nsides <= 2)
		return "NEW";
	snprintf(buf[k], sizeof(buf[k]), "NEW%d", side);
	return buf[k];
}

static void num_digits(double v, int digits, char *buf, size_t len)
{
	static const struct {
		double div;
		const char *suf;
	} si[] = { { 1e9, "G" }, { 1e6, "M" }, { 1e3, "k" } };
	double a = fabs(v);
	size_t i;

	if (isnan(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (a >= 1e12 || (a > 0 && a < 1e-3)) {
		snprintf(buf, len, "%.2e", v);
		return;
	}
	for (i = 0; i < sizeof(si) / sizeof(si[0]); i++)
		if (a >= 1e4 && a >= si[i].div) {
			snprintf(buf, len, "%.*g%s", digits, v / si[i].div, si[i].suf);
			return;
		}
	/* below 10^4 with more places than digits: whole, not "1.26e+03" */
	if (a >= pow(10, digits))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.*g", digits, v);
}

void fmt_num(double v, char *buf, size_t len)
{
	num_digits(v, 4, buf, len);
}

void fmt_num3(double v, char *buf, size_t len)
{
	num_digits(v, 3, buf, len);
}

void fmt_cv(const struct cmp_stat *st, char *buf, size_t len)
{
	double cv = st->s.cv * 100;

	if (st->s.n < 2)
		snprintf(buf, len, "-");
	else if (cv < 10)
		snprintf(buf, len, "%.1f", cv);
	else if (cv < 1000)
		snprintf(buf, len, "%.0f", cv);
	else
		snprintf(buf, len, "big");
}

void fmt_pct(double x, char *buf, size_t len)
{
	if (isnan(x))
		snprintf(buf, len, "n/a");
	else if (fabs(x) < 10)
		snprintf(buf, len, "%+.2f%%", x);
	else if (fabs(x) < 100)
		snprintf(buf, len, "%+.1f%%", x);
	else
		snprintf(buf, len, "%+.0f%%", x);
}

static void fmt_p1(double x, char *buf, size_t len)
{
	snprintf(buf, len, fabs(x) < 100 ? "%+.1f" : "%+.0f", x);
}

void fmt_ci(const struct cmp_row *r, char *buf, size_t len)
{
	char lo[16], hi[16];

	if (!r->have_ratio || (r->ratio_lo == r->ratio && r->ratio_hi == r->ratio)) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_p1((r->ratio_lo - 1) * 100, lo, sizeof(lo));
	fmt_p1((r->ratio_hi - 1) * 100, hi, sizeof(hi));
	snprintf(buf, len, "[%s,%s]", lo, hi);
}

/*
 * Where to cut a word of w characters that does not fit in room columns:
 * after its last comma that fits (ids are "k=v,k=v"), else at room.
 */
static int cut_at(const char *s, int w, int room)
{
	int i;

	for (i = room; i > room / 2; i--)
		if (s[i - 1] == ',')
			return i;
	return room < w ? room : w;
}

/* Plain text wrapped at FMT_WIDTH, with indent after the first line; longer words are cut. */
void fmt_wrapped(FILE *f, const char *text, int indent)
{
	const char *s = text;
	int col = 0, lead;

	while (*s == ' ') {
		fputc(*s++, f);
		col++;
	}
	lead = col;
	while (*s) {
		const char *e = s;
		int w;

		while (*e && *e != ' ')
			e++;
		w = (int)(e - s);
		/* a word longer than a whole line is cut where it stands, not first wrapped */
		if (col > indent && col + 1 + w > FMT_WIDTH && w <= FMT_WIDTH - indent) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > lead || (col && col != lead)) {
			fputc(' ', f);
			col++;
		}
		while (col + w > FMT_WIDTH) {
			int k = cut_at(s, w, FMT_WIDTH - col);

			for (int i = 0; i < k; i++)
				fputc((unsigned char)s[i] < 0x20 ? '?' : s[i], f);
			s += k;
			w -= k;
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		for (; s < e; s++)
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		col += w;
		while (*s == ' ')
			s++;
	}
	fputc('\n', f);
}
