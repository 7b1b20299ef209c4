/*
 * A fast path for JSON documents of which srgap needs a small part. A
 * scanner report is megabytes of descriptions, references and CVSS vectors
 * around a few short fields per finding; building a jansson tree of all of
 * it costs more than `jq` takes to parse it. json_prune checks the whole
 * text in one pass and copies it with the value of every member whose key
 * is in a drop list replaced by `null`, and without whitespace; jansson then
 * parses the small copy.
 *
 * The check is deliberately narrower than JSON: it accepts only text that
 * jansson (with JSON_REJECT_DUPLICATES, with or without JSON_ALLOW_NUL)
 * accepts too, and gives up on anything unusual (exponents, integers of
 * more than 18 digits, surrogate escapes, \u0000, escapes in keys, a
 * repeated key, nesting deeper than JSON_PRUNE_MAX_DEPTH, a byte-order
 * mark), in pruned values as in kept ones. A caller
 * that gets `false` parses the original text with jansson, which either
 * accepts it or reports the error with its line and column. So the fast
 * path changes neither what is accepted nor how an error reads.
 */
#ifndef SRGAP_IO_JSON_PRUNE_H
#define SRGAP_IO_JSON_PRUNE_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

#define JSON_PRUNE_MAX_DEPTH 256

/*
 * Appends the pruned copy of text[0..length) to `out` and returns true, or
 * returns false (out then holds a partial copy the caller discards).
 * `drop` lists member keys, compared byte for byte with the key as written
 * (a key written with escapes never matches); matching members are pruned
 * at every depth.
 */
bool json_prune(const char *text, size_t length, const char *const *drop, size_t drop_count,
		struct strbuf *out);

/*
 * The check alone, copying nothing: true if text[0..length) is an object or
 * an array that json_prune would accept, so jansson accepts it too. For
 * text srgap copies as written (`srgap merge` copies the environments of
 * its parts) and must not build only to know it is JSON.
 */
bool json_prune_check(const char *text, size_t length);

/*
 * The same for the object or array that starts at text[0] and may be
 * followed by anything: its length, or 0 when the check does not vouch for
 * it or it does not end within `length`. For text read a window at a time,
 * where finding a value's end and checking it are one pass.
 */
size_t json_prune_check_prefix(const char *text, size_t length);

#endif
