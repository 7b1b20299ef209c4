/*
 * Harness: a saved assessment as `srgap diff` reads it (the streaming
 * reader of io/assessment_json.c, then the comparison with itself) and as
 * `srgap report` reads it (jansson, report_check, then the Markdown report,
 * whose numbers come from the file). Whatever the reader main has is
 * fuzzed: the format version is not assumed here.
 *
 * Invariant: the streaming reader and jansson agree on which objects are
 * JSON (with JSON_REJECT_DUPLICATES); a document one accepts and the other
 * refuses is a finding.
 */
#include <jansson.h>
#include <string.h>

#include "core/diff.h"
#include "fuzz.h"
#include "io/json_text.h"
#include "render/report.h"
#include "util/diag.h"

static struct report_templates *templates;

static int has_code(const struct diag_list *diags, const char *code)
{
	for (size_t i = 0; i < diags->count; i++)
		if (!strcmp(diags->items[i].code, code))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags;
	diag_list_init(&diags);
	if (!templates) {
		FUZZ_ASSERT(report_templates_load(&templates, fuzz_data_dir(), &diags) == 0,
			    "cannot load the templates of %s", fuzz_data_dir());
		diag_list_release(&diags);
		diag_list_init(&diags);
	}
	const char *path = fuzz_write_file("assessment.json", data, size);
	fuzz_memory_begin();

	/* srgap diff */
	struct saved_assessment saved;
	int loaded = diff_load(&saved, path, &diags);
	int stream_syntax = has_code(&diags, "assessment.json-syntax");
	if (loaded == 0) {
		struct diff diff = {0};
		diff_compute(&diff, &saved, &saved);
		FUZZ_ASSERT(diff_is_empty(&diff), "an assessment differs from itself");
		diff_release(&diff);
	}
	assessment_json_release(&saved);
	diag_list_release(&diags);
	diag_list_init(&diags);

	/* srgap report */
	json_error_t error;
	json_t *document = json_text_load((const char *)data, size, JSON_REJECT_DUPLICATES, &error);
	json_t *any = document ? json_incref(document)
			       : json_text_load((const char *)data, size,
						JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &error);
	/*
	 * A file that does not start with '{' is "not an assessment" to the
	 * streaming reader, JSON or not; from the '{' on, it must agree.
	 */
	size_t first = 0;
	while (first < size && strchr(" \t\r\n", data[first]) && data[first])
		first++;
	if (first < size && data[first] == '{' && (json_is_object(any) || !any))
		FUZZ_ASSERT(stream_syntax == !any,
			    "the assessment reader %s a document jansson %s (%s)",
			    stream_syntax ? "refuses" : "accepts", any ? "accepts" : "refuses",
			    any ? "" : error.text);
	json_decref(any);
	if (document && report_check(document, "assessment.json", &diags) == 0) {
		const struct report_renderer *markdown = report_find("markdown");
		struct report_options options = {.data_dir = fuzz_data_dir(),
						 .source = "assessment.json"};
		char *text = NULL;
		size_t length = 0;
		FILE *out = open_memstream(&text, &length);
		markdown->render(document, templates, &options, out, &diags);
		fclose(out);
		free(text);
	}
	json_decref(document);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
