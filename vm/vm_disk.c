// SPDX-License-Identifier: GPL-2.0
/*
 * The scratch disk of a "ptbench vm" guest (see vm_disk.h): the image and
 * its QEMU arguments on the host, the device node in the guest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"
#include "vm_disk.h"

#define DISK_BYTES	(256ULL << 20)	/* sparse: costs what the guest writes */
#define DISK_WAIT_MS	5000

/* QEMU option values: a ',' in a file name is written ",,". */
static void qemu_escape(char *out, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s && n + 2 < len; s++) {
		if (*s == ',')
			out[n++] = ',';
		out[n++] = *s;
	}
	out[n] = '\0';
}

static const char *transport(const char *arch, const char *machine, const char **mod)
{
	if (!strcmp(arch, "s390x")) {
		*mod = "virtio_ccw";
		return "virtio-blk-ccw";
	}
	if (!strncmp(machine, "microvm", 7)) {
		*mod = "virtio_mmio";
		return "virtio-blk-device";
	}
	*mod = "virtio_pci";
	return "virtio-blk-pci";
}

int vm_disk_prepare(const char *path, const char *arch, const char *machine, unsigned int iops,
		    struct vm_disk *d)
{
	char esc[4096];
	const char *mod = NULL, *dev = transport(arch, machine, &mod);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), n;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)DISK_BYTES)) {
		close(fd);
		return -1;
	}
	close(fd);
	/* cache=none needs O_DIRECT on the host's side: tmpfs (before 6.6) has none */
	fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	d->direct = fd >= 0;
	if (fd >= 0)
		close(fd);
	qemu_escape(esc, sizeof(esc), path);
	n = snprintf(d->drive, sizeof(d->drive), "id=ptbdisk,file=%s,format=raw,if=none,cache=%s", esc,
		     d->direct ? "none" : "writethrough");
	/* QEMU holds each request until the rate allows it: the read stays in flight */
	if (iops && n > 0 && (size_t)n < sizeof(d->drive))
		snprintf(d->drive + n, sizeof(d->drive) - (size_t)n, ",throttling.iops-total=%u", iops);
	snprintf(d->device, sizeof(d->device), "%s,drive=ptbdisk,serial=" VM_DISK_SERIAL, dev);
	(void)mod;
	return 0;
}

void vm_disk_drivers(const char *arch, const char *machine, const char **names)
{
	transport(arch, machine, &names[0]);
	names[1] = "virtio_blk";
	names[2] = NULL;
}

static int find_once(const char *want, char *dev, size_t len)
{
	struct dirent *e;
	DIR *d = opendir("/sys/block");
	int found = -1;

	if (!d)
		return -1;
	while (found && (e = readdir(d))) {
		char path[300], serial[64];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/serial", e->d_name);
		if (read_str(path, serial, sizeof(serial)) || strcmp(serial, want))
			continue;
		snprintf(dev, len, "/dev/%s", e->d_name);
		found = access(dev, R_OK | W_OK) ? -1 : 0;
	}
	closedir(d);
	return found;
}

int vm_disk_find_serial(const char *serial, char *dev, size_t len, char *why, size_t wlen)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited <= DISK_WAIT_MS; waited += 50) {
		if (!find_once(serial, dev, len))
			return 0;
		nanosleep(&ts, NULL);
	}
	snprintf(why, wlen, "no block device with serial %s after %d s (is virtio_blk there?)",
		 serial, DISK_WAIT_MS / 1000);
	return -1;
}

int vm_disk_find(char *dev, size_t len, char *why, size_t wlen)
{
	return vm_disk_find_serial(VM_DISK_SERIAL, dev, len, why, wlen);
}

int vm_disk_state_args(const char *path, const char *arch, const char *machine, struct vm_disk *d)
{
	char esc[4096];
	const char *mod = NULL, *dev = transport(arch, machine, &mod);

	qemu_escape(esc, sizeof(esc), path);
	snprintf(d->drive, sizeof(d->drive), "id=ptbstate,file=%s,format=raw,if=none,cache=writeback", esc);
	snprintf(d->device, sizeof(d->device), "%s,drive=ptbstate,serial=" VM_STATE_SERIAL, dev);
	d->direct = 0;
	return 0;
}
