/*
 * One-pass JSON checker and pruner; see json_prune.h for the contract. It is
 * recursive descent with a depth limit; kept text is copied in runs between
 * whitespace and pruned values, so the copy costs a few memcpy calls per
 * line. It never interprets values: it only decides where they end.
 */
#include "io/json_prune.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* Longest integer that certainly fits jansson's json_int_t (long long). */
#define MAX_INTEGER_DIGITS 18
/* Longer fractions could overflow strtod's range checks in ways not worth modelling. */
#define MAX_NUMBER_DIGITS 300

struct key_span {
	const unsigned char *text; /* as written: keys with escapes are not tracked */
	size_t length;
};

struct pruner {
	const unsigned char *p;
	const unsigned char *end;
	const unsigned char *copy_from; /* start of the text not yet copied */
	struct strbuf *out;
	const char *const *drop;
	size_t drop_count;
	int depth;
	int dropping; /* inside a pruned value: nothing is copied */
	/*
	 * The keys of the objects open on the path to p, innermost last, so a
	 * repeated key is caught (jansson refuses one with JSON_REJECT_DUPLICATES)
	 * in dropped values too.
	 */
	struct key_span *keys;
	size_t key_count;
	size_t key_capacity;
};

static void flush(struct pruner *pr, const unsigned char *upto)
{
	if (!pr->dropping && upto > pr->copy_from)
		strbuf_add(pr->out, (const char *)pr->copy_from, (size_t)(upto - pr->copy_from));
	pr->copy_from = upto;
}

/*
 * Byte classes, one table look-up per byte in the two loops every byte of
 * a document goes through: blanks between tokens, and the plain bytes of a
 * string (printable ASCII but the quote and the backslash).
 */
enum { BYTE_BLANK = 1, BYTE_PLAIN = 2 };
/* clang-format off */
static const unsigned char byte_class[256] = {
	/* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,
	/* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 0x20 */ 3, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 0x30 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 0x40 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 0x50 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2,
	/* 0x60 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 0x70 */ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	/* 0x80 to 0xFF: 0, neither */
};
/* clang-format on */

static void skip_space(struct pruner *pr)
{
	const unsigned char *start = pr->p;
	while (pr->p < pr->end && (byte_class[*pr->p] & BYTE_BLANK))
		pr->p++;
	if (pr->p != start) {
		flush(pr, start);
		pr->copy_from = pr->p;
	}
}

/* Length of a strict UTF-8 sequence at p (no overlongs, surrogates or > U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t length;
	unsigned char low = 0x80, high = 0xBF; /* allowed range of the second byte */
	if (c >= 0xC2 && c <= 0xDF) {
		length = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		length = 3;
		if (c == 0xE0)
			low = 0xA0;
		else if (c == 0xED)
			high = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		length = 4;
		if (c == 0xF0)
			low = 0x90;
		else if (c == 0xF4)
			high = 0x8F;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < length || p[1] < low || p[1] > high)
		return 0;
	for (size_t i = 2; i < length; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return length;
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* At the opening quote; leaves p after the closing one. */
static bool scan_string(struct pruner *pr)
{
	const unsigned char *p = pr->p + 1, *end = pr->end;
	for (;;) {
		while (p < end && (byte_class[*p] & BYTE_PLAIN))
			p++;
		if (p >= end)
			return false;
		if (*p == '"') {
			pr->p = p + 1;
			return true;
		}
		if (*p == '\\') {
			if (end - p < 2)
				return false;
			switch (p[1]) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				p += 2;
				continue;
			case 'u': {
				if (end - p < 6)
					return false;
				unsigned value = 0;
				for (int i = 2; i < 6; i++) {
					int digit = hex_value(p[i]);
					if (digit < 0)
						return false;
					value = value * 16 + (unsigned)digit;
				}
				/*
				 * Pairing rules are jansson's business, and so is \u0000
				 * (refused without JSON_ALLOW_NUL): let it decide.
				 */
				if ((value >= 0xD800 && value <= 0xDFFF) || value == 0)
					return false;
				p += 6;
				continue;
			}
			default:
				return false;
			}
		}
		if (*p < 0x20)
			return false;
		size_t length = utf8_sequence(p, end);
		if (!length)
			return false;
		p += length;
	}
}

