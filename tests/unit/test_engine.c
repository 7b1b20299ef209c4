/*
 * Unit tests for src/core/engine: the status rules as a table run through
 * engine_assess_environment (shipped models, a small fixture inventory),
 * exact risk values from the formula, and the summary arithmetic.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/catalog.h"
#include "core/engine.h"
#include "core/inventory.h"
#include "core/models.h"
#include "core/probe_results.h"
#include "core/provider.h"
#include "test_support.h"
#include "util/diag.h"

static struct models models;
static struct inventory inventory;

static int load_estate(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(&models, SRGAP_TEST_DATA_DIR, &diags);
	if (result == 0)
		result = inventory_load(&inventory, FIXTURE("engine/estate.yaml"), &models, &diags);
	if (result < 0)
		print_diags(&diags);
	diag_list_release(&diags);
	return result;
}

static int release_estate(void **state)
{
	(void)state;
	inventory_release(&inventory);
	models_release(&models);
	return 0;
}

static size_t control_index(const char *id)
{
	const struct catalog_control *control = catalog_find_control(&models.catalog, id);
	if (!control)
		fail_msg("no control %s", id);
	return control->index;
}

static const struct environment *environment(const char *name)
{
	const struct environment *found = inventory_find_environment(&inventory, name);
	if (!found)
		fail_msg("no environment %s in the fixture", name);
	return found;
}

struct tally {
	unsigned pass, fail, error, skip;
};

/*
 * Assesses `env_name` with probe results only on `control_id` (or none at
 * all when `tally` is NULL) and returns a copy of that control's cell.
 */
static struct cell assess_one(const char *env_name, const char *control_id,
			      const struct tally *tally)
{
	size_t count = models.catalog.control_count;
	struct cell *cells = calloc(count, sizeof(*cells));
	struct control_probes *probes = NULL;
	size_t index = control_index(control_id);
	if (tally) {
		probes = calloc(count, sizeof(*probes));
		probes[index].tally.pass = tally->pass;
		probes[index].tally.fail = tally->fail;
		probes[index].tally.error = tally->error;
		probes[index].tally.skip = tally->skip;
	}
	engine_assess_environment(&models, &inventory, environment(env_name), probes, cells);
	struct cell cell = cells[index];
	free(cells);
	free(probes);
	cell.probes = NULL; /* pointed into the freed array */
	return cell;
}

/* ------------------------------------------------------------------ status rules */

static const struct tally NONE = {0, 0, 0, 0};
static const struct tally PASS = {1, 0, 0, 0};
static const struct tally FAIL = {0, 1, 0, 0};
static const struct tally PASS_AND_FAIL = {3, 1, 0, 0};
static const struct tally ERROR_ONLY = {0, 0, 2, 0};
static const struct tally SKIP_ONLY = {0, 0, 0, 3};
static const struct tally PASS_AND_SKIP = {1, 0, 0, 3};

struct rule {
	const char *environment;
	const char *control;
	const struct tally *probes; /* NULL: no probe evidence at all */
	enum cell_status expected;
	bool exception_expired;
	const char *why;
};

