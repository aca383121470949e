// SPDX-License-Identifier: GPL-2.0
/*
 * A plan on disk: DIR/plan.json (schema ptbench-ab/1), written whole and
 * atomically (lib/file.h) before the action it names, so that a boot that
 * dies half-way finds the plan as it was just before. Steps, abort and
 * resume take DIR/lock (flock) first: abort cannot slip in between a
 * step's reading of the plan and its writing (status only reads: a file
 * replaced by rename is never seen half-written). DIR/run.lock is held
 * while a boot's config runs, so that no second step runs it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lib/json_write.h"
#include "lib/util.h"
#include "ab.h"

/* DIR/name locked (flock how): its fd, or -1. */
static int lock_file(const char *dir, const char *name, int how)
{
	char path[PATH_MAX + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, how)) {
		close(fd);
		return -1;
	}
	return fd;
}

int ab_lock(const char *dir)
{
	return lock_file(dir, "lock", LOCK_EX);
}

/* DIR/run.lock, held while a boot's config runs; -1 when another step holds it. */
int ab_lock_run(const char *dir)
{
	return lock_file(dir, "run.lock", LOCK_EX | LOCK_NB);
}

void ab_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

static json_t *kernel_json(const struct ab_kernel *k)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "name", k->name, "stem", k->stem,
			 "image", k->image, "initrd", k->initrd, "append", k->append,
			 "adler32", (json_int_t)k->sum, "initrd_adler32", (json_int_t)k->isum);
}

static json_t *slot_json(const struct ab_plan *p, const struct ab_slot *s)
{
	json_t *files = json_array(), *o;
	int i;

	for (i = 0; i < s->nresult; i++)
		json_array_append_new(files, json_string(s->result[i]));
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "kernel", p->k[s->kernel].name,
		      "status", ab_slot_name(s->status), "release", s->release,
		      "boot_id", s->boot_id, "results", files, "reason", s->reason);

	json_object_set_new(o, "started", s->started > 0 ? json_real(s->started) : json_null());
	json_object_set_new(o, "ended", s->ended > 0 ? json_real(s->ended) : json_null());
	return o;
}

json_t *ab_to_json(const struct ab_plan *p)
{
	json_t *ks = json_array(), *ss = json_array(), *root;
	int i;

	for (i = 0; i < p->nk; i++)
		json_array_append_new(ks, kernel_json(&p->k[i]));
	for (i = 0; i < p->nslot; i++)
		json_array_append_new(ss, slot_json(p, &p->slot[i]));
	root = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:s, s:o}",
			 "schema", AB_SCHEMA, "id", p->id, "dir", p->dir, "phase", ab_phase_name(p->phase),
			 "guest", p->guest, "syscall", p->file_load ? "kexec_file_load" : "kexec_load",
			 "panic", p->panic, "on_fail", p->stop_on_fail ? "stop" : "continue",
			 "boots", p->boots, "config", p->config, "self", p->self, "datadir", p->datadir,
			 "note", p->note, "home", kernel_json(&p->home));
	json_object_set_new(root, "seed", json_integer((json_int_t)p->seed));
	json_object_set_new(root, "home_release", json_string(p->home_release));
	json_object_set_new(root, "home_cmdline", json_string(p->home_cmdline));
	json_object_set_new(root, "kernels", ks);
	json_object_set_new(root, "slots", ss);
	json_object_set_new(root, "next", json_integer(p->next));
	json_object_set_new(root, "runs", json_integer(p->runs));
	json_object_set_new(root, "finished", json_boolean(p->finished));
	json_object_set_new(root, "rounds", json_integer(p->rounds));
	return root;
}

int ab_save(const struct ab_plan *p)
{
	char path[PATH_MAX + 64];
	json_t *j = ab_to_json(p);
	int rc = -1;

	snprintf(path, sizeof(path), "%s/plan.json", p->dir);
	if (!j)
		errno = ENOMEM;
	else
		rc = json_write_atomic(path, j, JSON_INDENT(2));
	/* every caller stops here: this line is the only word of why */
	if (rc)
		fprintf(stderr, "ptbench ab: cannot write %s: %s\n", path, strerror(errno));
	json_decref(j);
	return rc;
}

int ab_load(struct ab_plan *p, const char *dir_in, char *why, size_t len)
{
	char path[PATH_MAX + 64], dir[PATH_MAX];
	json_error_t e;
	json_t *j;
	int rc;

	/* dir_in may be p->dir, which ab_from_json() clears */
	snprintf(dir, sizeof(dir), "%s", dir_in);
	snprintf(path, sizeof(path), "%s/plan.json", dir);
	j = json_load_file(path, 0, &e);
	if (!j)
		return set_why(why, len, "%s: %s", path, e.text);
	rc = ab_from_json(p, j, why, len);
	json_decref(j);
	if (!rc)
		snprintf(p->dir, sizeof(p->dir), "%s", dir);
	return rc;
}
