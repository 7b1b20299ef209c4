/*
 * Writing an output file so that readers never see half of it: write to a
 * temporary file in the same directory, flush and fsync, then rename over the
 * target. On failure the temporary file is removed and the target untouched.
 */
#ifndef SRGAP_UTIL_ATOMIC_FILE_H
#define SRGAP_UTIL_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
	char *path;	 /* owned: final name */
	char *temporary; /* owned: where the data goes until commit */
	FILE *stream;	 /* write here */
};

/* Returns 0, or -1 with errno set (nothing is created). */
int atomic_file_open(struct atomic_file *file, const char *path);
/* Flushes, syncs and renames into place; returns 0 or -1 (errno set, temporary removed). */
int atomic_file_commit(struct atomic_file *file);
/*
 * The same, but under `path` instead of the name given to open: for files
 * named after their content (a hash), known only once they are written.
 * The temporary file stays next to the name given to open, so `path` must
 * be in the same folder.
 */
int atomic_file_commit_as(struct atomic_file *file, const char *path);
/* Discards the temporary file. Safe to call after commit or on a zeroed struct. */
void atomic_file_abort(struct atomic_file *file);

#endif
