/*
 * A small byte scanner finds where each top-level element (or List item)
 * ends, honouring strings and escapes; jansson decodes just that slice. The
 * scanner counts lines as it goes, so a decode error inside item 40,000 is
 * still reported at the file's own line and column. Object members other
 * than "items" are skipped without being decoded.
 */
#include "io/json_stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/json_text.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define CHUNK (1u << 20)

struct reader {
	FILE *stream;
	const char *path;
	const char *code_prefix;
	struct diag_list *diags;
	char *buffer;
	size_t start;  /* first unconsumed byte */
	size_t length; /* bytes in buffer */
	size_t capacity;
	size_t chunk; /* bytes read at a time: CHUNK, or less for a small file */
	int eof;
	int line;   /* line of buffer[start] */
	int column; /* column of buffer[start] */
};

static int fill(struct reader *r)
{
	if (r->eof)
		return 0;
	if (r->start > 0) {
		memmove(r->buffer, r->buffer + r->start, r->length - r->start);
		r->length -= r->start;
		r->start = 0;
	}
	if (r->capacity - r->length < r->chunk)
		r->buffer = xgrow(r->buffer, &r->capacity, r->length + r->chunk, 1);
	size_t got = fread(r->buffer + r->length, 1, r->capacity - r->length, r->stream);
	if (got == 0) {
		if (ferror(r->stream))
			return -1;
		r->eof = 1;
	}
	r->length += got;
	return (int)got;
}

static void advance(struct reader *r, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (r->buffer[r->start + i] == '\n') {
			r->line++;
			r->column = 1;
		} else if (((unsigned char)r->buffer[r->start + i] & 0xC0) != 0x80) {
			r->column++;
		}
	}
	r->start += count;
}

/* Skips blanks; returns the next byte without consuming it, or -1 at end of file. */
static int peek(struct reader *r)
{
	for (;;) {
		while (r->start < r->length) {
			char c = r->buffer[r->start];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				return (unsigned char)c;
			advance(r, 1);
		}
		if (fill(r) <= 0)
			return -1;
	}
}

static int syntax_error(struct reader *r, int line, int column, const char *message)
{
	char code[96];
	snprintf(code, sizeof(code), "%s.json-syntax", r->code_prefix);
	return diag_error(r->diags, r->path, line, column, code, "invalid JSON: %s", message);
}

/*
 * Finds the end of the value starting at buffer[start]: returns its length,
 * reading more as needed (the buffer may move). -1 on a premature end.
 */
static long value_length(struct reader *r)
{
	size_t offset = 0;
	int depth = 0, in_string = 0, escaped = 0;
	int scalar = r->buffer[r->start] != '{' && r->buffer[r->start] != '[' &&
		     r->buffer[r->start] != '"';
	for (;;) {
		while (r->start + offset < r->length) {
			char c = r->buffer[r->start + offset++];
			if (in_string) {
				if (escaped)
					escaped = 0;
				else if (c == '\\')
					escaped = 1;
				else if (c == '"') {
					in_string = 0;
					if (depth == 0)
						return (long)offset;
				}
				continue;
			}
			if (scalar) {
				if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' ||
				    c == '\r' || c == '\t')
					return (long)offset - 1;
				continue;
			}
			if (c == '"')
				in_string = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return (long)offset;
		}
		int got = fill(r);
		if (got < 0)
			return -1;
		if (got == 0)
			return scalar ? (long)offset : -1;
	}
}

