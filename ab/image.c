// SPDX-License-Identifier: GPL-2.0
/*
 * Which arch a kernel image is for, from the header its boot protocol
 * defines, so that ptbench ab refuses an arm64 Image on an x86_64 machine
 * before it plans anything: an ELF vmlinux (e_machine), an x86 bzImage
 * ("HdrS" at 0x202, Documentation/arch/x86/boot.rst), an arm64 Image
 * ("ARM\x64" at 0x38, Documentation/arch/arm64/booting.rst), gzip'ed as
 * Debian's arm64 vmlinuz is (zlib reads the first bytes), or an EFI PE
 * image (its COFF machine). Anything else is "unknown": kexec-tools' trial
 * load, which knows every format it can boot, is then the judge.
 */
#include <elf.h>
#include <string.h>
#include <zlib.h>

#include "lib/util.h"
#include "ab.h"

#define HEAD	0x240

static const char *elf_arch(const unsigned char *h)
{
	uint16_t m = h[EI_DATA] == ELFDATA2MSB ? (uint16_t)(h[18] << 8 | h[19]) :
						 (uint16_t)(h[19] << 8 | h[18]);

	switch (m) {
	case EM_X86_64:
		return "x86_64";
	case EM_AARCH64:
		return "arm64";
	case EM_PPC64:
		return "ppc64le";
	case EM_S390:
		return "s390x";
	}
	return "another arch";
}

static const char *pe_arch(const unsigned char *h, size_t n)
{
	uint32_t off = (uint32_t)h[0x3c] | (uint32_t)h[0x3d] << 8 | (uint32_t)h[0x3e] << 16 |
		       (uint32_t)h[0x3f] << 24;
	uint16_t m;

	if (off > n || n - off < 6 || memcmp(h + off, "PE\0\0", 4))
		return NULL;
	m = (uint16_t)(h[off + 4] | h[off + 5] << 8);
	if (m == 0xaa64)
		return "arm64";
	if (m == 0x8664)
		return "x86_64";
	return "another arch";
}

static const char *header_arch(const unsigned char *h, size_t n)
{
	if (n >= 20 && !memcmp(h, ELFMAG, SELFMAG))
		return elf_arch(h);
	if (n >= 0x206 && !memcmp(h + 0x202, "HdrS", 4))
		return "x86_64";
	if (n >= 0x3c && !memcmp(h + 0x38, "ARM\x64", 4))
		return "arm64";
	if (n >= 0x40 && h[0] == 'M' && h[1] == 'Z')
		return pe_arch(h, n);
	return NULL;
}

/* The first bytes of a gzip'ed image, through zlib. */
static size_t gunzip_head(const char *path, unsigned char *h, size_t len)
{
	gzFile gz = gzopen(path, "rb");
	int n;

	if (!gz)
		return 0;
	n = gzread(gz, h, (unsigned int)len);
	gzclose(gz);
	return n > 0 ? (size_t)n : 0;
}

/* 1 with the arch in arch, 0 when the format is not one of those above, -1 unreadable. */
int ab_image_arch(const char *path, char *arch, size_t len, char *why, size_t wlen)
{
	unsigned char h[HEAD] = { 0 };
	const char *a;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return set_why(why, wlen, "%s: %m", path);
	n = fread(h, 1, sizeof(h), f);
	fclose(f);
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		n = gunzip_head(path, h, sizeof(h));
	a = header_arch(h, n);
	if (!a)
		return 0;
	snprintf(arch, len, "%s", a);
	return 1;
}
