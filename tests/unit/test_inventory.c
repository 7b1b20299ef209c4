/*
 * Unit tests for src/core/inventory: what a valid inventory loads into, and
 * one fixture per mistake with its exact code and line:column.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/catalog.h"
#include "core/inventory.h"
#include "core/models.h"
#include "core/provider.h"
#include "core/scan_coverage.h"
#include "test_support.h"
#include "util/date.h"
#include "util/diag.h"

#define INVENTORY(name) FIXTURE("inventory/" name)

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

/* One loaded inventory per test. */
struct loaded {
	struct inventory inventory;
	struct diag_list diags;
	int result;
};

static int setup_loaded(void **state)
{
	struct loaded *l = calloc(1, sizeof(*l));
	diag_list_init(&l->diags);
	*state = l;
	return 0;
}

static int teardown_loaded(void **state)
{
	struct loaded *l = *state;
	inventory_release(&l->inventory);
	diag_list_release(&l->diags);
	free(l);
	return 0;
}

static struct loaded *load(void **state, const char *path)
{
	struct loaded *l = *state;
	l->result = inventory_load(&l->inventory, path, &models, &l->diags);
	return l;
}

static struct loaded *load_valid(void **state)
{
	struct loaded *l = load(state, INVENTORY("valid.yaml"));
	assert_error_count(&l->diags, 0);
	assert_int_equal(l->result, 0);
	return l;
}

static size_t control_index(const char *id)
{
	const struct catalog_control *control = catalog_find_control(&models.catalog, id);
	if (!control)
		fail_msg("no control %s", id);
	return control->index;
}

static const struct environment *environment(const struct loaded *l, const char *name)
{
	const struct environment *found = inventory_find_environment(&l->inventory, name);
	if (!found)
		fail_msg("no environment %s", name);
	return found;
}

static const struct claim *claim_for(const struct environment *env, const char *control_id)
{
	return env->claims[control_index(control_id)];
}

/* ------------------------------------------------------------------ valid inventory */

static void test_inventory_valid_header(void **state)
{
	struct loaded *l = load_valid(state);
	const struct inventory *inv = &l->inventory;
	assert_string_equal(inv->organization, "Unit Test Org");
	assert_string_equal(inv->title, "Unit test assessment");
	assert_string_equal(inv->assessor, "Unit tests");
	assert_string_equal(inv->date, "2027-01-15");
	long day;
	assert_true(date_parse("2027-01-15", &day));
	assert_int_equal(inv->date_day, day);
	assert_int_equal(inv->trusted_registry_count, 1);
	assert_string_equal(inv->trusted_registries[0], "registry.example.org");
	assert_int_equal(inv->environment_count, 4);
	assert_string_equal(inv->environments[0].name, "defaults");
	assert_string_equal(inv->environments[2].name, "on-prem");
	assert_int_equal(inv->environments[1].index, 1);
	assert_null(inventory_find_environment(inv, "Defaults"));
}

static void test_inventory_environment_defaults(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "defaults");
	assert_int_equal(env->criticality, CRITICALITY_MEDIUM);
	assert_false(env->internet_facing);
	assert_string_equal(env->provider->id, "gcp");
	assert_string_equal(env->service->id, "cloud-run");
	/* No registry given: the organization's own registry. */
	assert_ptr_equal(env->registry, models_find_service_path(&models, "self-managed/registry"));
	assert_null(env->owner);
	assert_null(env->description);
	assert_null(env->evidence);
	assert_null(env->exceptions);
	for (size_t c = 0; c < models.catalog.control_count; c++)
		assert_null(env->claims[c]);
	assert_int_equal(env->line, 12);
	assert_int_equal(env->column, 5);
}

static void test_inventory_environment_settings(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	assert_string_equal(env->description, "Everything a claim can say");
	assert_int_equal(env->criticality, CRITICALITY_HIGH);
	assert_true(env->internet_facing);
	assert_string_equal(env->owner, "team-a");
	assert_ptr_equal(env->service, models_find_service_path(&models, "azure/aks"));
	assert_ptr_equal(env->registry, models_find_service_path(&models, "azure/acr"));
	const struct environment *on_prem = environment(l, "on-prem");
	assert_int_equal(on_prem->criticality, CRITICALITY_LOW);
	assert_false(on_prem->internet_facing);
	assert_ptr_equal(on_prem->registry,
			 models_find_service_path(&models, "self-managed/registry"));
}

