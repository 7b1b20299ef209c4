/*
 * Harness: one part of a sharded assessment as `srgap merge PART.json`
 * reads it (render/merge.c: environments streamed and copied as written,
 * the records a part adds, the estate summary, roadmap and fix plan
 * rebuilt). Invariant: a merge that succeeds writes JSON that jansson
 * reads (JSON_REJECT_DUPLICATES), because its output is what `srgap
 * report` and `srgap diff` read next.
 */
#include <jansson.h>

#include "core/models.h"
#include "fuzz.h"
#include "render/merge.h"
#include "util/diag.h"

static struct models models;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	struct diag_list diags;
	diag_list_init(&diags);
	if (!loaded) {
		FUZZ_ASSERT(models_load(&models, fuzz_data_dir(), &diags) == 0,
			    "cannot load the models of %s", fuzz_data_dir());
		diag_list_release(&diags);
		diag_list_init(&diags);
		loaded = 1;
	}
	const char *path = fuzz_write_file("part.json", data, size);
	fuzz_memory_begin();
	const char *parts[] = {path};
	struct merge_options options = {.parts = parts, .part_count = 1, .models = &models};
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	struct summary total = {0};
	enum merge_result result = render_merge(&options, out, &total, &diags);
	fclose(out);
	FUZZ_ASSERT(result != MERGE_INPUT_ERROR || diag_error_count(&diags) > 0,
		    "failed without an error");
	if (result == MERGE_OK) {
		json_error_t error;
		json_t *merged = json_loadb(text, length, JSON_REJECT_DUPLICATES, &error);
		FUZZ_ASSERT(merged, "merge wrote invalid JSON: %s at %d:%d", error.text, error.line,
			    error.column);
		json_decref(merged);
	}
	free(text);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
