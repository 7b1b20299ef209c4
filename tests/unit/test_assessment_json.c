/*
 * Unit tests for src/io/assessment_json: a minimal valid document, and the
 * diagnostics for malformed JSON (line and column), a missing file, a file
 * that is not an assessment and mistyped fields (JSON path).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/assessment_json.h"
#include "test_support.h"
#include "util/diag.h"

struct fixture {
	char path[64];
	struct saved_assessment assessment;
	struct diag_list diags;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "/tmp/srgap-test-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	diag_list_init(&f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	assessment_json_release(&f->assessment);
	diag_list_release(&f->diags);
	unlink(f->path);
	free(f);
	return 0;
}

static int load(struct fixture *f, const char *text)
{
	FILE *out = fopen(f->path, "w");
	assert_non_null(out);
	fputs(text, out);
	fclose(out);
	return assessment_json_load(&f->assessment, f->path, &f->diags);
}

#define SUMMARY                                                                                    \
	"{\"cells\": 2, \"customer_share\": 1, \"coverage_percent\": 42.5, \"risk\": 9, "          \
	"\"status\": {\"gap\": 1, \"contradicted\": 0}}"

static const char valid[] =
	"{\"srgap\": \"assessment/2\", \"generator\": \"srgap 0.1.0\", \"organization\": "
	"\"Acme\",\n"
	" \"assessment\": {\"title\": \"t\", \"date\": \"2026-11-15\", \"assessor\": null},\n"
	" \"models\": {\"catalog\": {\"id\": \"nist-sp800-190\", \"version\": \"v\"},\n"
	"   \"services\": {\"gcp/cloud-run\": {\"controls\": {\"4.1.1a\": {\"responsibility\": "
	"\"customer\"}}},\n"
	"                \"aws/ecr\": {\"controls\": {}}}},\n"
	" \"environments\": [{\"name\": \"web\", \"provider\": \"gcp\", \"service\": "
	"\"cloud-run\",\n"
	"   \"registry\": \"aws/ecr\", \"criticality\": \"high\", \"summary\": " SUMMARY ",\n"
	"   \"cells\": [{\"control\": \"4.1.1a\", \"title\": \"Scan\", \"responsibility\": "
	"\"customer\",\n"
	"     \"status\": \"gap\", \"severity\": \"high\", \"risk\": 9},\n"
	"    {\"control\": \"4.5.3a\", \"title\": \"Patch\", \"responsibility\": \"provider\",\n"
	"     \"status\": \"provider\", \"severity\": \"critical\", \"risk\": 0}]}],\n"
	" \"exceptions\": [], \"summary\": " SUMMARY "}\n";

static void test_load_valid(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, valid), 0);
	assert_int_equal(f->diags.count, 0);
	const struct saved_assessment *a = &f->assessment;
	assert_string_equal(a->organization, "Acme");
	assert_string_equal(a->date, "2026-11-15");
	assert_string_equal(a->catalog_version, "v");
	assert_int_equal(a->service_count, 2);
	/* Sorted by path, whatever the file's order. */
	assert_string_equal(a->services[0].path, "aws/ecr");
	assert_string_equal(a->services[1].path, "gcp/cloud-run");
	assert_int_equal(a->services[1].answer_count, 1);
	assert_string_equal(a->services[1].answers[0].responsibility, "customer");
	assert_int_equal(a->environment_count, 1);
	const struct saved_environment *e = &a->environments[0];
	assert_string_equal(e->name, "web");
	assert_string_equal(e->registry, "aws/ecr");
	assert_int_equal(e->summary.coverage_permille, 425);
	assert_int_equal(e->summary.open, 1);
	assert_int_equal(e->summary.risk, 9);
	assert_int_equal(e->cell_count, 2);
	assert_string_equal(e->cells[1].status, "provider");
	assert_int_equal(e->cells[0].risk, 9);
}

static void test_syntax_error_has_line_and_column(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"srgap\": \"assessment/1\",\n  \"organization\": ,\n}"), -1);
	expect_diag(&f->diags, "assessment.json-syntax", 2, 19, NULL);
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	assert_int_equal(assessment_json_load(&f->assessment, f->path, &f->diags), -1);
	expect_diag(&f->diags, "assessment.unreadable", 0, 0, "cannot read: No such file");
}

static void test_not_an_assessment(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "{\"srgap\": \"diff/1\"}"), -1);
	expect_diag(&f->diags, "assessment.not-an-assessment", 0, 0, "assessment/2");
	assessment_json_release(&f->assessment);
	diag_list_release(&f->diags);
	assert_int_equal(load(f, "[1, 2]"), -1);
	expect_diag(&f->diags, "assessment.not-an-assessment", 0, 0, NULL);
}

