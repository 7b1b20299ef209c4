/*
 * Unit tests for the report layer's shared parts: the templates loader
 * (src/render/templates.c), the helpers and registry in src/render/report.c
 * and the bar arithmetic in src/render/document.c. The formats themselves
 * are checked through their output by the golden tests.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>

#include "render/document.h"
#include "render/report.h"
#include "test_support.h"
#include "util/strbuf.h"

#define TEMPLATES(name) FIXTURE("templates/" name)
#define REPORT_INPUTS	SRGAP_TEST_DATA_DIR "/tests/golden/report-inputs/"

/* ------------------------------------------------------------------ templates */

struct loaded {
	struct report_templates *templates;
	struct diag_list diags;
	int result;
};

static void load(struct loaded *l, const char *data_dir)
{
	diag_list_init(&l->diags);
	l->result = report_templates_load(&l->templates, data_dir, &l->diags);
}

static void release(struct loaded *l)
{
	report_templates_free(l->templates);
	diag_list_release(&l->diags);
}

static void test_templates_shipped(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, SRGAP_TEST_DATA_DIR);
	assert_int_equal(l.result, 0);
	if (l.diags.count)
		print_diags(&l.diags);
	assert_int_equal(l.diags.count, 0); /* not even a warning */
	assert_string_equal(report_text(l.templates, "summary.title"), "Executive summary");
	assert_string_equal(report_text(l.templates, "language"), "en");
	assert_string_equal(report_text(l.templates, "status.not-applicable"), "n/a");
	/* A missing key reads as itself. */
	assert_string_equal(report_text(l.templates, "summary.no-such-key"), "summary.no-such-key");
	assert_string_equal(report_word(l.templates, "status", "gap"), "GAP");
	assert_string_equal(report_word(l.templates, "status", "weird"), "weird");
	release(&l);
}

static void test_templates_unknown_section(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, TEMPLATES("unknown-section"));
	assert_int_equal(l.result, -1);
	assert_null(l.templates);
	expect_diag2(&l.diags, "templates.unknown-key", 4, 1, "'sumary'",
		     "did you mean 'summary'?");
	release(&l);
}

static void test_templates_sequence(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, TEMPLATES("sequence"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag(&l.diags, "templates.wrong-type", 6, 14, "'summary.paragraph'");
	release(&l);
}

static void test_templates_missing_keys_warn(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, TEMPLATES("only-language"));
	assert_int_equal(l.result, 0);
	assert_error_count(&l.diags, 0);
	assert_true(count_code(&l.diags, "templates.missing-key") > 100);
	expect_diag(&l.diags, "templates.missing-key", 0, 0, "'summary.title'");
	assert_string_equal(report_text(l.templates, "language"), "de");
	assert_string_equal(report_text(l.templates, "summary.title"), "summary.title");
	release(&l);
}

static void test_templates_bad_version_and_missing_file(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, TEMPLATES("bad-version"));
	assert_int_equal(l.result, -1);
	expect_diag(&l.diags, "templates.bad-version", 1, 18, "format 2");
	release(&l);
	load(&l, TEMPLATES("no-such-dir"));
	assert_int_equal(l.result, -1);
	assert_error_count(&l.diags, 1);
	expect_diag(&l.diags, "templates.unreadable", 0, 0, "cannot open");
	release(&l);
}

static void test_templates_dotted_duplicate(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, TEMPLATES("dotted-duplicate"));
	assert_int_equal(l.result, -1);
	expect_diag(&l.diags, "templates.duplicate-key", 0, 0, "'summary.note.x'");
	release(&l);
}

/* ------------------------------------------------------------------ helpers */

static void expand_is(const char *text, const char *expected)
{
	const char *names[] = {"organization", "coverage", "o"};
	const char *values[] = {"Müller & Co", "42.5", "{coverage}"};
	struct strbuf sb;
	strbuf_init(&sb);
	report_expand(&sb, text, names, values, 3);
	assert_string_equal(sb.buf, expected);
	strbuf_release(&sb);
}

