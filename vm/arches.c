// SPDX-License-Identifier: GPL-2.0
/* The arches ptbench vm boots: QEMU binary, machine, CPU, console, triplet. */
#include <stdio.h>
#include <string.h>

#include "bench/host/archprof.h"
#include "lib/util.h"
#include "vm.h"

/*
 * The command lines of shared/recipes/README.md that boot Debian's kernels.
 * x86_64: the PC machine, which boots an ELF vmlinux (PVH entry) or a
 * bzImage, and has PCI for the scratch disk: microvm's virtio-mmio disk is
 * found through ACPI (that boot hung at TSC calibration under TCG here) or
 * through virtio_mmio.device= with acpi=off, which Debian's kernels ignore
 * (CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES is not set). arm64: virt's GICv2
 * stops at 8 CPUs; more (--smp 16 for a fan-out) get a GICv3.
 */
static const struct arch_qemu arches[] = {
	{ "x86_64", "qemu-system-x86_64", "pc", NULL, "ttyS0", "x86_64-linux-gnu", 0, NULL },
	{ "arm64", "qemu-system-aarch64", "virt", "max,pauth-impdef=on", "ttyAMA0", "aarch64-linux-gnu",
	  8, ",gic-version=3" },
	{ "ppc64le", "qemu-system-ppc64", "pseries,x-vof=on", "power9", "hvc0", "powerpc64le-linux-gnu",
	  0, NULL },
	{ "s390x", "qemu-system-s390x", "s390-ccw-virtio", "max", "ttysclp0", "s390x-linux-gnu", 0, NULL },
};
const struct arch_qemu *arch_lookup(const char *name)
{
	const char *prof = archprof_name(name);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(arches[i].arch, prof ? prof : name))
			return &arches[i];
	return NULL;
}

const char *arch_machine(const struct arch_qemu *aq, int smp, char *buf, size_t len)
{
	if (!aq->many_cpus || smp <= aq->many_cpus)
		return aq->machine;
	snprintf(buf, len, "%s%s", aq->machine, aq->many_opts);
	return buf;
}