static bool scan_number(struct pruner *pr)
{
	const unsigned char *p = pr->p, *end = pr->end;
	size_t digits = 0;
	if (*p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	if (*p == '0') {
		p++;
		digits = 1;
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			p++;
			digits++;
		}
	}
	bool fraction = false;
	if (p < end && *p == '.') {
		p++;
		fraction = true;
		const unsigned char *start = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return false;
		digits += (size_t)(p - start);
	}
	if (p < end && (*p == 'e' || *p == 'E'))
		return false;
	if (!fraction && digits > MAX_INTEGER_DIGITS)
		return false;
	if (digits > MAX_NUMBER_DIGITS)
		return false;
	pr->p = p;
	return true;
}

static bool scan_literal(struct pruner *pr, const char *word, size_t length)
{
	if ((size_t)(pr->end - pr->p) < length || memcmp(pr->p, word, length) != 0)
		return false;
	pr->p += length;
	return true;
}

static bool dropped(const struct pruner *pr, const unsigned char *key, size_t length)
{
	for (size_t i = 0; i < pr->drop_count; i++)
		if (pr->drop[i][0] == key[0] && !strncmp(pr->drop[i], (const char *)key, length) &&
		    pr->drop[i][length] == '\0')
			return true;
	return false;
}

static bool scan_value(struct pruner *pr);

static int compare_keys(const void *a, const void *b)
{
	const struct key_span *x = a, *y = b;
	if (x->length != y->length)
		return x->length < y->length ? -1 : 1;
	return memcmp(x->text, y->text, x->length);
}

/* Six bits from a key's length and a few of its bytes: equal keys share them. */
static unsigned key_bucket(const struct key_span *key)
{
	uint64_t mix = key->length;
	if (key->length)
		mix = mix << 24 ^ (uint64_t)key->text[0] << 16 ^
		      (uint64_t)key->text[key->length / 2] << 8 ^ key->text[key->length - 1];
	return (unsigned)((mix * 0x9E3779B97F4A7C15u) >> 58);
}

/* True if two of the keys from `first` on are equal. */
static bool repeated_key(struct key_span *keys, size_t first, size_t count)
{
	size_t n = count - first;
	if (n < 2)
		return false;
	if (n <= 64) {
		/*
		 * Most objects: keys are compared only with earlier ones of their
		 * bucket, so an object of a dozen keys costs a dozen look-ups, not a
		 * sort (which was a tenth of srgap merge).
		 */
		unsigned char bucket[64];
		uint64_t used = 0;
		for (size_t i = 0; i < n; i++) {
			bucket[i] = (unsigned char)key_bucket(&keys[first + i]);
			if (used >> bucket[i] & 1)
				for (size_t j = 0; j < i; j++)
					if (bucket[j] == bucket[i] &&
					    !compare_keys(&keys[first + j], &keys[first + i]))
						return true;
			used |= (uint64_t)1 << bucket[i];
		}
		return false;
	}
	qsort(keys + first, n, sizeof(*keys), compare_keys);
	for (size_t i = first + 1; i < count; i++)
		if (!compare_keys(&keys[i - 1], &keys[i]))
			return true;
	return false;
}

/*
 * Pruned members vanish with their comma: the commas between members are
 * not copied but written anew before every kept member after the first.
 */
