// SPDX-License-Identifier: GPL-2.0
/* Strict reading of JSON input files: each error names file, key path and reason (jsonv.h). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonv.h"

int jv_fail(struct jv *v, const char *path, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (v->failed)
		return -1;
	v->failed = 1;
	n = (size_t)snprintf(v->err, v->errlen, "%s: %s: ", v->file, path && *path ? path : "(top)");
	if (n >= v->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(v->err + n, v->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Configs and profiles are small hand-written files: anything else (a FIFO
 * that would block, /dev/zero, a multi-gigabyte file) is refused before
 * jansson reads a byte of it.
 */
json_t *jv_load(struct jv *v, const char *path)
{
	json_error_t e;
	struct stat st;
	json_t *root;
	FILE *f;
	int fd;

	v->file = path;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		jv_fail(v, "", "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "r"))) {
		close(fd);
		jv_fail(v, "", "not a regular file");
		return NULL;
	}
	if (st.st_size > JV_MAX_FILE) {
		fclose(f);
		jv_fail(v, "", "%lld bytes: larger than the %d-byte limit for a config", (long long)st.st_size,
			JV_MAX_FILE);
		return NULL;
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &e);
	fclose(f);
	if (!root) {
		if (e.line > 0)
			jv_fail(v, "", "line %d column %d: %s", e.line, e.column, e.text);
		else
			jv_fail(v, "", "%s", e.text);
	}
	return root;
}

int jv_keys(struct jv *v, const char *path, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *val;

	json_object_foreach(obj, key, val) {
		int i, ok = 0;

		for (i = 0; allowed[i]; i++)
			ok |= !strcmp(key, allowed[i]);
		if (!ok)
			return jv_fail(v, path, "unknown key \"%s\"", key);
	}
	return 0;
}

static const char *type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

json_t *jv_get(struct jv *v, const char *path, json_t *obj, const char *key, int required, json_type type)
{
	json_t *val = json_object_get(obj, key);

	if (!val) {
		if (required)
			jv_fail(v, path, "missing key \"%s\"", key);
		return NULL;
	}
	if (json_typeof(val) != type) {
		jv_fail(v, path, "\"%s\" must be %s, not %s", key, type_name(type), type_name(json_typeof(val)));
		return NULL;
	}
	return val;
}

int jv_string(struct jv *v, const char *path, json_t *obj, const char *key, int required, const char **out)
{
	json_t *val = jv_get(v, path, obj, key, required, JSON_STRING);

	if (!val)
		return v->failed ? -1 : 0;
	if (out)
		*out = json_string_value(val);
	return 0;
}

int jv_uint(struct jv *v, const char *path, json_t *obj, const char *key, int required,
	    unsigned long long max, unsigned long long *out)
{
	json_t *val = json_object_get(obj, key);
	json_int_t i;

	if (!val) {
		if (required)
			return jv_fail(v, path, "missing key \"%s\"", key);
		return 0;
	}
	if (!json_is_integer(val))
		return jv_fail(v, path, "\"%s\" must be a whole number, not %s", key, type_name(json_typeof(val)));
	i = json_integer_value(val);
	if (i < 0 || (unsigned long long)i > max)
		return jv_fail(v, path, "\"%s\" = %lld is out of range 0..%llu", key, (long long)i, max);
	*out = (unsigned long long)i;
	return 0;
}

int jv_number(struct jv *v, const char *path, json_t *obj, const char *key, int required,
	      double min, double max, double *out)
{
	json_t *val = json_object_get(obj, key);
	double d;

	if (!val) {
		if (required)
			return jv_fail(v, path, "missing key \"%s\"", key);
		return 0;
	}
	if (!json_is_number(val))
		return jv_fail(v, path, "\"%s\" must be a number, not %s", key, type_name(json_typeof(val)));
	d = json_number_value(val);
	if (!isfinite(d) || d < min || d > max)
		return jv_fail(v, path, "\"%s\" = %g is out of range %g..%g", key, d, min, max);
	*out = d;
	return 0;
}

int jv_bool(struct jv *v, const char *path, json_t *obj, const char *key, int required, int *out)
{
	json_t *val = json_object_get(obj, key);

	if (!val) {
		if (required)
			return jv_fail(v, path, "missing key \"%s\"", key);
		return 0;
	}
	if (!json_is_boolean(val))
		return jv_fail(v, path, "\"%s\" must be a boolean, not %s", key, type_name(json_typeof(val)));
	if (out)
		*out = json_is_true(val);
	return 0;
}
