// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench ab's pure parts (ab/): the balanced order, plan.json written and
 * read back, the command line of a planned boot, which boot is home, and
 * the arch of an image from its header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "ab/ab.h"
#include "tmpdir.h"

/* Every block of nk is a permutation; the same seed gives the same order. */
static void test_order(void **state)
{
	int a[AB_MAX_SLOTS], b[AB_MAX_SLOTS], i, k, n, first[2] = { 0 };
	unsigned long long seed;

	(void)state;
	for (seed = 1; seed <= 200; seed++) {
		n = ab_order(3, 5, seed, a, AB_MAX_SLOTS);
		assert_int_equal(n, 15);
		for (i = 0; i < 5; i++) {
			int seen[3] = { 0 };

			for (k = 0; k < 3; k++)
				seen[a[i * 3 + k]]++;
			assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
		}
		assert_int_equal(ab_order(3, 5, seed, b, AB_MAX_SLOTS), 15);
		assert_memory_equal(a, b, sizeof(int) * 15);
		assert_int_equal(ab_order(2, 1, seed, b, AB_MAX_SLOTS), 2);
		first[b[0]]++;
	}
	/* A first about half the time: the order is random, not fixed (binomial, 200 draws) */
	assert_in_range(first[0], 70, 130);
	assert_int_equal(ab_order(2, 3, 1, a, 5), -1);
	assert_int_equal(ab_order(0, 3, 1, a, 64), -1);
}

static void fill(struct ab_plan *p)
{
	int order[AB_MAX_SLOTS], i;

	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "20261205-010203-abcd");
	p->panic = 30;
	p->boots = 2;
	p->runs = 2;
	p->rounds = 3;
	p->nk = 2;
	p->seed = 0xfedcba9876543210ULL;
	p->file_load = 1;
	snprintf(p->k[0].name, sizeof(p->k[0].name), "A 6.1");
	snprintf(p->k[0].stem, sizeof(p->k[0].stem), "A_6.1");
	snprintf(p->k[0].image, sizeof(p->k[0].image), "/s/kernels/A_6.1.image");
	p->k[0].sum = 0xdeadbeef;
	snprintf(p->k[1].name, sizeof(p->k[1].name), "B");
	snprintf(p->k[1].stem, sizeof(p->k[1].stem), "B");
	snprintf(p->k[1].append, sizeof(p->k[1].append), "isolcpus=1,2 foo");
	snprintf(p->home.name, sizeof(p->home.name), "home");
	snprintf(p->home_cmdline, sizeof(p->home_cmdline),
		 "BOOT_IMAGE=/vmlinuz-6.1 root=UUID=x ro initrd=/initrd.img panic=0 quiet "
		 "ptbench_ab=old.3 console=ttyS0");
	p->nslot = ab_order(2, 2, 7, order, AB_MAX_SLOTS);
	for (i = 0; i < p->nslot; i++)
		p->slot[i].kernel = order[i];
}