static const struct rule rules[] = {
	/* Provider-owned beats every claim and probe. */
	{"serverless", "4.5.3a", NULL, STATUS_PROVIDER, false, "not-implemented on provider"},
	{"serverless", "4.5.3a", &FAIL, STATUS_PROVIDER, false, "failing probe on provider"},
	{"serverless", "4.5.1a", &PASS, STATUS_PROVIDER, false, "implemented on provider"},
	{"serverless", "4.5.5b", NULL, STATUS_GAP, false, "customer row, no claim"},
	/* implemented */
	{"onprem", "4.1.1a", &PASS, STATUS_MET, false, "implemented + passing probe"},
	{"onprem", "4.1.1a", NULL, STATUS_CLAIMED, false, "implemented, no probe"},
	{"onprem", "4.1.1a", &NONE, STATUS_CLAIMED, false, "implemented, empty tally"},
	{"onprem", "4.1.1a", &ERROR_ONLY, STATUS_CLAIMED, false, "probe errors prove nothing"},
	{"onprem", "4.1.1a", &SKIP_ONLY, STATUS_CLAIMED, false, "manual tool checks prove nothing"},
	{"onprem", "4.1.1a", &PASS_AND_SKIP, STATUS_MET, false, "a skip does not spoil a pass"},
	{"onprem", "4.1.2b", &SKIP_ONLY, STATUS_GAP, false, "no claim, skipped checks only"},
	{"onprem", "4.1.1a", &PASS_AND_FAIL, STATUS_CONTRADICTED, false, "one failure is enough"},
	{"onprem", "4.1.1c", &FAIL, STATUS_CONTRADICTED, false, "implemented + failing probe"},
	/* partial */
	{"onprem", "4.1.1d", NULL, STATUS_PARTIAL, false, "partial"},
	{"onprem", "4.1.1d", &PASS, STATUS_PARTIAL, false, "a pass does not upgrade partial"},
	{"onprem", "4.1.1d", &FAIL, STATUS_CONTRADICTED, false, "partial + failing probe"},
	/* planned, not-implemented, no claim */
	{"onprem", "4.1.1e", NULL, STATUS_GAP, false, "planned"},
	{"onprem", "4.1.1e", &PASS, STATUS_GAP, false, "planned, even with a pass"},
	{"onprem", "4.1.2a", NULL, STATUS_GAP, false, "not-implemented"},
	{"onprem", "4.1.2b", NULL, STATUS_GAP, false, "no claim"},
	{"onprem", "4.1.2b", &FAIL, STATUS_GAP, false, "no claim + failing probe"},
	/* not-applicable */
	{"onprem", "4.1.2c", NULL, STATUS_NOT_APPLICABLE, false, "not-applicable"},
	{"onprem", "4.1.2c", &FAIL, STATUS_NOT_APPLICABLE, false, "n/a beats a failing probe"},
	/* live exceptions (4.1.3a expires on the assessment date, 4.1.4 in June) */
	{"onprem", "4.1.3a", &PASS, STATUS_MET, false, "exception on a met cell"},
	{"onprem", "4.1.3a", NULL, STATUS_CLAIMED, false, "exception on a claimed cell"},
	{"onprem", "4.1.4a", NULL, STATUS_ACCEPTED, false, "gap + live group exception"},
	{"onprem", "4.1.4b", NULL, STATUS_ACCEPTED, false, "partial + live exception"},
	{"onprem", "4.1.4c", &FAIL, STATUS_ACCEPTED, false, "contradicted + live exception"},
	{"onprem", "4.1.4d", NULL, STATUS_CLAIMED, false, "claimed stays claimed"},
	/* expired exceptions */
	{"onprem", "4.1.5a", NULL, STATUS_GAP, true, "expired the day before"},
	{"onprem", "4.1.5b", NULL, STATUS_GAP, true, "planned + expired exception"},
	/* a ship control is judged on the registry model (self-managed by default) */
	{"onprem", "4.1.1b", NULL, STATUS_GAP, false, "registry control, no claim"},
	{"serverless", "4.2.3a", NULL, STATUS_GAP, false, "self-managed registry"},
};

static void test_engine_status_rules_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *rule = &rules[i];
		struct cell cell = assess_one(rule->environment, rule->control, rule->probes);
		if (cell.status != rule->expected ||
		    cell.exception_expired != rule->exception_expired)
			fail_msg("rule %zu (%s %s: %s): got %s%s, expected %s%s", i,
				 rule->environment, rule->control, rule->why,
				 status_names[cell.status],
				 cell.exception_expired ? " (exception expired)" : "",
				 status_names[rule->expected],
				 rule->exception_expired ? " (exception expired)" : "");
	}
}

static void test_engine_provider_whatever_the_claim(void **state)
{
	(void)state;
	struct cell cell = assess_one("serverless", "4.5.3a", &FAIL);
	assert_int_equal(cell.status, STATUS_PROVIDER);
	assert_non_null(cell.claim);
	assert_int_equal(cell.claim->status, CLAIM_NOT_IMPLEMENTED);
	assert_int_equal(cell.entry->responsibility, RESPONSIBILITY_PROVIDER);
	assert_int_equal(cell.risk, 0);
}

