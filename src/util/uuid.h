/*
 * Name-based UUIDs (version 5, RFC 9562 section 5.5): the same namespace and
 * name always give the same UUID, so a document rebuilt from the same
 * content keeps its identifiers. Text form: 36 lower-case characters.
 */
#ifndef SRGAP_UTIL_UUID_H
#define SRGAP_UTIL_UUID_H

#include <stddef.h>

#include "util/sha1.h"

#define UUID_SIZE      16
#define UUID_TEXT_SIZE 37 /* "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" and its NUL */

/* Streaming form: uuid_v5_begin, uuid_v5_add for each part of the name, uuid_v5_end. */
struct uuid_v5 {
	struct sha1 sha1;
};
void uuid_v5_begin(struct uuid_v5 *uuid, const unsigned char namespace_id[UUID_SIZE]);
void uuid_v5_add(struct uuid_v5 *uuid, const void *data, size_t length);
void uuid_v5_end(struct uuid_v5 *uuid, char text[UUID_TEXT_SIZE]);

/* The UUID of one name in one namespace. */
void uuid_v5(const unsigned char namespace_id[UUID_SIZE], const void *name, size_t length,
	     char text[UUID_TEXT_SIZE]);

/* "6ba7b810-9dad-11d1-80b4-00c04fd430c8" into bytes; -1 if it is not that form. */
int uuid_parse(const char *text, unsigned char bytes[UUID_SIZE]);

#endif