static void test_roundtrip(void **state)
{
	char dir[] = "/tmp/ptbench-ab-test.XXXXXX", why[512];
	struct ab_plan *p = calloc(1, sizeof(*p)), *q = calloc(1, sizeof(*q));

	(void)state;
	assert_non_null(mkdtemp(dir));
	fill(p);
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	p->slot[0].status = SLOT_DONE;
	p->slot[0].nresult = 2;
	snprintf(p->slot[0].result[0], sizeof(p->slot[0].result[0]), "h-k-1.json");
	snprintf(p->slot[0].result[1], sizeof(p->slot[0].result[1]), "h-k-2.json");
	p->slot[1].status = SLOT_FAILED;
	snprintf(p->slot[1].reason, sizeof(p->slot[1].reason), "did not come up");
	p->next = 2;
	p->phase = AB_RETURNING;
	assert_int_equal(ab_save(p), 0);
	/* p->dir itself as the argument: ab_load must not lose it */
	assert_int_equal(ab_load(q, p->dir, why, sizeof(why)), 0);
	assert_string_equal(q->dir, dir);
	assert_string_equal(q->id, p->id);
	assert_int_equal(q->phase, AB_RETURNING);
	assert_true(q->seed == p->seed && q->file_load && q->runs == 2 && q->rounds == 3);
	assert_int_equal(q->nslot, 4);
	assert_int_equal(q->slot[0].status, SLOT_DONE);
	assert_int_equal(q->slot[0].nresult, 2);
	assert_string_equal(q->slot[0].result[1], "h-k-2.json");
	assert_string_equal(q->slot[1].reason, "did not come up");
	assert_int_equal(q->k[0].sum, 0xdeadbeef);
	assert_string_equal(q->k[1].append, "isolcpus=1,2 foo");
	assert_int_equal(ab_load(p, p->dir, why, sizeof(why)), 0);
	/* a damaged plan is refused with a reason, not half-taken */
	assert_int_equal(tmpdir_put(dir, "plan.json", "{\"schema\": \"ptbench-ab/1\"}"), 0);
	assert_int_equal(ab_load(q, dir, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a plan"));
	tmpdir_remove(dir);
	free(p);
	free(q);
}

static void test_cmdline(void **state)
{
	struct ab_plan *p = calloc(1, sizeof(*p));
	char out[4096];

	(void)state;
	fill(p);
	ab_cmdline(p, &p->k[1], "20261205-010203-abcd.1", out, sizeof(out));
	assert_string_equal(out, "root=UUID=x ro quiet console=ttyS0 isolcpus=1,2 foo panic=30 "
			    "ptbench_ab=20261205-010203-abcd.1");
	ab_cmdline(p, &p->home, "20261205-010203-abcd.home", out, sizeof(out));
	assert_string_equal(out, "root=UUID=x ro quiet console=ttyS0 panic=30 "
			    "ptbench_ab=20261205-010203-abcd.home");
	free(p);
}

/* Home: the way back, or any boot without this plan's mark (firmware's default entry). */
static void test_home(void **state)
{
	struct ab_plan *p = calloc(1, sizeof(*p));
	struct ab_boot b = { 0 };

	(void)state;
	fill(p);
	assert_true(ab_on_home(p, &b));
	snprintf(b.mark, sizeof(b.mark), "20261205-010203-abcd.home");
	assert_true(ab_on_home(p, &b));
	snprintf(b.mark, sizeof(b.mark), "20261205-010203-abcd.0");
	assert_false(ab_on_home(p, &b));
	snprintf(b.mark, sizeof(b.mark), "20261205-010203-abcd");
	assert_true(ab_on_home(p, &b));
	snprintf(b.mark, sizeof(b.mark), "other-plan.0");
	assert_true(ab_on_home(p, &b));
	free(p);
}

/* The unit: runs the step with this binary and the plan's directory, wanted by multi-user. */
static void test_unit(void **state)
{
	char dir[] = "/tmp/ptbench-ab-unit.XXXXXX", why[256], link[600], *text;
	struct ab_plan *p = calloc(1, sizeof(*p));
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fill(p);
	snprintf(p->dir, sizeof(p->dir), "/var/lib/ptbench/ab/%s", p->id);
	snprintf(p->self, sizeof(p->self), "/opt/ptbench/ptbench");
	snprintf(p->datadir, sizeof(p->datadir), "/opt/ptbench");
	setenv("PTBENCH_AB_UNIT_DIR", dir, 1);
	assert_int_equal(ab_unit_install(p, why, sizeof(why)), 0);
	f = fopen(tmpdir_at(dir, AB_UNIT), "r");
	assert_non_null(f);
	text = calloc(1, 8192);
	len = fread(text, 1, 8191, f);
	fclose(f);
	assert_true(len > 0);
	assert_non_null(strstr(text, "ExecStart=/opt/ptbench/ptbench ab step --state "
				 "/var/lib/ptbench/ab/20261205-010203-abcd\n"));
	assert_non_null(strstr(text, "Type=simple\n"));
	assert_non_null(strstr(text, "After=multi-user.target\n"));
	assert_non_null(strstr(text, "WantedBy=multi-user.target\n"));
	assert_non_null(strstr(text, "Environment=PTBENCH_DATADIR=/opt/ptbench\n"));
	assert_true(readlink(tmpdir_at(dir, "multi-user.target.wants/" AB_UNIT), link,
			     sizeof(link)) > 0);
	assert_int_equal(ab_unit_remove(why, sizeof(why)), 0);
	assert_int_equal(access(tmpdir_at(dir, AB_UNIT), F_OK), -1);
	assert_int_equal(access(tmpdir_at(dir, "multi-user.target.wants/" AB_UNIT), F_OK), -1);
	/* removing twice is not an error: abort after the end */
	assert_int_equal(ab_unit_remove(why, sizeof(why)), 0);
	unsetenv("PTBENCH_AB_UNIT_DIR");
	tmpdir_remove(dir);
	free(text);
	free(p);
}

static void put_bytes(const char *path, const unsigned char *h, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(h, 1, n, f), n);
	fclose(f);
}

static void expect_arch(const char *path, int rc, const char *want)
{
	char arch[32] = "", why[256];

	assert_int_equal(ab_image_arch(path, arch, sizeof(arch), why, sizeof(why)), rc);
	if (want)
		assert_string_equal(arch, want);
}

static void test_image_arch(void **state)
{
	char dir[] = "/tmp/ptbench-ab-img.XXXXXX";
	unsigned char h[0x400] = { 0 };
	gzFile gz;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memcpy(h, "\177ELF", 4);
	h[5] = 1;			/* little-endian */
	h[18] = 62;			/* EM_X86_64 */
	put_bytes(tmpdir_at(dir, "elf"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "elf"), 1, "x86_64");
	h[18] = 183;			/* EM_AARCH64 */
	put_bytes(tmpdir_at(dir, "elf"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "elf"), 1, "arm64");
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ", 2);
	memcpy(h + 0x202, "HdrS", 4);	/* bzImage: also MZ for its EFI stub */
	put_bytes(tmpdir_at(dir, "bz"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "bz"), 1, "x86_64");
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ", 2);
	memcpy(h + 0x38, "ARM\x64", 4);
	put_bytes(tmpdir_at(dir, "Image"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "Image"), 1, "arm64");
	gz = gzopen(tmpdir_at(dir, "Image.gz"), "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, h, sizeof(h)), (int)sizeof(h));
	gzclose(gz);
	expect_arch(tmpdir_at(dir, "Image.gz"), 1, "arm64");
	memset(h, 0, sizeof(h));
	memcpy(h, "MZ", 2);
	h[0x3c] = 0x80;
	memcpy(h + 0x80, "PE\0\0\x64\xaa", 6);	/* COFF machine 0xaa64 */
	put_bytes(tmpdir_at(dir, "pe"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "pe"), 1, "arm64");
	memset(h, 0x5a, sizeof(h));
	put_bytes(tmpdir_at(dir, "junk"), h, sizeof(h));
	expect_arch(tmpdir_at(dir, "junk"), 0, NULL);
	expect_arch(tmpdir_at(dir, "absent"), -1, NULL);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_home),
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_image_arch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
