/*
 * Unit tests for src/io/json_prune: what is dropped and kept, the commas
 * around dropped members, and the safety property the scanner reader and
 * srgap merge rely on: whenever json_prune accepts a text, jansson
 * accepts it too, even without JSON_ALLOW_NUL (checked on thousands of
 * mutations of a report-shaped document).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/json_prune.h"
#include "test_support.h"
#include "util/strbuf.h"

static const char *const drop[] = {"Description", "References", "drop"};
#define DROP_COUNT (sizeof(drop) / sizeof(drop[0]))

/* Prunes `text`; returns the copy (static buffer) or NULL when json_prune gave up. */
static const char *prune(const char *text)
{
	static struct strbuf out;
	strbuf_release(&out);
	strbuf_init(&out);
	if (!json_prune(text, strlen(text), drop, DROP_COUNT, &out))
		return NULL;
	return out.buf;
}

static void assert_pruned(const char *text, const char *expected)
{
	const char *got = prune(text);
	if (!got || strcmp(got, expected)) {
		print_message("input:    %s\nexpected: %s\ngot:      %s\n", text, expected,
			      got ? got : "(gave up)");
		fail();
	}
}

static void test_prune_drops_members_with_their_commas(void **state)
{
	assert_pruned("{\"a\": 1, \"drop\": 2, \"b\": 3}", "{\"a\":1,\"b\":3}");
	assert_pruned("{\"drop\": 2, \"b\": 3}", "{\"b\":3}");
	assert_pruned("{\"a\": 1, \"drop\": 2}", "{\"a\":1}");
	assert_pruned("{\"drop\": {\"x\": [1, 2, {\"y\": \"z\"}]}}", "{}");
	assert_pruned("[{\"Description\": \"long text\", \"id\": \"CVE-1\"}, {\"References\": []}]",
		      "[{\"id\":\"CVE-1\"},{}]");
}

static void test_prune_drops_at_every_depth(void **state)
{
	assert_pruned("{\"a\": {\"b\": {\"c\": {\"drop\": true, \"keep\": null}}}}",
		      "{\"a\":{\"b\":{\"c\":{\"keep\":null}}}}");
}

static void test_prune_keeps_strings_and_escapes_verbatim(void **state)
{
	assert_pruned("{ \"k\" : \"a b\\t\\\"c\\\" \\u00e9 \xc3\xa9 \\u0001\" }",
		      "{\"k\":\"a b\\t\\\"c\\\" \\u00e9 \xc3\xa9 \\u0001\"}");
	/* A key written with an escape is left to jansson: it may hide a NUL or a repeat. */
	assert_null(prune("{\"dro\\u0070\": 1}"));
	/* Prefixes and extensions of a dropped key are other keys. */
	assert_pruned("{\"dro\": 1, \"drops\": 2, \"\": 3}", "{\"dro\":1,\"drops\":2,\"\":3}");
}

static void test_prune_removes_whitespace_outside_strings(void **state)
{
	assert_pruned("\n  [\r\n\t1 ,\n 2.5 , -0 , true , false , null , {} , [ ] ]  \n",
		      "[1,2.5,-0,true,false,null,{},[]]");
}

static void test_prune_gives_up_on_what_it_does_not_model(void **state)
{
	const char *const refused[] = {
		"",				 /* empty */
		"   ",				 /* blank */
		"\"top-level string\"",		 /* jansson wants an object or an array */
		"42",				 /* ditto */
		"\xef\xbb\xbf{}",		 /* byte-order mark */
		"{\"a\": 1e3}",			 /* exponent */
		"{\"a\": 1234567890123456789}",	 /* may not fit json_int_t */
		"{\"a\": \"\\ud83d\\ude00\"}",	 /* surrogate pair: jansson's rules */
		"{\"a\": \"\\ud800\"}",		 /* lone surrogate */
		"{\"a\": \"x\\u0000\"}",	 /* refused without JSON_ALLOW_NUL */
		"{\"a\": \"\xc3\"}",		 /* truncated UTF-8 */
		"{\"a\": \"\xc0\xaf\"}",	 /* overlong */
		"{\"a\": \"\xed\xa0\x80\"}",	 /* encoded surrogate */
		"{\"a\": \"\xf4\x90\x80\x80\"}", /* above U+10FFFF */
		"{\"a\": \"tab\there\"}",	 /* raw control character */
		"{\"a\": \"\\x\"}",		 /* unknown escape */
		"{\"a\": \"\\u12g4\"}",		 /* bad hex */
		"{\"a\": 01}",			 /* leading zero */
		"{\"a\": 1.}",			 /* no fraction digits */
		"{\"a\": -}",			 /* no digits */
		"{\"a\": tru}",			 /* bad literal */
		"{\"a\": truex}",		 /* literal run on */
		"{\"a\": 1,}",			 /* trailing comma */
		"[1,]",				 /* ditto */
		"{\"a\" 1}",			 /* missing colon */
		"{a: 1}",			 /* unquoted key */
		"{\"a\": 1}}",			 /* trailing garbage */
		"{\"a\": [1, 2}",		 /* mismatched */
		"{\"a\": \"unterminated",	 /* truncated */
		"{\"drop\": [1, 2",		 /* truncated inside a dropped value */
		"{\"drop\": \"\xff\"}",		 /* invalid inside a dropped value */
		/* jansson refuses a NUL in a key, even inside a value the pruner drops. */
		"{\"drop\": {\"a\\u0000b\": 1}}",
		"{\"a\\u0000b\": 1}",
		/* Repeated keys (JSON_REJECT_DUPLICATES), kept, dropped or written differently. */
		"{\"a\": 1, \"a\": 2}",
		"{\"drop\": 1, \"drop\": 2}",
		"{\"drop\": {\"x\": 1, \"y\": 2, \"x\": 3}}",
		"{\"a\": 1, \"\\u0061\": 2}",
		"{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,"
		"\"k3\":10}",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (prune(refused[i]) || json_prune_check(refused[i], strlen(refused[i]))) {
			print_message("accepted: '%s'\n", refused[i]);
			fail();
		}
	}
}

