/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the files of the ptfree family (ptfree.c: parameters, setup,
 * the events and the phases; ptfree_sharers.c: the processes that share
 * hugetlb PMD tables; ptfree_figures.c) and by nothing else.
 */
#ifndef PTBENCH_PTFREE_H
#define PTBENCH_PTFREE_H

#include <stdint.h>
#include <sys/types.h>

#include "bystander.h"
#include "workload.h"

enum pf_event { PF_HUGETLB_UNSHARE, PF_PT_RECLAIM, PF_MUNMAP };
enum pf_how { HOW_UNMAP, HOW_EXIT, HOW_FORK_EXIT };
enum pf_leaves { LV_SHARED, LV_EXCLUSIVE };
enum pf_zap { ZAP_WHOLE, ZAP_PARTIAL };

#define PF_MAX_SHARERS	16

/* Sharer commands and states (futex words in struct sharer). */
enum { SH_IDLE, SH_READY, SH_GO, SH_LEAVE, SH_DONE, SH_FAILED };

/* One sharer process's slot, in MAP_SHARED memory. */
struct sharer {
	int cmd;		/* futex: SH_GO to act, SH_LEAVE to unmap before the phase */
	int state;		/* futex: SH_READY after setup, SH_DONE after the act */
	pid_t pid;
	long long vmpte_touch;	/* VmPTE bytes its touches added: the tables it maps */
	int shared;		/* PUD ranges where it sees an earlier sharer's page */
	long long vmpte_drop;	/* VmPTE bytes its munmap released */
	long long vmpte_child;	/* how=fork_exit: VmPTE bytes its child's touches added */
	uint64_t t0, t1;	/* around its munmap, or t0 before its exit */
	int err;
	char why[160];
} __attribute__((aligned(SLOT_ALIGN)));

struct ptfree {
	enum pf_event event;
	unsigned int tables;	/* K */
	unsigned int nsharers;	/* P */
	enum pf_leaves leaves;
	enum pf_how how;
	enum pf_zap zap;
	struct bystanders byst;
	uint64_t settle_ns;
	size_t page, pmd, pud;
	size_t table_bytes;	/* one table of the kind the event frees or unshares */
	void *raw;
	size_t raw_len;
	char *base;		/* the event's range (and the ballast before or after it) */
	size_t len;
	char *gup;		/* bystanders' GUP-fast pages */
	int memfd;		/* hugetlb_unshare: the shared file */
	struct sharer *sh;	/* [PF_MAX_SHARERS], MAP_SHARED */
	int actor;		/* the sharer whose act is the event */
	/* the event of the current phase */
	uint64_t t0, t1;
	long long vmpte0, vmpte1;
	int done, failed;
	char fail_why[WL_REASON_LEN];
	/* validity over the measured repetitions */
	int reps, built, tables_ok, nfailed;
	char built_why[WL_REASON_LEN], tables_why[WL_REASON_LEN];
	/* IPI counts: why none, over the repetitions */
	struct byst_whys why;
};

enum {
	M_NS, M_TABLES,
	M_SENT, M_SYNC, M_SYNC_B, M_SYNC_FANOUT,
	M_IPI_B, M_IPI_BMAX, M_FANOUT, M_TLB_B, M_SHOOT_B, M_WAKE_B, M_OTHER_B,
	M_IRQS, M_GAP, M_PINS, M_PINS_Q,
	M_NR
};

extern const struct wl_metric ptfree_metrics[];
extern const struct workload_ops ptfree_ops;

/* ptfree_sharers.c */
int sharers_setup(struct ptfree *p, char *why, size_t len);
int sharers_build(struct ptfree *p, int cpu, char *why, size_t len);
void sharers_act(struct ptfree *p);
void sharers_reap(struct ptfree *p);
void sharers_teardown(struct ptfree *p);

/* ptfree_figures.c */
void ptfree_rep_end(struct wl_point *pt, int rep, double *val);
void ptfree_validate(struct wl_point *pt, const struct wl_obs *obs, struct wl_validity *v);

#endif