static void test_engine_failing_probe_contradicts_claim(void **state)
{
	(void)state;
	struct cell implemented = assess_one("onprem", "4.1.1c", &FAIL);
	assert_int_equal(implemented.status, STATUS_CONTRADICTED);
	struct cell partial = assess_one("onprem", "4.1.1d", &FAIL);
	assert_int_equal(partial.status, STATUS_CONTRADICTED);
	struct cell unclaimed = assess_one("onprem", "4.1.2b", &FAIL);
	assert_int_equal(unclaimed.status, STATUS_GAP);
	assert_null(unclaimed.claim);
}

static void test_engine_live_exception_accepts_open_cells(void **state)
{
	(void)state;
	struct cell cell = assess_one("onprem", "4.1.4c", &FAIL);
	assert_int_equal(cell.status, STATUS_ACCEPTED);
	assert_false(cell.exception_expired);
	assert_non_null(cell.exception);
	assert_string_equal(cell.exception->control, "4.1.4");
	assert_int_equal(cell.risk, 0);
}

static void test_engine_exception_expiring_today_is_live(void **state)
{
	(void)state;
	/* 4.1.3a is claimed implemented; a failing probe opens it, the exception accepts it. */
	struct cell cell = assess_one("onprem", "4.1.3a", &FAIL);
	assert_int_equal(cell.status, STATUS_ACCEPTED);
	assert_false(cell.exception_expired);
	assert_string_equal(cell.exception->expires, "2027-01-15");
}

static void test_engine_expired_exception_leaves_gap(void **state)
{
	(void)state;
	struct cell cell = assess_one("onprem", "4.1.5a", NULL);
	assert_int_equal(cell.status, STATUS_GAP);
	assert_true(cell.exception_expired);
	assert_non_null(cell.exception);
	assert_string_equal(cell.exception->expires, "2027-01-14");
	/* critical criticality, internet-facing, critical severity, gap: 10*4*3*4 = 480 -> 67 */
	assert_int_equal(cell.risk, 67);
}

static void test_engine_exception_on_met_cell_leaves_met(void **state)
{
	(void)state;
	struct cell cell = assess_one("onprem", "4.1.3a", &PASS);
	assert_int_equal(cell.status, STATUS_MET);
	assert_false(cell.exception_expired);
	assert_non_null(cell.exception);
	assert_int_equal(cell.risk, 0);
}

static void test_engine_cells_point_at_models_and_claims(void **state)
{
	(void)state;
	const struct environment *onprem = environment("onprem");
	size_t count = models.catalog.control_count;
	struct cell *cells = calloc(count, sizeof(*cells));
	engine_assess_environment(&models, &inventory, onprem, NULL, cells);
	for (size_t i = 0; i < count; i++) {
		assert_ptr_equal(cells[i].control, &models.catalog.controls[i]);
		assert_ptr_equal(cells[i].service, models.catalog.controls[i].phase == PHASE_SHIP
							   ? onprem->registry
							   : onprem->service);
		assert_ptr_equal(cells[i].entry, cells[i].service->entries[i]);
		assert_ptr_equal(cells[i].claim, onprem->claims[i]);
		assert_non_null(cells[i].probes); /* an empty set, never NULL */
		assert_int_equal(cells[i].probes->tally.fail, 0);
		assert_int_equal(cells[i].probes->count, 0);
	}
	size_t ship = control_index("4.1.1b");
	assert_string_equal(cells[ship].service->id, "registry");
	/* high severity contradicted would be 60; here 4.1.1c is only claimed: 6*4*3*1 = 72 -> 10
	 */
	assert_int_equal(cells[control_index("4.1.1c")].status, STATUS_CLAIMED);
	assert_int_equal(cells[control_index("4.1.1c")].risk, 10);
	free(cells);
}

/* ------------------------------------------------------------------ risk */

