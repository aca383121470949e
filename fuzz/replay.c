// SPDX-License-Identifier: GPL-2.0
/*
 * Replays inputs through a fuzz target without libFuzzer, so that "make
 * test" (gcc, ASan/UBSan) runs the seed corpus and every input that once
 * crashed a target. Arguments: files or directories of them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);

			if (!nb)
				break;
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf ? buf : (const uint8_t *)"", n);
	free(buf);
	return 0;
}

static int replay(const char *path, unsigned int *count)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	if (stat(path, &st)) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		ret |= replay(sub, count);
	}
	closedir(d);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned int count = 0;
	int i, ret = 0;

	for (i = 1; i < argc; i++)
		ret |= replay(argv[i], &count);
	printf("%s: replayed %u inputs\n", argv[0], count);
	return ret ? 1 : 0;
}
