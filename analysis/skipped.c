// SPDX-License-Identifier: GPL-2.0
/*
 * compare's lists of skipped points (see skipped.h). Grouped for the
 * summary: entries with the same sides, status, reason and workload are
 * one group, naming every value its points take per param
 * ("trigger=gup_test,gup_test_pin"); for --all every point, once.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "lib/xalloc.h"
#include "load.h"
#include "skipped.h"

struct skip {
	int side;
	json_t *e;
};

struct skip_group {
	char tags[64];		/* "BASE+NEW" */
	size_t count;
	json_t *first;		/* its first entry: status, reason, workload, id */
	json_t *vals;		/* param -> array of distinct values */
};

static const char *str(json_t *e, const char *key)
{
	const char *v = json_string_value(json_object_get(e, key));

	return v ? v : "?";
}

static int same_entry(json_t *a, json_t *b)
{
	return !strcmp(str(a, "id"), str(b, "id")) && !strcmp(str(a, "status"), str(b, "status")) &&
	       !strcmp(str(a, "reason"), str(b, "reason"));
}

static int same_group(json_t *a, json_t *b)
{
	return !strcmp(str(a, "status"), str(b, "status")) && !strcmp(str(a, "reason"), str(b, "reason")) &&
	       !strcmp(str(a, "workload"), str(b, "workload"));
}

static size_t skipped_gather(const struct comparison *c, const struct cmp_table *t, struct skip **out)
{
	struct skip *sk = NULL;
	size_t n = 0, r, k;
	json_t *e;
	int s;

	for (s = 0; s < (int)c->nsides; s++) {
		if (t && t->new >= 0 && s != t->base && s != t->new)
			continue;
		for (r = 0; r < c->sides[s].nres; r++)
			json_array_foreach(c->sides[s].res[r]->skipped, k, e) {
				sk = xgrow(sk, n + 1, sizeof(*sk));
				sk[n++] = (struct skip){ s, e };
			}
	}
	*out = sk;
	return n;
}

/* The sides that skipped entry i; 0 when an earlier entry is the same point and reason. */
static int entry_tags(const struct comparison *c, const struct skip *sk, size_t n, size_t i, char *tags,
		      size_t len)
{
	int last = -1;
	size_t j;

	for (j = 0; j < i; j++)
		if (same_entry(sk[j].e, sk[i].e))
			return 0;
	tags[0] = '\0';
	for (j = i; j < n; j++)
		if (same_entry(sk[j].e, sk[i].e) && sk[j].side != last) {
			snprintf(tags + strlen(tags), len - strlen(tags), "%s%s", *tags ? "+" : "",
				 fmt_side_tag(c, sk[j].side));
			last = sk[j].side;
		}
	return 1;
}

static void add_values(json_t *vals, json_t *e)
{
	json_t *v, *a, *x;
	const char *key;
	size_t i;

	json_object_foreach(json_object_get(e, "params"), key, v) {
		int have = 0;

		a = json_object_get(vals, key);
		if (!a) {
			a = json_array();
			json_object_set_new(vals, key, a);
		}
		json_array_foreach(a, i, x)
			have |= json_equal(x, v);
		if (!have)
			json_array_append(a, v);
	}
}

static size_t make_groups(const struct comparison *c, const struct cmp_table *t, struct skip_group **out)
{
	struct skip *sk;
	size_t n = skipped_gather(c, t, &sk), ng = 0, i, g;
	struct skip_group *gr = xcalloc(n, sizeof(*gr));
	char tags[64];

	for (i = 0; i < n; i++) {
		if (!entry_tags(c, sk, n, i, tags, sizeof(tags)))
			continue;
		for (g = 0; g < ng; g++)
			if (!strcmp(gr[g].tags, tags) && same_group(gr[g].first, sk[i].e))
				break;
		if (g == ng) {
			snprintf(gr[ng].tags, sizeof(gr[ng].tags), "%s", tags);
			gr[ng].first = sk[i].e;
			gr[ng].vals = json_object();
			ng++;
		}
		gr[g].count++;
		add_values(gr[g].vals, sk[i].e);
	}
	free(sk);
	*out = gr;
	return ng;
}

static void free_groups(struct skip_group *gr, size_t ng)
{
	size_t g;

	for (g = 0; g < ng; g++)
		json_decref(gr[g].vals);
	free(gr);
}

/* "gup trigger=gup_test,gup_test_pin mapping=anon,thp": every value the points take. */
static void span(const struct skip_group *g, char *buf, size_t len)
{
	const char *key;
	char val[96];
	json_t *a, *x;
	size_t i, n;

	if (g->count == 1) {
		snprintf(buf, len, "%s", str(g->first, "id"));
		return;
	}
	n = (size_t)snprintf(buf, len, "%zu points of %s", g->count, str(g->first, "workload"));
	json_object_foreach(g->vals, key, a)
		json_array_foreach(a, i, x) {
			if (n >= len)
				return;
			res_param_text(x, val, sizeof(val));
			if (i)
				n += (size_t)snprintf(buf + n, len - n, ",%s", val);
			else
				n += (size_t)snprintf(buf + n, len - n, " %s=%s", key, val);
		}
}

void skipped_brief_text(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	struct skip_group *gr;
	size_t ng = make_groups(c, t, &gr), g;
	char what[900], buf[1400];

	for (g = 0; g < ng; g++) {
		span(&gr[g], what, sizeof(what));
		snprintf(buf, sizeof(buf), "  %s %s: %s: %s", gr[g].tags, what, str(gr[g].first, "status"),
			 str(gr[g].first, "reason"));
		if (!g)
			fprintf(f, "\nSkipped or not run:\n");
		fmt_wrapped(f, buf, 4);
	}
	free_groups(gr, ng);
}

void skipped_all_text(FILE *f, const struct comparison *c, const struct cmp_table *t)
{
	struct skip *sk;
	size_t n = skipped_gather(c, t, &sk), i;
	char tags[64], buf[1400];
	int first = 1;

	for (i = 0; i < n; i++) {
		if (!entry_tags(c, sk, n, i, tags, sizeof(tags)))
			continue;
		snprintf(buf, sizeof(buf), "  %s %s: %s: %s", tags, str(sk[i].e, "id"), str(sk[i].e, "status"),
			 str(sk[i].e, "reason"));
		if (first)
			fprintf(f, "\nSkipped or not run:\n");
		first = 0;
		fmt_wrapped(f, buf, 4);
	}
	free(sk);
}

void skipped_brief_markdown(FILE *f, const struct comparison *c)
{
	struct skip_group *gr;
	size_t ng = make_groups(c, NULL, &gr), g;
	char what[900];

	for (g = 0; g < ng; g++) {
		span(&gr[g], what, sizeof(what));
		fprintf(f, "%s- %s in %s: ", g ? "" : "\n", str(gr[g].first, "status"), gr[g].tags);
		fmt_esc(f, FMT_MD, what);
		fputs(": ", f);
		fmt_esc(f, FMT_MD, str(gr[g].first, "reason"));
		fputc('\n', f);
	}
	free_groups(gr, ng);
}
