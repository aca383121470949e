// SPDX-License-Identifier: GPL-2.0
/*
 * A JSON file written whole (lib/json_write.c over lib/file.c's atomic
 * file): the document and its final newline, an older file replaced, on
 * failure the old file untouched, errno set and no temporary left beside
 * it; and a stale temporary of our own pid (a writer that died before a
 * reboot, its pid ours now) does not stop the write.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/file.h"
#include "lib/json_write.h"
#include "tmpdir.h"

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;

	assert_int_equal(read_file(path, 1 << 16, &text, &len), 0);
	return text;
}

/* Entries of dir besides . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_write_replace(void **state)
{
	char dir[] = "/tmp/ptbench-jw.XXXXXX", *text;
	json_t *a = json_pack("{s:i, s:s}", "b", 1, "a", "x");

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(tmpdir_put(dir, "f.json", "old"), 0);
	assert_int_equal(json_write_atomic(tmpdir_at(dir, "f.json"), a, JSON_COMPACT | JSON_SORT_KEYS), 0);
	text = slurp(tmpdir_at(dir, "f.json"));
	assert_string_equal(text, "{\"a\":\"x\",\"b\":1}\n");
	free(text);
	assert_int_equal(entries(dir), 1);
	json_decref(a);
	tmpdir_remove(dir);
}

static void test_failure(void **state)
{
	char dir[] = "/tmp/ptbench-jw.XXXXXX", *text;
	/* jansson refuses to encode a string that is not UTF-8 */
	json_t *ok = json_pack("{s:i}", "n", 1), *bad = json_stringn_nocheck("\xff", 1);

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* no such directory: ENOENT */
	errno = 0;
	assert_int_equal(json_write_atomic(tmpdir_at(dir, "none/f.json"), ok, 0), -1);
	assert_int_equal(errno, ENOENT);
	/* a value jansson cannot encode: the old file stays, nothing beside it */
	assert_int_equal(tmpdir_put(dir, "f.json", "old"), 0);
	errno = 0;
	assert_int_equal(json_write_atomic(tmpdir_at(dir, "f.json"), bad, JSON_ENCODE_ANY), -1);
	assert_int_not_equal(errno, 0);
	text = slurp(tmpdir_at(dir, "f.json"));
	assert_string_equal(text, "old");
	free(text);
	assert_int_equal(entries(dir), 1);
	json_decref(ok);
	json_decref(bad);
	tmpdir_remove(dir);
}

static void test_stale_tmp(void **state)
{
	char dir[] = "/tmp/ptbench-jw.XXXXXX", stale[64], *text;
	json_t *a = json_pack("{s:i}", "n", 2);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(stale, sizeof(stale), "f.json.tmp.%d", (int)getpid());
	assert_int_equal(tmpdir_put(dir, stale, "{\"half"), 0);
	assert_int_equal(json_write_atomic(tmpdir_at(dir, "f.json"), a, JSON_COMPACT), 0);
	text = slurp(tmpdir_at(dir, "f.json"));
	assert_string_equal(text, "{\"n\":2}\n");
	free(text);
	/* the same through write_file_atomic */
	snprintf(stale, sizeof(stale), "g.txt.tmp.%d", (int)getpid());
	assert_int_equal(tmpdir_put(dir, stale, "half"), 0);
	assert_int_equal(write_file_atomic(tmpdir_at(dir, "g.txt"), "g", 1), 0);
	text = slurp(tmpdir_at(dir, "g.txt"));
	assert_string_equal(text, "g");
	free(text);
	assert_int_equal(entries(dir), 2);	/* f.json and g.txt: no temporary left */
	json_decref(a);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_replace),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_stale_tmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
