/*
 * SHA-256 (FIPS 180-4), for content hashes that tie shards of an assessment
 * to the same inventory. Not for secrets: no constant-time claims.
 */
#ifndef SRGAP_UTIL_SHA256_H
#define SRGAP_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
/* "sha256:" and 64 lower-case hex digits, NUL-terminated. */
#define SHA256_TEXT_SIZE (7 + 2 * SHA256_DIGEST_SIZE + 1)

struct sha256 {
	uint32_t state[8];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *hash);
void sha256_update(struct sha256 *hash, const void *data, size_t size);
void sha256_final(struct sha256 *hash, unsigned char digest[SHA256_DIGEST_SIZE]);
/* Writes "sha256:<hex>" into text[SHA256_TEXT_SIZE]. */
void sha256_text(const unsigned char digest[SHA256_DIGEST_SIZE], char *text);

#endif
