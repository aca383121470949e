/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict reading of JSON input files (configs, arch profiles): every error
 * names the file, the key path and the reason.
 */
#ifndef PTBENCH_JSONV_H
#define PTBENCH_JSONV_H

#include <jansson.h>
#include <stddef.h>

struct jv {
	const char *file;
	char *err;		/* "file: path: reason" of the first error */
	size_t errlen;
	int failed;
};

/* Largest config or profile file accepted, bytes. */
#define JV_MAX_FILE	(1 << 20)

/* Load a JSON file rejecting duplicate keys; NULL with the error set. */
json_t *jv_load(struct jv *v, const char *path);
/* Record an error (only the first one is kept); always returns -1. */
int jv_fail(struct jv *v, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Every key of obj must be in allowed (NULL-terminated). */
int jv_keys(struct jv *v, const char *path, json_t *obj, const char *const *allowed);
/* Typed getters of obj[key]; a missing key is an error only when required; out may be NULL (a check). */
int jv_string(struct jv *v, const char *path, json_t *obj, const char *key, int required, const char **out);
int jv_uint(struct jv *v, const char *path, json_t *obj, const char *key, int required,
	    unsigned long long max, unsigned long long *out);
int jv_number(struct jv *v, const char *path, json_t *obj, const char *key, int required,
	      double min, double max, double *out);
int jv_bool(struct jv *v, const char *path, json_t *obj, const char *key, int required, int *out);
/* obj[key] must be of type (JSON_OBJECT, JSON_ARRAY); NULL when absent and not required. */
json_t *jv_get(struct jv *v, const char *path, json_t *obj, const char *key, int required, json_type type);

#endif
