/*
 * Where srgap's data (models/, providers/, templates/) lives: --data-dir,
 * then SRGAP_DATA_DIR, then the source tree when running from the build
 * tree, then the installed datadir (or ../share/srgap beside the binary).
 */
#ifndef SRGAP_UTIL_DATADIR_H
#define SRGAP_UTIL_DATADIR_H

/*
 * Returns a new string the caller frees, or NULL with *tried set to a new
 * string listing the places looked at (caller frees).
 */
char *datadir_find(const char *option_value, char **tried);

#endif
