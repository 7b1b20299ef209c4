/*
 * key=value decoding. The format has no quoting or escapes: everything after
 * the first '=' is the value, kept byte for byte except a trailing CR.
 * Bytes that are not UTF-8 (a report written in a Latin-1 locale) become
 * '?', because JSON strings must be UTF-8. It does not know what any key
 * means; the tools probe family does.
 */
#include "io/keyvalue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/diag.h"
#include "util/xalloc.h"

#define MAX_KEY 128

static int key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

static json_t *string_value(const char *text, size_t length)
{
	json_t *value = json_stringn(text, length);
	if (value)
		return value;
	char *copy = xstrndup(text, length);
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	value = json_stringn(copy, length);
	free(copy);
	return value;
}

/* Adds one pair; `list` forces an array (`key[]=`). */
static void add_pair(json_t *object, const char *key, json_t *value, int list)
{
	json_t *existing = json_object_get(object, key);
	if (!existing) {
		if (list) {
			json_t *array = json_array();
			json_array_append_new(array, value);
			json_object_set_new(object, key, array);
		} else {
			json_object_set_new(object, key, value);
		}
		return;
	}
	if (json_is_array(existing)) {
		json_array_append_new(existing, value);
		return;
	}
	json_t *array = json_array();
	json_array_append(array, existing);
	json_array_append_new(array, value);
	json_object_set_new(object, key, array);
}

json_t *keyvalue_decode(const char *data, size_t length)
{
	if (memchr(data, '\0', length))
		return NULL;
	json_t *object = json_object();
	size_t pairs = 0;
	const char *end = data + length;
	for (const char *line = data; line < end;) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		const char *stop = newline ? newline : end;
		const char *next = newline ? newline + 1 : end;
		if (stop > line && stop[-1] == '\r')
			stop--;
		const char *first = line;
		while (first < stop && (*first == ' ' || *first == '\t'))
			first++;
		if (first == stop || *first == '#') {
			line = next;
			continue;
		}
		const char *equals = memchr(line, '=', (size_t)(stop - line));
		if (!equals)
			goto not_keyvalue;
		const char *key_end = equals;
		int list = 0;
		if (key_end - line >= 3 && key_end[-2] == '[' && key_end[-1] == ']') {
			key_end -= 2;
			list = 1;
		}
		if (key_end == line || key_end - line > MAX_KEY)
			goto not_keyvalue;
		for (const char *c = line; c < key_end; c++)
			if (!key_char(*c))
				goto not_keyvalue;
		char key[MAX_KEY + 1];
		memcpy(key, line, (size_t)(key_end - line));
		key[key_end - line] = '\0';
		add_pair(object, key, string_value(equals + 1, (size_t)(stop - equals - 1)), list);
		pairs++;
		line = next;
	}
	if (pairs)
		return object;
not_keyvalue:
	json_decref(object);
	return NULL;
}

json_t *keyvalue_load_file(const char *path, const char *code_prefix, struct diag_list *diags)
{
	char code[96];
	FILE *stream = fopen(path, "rb");
	if (!stream) {
		snprintf(code, sizeof(code), "%s.unreadable", code_prefix);
		diag_error(diags, path, 0, 0, code, "cannot open: %s", strerror(errno));
		return NULL;
	}
	json_t *object = NULL;
	struct stat st;
	if (fstat(fileno(stream), &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	if ((unsigned long long)st.st_size > KEYVALUE_MAX_BYTES) {
		snprintf(code, sizeof(code), "%s.too-large", code_prefix);
		diag_error(diags, path, 0, 0, code, "file is larger than %u MiB",
			   KEYVALUE_MAX_BYTES >> 20);
		goto out;
	}
	size_t size = (size_t)st.st_size;
	char *data = xmalloc(size + 1);
	size_t got = fread(data, 1, size, stream);
	if (ferror(stream)) {
		snprintf(code, sizeof(code), "%s.unreadable", code_prefix);
		diag_error(diags, path, 0, 0, code, "read error: %s", strerror(errno));
	} else {
		object = keyvalue_decode(data, got);
	}
	free(data);
out:
	fclose(stream);
	return object;
}
