// SPDX-License-Identifier: GPL-2.0
/*
 * Serial-console framing of result files (ptbench vm): a file framed by the
 * guest comes back byte for byte through a console log with CRLF line ends
 * and kernel messages between lines; a garbled line, a missing end or a
 * truncated file is reported, never taken.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vm/vmframe.h"

/* Frame buf into a memory stream, optionally with \r\n and noise lines. */
static char *frame(const void *buf, size_t len, int crlf, int noise, size_t *outlen)
{
	char *raw = NULL, *out, *p, *q;
	size_t rawlen = 0;
	FILE *f = open_memstream(&raw, &rawlen);

	assert_non_null(f);
	fprintf(f, "[    0.000000] Booting Linux\n");
	assert_int_equal(vmf_write(f, buf, len), 0);
	fprintf(f, "reboot: Power down\n");
	fclose(f);
	out = malloc(rawlen * 3 + 64);
	assert_non_null(out);
	for (p = raw, q = out; *p; p++) {
		if (*p == '\n' && crlf)
			*q++ = '\r';
		*q++ = *p;
		if (*p == '\n' && noise && !strncmp(p + 1, VMF_DATA, strlen(VMF_DATA)))
			q += sprintf(q, "[   12.3] random: crng init done\r\n");
	}
	*q = '\0';
	*outlen = (size_t)(q - out);
	free(raw);
	return out;
}

static void roundtrip(size_t len, int crlf, int noise)
{
	unsigned char *buf = malloc(len + 1);
	struct vmf_file files[2];
	size_t i, loglen;
	char *log;

	assert_non_null(buf);
	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 8));
	log = frame(buf, len, crlf, noise, &loglen);
	assert_int_equal(vmf_parse(log, loglen, files, 2), 1);
	assert_true(files[0].ok);
	assert_int_equal(files[0].len, len);
	assert_memory_equal(files[0].data, buf, len);
	vmf_free(files, 1);
	free(log);
	free(buf);
}

static void test_roundtrip_sizes(void **state)
{
	size_t sizes[] = { 0, 1, 2, 3, 56, 57, 58, 114, 1000, 100000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		roundtrip(sizes[i], 0, 0);
		roundtrip(sizes[i], 1, 1);
	}
}

static void test_crc32_known(void **state)
{
	(void)state;
	/* The standard check value of CRC-32/IEEE. */
	assert_int_equal(vmf_crc32("123456789", 9), 0xcbf43926u);
}

static void test_garbled_line(void **state)
{
	const char *text = "{\"schema\": \"ptbench-result/1\", \"points\": []}\n";
	struct vmf_file files[1];
	size_t loglen;
	char *log = frame(text, strlen(text), 0, 0, &loglen), *d;

	(void)state;
	/* A kernel message printed into the middle of a data line. */
	d = strstr(log, VMF_DATA);
	assert_non_null(d);
	d[strlen(VMF_DATA) + 4] ^= 0x01;
	assert_int_equal(vmf_parse(log, loglen, files, 1), 1);
	assert_false(files[0].ok);
	assert_true(strlen(files[0].why) > 0);
	vmf_free(files, 1);
	free(log);
}

static void test_truncated(void **state)
{
	const char *text = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";
	struct vmf_file files[1];
	size_t loglen;
	char *log = frame(text, strlen(text), 1, 0, &loglen), *end;

	(void)state;
	/* The guest died before the end line. */
	end = strstr(log, VMF_END);
	assert_non_null(end);
	*end = '\0';
	assert_int_equal(vmf_parse(log, strlen(log), files, 1), 1);
	assert_false(files[0].ok);
	assert_non_null(strstr(files[0].why, "no end line"));
	vmf_free(files, 1);

	/* A data line lost. */
	free(log);
	log = frame(text, strlen(text), 0, 0, &loglen);
	end = strstr(log, VMF_DATA);
	memcpy(end, "XXXXXXX", 7);
	assert_int_equal(vmf_parse(log, loglen, files, 1), 1);
	assert_false(files[0].ok);
	assert_non_null(strstr(files[0].why, "announced"));
	vmf_free(files, 1);
	free(log);
}

static void test_no_file(void **state)
{
	const char *log = "Kernel panic - not syncing: VFS: Unable to mount root fs\n";
	struct vmf_file files[1];

	(void)state;
	assert_int_equal(vmf_parse(log, strlen(log), files, 1), 0);
	assert_int_equal(vmf_parse(VMF_BEGIN "zz qq\n" VMF_END "\n", 30, files, 1), 1);
	assert_false(files[0].ok);
	vmf_free(files, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_sizes),
		cmocka_unit_test(test_crc32_known),
		cmocka_unit_test(test_garbled_line),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_no_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
