/*
 * Unit tests for the probe registry against the shipped data: families are
 * sorted and unique, probe ids are unique and shaped family.resource.check,
 * every control a probe names exists in the catalog,
 * every probe id a provider model lists exists, and a probe listed under a
 * capability verifies at least one control that capability is mapped to.
 */
#include <stdlib.h>

#include "core/models.h"
#include "probe/probe.h"
#include "test_support.h"

static int load(void **state)
{
	struct models *models = calloc(1, sizeof(*models));
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(models, SRGAP_TEST_DATA_DIR, &diags);
	if (result < 0)
		print_diags(&diags);
	diag_list_release(&diags);
	*state = models;
	return result;
}

static int release(void **state)
{
	models_release(*state);
	free(*state);
	return 0;
}

static void test_families_sorted_and_unique(void **state)
{
	(void)state;
	assert_non_null(probe_families[0]);
	for (size_t f = 1; probe_families[f]; f++)
		if (strcmp(probe_families[f - 1]->name, probe_families[f]->name) >= 0)
			fail_msg("probe families out of order: %s before %s",
				 probe_families[f - 1]->name, probe_families[f]->name);
}

static void test_probe_ids_unique(void **state)
{
	(void)state;
	for (size_t f = 0; probe_families[f]; f++) {
		const struct probe_family *family = probe_families[f];
		for (size_t p = 0; p < family->probe_count; p++) {
			const struct probe *probe = &family->probes[p];
			/* family.resource.check: at least two dots. */
			const char *dot = strchr(probe->id, '.');
			if (!dot || !strchr(dot + 1, '.'))
				fail_msg("probe id %s is not family.resource.check", probe->id);
			const struct probe_family *found_family = NULL;
			if (probe_find(probe->id, &found_family) != probe || found_family != family)
				fail_msg("probe id %s is not unique", probe->id);
			assert_non_null(probe->title);
			assert_non_null(probe->kind);
			assert_non_null(probe->check);
		}
	}
	assert_null(probe_find("no.such.probe", NULL));
}

static void test_probe_controls_exist(void **state)
{
	const struct models *models = *state;
	for (size_t f = 0; probe_families[f]; f++)
		for (size_t p = 0; p < probe_families[f]->probe_count; p++) {
			const struct probe *probe = &probe_families[f]->probes[p];
			/* An empty list is allowed: tools.* set controls per result. */
			assert_non_null(probe->controls);
			for (size_t c = 0; probe->controls[c]; c++)
				if (!catalog_find_control(&models->catalog, probe->controls[c]))
					fail_msg("probe %s names unknown control %s", probe->id,
						 probe->controls[c]);
		}
}

static void test_provider_probe_ids_exist(void **state)
{
	const struct models *models = *state;
	size_t referenced = 0;
	for (size_t m = 0; m < models->provider_count; m++) {
		const struct provider *provider = &models->providers[m];
		for (size_t c = 0; c < provider->capability_count; c++) {
			const struct capability *capability = &provider->capabilities[c];
			for (size_t p = 0; p < capability->probe_count; p++, referenced++)
				if (!probe_find(capability->probes[p], NULL))
					fail_msg("%s: capability %s lists unknown probe %s",
						 provider->path, capability->id,
						 capability->probes[p]);
		}
	}
	assert_true(referenced > 0);
}

/* Does some service of the provider map `capability` to `control`? */
static int capability_helps(const struct models *models, const struct capability *capability,
			    const char *control_id)
{
	const struct catalog_control *control = catalog_find_control(&models->catalog, control_id);
	const struct provider *provider = capability->provider;
	for (size_t s = 0; control && s < provider->service_count; s++) {
		const struct responsibility_entry *entry =
			provider->services[s].entries[control->index];
		for (size_t i = 0; entry && i < entry->capability_count; i++)
			if (entry->capabilities[i] == capability)
				return 1;
	}
	return 0;
}

/*
 * A probe listed under a capability must verify a control the capability is
 * mapped to; otherwise a passing probe would mark a control `met` through a
 * feature the model says does not help with it.
 */
static void test_listed_probes_match_capability_controls(void **state)
{
	const struct models *models = *state;
	for (size_t m = 0; m < models->provider_count; m++) {
		const struct provider *provider = &models->providers[m];
		for (size_t c = 0; c < provider->capability_count; c++) {
			const struct capability *capability = &provider->capabilities[c];
			for (size_t p = 0; p < capability->probe_count; p++) {
				const struct probe *probe = probe_find(capability->probes[p], NULL);
				if (!probe || !probe->controls[0])
					continue; /* unknown: reported above; no controls:
						     informational */
				int shared = 0;
				for (size_t k = 0; probe->controls[k] && !shared; k++)
					shared = capability_helps(models, capability,
								  probe->controls[k]);
				if (!shared)
					fail_msg("%s: probe %s (listed under %s) verifies no "
						 "control "
						 "that %s is mapped to",
						 provider->path, probe->id, capability->id,
						 capability->id);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_families_sorted_and_unique),
		cmocka_unit_test(test_probe_ids_unique),
		cmocka_unit_test(test_probe_controls_exist),
		cmocka_unit_test(test_provider_probe_ids_exist),
		cmocka_unit_test(test_listed_probes_match_capability_controls),
	};
	return cmocka_run_group_tests(tests, load, release);
}