static void test_field_errors_name_the_path(void **state)
{
	struct fixture *f = *state;
	char *broken = strdup(valid);
	char *at = strstr(broken, "\"status\": \"gap\"");
	memcpy(at, "\"status\":    7 ", 15);
	assert_int_equal(load(f, broken), -1);
	expect_diag(&f->diags, "assessment.bad-field", 0, 0,
		    "environments[0].cells[0].status: expected a string");
	assert_error_count(&f->diags, 1);
	free(broken);
}

static void test_many_field_errors_are_capped(void **state)
{
	struct fixture *f = *state;
	char text[4096] = "{\"srgap\": \"assessment/1\", \"environments\": [";
	for (int i = 0; i < 20; i++)
		strcat(text, i ? ", {}" : "{}");
	strcat(text, "]}");
	assert_int_equal(load(f, text), -1);
	expect_diag(&f->diags, "assessment.bad-field", 0, 0, "more field errors");
	assert_true(f->diags.count <= 11);
}

/*
 * A repeated top-level member used to be read twice into one slot: the
 * second "environments" array was filled from the first one's count, and
 * `srgap diff` crashed. It is a syntax error now, placed at the repeat.
 */
static void test_duplicate_member_is_refused(void **state)
{
	struct fixture *f = *state;
	char *text = malloc(2 * sizeof(valid));
	const char *environments = strstr(valid, " \"environments\"");
	const char *exceptions = strstr(valid, " \"exceptions\"");
	/* The document with its environments member given twice, on lines 6 and 12. */
	snprintf(text, 2 * sizeof(valid), "%.*s%.*s%s", (int)(exceptions - valid), valid,
		 (int)(exceptions - environments), environments, exceptions);
	assert_int_equal(load(f, text), -1);
	expect_diag(&f->diags, "assessment.json-syntax", 12, 2,
		    "duplicate object key 'environments' (first given at line 6)");
	assert_int_equal(f->assessment.environment_count, 1);
	assessment_json_release(&f->assessment);
	diag_list_release(&f->diags);

	const char *models = strstr(valid, " \"models\"");
	snprintf(text, 2 * sizeof(valid), "%.*s%.*s%s", (int)(environments - valid), valid,
		 (int)(environments - models), models, models);
	assert_int_equal(load(f, text), -1);
	expect_diag(&f->diags, "assessment.json-syntax", 6, 2, "duplicate object key 'models'");
	assessment_json_release(&f->assessment);
	diag_list_release(&f->diags);

	/* Inside a member, jansson's own check applies. */
	assert_int_equal(load(f, "{\"srgap\": \"assessment/1\", \"summary\": {\"risk\": 1, "
				 "\"risk\": 2}}"),
			 -1);
	expect_diag(&f->diags, "assessment.json-syntax", 1, 0, "duplicate object key");
	free(text);
}

/* Found by fuzzing: jansson skips a NUL byte after a number; the readers disagreed. */
static void test_nul_byte_is_refused(void **state)
{
	struct fixture *f = *state;
	FILE *out = fopen(f->path, "w");
	assert_non_null(out);
	static const char text[] = "{\"srgap\": \"assessment/1\",\n \"summary\": {\"risk\": 0\0}}";
	fwrite(text, 1, sizeof(text) - 1, out);
	fclose(out);
	assert_int_equal(assessment_json_load(&f->assessment, f->path, &f->diags), -1);
	expect_diag(&f->diags, "assessment.json-syntax", 2, 23, "NUL byte in JSON text");
	assert_error_count(&f->diags, 1);
}

/* Counts out of range would overflow the sums and differences diff prints. */
static void test_counts_are_range_checked(void **state)
{
	struct fixture *f = *state;
	char *broken = strdup(valid);
	char *at = strstr(broken, "\"risk\": 9}");
	memcpy(at, "\"risk\":-9}", 10);
	assert_int_equal(load(f, broken), -1);
	expect_diag(&f->diags, "assessment.bad-field", 0, 0,
		    "environments[0].cells[0].risk: expected an integer from 0 to");
	free(broken);
	assessment_json_release(&f->assessment);
	diag_list_release(&f->diags);

	char text[sizeof(valid) + 64];
	at = strstr(valid, "\"gap\": 1");
	snprintf(text, sizeof(text), "%.*s\"gap\": 9223372036854775807%s", (int)(at - valid), valid,
		 at + 8);
	assert_int_equal(load(f, text), -1);
	expect_diag(&f->diags, "assessment.bad-field", 0, 0,
		    "environments[0].summary.status.gap: expected an integer from 0 to");
}

/* Files saved before per-probe summaries (assessment/1) still compare. */
static void test_load_version_1(void **state)
{
	struct fixture *f = *state;
	char *old = strdup(valid);
	char *version = strstr(old, "assessment/2");
	version[strlen("assessment/")] = '1';
	assert_int_equal(load(f, old), 0);
	assert_int_equal(f->diags.count, 0);
	assert_int_equal(f->assessment.environment_count, 1);
	assert_int_equal(f->assessment.environments[0].cell_count, 2);
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_version_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error_has_line_and_column, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_an_assessment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_field_errors_name_the_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_field_errors_are_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_member_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_are_range_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
