// SPDX-License-Identifier: GPL-2.0
/*
 * A LAVA server's jobs through lavacli, the server's own client (its
 * identities hold the URL and the token: "lavacli identities add"): the
 * raw log of a job ("jobs logs --raw --no-follow": the lines as the server
 * keeps them; a job still running gives the lines so far, and collect says
 * the log ends before the verdict) and the device it ran on ("jobs show --json").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/spawn.h"
#include "lava_collect.h"

#define LAVACLI_MAX	(512u << 20)

int lavacli_capture(const struct lava_collect_args *c, const char *what, const char *id, char **out,
		    size_t *len, int *status)
{
	char *argv[10];
	int n = 0;

	argv[n++] = "lavacli";
	if (c->identity) {
		argv[n++] = "--identity";
		argv[n++] = (char *)c->identity;
	}
	argv[n++] = "jobs";
	argv[n++] = (char *)what;
	if (!strcmp(what, "logs")) {
		argv[n++] = "--raw";
		argv[n++] = "--no-follow";
	} else {
		argv[n++] = "--json";
	}
	argv[n++] = (char *)id;
	argv[n] = NULL;
	*status = 0;
	if (spawn_capture(argv, LAVACLI_MAX, out, len, status))
		return -1;
	if (*status) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void lavacli_device(const struct lava_collect_args *c, struct lava_jobres *j)
{
	json_t *job, *dev;
	char *text;
	size_t len;
	int st;

	if (c->device || lavacli_capture(c, "show", j->job, &text, &len, &st))
		return;
	job = json_loadb(text, len, 0, NULL);
	dev = json_object_get(job, "device");
	if (json_is_string(dev))
		snprintf(j->device, sizeof(j->device), "%s", json_string_value(dev));
	json_decref(job);
	free(text);
}