static void test_engine_risk_exact_values(void **state)
{
	(void)state;
	/* (severity * criticality * exposure * residual * 100 + 719) / 720 */
	assert_int_equal(
		engine_risk(SEVERITY_CRITICAL, CRITICALITY_CRITICAL, true, STATUS_CONTRADICTED),
		100);
	assert_int_equal(engine_risk(SEVERITY_CRITICAL, CRITICALITY_CRITICAL, true, STATUS_GAP),
			 67); /* 480 */
	assert_int_equal(engine_risk(SEVERITY_CRITICAL, CRITICALITY_CRITICAL, true, STATUS_CLAIMED),
			 17); /* 120: the claimed-but-unverified example in docs/scoring.md */
	assert_int_equal(engine_risk(SEVERITY_LOW, CRITICALITY_LOW, false, STATUS_GAP),
			 2); /* 1*1*2*4 = 8 */
	assert_int_equal(engine_risk(SEVERITY_LOW, CRITICALITY_LOW, false, STATUS_CLAIMED),
			 1); /* 2 */
	assert_int_equal(engine_risk(SEVERITY_HIGH, CRITICALITY_MEDIUM, true, STATUS_GAP),
			 20); /* 6*2*3*4 = 144, exactly 20 */
	assert_int_equal(engine_risk(SEVERITY_MEDIUM, CRITICALITY_HIGH, false, STATUS_PARTIAL),
			 5); /* 3*3*2*2 = 36, exactly 5 */
	assert_int_equal(
		engine_risk(SEVERITY_HIGH, CRITICALITY_CRITICAL, true, STATUS_CONTRADICTED),
		60); /* 432 */
	assert_int_equal(engine_risk(SEVERITY_MEDIUM, CRITICALITY_MEDIUM, false, STATUS_GAP),
			 7); /* 3*2*2*4 = 48 -> 6.67 up to 7 */
	assert_int_equal(engine_risk(SEVERITY_CRITICAL, CRITICALITY_LOW, true, STATUS_CLAIMED),
			 5); /* 10*1*3*1 = 30 -> 4.17 up to 5 */
}

static void test_engine_risk_zero_when_nothing_open(void **state)
{
	(void)state;
	static const enum cell_status closed[] = {STATUS_PROVIDER, STATUS_MET, STATUS_ACCEPTED,
						  STATUS_NOT_APPLICABLE};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(
			engine_risk(SEVERITY_CRITICAL, CRITICALITY_CRITICAL, true, closed[i]), 0);
}

static void test_engine_risk_monotonic(void **state)
{
	(void)state;
	static const enum cell_status statuses[] = {STATUS_CLAIMED, STATUS_PARTIAL, STATUS_GAP,
						    STATUS_CONTRADICTED};
	for (size_t st = 0; st < 4; st++) {
		for (int exposed = 0; exposed < 2; exposed++) {
			for (int s = 0; s < SEVERITY_COUNT; s++) {
				for (int c = 0; c < CRITICALITY_COUNT; c++) {
					unsigned risk =
						engine_risk((enum severity)s, (enum criticality)c,
							    exposed, statuses[st]);
					assert_in_range(risk, 1, 100);
					if (s > 0)
						assert_true(risk >=
							    engine_risk((enum severity)(s - 1),
									(enum criticality)c,
									exposed, statuses[st]));
					if (c > 0)
						assert_true(risk >=
							    engine_risk((enum severity)s,
									(enum criticality)(c - 1),
									exposed, statuses[st]));
					if (exposed)
						assert_true(risk >= engine_risk((enum severity)s,
										(enum criticality)c,
										false,
										statuses[st]));
				}
			}
		}
	}
	/* And in the status: claimed < partial < gap < contradicted. */
	for (size_t st = 1; st < 4; st++)
		assert_true(engine_risk(SEVERITY_HIGH, CRITICALITY_HIGH, false, statuses[st]) >
			    engine_risk(SEVERITY_HIGH, CRITICALITY_HIGH, false, statuses[st - 1]));
}

/* ------------------------------------------------------------------ summary */

/* Synthetic cells: a control of the given area and severity, a responsibility and a status. */
struct synthetic {
	struct catalog_control controls[16];
	struct responsibility_entry entries[16];
	struct cell cells[16];
	size_t count;
};

static void add_cell(struct synthetic *s, enum area area, enum severity severity,
		     enum responsibility responsibility, enum cell_status status, unsigned risk,
		     bool expired)
{
	size_t i = s->count++;
	assert_true(i < 16);
	s->controls[i] = (struct catalog_control){.index = i, .area = area, .severity = severity};
	s->entries[i] = (struct responsibility_entry){.responsibility = responsibility};
	s->cells[i] = (struct cell){.control = &s->controls[i],
				    .entry = &s->entries[i],
				    .status = status,
				    .risk = risk,
				    .exception_expired = expired};
}

static struct summary summarize(const struct synthetic *s)
{
	struct summary summary;
	memset(&summary, 0, sizeof(summary));
	summary_add_cells(&summary, s->cells, s->count);
	return summary;
}

