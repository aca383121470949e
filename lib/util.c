// SPDX-License-Identifier: GPL-2.0
/* Small helpers shared by every room: files, numbers, sizes, time (util.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -1;
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

int read_ll(const char *path, long long *out)
{
	char buf[64], *end;

	if (read_str(path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	*out = strtoll(buf, &end, 10);
	if (errno || end == buf) {
		errno = errno ? errno : EINVAL;
		return -1;
	}
	return 0;
}

int write_str(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	/* O_TRUNC: harmless on sysfs/procfs, exact on the regular files tests use */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, val, len);
	if (close(fd) || n != (ssize_t)len)
		return -1;
	return 0;
}

int parse_ull(const char *s, unsigned long long *out)
{
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		mult = 1ULL << 10;
		break;
	case 'M':
		mult = 1ULL << 20;
		break;
	case 'G':
		mult = 1ULL << 30;
		break;
	case 'T':
		mult = 1ULL << 40;
		break;
	default:
		return -1;
	}
	if (*end) {
		end++;
		if (!strcasecmp(end, "iB") || !strcasecmp(end, "B"))
			end += strlen(end);
		if (*end)
			return -1;
	}
	if (v && mult > UINT64_MAX / v)
		return -1;
	*out = v * mult;
	return 0;
}

void fmt_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int i;

	for (i = 3; i >= 0; i--) {
		uint64_t m = 1ULL << (10 * (i + 1));

		if (bytes >= m && bytes % m == 0) {
			snprintf(buf, len, "%" PRIu64 "%c", bytes / m, units[i]);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64, bytes);
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

long long meminfo_bytes(const char *key)
{
	size_t klen = strlen(key);
	long long val = -1;
	char line[256];
	FILE *f;

	f = fopen("/proc/meminfo", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != ':')
			continue;
		val = strtoll(line + klen + 1, NULL, 10) * 1024;
		break;
	}
	fclose(f);
	return val;
}

int set_why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

int arch_no_huge_why(char *buf, size_t len)
{
#ifdef __s390x__
	char line[1024], *tok;
	int edat = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	/* "features : esan3 zarch ... edat ...": edat is HWCAP_S390_HPAGE (EDAT-1). */
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "features", 8) || !strchr(line, ':'))
			continue;
		for (tok = strtok(strchr(line, ':') + 1, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
			edat |= !strcmp(tok, "edat");
		fclose(f);
		if (edat)
			return 0;
		snprintf(buf, len, "s390x CPU without EDAT-1 (no 'edat' in /proc/cpuinfo features; QEMU's TCG CPU models lack it): the kernel disables THP and hugetlb");
		return 1;
	}
	fclose(f);
#else
	(void)buf;
	(void)len;
#endif
	return 0;
}

int mkdir_p(const char *path)
{
	char tmp[PATH_MAX], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
}

void path_safe(const char *s, char *out, size_t len)
{
	size_t i, j = 0;

	for (i = 0; s[i] && j + 1 < len; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '_' || c == '+' || c == '-';

		/* a leading dot would hide the file, or start a ".." */
		if (j == 0 && c == '.')
			ok = 0;
		out[j++] = ok ? c : '_';
	}
	out[j] = '\0';
	if (!j || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, len, "_");
}
