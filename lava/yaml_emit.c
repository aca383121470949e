// SPDX-License-Identifier: GPL-2.0
/*
 * JSON values as a YAML document, through libyaml's emitter: LAVA's job
 * definitions and device dictionaries are YAML that people read and edit,
 * so ptbench builds them as jansson values (job.c, device.c) and writes
 * them in block style here. The file is written whole, then renamed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "lib/file.h"
#include "lava_int.h"

/*
 * A string a YAML 1.1 loader (PyYAML, LAVA's) would read as something
 * else when plain: a number, a boolean, a null, a time. Quoted, it stays
 * a string ("6.12" is a kernel series, not a float).
 */
static int needs_quotes(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "true", "false", "on", "off",
					     "null", "~", NULL };
	const char *const *w;

	if (!*s || isdigit((unsigned char)*s) || strchr("+-.", *s))
		return 1;
	for (w = words; *w; w++)
		if (!strcasecmp(s, *w))
			return 1;
	return 0;
}

static int scalar(yaml_emitter_t *e, const char *s, int quoted)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
					  quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE :
					  YAML_ANY_SCALAR_STYLE))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int value(yaml_emitter_t *e, json_t *v);

static int mapping(yaml_emitter_t *e, json_t *v)
{
	yaml_event_t ev;
	const char *k;
	json_t *x;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	if (!yaml_emitter_emit(e, &ev))
		return -1;
	json_object_foreach(v, k, x)
		if (scalar(e, k, needs_quotes(k)) || value(e, x))
			return -1;
	yaml_mapping_end_event_initialize(&ev);
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int sequence(yaml_emitter_t *e, json_t *v)
{
	yaml_event_t ev;
	size_t i;
	json_t *x;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	if (!yaml_emitter_emit(e, &ev))
		return -1;
	json_array_foreach(v, i, x)
		if (value(e, x))
			return -1;
	yaml_sequence_end_event_initialize(&ev);
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

static int value(yaml_emitter_t *e, json_t *v)
{
	char num[64];

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return mapping(e, v);
	case JSON_ARRAY:
		return sequence(e, v);
	case JSON_STRING:
		return scalar(e, json_string_value(v), needs_quotes(json_string_value(v)));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return scalar(e, num, 0);
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		return scalar(e, num, 0);
	case JSON_TRUE:
		return scalar(e, "true", 0);
	case JSON_FALSE:
		return scalar(e, "false", 0);
	default:
		return scalar(e, "", 0);	/* null: an empty value, as LAVA writes "boot_retry:" */
	}
}

static int out_cb(void *data, unsigned char *buf, size_t size)
{
	FILE *f = data;

	return fwrite(buf, 1, size, f) == size;
}

static int emit(FILE *f, json_t *v)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	int ret = -1;

	if (!yaml_emitter_initialize(&e))
		return -1;
	yaml_emitter_set_output(&e, out_cb, f);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, 100);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (!yaml_emitter_emit(&e, &ev))
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (!yaml_emitter_emit(&e, &ev) || value(&e, v))
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if (!yaml_emitter_emit(&e, &ev))
		goto out;
	yaml_stream_end_event_initialize(&ev);
	ret = yaml_emitter_emit(&e, &ev) ? 0 : -1;
out:
	if (ret && e.problem)
		fprintf(stderr, "ptbench lava: YAML: %s\n", e.problem);
	yaml_emitter_delete(&e);
	return ret;
}

int lava_yaml_write(const char *path, json_t *v, const char *comment)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return -1;
	if (comment)
		fprintf(f, "%s", comment);
	ret = emit(f, v);
	if (fclose(f))
		ret = -1;
	if (!ret && write_file_atomic(path, buf, len)) {
		fprintf(stderr, "ptbench lava: cannot write %s: %s\n", path, strerror(errno));
		ret = -1;
	}
	free(buf);
	return ret;
}
