// SPDX-License-Identifier: GPL-2.0
/*
 * A LAVA server's jobs through lavacli, the server's own client (its
 * identities hold the URL and the token: "lavacli identities add"): the
 * raw log of a job ("jobs logs --raw --no-follow": the lines as the server
 * keeps them; a job still running gives the lines so far, and collect says
 * the log ends before the verdict), the device it ran on ("jobs show
 * --json"), and its place in the plan ("jobs definition": the metadata
 * ptbench lava wrote).
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
	} else if (!strcmp(what, "show")) {
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

/* A "ptbench.KEY" of the job's metadata into buf. */
static void metadata(json_t *md, const char *key, char *buf, size_t len)
{
	const char *v = json_string_value(json_object_get(md, key));

	if (v && !buf[0])
		snprintf(buf, len, "%s", v);
}

/*
 * The job's place in its plan from its definition's metadata (job.c):
 * what a job that never booted cannot print on its console.
 */
static void job_metadata(const struct lava_collect_args *c, struct lava_jobres *j)
{
	json_t *def, *md;
	char *text;
	size_t len;
	int st;

	if (lavacli_capture(c, "definition", j->job, &text, &len, &st))
		return;
	def = lava_yaml_load(text, len);
	md = json_object_get(def, "metadata");
	metadata(md, "ptbench.seq", j->seq, sizeof(j->seq));
	metadata(md, "ptbench.of", j->of, sizeof(j->of));
	metadata(md, "ptbench.plan", j->plan, sizeof(j->plan));
	metadata(md, "ptbench.kernel", j->kernel, sizeof(j->kernel));
	json_decref(def);
	free(text);
}

void lavacli_job(const struct lava_collect_args *c, struct lava_jobres *j)
{
	json_t *job, *dev;
	char *text;
	size_t len;
	int st;

	job_metadata(c, j);
	if (c->device || lavacli_capture(c, "show", j->job, &text, &len, &st))
		return;
	job = json_loadb(text, len, 0, NULL);
	dev = json_object_get(job, "device");
	if (json_is_string(dev))
		snprintf(j->device, sizeof(j->device), "%s", json_string_value(dev));
	json_decref(job);
	free(text);
}
