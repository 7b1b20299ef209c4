/*
 * Unit tests for src/io/scanner_report: the fields read from Trivy and
 * Grype reports (fixtures in fixtures/vulns/, written for these tests),
 * recognition, and the diagnostics for broken, truncated and odd reports.
 * Every report is read through both the pruned fast path and jansson alone,
 * which must agree.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/scanner_report.h"
#include "test_support.h"
#include "util/diag.h"

struct fixture {
	struct scan_reader reader;
	struct scan_report report;
	struct diag_list diags;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	scan_reader_init(&f->reader, "vulns");
	diag_list_init(&f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	scan_report_release(&f->report);
	scan_reader_release(&f->reader);
	diag_list_release(&f->diags);
	free(f);
	return 0;
}

static const char *fixture_path(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof(path), "%s/%s", SRGAP_TEST_FIXTURES, name);
	return path;
}

static enum scan_load_result load(struct fixture *f, const char *path)
{
	scan_report_release(&f->report);
	return scan_report_load(&f->reader, path, &f->report, &f->diags);
}

static enum scan_load_result load_text(struct fixture *f, const char *text)
{
	scan_report_release(&f->report);
	return scan_report_load_buffer(&f->reader, text, strlen(text), "t.json", &f->report,
				       &f->diags);
}

static const struct scan_finding *find(const struct scan_report *report, const char *id,
				       const char *package)
{
	for (size_t i = 0; i < report->finding_count; i++)
		if (!strcmp(report->findings[i].id, id) &&
		    !strcmp(report->findings[i].package, package))
			return &report->findings[i];
	print_message("no finding %s in %s\n", id, package);
	fail();
	return NULL;
}

static void test_trivy_report_fields(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/estate/trivy-web.json")), SCAN_LOAD_OK);
	assert_error_count(&f->diags, 0);
	const struct scan_report *r = &f->report;
	assert_int_equal(r->tool, SCAN_TOOL_TRIVY);
	assert_string_equal(r->artifact, "registry.example.com/shop/web:1.0");
	assert_string_equal(r->artifact_type, "container_image");
	assert_string_equal(
		r->image_id,
		"sha256:1111111111111111111111111111111111111111111111111111111111111111");
	assert_int_equal(r->repo_tag_count, 1);
	assert_string_equal(r->repo_tags[0], "registry.example.com/shop/web:1.0");
	assert_int_equal(r->repo_digest_count, 1);
	assert_string_equal(r->os_family, "alpine");
	assert_string_equal(r->os_version, "3.18.4");
	assert_string_equal(r->user, ""); /* config without User: root */
	assert_string_equal(r->created, "2026-11-10T08:00:00Z");
	assert_int_equal(r->finding_count, 5);
	assert_int_equal(r->secret_count, 1);
	assert_int_equal(r->misconfiguration_count, 1); /* the FAIL, not the PASS */

	const struct scan_finding *crypto = find(r, "CVE-2023-0001", "libcrypto3");
	assert_string_equal(crypto->installed, "3.1.2-r0");
	assert_int_equal(crypto->fixed_count, 1);
	assert_string_equal(crypto->fixed[0], "3.1.3-r0");
	assert_int_equal(crypto->severity, SCAN_SEVERITY_HIGH);
	assert_int_equal(crypto->package_class, SCAN_PACKAGE_OS);
	assert_string_equal(crypto->type, "alpine");

	const struct scan_finding *zlib = find(r, "CVE-2023-0004", "zlib");
	assert_int_equal(zlib->fixed_count, 0);
	assert_int_equal(zlib->severity, SCAN_SEVERITY_LOW);

	const struct scan_finding *lodash = find(r, "GHSA-29mw-wpgm-hmr9", "lodash");
	assert_int_equal(lodash->package_class, SCAN_PACKAGE_APP);
	assert_string_equal(lodash->type, "npm");
}

static void test_trivy_several_fixed_versions(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/estate/trivy-cart.json")), SCAN_LOAD_OK);
	const struct scan_finding *express = find(&f->report, "CVE-2022-24999", "express");
	assert_int_equal(express->fixed_count, 2);
	assert_string_equal(express->fixed[0], "5.0.0-beta.1");
	assert_string_equal(express->fixed[1], "4.17.3");
	assert_string_equal(f->report.user, "10001");
}

