/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which /proc/interrupts lines stand for each kind of interrupt the arch
 * profile names, chosen from what the running kernel shows (irqmatch.h):
 * the lines the harness snapshots, and the record of why.
 */
#ifndef PTBENCH_IRQSEL_H
#define PTBENCH_IRQSEL_H

#include <jansson.h>
#include <stdio.h>

#include "archprof.h"
#include "procstat.h"

struct irq_kind_sel {
	char kind[32];
	int nlines;			/* lines of this kind found; added up */
	char why[256];			/* when nlines == 0: why not */
};

struct irq_sel {
	int nkinds;
	struct irq_kind_sel k[AP_MAX_LINES];
	/* every line chosen, all kinds: what irq_read() snapshots */
	int nlines;
	struct irq_hit hit[IRQ_MAX_LINES];
	int kind_of[IRQ_MAX_LINES];	/* index into k[] */
	const char *label[IRQ_MAX_LINES];	/* hit[i].label */
	char pattern[IRQ_MAX_LINES][160];	/* the profile's pattern each line matched, in words */
};

/*
 * Choose from f (/proc/interrupts when NULL). Every kind of the profile gets
 * an entry, with no line and a reason when nothing matches. 0, or -1 when
 * the text cannot be read (every kind then says so).
 */
int irq_select(const struct archprof *ap, FILE *f, struct irq_sel *s);
/*
 * b - a of kind k[kind] (the sum of its lines) on one OS CPU, or over every
 * CPU of b when cpu < 0. NAN when the kind has no line or a snapshot lacks
 * one. a and b are irq_read()/irq_parse() of s->label, s->nlines.
 */
double irq_sel_delta(const struct irq_sel *s, int kind, const struct irq_snap *a,
		     const struct irq_snap *b, int cpu);
/*
 * {kind: {"lines": [{"label", "text", "matched"}], "reason"?, "candidates": [...]}}
 * for the result's system section.
 */
json_t *irq_sel_json(const struct archprof *ap, const struct irq_sel *s);

#endif
