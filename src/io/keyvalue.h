/*
 * key=value text reports, such as Lynis's lynis-report.dat, decoded into a
 * JSON object so that probe families read them like any other document:
 *   key=value      -> "key": "value"
 *   key[]=value    -> "key": ["value", ...]   (one element per line, in order)
 * A plain key that appears more than once also becomes an array. Blank
 * lines and lines starting with '#' are comments. A file with any other
 * kind of line is not key=value text.
 */
#ifndef SRGAP_IO_KEYVALUE_H
#define SRGAP_IO_KEYVALUE_H

#include <jansson.h>
#include <stddef.h>

struct diag_list;

/* Largest report read. */
#define KEYVALUE_MAX_BYTES (64u * 1024 * 1024)

/*
 * Decodes `data`. Returns a new object (the caller decrefs), or NULL if the
 * text is not key=value lines (no pairs, a line without '=', a key with
 * characters other than A-Z a-z 0-9 _ . -, or a NUL byte).
 */
json_t *keyvalue_decode(const char *data, size_t length);

/*
 * Reads and decodes `path`. Returns NULL without a diagnostic if the file
 * is not key=value text, or NULL with a diagnostic (`code_prefix`.unreadable,
 * `code_prefix`.too-large) if it cannot be read.
 */
json_t *keyvalue_load_file(const char *path, const char *code_prefix, struct diag_list *diags);

#endif
