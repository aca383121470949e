// SPDX-License-Identifier: GPL-2.0
/*
 * The processes that share hugetlb PMD tables (ptfree, event
 * hugetlb_unshare), mm/hugetlb.c huge_pmd_share(): a MAP_SHARED hugetlb
 * mapping whose PUD-aligned 1 GiB ranges lie whole inside the VMA
 * (vma_shareable()) takes, on its first fault in a range, the PMD table of
 * another process that maps the same file range, if one has it. Each
 * sharer maps the file at the same address and touches its own page in
 * each of the K ranges; sharer i > 0 then reads its own pagemap for sharer
 * 0's pages, which it never touched: present means its PUD entry points at
 * sharer 0's PMD table. The unshare is huge_pmd_unshare() at the munmap or
 * exit of one sharer (docs/workloads.md has the source lines).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mapping.h"
#include "ptfree.h"

#ifndef MFD_HUGETLB
#define MFD_HUGETLB	0x0004U
#endif

static char *huge_base(const struct ptfree *p)
{
	return p->base + p->pud;	/* after the ballast's range */
}

/* The file the sharers map, and their slots. 0, or WL_SKIP / -1 with why. */
int sharers_setup(struct ptfree *p, char *why, size_t len)
{
	size_t slots = PF_MAX_SHARERS * sizeof(struct sharer);

	p->memfd = memfd_create("ptbench-ptfree", MFD_HUGETLB | (unsigned int)map_huge_flag(p->pmd));
	if (p->memfd < 0) {
		snprintf(why, len, "memfd_create(MFD_HUGETLB) of %zu-byte pages: %s", p->pmd,
			 strerror(errno));
		return WL_SKIP;
	}
	if (ftruncate(p->memfd, (off_t)(p->tables * p->pud))) {
		snprintf(why, len, "ftruncate of the hugetlb file: %s", strerror(errno));
		return -1;
	}
	p->sh = mmap(NULL, slots, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p->sh == MAP_FAILED) {
		p->sh = NULL;
		snprintf(why, len, "mmap: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Whether the page at addr is mapped in this process's own page tables. */
static int pagemap_present(const void *addr, size_t page)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, &e, sizeof(e), (off_t)((uintptr_t)addr / page * sizeof(e)));
	close(fd);
	return n == sizeof(e) ? (int)(e >> 63) : -1;
}

static void __attribute__((noreturn)) sharer_fail(struct sharer *s, const char *what)
{
	snprintf(s->why, sizeof(s->why), "%s: %s", what, strerror(errno));
	WRITE_ONCE(s->state, SH_FAILED);
	futex_wake(&s->state);
	_exit(1);
}

/*
 * One store per range, not instrumented: under ASan the check of the
 * store's shadow byte would fault in the shadow, whose page table would
 * count as one of the file's.
 */
static void __attribute__((no_sanitize_address)) touch_ranges(char *h, unsigned int k, size_t pud,
							       size_t off, char v)
{
	unsigned int g;

	for (g = 0; g < k; g++)
		((volatile char *)h)[g * pud + off] = v;
}

static void sharer_map(struct ptfree *p, struct sharer *s, int i)
{
	char *h = huge_base(p);
	long long v0, v1;
	unsigned int g;

	/* the ballast: its tables (PUD table included) exist before the touches */
	if (mmap(p->base, p->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0) == MAP_FAILED)
		sharer_fail(s, "mmap of the ballast page");
	p->base[0] = 1;
	v0 = vm_pte_bytes();
	if (mmap(h, p->tables * p->pud, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | MAP_NORESERVE,
		 p->memfd, 0) == MAP_FAILED)
		sharer_fail(s, "mmap of the hugetlb file");
	touch_ranges(h, p->tables, p->pud, (size_t)i * p->pmd, (char)(i + 1));
	v1 = vm_pte_bytes();
	s->vmpte_touch = v0 < 0 || v1 < 0 ? -1 : v1 - v0;
	s->shared = -1;
	if (!i)
		return;
	s->shared = 0;
	for (g = 0; g < p->tables; g++)
		s->shared += pagemap_present(h + g * p->pud, p->page) == 1;
}

/*
 * how=fork_exit: a child attaches to the tables on its first touch (fork
 * copies no page table of a MAP_SHARED hugetlb mapping: vma_needs_copy())
 * and exits, unsharing them.
 */
static void fork_exit(struct ptfree *p, struct sharer *s, int i)
{
	pid_t pid;

	s->t0 = now_mono();
	pid = fork();
	if (pid < 0)
		sharer_fail(s, "fork");
	if (!pid) {
		long long v0 = vm_pte_bytes(), v1;

		touch_ranges(huge_base(p), p->tables, p->pud, (size_t)i * p->pmd, (char)(i + 1));
		v1 = vm_pte_bytes();
		s->vmpte_child = v0 < 0 || v1 < 0 ? -1 : v1 - v0;
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	s->t1 = now_mono();
}

static void sharer_act(struct ptfree *p, struct sharer *s, int i, int cmd)
{
	long long d0, d1;

	if (cmd == SH_GO && p->how == HOW_EXIT) {
		s->t0 = now_mono();
		_exit(0);
	}
	if (cmd == SH_GO && p->how == HOW_FORK_EXIT) {
		fork_exit(p, s, i);
		return;
	}
	d0 = vm_pte_bytes();
	s->t0 = now_mono();
	if (munmap(huge_base(p), p->tables * p->pud))
		sharer_fail(s, "munmap");
	s->t1 = now_mono();
	d1 = vm_pte_bytes();
	s->vmpte_drop = d0 < 0 || d1 < 0 ? -1 : d0 - d1;
}

static void __attribute__((noreturn)) sharer_main(struct ptfree *p, int i, int cpu)
{
	struct sharer *s = &p->sh[i];
	cpu_set_t set;
	int cmd;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			sharer_fail(s, "sched_setaffinity");
	}
	sharer_map(p, s, i);
	WRITE_ONCE(s->state, SH_READY);
	futex_wake(&s->state);
	while ((cmd = READ_ONCE(s->cmd)) != SH_GO && cmd != SH_LEAVE)
		futex_wait(&s->cmd, cmd, 0);
	sharer_act(p, s, i, cmd);
	WRITE_ONCE(s->state, SH_DONE);
	futex_wake(&s->state);
	for (;;)
		pause();	/* holds nothing of the file now; killed by sharers_reap() */
}

/* Wait until sharer i leaves state from; 0, or -1 after 30 s. */
static int wait_state(struct sharer *s, int from)
{
	uint64_t end = now_mono() + 30000000000ULL;
	int st;

	while ((st = READ_ONCE(s->state)) == from) {
		if (now_mono() > end)
			return -1;
		futex_wait(&s->state, from, 100000000L);
	}
	return 0;
}

static int start_sharer(struct ptfree *p, int i, int cpu, char *why, size_t len)
{
	struct sharer *s = &p->sh[i];
	pid_t pid;

	memset(s, 0, sizeof(*s));
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid)
		sharer_main(p, i, cpu);
	s->pid = pid;
	if (wait_state(s, SH_IDLE) || s->state != SH_READY) {
		snprintf(why, len, "sharer %d: %s", i, s->state == SH_FAILED ? s->why : "no answer in 30 s");
		return -1;
	}
	return 0;
}