static void test_grype_report_fields(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/estate/grype-web.json")), SCAN_LOAD_OK);
	assert_error_count(&f->diags, 0);
	const struct scan_report *r = &f->report;
	assert_int_equal(r->tool, SCAN_TOOL_GRYPE);
	assert_string_equal(r->artifact, "registry.example.com/shop/web:1.0");
	assert_string_equal(r->artifact_type, "image");
	assert_string_equal(
		r->image_id,
		"sha256:1111111111111111111111111111111111111111111111111111111111111111");
	assert_string_equal(r->os_family, "alpine");
	assert_string_equal(r->os_version, "3.18.4");
	assert_string_equal(r->created, "2026-11-12T09:30:00Z");
	assert_null(r->user);
	assert_int_equal(r->finding_count, 3);
	const struct scan_finding *crypto = find(r, "CVE-2023-0001", "libcrypto3");
	assert_int_equal(crypto->severity, SCAN_SEVERITY_MEDIUM);
	assert_int_equal(crypto->package_class, SCAN_PACKAGE_OS);
	assert_string_equal(crypto->type, "apk");
	/* Grype's "Negligible" reads as low. */
	assert_int_equal(find(r, "CVE-2023-0006", "ssl_client")->severity, SCAN_SEVERITY_LOW);
}

static void test_grype_fix_states_and_targets(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		load_text(
			f,
			"{\"matches\": ["
			"{\"vulnerability\": {\"id\": \"A\", \"severity\": \"High\", "
			"\"fix\": {\"versions\": [\"2.0\"], \"state\": \"not-fixed\"}}, "
			"\"artifact\": {\"name\": \"p\", \"version\": \"1.0\", \"type\": \"npm\"}},"
			"{\"vulnerability\": {\"id\": \"B\", \"severity\": \"Unknown\", "
			"\"fix\": {\"versions\": [\"1.1\", \"2.1\"], \"state\": \"fixed\"}}, "
			"\"artifact\": {\"name\": \"q\", \"version\": \"1.0\", \"type\": \"rpm\"}},"
			"{\"vulnerability\": {\"id\": \"C\"}, \"artifact\": {\"name\": \"r\"}}"
			"], \"source\": {\"type\": \"directory\", \"target\": \"/src\"}, "
			"\"distro\": {\"name\": \"\", \"version\": \"\"}}"),
		SCAN_LOAD_OK);
	assert_error_count(&f->diags, 0);
	const struct scan_report *r = &f->report;
	assert_string_equal(r->artifact, "/src");
	assert_null(r->os_family); /* an empty distro is no distro */
	assert_int_equal(find(r, "A", "p")->fixed_count, 0);
	assert_int_equal(find(r, "B", "q")->fixed_count, 2);
	assert_int_equal(find(r, "B", "q")->severity, SCAN_SEVERITY_UNKNOWN);
	assert_int_equal(find(r, "B", "q")->package_class, SCAN_PACKAGE_OS);
	assert_string_equal(find(r, "C", "r")->installed, "");
	assert_string_equal(find(r, "C", "r")->type, "");
}

static void test_control_characters_and_nul_are_neutralised(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		load_text(f,
			  "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\\u001b[31m\"}, "
			  "\"artifact\": {\"name\": \"java\", \"version\": "
			  "\"17.0.10+7\\u0000-J\"}}], "
			  "\"source\": {\"type\": \"image\", \"target\": {\"userInput\": \"x\"}}}"),
		SCAN_LOAD_OK);
	assert_string_equal(f->report.findings[0].id, "CVE-1?[31m");
	assert_string_equal(f->report.findings[0].installed, "17.0.10+7?-J");
}

