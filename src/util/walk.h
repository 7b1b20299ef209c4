/*
 * Walking a folder tree in a stable order: the regular files under a path,
 * depth first, each folder's entries in byte order of their names, so two
 * machines with the same tree see the same files in the same order whatever
 * their locale or file system. Hidden entries (a leading '.': .git, editor
 * files) are skipped. Below the starting path a symbolic link to a file is
 * read as that file (Kubernetes mounts a ConfigMap's keys as such links),
 * but a link to a folder is never followed, so a link cannot make the walk
 * loop or wander off into another tree.
 */
#ifndef SRGAP_UTIL_WALK_H
#define SRGAP_UTIL_WALK_H

struct diag_list;

/* Folders nested deeper than this below the starting path are an error. */
#define WALK_MAX_DEPTH 32

typedef void walk_fn(void *context, const char *path);

/*
 * Calls `visit` for `path` itself when it is a file (a link to one is
 * followed), else for every regular file below it. An unreadable path or
 * folder is an error diagnostic (`code_prefix`.unreadable, .too-deep) and
 * the walk goes on with the rest. Returns 0, or -1 when `path` itself cannot
 * be read.
 */
int walk_files(const char *path, const char *code_prefix, walk_fn *visit, void *context,
	       struct diag_list *diags);

#endif
