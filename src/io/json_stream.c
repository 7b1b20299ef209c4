/*
 * The byte cursor (io/json_cursor.c) finds where each top-level element (or
 * List item) ends, honouring strings and escapes; jansson decodes just that
 * slice. Lines are counted as it goes, so a decode error inside item 40,000
 * is still reported at the file's own line and column. Object members other
 * than "items" are decoded on their own and dropped.
 */
#include "io/json_stream.h"

#include <stdio.h>
#include <string.h>

#include "io/json_cursor.h"
#include "io/json_text.h"
#include "util/diag.h"

static int decode_and_visit(struct json_cursor *r, size_t length, const char *pointer,
			    json_stream_fn *visit, void *context, int *stop)
{
	json_t *root = json_cursor_decode(r, length, 1);
	if (!root)
		return -1;
	struct json_stream_document document = {
		.file = r->path, .pointer = pointer, .root = root, .line = r->line};
	*stop = visit(context, &document);
	json_decref(root);
	return 0;
}

/* Streams the elements of the array at buffer[start] ('['). */
static int stream_array(struct json_cursor *r, const char *prefix, json_stream_fn *visit,
			void *context, int *stop)
{
	json_cursor_advance(r, 1);
	char pointer[256];
	for (size_t index = 0;; index++) {
		int c = json_cursor_peek(r);
		if (c == ']') {
			json_cursor_advance(r, 1);
			return 0;
		}
		if (index > 0) {
			if (c != ',')
				return json_cursor_error(
					r, r->line, r->column,
					"expected ',' or ']' between array elements");
			json_cursor_advance(r, 1);
			c = json_cursor_peek(r);
		}
		if (c < 0)
			return json_cursor_error(r, r->line, r->column, "unexpected end of file");
		int line = r->line, column = r->column;
		long length = json_cursor_value_length(r);
		if (length < 0)
			return json_cursor_error(r, line, column,
						 "unexpected end of file inside this element");
		snprintf(pointer, sizeof(pointer), "%s/%zu", prefix, index);
		if (decode_and_visit(r, (size_t)length, pointer, visit, context, stop) < 0)
			return -1;
		json_cursor_advance(r, (size_t)length);
		if (*stop)
			return 0;
	}
}

/*
 * Scans a top-level object for an "items" array; returns 1 if it streamed
 * one. Before the items, anything odd returns 0 so that the whole-file
 * decoder reports it. Every other member is decoded on its own and dropped,
 * so the document is checked as jansson checks it (no key twice, nothing
 * after the object) without ever holding all of it; after the items a
 * problem is reported here and sets *failed.
 */
static int stream_items(struct json_cursor *r, json_stream_fn *visit, void *context, int *stop,
			int *failed)
{
	json_t *keys = json_object(); /* every key so far */
	int streamed = 0, line = r->line, column = r->column;
	const char *problem = NULL;
	json_cursor_advance(r, 1);
	for (int first = 1; !problem; first = 0) {
		int c = json_cursor_peek(r);
		line = r->line;
		column = r->column;
		if (c == '}') {
			json_cursor_advance(r, 1);
			if (streamed && json_cursor_peek(r) >= 0) {
				line = r->line;
				column = r->column;
				problem = "end of file expected";
			}
			break;
		}
		if (!first) {
			if (c != ',') {
				problem = "',' or '}' expected";
				break;
			}
			json_cursor_advance(r, 1);
			c = json_cursor_peek(r);
			line = r->line;
			column = r->column;
		}
		long key_length = c == '"' ? json_cursor_value_length(r) : -1;
		json_t *key =
			key_length < 0 ? NULL : json_cursor_decode(r, (size_t)key_length, streamed);
		if (!key) {
			problem = key_length < 0 ? "string or '}' expected" : "";
			break;
		}
		const char *name = json_string_value(key);
		if (strlen(name) != json_string_length(key))
			problem = "NUL byte in object key not supported";
		else if (json_object_get(keys, name))
			problem = "duplicate object key";
		else
			json_object_set_new(keys, name, json_null());
		int is_items = !streamed && !strcmp(name, "items");
		json_decref(key);
		if (problem)
			break;
		json_cursor_advance(r, (size_t)key_length);
		if (json_cursor_peek(r) != ':') {
			line = r->line;
			column = r->column;
			problem = "':' expected";
			break;
		}
		json_cursor_advance(r, 1);
		c = json_cursor_peek(r);
		if (is_items && c == '[') {
			streamed = 1;
			if (stream_array(r, "/items", visit, context, stop) < 0)
				problem = ""; /* reported */
			if (*stop || problem)
				break;
			continue;
		}
		line = r->line;
		column = r->column;
		long length = c < 0 ? -1 : json_cursor_value_length(r);
		json_t *value = length < 0 ? NULL : json_cursor_decode(r, (size_t)length, streamed);
		if (!value) {
			problem = length < 0 ? "unexpected end of file" : "";
			break;
		}
		json_decref(value);
		json_cursor_advance(r, (size_t)length);
	}
	json_decref(keys);
	if (streamed && problem) {
		if (*problem)
			json_cursor_error(r, line, column, problem);
		*failed = 1;
	}
	return streamed;
}

static int decode_whole(FILE *stream, const char *path, const char *code_prefix,
			json_stream_fn *visit, void *context, struct diag_list *diags)
{
	json_error_t error;
	/* From the top again, past a byte-order mark (which is not content). */
	rewind(stream);
	unsigned char mark[3];
	if (fread(mark, 1, 3, stream) != 3 || memcmp(mark, "\xEF\xBB\xBF", 3))
		rewind(stream);
	json_t *root = json_text_load_stream(
		stream, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
	if (!root) {
		char code[96];
		snprintf(code, sizeof(code), "%s.json-syntax", code_prefix);
		return diag_error(diags, path, error.line > 0 ? error.line : 0,
				  error.column > 0 ? error.column : 0, code, "invalid JSON: %s",
				  error.text);
	}
	struct json_stream_document document = {
		.file = path, .pointer = "", .root = root, .line = 1};
	visit(context, &document);
	json_decref(root);
	return 0;
}

int json_stream_file(const char *path, const char *code_prefix, json_stream_fn *visit,
		     void *context, struct diag_list *diags)
{
	struct json_cursor cursor;
	struct json_cursor *r = &cursor;
	int result = 0, stop = 0, failed = 0;
	if (json_cursor_open(r, path, code_prefix, diags) < 0)
		return -1;
	int c = json_cursor_peek(r);
	if (c == '[') {
		result = stream_array(r, "", visit, context, &stop);
		if (result == 0 && !stop && json_cursor_peek(r) >= 0)
			result = json_cursor_error(r, r->line, r->column, "end of file expected");
	} else if (c == '{' && stream_items(r, visit, context, &stop, &failed)) {
		result = failed ? -1 : 0;
	} else {
		/* Not a list: small by nature (a cluster, a report); decode it whole. */
		result = decode_whole(r->stream, path, code_prefix, visit, context, diags);
	}
	if (json_cursor_close(r) < 0)
		result = -1;
	return result;
}

int json_stream_looks_like_json(const char *path)
{
	FILE *stream = fopen(path, "rb");
	if (!stream)
		return 0;
	int c;
	do
		c = fgetc(stream);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xEF || c == 0xBB ||
	       c == 0xBF);
	fclose(stream);
	return c == '{' || c == '[';
}
