/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run another program (or this binary again) and wait for it: the one
 * fork/exec/wait of ptbench, so that redirection, EINTR and the exit status
 * of a signalled child are handled the same way everywhere.
 */
#ifndef PTBENCH_SPAWN_H
#define PTBENCH_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#define SPAWN_INHERIT	(-1)	/* keep the parent's descriptor */
#define SPAWN_NULL	(-2)	/* /dev/null */

struct spawn_opts {
	const char *path;	/* the program to run; NULL: argv[0] */
	int in, out, err;	/* fds for 0, 1, 2, or SPAWN_INHERIT / SPAWN_NULL */
	const char *cwd;	/* chdir there first; NULL: stay */
	char *const *envp;	/* NULL: this process's environment */
	int path_search;	/* look argv[0] up in PATH (execvp) */
	int own_pgrp;		/* its own process group: a terminal's ^C reaches us only */
	int dfl_signals;	/* SIGINT and SIGTERM back to their defaults */
	const char *who;	/* "ptbench vm": say so on stderr when exec fails; NULL: quiet */
};

/* Everything inherited, argv[0] a path. */
#define SPAWN_OPTS_INIT	{ .in = SPAWN_INHERIT, .out = SPAWN_INHERIT, .err = SPAWN_INHERIT }

/* Start argv; its pid, or -1 with errno. The child exits 127 when exec fails. */
pid_t spawn_start(char *const argv[], const struct spawn_opts *o);
/*
 * Wait for pid (EINTR retried): its exit status, 128 + N when signal N ended
 * it, -1 when it cannot be waited for.
 */
int spawn_wait(pid_t pid);
/* The exit code of a wait status: WEXITSTATUS, or 128 + the signal. */
int spawn_code(int status);
/* spawn_start() then spawn_wait(). */
int spawn_run(char *const argv[], const struct spawn_opts *o);
/*
 * Run argv[0] (from PATH) with stdout captured, stderr to /dev/null: 0 with
 * the NUL-terminated output in *out (caller frees) and the wait status in
 * *status, or -1 with errno (ENOENT when the program is not there, EFBIG
 * past max bytes) and *out NULL.
 */
int spawn_capture(char *const argv[], size_t max, char **out, size_t *outlen, int *status);

#endif
