/* SPDX-License-Identifier: GPL-2.0 */
/* Snapshots of /proc/vmstat and of chosen /proc/interrupts lines, and their deltas. */
#ifndef PTBENCH_PROCSTAT_H
#define PTBENCH_PROCSTAT_H

#include <jansson.h>
#include <stdio.h>

#define VMSTAT_MAX	512

struct vmstat_snap {
	int n;
	char name[VMSTAT_MAX][48];
	long long val[VMSTAT_MAX];
};

int vmstat_read(struct vmstat_snap *s);
/*
 * Parse "name value" lines (the /proc/vmstat format) from f; names that do
 * not fit and entries past VMSTAT_MAX are left out. 0, or -1 when empty.
 */
int vmstat_parse(FILE *f, struct vmstat_snap *s);
/* b - a for field, -1 when the field is missing in either. */
long long vmstat_delta(const struct vmstat_snap *a, const struct vmstat_snap *b, const char *field);
/* {field: delta} for every field that changed. */
json_t *vmstat_delta_json(const struct vmstat_snap *a, const struct vmstat_snap *b);

#define IRQ_MAX_LINES	16
#define IRQ_MAX_CPUS	4096

/* Per-CPU counts of named interrupt lines (e.g. "CAL", "TLB", "IPI1"). */
struct irq_snap {
	int nlines;
	int ncpus;			/* columns in /proc/interrupts */
	int cpu[IRQ_MAX_CPUS];		/* OS CPU number of each column */
	char line[IRQ_MAX_LINES][16];
	int found[IRQ_MAX_LINES];
	unsigned long long *count[IRQ_MAX_LINES];	/* [line][column] */
};

/*
 * Snapshot the named lines (labels before ':', spaces trimmed) of
 * /proc/interrupts. s need not be initialised; call irq_free() on it after
 * use, whatever the return value. Lines the file lacks have found[i] == 0.
 * 0, or -1 with errno (EINVAL: too many lines or a name too long).
 */
int irq_read(struct irq_snap *s, const char *const *lines, int nlines);
/*
 * The same from f in /proc/interrupts format: a header naming the CPU of
 * each column ("CPU0 CPU1 CPU4", offline CPUs absent), then one line per
 * interrupt. Columns past IRQ_MAX_CPUS are left out.
 */
int irq_parse(FILE *f, struct irq_snap *s, const char *const *lines, int nlines);
void irq_free(struct irq_snap *s);
/* b - a of one line on one OS CPU; -1 when either snapshot lacks it. */
long long irq_cpu_delta(const struct irq_snap *a, const struct irq_snap *b, const char *line, int cpu);
/*
 * {line: {"total": n, "per_cpu": {"<cpu>": n, ...}}} of b - a; lines that
 * /proc/interrupts lacks are listed under "missing".
 */
json_t *irq_delta_json(const struct irq_snap *a, const struct irq_snap *b);

#endif
