/*
 * Version 5 UUIDs: the first 16 bytes of SHA-1(namespace || name) with the
 * version (5) and variant (RFC 4122/9562, binary 10) bits set.
 */
#include "util/uuid.h"

#include <string.h>

void uuid_v5_begin(struct uuid_v5 *uuid, const unsigned char namespace_id[UUID_SIZE])
{
	sha1_init(&uuid->sha1);
	sha1_update(&uuid->sha1, namespace_id, UUID_SIZE);
}

void uuid_v5_add(struct uuid_v5 *uuid, const void *data, size_t length)
{
	sha1_update(&uuid->sha1, data, length);
}

void uuid_v5_end(struct uuid_v5 *uuid, char text[UUID_TEXT_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[SHA1_DIGEST_SIZE];
	sha1_final(&uuid->sha1, digest);
	digest[6] = (unsigned char)((digest[6] & 0x0f) | 0x50);
	digest[8] = (unsigned char)((digest[8] & 0x3f) | 0x80);
	char *out = text;
	for (size_t i = 0; i < UUID_SIZE; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*out++ = '-';
		*out++ = hex[digest[i] >> 4];
		*out++ = hex[digest[i] & 15];
	}
	*out = '\0';
}

void uuid_v5(const unsigned char namespace_id[UUID_SIZE], const void *name, size_t length,
	     char text[UUID_TEXT_SIZE])
{
	struct uuid_v5 uuid;
	uuid_v5_begin(&uuid, namespace_id);
	uuid_v5_add(&uuid, name, length);
	uuid_v5_end(&uuid, text);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int uuid_parse(const char *text, unsigned char bytes[UUID_SIZE])
{
	if (strlen(text) != UUID_TEXT_SIZE - 1)
		return -1;
	size_t byte = 0;
	for (size_t i = 0; i < UUID_TEXT_SIZE - 1;) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (text[i++] != '-')
				return -1;
			continue;
		}
		int high = hex_value(text[i]), low = hex_value(text[i + 1]);
		if (high < 0 || low < 0)
			return -1;
		bytes[byte++] = (unsigned char)(high << 4 | low);
		i += 2;
	}
	return 0;
}
