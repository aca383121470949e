// SPDX-License-Identifier: GPL-2.0
/*
 * Event counters through libperf. Every event is its own evsel, opened on
 * its own, so that a missing PMU or tracepoint costs that event only; each
 * event that cannot be opened keeps the reason for the result file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "bench/lib/util.h"
#include "counters.h"
#include "perf_compat.h"

#define TRACEFS_MNT	"/sys/kernel/tracing"
#define TRACEFS_DBG	"/sys/kernel/debug/tracing"

#define CAP_SYS_ADMIN_BIT	21
#define CAP_PERFMON_BIT		38

struct counter_ev {
	char name[64];
	const char *kind;
	struct perf_event_attr attr;
	struct perf_evsel *evsel;	/* NULL when unavailable */
	char reason[320];
	int err;			/* errno of the failed open, or 0 */
	int user_only;			/* fell back to exclude_kernel */
	int multiplexed;		/* seen scaled at some read */
	/*
	 * A filtered tracepoint ("sys:name[field==value]"): libperf (6.1)
	 * cannot set a filter, so these are opened here, one fd per CPU,
	 * system-wide only.
	 */
	char filter[128];		/* as the kernel takes it, symbols resolved */
	int *fds;			/* [ncpus] when open */
	int nfds;
};

struct counters {
	int system_wide;
	char scope_reason[200];
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	int nev;
	struct counter_ev *ev;		/* every event asked for */
	int nusable;
	int *usable;			/* indices into ev[] of the open ones */
};

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

static int tracefs_we_mounted;
static char tracefs_path[256];
static char tracefs_denied[256];

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

/* ---- tracefs ---- */

static int has_events_dir(const char *dir)
{
	char path[300];
	struct stat st;

	snprintf(path, sizeof(path), "%s/events", dir);
	if (stat(path, &st))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return 0;
	}
	return 1;
}

/*
 * Look in the mount table rather than stat()ing the usual paths: touching
 * /sys/kernel/debug/tracing automounts tracefs, a change to the system we
 * would then not know we made. A tracefs we may not enter (mode 0700, not
 * root) goes to denied, so that the reason can say so.
 */
