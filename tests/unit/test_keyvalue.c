/*
 * Unit tests for src/io/keyvalue.c: Lynis-style key=value reports decoded
 * into JSON objects, and the texts that must not be taken for one.
 */
#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

#include "io/keyvalue.h"
#include "test_support.h"

static json_t *decode(const char *text)
{
	return keyvalue_decode(text, strlen(text));
}

static void test_pairs_lists_and_repeats(void **state)
{
	(void)state;
	json_t *object = decode("# Lynis Report\n"
				"report_version_major=1\r\n"
				"lynis_version=3.1.4\n"
				"\n"
				"warning[]=LOGG-2138|klogd is not running|-|-|\n"
				"suggestion[]=KRNL-5820|disable core dumps|-|-|\n"
				"suggestion[]=NETW-3200|protocol 'dccp'|-|-|\n"
				"uncommon_network_protocol_enabled=dccp\n"
				"uncommon_network_protocol_enabled=sctp\n"
				"empty=\n"
				"formula=a=b\n"
				"localhost-mapped-to=::1");
	assert_non_null(object);
	assert_string_equal(json_string_value(json_object_get(object, "report_version_major")),
			    "1");
	assert_string_equal(json_string_value(json_object_get(object, "lynis_version")), "3.1.4");
	const json_t *warnings = json_object_get(object, "warning");
	assert_true(json_is_array(warnings));
	assert_int_equal(json_array_size(warnings), 1);
	assert_string_equal(json_string_value(json_array_get(warnings, 0)),
			    "LOGG-2138|klogd is not running|-|-|");
	assert_int_equal(json_array_size(json_object_get(object, "suggestion")), 2);
	const json_t *protocols = json_object_get(object, "uncommon_network_protocol_enabled");
	assert_int_equal(json_array_size(protocols), 2);
	assert_string_equal(json_string_value(json_array_get(protocols, 1)), "sctp");
	assert_string_equal(json_string_value(json_object_get(object, "empty")), "");
	assert_string_equal(json_string_value(json_object_get(object, "formula")), "a=b");
	assert_string_equal(json_string_value(json_object_get(object, "localhost-mapped-to")),
			    "::1");
	json_decref(object);
}

static void test_not_keyvalue_text(void **state)
{
	(void)state;
	assert_null(decode(""));
	assert_null(decode("# only a comment\n\n"));
	assert_null(decode("apiVersion: v1\nkind: Pod\n"));
	assert_null(decode("key=value\nthis line has no equals sign\n"));
	assert_null(decode("bad key=value\n"));
	assert_null(decode("=value\n"));
	assert_null(decode("[]=value\n"));
	assert_null(keyvalue_decode("a=b\0c=d", 7));
}

static void test_non_utf8_values_are_kept_readable(void **state)
{
	(void)state;
	json_t *object = decode("owner=M\xfcller\n");
	assert_non_null(object);
	assert_string_equal(json_string_value(json_object_get(object, "owner")), "M?ller");
	json_decref(object);
}

static void test_load_file(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	char path[] = "/tmp/srgap-keyvalue-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *file = fdopen(fd, "w");
	fputs("hostname=node-1\ntests_executed=KRNL-5820|ACCT-9628|\n", file);
	fclose(file);
	json_t *object = keyvalue_load_file(path, "evidence", &diags);
	assert_non_null(object);
	assert_string_equal(json_string_value(json_object_get(object, "hostname")), "node-1");
	json_decref(object);
	unlink(path);
	assert_null(keyvalue_load_file(path, "evidence", &diags));
	expect_diag(&diags, "evidence.unreadable", 0, 0, "No such file");
	diag_list_release(&diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs_lists_and_repeats),
		cmocka_unit_test(test_not_keyvalue_text),
		cmocka_unit_test(test_non_utf8_values_are_kept_readable),
		cmocka_unit_test(test_load_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