static void test_inventory_group_claim_applies_to_group(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	static const char *const covered[] = {"4.1.1b", "4.1.1d", "4.1.1e"};
	for (size_t i = 0; i < 3; i++) {
		const struct claim *claim = claim_for(env, covered[i]);
		assert_non_null(claim);
		assert_int_equal(claim->status, CLAIM_PARTIAL);
		assert_string_equal(claim->key, "4.1.1");
		assert_string_equal(claim->by, "Trivy in CI");
		assert_null(claim->capability); /* free text, not a capability id */
		assert_string_equal(claim->note, "only critical CVEs");
	}
	/* Nothing spills into the next group. */
	assert_null(claim_for(env, "4.1.2a"));
}

static void test_inventory_control_claim_overrides_group_claim(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	/* Written before the group claim... */
	const struct claim *a = claim_for(env, "4.1.1a");
	assert_int_equal(a->status, CLAIM_IMPLEMENTED);
	assert_string_equal(a->key, "4.1.1a");
	/* ...and after it: the control wins either way. */
	const struct claim *c = claim_for(env, "4.1.1c");
	assert_int_equal(c->status, CLAIM_IMPLEMENTED);
	assert_string_equal(c->key, "4.1.1c");
	assert_null(c->by);
}

static void test_inventory_area_group_control_precedence(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	assert_int_equal(claim_for(env, "4.4.1a")->status, CLAIM_PLANNED);
	assert_string_equal(claim_for(env, "4.4.1a")->key, "4.4");
	assert_string_equal(claim_for(env, "4.4.5c")->key, "4.4");
	assert_int_equal(claim_for(env, "4.4.3b")->status, CLAIM_NOT_IMPLEMENTED);
	assert_string_equal(claim_for(env, "4.4.3e")->key, "4.4.3");
	assert_int_equal(claim_for(env, "4.4.3a")->status, CLAIM_IMPLEMENTED);
	assert_string_equal(claim_for(env, "4.4.3a")->key, "4.4.3a");
}

static void test_inventory_shorthand_scalar_claim(void **state)
{
	struct loaded *l = load_valid(state);
	const struct claim *claim = claim_for(environment(l, "claims"), "4.1.1a");
	assert_non_null(claim);
	assert_int_equal(claim->status, CLAIM_IMPLEMENTED);
	assert_null(claim->by);
	assert_null(claim->reason);
	assert_int_equal(claim->line, 26);
	assert_int_equal(claim->column, 7);
}

static void test_inventory_by_capability_resolved(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	const struct claim *claim = claim_for(env, "4.3.3b");
	assert_non_null(claim);
	assert_string_equal(claim->by, "aks-network-policy");
	assert_non_null(claim->capability);
	assert_ptr_equal(claim->capability,
			 provider_find_capability(models_find_provider(&models, "azure"),
						  "aks-network-policy"));
	assert_string_equal(claim->capability->provider->id, "azure");
}

static void test_inventory_by_capability_of_registry_provider(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "cross");
	assert_string_equal(env->provider->id, "azure");
	assert_ptr_equal(env->registry, models_find_service_path(&models, "gcp/artifact-registry"));
	const struct claim *claim = claim_for(env, "4.1.1b");
	assert_non_null(claim);
	assert_non_null(claim->capability);
	assert_string_equal(claim->capability->id, "artifact-analysis-container-scanning");
	assert_string_equal(claim->capability->provider->id, "gcp");
}

static void test_inventory_not_applicable_and_due(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "claims");
	const struct claim *hardware = claim_for(env, "4.6b");
	assert_int_equal(hardware->status, CLAIM_NOT_APPLICABLE);
	assert_string_equal(hardware->reason, "Hardware is Microsoft's");
	assert_ptr_equal(claim_for(env, "4.6a"), hardware);
	const struct claim *patching = claim_for(env, "4.5.3a");
	assert_int_equal(patching->status, CLAIM_PLANNED);
	assert_string_equal(patching->due, "2027-03-31");
	assert_null(claim_for(env, "4.5.3b"));
}

static void test_inventory_evidence_relative_to_inventory_dir(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *claims = environment(l, "claims");
	assert_int_equal(claims->evidence_count, 1);
	assert_string_equal(claims->evidence[0].path,
			    SRGAP_TEST_FIXTURES "/inventory/evidence/claims");
	assert_int_equal(claims->evidence[0].stage, SCAN_STAGE_NONE);
	assert_string_equal(environment(l, "on-prem")->evidence[0].path, "/srv/evidence/on-prem");
}

