/*
 * The folder walker behind evidence folders and inventory folders. It only
 * lists files; reading them is the caller's business.
 */
#include "util/walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/diag.h"
#include "util/xalloc.h"

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *code(const char *prefix, const char *suffix, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s.%s", prefix, suffix);
	return buffer;
}

static void walk(const char *path, const struct stat *st, int depth, const char *code_prefix,
		 walk_fn *visit, void *context, struct diag_list *diags)
{
	char code_text[96];
	if (S_ISREG(st->st_mode)) {
		visit(context, path);
		return;
	}
	if (!S_ISDIR(st->st_mode))
		return; /* symbolic links, devices, sockets */
	if (depth > WALK_MAX_DEPTH) {
		diag_error(diags, path, 0, 0, code(code_prefix, "too-deep", code_text, 96),
			   "folders nested deeper than %d levels", WALK_MAX_DEPTH);
		return;
	}
	DIR *dir = opendir(path);
	if (!dir) {
		diag_error(diags, path, 0, 0, code(code_prefix, "unreadable", code_text, 96),
			   "cannot open: %s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t count = 0, capacity = 0;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue; /* ., .., and hidden files such as .git */
		names = xgrow(names, &capacity, count + 1, sizeof(*names));
		names[count++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (count)
		qsort(names, count, sizeof(*names), compare_names);
	size_t length = strlen(path);
	bool slash = length && path[length - 1] == '/';
	for (size_t i = 0; i < count; i++) {
		char *child = xasprintf("%s%s%s", path, slash ? "" : "/", names[i]);
		struct stat child_st, target;
		if (lstat(child, &child_st) != 0) {
			diag_error(diags, child, 0, 0,
				   code(code_prefix, "unreadable", code_text, 96),
				   "cannot read: %s", strerror(errno));
		} else {
			/* A link to a file is read: a Kubernetes ConfigMap mounts its keys so. */
			if (S_ISLNK(child_st.st_mode) && stat(child, &target) == 0 &&
			    S_ISREG(target.st_mode))
				child_st = target;
			walk(child, &child_st, depth + 1, code_prefix, visit, context, diags);
		}
		free(child);
		free(names[i]);
	}
	free(names);
}

int walk_files(const char *path, const char *code_prefix, walk_fn *visit, void *context,
	       struct diag_list *diags)
{
	char code_text[96];
	struct stat st;
	if (stat(path, &st) != 0)
		return diag_error(diags, path, 0, 0, code(code_prefix, "unreadable", code_text, 96),
				  "cannot read: %s", strerror(errno));
	walk(path, &st, 0, code_prefix, visit, context, diags);
	return 0;
}