static int decode_and_visit(struct reader *r, size_t length, const char *pointer,
			    json_stream_fn *visit, void *context, int *stop)
{
	json_error_t error;
	json_t *root =
		json_text_load(r->buffer + r->start, length,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
	if (!root) {
		int line = r->line + (error.line > 0 ? error.line - 1 : 0);
		int column = error.line <= 1 ? r->column + (error.column > 0 ? error.column - 1 : 0)
					     : error.column;
		return syntax_error(r, line, column, error.text);
	}
	struct json_stream_document document = {
		.file = r->path, .pointer = pointer, .root = root, .line = r->line};
	*stop = visit(context, &document);
	json_decref(root);
	return 0;
}

/* Streams the elements of the array at buffer[start] ('['). */
static int stream_array(struct reader *r, const char *prefix, json_stream_fn *visit, void *context,
			int *stop)
{
	advance(r, 1);
	char pointer[256];
	for (size_t index = 0;; index++) {
		int c = peek(r);
		if (c == ']') {
			advance(r, 1);
			return 0;
		}
		if (index > 0) {
			if (c != ',')
				return syntax_error(r, r->line, r->column,
						    "expected ',' or ']' between array elements");
			advance(r, 1);
			c = peek(r);
		}
		if (c < 0)
			return syntax_error(r, r->line, r->column, "unexpected end of file");
		int line = r->line, column = r->column;
		long length = value_length(r);
		if (length < 0)
			return syntax_error(r, line, column,
					    "unexpected end of file inside this element");
		snprintf(pointer, sizeof(pointer), "%s/%zu", prefix, index);
		if (decode_and_visit(r, (size_t)length, pointer, visit, context, stop) < 0)
			return -1;
		advance(r, (size_t)length);
		if (*stop)
			return 0;
	}
}

/*
 * Decodes the key or member value at buffer[start] on its own, as jansson
 * would inside the whole document. NULL when it is not valid; the error is
 * reported when `report`.
 */
static json_t *decode_slice(struct reader *r, size_t length, int report)
{
	json_error_t error;
	json_t *value =
		json_loadb(r->buffer + r->start, length,
			   JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
	if (!value && report) {
		int line = r->line + (error.line > 0 ? error.line - 1 : 0);
		int column = error.line <= 1 ? r->column + (error.column > 0 ? error.column - 1 : 0)
					     : error.column;
		syntax_error(r, line, column, error.text);
	}
	return value;
}

/*
 * Scans a top-level object for an "items" array; returns 1 if it streamed
 * one. Before the items, anything odd returns 0 so that the whole-file
 * decoder reports it. Every other member is decoded on its own and dropped,
 * so the document is checked as jansson checks it (no key twice, nothing
 * after the object) without ever holding all of it; after the items a
 * problem is reported here and sets *failed.
 */
static int stream_items(struct reader *r, json_stream_fn *visit, void *context, int *stop,
			int *failed)
{
	json_t *keys = json_object(); /* every key so far */
	int streamed = 0, line = r->line, column = r->column;
	const char *problem = NULL;
	advance(r, 1);
	for (int first = 1; !problem; first = 0) {
		int c = peek(r);
		line = r->line;
		column = r->column;
		if (c == '}') {
			advance(r, 1);
			if (streamed && peek(r) >= 0) {
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
			advance(r, 1);
			c = peek(r);
			line = r->line;
			column = r->column;
		}
		long key_length = c == '"' ? value_length(r) : -1;
		json_t *key = key_length < 0 ? NULL : decode_slice(r, (size_t)key_length, streamed);
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
		advance(r, (size_t)key_length);
		if (peek(r) != ':') {
			line = r->line;
			column = r->column;
			problem = "':' expected";
			break;
		}
		advance(r, 1);
		c = peek(r);
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
		long length = c < 0 ? -1 : value_length(r);
		json_t *value = length < 0 ? NULL : decode_slice(r, (size_t)length, streamed);
		if (!value) {
			problem = length < 0 ? "unexpected end of file" : "";
			break;
		}
		json_decref(value);
		advance(r, (size_t)length);
	}
	json_decref(keys);
	if (streamed && problem) {
		if (*problem)
			syntax_error(r, line, column, problem);
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
	char code[96];
	struct reader r = {
		.path = path, .code_prefix = code_prefix, .diags = diags, .line = 1, .column = 1};
	int result = 0, stop = 0, failed = 0;
	r.stream = fopen(path, "rb");
	if (!r.stream) {
		snprintf(code, sizeof(code), "%s.unreadable", code_prefix);
		return diag_error(diags, path, 0, 0, code, "cannot open: %s", strerror(errno));
	}
	/* Most evidence files are small: no 1 MiB window for a 2 KB file. */
	struct stat st;
	r.chunk = CHUNK;
	if (fstat(fileno(r.stream), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (unsigned long long)st.st_size < CHUNK)
		r.chunk = (size_t)st.st_size + 4096;
	int c = peek(&r);
	if (c >= 0 && r.length - r.start >= 3 && !memcmp(r.buffer + r.start, "\xEF\xBB\xBF", 3)) {
		r.start += 3; /* a byte-order mark is not content */
		c = peek(&r);
	}
	if (c == '[') {
		result = stream_array(&r, "", visit, context, &stop);
		if (result == 0 && !stop && peek(&r) >= 0)
			result = syntax_error(&r, r.line, r.column, "end of file expected");
	} else if (c == '{' && stream_items(&r, visit, context, &stop, &failed)) {
		result = failed ? -1 : 0;
	} else {
		/* Not a list: small by nature (a cluster, a report); decode it whole. */
		result = decode_whole(r.stream, path, code_prefix, visit, context, diags);
	}
	if (ferror(r.stream)) {
		snprintf(code, sizeof(code), "%s.unreadable", code_prefix);
		result = diag_error(diags, path, 0, 0, code, "read error: %s", strerror(errno));
	}
	fclose(r.stream);
	free(r.buffer);
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