static void test_report_expand(void **state)
{
	(void)state;
	expand_is("{organization} covers {coverage}%.", "Müller & Co covers 42.5%.");
	expand_is("no placeholders", "no placeholders");
	expand_is("{unknown} stays, {coverage} goes", "{unknown} stays, 42.5 goes");
	expand_is("unterminated {coverage", "unterminated {coverage");
	expand_is("{}{{coverage}}", "{}{42.5}");
	/* Values are not expanded again. */
	expand_is("{o}", "{coverage}");
	expand_is("", "");
}

static json_t *load_json(const char *text)
{
	json_error_t error;
	json_t *value = json_loads(text, 0, &error);
	if (!value)
		fail_msg("bad test JSON: %s", error.text);
	return value;
}

static void check_fails(json_t *document, const char *code, const char *needle)
{
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(report_check(document, "saved.json", &diags), -1);
	assert_error_count(&diags, 1);
	expect_diag(&diags, code, 0, 0, needle);
	diag_list_release(&diags);
}

static void test_report_check(void **state)
{
	(void)state;
	json_error_t error;
	json_t *good = json_load_file(REPORT_INPUTS "assessment.json", 0, &error);
	assert_non_null(good);
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(report_check(good, "saved.json", &diags), 0);
	assert_int_equal(diags.count, 0);
	diag_list_release(&diags);

	json_t *broken = json_deep_copy(good);
	json_object_set_new(
		json_array_get(
			json_object_get(json_array_get(json_object_get(broken, "environments"), 1),
					"cells"),
			4),
		"risk", json_string("high"));
	check_fails(broken, "report.json-shape",
		    "environments[1].cells[4].risk must be an integer");
	json_decref(broken);

	broken = json_deep_copy(good);
	json_object_set_new(json_array_get(json_object_get(broken, "roadmap"), 2), "phase",
			    json_integer(4));
	check_fails(broken, "report.json-shape", "roadmap[2].phase must be 1, 2 or 3");
	json_decref(broken);

	broken = json_deep_copy(good);
	json_object_set_new(
		json_array_get(
			json_object_get(json_array_get(json_object_get(broken, "environments"), 0),
					"cells"),
			0),
		"status", json_string("fine"));
	check_fails(broken, "report.json-shape",
		    "environments[0].cells[0].status: unknown value 'fine'");
	json_decref(broken);

	broken = json_deep_copy(good);
	json_object_del(broken, "roadmap");
	check_fails(broken, "report.json-shape", "roadmap must be an array");
	json_decref(broken);

	/*
	 * Counts out of range: "gap": -5 made the report say "-2 open gaps", and
	 * values near the integer limit overflowed the sums the reports print.
	 */
	broken = json_deep_copy(good);
	json_object_set_new(json_object_get(json_object_get(broken, "summary"), "status"), "gap",
			    json_integer(-5));
	check_fails(broken, "report.json-shape",
		    "summary.status.gap must be a number from 0 to 1000000000000, not -5");
	json_decref(broken);
	broken = json_deep_copy(good);
	json_object_set_new(json_object_get(broken, "summary"), "risk",
			    json_integer(9223372036854775807LL));
	check_fails(broken, "report.json-shape", "summary.risk must be a number from 0 to");
	json_decref(broken);
	broken = json_deep_copy(good);
	json_t *roadmap = json_object_get(broken, "roadmap");
	for (size_t i = 0; i < json_array_size(roadmap); i++)
		json_object_set_new(json_array_get(roadmap, i), "risk_reduction",
				    json_integer(1000000000000LL));
	check_fails(broken, "report.json-shape",
		    "roadmap: the risk_reduction of the roadmap actions add up to more than");
	json_decref(broken);
	json_decref(good);

	json_t *other = load_json("{\"srgap\": \"inventory\"}");
	check_fails(other, "report.wrong-format", "\"srgap\" is \"inventory\"");
	json_decref(other);
	other = load_json("[1, 2]");
	check_fails(other, "report.wrong-format", "\"srgap\" is missing");
	json_decref(other);
}