static bool scan_object(struct pruner *pr)
{
	pr->p++;
	skip_space(pr);
	if (pr->p < pr->end && *pr->p == '}') {
		pr->p++;
		return true;
	}
	size_t kept = 0, first_key = pr->key_count;
	for (;;) {
		if (pr->p >= pr->end || *pr->p != '"')
			return false;
		const unsigned char *key = pr->p + 1;
		flush(pr, pr->p);
		if (!scan_string(pr))
			return false;
		size_t key_length = (size_t)(pr->p - 1 - key);
		/*
		 * A key with escapes may hide a NUL (which jansson refuses in keys)
		 * or equal another key written differently: leave those to jansson.
		 */
		if (memchr(key, '\\', key_length))
			return false;
		pr->keys = xgrow(pr->keys, &pr->key_capacity, pr->key_count + 1, sizeof(*pr->keys));
		pr->keys[pr->key_count++] = (struct key_span){key, key_length};
		bool drop = false;
		if (!pr->dropping) {
			drop = pr->p - 1 > key && dropped(pr, key, (size_t)(pr->p - 1 - key));
			if (drop)
				pr->dropping++;
			else if (kept++)
				strbuf_addch(pr->out, ',');
		}
		skip_space(pr);
		if (pr->p >= pr->end || *pr->p != ':') {
			return false;
		}
		pr->p++;
		skip_space(pr);
		bool ok = scan_value(pr);
		if (drop) {
			pr->dropping--;
			pr->copy_from = pr->p;
		}
		if (!ok)
			return false;
		skip_space(pr);
		if (pr->p >= pr->end)
			return false;
		if (*pr->p == '}') {
			pr->p++;
			bool unique = !repeated_key(pr->keys, first_key, pr->key_count);
			pr->key_count = first_key;
			return unique;
		}
		if (*pr->p != ',')
			return false;
		flush(pr, pr->p);
		pr->p++;
		pr->copy_from = pr->p;
		skip_space(pr);
	}
}

static bool scan_array(struct pruner *pr)
{
	pr->p++;
	skip_space(pr);
	if (pr->p < pr->end && *pr->p == ']') {
		pr->p++;
		return true;
	}
	for (;;) {
		if (!scan_value(pr))
			return false;
		skip_space(pr);
		if (pr->p >= pr->end)
			return false;
		if (*pr->p == ']') {
			pr->p++;
			return true;
		}
		if (*pr->p != ',')
			return false;
		pr->p++;
		skip_space(pr);
	}
}

static bool scan_value(struct pruner *pr)
{
	if (pr->p >= pr->end)
		return false;
	bool ok;
	switch (*pr->p) {
	case '{':
	case '[':
		if (++pr->depth > JSON_PRUNE_MAX_DEPTH)
			return false;
		ok = *pr->p == '{' ? scan_object(pr) : scan_array(pr);
		pr->depth--;
		return ok;
	case '"':
		return scan_string(pr);
	case 't':
		return scan_literal(pr, "true", 4);
	case 'f':
		return scan_literal(pr, "false", 5);
	case 'n':
		return scan_literal(pr, "null", 4);
	default:
		return (*pr->p == '-' || (*pr->p >= '0' && *pr->p <= '9')) && scan_number(pr);
	}
}

static bool prune_or_check(struct pruner *pr)
{
	skip_space(pr);
	/* jansson wants an object or an array at the top (no JSON_DECODE_ANY). */
	bool ok = pr->p < pr->end && (*pr->p == '{' || *pr->p == '[') && scan_value(pr);
	if (ok) {
		skip_space(pr);
		ok = pr->p == pr->end;
	}
	if (ok)
		flush(pr, pr->end);
	free(pr->keys);
	return ok;
}

bool json_prune(const char *text, size_t length, const char *const *drop, size_t drop_count,
		struct strbuf *out)
{
	struct pruner pr = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + length,
		.copy_from = (const unsigned char *)text,
		.out = out,
		.drop = drop,
		.drop_count = drop_count,
	};
	return prune_or_check(&pr);
}

bool json_prune_check(const char *text, size_t length)
{
	/* The whole text is "dropped": checked as a pruned value is, never copied. */
	struct pruner pr = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + length,
		.copy_from = (const unsigned char *)text,
		.dropping = 1,
	};
	return prune_or_check(&pr);
}

size_t json_prune_check_prefix(const char *text, size_t length)
{
	struct pruner pr = {
		.p = (const unsigned char *)text,
		.end = (const unsigned char *)text + length,
		.copy_from = (const unsigned char *)text,
		.dropping = 1,
	};
	bool ok = length > 0 && (*pr.p == '{' || *pr.p == '[') && scan_value(&pr);
	free(pr.keys);
	return ok ? (size_t)(pr.p - (const unsigned char *)text) : 0;
}
