// SPDX-License-Identifier: GPL-2.0
/*
 * tracefs for the run: found where it is mounted, mounted for the run when
 * it is not (and unmounted after), and the ids of its tracepoints.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"
#include "counters_int.h"

#define TRACEFS_MNT	"/sys/kernel/tracing"
#define TRACEFS_DBG	"/sys/kernel/debug/tracing"

static int tracefs_we_mounted;
static char tracefs_path[256];
static char tracefs_denied[256];

static int has_events_dir(const char *dir)
{
	char path[300];
	struct stat st;

	snprintf(path, sizeof(path), "%s/events", dir);
	if (stat(path, &st))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return 0;
	}
	return 1;
}

/*
 * Look in the mount table rather than stat()ing the usual paths: touching
 * /sys/kernel/debug/tracing automounts tracefs, a change to the system we
 * would then not know we made. A tracefs we may not enter (mode 0700, not
 * root) goes to denied, so that the reason can say so.
 */
static int find_tracefs_mount(char *out, size_t len, char *denied, size_t dlen)
{
	char dev[256], dir[256], type[64];
	int found = 0;
	FILE *f;

	denied[0] = '\0';
	f = fopen("/proc/self/mounts", "re");
	if (!f)
		return 0;
	while (fscanf(f, "%255s %255s %63s %*[^\n]", dev, dir, type) == 3) {
		if (strcmp(type, "tracefs"))
			continue;
		if (!has_events_dir(dir)) {
			if (errno == EACCES || errno == EPERM)
				snprintf(denied, dlen, "%s", dir);
			continue;
		}
		/* Prefer the canonical place; any other tracefs mount will do. */
		if (!found || !strcmp(dir, TRACEFS_MNT)) {
			snprintf(out, len, "%s", dir);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

const char *tracefs_dir(void)
{
	if (!find_tracefs_mount(tracefs_path, sizeof(tracefs_path),
				tracefs_denied, sizeof(tracefs_denied)))
		return NULL;
	return tracefs_path;
}

void tracefs_why_not(char *why, size_t len)
{
	if (tracefs_denied[0])
		snprintf(why, len, "tracefs at %s not accessible (EACCES)%s",
			 tracefs_denied, geteuid() ? ": not root" : "");
	else
		snprintf(why, len, "tracefs not mounted");
}

/*
 * Mounting tracefs changes the system: the mount outlives the run unless
 * tracefs_release() takes it down again, so we remember that we made it.
 */
int tracefs_ensure(char *why, size_t len)
{
	if (tracefs_dir())
		return 0;
	if (tracefs_denied[0]) {
		/* Mounted but closed to us: another mount would not help. */
		tracefs_why_not(why, len);
		return -1;
	}
	if (mount("nodev", TRACEFS_MNT, "tracefs", 0, NULL)) {
		int err = errno;

		if ((err == EPERM || err == EACCES) && geteuid())
			snprintf(why, len, "not root: cannot mount tracefs");
		else if (err == ENODEV)
			snprintf(why, len, "kernel has no tracefs (CONFIG_TRACING off)");
		else if (err == ENOENT)
			snprintf(why, len, "no %s mount point", TRACEFS_MNT);
		else
			snprintf(why, len, "mount tracefs at %s: %s",
				 TRACEFS_MNT, strerror(err));
		return -1;
	}
	tracefs_we_mounted = 1;
	if (!tracefs_dir()) {
		snprintf(why, len, "tracefs mounted at %s but has no events/",
			 TRACEFS_MNT);
		return -1;
	}
	return 0;
}

int tracefs_mounted_by_us(void)
{
	return tracefs_we_mounted;
}

void tracefs_release(void)
{
	if (!tracefs_we_mounted)
		return;
	/* A lazy detach still leaves the system as found once users go. */
	if (umount2(TRACEFS_MNT, 0) && umount2(TRACEFS_MNT, MNT_DETACH))
		return;
	tracefs_we_mounted = 0;
}

/* "sys:name" -> "sys", "name"; refuses anything that could leave events/. */
int split_tp(const char *tp, char *sys, size_t slen, char *name, size_t nlen)
{
	const char *colon = strchr(tp, ':');
	size_t n;

	if (!colon || strchr(colon + 1, ':') || strchr(tp, '/') || tp[0] == '.')
		return -1;
	n = colon - tp;
	if (!n || n >= slen || !colon[1] || colon[1] == '.' ||
	    strlen(colon + 1) >= nlen)
		return -1;
	memcpy(sys, tp, n);
	sys[n] = '\0';
	snprintf(name, nlen, "%s", colon + 1);
	return 0;
}

long long tracepoint_id(const char *tp)
{
	char sys[64], name[128], path[512];
	const char *dir = tracefs_dir();
	long long id;

	if (!dir || split_tp(tp, sys, sizeof(sys), name, sizeof(name)))
		return -1;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, sys, name);
	if (read_ll(path, &id) || id < 0)
		return -1;
	return id;
}

int tracepoint_exists(const char *name)
{
	return tracepoint_id(name) >= 0;
}
