// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the interrupt lines of each kind at run time. A profile lists
 * every way a kind may show (ppc64 function-call IPIs: the DBL doorbell
 * count, a XIVE-IPI or XICS numbered line); whichever exist here are
 * counted, added up, and the result says which and what they matched.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "lib/util.h"
#include "irqsel.h"

static int kind_index(struct irq_sel *s, const char *kind)
{
	int i;

	for (i = 0; i < s->nkinds; i++)
		if (!strcmp(s->k[i].kind, kind))
			return i;
	snprintf(s->k[s->nkinds].kind, sizeof(s->k[0].kind), "%s", kind);
	return s->nkinds++;
}

/* "label \"DBL\"; chip \"XIVE-IPI\", action \"IPI-*\"": what a kind looked for. */
static void candidates_str(const struct archprof *ap, const char *kind, char *out, size_t len)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < ap->nlines && n < len; i++) {
		char one[160];

		if (strcmp(ap->lines[i].kind, kind))
			continue;
		irq_pattern_str(&ap->lines[i].pat, one, sizeof(one));
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? "; " : "", one);
	}
}

static void fill_reasons(const struct archprof *ap, struct irq_sel *s, const char *unreadable)
{
	char cand[200];
	int i;

	for (i = 0; i < s->nkinds; i++) {
		struct irq_kind_sel *k = &s->k[i];

		if (k->nlines)
			continue;
		candidates_str(ap, k->kind, cand, sizeof(cand));
		if (unreadable)
			snprintf(k->why, sizeof(k->why), "/proc/interrupts unreadable: %s", unreadable);
		else
			snprintf(k->why, sizeof(k->why),
				 "no interrupt line of kind %s in /proc/interrupts (looked for %s)",
				 k->kind, cand);
	}
}

static void take_hits(const struct archprof *ap, struct irq_sel *s, struct irq_hit *hit, int n)
{
	int i;

	for (i = 0; i < n && s->nlines < IRQ_MAX_LINES; i++) {
		const struct ap_line *l = &ap->lines[hit[i].pattern];
		int k = kind_index(s, l->kind), j = s->nlines++;

		s->hit[j] = hit[i];
		s->kind_of[j] = k;
		s->label[j] = s->hit[j].label;
		irq_pattern_str(&l->pat, s->pattern[j], sizeof(s->pattern[j]));
		s->k[k].nlines++;
	}
}

int irq_select(const struct archprof *ap, FILE *f, struct irq_sel *s)
{
	struct irq_pattern pats[AP_MAX_LINES];
	struct irq_hit hit[IRQ_MAX_LINES];
	FILE *own = NULL;
	int i, n;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < ap->nlines; i++) {
		pats[i] = ap->lines[i].pat;
		kind_index(s, ap->lines[i].kind);
	}
	if (!f)
		f = own = fopen("/proc/interrupts", "re");
	n = f ? irq_scan(f, pats, ap->nlines, hit, IRQ_MAX_LINES) : -1;
	if (own)
		fclose(own);
	if (n < 0) {
		fill_reasons(ap, s, f ? "no header line naming the CPUs" : strerror(errno));
		return -1;
	}
	take_hits(ap, s, hit, n);
	fill_reasons(ap, s, NULL);
	return 0;
}

/* One line's delta on cpu, or over every CPU of b when cpu < 0; NAN when unknown. */
static double line_delta(const struct irq_snap *a, const struct irq_snap *b, const char *line,
			 int cpu)
{
	double sum = 0;
	long long d;
	int col;

	if (cpu >= 0) {
		d = irq_cpu_delta(a, b, line, cpu);
		return d < 0 ? NAN : (double)d;
	}
	if (!b->ncpus)
		return NAN;
	for (col = 0; col < b->ncpus; col++) {
		d = irq_cpu_delta(a, b, line, b->cpu[col]);
		if (d < 0)
			return NAN;
		sum += (double)d;
	}
	return sum;
}

double irq_sel_delta(const struct irq_sel *s, int kind, const struct irq_snap *a,
		     const struct irq_snap *b, int cpu)
{
	double sum = NAN;
	int j;

	for (j = 0; j < s->nlines; j++) {
		double d;

		if (s->kind_of[j] != kind)
			continue;
		d = line_delta(a, b, s->label[j], cpu);
		sum = isnan(sum) ? d : sum + d;
	}
	return sum;
}

/* Kernel text as JSON: bytes outside printable ASCII become '?'. */
static json_t *ascii_json(const char *s)
{
	char buf[160];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(buf); i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
	return json_string(buf);
}

static json_t *candidates_json(const struct archprof *ap, const char *kind)
{
	json_t *a = json_array();
	char one[160];
	int i;

	for (i = 0; i < ap->nlines; i++) {
		if (strcmp(ap->lines[i].kind, kind))
			continue;
		irq_pattern_str(&ap->lines[i].pat, one, sizeof(one));
		json_array_append_new(a, ascii_json(one));
	}
	return a;
}

json_t *irq_sel_json(const struct archprof *ap, const struct irq_sel *s)
{
	json_t *o = json_object();
	int i, j;

	for (i = 0; i < s->nkinds; i++) {
		json_t *lines = json_array(), *k;

		for (j = 0; j < s->nlines; j++) {
			if (s->kind_of[j] != i)
				continue;
			json_array_append_new(lines, json_pack("{s:o, s:o, s:o}",
				"label", ascii_json(s->hit[j].label), "text", ascii_json(s->hit[j].text),
				"matched", ascii_json(s->pattern[j])));
		}
		k = json_pack("{s:o, s:o}", "lines", lines, "candidates",
			      candidates_json(ap, s->k[i].kind));
		if (!s->k[i].nlines)
			json_object_set_new(k, "reason", ascii_json(s->k[i].why));
		json_object_set_new(o, s->k[i].kind, k);	/* kinds: the profile's, ASCII */
	}
	return o;
}
