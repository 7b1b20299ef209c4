/*
 * The one check srgap makes on JSON text before jansson sees it: jansson
 * refuses a NUL byte inside a string, but silently skips one right after a
 * number or a literal (`[0<NUL>,1]` loads as [0, 1]), so a file could be
 * JSON to one srgap reader and not to another. A raw NUL byte is never
 * valid JSON; every reader of user JSON refuses it here, with its place.
 */
#ifndef SRGAP_IO_JSON_TEXT_H
#define SRGAP_IO_JSON_TEXT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/*
 * True if text[0..length) holds a NUL byte; then `error` is filled as
 * jansson fills it (1-based line, column in characters, byte position
 * just past it, text "NUL byte in JSON text").
 */
int json_text_has_nul(const char *text, size_t length, json_error_t *error);

/* json_loadb after json_text_has_nul: the way srgap loads JSON text it was given. */
json_t *json_text_load(const char *text, size_t length, size_t flags, json_error_t *error);

/*
 * The same for the rest of `stream`, read whole. A read error is reported
 * as jansson reports one: line -1 and the system's message.
 */
json_t *json_text_load_stream(FILE *stream, size_t flags, json_error_t *error);

#endif
