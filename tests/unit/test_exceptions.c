/*
 * Unit tests for src/core/exceptions on the shipped models and the two
 * example inventories: active, expired (acme-retail), expiring and
 * unmatched (acme-retail-q2), the warnings they give, and that states
 * follow the cells given (probe evidence can make a claimed cell open).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/exceptions.h"
#include "core/inventory.h"
#include "core/models.h"
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

static void load(struct inventory *inventory, const char *name)
{
	struct diag_list diags;
	diag_list_init(&diags);
	char path[512];
	snprintf(path, sizeof(path), "%s/examples/%s", SRGAP_TEST_DATA_DIR, name);
	if (inventory_load(inventory, path, &models, &diags) < 0) {
		print_diags(&diags);
		fail_msg("%s does not load", name);
	}
	diag_list_release(&diags);
}

static size_t exception_index(const struct inventory *inventory, const char *environment,
			      const char *control)
{
	for (size_t i = 0; i < inventory->exception_count; i++)
		if (!strcmp(inventory->exceptions[i].environment, environment) &&
		    !strcmp(inventory->exceptions[i].control, control))
			return i;
	fail_msg("no exception for %s in %s", control, environment);
	return 0;
}

static void test_active_and_expired(void **state)
{
	(void)state;
	struct inventory inventory;
	load(&inventory, "acme-retail.yaml");
	struct exception_check check;
	exception_check_init(&check, &inventory);
	exception_check_claims(&check, &models);
	assert_int_equal(exception_check_state(
				 &check, exception_index(&inventory, "checkout-prod", "4.3.4")),
			 EXCEPTION_ACTIVE);
	assert_int_equal(
		exception_check_state(&check, exception_index(&inventory, "store-edge", "4.5.4")),
		EXCEPTION_EXPIRED);
	struct diag_list diags;
	diag_list_init(&diags);
	exception_check_warn(&check, &diags);
	assert_int_equal(diags.count, 1);
	assert_int_equal(diag_error_count(&diags), 0);
	expect_diag(&diags, "inventory.exception-expired", inventory.exceptions[1].line, 0,
		    "expired on 2026-10-31, 15 days before");
	diag_list_release(&diags);
	exception_check_release(&check);
	inventory_release(&inventory);
}

static void test_expiring_and_unmatched(void **state)
{
	(void)state;
	struct inventory inventory;
	load(&inventory, "acme-retail-q2.yaml");
	struct exception_check check;
	exception_check_init(&check, &inventory);
	exception_check_claims(&check, &models);
	size_t edge = exception_index(&inventory, "store-edge", "4.5.4");
	size_t hardware = exception_index(&inventory, "checkout-prod", "4.6");
	assert_int_equal(exception_check_state(&check, edge), EXCEPTION_EXPIRING);
	assert_int_equal(exception_check_state(&check, hardware), EXCEPTION_UNMATCHED);
	struct diag_list diags;
	diag_list_init(&diags);
	exception_check_warn(&check, &diags);
	assert_int_equal(diags.count, 2);
	expect_diag(&diags, "inventory.exception-expiring", inventory.exceptions[edge].line, 0,
		    "in 14 days");
	expect_diag(&diags, "inventory.exception-unmatched", inventory.exceptions[hardware].line, 0,
		    "2 not-applicable");
	diag_list_release(&diags);
	exception_check_release(&check);
	inventory_release(&inventory);
}

static void test_state_follows_the_cells(void **state)
{
	(void)state;
	struct inventory inventory;
	load(&inventory, "acme-retail.yaml");
	const struct environment *checkout =
		inventory_find_environment(&inventory, "checkout-prod");
	size_t count = models.catalog.control_count;
	struct cell *cells = calloc(count, sizeof(*cells));
	engine_assess_environment(&models, &inventory, checkout, NULL, cells);
	size_t index = exception_index(&inventory, "checkout-prod", "4.3.4");
	/* Pretend every 4.3.4 control were met: the exception is no longer needed. */
	for (size_t i = 0; i < count; i++)
		if (checkout->exceptions[i] == &inventory.exceptions[index])
			cells[i].status = STATUS_MET;
	struct exception_check check;
	exception_check_init(&check, &inventory);
	exception_check_add(&check, checkout, cells, count);
	assert_int_equal(exception_check_state(&check, index), EXCEPTION_UNMATCHED);
	exception_check_release(&check);
	free(cells);
	inventory_release(&inventory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_active_and_expired),
		cmocka_unit_test(test_expiring_and_unmatched),
		cmocka_unit_test(test_state_follows_the_cells),
	};
	return cmocka_run_group_tests(tests, load_models, release_models);
}
