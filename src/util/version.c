/* The version string: the project version and, from a git checkout, git describe. */
#include "util/version.h"

#include <string.h>

#include "config.h"
#include "git_describe.h"

const char *srgap_version(void)
{
	return SRGAP_GIT_DESCRIBE[0] ? SRGAP_VERSION " (" SRGAP_GIT_DESCRIBE ")" : SRGAP_VERSION;
}

const char *srgap_generator(void)
{
	return SRGAP_GIT_DESCRIBE[0] ? "srgap " SRGAP_VERSION " (" SRGAP_GIT_DESCRIBE ")"
				     : "srgap " SRGAP_VERSION;
}

bool srgap_generator_is_this_release(const char *generator)
{
	static const char release[] = "srgap " SRGAP_VERSION;
	size_t length = sizeof(release) - 1;
	return generator && !strncmp(generator, release, length) &&
	       (!generator[length] || !strncmp(generator + length, " (", 2));
}
