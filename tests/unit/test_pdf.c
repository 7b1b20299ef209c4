/*
 * Unit tests for the PDF report: text wrapping and the page-break rule (pure
 * functions), the `pdf:` template keys, and whole renders of a small
 * assessment (fixtures/pdf/tiny.json): deterministic bytes, paper sizes, the
 * logo, and the errors for a missing font or an unusable logo. What a reader
 * sees (fonts embedded, extracted text, page count) is checked by
 * tests/pdf/run.sh with qpdf and poppler.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render/pdf_internal.h"
#include "render/report.h"
#include "test_support.h"
#include "util/diag.h"

#define TINY FIXTURE("pdf/tiny.json")

/* ------------------------------------------------------------ wrapping */

/* One point per character (code point), so widths are easy to reason about. */
static double measure_chars(const void *context, const char *text, size_t length)
{
	(void)context;
	double width = 0;
	for (size_t i = 0; i < length; i++)
		width += ((unsigned char)text[i] & 0xC0) != 0x80;
	return width;
}

static char *line_text(const char *text, const struct pdf_span *span)
{
	static char buffer[256];
	snprintf(buffer, sizeof(buffer), "%.*s", (int)span->length, text + span->offset);
	return buffer;
}

static void test_wrap_fits_on_one_line(void **state)
{
	(void)state;
	struct pdf_span lines[4];
	bool truncated;
	const char *text = "hello world";
	assert_int_equal(pdf_wrap(text, 20, measure_chars, NULL, 1, lines, 4, &truncated), 1);
	assert_false(truncated);
	assert_string_equal(line_text(text, &lines[0]), "hello world");
}

static void test_wrap_breaks_at_spaces_and_trims_them(void **state)
{
	(void)state;
	struct pdf_span lines[4];
	bool truncated;
	const char *text = "  aaa bbb   ccc dd ";
	assert_int_equal(pdf_wrap(text, 7, measure_chars, NULL, 1, lines, 4, &truncated), 2);
	assert_string_equal(line_text(text, &lines[0]), "aaa bbb");
	assert_string_equal(line_text(text, &lines[1]), "ccc dd");
	/* Exactly the width still fits. */
	assert_int_equal(pdf_wrap("abc defg", 8, measure_chars, NULL, 1, lines, 4, &truncated), 1);
}

static void test_wrap_breaks_a_long_word_inside(void **state)
{
	(void)state;
	struct pdf_span lines[4];
	bool truncated;
	const char *text = "ab abcdefghij";
	assert_int_equal(pdf_wrap(text, 4, measure_chars, NULL, 1, lines, 4, &truncated), 4);
	assert_string_equal(line_text(text, &lines[0]), "ab");
	assert_string_equal(line_text(text, &lines[1]), "abcd");
	assert_string_equal(line_text(text, &lines[2]), "efgh");
	assert_string_equal(line_text(text, &lines[3]), "ij");
}

static void test_wrap_breaks_a_path_after_a_separator(void **state)
{
	(void)state;
	struct pdf_span lines[4];
	bool truncated;
	const char *text = "evidence/ecr.json#/repositories/0";
	assert_int_equal(pdf_wrap(text, 14, measure_chars, NULL, 1, lines, 4, &truncated), 3);
	assert_string_equal(line_text(text, &lines[0]), "evidence/ecr.");
	assert_string_equal(line_text(text, &lines[1]), "json#/");
	assert_string_equal(line_text(text, &lines[2]), "repositories/0");
}

static void test_wrap_never_splits_a_utf8_character(void **state)
{
	(void)state;
	struct pdf_span lines[8];
	bool truncated;
	const char *text = "ΕλληνικάКириллица";
	size_t count = pdf_wrap(text, 3, measure_chars, NULL, 1, lines, 8, &truncated);
	assert_int_equal(count, 6); /* 17 characters, 3 per line */
	for (size_t i = 0; i < count; i++) {
		unsigned char first = (unsigned char)text[lines[i].offset];
		assert_true((first & 0xC0) != 0x80);
		assert_true(measure_chars(NULL, text + lines[i].offset, lines[i].length) <= 3);
	}
	assert_string_equal(line_text(text, &lines[0]), "Ελλ");
	assert_string_equal(line_text(text, &lines[5]), "ца");
	/* Narrower than one character still makes progress, one character a line. */
	assert_int_equal(pdf_wrap("Äb", 0.5, measure_chars, NULL, 1, lines, 8, &truncated), 2);
}

