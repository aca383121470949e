/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness options of a point (duration, warmup, repetitions, bind),
 * declared once (run_opts.c) with their names, limits and help: the one
 * table behind the command line (-d, -w, -r, -b), the keys of a spec, the
 * keys of a config, the checks, --help and ptbench list. And the counts
 * of --runs and --rounds, which run, calibrate and vm all take.
 */
#ifndef PTBENCH_RUN_OPTS_H
#define PTBENCH_RUN_OPTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "lib/jsonv.h"
#include "lib/opt.h"

/* --runs and --rounds: 1..RUN_COUNT_MAX */
#define RUN_COUNT_MAX	100

/* Append the options' config keys to keys at n, then a NULL (room for 5 more); the new n. */
size_t run_opt_keys(const char **keys, size_t n);
/* Whether key is a harness option (or one of its aliases: "reps"). */
int run_opt_is_key(const char *key);
/* key=val into o, parsed and checked; 0, or -1 with why (a spec, the command line). */
int run_opt_set(struct run_opts *o, const char *key, const char *val, char *why, size_t len);
/* The options present in the config object obj, into o; 0, or -1 with the error in v. */
int run_opt_json(struct jv *v, const char *path, json_t *obj, struct run_opts *o);
/* Every option of o in range; 0, or -1 with "where: why". */
int run_opt_check(const struct run_opts *o, const char *where, char *why, size_t len);
/*
 * The command-line entries of the options, values into *cli (which keeps
 * RUN_OPTS_UNSET for those not given): appended to opts at *n (room for
 * RUN_OPT_FLAGS more).
 */
#define RUN_OPT_FLAGS	4
void run_opt_flags(struct opt *opts, size_t *n, struct run_opts *cli);
/* A run_opts none of whose options is set: the command line's before parsing. */
#define RUN_OPTS_UNSET	{ .duration = -1, .warmup = -1, .reps = 0, .bind = "" }
/* Each option, its range, its default in defaults and its help: ptbench list's harness section. */
void run_opt_list(FILE *f, const struct run_opts *defaults);
/* An opt callback for --runs and --rounds: 1..RUN_COUNT_MAX into the int o->value. */
int run_count_cb(const struct opt *o, const char *arg);

#endif
