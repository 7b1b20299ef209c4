/*
 * The build-tree rule compares the binary's directory with the build root
 * meson recorded; that keeps `./build/srgap` working without installing and
 * keeps an installed binary from reading a stale checkout.
 */
#include "util/datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int has_catalog(const char *dir)
{
	char *path = xasprintf("%s/models/nist-sp800-190.yaml", dir);
	struct stat st;
	int found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return found;
}

static char *executable_dir(void)
{
	char buffer[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
	if (length <= 0)
		return NULL;
	buffer[length] = '\0';
	char *slash = strrchr(buffer, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buffer);
}

static int in_build_tree(const char *exe_dir)
{
	char resolved[PATH_MAX];
	if (!realpath(SRGAP_BUILD_DIR, resolved))
		return 0;
	size_t length = strlen(resolved);
	return !strncmp(exe_dir, resolved, length) &&
	       (exe_dir[length] == '\0' || exe_dir[length] == '/');
}

char *datadir_find(const char *option_value, char **tried)
{
	struct strbuf places;
	strbuf_init(&places);
	char *found = NULL;
	char *exe_dir = executable_dir();
	const char *explicit_dir = option_value ? option_value : getenv("SRGAP_DATA_DIR");

	if (explicit_dir && *explicit_dir) {
		/* An explicit choice is never silently replaced by another place. */
		if (has_catalog(explicit_dir))
			found = xstrdup(explicit_dir);
		strbuf_addstr(&places, explicit_dir);
		goto out;
	}
	if (exe_dir && in_build_tree(exe_dir)) {
		if (has_catalog(SRGAP_SOURCE_DATA_DIR)) {
			found = xstrdup(SRGAP_SOURCE_DATA_DIR);
			goto out;
		}
		strbuf_addf(&places, "%s, ", SRGAP_SOURCE_DATA_DIR);
	}
	if (has_catalog(SRGAP_INSTALL_DATA_DIR)) {
		found = xstrdup(SRGAP_INSTALL_DATA_DIR);
		goto out;
	}
	strbuf_addstr(&places, SRGAP_INSTALL_DATA_DIR);
	if (exe_dir) {
		char *relative = xasprintf("%s/../share/srgap", exe_dir);
		if (has_catalog(relative)) {
			found = relative;
			goto out;
		}
		strbuf_addf(&places, ", %s", relative);
		free(relative);
	}
out:
	free(exe_dir);
	if (found) {
		strbuf_release(&places);
		*tried = NULL;
	} else {
		*tried = strbuf_detach(&places);
	}
	return found;
}