static void test_prune_depth_limit(void **state)
{
	struct strbuf text;
	strbuf_init(&text);
	strbuf_addchars(&text, '[', JSON_PRUNE_MAX_DEPTH);
	strbuf_addchars(&text, ']', JSON_PRUNE_MAX_DEPTH);
	assert_non_null(prune(text.buf));
	strbuf_reset(&text);
	strbuf_addchars(&text, '[', JSON_PRUNE_MAX_DEPTH + 1);
	strbuf_addchars(&text, ']', JSON_PRUNE_MAX_DEPTH + 1);
	assert_null(prune(text.buf));
	strbuf_release(&text);
}

/* The object or array at the start, whatever follows: where srgap merge finds an environment's end.
 */
static void test_prune_check_prefix_measures_the_first_value(void **state)
{
	static const struct {
		const char *text;
		size_t length;
	} cases[] = {
		{"{\"a\": [1, \"}\"]},\n  {\"b\": 2}", 15},
		{"[1, {\"x\": null}]]", 16},
		{"{}", 2},
		{"{\"a\": 1", 0},     /* ends past the window */
		{" {}", 0},	      /* must start at the value */
		{"\"string\"", 0},    /* an object or an array only */
		{"{\"a\": 1e3} ", 0}, /* not vouched for: jansson's to decide */
		{"{\"a\": 1, \"a\": 2}", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t got = json_prune_check_prefix(cases[i].text, strlen(cases[i].text));
		if (got != cases[i].length) {
			print_message("'%s': %zu, not %zu\n", cases[i].text, got, cases[i].length);
			fail();
		}
	}
}

/* Repeated keys are found in objects of every size: pairs, buckets, a sort. */
static void test_prune_repeated_keys_in_objects_of_every_size(void **state)
{
	static const size_t sizes[] = {2, 8, 9, 20, 63, 64, 65, 200};
	struct strbuf text;
	strbuf_init(&text);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (int repeat = 0; repeat < 2; repeat++) {
			strbuf_reset(&text);
			strbuf_addch(&text, '{');
			for (size_t i = 0; i < sizes[s]; i++)
				strbuf_addf(&text, "%s\"key-%zu\": %zu", i ? ", " : "", i, i);
			if (repeat) /* the middle key again, last */
				strbuf_addf(&text, ", \"key-%zu\": 0", sizes[s] / 2);
			strbuf_addch(&text, '}');
			json_error_t error;
			json_t *root =
				json_loadb(text.buf, text.len, JSON_REJECT_DUPLICATES, &error);
			assert_int_equal(root != NULL, !repeat);
			json_decref(root);
			assert_int_equal(json_prune_check(text.buf, text.len), !repeat);
		}
	}
	strbuf_release(&text);
}

/* The pruned copy means the same as the original without the dropped members. */
static void test_prune_result_equals_jansson_without_dropped(void **state)
{
	const char *text =
		"{\"SchemaVersion\": 2, \"Results\": [{\"Target\": \"t\", "
		"\"Vulnerabilities\": [{\"VulnerabilityID\": \"CVE-1\", "
		"\"Description\": \"d\", \"Severity\": \"HIGH\", \"CVSS\": {\"n\": 7.5}, "
		"\"References\": [\"u\"]}]}], \"n\": -12.25}";
	json_error_t error;
	json_t *original = json_loads(text, JSON_ALLOW_NUL, &error);
	assert_non_null(original);
	json_t *vulnerability = json_array_get(
		json_object_get(json_array_get(json_object_get(original, "Results"), 0),
				"Vulnerabilities"),
		0);
	json_object_del(vulnerability, "Description");
	json_object_del(vulnerability, "References");
	const char *pruned = prune(text);
	assert_non_null(pruned);
	json_t *copy = json_loads(pruned, JSON_ALLOW_NUL, &error);
	assert_non_null(copy);
	assert_true(json_equal(original, copy));
	json_decref(original);
	json_decref(copy);
}

static uint64_t random_state = 0x2545F4914F6CDD1Du;

