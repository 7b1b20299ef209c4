/*
 * SHA-1 as FIPS 180-4 section 6.1 specifies it, written for clarity over
 * speed: srgap hashes a few hundred short names per document.
 */
#include "util/sha1.h"

#include <string.h>

static uint32_t rotate_left(uint32_t value, unsigned bits)
{
	return (value << bits) | (value >> (32 - bits));
}

static void compress(uint32_t state[5], const unsigned char block[64])
{
	uint32_t w[80];
	for (size_t t = 0; t < 16; t++)
		w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
		       (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
	for (size_t t = 16; t < 80; t++)
		w[t] = rotate_left(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
	for (size_t t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t temp = rotate_left(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rotate_left(b, 30);
		b = a;
		a = temp;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
}

void sha1_init(struct sha1 *sha1)
{
	static const uint32_t initial[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
					    0xc3d2e1f0};
	memcpy(sha1->state, initial, sizeof(initial));
	sha1->length = 0;
	sha1->used = 0;
}

void sha1_update(struct sha1 *sha1, const void *data, size_t length)
{
	const unsigned char *bytes = data;
	sha1->length += length;
	while (length) {
		size_t take = sizeof(sha1->block) - sha1->used;
		if (take > length)
			take = length;
		memcpy(sha1->block + sha1->used, bytes, take);
		sha1->used += take;
		bytes += take;
		length -= take;
		if (sha1->used == sizeof(sha1->block)) {
			compress(sha1->state, sha1->block);
			sha1->used = 0;
		}
	}
}

void sha1_final(struct sha1 *sha1, unsigned char digest[SHA1_DIGEST_SIZE])
{
	uint64_t bits = sha1->length * 8;
	/* Padding: one 1 bit, zeros up to 56 mod 64 bytes, then the length in bits. */
	static const unsigned char one_bit = 0x80;
	static const unsigned char zeros[64];
	sha1_update(sha1, &one_bit, 1);
	sha1_update(sha1, zeros, (sizeof(sha1->block) + 56 - sha1->used) % sizeof(sha1->block));
	unsigned char length_bytes[8];
	for (size_t i = 0; i < 8; i++)
		length_bytes[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(sha1, length_bytes, sizeof(length_bytes));
	for (size_t i = 0; i < 5; i++) {
		digest[4 * i] = (unsigned char)(sha1->state[i] >> 24);
		digest[4 * i + 1] = (unsigned char)(sha1->state[i] >> 16);
		digest[4 * i + 2] = (unsigned char)(sha1->state[i] >> 8);
		digest[4 * i + 3] = (unsigned char)sha1->state[i];
	}
}
