/*
 * Helpers for the probe family tests: run the probes over one fixture with
 * the shipped models and a fixed assessment date, and assert one result by
 * probe id and subject, printing every result when it is not there.
 */
#ifndef SRGAP_PROBE_TEST_SUPPORT_H
#define SRGAP_PROBE_TEST_SUPPORT_H

#include <stdlib.h>

#include "core/models.h"
#include "core/probe_results.h"
#include "probe/probe.h"
#include "test_support.h"
#include "util/date.h"

/* The date the fixtures are judged on, the test environment's SOURCE_DATE_EPOCH day. */
#define PROBE_TEST_TODAY "2026-11-18"

struct probe_fixture {
	struct models models;
	struct probe_settings settings;
	struct probe_results results;
	struct diag_list diags;
};

static inline int probe_fixture_setup(void **state)
{
	struct probe_fixture *f = calloc(1, sizeof(*f));
	diag_list_init(&f->diags);
	if (models_load(&f->models, SRGAP_TEST_DATA_DIR, &f->diags) < 0) {
		print_diags(&f->diags);
		return -1;
	}
	date_parse(PROBE_TEST_TODAY, &f->settings.today);
	f->settings.models = &f->models;
	probe_results_init(&f->results);
	*state = f;
	return 0;
}

static inline int probe_fixture_teardown(void **state)
{
	struct probe_fixture *f = *state;
	probe_results_release(&f->results);
	diag_list_release(&f->diags);
	models_release(&f->models);
	free(f);
	return 0;
}

static inline void print_results(const struct probe_results *results)
{
	for (size_t i = 0; i < results->count; i++) {
		const struct probe_result *r = &results->items[i];
		print_message("  %-5s %-34s %s | %s | #%s\n", probe_outcome_names[r->outcome],
			      r->probe, r->subject ? r->subject : "", r->detail,
			      r->pointer ? r->pointer : "");
	}
}

/* Runs every probe over fixture `path` into a fresh result set; no diagnostics allowed. */
static inline struct probe_results *run_fixture(void **state, const char *path)
{
	struct probe_fixture *f = *state;
	probe_results_release(&f->results);
	probe_results_init(&f->results);
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	assert_int_equal(probe_evidence(path, &f->settings, &f->results, &f->diags), 0);
	if (f->diags.count) {
		print_diags(&f->diags);
		fail_msg("%s: unexpected diagnostics", path);
	}
	return &f->results;
}

static inline const struct probe_result *find_result(const struct probe_results *results,
						     const char *probe, const char *subject)
{
	for (size_t i = 0; i < results->count; i++) {
		const struct probe_result *r = &results->items[i];
		if (!strcmp(r->probe, probe) && r->subject && !strcmp(r->subject, subject))
			return r;
	}
	return NULL;
}

static inline size_t count_results(const struct probe_results *results, const char *probe)
{
	size_t count = 0;
	for (size_t i = 0; i < results->count; i++)
		count += !strcmp(results->items[i].probe, probe);
	return count;
}

/*
 * The result of `probe` for `subject` must exist, have `outcome`, the exact
 * `pointer` (NULL: any) and a detail containing `needle` (NULL: any).
 */
static inline const struct probe_result *expect_result_impl(const struct probe_results *results,
							    const char *probe, const char *subject,
							    enum probe_outcome outcome,
							    const char *pointer, const char *needle,
							    const char *file, int line)
{
	const struct probe_result *r = find_result(results, probe, subject);
	const char *problem = NULL;
	if (!r)
		problem = "no such result";
	else if (r->outcome != outcome)
		problem = "wrong outcome";
	else if (pointer && (!r->pointer || strcmp(r->pointer, pointer)))
		problem = "wrong pointer";
	else if (needle && !strstr(r->detail, needle))
		problem = "detail lacks the expected text";
	if (!problem)
		return r;
	print_message("%s:%d: %s for %s / %s (want %s, pointer %s, detail with '%s'); got:\n", file,
		      line, problem, probe, subject, probe_outcome_names[outcome],
		      pointer ? pointer : "*", needle ? needle : "");
	print_results(results);
	_fail(file, line);
	return NULL;
}

#define expect_result(results, probe, subject, outcome, pointer, needle)                           \
	expect_result_impl((results), (probe), (subject), (outcome), (pointer), (needle),          \
			   __FILE__, __LINE__)

#endif
