// SPDX-License-Identifier: GPL-2.0
/*
 * Event counters through libperf. Every event is its own evsel, opened on
 * its own, so that a missing PMU or tracepoint costs that event only; each
 * event that cannot be opened keeps the reason for the result file.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "lib/util.h"
#include "counters_int.h"
#include "perf_compat.h"

#define CAP_SYS_ADMIN_BIT	21
#define CAP_PERFMON_BIT		38

static const struct {
	const char *name;
	uint32_t type;
	uint64_t config;
} default_events[] = {
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
};

/* libperf prints to stderr by default; our reasons go to the result file. */
static int silent_print(enum libperf_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* Symbolic errno names: a result file is read on other machines. */
static const char *errno_name(int err)
{
	switch (err) {
	case ENOENT:
		return "ENOENT";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case ENODEV:
		return "ENODEV";
	case EACCES:
		return "EACCES";
	case EPERM:
		return "EPERM";
	case EINVAL:
		return "EINVAL";
	case EMFILE:
		return "EMFILE";
	case ENFILE:
		return "ENFILE";
	case ENOSYS:
		return "ENOSYS";
	case EBUSY:
		return "EBUSY";
	case ENOMEM:
		return "ENOMEM";
	case ESRCH:
		return "ESRCH";
	default:
		return "errno";
	}
}

/* ---- scope ---- */

static int has_perf_caps(void)
{
	unsigned long long eff = 0;
	char line[256];
	FILE *f;

	f = fopen("/proc/self/status", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return !!(eff & (1ULL << CAP_SYS_ADMIN_BIT | 1ULL << CAP_PERFMON_BIT));
}

/*
 * CPU-wide events need CAP_PERFMON (root) or perf_event_paranoid <= 0.
 * Tracepoints are kernel events: paranoid 0 still fences off raw tracepoint
 * access, and whether plain counting passes varies across kernels, so with
 * tracepoints asked for only -1 counts as allowed. Rather than mix scopes
 * within one set, everything goes per thread otherwise.
 */
static int want_system_wide(int ntp, char *why, size_t len)
{
	long long paranoid = 2;

	if (!geteuid() || has_perf_caps()) {
		snprintf(why, len, "root or CAP_PERFMON/CAP_SYS_ADMIN");
		return 1;
	}
	if (read_ll("/proc/sys/kernel/perf_event_paranoid", &paranoid))
		paranoid = 2;
	if (paranoid <= -1) {
		snprintf(why, len, "perf_event_paranoid=%lld", paranoid);
		return 1;
	}
	if (paranoid <= 0 && !ntp) {
		snprintf(why, len, "perf_event_paranoid=%lld", paranoid);
		return 1;
	}
	snprintf(why, len,
		 "not root and perf_event_paranoid=%lld (system-wide needs %s)",
		 paranoid, ntp ? "<= -1 with tracepoints" : "<= 0");
	return 0;
}

static int setup_system_wide(struct counters *c)
{
	c->cpus = ptb_cpu_map_online();
	c->threads = perf_thread_map__new_dummy();	/* pid -1 */
	if (!c->cpus || !c->threads)
		return -1;
	c->system_wide = 1;
	return 0;
}

static int setup_per_thread(struct counters *c, const pid_t *tids, int ntids)
{
	pid_t self = gettid();
	int i;

	if (ntids <= 0) {
		tids = &self;
		ntids = 1;
		snprintf(c->scope_reason + strlen(c->scope_reason),
			 sizeof(c->scope_reason) - strlen(c->scope_reason),
			 "; no tids given: the calling thread");
	}
	c->cpus = ptb_cpu_map_any();	/* cpu -1 */
	/* new_array() takes a non-const array: fill a map of our size. */
	c->threads = perf_thread_map__new_array(ntids, NULL);
	if (!c->cpus || !c->threads)
		return -1;
	for (i = 0; i < ntids; i++)
		perf_thread_map__set_pid(c->threads, i, tids[i]);
	c->system_wide = 0;
	return 0;
}

static void drop_maps(struct counters *c)
{
	perf_cpu_map__put(c->cpus);
	perf_thread_map__put(c->threads);
	c->cpus = NULL;
	c->threads = NULL;
}

/*
 * Each event takes one fd per CPU (or thread): on a 500-CPU machine the
 * default soft RLIMIT_NOFILE of 1024 runs out after two events. Raise the
 * soft limit toward the hard one; the process only gains headroom.
 */
static void raise_nofile(int needed)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= (rlim_t)needed)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? (rlim_t)needed :
		      MIN(rl.rlim_max, (rlim_t)needed);
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* ---- events ---- */

static void ev_init(struct counter_ev *e, const char *name, const char *kind,
		    uint32_t type, uint64_t config)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->kind = kind;
	e->attr.size = sizeof(e->attr);
	e->attr.type = type;
	e->attr.config = config;
	e->attr.disabled = 1;
	e->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			      PERF_FORMAT_TOTAL_TIME_RUNNING;
}

