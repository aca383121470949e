// SPDX-License-Identifier: GPL-2.0
/*
 * The bystanders of the collapse family: idle, spinning (counting the gaps
 * that interrupts leave in a fast clock) or running GUP-fast, as threads of
 * the collapsing mm or as processes of their own, each phase on command
 * from the collapser.
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include "collapse.h"
#include "futex_gup.h"
#include "mapping.h"

static void byst_account(struct byst_stats *st, int ph, uint64_t from, uint64_t to)
{
	if (ph == PH_BUSY)
		st->busy_ns += to - from;
	else if (ph == PH_QUIET)
		st->quiet_ns += to - from;
}

/* Spin in user space until stop or the collapser is done, timing every iteration. */
static void byst_spin(struct byst_stats *st, const volatile int *stop, const int *phase,
		      uint64_t gap_ns)
{
	uint64_t prev = now_mono(), mark = prev, now;
	int ph = READ_ONCE(*phase);

	while (!*stop) {
		int cur = READ_ONCE(*phase);

		now = now_mono();
		if (cur != ph) {
			byst_account(st, ph, mark, now);
			ph = cur;
			mark = now;
			if (ph == PH_DONE)
				return;
		} else if (ph == PH_BUSY) {
			gap_account(&st->busy, prev, now, gap_ns);
		} else if (ph == PH_QUIET) {
			gap_account(&st->quiet, prev, now, gap_ns);
		}
		prev = now;
	}
	byst_account(st, ph, mark, now_mono());
}

/*
 * GUP-fast in a loop: FUTEX_WAKE without FUTEX_PRIVATE_FLAG looks the page
 * up with get_user_pages_fast(addr, 1, FOLL_WRITE) in get_futex_key().
 */
static void byst_gup(struct byst_stats *st, const volatile int *stop, const int *phase, int *addr)
{
	uint64_t mark = now_mono(), now;
	int ph = READ_ONCE(*phase);

	while (!*stop) {
		int cur = READ_ONCE(*phase);
		int r;

		if (cur != ph) {
			now = now_mono();
			byst_account(st, ph, mark, now);
			ph = cur;
			mark = now;
			if (ph == PH_DONE)
				return;
		}
		r = futex_gup_once(addr, 0);
		if (r < 0)
			st->failures++;
		else if (ph == PH_BUSY)
			st->pins_busy++;
		else if (ph == PH_QUIET)
			st->pins_quiet++;
	}
	byst_account(st, ph, mark, now_mono());
}

/* Sleep until the collapser is done (or the phase times out). */
static void wait_done(int *phase, const volatile int *stop)
{
	int ph;

	while (!*stop && (ph = READ_ONCE(*phase)) != PH_DONE)
		futex_wait(phase, ph, 20000000L);	/* wake to notice a time-out */
}

void byst_body(struct collapse *c, struct byst_slot *s, const volatile int *stop, int *gup)
{
	switch (c->bmode) {
	case BM_IDLE:
		if (stop == &s->halt)
			while (!READ_ONCE(s->halt))
				futex_wait(&s->halt, 0, 20000000L);
		else
			wait_done(&c->sh->phase, stop);
		break;
	case BM_SPIN:
		byst_spin(&s->st, stop, &c->sh->phase, c->gap_ns);
		break;
	case BM_GUP:
		byst_gup(&s->st, stop, &c->sh->phase, gup);
		break;
	}
}

/* A bystander process: runs the body on command, in its own mm, on the CPU it inherited. */
static void __attribute__((noreturn)) child_main(struct collapse *c, struct byst_slot *s, int *gup)
{
	int seen = 0;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	*gup = 1;	/* its own copy of the page */
	for (;;) {
		int cmd;

		while ((cmd = READ_ONCE(s->cmd)) == seen)
			futex_wait(&s->cmd, seen, 0);
		if (cmd < 0)
			_exit(0);
		seen = cmd;
		byst_body(c, s, &s->halt, gup);
		WRITE_ONCE(s->ack, cmd);
		futex_wake(&s->ack);
	}
}

int collapse_thread_setup(struct wl_thread *t)
{
	struct collapse *c = t->pt->priv;
	struct byst_slot *s = &c->sh->slot[t->id];
	pid_t pid;

	/*
	 * The regions on the collapser's node, and out of NUMA balancing: on
	 * a 2-node guest it unmapped freshly collapsed THPs for migration
	 * before the check read smaps (Rss 0 after 4 of 4 collapses, 2 runs
	 * of 2; 1 of 1 clean with numa_balancing=disable).
	 */
	if (!t->id) {
		size_t span = (size_t)(c->regions - 1) * c->stride + c->pmd;

		c->node = prefer_local_node(c->base, span);
		return 0;
	}
	if (!c->other_mm)
		return 0;
	/* forked from the bound worker thread: the child inherits its CPU */
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid)
		child_main(c, s, (int *)(c->gup + t->id * c->page));
	s->child = pid;
	return 0;
}

void run_other(struct collapse *c, struct wl_thread *t, struct byst_slot *s)
{
	int gen = READ_ONCE(s->cmd) + 1;

	WRITE_ONCE(s->halt, 0);
	WRITE_ONCE(s->cmd, gen);
	futex_wake(&s->cmd);
	wait_done(&c->sh->phase, t->stop);
	WRITE_ONCE(s->halt, 1);
	futex_wake(&s->halt);
	while (READ_ONCE(s->ack) != gen)
		futex_wait(&s->ack, READ_ONCE(s->ack), 20000000L);
}
