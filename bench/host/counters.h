/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event counters for the measured phase, through libperf: software events
 * always, hardware events when the PMU has them, tracepoints when tracefs
 * has them. Each event that cannot be opened is recorded with the reason.
 */
#ifndef PTBENCH_COUNTERS_H
#define PTBENCH_COUNTERS_H

#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>

struct counters;

/*
 * Open the default set plus the given tracepoints ("sys:name"). Scope:
 * system-wide on every online CPU when allowed (root, CAP_PERFMON, or
 * perf_event_paranoid <= 0, <= -1 when tracepoints are asked for), else per
 * thread on the given tids (the calling thread when ntids is 0). Events are
 * opened disabled. Never fails as a whole: returns an object with zero
 * usable events at worst (NULL only when out of memory).
 */
struct counters *counters_open(const char *const *tracepoints, int ntp,
			       const pid_t *tids, int ntids);
void counters_close(struct counters *c);

void counters_enable(struct counters *c);
void counters_disable(struct counters *c);

int counters_nr(const struct counters *c);		/* usable events */
const char *counters_name(const struct counters *c, int i);	/* e.g. "page-faults", "ipi:ipi_send_cpu" */
const char *counters_kind(const struct counters *c, int i);	/* "software", "hardware", "tracepoint" */
/* Sum over CPUs/threads of event i since open (enabled time only). */
uint64_t counters_read(struct counters *c, int i);
/* Per-CPU value of event i (system-wide scope only); -1 when not per CPU. */
int64_t counters_read_cpu(struct counters *c, int i, int cpu);

/*
 * The events that could not be opened: j-th one's name and why (j from 0);
 * -1 past the last.
 */
int counters_unusable(const struct counters *c, int j, const char **name, const char **why);

/* Scope and every event, with status "ok" or the reason it is unavailable. */
json_t *counters_describe(const struct counters *c);

/*
 * Mount tracefs at /sys/kernel/tracing if it is not mounted; 0 if usable,
 * else -1 with the reason in why. counters_open() never mounts: call this
 * first when tracepoints are wanted. The mount is a change to the system:
 * tracefs_release() takes it down again.
 */
int tracefs_ensure(char *why, size_t len);
/* Whether tracefs_ensure() mounted tracefs (and it is still ours). */
int tracefs_mounted_by_us(void);
/* Unmount tracefs if tracefs_ensure() mounted it; else do nothing. */
void tracefs_release(void);
/*
 * Directory of a mounted tracefs, or NULL. Read from the mount table, so
 * it never triggers debugfs's tracing automount. Static buffer: not
 * thread-safe, valid until the next call.
 */
const char *tracefs_dir(void);
/* Whether tracefs has event "sys:name". */
int tracepoint_exists(const char *name);
/*
 * Split "sys:name[field==value]" into the tracepoint and a filter the
 * kernel takes ("field == 0xADDR": a value that is not a number is a kernel
 * symbol, looked up in /proc/kallsyms). Without brackets the filter is "".
 * 0, or -1 with the reason.
 */
int tp_filter_parse(const char *spec, char *tp, size_t tlen, char *filter, size_t flen,
		    char *why, size_t wlen);

#endif