static void test_summary_counts(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 20, true);
	add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_SHARED, STATUS_MET, 0, false);
	add_cell(&s, AREA_HOST, SEVERITY_CRITICAL, RESPONSIBILITY_PROVIDER, STATUS_PROVIDER, 0,
		 false);
	add_cell(&s, AREA_HOST, SEVERITY_CRITICAL, RESPONSIBILITY_CUSTOMER, STATUS_CONTRADICTED,
		 100, false);
	add_cell(&s, AREA_HOST, SEVERITY_MEDIUM, RESPONSIBILITY_CUSTOMER, STATUS_PARTIAL, 5, false);
	struct summary summary = summarize(&s);
	assert_int_equal(summary.cells, 5);
	assert_int_equal(summary.status[STATUS_GAP], 1);
	assert_int_equal(summary.status[STATUS_MET], 1);
	assert_int_equal(summary.status[STATUS_PROVIDER], 1);
	assert_int_equal(summary.status[STATUS_CONTRADICTED], 1);
	assert_int_equal(summary.status[STATUS_PARTIAL], 1);
	assert_int_equal(summary.responsibility[RESPONSIBILITY_CUSTOMER], 3);
	assert_int_equal(summary.responsibility[RESPONSIBILITY_SHARED], 1);
	assert_int_equal(summary.responsibility[RESPONSIBILITY_PROVIDER], 1);
	assert_int_equal(summary.area_status[AREA_IMAGE][STATUS_GAP], 1);
	assert_int_equal(summary.area_status[AREA_HOST][STATUS_CONTRADICTED], 1);
	assert_int_equal(summary.area_status[AREA_HOST][STATUS_GAP], 0);
	/* Open means gap or contradicted; partial is not counted. */
	assert_int_equal(summary.open_by_severity[SEVERITY_HIGH], 1);
	assert_int_equal(summary.open_by_severity[SEVERITY_CRITICAL], 1);
	assert_int_equal(summary.open_by_severity[SEVERITY_MEDIUM], 0);
	assert_int_equal(summary.risk, 125);
	assert_int_equal(summary.expired_exceptions, 1);
}

static void test_summary_coverage_permille_mix(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_MET, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_CLAIMED, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_PARTIAL, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 0, false);
	struct summary summary = summarize(&s);
	assert_int_equal(summary_customer_share(&summary), 4);
	/* (2 * 2 + 1) halves of 8: 625 */
	assert_int_equal(summary_coverage_permille(&summary), 625);

	/* Provider and not-applicable cells are outside the customer's share. */
	add_cell(&s, AREA_HOST, SEVERITY_HIGH, RESPONSIBILITY_PROVIDER, STATUS_PROVIDER, 0, false);
	add_cell(&s, AREA_HOST, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_NOT_APPLICABLE, 0,
		 false);
	summary = summarize(&s);
	assert_int_equal(summary.cells, 6);
	assert_int_equal(summary_customer_share(&summary), 4);
	assert_int_equal(summary_coverage_permille(&summary), 625);
}

static void test_summary_coverage_rounds_to_nearest(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_CUSTOMER, STATUS_MET, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 0, false);
	struct summary summary = summarize(&s);
	assert_int_equal(summary_coverage_permille(&summary), 333); /* 333.3 */
	s.cells[1].status = STATUS_CLAIMED;
	summary = summarize(&s);
	assert_int_equal(summary_coverage_permille(&summary), 667); /* 666.7 */
	s.cells[2].status = STATUS_ACCEPTED;			    /* accepted is not coverage */
	s.cells[0].status = STATUS_GAP;
	s.cells[1].status = STATUS_PARTIAL;
	summary = summarize(&s);
	assert_int_equal(summary_coverage_permille(&summary), 167); /* 1 half of 6: 166.7 */
}

static void test_summary_coverage_rounds_half_up(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_CUSTOMER, STATUS_PARTIAL, 0, false);
	for (int i = 0; i < 7; i++)
		add_cell(&s, AREA_IMAGE, SEVERITY_LOW, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 0,
			 false);
	struct summary summary = summarize(&s);
	assert_int_equal(summary_customer_share(&summary), 8);
	assert_int_equal(summary_coverage_permille(&summary), 63); /* 62.5 rounds up */
}

