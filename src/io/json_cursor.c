/*
 * The JSON byte cursor: a sliding read buffer, a scanner for where a value
 * ends and line counting. It never builds a tree; jansson decodes slices.
 */
#include "io/json_cursor.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/json_text.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define CHUNK (1u << 20)

/* "cannot open: ..." or "read error: ...". */
static int unreadable(struct json_cursor *cursor, const char *what)
{
	char code[96];
	snprintf(code, sizeof(code), "%s.unreadable", cursor->code_prefix);
	return diag_error(cursor->diags, cursor->path, 0, 0, code, "%s: %s", what, strerror(errno));
}

static int fill(struct json_cursor *cursor)
{
	if (cursor->eof)
		return 0;
	if (cursor->start > 0) {
		memmove(cursor->buffer, cursor->buffer + cursor->start,
			cursor->length - cursor->start);
		cursor->length -= cursor->start;
		cursor->start = 0;
	}
	if (cursor->capacity - cursor->length < cursor->chunk)
		cursor->buffer =
			xgrow(cursor->buffer, &cursor->capacity, cursor->length + cursor->chunk, 1);
	size_t got = fread(cursor->buffer + cursor->length, 1, cursor->capacity - cursor->length,
			   cursor->stream);
	if (got == 0) {
		if (ferror(cursor->stream))
			return -1;
		cursor->eof = 1;
	}
	cursor->length += got;
	return (int)got;
}

int json_cursor_open(struct json_cursor *cursor, const char *path, const char *code_prefix,
		     struct diag_list *diags)
{
	memset(cursor, 0, sizeof(*cursor));
	cursor->path = path;
	cursor->code_prefix = code_prefix;
	cursor->diags = diags;
	cursor->line = 1;
	cursor->decode_flags = JSON_ALLOW_NUL;
	cursor->column = 1;
	cursor->stream = fopen(path, "rb");
	if (!cursor->stream)
		return unreadable(cursor, "cannot open");
	/* Most evidence files are small: no 1 MiB window for a 2 KB file. */
	struct stat st;
	cursor->chunk = CHUNK;
	if (fstat(fileno(cursor->stream), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (unsigned long long)st.st_size < CHUNK)
		cursor->chunk = (size_t)st.st_size + 4096;
	int c = json_cursor_peek(cursor);
	if (c >= 0 && cursor->length - cursor->start >= 3 &&
	    !memcmp(cursor->buffer + cursor->start, "\xEF\xBB\xBF", 3))
		cursor->start += 3; /* a byte-order mark is not content */
	return 0;
}

int json_cursor_close(struct json_cursor *cursor)
{
	int result = 0;
	if (cursor->stream && ferror(cursor->stream))
		result = unreadable(cursor, "read error");
	if (cursor->stream)
		fclose(cursor->stream);
	free(cursor->buffer);
	cursor->stream = NULL;
	cursor->buffer = NULL;
	return result;
}

void json_cursor_advance(struct json_cursor *cursor, size_t count)
{
	const char *at = cursor->buffer + cursor->start, *end = at + count, *newline;
	/* memchr finds line ends fast; columns are counted on the last line only. */
	while ((newline = memchr(at, '\n', (size_t)(end - at)))) {
		cursor->line++;
		cursor->column = 1;
		at = newline + 1;
	}
	for (; at < end; at++)
		if (((unsigned char)*at & 0xC0) != 0x80)
			cursor->column++;
	cursor->start += count;
}

int json_cursor_peek(struct json_cursor *cursor)
{
	for (;;) {
		while (cursor->start < cursor->length) {
			char c = cursor->buffer[cursor->start];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				return (unsigned char)c;
			json_cursor_advance(cursor, 1);
		}
		if (fill(cursor) <= 0)
			return -1;
	}
}

int json_cursor_error(struct json_cursor *cursor, int line, int column, const char *message)
{
	char code[96];
	snprintf(code, sizeof(code), "%s.json-syntax", cursor->code_prefix);
	return diag_error(cursor->diags, cursor->path, line, column, code, "invalid JSON: %s",
			  message);
}

long json_cursor_value_length(struct json_cursor *cursor)
{
	size_t offset = 0, opened = 0; /* the opening quote of the string being scanned */
	int depth = 0, in_string = 0;
	char first = cursor->buffer[cursor->start];
	int scalar = first != '{' && first != '[' && first != '"';
	for (;;) {
		while (cursor->start + offset < cursor->length) {
			const char *data = cursor->buffer + cursor->start;
			if (in_string) {
				/*
				 * Most bytes are inside strings: jump to the next quote, which
				 * ends the string unless an odd run of backslashes escapes it.
				 */
				const char *quote = memchr(data + offset, '"',
							   cursor->length - cursor->start - offset);
				if (!quote) {
					offset = cursor->length - cursor->start;
					break;
				}
				size_t at = (size_t)(quote - data), backslashes = 0;
				while (at - backslashes > opened + 1 &&
				       data[at - backslashes - 1] == '\\')
					backslashes++;
				offset = at + 1;
				if (backslashes % 2)
					continue;
				in_string = 0;
				if (depth == 0)
					return (long)offset;
				continue;
			}
			char c = data[offset++];
			if (scalar) {
				if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' ||
				    c == '\r' || c == '\t')
					return (long)offset - 1;
				continue;
			}
			if (c == '"') {
				in_string = 1;
				opened = offset - 1;
			} else if (c == '{' || c == '[')
				depth++;
			else if ((c == '}' || c == ']') && --depth == 0)
				return (long)offset;
		}
		int got = fill(cursor);
		if (got < 0)
			return -1;
		if (got == 0)
			return scalar ? (long)offset : -1;
	}
}

json_t *json_cursor_decode(struct json_cursor *cursor, size_t length, int report)
{
	json_error_t error;
	json_t *value = json_text_load(
		cursor->buffer + cursor->start, length,
		JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | cursor->decode_flags, &error);
	if (!value && report) {
		int line = cursor->line + (error.line > 0 ? error.line - 1 : 0);
		int column = error.line <= 1
				     ? cursor->column + (error.column > 0 ? error.column - 1 : 0)
				     : error.column;
		json_cursor_error(cursor, line, column, error.text);
	}
	return value;
}
