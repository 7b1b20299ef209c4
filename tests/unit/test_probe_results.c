/*
 * Unit tests for src/core/probe_results: results kept or passed to a sink,
 * and the per-control, per-probe summaries an assessment keeps instead of
 * the results (counts, a bounded sample of failing then erroring subjects,
 * probes in id order).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/models.h"
#include "core/probe_results.h"
#include "test_support.h"
#include "util/diag.h"

static struct models models;

static int load_models(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(&models, SRGAP_TEST_DATA_DIR, &diags);
	if (result < 0)
		print_diags(&diags);
	diag_list_release(&diags);
	return result;
}

static int release_models(void **state)
{
	(void)state;
	models_release(&models);
	return 0;
}

static const char *const one_control[] = {"4.4.3a", NULL};
static const char *const two_controls[] = {"4.4.3a", "4.4.3b", NULL};
static const char *const unknown_control[] = {"9.9.9z", NULL};

static struct probe_result result(const char *probe, const char *const *controls,
				  enum probe_outcome outcome, const char *subject)
{
	return (struct probe_result){.probe = probe,
				     .title = "a title",
				     .controls = controls,
				     .outcome = outcome,
				     .subject = subject,
				     .detail = "why",
				     .file = "evidence/pods.json",
				     .pointer = "/items/0"};
}

static const struct control_probes *control(const struct control_probes *controls, const char *id)
{
	return &controls[catalog_find_control(&models.catalog, id)->index];
}

static void test_counts_and_sample_failing_then_erroring(void **state)
{
	(void)state;
	struct probe_summaries summaries;
	probe_summaries_init(&summaries, &models.catalog, 3);
	const char *subjects[] = {"e1", "p1", "f1", "e2", "f2", "p2", "e3"};
	const enum probe_outcome outcomes[] = {PROBE_ERROR, PROBE_PASS, PROBE_FAIL, PROBE_ERROR,
					       PROBE_FAIL,  PROBE_PASS, PROBE_ERROR};
	for (size_t i = 0; i < 7; i++) {
		struct probe_result r =
			result("k8s.pod.privileged", one_control, outcomes[i], subjects[i]);
		probe_summaries_add(&summaries, &r);
	}
	const struct control_probes *c = control(probe_summaries_finish(&summaries), "4.4.3a");
	assert_int_equal(c->tally.pass, 2);
	assert_int_equal(c->tally.fail, 2);
	assert_int_equal(c->tally.error, 3);
	assert_int_equal(c->count, 1);
	const struct probe_summary *s = &c->probes[0];
	assert_string_equal(s->probe, "k8s.pod.privileged");
	assert_int_equal(s->outcomes[PROBE_FAIL], 2);
	assert_int_equal(s->outcomes[PROBE_ERROR], 3);
	/* Failing first, in the order found, then erroring ones up to the size. */
	assert_int_equal(s->sample_count, 3);
	assert_string_equal(s->samples[0].subject, "f1");
	assert_string_equal(s->samples[1].subject, "f2");
	assert_string_equal(s->samples[2].subject, "e1");
	assert_int_equal(s->samples[2].outcome, PROBE_ERROR);
	assert_string_equal(s->samples[0].pointer, "/items/0");
	probe_summaries_release(&summaries);
}

static void test_sample_never_grows_past_its_size(void **state)
{
	(void)state;
	struct probe_summaries summaries;
	probe_summaries_init(&summaries, &models.catalog, 5);
	char subject[32];
	for (int i = 0; i < 10000; i++) {
		snprintf(subject, sizeof(subject), "pod %d", i);
		struct probe_result r = result("k8s.pod.privileged", one_control,
					       i % 3 ? PROBE_FAIL : PROBE_PASS, subject);
		probe_summaries_add(&summaries, &r);
	}
	const struct control_probes *c = control(probe_summaries_finish(&summaries), "4.4.3a");
	assert_int_equal(c->probes[0].outcomes[PROBE_FAIL], 6666);
	assert_int_equal(c->probes[0].sample_count, 5);
	assert_string_equal(c->probes[0].samples[0].subject, "pod 1");
	assert_string_equal(c->probes[0].samples[4].subject, "pod 7");
	probe_summaries_release(&summaries);
}

