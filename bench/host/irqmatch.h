/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Naming /proc/interrupts lines by what they are rather than by a fixed
 * label: a pattern matches the label, or the chip and action columns of a
 * numbered line (pseries "16: ... XIVE-IPI 0 Edge IPI-0"), or the text of a
 * named line (arm64 "IPI1: ... Function call interrupts").
 */
#ifndef PTBENCH_IRQMATCH_H
#define PTBENCH_IRQMATCH_H

#include <stdio.h>

/*
 * Every field is an fnmatch(3) glob; an empty field matches anything. chip
 * and action exist only on numbered lines (the label is an IRQ number), so
 * a pattern that sets either never matches a named line such as "CAL".
 */
struct irq_pattern {
	char label[16];		/* the text before ':' */
	char chip[32];		/* numbered lines: the first word after the counts */
	char action[32];	/* numbered lines: the last word, the handler's name */
	char desc[64];		/* the text after the counts, outer spaces trimmed */
};

/* One line of /proc/interrupts that a pattern matched. */
struct irq_hit {
	char label[16];
	int pattern;		/* index of the first pattern that matched */
	char text[96];		/* the line after the counts, as the kernel printed it */
};

/*
 * Whether one /proc/interrupts text line (without the header) matches p.
 * The line is not modified.
 */
int irq_pattern_match(const struct irq_pattern *p, const char *line);
/* "label CAL", "chip XIVE-IPI, action IPI-*": p in words, for reasons. */
void irq_pattern_str(const struct irq_pattern *p, char *out, size_t len);
/*
 * The lines of f (in /proc/interrupts format, header first) that match any
 * of pats, in file order, at most max of them. The count, or -1 when f has
 * no header line naming CPUs.
 */
int irq_scan(FILE *f, const struct irq_pattern *pats, int npats, struct irq_hit *out, int max);

#endif
