// SPDX-License-Identifier: GPL-2.0
/*
 * The bystanders (bystander.h): idle, spinning (counting the gaps that
 * interrupts leave in a fast clock) or running GUP-fast, as threads of
 * worker 0's mm or as processes of their own, each phase on command from
 * worker 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "bystander.h"
#include "futex_gup.h"

static void byst_account(struct byst_stats *st, int ph, uint64_t from, uint64_t to)
{
	if (ph == PH_BUSY)
		st->busy_ns += to - from;
	else if (ph == PH_QUIET)
		st->quiet_ns += to - from;
}

/* Spin in user space until stop or worker 0 is done, timing every iteration. */
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

/* Sleep until worker 0 is done (or the phase times out). */
static void wait_done(int *phase, const volatile int *stop)
{
	int ph;

	while (!*stop && (ph = READ_ONCE(*phase)) != PH_DONE)
		futex_wait(phase, ph, 20000000L);	/* wake to notice a time-out */
}

static void byst_body(const struct bystanders *b, struct byst_slot *s, const volatile int *stop,
		      int *gup)
{
	switch (b->mode) {
	case BM_IDLE:
		if (stop == &s->halt)
			while (!READ_ONCE(s->halt))
				futex_wait(&s->halt, 0, 20000000L);
		else
			wait_done(&b->sh->phase, stop);
		break;
	case BM_SPIN:
		byst_spin(&s->st, stop, &b->sh->phase, b->gap_ns);
		break;
	case BM_GUP:
		byst_gup(&s->st, stop, &b->sh->phase, gup);
		break;
	}
}

/* A bystander process: runs the body on command, in its own mm, on the CPU it inherited. */
static void __attribute__((noreturn)) child_main(struct bystanders *b, struct byst_slot *s, int *gup)
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
		byst_body(b, s, &s->halt, gup);
		WRITE_ONCE(s->ack, cmd);
		futex_wake(&s->ack);
	}
}

static int *gup_page(const struct bystanders *b, const struct wl_thread *t)
{
	return (int *)(b->gup + t->id * b->page);
}

int byst_thread_setup(struct bystanders *b, struct wl_thread *t)
{
	struct byst_slot *s = &b->sh->slot[t->id];
	pid_t pid;

	if (!t->id || !b->other_mm)
		return 0;
	/* forked from the bound worker thread: the child inherits its CPU */
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid)
		child_main(b, s, gup_page(b, t));
	s->child = pid;
	return 0;
}

void byst_thread_teardown(struct bystanders *b, struct wl_thread *t)
{
	struct byst_slot *s = &b->sh->slot[t->id];

	if (!s->child)
		return;
	WRITE_ONCE(s->cmd, -1);
	futex_wake(&s->cmd);
	waitpid(s->child, NULL, 0);
	s->child = 0;
}

/* bystander_mm=other: the worker thread has its process run the phase and waits. */
static void run_other(struct bystanders *b, struct wl_thread *t, struct byst_slot *s)
{
	int gen = READ_ONCE(s->cmd) + 1;

	WRITE_ONCE(s->halt, 0);
	WRITE_ONCE(s->cmd, gen);
	futex_wake(&s->cmd);
	wait_done(&b->sh->phase, t->stop);
	WRITE_ONCE(s->halt, 1);
	futex_wake(&s->halt);
	while (READ_ONCE(s->ack) != gen)
		futex_wait(&s->ack, READ_ONCE(s->ack), 20000000L);
}

void byst_run(struct bystanders *b, struct wl_thread *t)
{
	struct byst_slot *s = &b->sh->slot[t->id];

	if (b->other_mm)
		run_other(b, t, s);
	else
		byst_body(b, s, t->stop, gup_page(b, t));
}

unsigned int byst_workers(const struct wl_args *args)
{
	const char *n = wl_args_get(args, "bystanders");

	return 1 + (n ? (unsigned int)strtoul(n, NULL, 10) : 0);
}

int byst_resolve(const char *param, const struct wl_args *args, unsigned int max_threads,
		 unsigned int ncpus, const struct wl_sys *sys, char *out, size_t outlen,
		 char *why, size_t whylen)
{
	(void)args;
	(void)max_threads;
	(void)sys;
	if (strcmp(param, "bystanders") || ncpus < 1) {
		snprintf(why, whylen, "no CPU count");
		return -1;
	}
	snprintf(out, outlen, "%u", MIN(ncpus - 1, 1023u));
	snprintf(why, whylen, "one on every CPU but worker 0's, of %u", ncpus);
	return 0;
}

int byst_map(struct bystanders *b)
{
	b->sh_len = sizeof(struct byst_shared) + (b->n + 1) * sizeof(struct byst_slot);
	b->sh = mmap(NULL, b->sh_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b->sh != MAP_FAILED)
		return 0;
	b->sh = NULL;
	return -1;
}

void byst_unmap(struct bystanders *b)
{
	if (b->sh)
		munmap(b->sh, b->sh_len);
	b->sh = NULL;
}

void byst_rep_begin(struct bystanders *b, int ph)
{
	unsigned int i;

	for (i = 0; i <= b->n; i++)
		memset(&b->sh->slot[i].st, 0, sizeof(b->sh->slot[i].st));
	b->sh->phase = ph;
}

void byst_phase(struct bystanders *b, int ph)
{
	WRITE_ONCE(b->sh->phase, ph);
	if (ph == PH_DONE)
		futex_wake(&b->sh->phase);
}

void byst_figures(const struct bystanders *b, struct byst_figs *f)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	for (i = 1; i <= b->n; i++) {
		const struct byst_stats *st = &b->sh->slot[i].st;

		f->irqs += st->busy_ns ? st->busy.gaps / (st->busy_ns / 1e9) : 0;
		f->irqs_quiet += st->quiet_ns ? st->quiet.gaps / (st->quiet_ns / 1e9) : 0;
		f->lost += st->busy_ns ? gap_lost_fraction(&st->busy, st->busy_ns) : 0;
		f->worst_ns = MAX(f->worst_ns, (double)st->busy.worst_ns);
		f->pins += st->busy_ns ? st->pins_busy / (st->busy_ns / 1e9) : 0;
		f->pins_quiet += st->quiet_ns ? st->pins_quiet / (st->quiet_ns / 1e9) : 0;
		f->failures += (double)st->failures;
	}
	if (!b->n)
		return;
	f->irqs /= b->n;
	f->irqs_quiet /= b->n;
	f->lost /= b->n;
}