static void test_trivy_without_class_uses_type(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		load_text(f, "{\"SchemaVersion\": 2, \"Results\": ["
			     "{\"Type\": \"debian\", \"Vulnerabilities\": [{\"VulnerabilityID\": "
			     "\"CVE-1\", \"PkgName\": \"libc6\"}]},"
			     "{\"Type\": \"gomod\", \"Vulnerabilities\": [{\"VulnerabilityID\": "
			     "\"CVE-2\", \"PkgName\": \"x/net\"}]}]}"),
		SCAN_LOAD_OK);
	assert_int_equal(find(&f->report, "CVE-1", "libc6")->package_class, SCAN_PACKAGE_OS);
	assert_int_equal(find(&f->report, "CVE-2", "x/net")->package_class, SCAN_PACKAGE_APP);
	/* No ArtifactName: the report is named by its file. */
	assert_string_equal(f->report.artifact, "t.json");
}

static void test_truncated_report_gives_line_and_column(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/broken/truncated.json")), SCAN_LOAD_FAILED);
	assert_error_count(&f->diags, 1);
	expect_diag2(&f->diags, "vulns.json-syntax", 6, 58, "invalid JSON",
		     "premature end of input");
}

static void test_syntax_error_position_is_jansson_s(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load_text(f, "{\n  \"SchemaVersion\": 2,\n  \"Results\": [1 2]\n}"),
			 SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.json-syntax", 3, 17, "']' expected");
}

/*
 * jansson refuses a NUL in an object key; the pruner used to accept one in a
 * member it drops, so the fast path read a report the plain path refuses.
 * Both refuse it now, and a repeated key too, with jansson's line and column.
 */
static void test_fast_path_refuses_what_jansson_refuses(void **state)
{
	struct fixture *f = *state;
	static const char *const texts[] = {
		"{\"SchemaVersion\": 2, \"Results\": [],\n \"Description\": {\"a\\u0000\": 1}}",
		"{\"SchemaVersion\": 2, \"Results\": [],\n \"Description\": 1, \"Description\": 2}",
		"{\"SchemaVersion\": 2, \"Results\": [],\n \"Results\": []}",
	};
	static const char *const messages[] = {"NUL byte in object key", "duplicate object key",
					       "duplicate object key"};
	for (size_t i = 0; i < 3; i++) {
		for (int prune = 0; prune < 2; prune++) {
			f->reader.prune = prune;
			assert_int_equal(load_text(f, texts[i]), SCAN_LOAD_FAILED);
			expect_diag(&f->diags, "vulns.json-syntax", 2, 0, messages[i]);
			scan_report_release(&f->report);
			diag_list_release(&f->diags);
			diag_list_init(&f->diags);
		}
	}
}

