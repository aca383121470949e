// SPDX-License-Identifier: GPL-2.0
/* Where this process's cgroup is for one controller: its hierarchy's mount and its path. */
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "cgroupfs.h"

/* Is ctrl one of the comma-separated words of list? ("memory" is not in "memory_recursiveprot".) */
static int has_word(const char *list, const char *ctrl)
{
	size_t n = strlen(ctrl);
	const char *p = list;

	while ((p = strstr(p, ctrl))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0' || p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

/* A cgroup2 mount has ctrl when its root's cgroup.controllers lists it (space-separated). */
static int v2_has(const char *point, const char *ctrl)
{
	char path[600], buf[512], *tok, *save;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", point);
	if (read_str(path, buf, sizeof(buf)))
		return 0;
	for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
		if (!strcmp(tok, ctrl))
			return 1;
	return 0;
}

int cgroup_mount(const char *mountinfo, const char *ctrl, char *mnt, size_t len, int *v2)
{
	char line[1024], fs[64], opts[512], point[512], v2_point[512] = "";
	int found = 0;
	FILE *f = fopen(mountinfo, "re");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %511s", point) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fs, opts) != 2)
			continue;
		if (!strcmp(fs, "cgroup") && has_word(opts, ctrl))
			found = 1;
		else if (!strcmp(fs, "cgroup2") && !v2_point[0] && v2_has(point, ctrl))
			snprintf(v2_point, sizeof(v2_point), "%s", point);
	}
	fclose(f);
	if (!found && !v2_point[0])
		return -1;
	*v2 = !found;
	snprintf(mnt, len, "%s", found ? point : v2_point);
	return 0;
}

int cgroup_own(const char *cgroup_file, const char *ctrl, int v2, char *cg, size_t len)
{
	char line[1024];
	int found = 0;
	FILE *f = fopen(cgroup_file, "re");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2)
			continue;
		*c2 = '\0';
		/* v2: "0::/path"; v1: "N:ctrl,other:/path" */
		if (v2 ? !strcmp(c1 + 1, "") && !strncmp(line, "0:", 2) : has_word(c1 + 1, ctrl)) {
			c2[1 + strcspn(c2 + 1, "\n")] = '\0';
			snprintf(cg, len, "%s", strcmp(c2 + 1, "/") ? c2 + 1 : "");
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : -1;
}