static void test_summary_coverage_without_customer_share(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_HOST, SEVERITY_HIGH, RESPONSIBILITY_PROVIDER, STATUS_PROVIDER, 0, false);
	add_cell(&s, AREA_HOST, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_NOT_APPLICABLE, 0,
		 false);
	struct summary summary = summarize(&s);
	assert_int_equal(summary_customer_share(&summary), 0);
	assert_int_equal(summary_coverage_permille(&summary), 1000);
	struct summary empty;
	memset(&empty, 0, sizeof(empty));
	assert_int_equal(summary_coverage_permille(&empty), 1000);
}

static void test_summary_has_open_at_least(void **state)
{
	(void)state;
	struct synthetic s = {.count = 0};
	add_cell(&s, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 0, false);
	add_cell(&s, AREA_IMAGE, SEVERITY_CRITICAL, RESPONSIBILITY_CUSTOMER, STATUS_PARTIAL, 0,
		 false);
	add_cell(&s, AREA_IMAGE, SEVERITY_CRITICAL, RESPONSIBILITY_CUSTOMER, STATUS_ACCEPTED, 0,
		 false);
	struct summary summary = summarize(&s);
	assert_true(summary_has_open_at_least(&summary, SEVERITY_LOW));
	assert_true(summary_has_open_at_least(&summary, SEVERITY_HIGH));
	assert_false(summary_has_open_at_least(&summary, SEVERITY_CRITICAL));

	s.cells[1].status = STATUS_CONTRADICTED;
	summary = summarize(&s);
	assert_true(summary_has_open_at_least(&summary, SEVERITY_CRITICAL));

	struct synthetic closed = {.count = 0};
	add_cell(&closed, AREA_IMAGE, SEVERITY_CRITICAL, RESPONSIBILITY_CUSTOMER, STATUS_MET, 0,
		 false);
	summary = summarize(&closed);
	assert_false(summary_has_open_at_least(&summary, SEVERITY_LOW));
}

static void test_summary_merge_adds(void **state)
{
	(void)state;
	struct synthetic a = {.count = 0}, b = {.count = 0};
	add_cell(&a, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_CUSTOMER, STATUS_GAP, 20, true);
	add_cell(&b, AREA_IMAGE, SEVERITY_HIGH, RESPONSIBILITY_SHARED, STATUS_GAP, 30, false);
	add_cell(&b, AREA_HOST, SEVERITY_LOW, RESPONSIBILITY_PROVIDER, STATUS_PROVIDER, 0, false);
	struct summary first = summarize(&a), second = summarize(&b), total;
	memset(&total, 0, sizeof(total));
	summary_merge(&total, &first);
	summary_merge(&total, &second);
	assert_int_equal(total.cells, 3);
	assert_int_equal(total.status[STATUS_GAP], 2);
	assert_int_equal(total.area_status[AREA_IMAGE][STATUS_GAP], 2);
	assert_int_equal(total.responsibility[RESPONSIBILITY_PROVIDER], 1);
	assert_int_equal(total.open_by_severity[SEVERITY_HIGH], 2);
	assert_int_equal(total.risk, 50);
	assert_int_equal(total.expired_exceptions, 1);
}

/* ------------------------------------------------------------------ engine_run */

struct visits {
	size_t count;
	const char *names[4];
	unsigned long cells;
	int stop_after;
};

static int visit(void *context, const struct environment *env, const struct cell *cells,
		 const struct summary *summary)
{
	struct visits *v = context;
	if (v->count < 4)
		v->names[v->count] = env->name;
	v->count++;
	v->cells += summary->cells;
	assert_ptr_equal(cells[0].control, &models.catalog.controls[0]);
	return v->stop_after && (int)v->count >= v->stop_after ? 7 : 0;
}

static void test_engine_run_visits_every_environment(void **state)
{
	(void)state;
	struct visits v = {.count = 0};
	struct summary total;
	assert_int_equal(engine_run(&models, &inventory, NULL, visit, &v, &total), 0);
	assert_int_equal(v.count, 2);
	assert_string_equal(v.names[0], "onprem");
	assert_string_equal(v.names[1], "serverless");
	assert_int_equal(total.cells, 2 * models.catalog.control_count);
	assert_int_equal(v.cells, total.cells);
	/* Expired exceptions in the fixture: 4.1.5a and 4.1.5b. */
	assert_int_equal(total.expired_exceptions, 2);
	assert_true(total.status[STATUS_PROVIDER] > 0);
	assert_int_equal(total.status[STATUS_NOT_APPLICABLE], 1);
}

