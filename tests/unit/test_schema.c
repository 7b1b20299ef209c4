/*
 * Unit tests for src/render/schema: the generated inventory schema is valid
 * JSON, byte-identical run to run, and carries the models' names: providers,
 * each provider's services (and no other provider's), registries, control,
 * group and area ids with titles, capability ids and claim statuses. Whether
 * real inventories validate against it is tests/schema/validate.py's job.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "render/schema.h"
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

static char *render(size_t *size)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, size);
	assert_non_null(out);
	assert_int_equal(render_inventory_schema(out, &models), 0);
	fclose(out);
	return text;
}

static json_t *parse(void)
{
	size_t size;
	char *text = render(&size);
	json_error_t error;
	json_t *root = json_loadb(text, size, 0, &error);
	if (!root)
		fail_msg("schema is not JSON: %d:%d: %s", error.line, error.column, error.text);
	free(text);
	return root;
}

/* The values of an array of {"const": ...} objects, or of strings, as one string. */
static bool array_has(const json_t *array, const char *value)
{
	size_t i;
	const json_t *item;
	json_array_foreach(array, i, item) {
		const json_t *constant =
			json_is_object(item) ? json_object_get(item, "const") : item;
		if (json_is_string(constant) && !strcmp(json_string_value(constant), value))
			return true;
	}
	return false;
}

static void test_deterministic(void **state)
{
	(void)state;
	size_t a_size, b_size;
	char *a = render(&a_size), *b = render(&b_size);
	assert_int_equal(a_size, b_size);
	assert_memory_equal(a, b, a_size);
	assert_true(a_size > 1000);
	assert_int_equal(a[a_size - 1], '\n');
	free(a);
	free(b);
}

static void test_draft_and_top_level(void **state)
{
	(void)state;
	json_t *root = parse();
	assert_string_equal(json_string_value(json_object_get(root, "$schema")),
			    "https://json-schema.org/draft/2020-12/schema");
	/* The organization file needs srgap and organization; a team's file environments or
	 * exceptions. */
	const json_t *kinds = json_object_get(root, "anyOf");
	assert_int_equal(json_array_size(kinds), 2);
	const json_t *organization_file = json_array_get(kinds, 0);
	assert_true(array_has(json_object_get(organization_file, "required"), "srgap"));
	assert_true(array_has(json_object_get(organization_file, "required"), "organization"));
	const json_t *team_file = json_object_get(json_array_get(kinds, 1), "anyOf");
	assert_true(array_has(json_object_get(json_array_get(team_file, 0), "required"),
			      "environments"));
	assert_true(
		array_has(json_object_get(json_array_get(team_file, 1), "required"), "exceptions"));
	assert_true(json_is_false(json_object_get(root, "additionalProperties")));
	json_decref(root);
}

static void test_services_belong_to_their_provider(void **state)
{
	(void)state;
	json_t *root = parse();
	const json_t *environment = json_object_get(json_object_get(root, "$defs"), "environment");
	const json_t *providers = json_object_get(
		json_object_get(json_object_get(environment, "properties"), "provider"), "anyOf");
	assert_int_equal(json_array_size(providers), models.provider_count);
	const json_t *rules = json_object_get(environment, "allOf");
	assert_int_equal(json_array_size(rules), models.provider_count);
	for (size_t p = 0; p < models.provider_count; p++) {
		const struct provider *provider = &models.providers[p];
		const json_t *rule = json_array_get(rules, p);
		const char *id = json_string_value(json_object_get(
			json_object_get(json_object_get(json_object_get(rule, "if"), "properties"),
					"provider"),
			"const"));
		assert_string_equal(id, provider->id);
		const json_t *then = json_object_get(json_object_get(rule, "then"), "properties");
		const json_t *services = json_object_get(json_object_get(then, "service"), "anyOf");
		const json_t *registries =
			json_object_get(json_object_get(then, "registry"), "anyOf");
		for (size_t q = 0; q < models.provider_count; q++)
			for (size_t s = 0; s < models.providers[q].service_count; s++) {
				const struct service *service = &models.providers[q].services[s];
				bool own = q == p;
				if (service->kind == SERVICE_COMPUTE &&
				    array_has(services, service->id) != own &&
				    /* an id two providers share is listed for both */
				    !provider_find_service(provider, service->id))
					fail_msg("%s: service %s/%s listed wrongly", provider->id,
						 models.providers[q].id, service->id);
				if (service->kind == SERVICE_REGISTRY) {
					char path[128];
					snprintf(path, sizeof(path), "%s/%s",
						 models.providers[q].id, service->id);
					assert_true(array_has(registries, path));
					if (own)
						assert_true(array_has(registries, service->id));
				}
			}
	}
	json_decref(root);
}

static void test_control_ids_capabilities_and_statuses(void **state)
{
	(void)state;
	json_t *root = parse();
	const json_t *defs = json_object_get(root, "$defs");
	const json_t *keys = json_object_get(json_object_get(defs, "controls"), "properties");
	const struct catalog *catalog = &models.catalog;
	assert_int_equal(json_object_size(keys),
			 catalog->control_count + catalog->group_count + AREA_COUNT - 1);
	for (size_t i = 0; i < catalog->control_count; i++) {
		const json_t *key = json_object_get(keys, catalog->controls[i].id);
		assert_non_null(key);
		assert_non_null(strstr(json_string_value(json_object_get(key, "description")),
				       catalog->controls[i].title));
	}
	assert_non_null(json_object_get(keys, "4.1"));
	assert_non_null(json_object_get(keys, "4.6"));
	const json_t *ids = json_object_get(json_object_get(defs, "control-id"), "enum");
	assert_true(array_has(ids, "4.5.3a"));
	assert_true(array_has(ids, "4.5.3"));
	/* YAML editors read an unquoted 4.6 as a number; srgap reads it as text. */
	bool number_46 = false;
	size_t i;
	const json_t *item;
	json_array_foreach(ids, i, item)
		number_46 |= json_is_real(item) && json_real_value(item) == 4.6;
	assert_true(number_46);

	const json_t *statuses = json_object_get(json_object_get(defs, "claim-status"), "enum");
	assert_int_equal(json_array_size(statuses), CLAIM_STATUS_COUNT);
	for (size_t s = 0; s < CLAIM_STATUS_COUNT; s++)
		assert_true(array_has(statuses, claim_status_names[s]));
	const json_t *criticality = json_object_get(json_object_get(defs, "criticality"), "enum");
	assert_int_equal(json_array_size(criticality), CRITICALITY_COUNT);

	const json_t *claim_forms = json_object_get(json_object_get(defs, "claim"), "oneOf");
	const json_t *by = json_object_get(
		json_object_get(json_object_get(json_array_get(claim_forms, 1), "properties"),
				"by"),
		"anyOf");
	size_t capabilities = 0;
	for (size_t p = 0; p < models.provider_count; p++) {
		capabilities += models.providers[p].capability_count;
		for (size_t c = 0; c < models.providers[p].capability_count; c++)
			assert_true(array_has(by, models.providers[p].capabilities[c].id));
	}
	assert_int_equal(json_array_size(by), capabilities + 1); /* + free text */
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_draft_and_top_level),
		cmocka_unit_test(test_services_belong_to_their_provider),
		cmocka_unit_test(test_control_ids_capabilities_and_statuses),
	};
	return cmocka_run_group_tests(tests, load_models, release_models);
}
