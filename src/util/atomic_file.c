/*
 * Temporary files are created with mkstemp next to the target so rename(2)
 * stays within one file system and is atomic. The final file gets the usual
 * 0666 & ~umask permissions, not mkstemp's 0600.
 */
#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

static void release(struct atomic_file *file)
{
	free(file->path);
	free(file->temporary);
	file->path = NULL;
	file->temporary = NULL;
	file->stream = NULL;
}

int atomic_file_open(struct atomic_file *file, const char *path)
{
	file->path = xstrdup(path);
	file->temporary = xasprintf("%s.tmp.XXXXXX", path);
	file->stream = NULL;
	int fd = mkstemp(file->temporary);
	if (fd < 0) {
		int saved = errno;
		release(file);
		errno = saved;
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	file->stream = fdopen(fd, "w");
	if (!file->stream) {
		int saved = errno;
		close(fd);
		unlink(file->temporary);
		release(file);
		errno = saved;
		return -1;
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *file)
{
	return atomic_file_commit_as(file, file->path);
}

int atomic_file_commit_as(struct atomic_file *file, const char *path)
{
	int failed = fflush(file->stream) != 0 || ferror(file->stream);
	if (!failed)
		failed = fsync(fileno(file->stream)) != 0 && errno != EINVAL;
	int saved = errno;
	if (fclose(file->stream) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	file->stream = NULL;
	if (!failed && rename(file->temporary, path) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed)
		unlink(file->temporary);
	release(file);
	errno = saved;
	return failed ? -1 : 0;
}

void atomic_file_abort(struct atomic_file *file)
{
	if (file->stream)
		fclose(file->stream);
	if (file->temporary)
		unlink(file->temporary);
	release(file);
}
