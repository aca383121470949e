// SPDX-License-Identifier: GPL-2.0
/*
 * What a plan keeps and runs: copies of the kernels, initrds and config in
 * the state directory with their Adler-32 (zlib), so that a rebuild of an
 * image in the user's tree cannot change a kernel half-way through a plan
 * (a changed copy fails its boot instead); and the config run on a boot of
 * the plan, by this binary, into runs/bootN/, moved into results/STEM/
 * (one directory of runs per kernel, as compare takes them; its boot level
 * groups them by boot_id) once every run of the boot came back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "lib/file.h"
#include "lib/spawn.h"
#include "lib/util.h"
#include "ab.h"

int ab_copy(const char *from, const char *to, uint32_t *sum)
{
	struct atomic_file af;
	unsigned char buf[1 << 16];
	uLong c = adler32(0L, Z_NULL, 0);
	int in = open(from, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (in < 0 || atomic_open(&af, to)) {
		if (in >= 0)
			close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		c = adler32(c, buf, (uInt)n);
		if (write(af.fd, buf, (size_t)n) != n)
			break;
	}
	close(in);
	if (n != 0) {
		atomic_abort(&af);
		return -1;
	}
	*sum = (uint32_t)c;
	return atomic_commit(&af);
}

int ab_sum(const char *path, uint32_t *sum)
{
	unsigned char buf[1 << 16];
	uLong c = adler32(0L, Z_NULL, 0);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		c = adler32(c, buf, (uInt)n);
	close(fd);
	*sum = (uint32_t)c;
	return n ? -1 : 0;
}

/* The result files a boot's runs wrote in its own directory (runs/bootN/). */
static void boot_results(struct ab_slot *s, const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n;

	s->nresult = 0;
	while (d && (e = readdir(d)) && s->nresult < AB_MAX_RUNS) {
		n = strlen(e->d_name);
		if (n < 6 || n >= sizeof(s->result[0]) || strcmp(e->d_name + n - 5, ".json"))
			continue;
		snprintf(s->result[s->nresult++], sizeof(s->result[0]), "%s", e->d_name);
	}
	if (d)
		closedir(d);
}

/* A boot whose runs all came back: its files into results/STEM/, where compare reads. */
static int publish(const struct ab_plan *p, struct ab_slot *s, const char *from)
{
	char to[PATH_MAX + 96], a[PATH_MAX + 256], b[PATH_MAX + 256];
	int i;

	snprintf(to, sizeof(to), "%s/results/%s", p->dir, p->k[s->kernel].stem);
	if (mkdir_p(to))
		return set_why(s->reason, sizeof(s->reason), "%.300s: %s", to, strerror(errno));
	for (i = 0; i < s->nresult; i++) {
		snprintf(a, sizeof(a), "%s/%s", from, s->result[i]);
		snprintf(b, sizeof(b), "%s/%s", to, s->result[i]);
		if (rename(a, b))
			return set_why(s->reason, sizeof(s->reason), "%.300s: %s", b, strerror(errno));
	}
	return 0;
}

/*
 * The config on boot n, into runs/bootN/ of its own: a boot that dies
 * half-way or whose runs fail leaves its files there, never among the
 * results compare reads, and no boot can take another's files for its own.
 */
int ab_run_slot(const struct ab_plan *p, struct ab_slot *s, int n)
{
	const struct ab_kernel *k = &p->k[s->kernel];
	char out[PATH_MAX + 96], runs[16], rounds[16];
	char *argv[] = { (char *)p->self, "run", "-q", "--config", (char *)p->config, "--label",
			 (char *)k->name, "--out", out, "--runs", runs, "--rounds", rounds, NULL };
	struct spawn_opts o = SPAWN_OPTS_INIT;
	int rc;

	snprintf(out, sizeof(out), "%s/runs/boot%d", p->dir, n + 1);
	/* the binary is the plan's copy: its configs and profiles stay in the tree */
	setenv("PTBENCH_DATADIR", p->datadir, 0);
	snprintf(runs, sizeof(runs), "%d", p->runs);
	snprintf(rounds, sizeof(rounds), "%d", p->rounds);
	if (mkdir_p(out))
		return set_why(s->reason, sizeof(s->reason), "%.300s: %s", out, strerror(errno));
	fprintf(stderr, "ptbench ab: boot %d: %s (%s): ptbench run, %d run(s)\n",
		n + 1, k->name, s->release, p->runs);
	rc = spawn_run(argv, &o);
	boot_results(s, out);
	if (rc || s->nresult < p->runs)
		return set_why(s->reason, sizeof(s->reason), "ptbench run exited %d with %d of %d "
			       "result files (kept in %.300s, not compared)", rc, s->nresult, p->runs, out);
	return publish(p, s, out);
}
