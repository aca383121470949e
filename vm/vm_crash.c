// SPDX-License-Identifier: GPL-2.0
/*
 * Crashed guest boots (see vm_crash.h): the description is read from the
 * console as a kernel developer would, the first "Oops:" / "BUG:" /
 * "Internal error:" / "Kernel panic" line and the line naming where the CPU
 * was (x86 RIP:, arm64 pc :, ppc NIP:, s390 Krnl PSW), with the printk
 * timestamps left out.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vm_crash.h"

static const char *const death[] = { "Oops:", "BUG:", "Internal error:", "Unable to handle kernel",
				     "Kernel panic", "detected stalls on CPUs", "self-detected stall", NULL };
static const char *const where[] = { "RIP:", "pc :", "NIP:", "NIP ", "Krnl PSW", NULL };

/* The line at p without its "[    3.905063] " stamp, at most len - 1 bytes. */
static void line_at(const char *p, char *out, size_t len)
{
	const char *end = strchr(p, '\n');
	size_t n = end ? (size_t)(end - p) : strlen(p);

	if (*p == '[' && memchr(p, ']', n)) {
		const char *q = (const char *)memchr(p, ']', n) + 1;

		n -= (size_t)(q - p);
		p = q;
		while (n && *p == ' ')
			p++, n--;
	}
	while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

static const char *first_of(const char *log, const char *const *keys)
{
	const char *best = NULL, *p;
	int i;

	for (i = 0; keys[i]; i++) {
		p = strstr(log, keys[i]);
		if (p && (!best || p < best))
			best = p;
	}
	return best;
}

static const char *line_start(const char *log, const char *p)
{
	while (p > log && p[-1] != '\n')
		p--;
	return p;
}

void vm_crash_describe(const char *log, char *what, size_t len)
{
	const char *d = first_of(log, death), *w;
	char a[200], b[160];

	if (!d) {
		snprintf(what, len, "no crash message on the console");
		return;
	}
	line_at(line_start(log, d), a, sizeof(a));
	w = first_of(d, where);
	if (!w) {
		snprintf(what, len, "%s", a);
		return;
	}
	line_at(line_start(log, w), b, sizeof(b));
	snprintf(what, len, "%s; %s", a, b);
}

int vm_crash_keep(const char *console, int n, const char *what, struct vm_crash *c)
{
	const char *suffix = ".console.log";
	size_t cl = strlen(console), sl = strlen(suffix);

	snprintf(c->what, sizeof(c->what), "%s", what);
	if (cl < sl || strcmp(console + cl - sl, suffix) ||
	    (size_t)snprintf(c->console, sizeof(c->console), "%.*s.crash%d%s", (int)(cl - sl), console, n + 1,
			     suffix) >= sizeof(c->console)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return rename(console, c->console);
}

json_t *vm_crash_json(const struct vm_crash *c, int n)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "what", c[i].what, "console", c[i].console));
	return a;
}

int vm_crash_stalled(const char *log)
{
	return strstr(log, "detected stalls on CPUs") || strstr(log, "self-detected stall") ||
	       strstr(log, "BUG: soft lockup");
}
