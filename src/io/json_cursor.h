/*
 * A byte cursor over a JSON file read through a sliding buffer: it finds
 * where a value ends (honouring strings and escapes) without decoding it,
 * so callers can decode one slice at a time with jansson, copy a slice
 * verbatim, or skip it. It counts lines and columns as it goes, so an error
 * inside element 40,000 is reported at the file's own line:column. Memory
 * is the largest value looked at, not the file.
 *
 * json_stream.c (evidence) and render/merge.c (assessment parts) read
 * through it.
 */
#ifndef SRGAP_IO_JSON_CURSOR_H
#define SRGAP_IO_JSON_CURSOR_H

#include <jansson.h>
#include <stdio.h>

struct diag_list;

struct json_cursor {
	FILE *stream;
	const char *path;
	const char *code_prefix; /* "evidence" -> evidence.json-syntax */
	struct diag_list *diags;
	char *buffer;
	size_t start;  /* first unconsumed byte */
	size_t length; /* bytes in buffer */
	size_t capacity;
	size_t chunk; /* bytes read at a time: 1 MiB, or less for a small file */
	int eof;
	/* jansson flags json_cursor_decode adds: JSON_ALLOW_NUL (evidence), or 0. */
	size_t decode_flags;
	int line;   /* 1-based line of buffer[start] */
	int column; /* 1-based column (in characters) of buffer[start] */
};

/*
 * Opens `path` (a leading byte-order mark is skipped). Returns 0, or -1
 * after adding `code_prefix`.unreadable.
 */
int json_cursor_open(struct json_cursor *cursor, const char *path, const char *code_prefix,
		     struct diag_list *diags);
/* Adds `code_prefix`.unreadable if reading failed; returns -1 then, else 0. Closes either way. */
int json_cursor_close(struct json_cursor *cursor);

/* Skips blanks; the next byte without consuming it, or -1 at end of file (or a read error). */
int json_cursor_peek(struct json_cursor *cursor);
/* Consumes `count` bytes (already in the buffer), keeping line and column. */
void json_cursor_advance(struct json_cursor *cursor, size_t count);
/*
 * The length of the value at the cursor (after json_cursor_peek), reading
 * more as needed; the buffer may move, so take json_cursor_data afterwards.
 * -1 when the file ends inside it.
 */
long json_cursor_value_length(struct json_cursor *cursor);
/* The unconsumed bytes. */
static inline const char *json_cursor_data(const struct json_cursor *cursor)
{
	return cursor->buffer + cursor->start;
}
/*
 * Decodes the `length` bytes at the cursor on their own (no duplicate keys,
 * any value). NULL when invalid; reported at the file's line:column when
 * `report`.
 */
json_t *json_cursor_decode(struct json_cursor *cursor, size_t length, int report);
/* Adds `code_prefix`.json-syntax "invalid JSON: MESSAGE" at line:column; returns -1. */
int json_cursor_error(struct json_cursor *cursor, int line, int column, const char *message);

#endif