static void test_wrap_keeps_explicit_line_breaks(void **state)
{
	(void)state;
	struct pdf_span lines[8];
	bool truncated;
	const char *text = "first\n\nthird\n";
	assert_int_equal(pdf_wrap(text, 20, measure_chars, NULL, 1, lines, 8, &truncated), 3);
	assert_string_equal(line_text(text, &lines[0]), "first");
	assert_int_equal(lines[1].length, 0);
	assert_string_equal(line_text(text, &lines[2]), "third");
}

static void test_wrap_truncates_with_room_for_an_ellipsis(void **state)
{
	(void)state;
	struct pdf_span lines[2];
	bool truncated;
	const char *text = "aaaa bbbb cccc dddd ee";
	assert_int_equal(pdf_wrap(text, 9, measure_chars, NULL, 1, lines, 2, &truncated), 2);
	assert_true(truncated);
	assert_string_equal(line_text(text, &lines[0]), "aaaa bbbb");
	/* "cccc dddd" would fill the line; the ellipsis needs one more point. */
	assert_string_equal(line_text(text, &lines[1]), "cccc ddd");
	assert_true(measure_chars(NULL, text + lines[1].offset, lines[1].length) + 1 <= 9);
}

/* Zero-width characters take no room: only the byte limit breaks their lines. */
static double measure_nothing(const void *context, const char *text, size_t length)
{
	(void)context;
	(void)text;
	(void)length;
	return 0;
}

static void test_wrap_keeps_lines_within_libharus_string_limit(void **state)
{
	(void)state;
	/* Zero-width spaces (3 bytes each), then words of them with spaces. */
	enum { CHARS = 5000 };
	char *text = malloc(CHARS * 3 + 1);
	for (size_t i = 0; i < CHARS; i++)
		memcpy(text + i * 3, "\xE2\x80\x8B", 3);
	text[CHARS * 3] = '\0';
	struct pdf_span lines[16];
	bool truncated;
	size_t count = pdf_wrap(text, 100, measure_nothing, NULL, 1, lines, 16, &truncated);
	assert_false(truncated);
	size_t per_line = PDF_LINE_MAX_BYTES / 3 * 3; /* whole characters */
	assert_int_equal(count, (CHARS * 3 + per_line - 1) / per_line);
	size_t total = 0;
	for (size_t i = 0; i < count; i++) {
		assert_true(lines[i].length <= PDF_LINE_MAX_BYTES);
		assert_int_equal(lines[i].offset % 3, 0); /* never inside a character */
		total += lines[i].length;
	}
	assert_int_equal(total, CHARS * 3); /* nothing lost */
	for (size_t i = 600; i < CHARS * 3; i += 600)
		text[i] = ' ';
	count = pdf_wrap(text, 100, measure_nothing, NULL, 1, lines, 16, &truncated);
	for (size_t i = 0; i < count; i++)
		assert_true(lines[i].length <= PDF_LINE_MAX_BYTES);
	free(text);
}

static void test_wrap_empty_text_has_no_lines(void **state)
{
	(void)state;
	struct pdf_span lines[2];
	bool truncated = true;
	assert_int_equal(pdf_wrap("", 10, measure_chars, NULL, 1, lines, 2, &truncated), 0);
	assert_false(truncated);
	assert_int_equal(pdf_wrap(NULL, 10, measure_chars, NULL, 1, lines, 2, &truncated), 0);
	assert_int_equal(pdf_wrap("   ", 10, measure_chars, NULL, 1, lines, 2, &truncated), 0);
}

/* ---------------------------------------------------------- pagination */

static void test_row_height_counts_lines_and_padding(void **state)
{
	(void)state;
	struct pdf_table_metrics metrics = {.font_size = 8, .leading = 10, .padding = 3};
	assert_true(pdf_table_row_height(&metrics, 0) == 16); /* an empty row is one line high */
	assert_true(pdf_table_row_height(&metrics, 1) == 16);
	assert_true(pdf_table_row_height(&metrics, 3) == 36);
}

