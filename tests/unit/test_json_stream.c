/*
 * Unit tests for src/io/json_stream and src/io/yaml_json: evidence files
 * are delivered document by document, and whatever the streaming path
 * skips or stops early on is still checked as jansson checks a whole file:
 * a repeated key, anything after the document, a broken member beside a
 * List's items.
 */
#include <stdlib.h>
#include <unistd.h>

#include "io/json_stream.h"
#include "io/yaml_json.h"
#include "test_support.h"

struct run {
	char path[64];
	struct diag_list diags;
	int documents;
	int result;
};

static int count_document(void *context, const struct json_stream_document *document)
{
	(void)document;
	((struct run *)context)->documents++;
	return 0;
}

static void run_text(struct run *run, const char *text, int yaml)
{
	memset(run, 0, sizeof(*run));
	snprintf(run->path, sizeof(run->path), "/tmp/srgap-stream-XXXXXX");
	int fd = mkstemp(run->path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	diag_list_init(&run->diags);
	run->result =
		yaml ? yaml_json_file(run->path, "evidence", count_document, run, &run->diags)
		     : json_stream_file(run->path, "evidence", count_document, run, &run->diags);
	unlink(run->path);
}

static void test_lists_are_streamed(void **state)
{
	(void)state;
	struct run run;
	run_text(&run, "{\"kind\": \"List\", \"items\": [{\"a\": 1}, {\"b\": 2}], \"x\": {}}", 0);
	assert_int_equal(run.result, 0);
	assert_int_equal(run.documents, 2);
	assert_int_equal(run.diags.count, 0);
	diag_list_release(&run.diags);
	run_text(&run, "[1, {\"c\": [true]}]\n", 0);
	assert_int_equal(run.result, 0);
	assert_int_equal(run.documents, 2);
	diag_list_release(&run.diags);
}

static void test_repeated_keys_are_refused(void **state)
{
	(void)state;
	struct run run;
	/* A second items array after the streamed one. */
	run_text(&run, "{\"items\": [{\"a\": 1}],\n \"items\": []}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 2, 2, "duplicate object key");
	diag_list_release(&run.diags);
	/* Before the items: the whole-file decoder reports it. */
	run_text(&run, "{\"a\": 1, \"a\": 2, \"items\": []}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 1, 0, "duplicate object key");
	diag_list_release(&run.diags);
	/* Inside an item, inside a skipped member, inside a whole document. */
	run_text(&run, "[{\"a\": 1, \"a\": 2}]", 0);
	expect_diag(&run.diags, "evidence.json-syntax", 1, 0, "duplicate object key");
	diag_list_release(&run.diags);
	run_text(&run, "{\"items\": [],\n \"meta\": {\"b\": 1, \"b\": 2}}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 2, 0, "duplicate object key");
	diag_list_release(&run.diags);
	run_text(&run, "{\"kind\": \"Pod\", \"kind\": \"Node\"}", 0);
	assert_int_equal(run.result, -1);
	assert_int_equal(run.documents, 0);
	diag_list_release(&run.diags);
	/* YAML evidence: a repeated key would hide the value a probe checks. */
	run_text(&run, "kind: Pod\nspec:\n  hostPID: false\n  hostPID: true\n", 1);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.yaml-syntax", 4, 3, "duplicate key");
	diag_list_release(&run.diags);
}

static void test_text_after_the_document_is_refused(void **state)
{
	(void)state;
	struct run run;
	run_text(&run, "{\"items\": [{\"a\": 1}]}\n}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 2, 1, "end of file expected");
	diag_list_release(&run.diags);
	run_text(&run, "[{\"a\": 1}] [", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 1, 12, "end of file expected");
	diag_list_release(&run.diags);
	run_text(&run, "{\"items\": [], \"b\": tru}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 1, 0, "invalid token");
	diag_list_release(&run.diags);
	run_text(&run, "{\"items\": [] \"b\": 1}", 0);
	assert_int_equal(run.result, -1);
	expect_diag(&run.diags, "evidence.json-syntax", 1, 14, "',' or '}' expected");
	diag_list_release(&run.diags);
}

/*
 * jansson skips a NUL byte right after a number or literal; srgap refuses
 * one anywhere, at its place, whether the file is streamed or decoded whole.
 */
static void test_nul_bytes_are_refused(void **state)
{
	(void)state;
	static const char *const texts[] = {"[1, 2\0]\n", "{\"items\": [{\"a\": 0\0}]}\n",
					    "{\"kind\": \"Pod\",\n \"a\": true\0}"};
	static const int lines[] = {1, 1, 2}, columns[] = {6, 19, 11};
	static const size_t lengths[] = {9, 23, 29};
	for (size_t i = 0; i < 3; i++) {
		struct run run;
		memset(&run, 0, sizeof(run));
		snprintf(run.path, sizeof(run.path), "/tmp/srgap-stream-XXXXXX");
		int fd = mkstemp(run.path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, texts[i], lengths[i]), (ssize_t)lengths[i]);
		close(fd);
		diag_list_init(&run.diags);
		assert_int_equal(
			json_stream_file(run.path, "evidence", count_document, &run, &run.diags),
			-1);
		unlink(run.path);
		expect_diag(&run.diags, "evidence.json-syntax", lines[i], columns[i],
			    "NUL byte in JSON text");
		diag_list_release(&run.diags);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_are_streamed),
		cmocka_unit_test(test_repeated_keys_are_refused),
		cmocka_unit_test(test_text_after_the_document_is_refused),
		cmocka_unit_test(test_nul_bytes_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
