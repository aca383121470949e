// SPDX-License-Identifier: GPL-2.0
/*
 * Knob save-and-restore on regular files standing in for sysfs knobs, with
 * the state file in a temp dir (PTBENCH_STATE). knobs_install_handlers() is
 * not called: it would install atexit and signal handlers in the test.
 *
 * write_str() opens knobs without O_TRUNC (sysfs needs none), so a shorter
 * value written into one of these regular files leaves the old tail behind:
 * knob contents are compared by prefix, and the values of one knob mostly
 * have equal lengths so that the prefix is the whole file.
 */
#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "tmpdir.h"

#include "bench/host/knobs.h"

static char tmpdir[] = "/tmp/ptbench-test-knobs.XXXXXX";
static char state[256];

static int group_setup(void **st)
{
	(void)st;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(state, sizeof(state), "%s/state.json", tmpdir);
	knobs_allow_prefix(tmpdir);
	/* before the first knobs call: the path is cached */
	setenv("PTBENCH_STATE", state, 1);
	return strcmp(knobs_state_path(), state) ? -1 : 0;
}

static int group_teardown(void **st)
{
	(void)st;
	return tmpdir_remove(tmpdir);
}

/* Every test starts and ends with no knob changed and no state file. */
static int test_setup(void **st)
{
	(void)st;
	return knob_mark() == 0 && access(state, F_OK) ? 0 : -1;
}

static int test_teardown(void **st)
{
	(void)st;
	knobs_restore_all();
	return access(state, F_OK) ? 0 : -1;
}

/* Paths live in a ring of buffers, enough for every path one test holds. */
static const char *knob_path(const char *name)
{
	static char path[16][256];
	static int turn;
	char *p = path[turn++ & 15];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

/* A fake knob holding text (plus a newline, as sysfs prints). */
static const char *make_knob(const char *name, const char *text)
{
	const char *path = knob_path(name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "%s\n", text);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void assert_knob(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (strncmp(buf, want, strlen(want)))
		fail_msg("%s holds \"%s\", want \"%s\"", path, buf, want);
}

/* The state file's pid and its knobs as "path=value;..." in file order. */
static void read_state(long long *pid, char *list, size_t len)
{
	json_error_t e;
	json_t *root = json_load_file(state, 0, &e), *arr, *k;
	size_t i, off = 0;

	if (!root)
		fail_msg("state file %s: %s", state, e.text);
	*pid = json_integer_value(json_object_get(root, "pid"));
	arr = json_object_get(root, "knobs");
	assert_true(json_is_array(arr));
	list[0] = '\0';
	json_array_foreach(arr, i, k) {
		const char *p = json_string_value(json_object_get(k, "path"));
		const char *v = json_string_value(json_object_get(k, "value"));

		assert_non_null(p);
		assert_non_null(v);
		off += (size_t)snprintf(list + off, len - off, "%s=%s;", strrchr(p, '/') + 1, v);
		assert_true(off < len);
	}
	json_decref(root);
}

static void assert_state(const char *want)
{
	char list[1024];
	long long pid;

	read_state(&pid, list, sizeof(list));
	assert_int_equal(pid, getpid());
	assert_string_equal(list, want);
}

static void write_state_file(const char *path, long long pid, const char *const *kv, int n)
{
	json_t *root = json_object(), *arr = json_array();
	int i;

	json_object_set_new(root, "pid", json_integer(pid));
	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "path", knob_path(kv[2 * i]),
						     "value", kv[2 * i + 1]));
	json_object_set_new(root, "knobs", arr);
	assert_int_equal(json_dump_file(root, path, JSON_INDENT(1)), 0);
	json_decref(root);
}

static void test_state_path(void **st)
{
	(void)st;
	assert_string_equal(knobs_state_path(), state);
}