static void test_header_is_never_orphaned(void **state)
{
	(void)state;
	/* 50 points left above the bottom margin at 100. */
	assert_false(pdf_table_needs_break(150, 100, 20, true, 50));
	assert_true(pdf_table_needs_break(150, 100, 20, true, 51));
	/* Without the header on this page, header and row must fit together. */
	assert_true(pdf_table_needs_break(150, 100, 20, false, 31));
	assert_false(pdf_table_needs_break(150, 100, 20, false, 30));
}

/* ------------------------------------------------------------ templates */

static void test_every_pdf_key_is_in_the_templates(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	struct report_templates *templates = NULL;
	assert_int_equal(report_templates_load(&templates, SRGAP_TEST_DATA_DIR, &diags), 0);
	size_t keys = 0;
	for (size_t i = 0; pdf_template_keys[i]; i++, keys++) {
		const char *key = pdf_template_keys[i];
		assert_true(!strncmp(key, "pdf.", 4));
		if (report_text(templates, key) == key)
			fail_msg("templates/report.yaml has no '%s'", key);
	}
	assert_true(keys > 10);
	report_templates_free(templates);
	diag_list_release(&diags);
}

/* --------------------------------------------------------------- renders */

struct render {
	int status;
	char *data; /* what was written */
	size_t size;
	struct diag_list diags;
};

static void render_tiny(struct render *result, enum report_paper paper, const char *logo)
{
	json_error_t error;
	json_t *assessment = json_load_file(TINY, 0, &error);
	assert_non_null(assessment);
	if (logo)
		json_object_set_new(json_object_get(assessment, "assessment"), "logo",
				    json_string(logo));
	struct report_templates *templates = NULL;
	diag_list_init(&result->diags);
	assert_int_equal(report_templates_load(&templates, SRGAP_TEST_DATA_DIR, &result->diags), 0);
	struct report_options options = {
		.paper = paper, .data_dir = SRGAP_TEST_DATA_DIR, .source = TINY};
	FILE *out = open_memstream(&result->data, &result->size);
	assert_non_null(out);
	result->status = report_pdf.render(assessment, templates, &options, out, &result->diags);
	fclose(out);
	report_templates_free(templates);
	json_decref(assessment);
}

static void render_release(struct render *result)
{
	free(result->data);
	diag_list_release(&result->diags);
}

static bool contains(const struct render *result, const char *needle)
{
	size_t length = strlen(needle);
	for (size_t i = 0; i + length <= result->size; i++)
		if (!memcmp(result->data + i, needle, length))
			return true;
	return false;
}

static void test_render_is_a_complete_deterministic_pdf(void **state)
{
	(void)state;
	struct render first, second;
	render_tiny(&first, REPORT_PAPER_A4, NULL);
	if (first.status != 0)
		print_diags(&first.diags);
	assert_int_equal(first.status, 0);
	assert_int_equal(diag_error_count(&first.diags), 0);
	assert_true(first.size > 1000);
	assert_memory_equal(first.data, "%PDF-", 5);
	assert_true(contains(&first, "%%EOF"));
	assert_true(contains(&first, "/MediaBox [ 0 0 595.276 841.89") ||
		    contains(&first, "/MediaBox [0 0 595.276 841.89]"));
	/* Fonts are embedded (a FontFile2 stream per font), bookmarks exist. */
	assert_true(contains(&first, "/FontFile2"));
	assert_true(contains(&first, "/Outlines"));
	/* Dates come from the assessment, never the clock. */
	assert_true(contains(&first, "(D:20261115000000Z"));

	render_tiny(&second, REPORT_PAPER_A4, NULL);
	assert_int_equal(second.status, 0);
	assert_int_equal(first.size, second.size);
	assert_memory_equal(first.data, second.data, first.size);
	render_release(&first);
	render_release(&second);
}

static void test_render_letter_paper(void **state)
{
	(void)state;
	struct render result;
	render_tiny(&result, REPORT_PAPER_LETTER, NULL);
	assert_int_equal(result.status, 0);
	assert_true(contains(&result, "/MediaBox [ 0 0 612 792 ]") ||
		    contains(&result, "/MediaBox [0 0 612 792]"));
	assert_false(contains(&result, "841.89"));
	render_release(&result);
}