/* An assessment/1 file lists every result; the reports read it as per-probe summaries. */
static void test_report_upgrade(void **state)
{
	(void)state;
	json_error_t error;
	json_t *old = json_load_file(REPORT_INPUTS "assessment.json", 0, &error);
	assert_non_null(old);
	assert_int_equal(report_version(old), 1);
	report_upgrade(old);
	assert_int_equal(report_version(old), 2);
	assert_int_equal(report_integer(old, "evidence_sample"), 5);
	struct diag_list diags;
	diag_list_init(&diags);
	assert_int_equal(report_check(old, "saved.json", &diags), 0);
	diag_list_release(&diags);
	const json_t *cells =
		json_object_get(json_array_get(json_object_get(old, "environments"), 0), "cells");
	/* 4.2.2c had a passing and a failing result of one probe: one summary. */
	const json_t *probes = json_object_get(json_array_get(cells, 25), "probes");
	assert_int_equal(json_array_size(probes), 1);
	const json_t *probe = json_array_get(probes, 0);
	assert_string_equal(report_string(probe, "probe"), "aws.ecr.tag-immutability");
	assert_int_equal(report_integer(probe, "pass"), 1);
	assert_int_equal(report_integer(probe, "fail"), 1);
	assert_int_equal(report_integer(probe, "error"), 0);
	const json_t *sample = json_object_get(probe, "sample");
	assert_int_equal(json_array_size(sample), 1);
	assert_string_equal(report_string(json_array_get(sample, 0), "result"), "fail");
	assert_int_equal(report_probe_unsampled(probe), 0);
	struct strbuf counts;
	strbuf_init(&counts);
	report_probe_counts(&counts, probe, NULL);
	assert_string_equal(counts.buf, "1 fail, 1 pass"); /* failing first */
	strbuf_release(&counts);
	json_decref(old);
}

static void test_report_reading_helpers(void **state)
{
	(void)state;
	json_t *object = load_json("{\"a\": \"text\", \"n\": 7, \"x\": null}");
	assert_string_equal(report_string(object, "a"), "text");
	assert_string_equal(report_string(object, "n"), "");
	assert_string_equal(report_string(object, "missing"), "");
	assert_int_equal(report_integer(object, "n"), 7);
	assert_int_equal(report_integer(object, "a"), 0);
	assert_string_equal(report_string(NULL, "a"), "");
	json_decref(object);

	assert_string_equal(report_heat_level(0), "none");
	assert_string_equal(report_heat_level(1), "low");
	assert_string_equal(report_heat_level(49), "low");
	assert_string_equal(report_heat_level(50), "medium");
	assert_string_equal(report_heat_level(149), "medium");
	assert_string_equal(report_heat_level(150), "high");

	char *path = report_logo_path("logo.png", "reports/q4/assessment.json");
	assert_string_equal(path, "reports/q4/logo.png");
	free(path);
	path = report_logo_path("/srv/logo.png", "reports/assessment.json");
	assert_string_equal(path, "/srv/logo.png");
	free(path);
	path = report_logo_path("logo.png", "assessment.json");
	assert_string_equal(path, "logo.png");
	free(path);
}

static void test_report_top_risks_and_areas(void **state)
{
	(void)state;
	json_t *document = load_json(
		"{\"environments\": ["
		" {\"name\": \"a\", \"cells\": ["
		"  {\"control\": \"1\", \"area\": \"image\", \"status\": \"gap\", \"risk\": 40},"
		"  {\"control\": \"2\", \"area\": \"image\", \"status\": \"claimed\", \"risk\": "
		"90},"
		"  {\"control\": \"3\", \"area\": \"host\", \"status\": \"partial\", \"risk\": "
		"20}]},"
		" {\"name\": \"b\", \"cells\": ["
		"  {\"control\": \"1\", \"area\": \"image\", \"status\": \"contradicted\", "
		"\"risk\": 60},"
		"  {\"control\": \"2\", \"area\": \"image\", \"status\": \"gap\", \"risk\": 40},"
		"  {\"control\": \"3\", \"area\": \"host\", \"status\": \"accepted\", \"risk\": "
		"0}]}]}");
	struct report_risk top[3];
	/* Claimed cells are not open; ties keep inventory order; only `max` are kept. */
	assert_int_equal(report_top_risks(document, top, 3), 3);
	assert_string_equal(report_string(top[0].environment, "name"), "b");
	assert_int_equal(report_integer(top[0].cell, "risk"), 60);
	assert_string_equal(report_string(top[1].environment, "name"), "a");
	assert_string_equal(report_string(top[2].environment, "name"), "b");
	assert_string_equal(report_string(top[2].cell, "control"), "2");
	assert_int_equal(report_top_risks(document, top, 0), 0);
	const json_t *a = json_array_get(json_object_get(document, "environments"), 0);
	assert_int_equal(report_area_risk(a, "image"), 130); /* every cell's risk, claimed too */
	assert_int_equal(report_area_risk(a, "host"), 20);
	assert_int_equal(report_area_risk(a, "hardware"), 0);
	json_decref(document);
}

