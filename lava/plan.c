// SPDX-License-Identifier: GPL-2.0
/*
 * ptbench lava: the plan's images, its jobs in order, and plan.json.
 *
 * The order is ABBA...: block b runs the kernels forward when b is even
 * and backward when it is odd (A B | B A | A B ...), so that every kernel
 * has as many early as late places, and a drift of the board over the
 * jobs (its temperature, a neighbour, the lab's time of day) falls on
 * each kernel alike; with the device tags pinning all jobs to one board,
 * the job is the boot, the top level of compare's statistics.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/json_write.h"
#include "lib/util.h"
#include "lava_int.h"

int lava_order(int nk, int boots, int *order, int max)
{
	int b, i, n = 0;

	if (nk < 1 || boots < 1 || nk * boots > max)
		return -1;
	for (b = 0; b < boots; b++)
		for (i = 0; i < nk; i++)
			order[n++] = b % 2 ? nk - 1 - i : i;
	return n;
}

static int write_job(const struct lava_args *a, int k, int seq, int njobs, json_t *list)
{
	char path[PATH_MAX], file[160], head[512];
	json_t *job = lava_job(a, k, seq, njobs);

	if (!job)
		return -1;
	snprintf(file, sizeof(file), "jobs/%02d-%s.yaml", seq, a->k[k].stem);
	snprintf(head, sizeof(head), "# ptbench lava plan %s, job %d of %d: kernel %s (docs/lab.md)\n"
		 "# submit: lavacli jobs submit %s\n", a->plan_id, seq, njobs, a->k[k].name, file);
	if (join(path, sizeof(path), a->out, file) || lava_yaml_write(path, job, head)) {
		json_decref(job);
		return -1;
	}
	json_decref(job);
	json_array_append_new(list, json_pack("{s:i, s:s, s:s}", "seq", seq, "kernel", a->k[k].name,
					      "job", file));
	return 0;
}

static int write_device(const struct lava_args *a, json_t *plan)
{
	const struct lava_qemu *q = lava_qemu_lookup(a->arch);
	char path[PATH_MAX], file[64];
	json_t *dev;
	int ret;

	if (!q)
		return -1;
	snprintf(file, sizeof(file), "device-%s.yaml", a->arch);
	dev = lava_qemu_device(q, a->mem, a->smp);
	ret = join(path, sizeof(path), a->out, file) ||
	      lava_yaml_write(path, dev, "# A QEMU device for lava-run --device (docs/lab.md);\n"
			      "# a LAVA server renders its own from qemu.jinja2.\n");
	json_decref(dev);
	if (!ret)
		json_object_set_new(plan, "device_dict", json_string(file));
	return ret ? -1 : 0;
}

static int write_plan(const struct lava_args *a, json_t *plan)
{
	char path[PATH_MAX];

	if (join(path, sizeof(path), a->out, "plan.json"))
		return -1;
	return json_write_atomic(path, plan, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

static void plan_id(struct lava_args *a)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(a->plan_id, sizeof(a->plan_id), "%Y%m%dT%H%M%SZ", &tm);
}

int lava_write(struct lava_args *a)
{
	int order[LAVA_MAX_KERNELS * 64], n, i;
	char jobs[PATH_MAX];
	json_t *plan, *list;

	n = lava_order(a->nk, a->boots, order, (int)ARRAY_SIZE(order));
	if (n < 0) {
		fprintf(stderr, "ptbench lava: at most %zu jobs\n", ARRAY_SIZE(order));
		return 2;
	}
	plan_id(a);
	if (join(jobs, sizeof(jobs), a->out, "jobs") || mkdir_p(jobs) || lava_ramdisks(a))
		return 1;
	list = json_array();
	plan = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o}", "schema", "ptbench-lava-plan/1",
			 "plan", a->plan_id, "arch", a->arch, "device_type", a->device_type, "config",
			 a->config, "boots", a->boots, "jobs", list);
	for (i = 0; i < n; i++)
		if (write_job(a, order[i], i + 1, n, list))
			goto fail;
	if (!strcmp(a->device_type, "qemu") && write_device(a, plan))
		goto fail;
	if (write_plan(a, plan))
		goto fail;
	printf("ptbench lava: plan %s, %d job(s) in %s/jobs (order", a->plan_id, n, a->out);
	for (i = 0; i < n; i++)
		printf(" %s", a->k[order[i]].name);
	printf(")\n");
	json_decref(plan);
	return 0;
fail:
	fprintf(stderr, "ptbench lava: cannot write the plan in %s\n", a->out);
	json_decref(plan);
	return 1;
}