static void test_inventory_exceptions_attached(void **state)
{
	struct loaded *l = load_valid(state);
	const struct inventory *inv = &l->inventory;
	assert_int_equal(inv->exception_count, 4);
	const struct environment *env = environment(l, "claims");
	assert_non_null(env->exceptions);
	/* The group exception covers the whole group... */
	static const char *const group[] = {"4.1.2b", "4.1.2c", "4.1.2d", "4.1.2e"};
	for (size_t i = 0; i < 4; i++) {
		const struct exception *exception = env->exceptions[control_index(group[i])];
		assert_non_null(exception);
		assert_string_equal(exception->control, "4.1.2");
		assert_string_equal(exception->expires, "2027-06-30");
		assert_string_equal(exception->owner, "CISO");
	}
	/* ...except the control with its own exception, written first. */
	const struct exception *own = env->exceptions[control_index("4.1.2a")];
	assert_string_equal(own->control, "4.1.2a");
	assert_string_equal(own->reason, "Base image pinned by vendor");
	long day;
	assert_true(date_parse("2027-02-01", &day));
	assert_int_equal(own->expires_day, day);
	assert_null(env->exceptions[control_index("4.1.1a")]);
	assert_null(env->exceptions[control_index("4.1.3a")]);
	/* Other environments have none. */
	assert_null(environment(l, "defaults")->exceptions);
	assert_null(environment(l, "cross")->exceptions);
}

static void test_inventory_control_exception_beats_earlier_group_exception(void **state)
{
	struct loaded *l = load_valid(state);
	const struct environment *env = environment(l, "on-prem");
	assert_non_null(env->exceptions);
	/* The group exception comes first in the file; the control one still wins. */
	assert_string_equal(env->exceptions[control_index("4.3.3a")]->control, "4.3.3a");
	assert_string_equal(env->exceptions[control_index("4.3.3a")]->expires, "2027-04-01");
	assert_string_equal(env->exceptions[control_index("4.3.3b")]->control, "4.3.3");
	assert_string_equal(env->exceptions[control_index("4.3.3c")]->control, "4.3.3");
	assert_null(env->exceptions[control_index("4.3.2a")]);
}