/* Grouping by control keeps every outcome apart: a skip is neither a pass nor an error. */
static void test_probe_results_tally_by_control(void **state)
{
	(void)state;
	static const char *const controls[] = {"4.4.3b", NULL};
	struct probe_summaries summaries;
	probe_summaries_init(&summaries, &models.catalog, 5);
	const enum probe_outcome outcomes[] = {PROBE_PASS, PROBE_SKIP, PROBE_SKIP, PROBE_ERROR,
					       PROBE_FAIL};
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++) {
		const struct probe_result result = {.probe = "tools.kube-bench.check",
						    .title = "title",
						    .controls = controls,
						    .outcome = outcomes[i],
						    .subject = "kube-bench 5.2.6",
						    .detail = "detail",
						    .file = "f.json",
						    .pointer = ""};
		probe_summaries_add(&summaries, &result);
	}
	assert_string_equal(probe_outcome_names[PROBE_SKIP], "skip");
	const struct control_probes *by_control = probe_summaries_finish(&summaries);
	const struct control_probes *entry = &by_control[control_index("4.4.3b")];
	assert_int_equal(entry->count, 1);
	assert_int_equal(entry->probes[0].outcomes[PROBE_SKIP], 2);
	assert_int_equal(entry->tally.pass, 1);
	assert_int_equal(entry->tally.fail, 1);
	assert_int_equal(entry->tally.error, 1);
	assert_int_equal(entry->tally.skip, 2);
	/* Skips are counted, never sampled: the failing result, then the erroring one. */
	assert_int_equal(entry->probes[0].sample_count, 2);
	assert_int_equal(entry->probes[0].samples[1].outcome, PROBE_ERROR);
	probe_summaries_release(&summaries);
}

static void test_engine_run_stops_on_nonzero_visit(void **state)
{
	(void)state;
	struct visits v = {.count = 0, .stop_after = 1};
	struct summary total;
	assert_int_equal(engine_run(&models, &inventory, NULL, visit, &v, &total), 7);
	assert_int_equal(v.count, 1);
	assert_int_equal(total.cells, models.catalog.control_count);
}

int main(void)
{
	const struct CMUnitTest estate_tests[] = {
		cmocka_unit_test(test_engine_status_rules_table),
		cmocka_unit_test(test_engine_provider_whatever_the_claim),
		cmocka_unit_test(test_engine_failing_probe_contradicts_claim),
		cmocka_unit_test(test_engine_live_exception_accepts_open_cells),
		cmocka_unit_test(test_engine_exception_expiring_today_is_live),
		cmocka_unit_test(test_engine_expired_exception_leaves_gap),
		cmocka_unit_test(test_engine_exception_on_met_cell_leaves_met),
		cmocka_unit_test(test_engine_cells_point_at_models_and_claims),
		cmocka_unit_test(test_engine_run_visits_every_environment),
		cmocka_unit_test(test_engine_run_stops_on_nonzero_visit),
		cmocka_unit_test(test_probe_results_tally_by_control),
	};
	const struct CMUnitTest pure_tests[] = {
		cmocka_unit_test(test_engine_risk_exact_values),
		cmocka_unit_test(test_engine_risk_zero_when_nothing_open),
		cmocka_unit_test(test_engine_risk_monotonic),
		cmocka_unit_test(test_summary_counts),
		cmocka_unit_test(test_summary_coverage_permille_mix),
		cmocka_unit_test(test_summary_coverage_rounds_to_nearest),
		cmocka_unit_test(test_summary_coverage_rounds_half_up),
		cmocka_unit_test(test_summary_coverage_without_customer_share),
		cmocka_unit_test(test_summary_has_open_at_least),
		cmocka_unit_test(test_summary_merge_adds),
	};
	int failed = cmocka_run_group_tests_name("engine over the fixture estate", estate_tests,
						 load_estate, release_estate);
	failed += cmocka_run_group_tests_name("risk and summary", pure_tests, NULL, NULL);
	return failed;
}
