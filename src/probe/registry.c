/*
 * The table of probe families and the JSON helpers every family shares.
 * See probe.h for how to add a probe or a family.
 */
#include <string.h>
#include <strings.h>

#include "probe/probe.h"

const struct probe_family *const probe_families[] = {
	&probe_family_aws,   &probe_family_azure,      &probe_family_gcp,   &probe_family_host,
	&probe_family_image, &probe_family_kubernetes, &probe_family_tools, NULL,
};

const struct probe *probe_find(const char *id, const struct probe_family **family)
{
	for (size_t f = 0; probe_families[f]; f++)
		for (size_t p = 0; p < probe_families[f]->probe_count; p++)
			if (!strcmp(probe_families[f]->probes[p].id, id)) {
				if (family)
					*family = probe_families[f];
				return &probe_families[f]->probes[p];
			}
	return NULL;
}

static const json_t *member(const json_t *object, const char *name, size_t length,
			    int case_insensitive)
{
	if (!json_is_object(object))
		return NULL;
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)object, key, value) {
		if (strlen(key) != length)
			continue;
		if (case_insensitive ? !strncasecmp(key, name, length)
				     : !strncmp(key, name, length))
			return value;
	}
	return NULL;
}

static const json_t *get(const json_t *root, const char *path, int case_insensitive)
{
	const json_t *node = root;
	while (node && *path) {
		const char *dot = strchr(path, '.');
		size_t length = dot ? (size_t)(dot - path) : strlen(path);
		node = member(node, path, length, case_insensitive);
		path += length + (dot != NULL);
	}
	return node;
}

const json_t *probe_json_get(const json_t *root, const char *path)
{
	return get(root, path, 0);
}

const json_t *probe_json_get_ci(const json_t *root, const char *path)
{
	return get(root, path, 1);
}

const char *probe_json_string(const json_t *root, const char *path)
{
	return json_string_value(probe_json_get(root, path));
}

void probe_pointer_append(char *pointer, size_t size, const char *key)
{
	size_t length = strlen(pointer);
	if (length + 1 >= size)
		return;
	pointer[length++] = '/';
	for (const char *c = key; *c && length + 2 < size; c++) {
		if (*c == '~' || *c == '/') {
			pointer[length++] = '~';
			pointer[length++] = *c == '~' ? '0' : '1';
		} else {
			pointer[length++] = *c;
		}
	}
	pointer[length] = '\0';
}