static void test_wrong_shape_names_the_json_path(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/broken/wrong-shape.json")), SCAN_LOAD_FAILED);
	expect_diag2(&f->diags, "vulns.report-shape", 0, 0, "Results[0].Vulnerabilities[0]",
		     "'VulnerabilityID' is missing");
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	assert_int_equal(load_text(f, "{\"SchemaVersion\": 2, \"Results\": {}}"), SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.report-shape", 0, 0,
		    "'Results' is an object, expected an array");
	assert_int_equal(load_text(f, "{\"SchemaVersion\": 2, \"Metadata\": {\"RepoTags\": [1]}}"),
			 SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.report-shape", 0, 0, "'RepoTags'[0] is a number");
	assert_int_equal(load_text(f, "{\"matches\": [{\"vulnerability\": {\"id\": 7}, "
				      "\"artifact\": {\"name\": \"p\"}}], \"source\": {}}"),
			 SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.report-shape", 0, 0,
		    "matches[0].vulnerability: 'id' is a number, expected a string");
}

static void test_unrecognized_and_unsupported(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/broken/kube-bench.json")), SCAN_LOAD_UNRECOGNIZED);
	assert_error_count(&f->diags, 0);
	expect_diag(&f->diags, "vulns.unrecognized", 0, 0, "not a Trivy or Grype JSON report");
	assert_int_equal(load_text(f, "[{\"Target\": \"x\", \"Vulnerabilities\": []}]"),
			 SCAN_LOAD_UNRECOGNIZED);
	expect_diag(&f->diags, "vulns.unrecognized", 0, 0, "older than SchemaVersion 2");
	assert_int_equal(load_text(f, "{\"SchemaVersion\": 3, \"Results\": []}"), SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.unsupported-schema", 0, 0,
		    "SchemaVersion 3 is not supported");
}

struct cluster_visit {
	size_t count;
	char artifact[128];
	char pointer[64];
	size_t findings;
};

static void visit_cluster_image(void *context, const json_t *root, const char *pointer)
{
	struct cluster_visit *visit = context;
	struct scan_report report;
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(scan_report_from_json(root, "cluster", "vulns", &report, &diags),
			 SCAN_LOAD_OK);
	snprintf(visit->artifact, sizeof(visit->artifact), "%s", report.artifact);
	snprintf(visit->pointer, sizeof(visit->pointer), "%s", pointer);
	visit->findings += report.finding_count;
	visit->count++;
	scan_report_release(&report);
	diag_list_release(&diags);
}

/* A trivy k8s report holds one image report per resource with vulnerabilities. */
static void test_trivy_k8s_cluster_images(void **state)
{
	(void)state;
	json_error_t error;
	json_t *root = json_load_file(FIXTURE("probe_tools/trivy-k8s/report.json"), 0, &error);
	assert_non_null(root);
	struct cluster_visit visit = {0};
	assert_int_equal(scan_report_cluster_images(root, visit_cluster_image, &visit), 1);
	assert_int_equal(visit.count, 1);
	/* The image is the Target without its "(alpine 3.19.1)". */
	assert_string_equal(visit.artifact, "registry.example.com/shop/web:1.4");
	assert_string_equal(visit.pointer, "/Resources/0");
	assert_int_equal(visit.findings, 1);
	json_decref(root);
	/* Before v0.45 the images are the resources of a top-level Vulnerabilities[]. */
	root = json_pack("{s:s, s:[{s:s, s:[{s:s, s:[{s:s, s:s, s:s}]}]}], s:[]}", "ClusterName",
			 "eks", "Vulnerabilities", "Name", "redis", "Results", "Target",
			 "docker.io/redis:6.0.5 (debian 10.4)", "Vulnerabilities",
			 "VulnerabilityID", "CVE-2020-27350", "PkgName", "apt", "Severity",
			 "MEDIUM", "Misconfigurations");
	memset(&visit, 0, sizeof(visit));
	assert_int_equal(scan_report_cluster_images(root, visit_cluster_image, &visit), 1);
	assert_string_equal(visit.artifact, "docker.io/redis:6.0.5");
	assert_string_equal(visit.pointer, "/Vulnerabilities/0");
	json_decref(root);
	/* Anything else is not one. */
	root = json_pack("{s:i, s:[]}", "SchemaVersion", 2, "Results");
	assert_int_equal(scan_report_cluster_images(root, visit_cluster_image, &visit), -1);
	json_decref(root);
}

static void test_unreadable_files(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, FIXTURE("vulns/no-such-report.json")), SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.unreadable", 0, 0, "No such file");
	assert_int_equal(load(f, FIXTURE("vulns")), SCAN_LOAD_FAILED);
	expect_diag(&f->diags, "vulns.unreadable", 0, 0, "not a regular file");
}

/* Both paths give the same records; the fast path is used for normal reports. */
static void test_fast_path_and_jansson_agree(void **state)
{
	struct fixture *f = *state;
	const char *const files[] = {"vulns/estate/trivy-web.json", "vulns/estate/trivy-cart.json",
				     "vulns/estate/grype-web.json", "vulns/estate/grype-pay.json"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct scan_reader slow;
		struct scan_report other;
		scan_reader_init(&slow, "vulns");
		slow.prune = false;
		size_t before = f->reader.pruned_reports;
		assert_int_equal(load(f, fixture_path(files[i])), SCAN_LOAD_OK);
		assert_int_equal(f->reader.pruned_reports, before + 1);
		assert_int_equal(scan_report_load(&slow, fixture_path(files[i]), &other, &f->diags),
				 SCAN_LOAD_OK);
		assert_int_equal(slow.fallback_reports, 1);
		const struct scan_report *a = &f->report, *b = &other;
		assert_string_equal(a->artifact, b->artifact);
		assert_int_equal(a->finding_count, b->finding_count);
		assert_int_equal(a->secret_count, b->secret_count);
		assert_int_equal(a->misconfiguration_count, b->misconfiguration_count);
		for (size_t k = 0; k < a->finding_count; k++) {
			assert_string_equal(a->findings[k].id, b->findings[k].id);
			assert_string_equal(a->findings[k].package, b->findings[k].package);
			assert_string_equal(a->findings[k].installed, b->findings[k].installed);
			assert_int_equal(a->findings[k].fixed_count, b->findings[k].fixed_count);
			assert_int_equal(a->findings[k].severity, b->findings[k].severity);
		}
		scan_report_release(&other);
		scan_reader_release(&slow);
	}
	assert_error_count(&f->diags, 0);
}

