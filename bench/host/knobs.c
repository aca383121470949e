// SPDX-License-Identifier: GPL-2.0
/*
 * Save-and-restore of system knobs. The saved values live in a static table
 * of fixed buffers so that a second signal can restore them with nothing but
 * open/write/close (async-signal-safe) and leave at once; the state file is
 * the copy that survives SIGKILL and crashes.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/json_write.h"
#include "lib/util.h"
#include "knobs.h"

#define MAX_KNOBS	64
#define KNOB_VAL	128

struct knob {
	char path[PATH_MAX];
	char orig[KNOB_VAL];
};

static struct knob knobs[MAX_KNOBS];
static volatile int nr_knobs;
static volatile int *stop_flag;
static volatile sig_atomic_t signals_seen;
static int handlers_installed;
static char state_path[PATH_MAX];

const char *knobs_state_path(void)
{
	const char *env = getenv("PTBENCH_STATE");

	if (state_path[0])
		return state_path;
	if (env && *env)
		snprintf(state_path, sizeof(state_path), "%s", env);
	else
		snprintf(state_path, sizeof(state_path), "/run/ptbench/state.json");
	return state_path;
}

/* "always [madvise] never" -> "madvise"; plain values unchanged. */
static void selected_value(const char *raw, char *out, size_t len)
{
	const char *l = strchr(raw, '['), *r = l ? strchr(l, ']') : NULL;

	if (l && r && r > l + 1 && (size_t)(r - l - 1) < len) {
		memcpy(out, l + 1, (size_t)(r - l - 1));
		out[r - l - 1] = '\0';
		return;
	}
	snprintf(out, len, "%s", raw);
}

static int mkdir_parent(const char *path)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -1;
	return 0;
}

/* Write the state file atomically: a crash leaves either the old or the new one. */
static int save_state(void)
{
	const char *path = knobs_state_path();
	json_t *root, *arr;
	int i, ret;

	if (!nr_knobs) {
		unlink(path);
		return 0;
	}
	if (mkdir_parent(path))
		return -1;
	root = json_object();
	arr = json_array();
	json_object_set_new(root, "pid", json_integer(getpid()));
	for (i = 0; i < nr_knobs; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "path", knobs[i].path,
						     "value", knobs[i].orig));
	json_object_set_new(root, "knobs", arr);
	ret = json_write_atomic(path, root, JSON_INDENT(1));
	json_decref(root);
	return ret;
}

static int find_knob(const char *path)
{
	int i;

	for (i = 0; i < nr_knobs; i++)
		if (!strcmp(knobs[i].path, path))
			return i;
	return -1;
}

/*
 * The state file is replayed as root: only the knob trees ptbench changes
 * are written, whatever a damaged or planted file says.
 */
static char extra_prefix[PATH_MAX];

void knobs_allow_prefix(const char *prefix)
{
	snprintf(extra_prefix, sizeof(extra_prefix), "%s", prefix);
}

static int knob_path_allowed(const char *p)
{
	static const char *const prefixes[] = {
		"/sys/kernel/mm/transparent_hugepage/",
		"/sys/kernel/mm/hugepages/",
		"/sys/devices/system/node/",
		"/proc/sys/vm/",
		NULL,
	};
	int i;

	if (strstr(p, "/../") || strstr(p, "/./"))
		return 0;
	for (i = 0; prefixes[i]; i++)
		if (!strncmp(p, prefixes[i], strlen(prefixes[i])))
			return 1;
	return extra_prefix[0] && !strncmp(p, extra_prefix, strlen(extra_prefix));
}

int knob_set(const char *path, const char *val)
{
	char raw[KNOB_VAL], cur[KNOB_VAL];

	if (!knob_path_allowed(path)) {
		errno = EPERM;
		return -1;
	}
	if (find_knob(path) < 0) {
		if (nr_knobs == MAX_KNOBS) {
			errno = ENOSPC;
			return -1;
		}
		if (read_str(path, raw, sizeof(raw)))
			return -1;
		selected_value(raw, cur, sizeof(cur));
		if (!strcmp(cur, val))
			return 0;	/* already so: nothing to put back */
		snprintf(knobs[nr_knobs].path, sizeof(knobs[0].path), "%s", path);
		snprintf(knobs[nr_knobs].orig, sizeof(knobs[0].orig), "%s", cur);
		nr_knobs++;
		if (save_state()) {
			nr_knobs--;
			return -1;
		}
	}
	return write_str(path, val);
}

int knob_mark(void)
{
	return nr_knobs;
}

