// SPDX-License-Identifier: GPL-2.0
/*
 * plan.json back into a plan: every field the steps act on is checked, so
 * that a damaged or foreign file stops the step with a reason instead of
 * booting something it did not mean.
 */
#include <string.h>

#include "lib/util.h"
#include "ab.h"

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static int kernel_from(struct ab_kernel *k, json_t *o, char *why, size_t len)
{
	const char *name, *stem, *image, *initrd, *append;
	json_int_t sum;
	json_error_t e;

	if (json_unpack_ex(o, &e, 0, "{s:s, s:s, s:s, s:s, s:s, s:I}", "name", &name, "stem", &stem,
			   "image", &image, "initrd", &initrd, "append", &append, "adler32", &sum))
		return set_why(why, len, "a kernel: %s", e.text);
	copy(k->name, sizeof(k->name), name);
	copy(k->stem, sizeof(k->stem), stem);
	copy(k->image, sizeof(k->image), image);
	copy(k->initrd, sizeof(k->initrd), initrd);
	copy(k->append, sizeof(k->append), append);
	k->sum = (uint32_t)sum;
	k->isum = (uint32_t)json_integer_value(json_object_get(o, "initrd_adler32"));
	return 0;
}

/* The status or phase a name in plan.json stands for, by plan.c's own names; -1 if none. */
static int slot_status(const char *s)
{
	int i;

	for (i = SLOT_PLANNED; i <= SLOT_SKIPPED; i++)
		if (!strcmp(ab_slot_name((enum ab_slot_status)i), s))
			return i;
	return -1;
}

static int phase_of(const char *s)
{
	int i;

	for (i = AB_RUNNING; i <= AB_DONE; i++)
		if (!strcmp(ab_phase_name((enum ab_phase)i), s))
			return i;
	return -1;
}

static int slot_from(struct ab_plan *p, struct ab_slot *s, json_t *o, char *why, size_t len)
{
	const char *kernel, *status, *release, *boot_id, *reason;
	json_t *started = NULL, *ended = NULL, *files, *f;
	json_error_t e;
	size_t fi;
	int i;

	if (json_unpack_ex(o, &e, 0, "{s:s, s:s, s:s, s:s, s:o, s:s, s?o, s?o}", "kernel", &kernel,
			   "status", &status, "release", &release, "boot_id", &boot_id, "results",
			   &files, "reason", &reason, "started", &started, "ended", &ended))
		return set_why(why, len, "a slot: %s", e.text);
	if (!json_is_array(files) || json_array_size(files) > AB_MAX_RUNS)
		return set_why(why, len, "a slot's results are not a list of at most %d", AB_MAX_RUNS);
	s->nresult = 0;
	json_array_foreach(files, fi, f)
		copy(s->result[s->nresult++], sizeof(s->result[0]), json_string_value(f));
	for (i = 0; i < p->nk && strcmp(p->k[i].name, kernel); i++)
		;
	if (i == p->nk || slot_status(status) < 0)
		return set_why(why, len, "a slot names kernel '%s', status '%s'", kernel, status);
	s->kernel = i;
	s->status = (enum ab_slot_status)slot_status(status);
	copy(s->release, sizeof(s->release), release);
	copy(s->boot_id, sizeof(s->boot_id), boot_id);
	copy(s->reason, sizeof(s->reason), reason);
	s->started = json_is_number(started) ? json_number_value(started) : 0;
	s->ended = json_is_number(ended) ? json_number_value(ended) : 0;
	return 0;
}

static int lists_from(struct ab_plan *p, json_t *ks, json_t *ss, char *why, size_t len)
{
	size_t i;

	if (!json_is_array(ks) || !json_array_size(ks) || json_array_size(ks) > AB_MAX_KERNELS ||
	    !json_is_array(ss) || json_array_size(ss) > AB_MAX_SLOTS)
		return set_why(why, len, "kernels or slots are not lists of the sizes a plan has");
	p->nk = (int)json_array_size(ks);
	for (i = 0; i < json_array_size(ks); i++)
		if (kernel_from(&p->k[i], json_array_get(ks, i), why, len))
			return -1;
	p->nslot = (int)json_array_size(ss);
	for (i = 0; i < json_array_size(ss); i++)
		if (slot_from(p, &p->slot[i], json_array_get(ss, i), why, len))
			return -1;
	return 0;
}

int ab_from_json(struct ab_plan *p, json_t *j, char *why, size_t len)
{
	const char *schema, *id, *dir, *phase, *sys, *on_fail, *config, *self, *datadir, *note, *hrel, *hcmd;
	json_t *home, *ks, *ss;
	json_int_t seed;
	json_error_t e;
	int guest;

	memset(p, 0, sizeof(*p));
	if (json_unpack_ex(j, &e, 0, "{s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:s,"
			   " s:o, s:I, s:s, s:s, s:o, s:o, s:i}", "schema", &schema, "id", &id, "dir", &dir,
			   "phase", &phase, "guest", &guest, "syscall", &sys, "panic", &p->panic,
			   "on_fail", &on_fail, "boots", &p->boots, "config", &config, "self", &self,
			   "datadir", &datadir, "note", &note, "home", &home, "seed", &seed,
			   "home_release", &hrel, "home_cmdline", &hcmd, "kernels", &ks, "slots", &ss,
			   "next", &p->next))
		return set_why(why, len, "not a plan: %s", e.text);
	if (strcmp(schema, AB_SCHEMA) || phase_of(phase) < 0)
		return set_why(why, len, "schema '%s', phase '%s': not a %s plan", schema, phase, AB_SCHEMA);
	copy(p->id, sizeof(p->id), id);
	copy(p->dir, sizeof(p->dir), dir);
	p->phase = (enum ab_phase)phase_of(phase);
	p->guest = guest;
	p->file_load = !strcmp(sys, "kexec_file_load");
	p->stop_on_fail = !strcmp(on_fail, "stop");
	p->seed = (unsigned long long)seed;
	copy(p->config, sizeof(p->config), config);
	copy(p->self, sizeof(p->self), self);
	copy(p->datadir, sizeof(p->datadir), datadir);
	copy(p->note, sizeof(p->note), note);
	copy(p->home_release, sizeof(p->home_release), hrel);
	copy(p->home_cmdline, sizeof(p->home_cmdline), hcmd);
	if (kernel_from(&p->home, home, why, len) || lists_from(p, ks, ss, why, len))
		return -1;
	if (p->next < 0 || p->next > p->nslot)
		return set_why(why, len, "next slot %d of %d", p->next, p->nslot);
	p->finished = json_is_true(json_object_get(j, "finished"));
	p->runs = (int)json_integer_value(json_object_get(j, "runs"));
	p->rounds = (int)json_integer_value(json_object_get(j, "rounds"));
	if (p->runs < 1 || p->runs > AB_MAX_RUNS || p->rounds < 1)
		return set_why(why, len, "runs %d, rounds %d: not a plan's", p->runs, p->rounds);
	return 0;
}