static void test_set_and_restore(void **st)
{
	const char *a = make_knob("a", "100");

	(void)st;
	assert_int_equal(knob_set(a, "200"), 0);
	assert_knob(a, "200");
	assert_int_equal(knob_mark(), 1);
	assert_state("a=100;");
	/* a second change keeps the first original */
	assert_int_equal(knob_set(a, "300"), 0);
	assert_knob(a, "300");
	assert_int_equal(knob_mark(), 1);
	assert_state("a=100;");
	assert_int_equal(knobs_restore_all(), 0);
	assert_knob(a, "100");
	assert_int_equal(access(state, F_OK), -1);
	assert_int_equal(knob_mark(), 0);
}

static void test_selected_value_saved(void **st)
{
	const char *thp = make_knob("enabled", "always [madvise] never");

	(void)st;
	assert_int_equal(knob_set(thp, "never"), 0);
	assert_knob(thp, "never");
	assert_state("enabled=madvise;");
	assert_int_equal(knobs_restore_all(), 0);
	assert_knob(thp, "madvise");
}

static void test_same_value_records_nothing(void **st)
{
	const char *b = make_knob("b", "300");
	const char *thp = make_knob("defrag", "always defer [madvise] never");

	(void)st;
	assert_int_equal(knob_set(b, "300"), 0);
	assert_int_equal(knob_set(thp, "madvise"), 0);
	assert_int_equal(knob_mark(), 0);
	assert_int_equal(access(state, F_OK), -1);
	assert_knob(b, "300");
	assert_knob(thp, "always defer [madvise] never");
}

