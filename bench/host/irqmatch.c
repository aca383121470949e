// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt-line patterns (irqmatch.h). A line of /proc/interrupts is
 * "<label>: <count per online CPU> <text>"; for numbered lines the kernel
 * prints the text as "<chip> <hwirq> [Edge|Level] [-name] <action>[, ...]"
 * (kernel/irq/proc.c show_interrupts), for named ones a description.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "irqmatch.h"

/* The parts of one line, copied out of it (a line of 4096 CPUs is 45 KiB). */
struct irq_parts {
	char label[32];
	char text[256];		/* after the counts, trimmed */
	char chip[64];
	char action[64];
	int numbered;
};

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Skip the per-CPU counts: every leading number after the label. */
static const char *skip_counts(const char *p)
{
	for (;;) {
		const char *q = p;

		while (isspace((unsigned char)*q))
			q++;
		if (!isdigit((unsigned char)*q))
			return p;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q && !isspace((unsigned char)*q))
			return p;	/* "0-edge": a word, not a count */
		p = q;
	}
}

/* s[0..n) with the outer spaces trimmed, into out. */
static void copy_trimmed(const char *s, size_t n, char *out, size_t len)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	snprintf(out, len, "%.*s", (int)MIN(n, len - 1), s);
}

static void first_last_word(const char *text, char *first, char *last, size_t len)
{
	const char *e = text, *l;

	while (*e && !isspace((unsigned char)*e))
		e++;
	snprintf(first, len, "%.*s", (int)(e - text), text);
	l = text + strlen(text);
	while (l > text && !isspace((unsigned char)l[-1]))
		l--;
	snprintf(last, len, "%s", l);
}

static int irq_split(const char *line, struct irq_parts *ip)
{
	const char *colon = strchr(line, ':'), *text;

	if (!colon)
		return -1;
	copy_trimmed(line, (size_t)(colon - line), ip->label, sizeof(ip->label));
	text = skip_counts(colon + 1);
	copy_trimmed(text, strlen(text), ip->text, sizeof(ip->text));
	ip->numbered = all_digits(ip->label);
	ip->chip[0] = ip->action[0] = '\0';
	if (ip->numbered && ip->text[0])
		first_last_word(ip->text, ip->chip, ip->action, sizeof(ip->chip));
	return 0;
}

static int glob_ok(const char *pat, const char *s)
{
	return !*pat || !fnmatch(pat, s, 0);
}

static int parts_match(const struct irq_pattern *p, const struct irq_parts *ip)
{
	if ((p->chip[0] || p->action[0]) && !ip->numbered)
		return 0;
	return glob_ok(p->label, ip->label) && glob_ok(p->chip, ip->chip) &&
	       glob_ok(p->action, ip->action) && glob_ok(p->desc, ip->text);
}

int irq_pattern_match(const struct irq_pattern *p, const char *line)
{
	struct irq_parts ip;

	return !irq_split(line, &ip) && parts_match(p, &ip);
}

void irq_pattern_str(const struct irq_pattern *p, char *out, size_t len)
{
	static const char *const names[] = { "label", "chip", "action", "description" };
	const char *val[] = { p->label, p->chip, p->action, p->desc };
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names) && n < len; i++) {
		if (!*val[i])
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s \"%s\"", n ? ", " : "", names[i], val[i]);
	}
	if (!out[0])
		snprintf(out, len, "any line");
}

int irq_scan(FILE *f, const struct irq_pattern *pats, int npats, struct irq_hit *out, int max)
{
	struct irq_parts *ip = malloc(sizeof(*ip));
	char *buf = NULL;
	size_t cap = 0;
	int n = -1, i;

	if (!ip)
		return -1;
	if (getline(&buf, &cap, f) < 0 || !strstr(buf, "CPU"))
		goto out;
	n = 0;
	while (n < max && getline(&buf, &cap, f) >= 0) {
		if (irq_split(buf, ip) || strlen(ip->label) >= sizeof(out->label))
			continue;
		for (i = 0; i < npats; i++) {
			if (!parts_match(&pats[i], ip))
				continue;
			snprintf(out[n].label, sizeof(out[n].label), "%.15s", ip->label);
			snprintf(out[n].text, sizeof(out[n].text), "%.95s", ip->text);
			out[n++].pattern = i;
			break;
		}
	}
out:
	free(buf);
	free(ip);
	return n;
}
