/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the runner and the workloads: files, numbers, time. */
#ifndef PTBENCH_UTIL_H
#define PTBENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a)	(((x) + (a) - 1) / (a) * (a))
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

/*
 * Per-thread slots are padded to this many bytes: 256 covers the largest
 * cache line of the supported arches (s390x), as will-it-scale does.
 */
#define SLOT_ALIGN	256

/* Read a whole small file into buf (NUL-terminated, trailing newline cut). */
int read_str(const char *path, char *buf, size_t len);
/* Read a number from a file; -1 and errno set when it cannot. */
int read_ll(const char *path, long long *out);
int write_str(const char *path, const char *val);

/* "4096", "64K", "2M", "1G", "1GB", "2MiB" -> bytes. 0 on success. */
int parse_size(const char *s, uint64_t *out);
/* bytes -> "2M", "1G", "64K" or the plain number. */
void fmt_size(uint64_t bytes, char *buf, size_t len);
/* Strict unsigned parse: whole string, no sign, base 10. */
int parse_ull(const char *s, unsigned long long *out);

uint64_t now_ns(void);

/* printf into a reason buffer (NULL/0 allowed); returns -1 for "return set_why(...)". */
int set_why(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Value of a "Key:   123 kB" line of /proc/meminfo, in bytes; -1 if absent. */
long long meminfo_bytes(const char *key);
/* Copy s into out keeping [A-Za-z0-9._+-] and turning the rest into '_'; never "." or "..". */
void path_safe(const char *s, char *out, size_t len);
/* mkdir -p: every missing directory of path, mode 0755. 0 or -1 with errno. */
int mkdir_p(const char *path);

/*
 * Why this machine has no THP and no hugetlb although the kernel may be built
 * with both, when the arch tells: s390x kernels disable both on CPUs without
 * EDAT-1 (QEMU's TCG CPU models). 1 with the reason in buf, else 0.
 */
int arch_no_huge_why(char *buf, size_t len);

#endif
