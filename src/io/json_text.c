/*
 * json_text_has_nul and json_text_load (see json_text.h). The scan is one
 * memchr over text that is about to be parsed anyway.
 */
#include "io/json_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

int json_text_has_nul(const char *text, size_t length, json_error_t *error)
{
	const char *nul = memchr(text, '\0', length);
	if (!nul)
		return 0;
	int line = 1, column = 1;
	for (const char *c = text; c < nul; c++) {
		if (*c == '\n') {
			line++;
			column = 1;
		} else if (((unsigned char)*c & 0xC0) != 0x80) {
			column++;
		}
	}
	memset(error, 0, sizeof(*error));
	error->line = line;
	error->column = column;
	error->position = (int)(nul - text) + 1;
	snprintf(error->text, sizeof(error->text), "NUL byte in JSON text");
	return 1;
}

json_t *json_text_load(const char *text, size_t length, size_t flags, json_error_t *error)
{
	if (json_text_has_nul(text, length, error))
		return NULL;
	return json_loadb(text, length, flags, error);
}

json_t *json_text_load_stream(FILE *stream, size_t flags, json_error_t *error)
{
	struct strbuf text;
	strbuf_init(&text);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), stream)) > 0)
		strbuf_add(&text, chunk, got);
	json_t *root = NULL;
	if (ferror(stream)) {
		memset(error, 0, sizeof(*error));
		error->line = error->column = error->position = -1;
		snprintf(error->text, sizeof(error->text), "read error: %s", strerror(errno));
	} else {
		root = json_text_load(text.buf ? text.buf : "", text.len, flags, error);
	}
	strbuf_release(&text);
	return root;
}
