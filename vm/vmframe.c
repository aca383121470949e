// SPDX-License-Identifier: GPL-2.0
/* Serial-console framing of result files for "ptbench vm": see vmframe.h. */
#include <stdlib.h>
#include <string.h>

#include "vmframe.h"

#define LINE_BYTES	57	/* 57 bytes -> 76 base64 characters */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

uint32_t vmf_crc32(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t crc = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void encode(const unsigned char *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

int vmf_write(FILE *f, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	char line[LINE_BYTES / 3 * 4 + 1];
	size_t off;

	fprintf(f, VMF_BEGIN "%zu %08x\n", len, vmf_crc32(buf, len));
	for (off = 0; off < len; off += LINE_BYTES) {
		encode(p + off, len - off < LINE_BYTES ? len - off : LINE_BYTES, line);
		fprintf(f, VMF_DATA "%s\n", line);
	}
	fprintf(f, VMF_END "\n");
	return fflush(f) || ferror(f) ? -1 : 0;
}

static int unb64(int c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

/* Decode one base64 line (n characters) onto out; -1 if it is not base64. */
static int decode(const char *s, size_t n, unsigned char *out, size_t *olen)
{
	size_t i;

	if (n % 4)
		return -1;
	for (i = 0; i < n; i += 4) {
		int a = unb64(s[i]), b = unb64(s[i + 1]);
		int c = s[i + 2] == '=' ? 0 : unb64(s[i + 2]);
		int d = s[i + 3] == '=' ? 0 : unb64(s[i + 3]);
		uint32_t v;

		if (a < 0 || b < 0 || c < 0 || d < 0)
			return -1;
		v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
		out[(*olen)++] = v >> 16;
		if (s[i + 2] != '=')
			out[(*olen)++] = (v >> 8) & 0xff;
		if (s[i + 3] != '=')
			out[(*olen)++] = v & 0xff;
	}
	return 0;
}

static int starts(const char *line, size_t n, const char *tag)
{
	size_t t = strlen(tag);

	return n >= t && !memcmp(line, tag, t);
}

static void finish(struct vmf_file *f, size_t want, uint32_t crc)
{
	f->data[f->len] = '\0';
	if (f->why[0])
		return;
	if (f->len != want)
		snprintf(f->why, sizeof(f->why), "%zu bytes received, %zu announced", f->len, want);
	else if (vmf_crc32(f->data, f->len) != crc)
		snprintf(f->why, sizeof(f->why), "CRC mismatch (console output garbled)");
	else
		f->ok = 1;
}

int vmf_parse(const char *log, size_t len, struct vmf_file *files, int max)
{
	const char *p = log, *end = log + len;
	struct vmf_file *cur = NULL;
	size_t want = 0;
	uint32_t crc = 0;
	int n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t ll;

		while (le > p && (le[-1] == '\r' || le[-1] == ' '))
			le--;
		ll = (size_t)(le - p);
		if (starts(p, ll, VMF_BEGIN) && n < max) {
			char hdr[64];
			unsigned long long sz;
			unsigned int c;

			if (cur)
				finish(cur, want, crc);
			cur = &files[n++];
			memset(cur, 0, sizeof(*cur));
			snprintf(hdr, sizeof(hdr), "%.*s", (int)(ll - strlen(VMF_BEGIN)),
				 p + strlen(VMF_BEGIN));
			if (sscanf(hdr, "%llu %x", &sz, &c) != 2 || sz > (256ull << 20)) {
				snprintf(cur->why, sizeof(cur->why), "bad header '%s'", hdr);
				sz = 0;
			}
			want = sz;
			crc = c;
			cur->data = malloc(want + 4);
			if (!cur->data) {
				n--;
				cur = NULL;
			}
		} else if (cur && starts(p, ll, VMF_DATA)) {
			size_t dl = ll - strlen(VMF_DATA), bytes = dl / 4 * 3;

			if (dl >= 4 && le[-1] == '=')
				bytes -= le[-2] == '=' ? 2 : 1;
			if (cur->len + bytes > want) {
				if (!cur->why[0])
					snprintf(cur->why, sizeof(cur->why), "more data than announced");
			} else if (decode(p + strlen(VMF_DATA), dl, cur->data, &cur->len) && !cur->why[0]) {
				snprintf(cur->why, sizeof(cur->why), "a data line is not base64");
			}
		} else if (cur && starts(p, ll, VMF_END)) {
			finish(cur, want, crc);
			cur = NULL;
		}
		p = nl ? nl + 1 : end;
	}
	if (cur) {
		finish(cur, want, crc);
		if (!cur->why[0] || cur->ok) {
			cur->ok = 0;
			snprintf(cur->why, sizeof(cur->why), "no end line (guest stopped mid-file)");
		}
	}
	return n;
}

void vmf_free(struct vmf_file *files, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(files[i].data);
		files[i].data = NULL;
	}
}