/* Async-signal-safe: open/write/close only. */
static int restore_one(const struct knob *k)
{
	size_t len = strlen(k->orig);
	int fd = open(k->path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, k->orig, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

int knob_restore_to(int mark)
{
	int failed = 0;

	while (nr_knobs > mark) {
		struct knob *k = &knobs[nr_knobs - 1];

		if (restore_one(k)) {
			fprintf(stderr, "ptbench: could not restore %s to \"%s\": %s\n",
				k->path, k->orig, strerror(errno));
			failed++;
		}
		nr_knobs--;
	}
	save_state();
	return failed;
}

int knobs_restore_all(void)
{
	return knob_restore_to(0);
}

static void on_exit_restore(void)
{
	knobs_restore_all();
}

static volatile sig_atomic_t first_signal;

static void on_signal(int sig)
{
	int i;

	if (!signals_seen++) {
		first_signal = sig;
		/* first signal: let the run unwind, restore and write what it has */
		if (stop_flag)
			*stop_flag = 1;
		return;
	}
	/* second signal: the user means it */
	for (i = nr_knobs - 1; i >= 0; i--)
		restore_one(&knobs[i]);
	unlink(knobs_state_path());
	_exit(128 + sig);
}

void knobs_install_handlers(volatile int *flag)
{
	struct sigaction sa;

	stop_flag = flag;
	if (handlers_installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(on_exit_restore);
	handlers_installed = 1;
}

int knobs_signal_received(void)
{
	return signals_seen ? 1 : 0;
}

int knobs_signal_number(void)
{
	return first_signal;
}

static int owner_alive(pid_t pid)
{
	char path[64], comm[64];

	if (pid <= 0 || pid == getpid() || kill(pid, 0))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (read_str(path, comm, sizeof(comm)))
		return 0;
	return !strncmp(comm, "ptbench", 7);
}

int knobs_restore_from_state(const char *path, int verbose)
{
	json_error_t e;
	json_t *root, *arr, *k;
	int failed = 0, n = 0;
	json_int_t pid;
	size_t i;

	if (access(path, F_OK)) {
		if (verbose)
			printf("nothing to restore (no %s)\n", path);
		return 0;	/* nothing left behind */
	}
	root = json_load_file(path, 0, &e);
	if (!root) {
		fprintf(stderr, "ptbench: %s: corrupt state file: %s; put the knobs back by hand\n",
			path, e.text);
		return -1;
	}
	pid = json_integer_value(json_object_get(root, "pid"));
	if (owner_alive((pid_t)pid)) {
		fprintf(stderr, "ptbench: %s belongs to a running ptbench (pid %lld): not touching it\n",
			path, (long long)pid);
		json_decref(root);
		return -1;
	}
	arr = json_object_get(root, "knobs");
	for (i = json_array_size(arr); i-- > 0;) {
		const char *p, *v;

		k = json_array_get(arr, i);
		p = json_string_value(json_object_get(k, "path"));
		v = json_string_value(json_object_get(k, "value"));
		if (!p || !v)
			continue;
		n++;
		if (!knob_path_allowed(p)) {
			fprintf(stderr, "ptbench: %s: not restoring \"%s\": not a knob ptbench changes\n",
				path, p);
			failed++;
		} else if (write_str(p, v)) {
			fprintf(stderr, "ptbench: could not restore %s to \"%s\": %s\n", p, v, strerror(errno));
			failed++;
		} else if (verbose) {
			printf("restored %s = %s\n", p, v);
		}
	}
	json_decref(root);
	if (!failed)
		unlink(path);
	if (verbose && !n)
		printf("nothing to restore\n");
	return failed ? -1 : n;
}

/*
 * The knobs are machine-wide, so their lock must be too: two runs with
 * different $PTBENCH_STATE files would each save the other's settings as
 * "original" and leave the machine changed. Whoever can create
 * KNOBS_MACHINE_LOCK takes it; others (an unprivileged user, who cannot
 * change a knob anyway) fall back to a lock beside their state file.
 */
#define KNOBS_MACHINE_LOCK	"/run/ptbench/knobs.lock"

/* The machine's lock file where it can be created, else the state file's. */
static void lock_path(char *path, size_t plen)
{
	int fd;

	snprintf(path, plen, "%s", KNOBS_MACHINE_LOCK);
	if (!mkdir_parent(path)) {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			return;
		}
	}
	snprintf(path, plen, "%s.lock", knobs_state_path());
}

/* The holder writes its pid, so that the refusal can say who it is. */
static void note_holder(int fd)
{
	char pid[32];
	int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n)
		return;	/* the lock is held all the same */
}

static void holder_of(int fd, char *out, size_t len)
{
	ssize_t n = pread(fd, out, len - 1, 0);

	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

int knobs_lock_wait(char *why, size_t len, int wait)
{
	char path[PATH_MAX + 8];

	lock_path(path, sizeof(path));
	return knobs_lock_file(path, why, len, wait);
}

int knobs_lock_file(const char *path, char *why, size_t len, int wait)
{
	char pid[32];
	int fd;

	if (mkdir_parent(path)) {
		snprintf(why, len, "cannot create the directory of %s: %s", path, strerror(errno));
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (wait && flock(fd, LOCK_EX | LOCK_NB)) {
		fprintf(stderr, "ptbench run: waiting for another run to release %s\n", path);
		while (flock(fd, LOCK_EX) && errno == EINTR && !knobs_signal_number())
			;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		holder_of(fd, pid, sizeof(pid));
		snprintf(why, len, "another ptbench run (pid %s) holds %s: two runs would fight over the knobs",
			 *pid ? pid : "unknown", path);
		close(fd);
		return -1;
	}
	note_holder(fd);
	return fd;	/* held until exit */
}
