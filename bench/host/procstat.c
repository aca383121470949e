// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/vmstat and /proc/interrupts snapshots. The parsers take a FILE so
 * that the unit tests can feed them other architectures' text.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "procstat.h"

/* ---- /proc/vmstat ---- */

int vmstat_parse(FILE *f, struct vmstat_snap *s)
{
	char name[128];
	long long val;
	int r;

	s->n = 0;
	while ((r = fscanf(f, "%127s %lld", name, &val)) != EOF) {
		if (r != 2) {
			/* Skip the rest of a malformed line. */
			if (fscanf(f, "%*[^\n]") == EOF)
				break;
			continue;
		}
		/* A cut-down name could alias another: leave it out instead. */
		if (strlen(name) >= sizeof(s->name[0]))
			continue;
		if (s->n == VMSTAT_MAX)
			break;
		strcpy(s->name[s->n], name);
		s->val[s->n++] = val;
	}
	return s->n ? 0 : -1;
}

int vmstat_read(struct vmstat_snap *s)
{
	FILE *f = fopen("/proc/vmstat", "re");
	int ret;

	if (!f) {
		s->n = 0;
		return -1;
	}
	ret = vmstat_parse(f, s);
	fclose(f);
	return ret;
}

/* Two snapshots of one kernel list the fields in the same order: try hint. */
static int vmstat_find(const struct vmstat_snap *s, const char *field, int hint)
{
	int i;

	if (hint >= 0 && hint < s->n && !strcmp(s->name[hint], field))
		return hint;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], field))
			return i;
	return -1;
}

long long vmstat_delta(const struct vmstat_snap *a, const struct vmstat_snap *b,
		       const char *field)
{
	int ia = vmstat_find(a, field, -1);
	int ib = vmstat_find(b, field, ia);

	if (ia < 0 || ib < 0)
		return -1;
	return b->val[ib] - a->val[ia];
}

json_t *vmstat_delta_json(const struct vmstat_snap *a, const struct vmstat_snap *b)
{
	json_t *o = json_object();
	int i, ia;

	for (i = 0; i < b->n; i++) {
		ia = vmstat_find(a, b->name[i], i);
		if (ia < 0 || b->val[i] == a->val[ia])
			continue;
		json_object_set_new(o, b->name[i],
				    json_integer(b->val[i] - a->val[ia]));
	}
	return o;
}

/* ---- /proc/interrupts ---- */

/* "           CPU0       CPU1       CPU3" -> column CPU numbers. */
static int irq_parse_header(const char *hdr, struct irq_snap *s)
{
	const char *p = hdr;
	char *end;
	long cpu;

	s->ncpus = 0;
	while ((p = strstr(p, "CPU"))) {
		p += 3;
		errno = 0;
		cpu = strtol(p, &end, 10);
		if (end == p || errno || cpu < 0)
			continue;
		p = end;
		/* Columns past the limit are left out, not misread. */
		if (s->ncpus == IRQ_MAX_CPUS)
			break;
		s->cpu[s->ncpus++] = (int)cpu;
	}
	return s->ncpus ? 0 : -1;
}

/* The trimmed label before ':', or NULL when the line has none. */
static char *irq_label(char *line, char **rest)
{
	char *colon = strchr(line, ':');
	char *end;

	if (!colon)
		return NULL;
	*colon = '\0';
	*rest = colon + 1;
	while (isspace((unsigned char)*line))
		line++;
	end = line + strlen(line);
	while (end > line && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return line;
}

/*
 * The per-CPU columns follow the label; the description text after them
 * ends the numbers. Single-value lines (x86 ERR, MIS) fill column 0 only.
 */
static void irq_parse_counts(const char *p, unsigned long long *count, int ncpus)
{
	char *end;
	int i;

	for (i = 0; i < ncpus; i++) {
		while (isspace((unsigned char)*p))
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		count[i] = strtoull(p, &end, 10);
		p = end;
	}
}

static int irq_init(struct irq_snap *s, const char *const *lines, int nlines)
{
	int i;

	memset(s->count, 0, sizeof(s->count));
	memset(s->found, 0, sizeof(s->found));
	s->nlines = 0;
	s->ncpus = 0;
	if (nlines < 0 || nlines > IRQ_MAX_LINES) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < nlines; i++) {
		if (strlen(lines[i]) >= sizeof(s->line[0])) {
			errno = EINVAL;
			return -1;
		}
		strcpy(s->line[i], lines[i]);
	}
	s->nlines = nlines;
	return 0;
}

