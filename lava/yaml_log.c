// SPDX-License-Identifier: GPL-2.0
/*
 * A LAVA job log, one line at a time, through libyaml's parser. Each line
 * of a log is a YAML flow mapping {dt, lvl, msg} (lava-run prints them on
 * stderr; a server keeps them as "- {...}", the items of one sequence, and
 * "lavacli jobs logs --raw" gives that). They look like JSON but are not:
 * test case results carry non-specific tags (measurement: ! "12.5"). A
 * line at a time, a log cut short by a lost console or a killed job still
 * gives every whole line before the cut. A job's definition, from a
 * server, is read the same way (lava_yaml_load()).
 */
#include <string.h>

#include <yaml.h>

#include "lava_int.h"

static json_t *node(yaml_parser_t *p, yaml_event_t *ev);

/* The items up to end (a sequence's or a mapping's): NULL on a parse error. */
static json_t *children(yaml_parser_t *p, int mapping)
{
	json_t *v = mapping ? json_object() : json_array();
	yaml_event_t ev;

	for (;;) {
		json_t *key, *val;

		if (!yaml_parser_parse(p, &ev))
			goto bad;
		if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return v;
		}
		key = node(p, &ev);
		if (!key)
			goto bad;
		if (!mapping) {
			json_array_append_new(v, key);
			continue;
		}
		if (!yaml_parser_parse(p, &ev) || !(val = node(p, &ev))) {
			json_decref(key);
			goto bad;
		}
		if (json_is_string(key))
			json_object_set_new(v, json_string_value(key), val);
		else
			json_decref(val);
		json_decref(key);
	}
bad:
	json_decref(v);
	return NULL;
}

/* The value ev starts (ev is consumed): every scalar a string. */
static json_t *node(yaml_parser_t *p, yaml_event_t *ev)
{
	json_t *v = NULL;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = json_stringn((const char *)ev->data.scalar.value, ev->data.scalar.length);
		break;
	case YAML_SEQUENCE_START_EVENT:
		yaml_event_delete(ev);
		return children(p, 0);
	case YAML_MAPPING_START_EVENT:
		yaml_event_delete(ev);
		return children(p, 1);
	case YAML_ALIAS_EVENT:
		v = json_null();
		break;
	default:
		break;
	}
	yaml_event_delete(ev);
	return v;
}

static json_t *document(yaml_parser_t *p)
{
	yaml_event_t ev;

	/* stream start, document start */
	if (!yaml_parser_parse(p, &ev))
		return NULL;
	yaml_event_delete(&ev);
	if (!yaml_parser_parse(p, &ev) || ev.type != YAML_DOCUMENT_START_EVENT) {
		if (ev.type != YAML_NO_EVENT)
			yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);
	if (!yaml_parser_parse(p, &ev))
		return NULL;
	return node(p, &ev);
}

json_t *lava_yaml_load(const char *text, size_t len)
{
	yaml_parser_t p;
	json_t *v;

	if (!len || !yaml_parser_initialize(&p))
		return NULL;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	v = document(&p);
	yaml_parser_delete(&p);
	return v;
}

json_t *lava_log_line(const char *line, size_t len)
{
	json_t *v;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	v = lava_yaml_load(line, len);
	/* a server's "- {...}": the one item of the sequence */
	if (json_is_array(v) && json_array_size(v) == 1) {
		json_t *item = json_incref(json_array_get(v, 0));

		json_decref(v);
		v = item;
	}
	if (!json_is_object(v) || !json_is_string(json_object_get(v, "lvl"))) {
		json_decref(v);
		return NULL;
	}
	return v;
}