static void test_set_missing_knob(void **st)
{
	(void)st;
	errno = 0;
	assert_int_equal(knob_set(knob_path("nosuch"), "1"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(knob_mark(), 0);
	assert_int_equal(access(state, F_OK), -1);
}

/*
 * k3 is a symlink to k2: two entries for one file, so the final content
 * shows the order of the restores (newest first puts back k2's original
 * last; oldest first would leave k3's saved value, k2's changed one).
 */
static void test_mark_restore_to(void **st)
{
	const char *k1 = make_knob("k1", "aaa"), *k2 = make_knob("k2", "111");
	const char *k3 = knob_path("k3"), *k4 = make_knob("k4", "xxx");
	int mark;

	(void)st;
	assert_int_equal(symlink(k2, k3), 0);
	assert_int_equal(knob_set(k1, "bbb"), 0);
	mark = knob_mark();
	assert_int_equal(mark, 1);
	assert_int_equal(knob_set(k2, "222"), 0);
	assert_int_equal(knob_set(k3, "333"), 0);
	assert_int_equal(knob_set(k4, "yyy"), 0);
	assert_knob(k2, "333");
	assert_state("k1=aaa;k2=111;k3=222;k4=xxx;");

	assert_int_equal(knob_restore_to(mark), 0);
	assert_int_equal(knob_mark(), mark);
	assert_knob(k2, "111");
	assert_knob(k4, "xxx");
	assert_knob(k1, "bbb");	/* before the mark: still changed */
	assert_state("k1=aaa;");

	/* a mark at the current position restores nothing */
	assert_int_equal(knob_restore_to(knob_mark()), 0);
	assert_knob(k1, "bbb");
	assert_int_equal(knobs_restore_all(), 0);
	assert_knob(k1, "aaa");
	assert_int_equal(access(state, F_OK), -1);
}

static void test_restore_failure_counted(void **st)
{
	const char *c = make_knob("c", "10"), *d = make_knob("d", "20");

	(void)st;
	assert_int_equal(knob_set(c, "11"), 0);
	assert_int_equal(knob_set(d, "21"), 0);
	assert_int_equal(unlink(c), 0);
	/* c cannot be put back: counted, and the others still restored */
	assert_int_equal(knobs_restore_all(), 1);
	assert_knob(d, "20");
	assert_int_equal(knob_mark(), 0);
	assert_int_equal(access(state, F_OK), -1);
}

/* A pid that no process has. */
static long long dead_pid(void)
{
	long long pid;

	for (pid = 999999; pid < 4194304; pid++)
		if (kill((pid_t)pid, 0) && errno == ESRCH)
			return pid;
	fail_msg("no free pid");
	return -1;
}

static void test_restore_from_dead_state(void **st)
{
	static const char *const kv[] = { "e", "old", "f", "one", "g", "222" };
	const char *e = make_knob("e", "new"), *f = make_knob("f", "two");
	const char *path = knob_path("left.json");

	(void)st;
	make_knob("g", "111");
	write_state_file(path, dead_pid(), kv, 3);
	assert_int_equal(knobs_restore_from_state(path, 0), 3);
	assert_knob(e, "old");
	assert_knob(f, "one");
	assert_knob(knob_path("g"), "222");
	assert_int_equal(access(path, F_OK), -1);
}

/* The newest entry is restored first, so the oldest original wins. */
/* A planted state file cannot make the root-run replay write elsewhere. */
static void test_restore_refuses_foreign_paths(void **st)
{
	char path[4096 + 16], victim[64];
	FILE *f;

	(void)st;
	snprintf(victim, sizeof(victim), "/etc/ptbench-test-victim");
	snprintf(path, sizeof(path), "%s/planted.json", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"pid\": 999999999, \"knobs\": [{\"path\": \"%s\", \"value\": \"x\"},"
		" {\"path\": \"/proc/sys/vm/../kernel/x\", \"value\": \"y\"}]}", victim);
	fclose(f);
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_int_equal(access(victim, F_OK), -1);
	assert_int_equal(knob_set(victim, "1"), -1);
	assert_int_equal(errno, EPERM);
	unlink(path);
}

static void test_restore_from_state_order(void **st)
{
	static const char *const kv[] = { "m", "111", "n", "222" };
	const char *m = make_knob("m", "333"), *path = knob_path("order.json");

	(void)st;
	assert_int_equal(symlink(m, knob_path("n")), 0);
	write_state_file(path, dead_pid(), kv, 2);
	assert_int_equal(knobs_restore_from_state(path, 0), 2);
	assert_knob(m, "111");
	assert_int_equal(access(path, F_OK), -1);
}

/* A live process that is not ptbench (a recycled pid) does not own the file. */
static void test_restore_from_state_live_other(void **st)
{
	static const char *const kv[] = { "p", "old" };
	const char *p = make_knob("p", "new"), *path = knob_path("parent.json");
	char comm_path[64], comm[64] = "";
	FILE *f;

	(void)st;
	snprintf(comm_path, sizeof(comm_path), "/proc/%d/comm", (int)getppid());
	f = fopen(comm_path, "r");
	assert_non_null(f);
	assert_non_null(fgets(comm, sizeof(comm), f));
	fclose(f);
	if (!strncmp(comm, "ptbench", 7))
		skip();
	write_state_file(path, getppid(), kv, 1);
	assert_int_equal(knobs_restore_from_state(path, 0), 1);
	assert_knob(p, "old");
	assert_int_equal(access(path, F_OK), -1);
}

/* A state file of a running ptbench is left alone. */
static void test_restore_from_state_live_ptbench(void **st)
{
	static const char *const kv[] = { "q", "old" };
	const char *q = make_knob("q", "new"), *path = knob_path("live.json");
	char comm_path[64], comm[64] = "";
	int pipefd[2], status, tries;
	pid_t child;
	char c;

	(void)st;
	assert_int_equal(pipe(pipefd), 0);
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		close(pipefd[1]);
		prctl(PR_SET_NAME, "ptbench", 0, 0, 0);
		/* until the parent closes the pipe */
		while (read(pipefd[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pipefd[0]);
	snprintf(comm_path, sizeof(comm_path), "/proc/%d/comm", (int)child);
	for (tries = 0; tries < 1000; tries++) {
		FILE *f = fopen(comm_path, "r");

		if (f && fgets(comm, sizeof(comm), f) && !strncmp(comm, "ptbench", 7)) {
			fclose(f);
			break;
		}
		if (f)
			fclose(f);
		usleep(1000);
	}
	write_state_file(path, child, kv, 1);
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_knob(q, "new");
	assert_int_equal(access(path, F_OK), 0);
	close(pipefd[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	/* once it is gone, the file is replayed */
	assert_int_equal(knobs_restore_from_state(path, 0), 1);
	assert_knob(q, "old");
}

/* A run that died without cleaning up: its own state file replays. */
static void test_restore_own_state_file(void **st)
{
	const char *r = make_knob("r", "5"), *s = make_knob("s", "[x] y");
	char copy[300];

	(void)st;
	assert_int_equal(knob_set(r, "6"), 0);
	assert_int_equal(knob_set(s, "y"), 0);
	snprintf(copy, sizeof(copy), "%s/crashed.json", tmpdir);
	assert_int_equal(link(state, copy), 0);
	assert_int_equal(knobs_restore_from_state(copy, 0), 2);
	assert_knob(r, "5");
	assert_knob(s, "x");
	assert_int_equal(access(copy, F_OK), -1);
}

static void test_restore_missing_state(void **st)
{
	(void)st;
	assert_int_equal(knobs_restore_from_state(knob_path("none.json"), 0), 0);
	assert_int_equal(knobs_restore_from_state(knob_path("none.json"), 1), 0);
}

/* A corrupt state file is an error and is kept, whatever errno held before. */
static void test_restore_corrupt_state(void **st)
{
	const char *path = make_knob("corrupt.json", "{ \"pid\": 1, \"knobs\": [");

	(void)st;
	errno = 0;
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_int_equal(access(path, F_OK), 0);
	/* a stale ENOENT from an earlier failed call must not read as "no file" */
	errno = ENOENT;
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_int_equal(access(path, F_OK), 0);
	/* jansson leaves errno alone on these two */
	path = make_knob("garbage.json", "garbage");
	errno = ENOENT;
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_int_equal(access(path, F_OK), 0);
	path = make_knob("empty.json", "");
	errno = ENOENT;
	assert_int_equal(knobs_restore_from_state(path, 0), -1);
	assert_int_equal(access(path, F_OK), 0);
}

/*
 * On a file of its own, so that a run elsewhere on the machine (which holds
 * /run/ptbench/knobs.lock) does not fail the test; 40-restore checks that
 * the lock is machine-wide.
 */
static void test_lock(void **st)
{
	char why[512] = "", lock[300], pid[32];
	int fd, fd2;

	(void)st;
	snprintf(lock, sizeof(lock), "%s.lock", state);
	fd = knobs_lock_file(lock, why, sizeof(why), 0);
	if (fd < 0)
		fail_msg("knobs_lock_file: %s", why);
	assert_int_equal(access(lock, F_OK), 0);
	/* flock is per open file: a second open in this process conflicts too */
	assert_int_equal(knobs_lock_file(lock, why, sizeof(why), 0), -1);
	assert_non_null(strstr(why, lock));
	snprintf(pid, sizeof(pid), "(pid %d)", (int)getpid());
	assert_non_null(strstr(why, pid));
	close(fd);
	fd2 = knobs_lock_file(lock, why, sizeof(why), 0);
	assert_true(fd2 >= 0);
	close(fd2);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_state_path),
		T(test_set_and_restore),
		T(test_selected_value_saved),
		T(test_same_value_records_nothing),
		T(test_set_missing_knob),
		T(test_mark_restore_to),
		T(test_restore_failure_counted),
		T(test_restore_from_dead_state),
		T(test_restore_from_state_order),
		T(test_restore_refuses_foreign_paths),
		T(test_restore_from_state_live_other),
		T(test_restore_from_state_live_ptbench),
		T(test_restore_own_state_file),
		T(test_restore_missing_state),
		T(test_restore_corrupt_state),
		T(test_lock),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