static void test_report_summary_paragraph(void **state)
{
	(void)state;
	struct loaded l;
	load(&l, SRGAP_TEST_DATA_DIR);
	json_t *empty = json_load_file(REPORT_INPUTS "empty.json", 0, NULL);
	assert_non_null(empty);
	struct strbuf sb;
	strbuf_init(&sb);
	report_summary_paragraph(&sb, empty, l.templates);
	assert_non_null(strstr(sb.buf, "Empty Estate runs 0 container environments."));
	assert_non_null(strstr(sb.buf, "removes 0.0% of the open risk"));
	assert_null(strchr(sb.buf, '{')); /* every placeholder filled */
	strbuf_release(&sb);
	json_decref(empty);
	release(&l);
}

static void test_report_registry(void **state)
{
	(void)state;
	size_t count = 0;
	for (; report_formats[count]; count++) {
		const struct report_renderer *renderer = report_formats[count];
		assert_ptr_equal(report_find(renderer->name), renderer);
		assert_non_null(renderer->render);
		assert_non_null(renderer->description);
		if (count)
			assert_true(strcmp(report_formats[count - 1]->name, renderer->name) < 0);
	}
	assert_true(count >= 2);
	assert_ptr_equal(report_find("markdown"), &report_markdown);
	assert_ptr_equal(report_find("html"), &report_html);
	assert_null(report_find("md")); /* the command maps md to markdown */
	assert_null(report_find("docx"));
}

/* ------------------------------------------------------------------ bars */

static void widths_are(const unsigned long *values, size_t count, size_t width,
		       const size_t *expected)
{
	struct document_segment segments[8];
	size_t widths[8], sum = 0;
	for (size_t i = 0; i < count; i++)
		segments[i] = (struct document_segment){values[i], "x"};
	document_bar_widths(segments, count, width, widths);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(widths[i], expected[i]);
		sum += widths[i];
	}
	unsigned long total = 0;
	for (size_t i = 0; i < count; i++)
		total += values[i];
	assert_int_equal(sum, total ? width : 0);
}

static void test_document_bar_widths(void **state)
{
	(void)state;
	/* 1, 24, 51 of 76 over 36 columns: 0.47, 11.37, 24.16 -> 1, 11, 24 (largest remainders). */
	widths_are((const unsigned long[]){1, 24, 51}, 3, 36, (const size_t[]){1, 11, 24});
	/* The phases on a 180-day axis split exactly. */
	widths_are((const unsigned long[]){30, 60, 90}, 3, 36, (const size_t[]){6, 12, 18});
	/* Equal remainders: the earlier segment gets the column. */
	widths_are((const unsigned long[]){1, 1, 1}, 3, 2, (const size_t[]){1, 1, 0});
	widths_are((const unsigned long[]){0, 0}, 2, 36, (const size_t[]){0, 0});
	widths_are((const unsigned long[]){0, 5}, 2, 1000, (const size_t[]){0, 1000});
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates_shipped),
		cmocka_unit_test(test_templates_unknown_section),
		cmocka_unit_test(test_templates_sequence),
		cmocka_unit_test(test_templates_missing_keys_warn),
		cmocka_unit_test(test_templates_bad_version_and_missing_file),
		cmocka_unit_test(test_templates_dotted_duplicate),
		cmocka_unit_test(test_report_expand),
		cmocka_unit_test(test_report_check),
		cmocka_unit_test(test_report_upgrade),
		cmocka_unit_test(test_report_reading_helpers),
		cmocka_unit_test(test_report_top_risks_and_areas),
		cmocka_unit_test(test_report_summary_paragraph),
		cmocka_unit_test(test_report_registry),
		cmocka_unit_test(test_document_bar_widths),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