static void test_render_with_png_and_jpeg_logos(void **state)
{
	(void)state;
	struct render plain, png, jpeg;
	render_tiny(&plain, REPORT_PAPER_A4, NULL);
	/* Relative to the assessment file's directory. */
	render_tiny(&png, REPORT_PAPER_A4, "logo.png");
	render_tiny(&jpeg, REPORT_PAPER_A4, FIXTURE("pdf/logo.jpg"));
	assert_int_equal(png.status, 0);
	assert_int_equal(jpeg.status, 0);
	assert_true(contains(&png, "/Subtype /Image"));
	assert_true(contains(&jpeg, "/DCTDecode"));
	assert_false(contains(&plain, "/Subtype /Image"));
	render_release(&plain);
	render_release(&png);
	render_release(&jpeg);
}

static void expect_logo_error(const char *logo, const char *needle)
{
	struct render result;
	render_tiny(&result, REPORT_PAPER_A4, logo);
	assert_int_equal(result.status, -1);
	assert_int_equal(result.size, 0); /* nothing written */
	expect_diag(&result.diags, "report.logo", 0, 0, needle);
	render_release(&result);
}

static void test_unusable_logo_is_an_error_without_output(void **state)
{
	(void)state;
	expect_logo_error("missing.png", "No such file");
	expect_logo_error("not-an-image.png", "neither a PNG nor a JPEG");
	/* libharu alone would abort on this one, and embed the truncated JPEG. */
	expect_logo_error("damaged.png", "damaged PNG");
	expect_logo_error("truncated.jpg", "truncated JPEG");
}

static void test_missing_font_is_an_error_without_output(void **state)
{
	(void)state;
	setenv("SRGAP_FONT", "/nonexistent/Font.ttf", 1);
	struct render result;
	render_tiny(&result, REPORT_PAPER_A4, NULL);
	assert_int_equal(result.status, -1);
	assert_int_equal(result.size, 0);
	expect_diag2(&result.diags, "report.font-missing", 0, 0, "/nonexistent/Font.ttf",
		     "SRGAP_FONT");
	render_release(&result);

	/* A file that is not a TrueType font. */
	setenv("SRGAP_FONT", TINY, 1);
	render_tiny(&result, REPORT_PAPER_A4, NULL);
	assert_int_equal(result.status, -1);
	assert_int_equal(result.size, 0);
	expect_diag(&result.diags, "report.font", 0, 0, "not a TrueType font");
	render_release(&result);
	unsetenv("SRGAP_FONT");
}

static void test_font_override(void **state)
{
	(void)state;
	/* One font for both weights is enough. */
	setenv("SRGAP_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 1);
	struct render result;
	render_tiny(&result, REPORT_PAPER_A4, NULL);
	assert_int_equal(result.status, 0);
	assert_false(contains(&result, "DejaVuSans-Bold"));
	render_release(&result);
	unsetenv("SRGAP_FONT");
}

int main(void)
{
	/* The tests set SRGAP_FONT themselves; start from the default fonts. */
	unsetenv("SRGAP_FONT");
	unsetenv("SRGAP_FONT_BOLD");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_fits_on_one_line),
		cmocka_unit_test(test_wrap_breaks_at_spaces_and_trims_them),
		cmocka_unit_test(test_wrap_breaks_a_long_word_inside),
		cmocka_unit_test(test_wrap_breaks_a_path_after_a_separator),
		cmocka_unit_test(test_wrap_never_splits_a_utf8_character),
		cmocka_unit_test(test_wrap_keeps_explicit_line_breaks),
		cmocka_unit_test(test_wrap_truncates_with_room_for_an_ellipsis),
		cmocka_unit_test(test_wrap_keeps_lines_within_libharus_string_limit),
		cmocka_unit_test(test_wrap_empty_text_has_no_lines),
		cmocka_unit_test(test_row_height_counts_lines_and_padding),
		cmocka_unit_test(test_header_is_never_orphaned),
		cmocka_unit_test(test_every_pdf_key_is_in_the_templates),
		cmocka_unit_test(test_render_is_a_complete_deterministic_pdf),
		cmocka_unit_test(test_render_letter_paper),
		cmocka_unit_test(test_render_with_png_and_jpeg_logos),
		cmocka_unit_test(test_unusable_logo_is_an_error_without_output),
		cmocka_unit_test(test_missing_font_is_an_error_without_output),
		cmocka_unit_test(test_font_override),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