static uint64_t random_state = 0x9E3779B97F4A7C15u;

static unsigned next_random(unsigned n)
{
	random_state ^= random_state >> 12;
	random_state ^= random_state << 25;
	random_state ^= random_state >> 27;
	return (unsigned)((random_state * 2685821657736338717u) % n);
}

/*
 * Mutated fixtures (changed, deleted and inserted bytes, cut short) through
 * both paths: the same verdict, the same findings and the same first
 * diagnostic, and no crash under the sanitizers whatever the input.
 */
static void test_mutated_reports_read_the_same_both_ways(void **state)
{
	struct fixture *f = *state;
	const char *const files[] = {"vulns/estate/trivy-web.json", "vulns/estate/grype-pay.json"};
	static const char bytes[] = "{}[]\",:\\ 0123456789-.enulltruefalse\x01\xc3\xa9";
	for (size_t file = 0; file < sizeof(files) / sizeof(files[0]); file++) {
		FILE *in = fopen(fixture_path(files[file]), "rb");
		assert_non_null(in);
		char original[16384];
		size_t length = fread(original, 1, sizeof(original), in);
		fclose(in);
		char *text = malloc(length + 8);
		for (int round = 0; round < 3000; round++) {
			memcpy(text, original, length);
			size_t size = length;
			for (int e = 0; e < 2 && size > 0; e++) {
				size_t at = next_random((unsigned)size);
				unsigned kind = next_random(4);
				if (kind == 0) {
					text[at] = bytes[next_random(sizeof(bytes) - 1)];
				} else if (kind == 1) {
					memmove(text + at, text + at + 1, size - at - 1);
					size--;
				} else if (kind == 2 && size < length + 7) {
					memmove(text + at + 1, text + at, size - at);
					text[at] = bytes[next_random(sizeof(bytes) - 1)];
					size++;
				} else if (kind == 3) {
					size = at;
				}
			}
			struct scan_reader slow;
			struct scan_report fast_report, slow_report;
			struct diag_list fast_diags, slow_diags;
			scan_reader_init(&slow, "vulns");
			slow.prune = false;
			diag_list_init(&fast_diags);
			diag_list_init(&slow_diags);
			enum scan_load_result fast = scan_report_load_buffer(
				&f->reader, text, size, "m.json", &fast_report, &fast_diags);
			enum scan_load_result plain = scan_report_load_buffer(
				&slow, text, size, "m.json", &slow_report, &slow_diags);
			assert_int_equal(fast, plain);
			assert_int_equal(fast_report.finding_count, slow_report.finding_count);
			assert_int_equal(fast_diags.count, slow_diags.count);
			if (fast_diags.count) {
				assert_string_equal(fast_diags.items[0].message,
						    slow_diags.items[0].message);
				assert_int_equal(fast_diags.items[0].line,
						 slow_diags.items[0].line);
				assert_int_equal(fast_diags.items[0].column,
						 slow_diags.items[0].column);
			}
			scan_report_release(&fast_report);
			scan_report_release(&slow_report);
			diag_list_release(&fast_diags);
			diag_list_release(&slow_diags);
			scan_reader_release(&slow);
		}
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_report_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_several_fixed_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grype_report_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grype_fix_states_and_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_and_nul_are_neutralised,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_without_class_uses_type, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncated_report_gives_line_and_column, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error_position_is_jansson_s, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wrong_shape_names_the_json_path, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fast_path_refuses_what_jansson_refuses, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unrecognized_and_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_k8s_cluster_images, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_path_and_jansson_agree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mutated_reports_read_the_same_both_ways, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