static void set_open_reason(struct counter_ev *e, int err)
{
	const char *what = errno_name(err);

	if (e->attr.type == PERF_TYPE_HARDWARE &&
	    (err == ENOENT || err == EOPNOTSUPP || err == ENODEV))
		snprintf(e->reason, sizeof(e->reason),
			 "hardware PMU not available (%s from perf_event_open)",
			 what);
	else if (err == ENOSYS)
		snprintf(e->reason, sizeof(e->reason),
			 "perf_event_open not implemented (ENOSYS)");
	else
		snprintf(e->reason, sizeof(e->reason),
			 "perf_event_open: %s (%s)", what, strerror(err));
}

static void close_fds(struct counter_ev *e)
{
	int i;

	for (i = 0; i < e->nfds; i++)
		if (e->fds[i] >= 0)
			close(e->fds[i]);
	free(e->fds);
	e->fds = NULL;
	e->nfds = 0;
}

/* A filtered tracepoint: one perf_event_open per CPU, then the filter. */
static int open_filtered(struct counters *c, struct counter_ev *e)
{
	int i, n = perf_cpu_map__nr(c->cpus), err;

	e->fds = calloc((size_t)n, sizeof(int));
	if (!e->fds)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		e->fds[i] = -1;
	e->nfds = n;
	for (i = 0; i < n; i++) {
		int fd = (int)syscall(SYS_perf_event_open, &e->attr, -1,
				      perf_cpu_map__cpu(c->cpus, i).cpu, -1, PERF_FLAG_FD_CLOEXEC);

		if (fd < 0)
			goto fail;
		e->fds[i] = fd;
		if (ioctl(fd, PERF_EVENT_IOC_SET_FILTER, e->filter))
			goto fail;
	}
	return 0;
fail:
	err = errno;
	close_fds(e);
	return -err;
}

static int try_open(struct counters *c, struct counter_ev *e)
{
	struct perf_evsel *evsel;
	int err;

	if (e->filter[0])
		return open_filtered(c, e);
	evsel = perf_evsel__new(&e->attr);
	if (!evsel)
		return -ENOMEM;
	err = perf_evsel__open(evsel, c->cpus, c->threads);
	if (err) {
		perf_evsel__delete(evsel);
		return err;
	}
	e->evsel = evsel;
	return 0;
}

/*
 * perf_event_paranoid 2 forbids counting in the kernel without
 * CAP_PERFMON; like perf's ":u" fallback, count the user side only and
 * say so (page faults raised by user accesses are still all counted).
 */
static void open_one(struct counters *c, struct counter_ev *e)
{
	int err;

	if (e->filter[0] && !c->system_wide) {
		snprintf(e->reason, sizeof(e->reason),
			 "filtered tracepoints are counted system-wide only");
		return;
	}
	/* per thread, a kprobe misses every call another process makes (a sharer's unmap) */
	if (!strcmp(e->kind, "kprobe") && !c->system_wide) {
		snprintf(e->reason, sizeof(e->reason), "kprobes are counted system-wide only (root)");
		return;
	}
	err = try_open(c, e);

	/* a kernel event (tracepoint, kprobe) counts nothing in user space only */
	if ((err == -EACCES || err == -EPERM) &&
	    e->attr.type != PERF_TYPE_TRACEPOINT && strcmp(e->kind, "kprobe")) {
		e->attr.exclude_kernel = 1;
		e->attr.exclude_hv = 1;
		err = try_open(c, e);
		if (!err)
			e->user_only = 1;
		else
			e->attr.exclude_kernel = e->attr.exclude_hv = 0;
	}
	if (err) {
		e->err = -err;
		set_open_reason(e, -err);
	}
}

