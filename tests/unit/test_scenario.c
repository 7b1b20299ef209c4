/*
 * Unit tests for src/core/scenario on the shipped models and
 * examples/acme-retail.yaml: a move to the same model changes nothing, a
 * move to Fargate hands host controls to the provider, a move to another
 * provider drops the claims that name the old provider's capabilities but
 * keeps free text and registry capabilities, and the estate totals.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "core/scenario.h"
#include "test_support.h"
#include "util/diag.h"

#define EXAMPLE SRGAP_TEST_DATA_DIR "/examples/acme-retail.yaml"

static struct models models;
static struct inventory inventory;

static int load_estate(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(&models, SRGAP_TEST_DATA_DIR, &diags);
	if (result == 0)
		result = inventory_load(&inventory, EXAMPLE, &models, &diags);
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

static const struct environment *find(const char *name)
{
	const struct environment *environment = inventory_find_environment(&inventory, name);
	if (!environment)
		fail_msg("no environment %s", name);
	return environment;
}

static const struct service *service(const char *path)
{
	const struct service *found = models_find_service_path(&models, path);
	if (!found)
		fail_msg("no service model %s", path);
	return found;
}

static size_t control(const char *id)
{
	return catalog_find_control(&models.catalog, id)->index;
}

static void test_same_model_changes_nothing(void **state)
{
	(void)state;
	size_t count = models.catalog.control_count;
	struct cell *cells = calloc(count, sizeof(*cells));
	for (size_t e = 0; e < inventory.environment_count; e++) {
		const struct environment *environment = &inventory.environments[e];
		engine_assess_environment(&models, &inventory, environment, NULL, cells);
		struct scenario_move move = {.environment = environment,
					     .service = environment->service,
					     .registry = environment->registry};
		scenario_move_assess(&move, &models, &inventory);
		assert_int_equal(move.after.dropped_claims, 0);
		assert_memory_equal(&move.before.summary, &move.after.summary,
				    sizeof(struct summary));
		for (size_t i = 0; i < count; i++) {
			assert_int_equal(move.after.cells[i].status, cells[i].status);
			assert_int_equal(move.after.cells[i].risk, cells[i].risk);
			assert_ptr_equal(move.after.cells[i].entry, cells[i].entry);
		}
		scenario_move_release(&move);
	}
	free(cells);
}

static void test_move_to_fargate_hands_hosts_to_provider(void **state)
{
	(void)state;
	struct scenario before, after;
	const struct environment *checkout = find("checkout-prod");
	scenario_assess(&before, &models, &inventory, checkout, NULL, NULL);
	scenario_assess(&after, &models, &inventory, checkout, service("aws/ecs-fargate"), NULL);
	assert_ptr_equal(after.moved.provider, checkout->provider);
	assert_ptr_equal(after.moved.registry, checkout->registry);
	size_t host = control("4.5.3a");
	assert_int_not_equal(before.cells[host].status, STATUS_PROVIDER);
	assert_int_equal(after.cells[host].status, STATUS_PROVIDER);
	assert_true(summary_customer_share(&after.summary) <
		    summary_customer_share(&before.summary));
	/* Same provider: ECR claims stay, an EKS-only capability does not follow. */
	assert_null(scenario_dropped_claim(&after, control("4.2.2c")));
	const struct claim *dropped = scenario_dropped_claim(&after, control("4.3.2d"));
	assert_non_null(dropped);
	assert_string_equal(dropped->capability->id, "eks-control-plane-logging");
	scenario_release(&after);
	scenario_release(&before);
}

static void test_move_across_providers_drops_capability_claims(void **state)
{
	(void)state;
	const struct environment *checkout = find("checkout-prod");
	struct scenario after;
	scenario_assess(&after, &models, &inventory, checkout, service("azure/aks"), NULL);
	/* guardduty-runtime-monitoring is an EKS capability: gone on AKS. */
	const struct claim *dropped = scenario_dropped_claim(&after, control("4.4.4a"));
	assert_non_null(dropped);
	assert_string_equal(dropped->capability->id, "guardduty-runtime-monitoring");
	assert_null(after.claims[control("4.4.4a")]);
	/* The registry stays ECR, so its capability claims stay. */
	assert_null(scenario_dropped_claim(&after, control("4.1.1b")));
	assert_non_null(after.claims[control("4.1.1b")]);
	/* Free text travels. */
	assert_null(scenario_dropped_claim(&after, control("4.1.1a")));
	assert_int_equal(after.cells[control("4.1.1a")].status, STATUS_CLAIMED);
	assert_true(after.dropped_claims >= 2);
	scenario_release(&after);

	/* Moving the registry too drops the ECR capability claims. */
	scenario_assess(&after, &models, &inventory, checkout, service("azure/aks"),
			service("azure/acr"));
	assert_non_null(scenario_dropped_claim(&after, control("4.1.1b")));
	assert_non_null(scenario_dropped_claim(&after, control("4.2.2c")));
	scenario_release(&after);
}

static void test_capabilities_help_the_customer_share(void **state)
{
	(void)state;
	struct scenario scenario;
	scenario_assess(&scenario, &models, &inventory, find("checkout-prod"), NULL, NULL);
	assert_true(scenario.capability_count > 0);
	for (size_t c = 0; c < scenario.capability_count; c++) {
		const struct capability *capability = scenario.capabilities[c];
		assert_true(!strcmp(capability->provider->id, "aws"));
		for (size_t d = 0; d < c; d++)
			assert_ptr_not_equal(scenario.capabilities[d], capability);
	}
	scenario_release(&scenario);
	/* Self-managed Kubernetes has no native capabilities. */
	scenario_assess(&scenario, &models, &inventory, find("store-edge"), NULL, NULL);
	assert_int_equal(scenario.capability_count, 0);
	scenario_release(&scenario);
}

static void test_estate_totals(void **state)
{
	(void)state;
	struct scenario_move move = {.environment = find("checkout-prod"),
				     .service = service("aws/eks-fargate")};
	scenario_move_assess(&move, &models, &inventory);
	struct summary before, after, engine_total;
	scenario_estate(&models, &inventory, &move, 1, &before, &after);
	assert_int_equal(before.cells, inventory.environment_count * models.catalog.control_count);
	assert_int_equal(after.cells, before.cells);
	assert_int_equal((long)after.risk - (long)before.risk,
			 (long)move.after.summary.risk - (long)move.before.summary.risk);
	/* With no moves, before and after are the estate as assessed. */
	scenario_estate(&models, &inventory, NULL, 0, &engine_total, &after);
	assert_memory_equal(&engine_total, &after, sizeof(after));
	assert_memory_equal(&engine_total, &before, sizeof(before));
	scenario_move_release(&move);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_model_changes_nothing),
		cmocka_unit_test(test_move_to_fargate_hands_hosts_to_provider),
		cmocka_unit_test(test_move_across_providers_drops_capability_claims),
		cmocka_unit_test(test_capabilities_help_the_customer_share),
		cmocka_unit_test(test_estate_totals),
	};
	return cmocka_run_group_tests(tests, load_estate, release_estate);
}
