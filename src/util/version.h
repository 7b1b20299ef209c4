/*
 * srgap's version as people and reports should see it: "0.1.0" from a
 * release tarball, "0.1.0 (abc1234)" or "0.1.0 (v0.1.0-3-gabc1234-dirty)"
 * from a git checkout (git describe at build time). Only util/version.c
 * includes the generated header, so a new commit recompiles one file.
 */
#ifndef SRGAP_UTIL_VERSION_H
#define SRGAP_UTIL_VERSION_H

#include <stdbool.h>

/* The version string, e.g. "0.1.0 (abc1234)"; static storage. */
const char *srgap_version(void);
/* "srgap " and the version: what outputs name as their generator. */
const char *srgap_generator(void);
/*
 * Whether `generator` (an output's "generator") names this release of
 * srgap, from whatever commit: "srgap 0.1.0" or "srgap 0.1.0 (...)".
 */
bool srgap_generator_is_this_release(const char *generator);

#endif
