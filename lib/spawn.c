// SPDX-License-Identifier: GPL-2.0
/* fork/exec/wait, and a run that captures the child's output (spawn.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "spawn.h"

extern char **environ;

static void child_fd(int want, int target, int null)
{
	if (want == SPAWN_NULL)
		want = null;
	if (want >= 0 && want != target)
		dup2(want, target);
}

static void __attribute__((noreturn)) child(char *const argv[], const struct spawn_opts *o, int null)
{
	const char *path = o->path ? o->path : argv[0];
	char *const *envp = o->envp ? o->envp : environ;

	child_fd(o->in, STDIN_FILENO, null);
	child_fd(o->out, STDOUT_FILENO, null);
	child_fd(o->err, STDERR_FILENO, null);
	if (o->own_pgrp)
		setpgid(0, 0);
	if (o->dfl_signals) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
	}
	if (o->cwd && chdir(o->cwd))
		_exit(126);
	if (o->path_search)
		execvpe(path, argv, envp);
	else
		execve(path, argv, envp);
	if (o->who)
		fprintf(stderr, "%s: cannot run %s: %s\n", o->who, path, strerror(errno));
	_exit(127);
}

pid_t spawn_start(char *const argv[], const struct spawn_opts *o)
{
	int null = -1, need_null;
	pid_t pid;

	need_null = o->in == SPAWN_NULL || o->out == SPAWN_NULL || o->err == SPAWN_NULL;
	if (need_null) {
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null < 0)
			return -1;
	}
	/* What we printed comes before what the child prints. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (!pid)
		child(argv, o, null);
	if (null >= 0)
		close(null);
	return pid;
}

int spawn_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int spawn_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return spawn_code(status);
}

int spawn_run(char *const argv[], const struct spawn_opts *o)
{
	pid_t pid = spawn_start(argv, o);

	return pid < 0 ? -1 : spawn_wait(pid);
}

int spawn_capture(char *const argv[], size_t max, char **out, size_t *outlen, int *status)
{
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int pfd[2], err = 0;
	pid_t pid;

	*status = -1;	/* unknown, should waitpid() fail (SIGCHLD ignored) */
	/* on every failure *out is NULL: a caller may free it again (issue 20's double free) */
	*out = NULL;
	*outlen = 0;
	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	o.out = pfd[1];
	o.err = SPAWN_NULL;
	o.path_search = 1;
	pid = spawn_start(argv, &o);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return -1;
	}
	if (read_fd(pfd[0], max, out, outlen)) {
		err = errno;
		*out = NULL;
		*outlen = 0;
	}
	close(pfd[0]);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	if (!err && WIFEXITED(*status) && WEXITSTATUS(*status) == 127 && !*outlen) {
		free(*out);
		*out = NULL;
		err = ENOENT;	/* what posix_spawnp() said before: not there */
	}
	errno = err;
	return err ? -1 : 0;
}
