/*
 * main() for builds without libFuzzer: runs the harness once per file of
 * each folder (or file) given, in sorted order, as the fuzzer would. A
 * crash, a sanitizer report or a failed invariant fails the meson test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		perror(path);
		return -1;
	}
	size_t capacity = 4096, size = 0, got;
	uint8_t *data = malloc(capacity);
	while ((got = fread(data + size, 1, capacity - size, in)) > 0) {
		size += got;
		if (size == capacity)
			data = realloc(data, capacity *= 2);
	}
	fclose(in);
	/* An exact-size copy, so ASan sees a read past the input as libFuzzer would. */
	uint8_t *input = malloc(size ? size : 1);
	memcpy(input, data, size);
	free(data);
	LLVMFuzzerTestOneInput(input, size);
	free(input);
	return 0;
}

int main(int argc, char **argv)
{
	size_t inputs = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) < 0)
				return 2;
			inputs++;
			continue;
		}
		struct dirent **entries;
		int count = scandir(argv[i], &entries, NULL, alphasort);
		if (count < 0) {
			perror(argv[i]);
			return 2;
		}
		for (int e = 0; e < count; e++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], entries[e]->d_name);
			if (entries[e]->d_name[0] != '.' && stat(path, &st) == 0 &&
			    S_ISREG(st.st_mode)) {
				if (run_file(path) < 0)
					return 2;
				inputs++;
			}
			free(entries[e]);
		}
		free(entries);
	}
	printf("%zu inputs replayed\n", inputs);
	return inputs ? 0 : 1;
}
