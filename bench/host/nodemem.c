// SPDX-License-Identifier: GPL-2.0
/* A NUMA node's free memory, from its sysfs meminfo (see nodemem.h). */
#include <stdio.h>
#include <string.h>

#include "nodemem.h"

/* "Node 0 MemFree:  5714920 kB" -> bytes of the field, -1 if absent. */
static long long field(FILE *f, const char *name)
{
	char line[256], key[64];
	long long kb;
	int node;

	rewind(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Node %d %63s %lld kB", &node, key, &kb) == 3 && !strncmp(key, name, strlen(name)) &&
		    key[strlen(name)] == ':' && kb >= 0)
			return kb * 1024;
	return -1;
}

long long node_headroom(const char *root, int node)
{
	char path[512];
	long long free_b, inactive;
	FILE *f;

	snprintf(path, sizeof(path), "%s/node%d/meminfo", root, node);
	f = fopen(path, "re");
	if (!f)
		return -1;
	free_b = field(f, "MemFree");
	inactive = field(f, "Inactive(file)");
	fclose(f);
	if (free_b < 0)
		return -1;
	return free_b + (inactive > 0 ? inactive : 0);
}
