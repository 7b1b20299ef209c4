/*
 * Differential harness: the pruner's fast path and the plain jansson path
 * must give the same result on the same scanner report. Invariants:
 *   - json_prune accepts only text jansson accepts (JSON_REJECT_DUPLICATES,
 *     even without JSON_ALLOW_NUL: srgap merge copies an environment that
 *     json_prune_check accepts without building it, and srgap report and
 *     diff read it without that flag), and then the pruned copy parses too;
 *   - json_prune_check accepts exactly what json_prune accepts, and the
 *     value json_prune_check_prefix measures is one json_prune_check accepts;
 *   - scan_report_load_buffer with and without pruning returns the same
 *     result, the same diagnostics, and the same records, field by field.
 */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "io/json_prune.h"
#include "io/json_text.h"
#include "io/scanner_report.h"
#include "util/diag.h"
#include "util/strbuf.h"

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_list(const char *const *a, size_t a_count, const char *const *b, size_t b_count)
{
	if (a_count != b_count)
		return 0;
	for (size_t i = 0; i < a_count; i++)
		if (!same_text(a[i], b[i]))
			return 0;
	return 1;
}

static void compare_reports(const struct scan_report *a, const struct scan_report *b)
{
	FUZZ_ASSERT(a->tool == b->tool && same_text(a->artifact, b->artifact) &&
			    same_text(a->artifact_type, b->artifact_type) &&
			    same_text(a->image_id, b->image_id) &&
			    same_text(a->os_family, b->os_family) &&
			    same_text(a->os_version, b->os_version) &&
			    same_text(a->user, b->user) && same_text(a->created, b->created),
		    "the report's header differs between the paths");
	FUZZ_ASSERT(same_list(a->repo_tags, a->repo_tag_count, b->repo_tags, b->repo_tag_count) &&
			    same_list(a->repo_digests, a->repo_digest_count, b->repo_digests,
				      b->repo_digest_count),
		    "tags or digests differ between the paths");
	FUZZ_ASSERT(a->finding_count == b->finding_count && a->secret_count == b->secret_count &&
			    a->misconfiguration_count == b->misconfiguration_count,
		    "counts differ: %zu/%zu findings", a->finding_count, b->finding_count);
	for (size_t i = 0; i < a->finding_count; i++) {
		const struct scan_finding *x = &a->findings[i], *y = &b->findings[i];
		FUZZ_ASSERT(same_text(x->id, y->id) && same_text(x->package, y->package) &&
				    same_text(x->installed, y->installed) &&
				    same_text(x->type, y->type) && x->severity == y->severity &&
				    x->package_class == y->package_class &&
				    same_list(x->fixed, x->fixed_count, y->fixed, y->fixed_count),
			    "finding %zu differs between the paths", i);
	}
}

static void compare_diags(const struct diag_list *a, const struct diag_list *b)
{
	FUZZ_ASSERT(a->count == b->count, "%zu diagnostics against %zu", a->count, b->count);
	for (size_t i = 0; i < a->count; i++)
		FUZZ_ASSERT(!strcmp(a->items[i].code, b->items[i].code) &&
				    !strcmp(a->items[i].message, b->items[i].message) &&
				    a->items[i].line == b->items[i].line &&
				    a->items[i].column == b->items[i].column,
			    "diagnostic %zu differs: '%s' against '%s'", i, a->items[i].message,
			    b->items[i].message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const drop[] = {"Description", "References", "drop", "metadata"};
	const char *text = (const char *)data;
	fuzz_memory_begin();

	struct strbuf pruned;
	strbuf_init(&pruned);
	json_error_t error;
	bool pruned_ok = json_prune(text, size, drop, sizeof(drop) / sizeof(drop[0]), &pruned);
	FUZZ_ASSERT(json_prune_check(text, size) == pruned_ok, "json_prune %s, json_prune_check %s",
		    pruned_ok ? "accepts" : "gives up", pruned_ok ? "gives up" : "accepts");
	size_t prefix = json_prune_check_prefix(text, size);
	FUZZ_ASSERT(prefix <= size && (!prefix || json_prune_check(text, prefix)),
		    "json_prune_check_prefix measured %zu bytes it does not vouch for", prefix);
	FUZZ_ASSERT(!pruned_ok || size == 0 || (text[0] != '{' && text[0] != '[') || prefix,
		    "json_prune_check_prefix gives up on a value json_prune accepts");
	if (pruned_ok) {
		json_t *whole = json_text_load(text, size, JSON_REJECT_DUPLICATES, &error);
		FUZZ_ASSERT(whole, "the pruner accepts what jansson refuses: %s (%d:%d)",
			    error.text, error.line, error.column);
		json_t *copy = json_loadb(pruned.buf, pruned.len,
					  JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &error);
		FUZZ_ASSERT(copy, "the pruned copy does not parse: %s", error.text);
		json_decref(copy);
		json_decref(whole);
	}
	strbuf_release(&pruned);

	struct scan_reader fast, plain;
	scan_reader_init(&fast, "vulns");
	scan_reader_init(&plain, "vulns");
	plain.prune = false;
	struct diag_list fast_diags, plain_diags;
	diag_list_init(&fast_diags);
	diag_list_init(&plain_diags);
	struct scan_report fast_report, plain_report;
	enum scan_load_result fast_result = scan_report_load_buffer(
		&fast, text, size, "report.json", &fast_report, &fast_diags);
	enum scan_load_result plain_result = scan_report_load_buffer(
		&plain, text, size, "report.json", &plain_report, &plain_diags);
	FUZZ_ASSERT(fast_result == plain_result, "result %d with pruning, %d without", fast_result,
		    plain_result);
	compare_diags(&fast_diags, &plain_diags);
	if (fast_result == SCAN_LOAD_OK)
		compare_reports(&fast_report, &plain_report);
	scan_report_release(&fast_report);
	scan_report_release(&plain_report);
	diag_list_release(&fast_diags);
	diag_list_release(&plain_diags);
	scan_reader_release(&fast);
	scan_reader_release(&plain);
	fuzz_memory_end(size);
	return 0;
}