static void test_inventory_date_defaults_to_source_date_epoch(void **state)
{
	const char *saved = getenv("SOURCE_DATE_EPOCH");
	char *copy = saved ? strdup(saved) : NULL;
	setenv("SOURCE_DATE_EPOCH", "1795000000", 1);
	struct loaded *l = load(state, INVENTORY("no-date.yaml"));
	if (copy)
		setenv("SOURCE_DATE_EPOCH", copy, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
	free(copy);
	assert_error_count(&l->diags, 0);
	assert_string_equal(l->inventory.date, "2026-11-18");
	assert_int_equal(l->inventory.date_day, 20775);
	assert_string_equal(l->inventory.title,
			    "Container security shared-responsibility assessment");
	assert_null(l->inventory.assessor);
	assert_int_equal(l->inventory.exception_count, 0);
}

/* ------------------------------------------------------------------ one mistake per file */

static void test_inventory_unknown_key_suggests(void **state)
{
	struct loaded *l = load(state, INVENTORY("unknown-key.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-key", 7, 5, "'critcality'",
		     "did you mean 'criticality'?");
}

static void test_inventory_unknown_provider_suggests(void **state)
{
	struct loaded *l = load(state, INVENTORY("unknown-provider.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-provider", 5, 15, "unknown provider 'azrue'",
		     "did you mean 'azure'?");
}

static void test_inventory_service_of_other_provider_says_whose(void **state)
{
	struct loaded *l = load(state, INVENTORY("other-provider-service.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-service", 6, 14,
		     "'cloud-run' is a gcp service, not azure", "aks");
}

static void test_inventory_unknown_control_suggests(void **state)
{
	struct loaded *l = load(state, INVENTORY("unknown-control.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-control", 9, 7, "unknown control '4.3.22a'",
		     "did you mean '4.3.2a'?");
}

static void test_inventory_unknown_capability_suggests(void **state)
{
	struct loaded *l = load(state, INVENTORY("unknown-capability.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-capability", 9, 42,
		     "capability 'aks-netwrok-policy'", "did you mean 'aks-network-policy'?");
}

static void test_inventory_duplicate_environment(void **state)
{
	struct loaded *l = load(state, INVENTORY("duplicate-environment.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.duplicate-environment", 10, 5, "'web'",
		     "first at line 4");
}

/*
 * A name given three times: each repeat should point back at the first
 * definition (line 4), not at the previous repeat.
 */
static void test_inventory_duplicate_environment_names_first_definition(void **state)
{
	struct loaded *l = load(state, INVENTORY("duplicate-environment-three-times.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 2);
	expect_diag(&l->diags, "inventory.duplicate-environment", 7, 5, "first at line 4");
	expect_diag(&l->diags, "inventory.duplicate-environment", 10, 5, "first at line 4");
}

static void test_inventory_duplicate_exception(void **state)
{
	struct loaded *l = load(state, INVENTORY("duplicate-exception.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.duplicate-exception", 10, 5, "a second exception",
		     "first at line 8");
}

static void test_inventory_bad_date(void **state)
{
	struct loaded *l = load(state, INVENTORY("bad-date.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.bad-date", 8, 39, "'31/03/2027'", "YYYY-MM-DD");
}

static void test_inventory_not_applicable_needs_reason(void **state)
{
	struct loaded *l = load(state, INVENTORY("missing-reason.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.missing-reason", 8, 14, "claim 4.6", "needs a 'reason'");
}

static void test_inventory_missing_format_version(void **state)
{
	struct loaded *l = load(state, INVENTORY("missing-version.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag(&l->diags, "inventory.missing-key", 2, 1, "'srgap: 1'");
}

static void test_inventory_internet_facing_yes_is_bad_value(void **state)
{
	struct loaded *l = load(state, INVENTORY("internet-facing-yes.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.bad-value", 7, 22, "'internet_facing'",
		     "true or false, not 'yes'");
}

static void test_inventory_exception_for_unknown_environment(void **state)
{
	struct loaded *l = load(state, INVENTORY("exception-unknown-environment.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag2(&l->diags, "inventory.unknown-environment", 8, 18, "'wbe'",
		     "did you mean 'web'?");
}

static void test_inventory_reports_every_mistake(void **state)
{
	struct loaded *l = load(state, INVENTORY("three-mistakes.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 3);
	expect_diag2(&l->diags, "inventory.bad-value", 8, 18, "unknown criticality 'severe'",
		     "expected one of: low, medium, high, critical");
	expect_diag2(&l->diags, "inventory.unknown-service", 11, 14, "'gke-autopliot'",
		     "did you mean 'gke-autopilot'?");
	expect_diag(&l->diags, "inventory.bad-date", 13, 81, "'2027-02-30'");
}

static void test_inventory_missing_file(void **state)
{
	struct loaded *l = load(state, INVENTORY("no-such-inventory.yaml"));
	assert_int_equal(l->result, -1);
	assert_error_count(&l->diags, 1);
	expect_diag(&l->diags, "inventory.unreadable", 0, 0, "cannot open");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup_loaded, teardown_loaded)

/*
 * Shards are the first 8 bytes of SHA-256 of the name, big-endian, modulo N,
 * plus 1 (docs/scale-out.md): pinned, since parts written by one srgap must
 * merge with parts of the next. sha256("checkout-prod") = e50e52ffa0bd41b8...
 */
static void test_inventory_shard_of_is_stable(void **state)
{
	(void)state;
	assert_int_equal(inventory_shard_of("checkout-prod", 1), 1);
	assert_int_equal(inventory_shard_of("checkout-prod", 2), 1);
	assert_int_equal(inventory_shard_of("checkout-prod", 7), 3);
	assert_int_equal(inventory_shard_of("checkout-prod", 1000), 329);
	assert_int_equal(inventory_shard_of("env-000001", 7), 6);
	assert_int_equal(inventory_shard_of("store-edge", 7), 5);
	/* Every shard gets some of 700 names, none more than twice its share. */
	unsigned counts[8] = {0};
	char name[32];
	for (int i = 0; i < 700; i++) {
		snprintf(name, sizeof(name), "env-%06d", i);
		counts[inventory_shard_of(name, 7)]++;
	}
	for (int k = 1; k <= 7; k++)
		assert_true(counts[k] > 0 && counts[k] < 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_shard_of_is_stable),
		T(test_inventory_valid_header),
		T(test_inventory_environment_defaults),
		T(test_inventory_environment_settings),
		T(test_inventory_group_claim_applies_to_group),
		T(test_inventory_control_claim_overrides_group_claim),
		T(test_inventory_area_group_control_precedence),
		T(test_inventory_shorthand_scalar_claim),
		T(test_inventory_by_capability_resolved),
		T(test_inventory_by_capability_of_registry_provider),
		T(test_inventory_not_applicable_and_due),
		T(test_inventory_evidence_relative_to_inventory_dir),
		T(test_inventory_exceptions_attached),
		T(test_inventory_control_exception_beats_earlier_group_exception),
		T(test_inventory_date_defaults_to_source_date_epoch),
		T(test_inventory_unknown_key_suggests),
		T(test_inventory_unknown_provider_suggests),
		T(test_inventory_service_of_other_provider_says_whose),
		T(test_inventory_unknown_control_suggests),
		T(test_inventory_unknown_capability_suggests),
		T(test_inventory_duplicate_environment),
		T(test_inventory_duplicate_environment_names_first_definition),
		T(test_inventory_duplicate_exception),
		T(test_inventory_bad_date),
		T(test_inventory_not_applicable_needs_reason),
		T(test_inventory_missing_format_version),
		T(test_inventory_internet_facing_yes_is_bad_value),
		T(test_inventory_exception_for_unknown_environment),
		T(test_inventory_reports_every_mistake),
		T(test_inventory_missing_file),
	};
	return cmocka_run_group_tests(tests, load_models, release_models);
}
