/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-arch profiles (configs/arch/<arch>.json): page-table geometry per base
 * page size, IPI and TLB interrupt line names, tracepoints to prefer. The
 * spans of one page table and of one page-table lock are derived here.
 */
#ifndef PTBENCH_ARCHPROF_H
#define PTBENCH_ARCHPROF_H

#include <stddef.h>
#include <stdint.h>

#include "irqmatch.h"

#define AP_MAX_PAGESIZES	4
#define AP_MAX_LINES		16
#define AP_MAX_TP		16

struct pt_geom {
	uint64_t page_size;
	int levels;			/* page-table levels by default for this page size */
	uint64_t pte_table_bytes;	/* size of one PTE table (a fragment where < page) */
	uint64_t pmd_table_bytes;
	/*
	 * The upper tables, for the spans a GUP-fast range can cross
	 * (workloads/gup_cross.c): a PUD table's entries are P4D entries' worth
	 * of address space. 0: the arch has no such table at this page size
	 * (ppc64 folds P4D at build time: no p4d_table_bytes).
	 */
	uint64_t pud_table_bytes;
	uint64_t p4d_table_bytes;
	int split_pmd_lock;		/* the arch can split the PMD lock at this geometry */
	/* derived by pt_geom_derive() */
	uint64_t pte_span;		/* range one PTE table maps = one PMD entry */
	uint64_t pmd_span;		/* range one PMD table maps = one PUD entry */
	uint64_t pud_span;		/* range one PUD table maps = one P4D entry; 0: none */
	uint64_t p4d_span;		/* range one P4D table maps = one PGD entry (5 levels); 0: none */
	uint64_t pte_lock_span;		/* range of PTE tables that may share one lock */
	uint64_t pmd_lock_span;
};

/*
 * One way a kind of interrupt shows in /proc/interrupts. A kind may have
 * several: the lines of one kind that exist at run time are added up (IPIs
 * delivered as doorbells or through the interrupt controller on ppc64).
 */
struct ap_line {
	char kind[32];			/* "function_call", "tlb_shootdown", ... */
	struct irq_pattern pat;
};

struct archprof {
	char arch[16];
	int ngeom;
	struct pt_geom geom[AP_MAX_PAGESIZES];
	int nlines;
	struct ap_line lines[AP_MAX_LINES];
	int ntp;
	char tracepoints[AP_MAX_TP][64];
	/*
	 * The arch selects MMU_GATHER_RCU_TABLE_FREE whatever the config
	 * (arm64, powerpc, s390), so every collapse IPIs every other online
	 * CPU; 0: it depends on the config (x86: with PARAVIRT).
	 */
	int rcu_table_free;
	/*
	 * How the levels a process has at run time are seen ("level_probe"):
	 * they may be fewer than CONFIG_PGTABLE_LEVELS (workload.h, wl_levels).
	 */
	int level_probe;
};

/* The profile name for a uname machine string ("aarch64" -> "arm64"); NULL if none. */
const char *archprof_name(const char *machine);
/* Directory holding configs/ (PTBENCH_DATADIR, else next to the binary). */
const char *ptbench_datadir(void);
/* Load <dir>/<name>.json. 0, or -1 with "file: field: reason" in err. */
int archprof_load_file(const char *path, struct archprof *p, char *err, size_t len);
int archprof_load(const char *name, struct archprof *p, char *err, size_t len);
/* Fill the derived spans of g. 0, or -1 when the numbers are inconsistent. */
int pt_geom_derive(struct pt_geom *g);
/* Geometry for a base page size, derived; NULL when the profile lacks it. */
const struct pt_geom *archprof_geom(const struct archprof *p, uint64_t page_size);
/* The label of the first pattern of a kind ("" when it matches by other columns), or NULL. */
const char *archprof_line(const struct archprof *p, const char *kind);

#endif