static int irq_alloc(struct irq_snap *s)
{
	int i;

	for (i = 0; i < s->nlines; i++) {
		s->count[i] = calloc(s->ncpus, sizeof(*s->count[i]));
		if (!s->count[i]) {
			irq_free(s);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

static void irq_match_line(struct irq_snap *s, char *line)
{
	char *label, *rest;
	int i;

	label = irq_label(line, &rest);
	if (!label)
		return;
	for (i = 0; i < s->nlines; i++) {
		if (s->found[i] || strcmp(label, s->line[i]))
			continue;
		irq_parse_counts(rest, s->count[i], s->ncpus);
		s->found[i] = 1;
		return;
	}
}

int irq_parse(FILE *f, struct irq_snap *s, const char *const *lines, int nlines)
{
	char *buf = NULL;
	size_t cap = 0;
	int ret = -1;

	if (irq_init(s, lines, nlines))
		return -1;
	/* 4096 CPUs make lines of 45 KiB: no fixed buffer. */
	if (getline(&buf, &cap, f) < 0 || irq_parse_header(buf, s))
		goto out;
	if (irq_alloc(s))
		goto out;
	while (getline(&buf, &cap, f) >= 0)
		irq_match_line(s, buf);
	ret = 0;
out:
	free(buf);
	return ret;
}

int irq_read(struct irq_snap *s, const char *const *lines, int nlines)
{
	FILE *f = fopen("/proc/interrupts", "re");
	int ret;

	if (!f) {
		irq_init(s, NULL, 0);
		return -1;
	}
	ret = irq_parse(f, s, lines, nlines);
	fclose(f);
	return ret;
}

void irq_free(struct irq_snap *s)
{
	int i;

	for (i = 0; i < IRQ_MAX_LINES; i++) {
		free(s->count[i]);
		s->count[i] = NULL;
	}
}

static int irq_column(const struct irq_snap *s, int cpu)
{
	int i;

	for (i = 0; i < s->ncpus; i++)
		if (s->cpu[i] == cpu)
			return i;
	return -1;
}

/* Columns are matched by CPU number: a CPU hot-plugged in between is left out. */
static json_t *irq_line_delta(const struct irq_snap *a, int la,
			      const struct irq_snap *b, int lb)
{
	json_t *o = json_object(), *per_cpu = json_object();
	long long total = 0, d;
	char key[16];
	int i, ca;

	for (i = 0; i < b->ncpus; i++) {
		ca = irq_column(a, b->cpu[i]);
		if (ca < 0)
			continue;
		d = (long long)(b->count[lb][i] - a->count[la][ca]);
		total += d;
		snprintf(key, sizeof(key), "%d", b->cpu[i]);
		json_object_set_new(per_cpu, key, json_integer(d));
	}
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "per_cpu", per_cpu);
	return o;
}

static int irq_find_line(const struct irq_snap *s, const char *name)
{
	int i;

	for (i = 0; i < s->nlines; i++)
		if (!strcmp(s->line[i], name))
			return i;
	return -1;
}

json_t *irq_delta_json(const struct irq_snap *a, const struct irq_snap *b)
{
	json_t *o = json_object(), *missing = json_array();
	int i, la;

	for (i = 0; i < b->nlines; i++) {
		la = irq_find_line(a, b->line[i]);
		if (la < 0 || !a->found[la] || !b->found[i] ||
		    !a->count[la] || !b->count[i]) {
			json_array_append_new(missing, json_string(b->line[i]));
			continue;
		}
		json_object_set_new(o, b->line[i], irq_line_delta(a, la, b, i));
	}
	if (json_array_size(missing))
		json_object_set_new(o, "missing", missing);
	else
		json_decref(missing);
	return o;
}

static long long irq_cpu_count(const struct irq_snap *s, int line, int cpu)
{
	int col;

	for (col = 0; col < s->ncpus; col++)
		if (s->cpu[col] == cpu)
			return (long long)s->count[line][col];
	return -1;
}

long long irq_cpu_delta(const struct irq_snap *a, const struct irq_snap *b, const char *line, int cpu)
{
	int la = irq_find_line(a, line), lb = irq_find_line(b, line);
	long long x, y;

	if (la < 0 || lb < 0 || !a->found[la] || !b->found[lb] || !a->count[la] || !b->count[lb])
		return -1;
	x = irq_cpu_count(a, la, cpu);
	y = irq_cpu_count(b, lb, cpu);
	return x < 0 || y < 0 ? -1 : y - x;
}