/*
 * Who acts, and who leaves (unmaps) before the phase. leaves=shared: the
 * first sharer acts, none leaves. leaves=exclusive: the act must leave one
 * owner: all but the last two leave and the second-last unmaps or exits;
 * for fork_exit all but the last leave, and the last's child, which
 * attached, exits.
 */
static int leave_before(struct ptfree *p, char *why, size_t len)
{
	int i;

	p->actor = 0;
	if (p->leaves == LV_EXCLUSIVE)
		p->actor = (int)p->nsharers - (p->how == HOW_FORK_EXIT ? 1 : 2);
	for (i = 0; i < p->actor && p->leaves == LV_EXCLUSIVE; i++) {
		WRITE_ONCE(p->sh[i].cmd, SH_LEAVE);
		futex_wake(&p->sh[i].cmd);
		if (wait_state(&p->sh[i], SH_READY) || p->sh[i].state != SH_DONE) {
			snprintf(why, len, "sharer %d could not unmap: %s", i, p->sh[i].why);
			return -1;
		}
	}
	return 0;
}

/*
 * P sharers, one after the other, on cpu (worker 0's; -1: anywhere); then
 * those that leave before the phase unmap (leave_before()). 0, or -1 with
 * why.
 */
int sharers_build(struct ptfree *p, int cpu, char *why, size_t len)
{
	cpu_set_t mine, one;
	unsigned int i;
	int ret = 0, pinned;

	sharers_reap(p);
	/*
	 * Fork from worker 0's CPU: a child that ran anywhere else first would
	 * have that CPU in its mm_cpumask, and x86 would send it the
	 * unshare's TLB flush.
	 */
	CPU_ZERO(&one);
	if (cpu >= 0)
		CPU_SET(cpu, &one);
	pinned = cpu >= 0 && !sched_getaffinity(0, sizeof(mine), &mine) &&
		 !sched_setaffinity(0, sizeof(one), &one);
	for (i = 0; i < p->nsharers && !ret; i++)
		ret = start_sharer(p, (int)i, cpu, why, len);
	if (pinned)
		sched_setaffinity(0, sizeof(mine), &mine);
	if (ret)
		return -1;
	return leave_before(p, why, len);
}

/* Worker 0, in the phase: the actor unmaps, exits or forks a child that exits; its times into p. */
void sharers_act(struct ptfree *p)
{
	struct sharer *s = &p->sh[p->actor];

	WRITE_ONCE(s->cmd, SH_GO);
	futex_wake(&s->cmd);
	if (p->how == HOW_EXIT) {
		int status = 0;

		p->failed = waitpid(s->pid, &status, 0) != s->pid || !WIFEXITED(status) ||
			    WEXITSTATUS(status);
		p->t1 = now_mono();
		p->t0 = s->t0;
		s->pid = 0;
		return;
	}
	p->failed = wait_state(s, SH_READY) || s->state != SH_DONE;
	p->t0 = s->t0;
	p->t1 = s->t1;
	if (p->failed)
		snprintf(p->fail_why, sizeof(p->fail_why), "the actor's munmap: %s", s->why);
}

void sharers_reap(struct ptfree *p)
{
	unsigned int i;

	for (i = 0; p->sh && i < PF_MAX_SHARERS; i++) {
		if (p->sh[i].pid <= 0)
			continue;
		kill(p->sh[i].pid, SIGKILL);
		waitpid(p->sh[i].pid, NULL, 0);
		p->sh[i].pid = 0;
	}
}

void sharers_teardown(struct ptfree *p)
{
	sharers_reap(p);
	if (p->sh)
		munmap(p->sh, PF_MAX_SHARERS * sizeof(struct sharer));
	p->sh = NULL;
	if (p->memfd >= 0)
		close(p->memfd);
	p->memfd = -1;
}