static int find_tracefs_mount(char *out, size_t len, char *denied, size_t dlen)
{
	char dev[256], dir[256], type[64];
	int found = 0;
	FILE *f;

	denied[0] = '\0';
	f = fopen("/proc/self/mounts", "re");
	if (!f)
		return 0;
	while (fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (strcmp(type, "tracefs"))
			continue;
		if (!has_events_dir(dir)) {
			if (errno == EACCES || errno == EPERM)
				snprintf(denied, dlen, "%s", dir);
			continue;
		}
		/* Prefer the canonical place; any other tracefs mount will do. */
		if (!found || !strcmp(dir, TRACEFS_MNT)) {
			snprintf(out, len, "%s", dir);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

const char *tracefs_dir(void)
{
	if (!find_tracefs_mount(tracefs_path, sizeof(tracefs_path),
				tracefs_denied, sizeof(tracefs_denied)))
		return NULL;
	return tracefs_path;
}

/* Why tracefs_dir() said NULL; call right after it. */
static void tracefs_why_not(char *why, size_t len)
{
	if (tracefs_denied[0])
		snprintf(why, len, "tracefs at %s not accessible (EACCES)%s",
			 tracefs_denied, geteuid() ? ": not root" : "");
	else
		snprintf(why, len, "tracefs not mounted");
}

/*
 * Mounting tracefs changes the system: the mount outlives the run unless
 * tracefs_release() takes it down again, so we remember that we made it.
 */
int tracefs_ensure(char *why, size_t len)
{
	if (tracefs_dir())
		return 0;
	if (tracefs_denied[0]) {
		/* Mounted but closed to us: another mount would not help. */
		tracefs_why_not(why, len);
		return -1;
	}
	if (mount("nodev", TRACEFS_MNT, "tracefs", 0, NULL)) {
		int err = errno;

		if ((err == EPERM || err == EACCES) && geteuid())
			snprintf(why, len, "not root: cannot mount tracefs");
		else if (err == ENODEV)
			snprintf(why, len, "kernel has no tracefs (CONFIG_TRACING off)");
		else if (err == ENOENT)
			snprintf(why, len, "no %s mount point", TRACEFS_MNT);
		else
			snprintf(why, len, "mount tracefs at %s: %s",
				 TRACEFS_MNT, strerror(err));
		return -1;
	}
	tracefs_we_mounted = 1;
	if (!tracefs_dir()) {
		snprintf(why, len, "tracefs mounted at %s but has no events/",
			 TRACEFS_MNT);
		return -1;
	}
	return 0;
}

int tracefs_mounted_by_us(void)
{
	return tracefs_we_mounted;
}

void tracefs_release(void)
{
	if (!tracefs_we_mounted)
		return;
	/* A lazy detach still leaves the system as found once users go. */
	if (umount2(TRACEFS_MNT, 0) && umount2(TRACEFS_MNT, MNT_DETACH))
		return;
	tracefs_we_mounted = 0;
}

/* "sys:name" -> "sys", "name"; refuses anything that could leave events/. */
static int split_tp(const char *tp, char *sys, size_t slen, char *name,
		    size_t nlen)
{
	const char *colon = strchr(tp, ':');
	size_t n;

	if (!colon || strchr(colon + 1, ':') || strchr(tp, '/') || tp[0] == '.')
		return -1;
	n = colon - tp;
	if (!n || n >= slen || !colon[1] || colon[1] == '.' ||
	    strlen(colon + 1) >= nlen)
		return -1;
	memcpy(sys, tp, n);
	sys[n] = '\0';
	snprintf(name, nlen, "%s", colon + 1);
	return 0;
}

static long long tracepoint_id(const char *tp)
{
	char sys[64], name[128], path[512];
	const char *dir = tracefs_dir();
	long long id;

	if (!dir || split_tp(tp, sys, sizeof(sys), name, sizeof(name)))
		return -1;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, sys, name);
	if (read_ll(path, &id) || id < 0)
		return -1;
	return id;
}

int tracepoint_exists(const char *name)
{
	return tracepoint_id(name) >= 0;
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

static int ev_open(const struct counter_ev *e)
{
	return e->evsel || e->fds;
}

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
	err = try_open(c, e);

	if ((err == -EACCES || err == -EPERM) &&
	    e->attr.type != PERF_TYPE_TRACEPOINT) {
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

static void ev_ioctl(struct counter_ev *e, unsigned long req)
{
	int i;

	for (i = 0; i < e->nfds; i++)
		ioctl(e->fds[i], req, 0);
}

void counters_enable(struct counters *c)
{
	int i;

	for (i = 0; i < c->nusable; i++) {
		struct counter_ev *e = &c->ev[c->usable[i]];

		if (e->fds)
			ev_ioctl(e, PERF_EVENT_IOC_ENABLE);
		else
			perf_evsel__enable(e->evsel);
	}
}

void counters_disable(struct counters *c)
{
	int i;

	for (i = 0; i < c->nusable; i++) {
		struct counter_ev *e = &c->ev[c->usable[i]];

		if (e->fds)
			ev_ioctl(e, PERF_EVENT_IOC_DISABLE);
		else
			perf_evsel__disable(e->evsel);
	}
}

int counters_nr(const struct counters *c)
{
	return c ? c->nusable : 0;
}

static struct counter_ev *usable_ev(const struct counters *c, int i)
{
	if (!c || i < 0 || i >= c->nusable)
		return NULL;
	return &c->ev[c->usable[i]];
}

const char *counters_name(const struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);

	return e ? e->name : NULL;
}

const char *counters_kind(const struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);

	return e ? e->kind : NULL;
}

/* One fd's count, scaled up when the PMU had to multiplex it. */
static uint64_t read_one(struct counter_ev *e, int cpu_idx, int thread)
{
	struct perf_counts_values v;
	__s8 scaled = 0;

	if (e->fds) {
		/* value, time enabled, time running: a software-context event never multiplexes */
		uint64_t buf[3];

		(void)thread;
		if (read(e->fds[cpu_idx], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 0;
		return buf[0];
	}
	if (perf_evsel__read(e->evsel, cpu_idx, thread, &v))
		return 0;
	perf_counts_values__scale(&v, true, &scaled);
	if (scaled > 0)
		e->multiplexed = 1;
	return v.val;
}

uint64_t counters_read(struct counters *c, int i)
{
	struct counter_ev *e = usable_ev(c, i);
	int ci, t, ncpu, nthr;
	uint64_t sum = 0;

	if (!e)
		return 0;
	ncpu = perf_cpu_map__nr(c->cpus);
	nthr = perf_thread_map__nr(c->threads);
	for (ci = 0; ci < ncpu; ci++)
		for (t = 0; t < nthr; t++)
			sum += read_one(e, ci, t);
	return sum;
}

int64_t counters_read_cpu(struct counters *c, int i, int cpu)
{
	struct counter_ev *e = usable_ev(c, i);
	int ci;

	if (!e || !c->system_wide)
		return -1;
	for (ci = 0; ci < perf_cpu_map__nr(c->cpus); ci++)
		if (perf_cpu_map__cpu(c->cpus, ci).cpu == cpu)
			return (int64_t)read_one(e, ci, 0);
	return -1;
}

/* ---- description ---- */

static json_t *describe_ev(const struct counter_ev *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(e->name));
	json_object_set_new(o, "kind", json_string(e->kind));
	if (e->filter[0])
		json_object_set_new(o, "filter", json_string(e->filter));
	if (!ev_open(e)) {
		json_object_set_new(o, "status", json_string("unavailable"));
		json_object_set_new(o, "reason", json_string(e->reason));
		return o;
	}
	json_object_set_new(o, "status", json_string("ok"));
	if (e->attr.type == PERF_TYPE_TRACEPOINT)
		json_object_set_new(o, "id", json_integer((json_int_t)e->attr.config));
	if (e->user_only)
		json_object_set_new(o, "note", json_string(
			"user space only (exclude_kernel): kernel counting refused"));
	if (e->multiplexed)
		json_object_set_new(o, "multiplexed", json_true());
	return o;
}

static json_t *describe_targets(const struct counters *c)
{
	json_t *a = json_array();
	int i;

	if (c->system_wide) {
		for (i = 0; i < perf_cpu_map__nr(c->cpus); i++)
			json_array_append_new(a, json_integer(
				perf_cpu_map__cpu(c->cpus, i).cpu));
		return a;
	}
	for (i = 0; i < perf_thread_map__nr(c->threads); i++)
		json_array_append_new(a, json_integer(
			perf_thread_map__pid(c->threads, i)));
	return a;
}

json_t *counters_describe(const struct counters *c)
{
	json_t *o = json_object(), *evs = json_array();
	int i;

	if (!c) {
		json_object_set_new(o, "scope", json_string("none"));
		json_object_set_new(o, "scope_reason",
				    json_string("counters not opened"));
		json_object_set_new(o, "events", evs);
		return o;
	}
	json_object_set_new(o, "scope", json_string(c->system_wide ?
				"system-wide" : "per-thread"));
	json_object_set_new(o, "scope_reason", json_string(c->scope_reason));
	if (c->cpus)
		json_object_set_new(o, c->system_wide ? "cpus" : "tids",
				    describe_targets(c));
	for (i = 0; i < c->nev; i++)
		json_array_append_new(evs, describe_ev(&c->ev[i]));
	json_object_set_new(o, "events", evs);
	return o;
}
