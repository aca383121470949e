// SPDX-License-Identifier: GPL-2.0
/*
 * spawn_capture() on every way a helper can fail (lib/spawn.c): not
 * there, failing, silent, too talkative. Whatever happens, *out is either
 * the caller's to free or NULL: a caller that frees it again (kconfig's
 * reset once did) frees nothing twice.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "lib/spawn.h"

static void test_not_there(void **state)
{
	char *argv[] = { "ptbench-no-such-program", NULL };
	char *out = (char *)state;	/* not NULL before the call */
	size_t len = 7;
	int status;

	assert_int_equal(spawn_capture(argv, 4096, &out, &len, &status), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(out);
	assert_int_equal(len, 0);
	free(out);
}

/* A program that fails still gives its output and its status. */
static void test_failing(void **state)
{
	char *argv[] = { "sh", "-c", "echo partial; exit 3", NULL };
	char *out;
	size_t len;
	int status;

	(void)state;
	assert_int_equal(spawn_capture(argv, 4096, &out, &len, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_string_equal(out, "partial\n");
	assert_int_equal(len, 8);
	free(out);
}

/* 127 with nothing said is "not there" (exec failed in the child). */
static void test_exit_127_silent(void **state)
{
	char *argv[] = { "sh", "-c", "exit 127", NULL };
	char *out;
	size_t len;
	int status;

	(void)state;
	assert_int_equal(spawn_capture(argv, 4096, &out, &len, &status), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(out);
	free(out);
}

static void test_empty_output(void **state)
{
	char *argv[] = { "true", NULL };
	char *out;
	size_t len = 99;
	int status;

	(void)state;
	assert_int_equal(spawn_capture(argv, 4096, &out, &len, &status), 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	free(out);
}

static void test_too_much(void **state)
{
	char *argv[] = { "sh", "-c", "head -c 100000 /dev/zero", NULL };
	char *out;
	size_t len;
	int status;

	(void)state;
	assert_int_equal(spawn_capture(argv, 1000, &out, &len, &status), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(test_not_there, "set"),
		cmocka_unit_test(test_failing),
		cmocka_unit_test(test_exit_127_silent),
		cmocka_unit_test(test_empty_output),
		cmocka_unit_test(test_too_much),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
