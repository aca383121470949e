// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's disk drivers (ptbench vm): a kernel release is read from an
 * image's name or banner; the modules tree is found beside the image; the
 * drivers are staged dependencies first, each once, whatever the order of
 * modules.dep's lists; built-in drivers need nothing; a missing one is
 * written down as the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/util.h"
#include "vm/vm_modules.h"
#include "tmpdir.h"

static char dir[64];

static void put(const char *rel, const char *text)
{
	assert_int_equal(tmpdir_put(dir, rel, text), 0);
}

static char *get(const char *rel)
{
	static char buf[4096];
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (read_str(path, buf, sizeof(buf)))
		return NULL;
	return buf;
}

static int setup(void **state)
{
	char path[256];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ptb-vmmod.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/lib/modules/6.1.0-9-amd64/kernel/drivers/virtio", dir);
	assert_int_equal(mkdir_p(path), 0);
	snprintf(path, sizeof(path), "%s/lib/modules/6.1.0-9-amd64/kernel/drivers/block", dir);
	assert_int_equal(mkdir_p(path), 0);
	snprintf(path, sizeof(path), "%s/boot", dir);
	assert_int_equal(mkdir_p(path), 0);
	put("boot/vmlinuz-6.1.0-9-amd64", "not a kernel");
	put("vmlinux", "\x7f" "ELF junk Linux version 6.1.0-9-amd64 (debian-kernel@lists) #1 SMP");
	/* the order in a list is not the load order: virtio_ring needs virtio here */
	put("lib/modules/6.1.0-9-amd64/modules.dep",
	    "kernel/drivers/virtio/virtio.ko:\n"
	    "kernel/drivers/virtio/virtio_ring.ko: kernel/drivers/virtio/virtio.ko\n"
	    "kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
	    "kernel/drivers/virtio/virtio_mmio.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko\n"
	    "kernel/drivers/block/loop.ko:\n");
	put("lib/modules/6.1.0-9-amd64/modules.builtin", "kernel/drivers/virtio/virtio_pci.ko\n");
	put("lib/modules/6.1.0-9-amd64/kernel/drivers/virtio/virtio.ko", "v");
	put("lib/modules/6.1.0-9-amd64/kernel/drivers/virtio/virtio_ring.ko", "r");
	put("lib/modules/6.1.0-9-amd64/kernel/drivers/virtio/virtio_mmio.ko", "m");
	put("lib/modules/6.1.0-9-amd64/kernel/drivers/block/virtio_blk.ko", "b");
	put("lib/modules/6.1.0-9-amd64/kernel/drivers/block/loop.ko", "l");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tmpdir_remove(dir);
	return 0;
}

static void test_release(void **state)
{
	char path[256], rel[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/boot/vmlinuz-6.1.0-9-amd64", dir);
	assert_int_equal(vm_image_release(path, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.0-9-amd64");
	snprintf(path, sizeof(path), "%s/vmlinux", dir);
	assert_int_equal(vm_image_release(path, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "6.1.0-9-amd64");
	snprintf(path, sizeof(path), "%s/lib/modules/6.1.0-9-amd64/modules.dep", dir);
	assert_int_equal(vm_image_release(path, rel, sizeof(rel)), -1);
}

static void test_find(void **state)
{
	char path[256], out[512], why[256];
	const char *other[] = { "/nowhere/lib/modules/6.12.1" };

	(void)state;
	snprintf(path, sizeof(path), "%s/vmlinux", dir);
	assert_int_equal(vm_modules_find(path, NULL, 0, out, sizeof(out), why, sizeof(why)), 0);
	assert_non_null(strstr(out, "lib/modules/6.1.0-9-amd64"));
	snprintf(path, sizeof(path), "%s/boot/vmlinuz-6.1.0-9-amd64", dir);
	assert_int_equal(vm_modules_find(path, NULL, 0, out, sizeof(out), why, sizeof(why)), 0);
	assert_non_null(strstr(out, "/../lib/modules/6.1.0-9-amd64"));
	/* a --modules tree of another release is not this kernel's */
	assert_int_equal(vm_modules_find(path, other, 1, out, sizeof(out), why, sizeof(why)), 0);
	assert_null(strstr(out, "6.12.1"));
	snprintf(path, sizeof(path), "%s/boot/vmlinuz-6.2.0-x", dir);
	put("boot/vmlinuz-6.2.0-x", "x");
	assert_int_equal(vm_modules_find(path, NULL, 0, out, sizeof(out), why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no lib/modules/6.2.0-x"));
}

static void test_stage(void **state)
{
	char mods[256], dest[256];
	const char *mmio[] = { "virtio_mmio", "virtio-blk", NULL };
	const char *pci[] = { "virtio_pci", "virtio_blk", NULL };
	const char *ccw[] = { "virtio_ccw", "virtio_blk", NULL };
	const char *extra[] = { "loop", "fuse", NULL };

	(void)state;
	snprintf(mods, sizeof(mods), "%s/lib/modules/6.1.0-9-amd64", dir);
	snprintf(dest, sizeof(dest), "%s/stage", dir);
	assert_int_equal(vm_modules_stage(mods, mmio, NULL, dest, NULL), 0);
	assert_string_equal(get("stage/load.list"), "virtio.ko\nvirtio_ring.ko\nvirtio_mmio.ko\nvirtio_blk.ko");
	assert_null(get("stage/missing"));
	assert_string_equal(get("stage/virtio_blk.ko"), "b");
	/* virtio_pci is built in: only virtio_blk's own chain */
	assert_int_equal(vm_modules_stage(mods, pci, NULL, dest, NULL), 0);
	assert_string_equal(get("stage/load.list"), "virtio.ko\nvirtio_ring.ko\nvirtio_blk.ko");
	assert_null(get("stage/missing"));
	assert_int_equal(vm_modules_stage(mods, ccw, NULL, dest, NULL), 0);
	assert_non_null(strstr(get("stage/missing"), "virtio_ccw is neither built into the kernel"));
	/* the extra ones (the hold device's): staged when there, never missing */
	assert_int_equal(vm_modules_stage(mods, pci, extra, dest, NULL), 0);
	assert_string_equal(get("stage/load.list"), "virtio.ko\nvirtio_ring.ko\nvirtio_blk.ko\nloop.ko");
	assert_null(get("stage/missing"));
	assert_int_equal(vm_modules_stage(NULL, pci, NULL, dest, "no tree here"), 0);
	assert_string_equal(get("stage/missing"), "no tree here");
	assert_string_equal(get("stage/load.list"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_stage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
