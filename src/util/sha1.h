/*
 * SHA-1 (FIPS 180-4), for name-based UUIDs (version 5, RFC 9562) and
 * nothing else: SHA-1 is broken for collision resistance, which name-based
 * identifiers do not need. Streaming: init, update any number of times,
 * final.
 */
#ifndef SRGAP_UTIL_SHA1_H
#define SRGAP_UTIL_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_SIZE 20

struct sha1 {
	uint32_t state[5];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
};

void sha1_init(struct sha1 *sha1);
void sha1_update(struct sha1 *sha1, const void *data, size_t length);
/* Writes the digest; the context must be initialised again before reuse. */
void sha1_final(struct sha1 *sha1, unsigned char digest[SHA1_DIGEST_SIZE]);

#endif