static unsigned next_random(unsigned n)
{
	random_state ^= random_state >> 12;
	random_state ^= random_state << 25;
	random_state ^= random_state >> 27;
	return (unsigned)((random_state * 2685821657736338717u) % n);
}

/*
 * The property the fast path rests on: json_prune never accepts a text that
 * jansson rejects. Mutations of a report-shaped document (byte flips,
 * deletions, insertions of JSON-significant bytes, truncations) probe the
 * edges; a fixed seed keeps the test repeatable.
 */
static void test_prune_never_accepts_what_jansson_rejects(void **state)
{
	const char *seed =
		"{\"SchemaVersion\": 2, \"ArtifactName\": \"x:1\", \"Results\": [\n"
		"  {\"Target\": \"t (alpine 3.18)\", \"Class\": \"os-pkgs\", "
		"\"Vulnerabilities\": [\n"
		"    {\"VulnerabilityID\": \"CVE-2023-0001\", \"PkgName\": \"musl\", "
		"\"InstalledVersion\": \"1.2.4-r1\", \"FixedVersion\": \"1.2.4-r2\",\n"
		"     \"Severity\": \"HIGH\", \"Description\": \"caf\xc3\xa9 \\u00e9 \\n\", "
		"\"References\": [\"https://x/\", \"\\u0001\"], \"CVSS\": {\"v\": 7.5, "
		"\"i\": -3, \"t\": true, \"f\": false, \"n\": null}}]}]}\n";
	static const char significant[] = "{}[]\",:\\ \n0123456789.-+eEtrufalsn\x01\x7f\x80\xc3"
					  "\xa9\xed\xf4";
	size_t length = strlen(seed);
	char *buffer = malloc(length + 8);
	size_t accepted = 0, checked = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(buffer, seed, length);
		size_t size = length;
		int edits = 1 + (int)next_random(3);
		for (int e = 0; e < edits && size > 0; e++) {
			size_t at = next_random((unsigned)size);
			switch (next_random(4)) {
			case 0: /* replace */
				buffer[at] = significant[next_random(sizeof(significant) - 1)];
				break;
			case 1: /* delete */
				memmove(buffer + at, buffer + at + 1, size - at - 1);
				size--;
				break;
			case 2: /* insert */
				if (size < length + 7) {
					memmove(buffer + at + 1, buffer + at, size - at);
					buffer[at] =
						significant[next_random(sizeof(significant) - 1)];
					size++;
				}
				break;
			default: /* truncate */
				size = at;
				break;
			}
		}
		struct strbuf out;
		strbuf_init(&out);
		bool ok = json_prune(buffer, size, drop, DROP_COUNT, &out);
		assert_int_equal(json_prune_check(buffer, size), ok);
		json_error_t error;
		/* Without JSON_ALLOW_NUL, as srgap report and diff read what srgap merge copies. */
		json_t *root = json_loadb(buffer, size, JSON_REJECT_DUPLICATES, &error);
		if (ok) {
			accepted++;
			if (!root) {
				print_message("pruner accepted what jansson rejects (%s): %.*s\n",
					      error.text, (int)size, buffer);
				fail();
			}
			json_t *copy = json_loadb(out.buf, out.len,
						  JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
			assert_non_null(copy);
			json_decref(copy);
		}
		checked++;
		json_decref(root);
		strbuf_release(&out);
	}
	free(buffer);
	/* Some mutations (inside strings, digits for digits) stay valid: both paths were exercised.
	 */
	assert_true(accepted > 100);
	assert_true(checked - accepted > 100);
}

/*
 * srgap merge copies the environments of its parts after json_prune_check;
 * only what the check does not vouch for is built with jansson. What srgap
 * itself writes must pass, or every merge pays jansson's price.
 */
static void test_prune_check_accepts_what_srgap_writes(void **state)
{
	FILE *file = fopen(SRGAP_TEST_DATA_DIR "/tests/golden/assess-json/expected.stdout", "rb");
	assert_non_null(file);
	struct strbuf text;
	strbuf_init(&text);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		strbuf_add(&text, chunk, got);
	fclose(file);
	assert_true(text.len > 10000);
	assert_true(json_prune_check(text.buf, text.len));
	/* and a top-level scalar, as jansson without JSON_DECODE_ANY, is not an object */
	assert_false(json_prune_check("1", 1));
	strbuf_release(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prune_drops_members_with_their_commas),
		cmocka_unit_test(test_prune_drops_at_every_depth),
		cmocka_unit_test(test_prune_keeps_strings_and_escapes_verbatim),
		cmocka_unit_test(test_prune_removes_whitespace_outside_strings),
		cmocka_unit_test(test_prune_gives_up_on_what_it_does_not_model),
		cmocka_unit_test(test_prune_depth_limit),
		cmocka_unit_test(test_prune_repeated_keys_in_objects_of_every_size),
		cmocka_unit_test(test_prune_check_prefix_measures_the_first_value),
		cmocka_unit_test(test_prune_result_equals_jansson_without_dropped),
		cmocka_unit_test(test_prune_never_accepts_what_jansson_rejects),
		cmocka_unit_test(test_prune_check_accepts_what_srgap_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