/*
 * The address of a kernel text symbol from /proc/kallsyms, or 0 when it is
 * absent or hidden (kptr_restrict shows zeros).
 */
static unsigned long long kallsyms_addr(const char *sym)
{
	unsigned long long a, found = 0;
	char name[256], type;
	FILE *f = fopen("/proc/kallsyms", "re");

	if (!f)
		return 0;
	while (fscanf(f, "%llx %c %255s%*[^\n]", &a, &type, name) == 3) {
		if ((type == 't' || type == 'T') && !strcmp(name, sym)) {
			found = a;
			break;
		}
	}
	fclose(f);
	return found;
}

int tp_filter_parse(const char *spec, char *tp, size_t tlen, char *filter, size_t flen,
		    char *why, size_t wlen)
{
	const char *br = strchr(spec, '['), *eq;
	char field[64], val[128];
	unsigned long long addr;
	size_t n;

	filter[0] = '\0';
	if (!br) {
		snprintf(tp, tlen, "%s", spec);
		return 0;
	}
	n = (size_t)(br - spec);
	eq = strstr(br, "==");
	if (n >= tlen || !eq || spec[strlen(spec) - 1] != ']' || eq - br - 1 <= 0 ||
	    (size_t)(eq - br - 1) >= sizeof(field)) {
		snprintf(why, wlen, "bad filter (want sys:name[field==value])");
		return -1;
	}
	memcpy(tp, spec, n);
	tp[n] = '\0';
	memcpy(field, br + 1, (size_t)(eq - br - 1));
	field[eq - br - 1] = '\0';
	snprintf(val, sizeof(val), "%.*s", (int)(strlen(eq + 2) - 1), eq + 2);
	if (!val[0] || strspn(field, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(field)) {
		snprintf(why, wlen, "bad filter (want sys:name[field==value])");
		return -1;
	}
	if (val[0] >= '0' && val[0] <= '9') {
		snprintf(filter, flen, "%s == %s", field, val);
		return 0;
	}
	/* a kernel symbol: compare the field with its address */
	addr = kallsyms_addr(val);
	if (!addr) {
		snprintf(why, wlen, "symbol %s not in /proc/kallsyms (or addresses hidden: kptr_restrict)",
			 val);
		return -1;
	}
	snprintf(filter, flen, "%s == 0x%llx", field, addr);
	return 0;
}

static void add_tracepoint(struct counter_ev *e, const char *spec,
			   const char *tdir, const char *twhy)
{
	char sys[64], name[128], tp[128];
	long long id;

	ev_init(e, spec, "tracepoint", PERF_TYPE_TRACEPOINT, 0);
	if (tp_filter_parse(spec, tp, sizeof(tp), e->filter, sizeof(e->filter),
			    e->reason, sizeof(e->reason)))
		return;
	if (split_tp(tp, sys, sizeof(sys), name, sizeof(name))) {
		snprintf(e->reason, sizeof(e->reason),
			 "bad tracepoint name (want sys:name)");
		return;
	}
	if (!tdir) {
		snprintf(e->reason, sizeof(e->reason), "%s", twhy);
		return;
	}
	id = tracepoint_id(tp);
	if (id < 0) {
		snprintf(e->reason, sizeof(e->reason), "not in tracefs (%s)",
			 tdir);
		return;
	}
	e->attr.config = id;
}

/*
 * "kprobe:symbol": perf's kprobe PMU (v4.17+, CONFIG_KPROBE_EVENTS), for a
 * count the kernel has no tracepoint for (tlb_remove_table_sync_one() on
 * 6.1). Counted where the probed function runs: the sender's CPU.
 */
static int add_kprobe(struct counter_ev *e, const char *spec)
{
	const char *sym = strchr(spec, ':') + 1;
	long long type;

	ev_init(e, spec, "kprobe", 0, 0);
	if (read_ll("/sys/bus/event_source/devices/kprobe/type", &type)) {
		snprintf(e->reason, sizeof(e->reason), "no kprobe PMU (/sys/bus/event_source/devices/"
			 "kprobe: CONFIG_KPROBE_EVENTS, v4.17+)");
		return 0;
	}
	if (!kallsyms_addr(sym)) {
		snprintf(e->reason, sizeof(e->reason), "symbol %s not in /proc/kallsyms (inlined, "
			 "not built, or addresses hidden)", sym);
		return 0;
	}
	e->attr.type = (uint32_t)type;
	/* the name stays in e->name, which outlives the open */
	e->attr.config1 = (uint64_t)(uintptr_t)(e->name + (sym - spec));
	return 0;
}

static int build_events(struct counters *c, const char *const *tps, int ntp)
{
	const char *tdir = ntp ? tracefs_dir() : NULL;
	int i, n = ARRAY_SIZE(default_events);
	char twhy[320];

	tracefs_why_not(twhy, sizeof(twhy));

	c->ev = calloc(n + ntp, sizeof(*c->ev));
	c->usable = calloc(n + ntp, sizeof(*c->usable));
	if (!c->ev || !c->usable)
		return -1;
	for (i = 0; i < n; i++)
		ev_init(&c->ev[i], default_events[i].name,
			default_events[i].type == PERF_TYPE_HARDWARE ?
			"hardware" : "software",
			default_events[i].type, default_events[i].config);
	for (i = 0; i < ntp; i++)
		if (tps[i] && !strncmp(tps[i], "kprobe:", 7))
			add_kprobe(&c->ev[n + i], tps[i]);
		else
			add_tracepoint(&c->ev[n + i], tps[i] ? tps[i] : "", tdir, twhy);
	c->nev = n + ntp;
	return 0;
}

static void close_all(struct counters *c)
{
	int i;

	for (i = 0; i < c->nev; i++) {
		close_fds(&c->ev[i]);
		if (!c->ev[i].evsel)
			continue;
		perf_evsel__close(c->ev[i].evsel);
		perf_evsel__delete(c->ev[i].evsel);
		c->ev[i].evsel = NULL;
	}
	c->nusable = 0;
}

/* Returns how many opens failed for lack of permission. */
static int open_all(struct counters *c)
{
	int i, denied = 0;

	raise_nofile(c->nev * perf_cpu_map__nr(c->cpus) *
		     perf_thread_map__nr(c->threads) + 64);
	c->nusable = 0;
	for (i = 0; i < c->nev; i++) {
		struct counter_ev *e = &c->ev[i];

		if (e->reason[0])
			continue;	/* known unavailable before opening */
		open_one(c, e);
		if (ev_open(e))
			c->usable[c->nusable++] = i;
		else if (e->err == EACCES || e->err == EPERM)
			denied++;
	}
	return denied;
}

/* Undo the open-time verdicts so that another scope can be tried. */
static void reset_reasons(struct counters *c)
{
	int i;

	for (i = 0; i < c->nev; i++) {
		if (!c->ev[i].err)
			continue;
		c->ev[i].err = 0;
		c->ev[i].reason[0] = '\0';
	}
}

/*
 * A sandbox (seccomp, LSM, container) can refuse CPU-wide events although
 * the rules above allow them; counting our own threads still says something.
 */
static void fall_back_per_thread(struct counters *c, const pid_t *tids,
				 int ntids)
{
	close_all(c);
	drop_maps(c);
	reset_reasons(c);
	snprintf(c->scope_reason, sizeof(c->scope_reason),
		 "system-wide refused by perf_event_open (EACCES/EPERM)");
	if (setup_per_thread(c, tids, ntids))
		return;
	open_all(c);
}

struct counters *counters_open(const char *const *tracepoints, int ntp,
			       const pid_t *tids, int ntids)
{
	struct counters *c = calloc(1, sizeof(*c));
	int sw, denied;

	if (!c)
		return NULL;
	libperf_init(silent_print);
	if (ntp < 0)
		ntp = 0;
	if (build_events(c, tracepoints, ntp))
		goto fail;
	sw = want_system_wide(ntp, c->scope_reason, sizeof(c->scope_reason));
	if (sw ? setup_system_wide(c) : setup_per_thread(c, tids, ntids))
		goto fail;
	denied = open_all(c);
	if (sw && !c->nusable && denied)
		fall_back_per_thread(c, tids, ntids);
	return c;
fail:
	counters_close(c);
	return NULL;
}

void counters_close(struct counters *c)
{
	if (!c)
		return;
	if (c->ev)
		close_all(c);
	drop_maps(c);
	free(c->ev);
	free(c->usable);
	free(c);
}