static void test_counts_only(void **state)
{
	(void)state;
	struct probe_summaries summaries;
	probe_summaries_init(&summaries, &models.catalog, 0);
	struct probe_result r = result("k8s.pod.privileged", one_control, PROBE_FAIL, "pod");
	probe_summaries_add(&summaries, &r);
	r.outcome = PROBE_ERROR;
	probe_summaries_add(&summaries, &r);
	const struct control_probes *c = control(probe_summaries_finish(&summaries), "4.4.3a");
	assert_int_equal(c->tally.fail, 1);
	assert_int_equal(c->probes[0].sample_count, 0);
	probe_summaries_release(&summaries);
}

static void test_every_control_named_and_probes_in_id_order(void **state)
{
	(void)state;
	struct probe_summaries summaries;
	probe_summaries_init(&summaries, &models.catalog, 5);
	struct probe_result r = result("k8s.pod.seccomp", two_controls, PROBE_PASS, "a");
	probe_summaries_add(&summaries, &r);
	r = result("k8s.pod.capabilities", one_control, PROBE_FAIL, "b");
	probe_summaries_add(&summaries, &r);
	r = result("k8s.pod.seccomp", unknown_control, PROBE_FAIL, "c");
	probe_summaries_add(&summaries, &r);
	const struct control_probes *controls = probe_summaries_finish(&summaries);
	const struct control_probes *a = control(controls, "4.4.3a");
	assert_int_equal(a->count, 2);
	assert_string_equal(a->probes[0].probe, "k8s.pod.capabilities");
	assert_string_equal(a->probes[1].probe, "k8s.pod.seccomp");
	const struct control_probes *b = control(controls, "4.4.3b");
	assert_int_equal(b->count, 1);
	assert_int_equal(b->tally.pass, 1);
	assert_int_equal(b->tally.fail, 0); /* the unknown control's failure counts nowhere */
	probe_summaries_release(&summaries);
}

struct seen {
	size_t count;
	char last[32];
};

static void remember(void *context, const struct probe_result *r)
{
	struct seen *seen = context;
	seen->count++;
	snprintf(seen->last, sizeof(seen->last), "%s", r->subject);
}

static void test_sink_gets_results_instead_of_the_set(void **state)
{
	(void)state;
	struct probe_results results;
	probe_results_init(&results);
	struct seen seen = {0};
	const struct probe_sink sink = {.result = remember, .context = &seen};
	results.sink = &sink;
	probe_results_add(&results, "k8s.pod.privileged", "t", one_control, PROBE_FAIL, "pod a",
			  "d", "f.json", "/items/0");
	probe_results_add(&results, "k8s.pod.privileged", "t", one_control, PROBE_PASS, "pod b",
			  "d", "f.json", "/items/1");
	assert_int_equal(seen.count, 2);
	assert_string_equal(seen.last, "pod b");
	assert_int_equal(results.count, 0);
	assert_int_equal(results.outcomes[PROBE_FAIL], 1);
	assert_int_equal(results.outcomes[PROBE_PASS], 1);
	results.sink = NULL;
	probe_results_add(&results, "k8s.pod.privileged", "t", one_control, PROBE_ERROR, "pod c",
			  "d", NULL, NULL);
	assert_int_equal(results.count, 1);
	assert_string_equal(results.items[0].subject, "pod c");
	probe_results_release(&results);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_sample_failing_then_erroring),
		cmocka_unit_test(test_sample_never_grows_past_its_size),
		cmocka_unit_test(test_counts_only),
		cmocka_unit_test(test_every_control_named_and_probes_in_id_order),
		cmocka_unit_test(test_sink_gets_results_instead_of_the_set),
	};
	return cmocka_run_group_tests(tests, load_models, release_models);
}
