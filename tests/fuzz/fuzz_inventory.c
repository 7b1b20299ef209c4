/*
 * Harness: an inventory file through inventory_load (YAML tree, every
 * section's validation, claims, exceptions, policy, live blocks), as
 * `srgap validate` and `srgap assess` read it; the catalog and provider
 * models are loaded once. A valid inventory is also assessed, so the
 * engine runs on whatever the loader accepts.
 */
#include "core/engine.h"
#include "core/inventory.h"
#include "core/models.h"
#include "fuzz.h"
#include "util/diag.h"

static struct models models;

static int visit(void *context, const struct environment *environment, const struct cell *cells,
		 const struct summary *summary)
{
	(void)context;
	(void)environment;
	(void)cells;
	FUZZ_ASSERT(summary_coverage_permille(summary) <= 1000, "coverage above 100%%");
	return 0;
}

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
	const char *path = fuzz_write_file("inventory.yaml", data, size);
	fuzz_memory_begin();
	struct inventory inventory;
	int result = inventory_load(&inventory, path, &models, &diags);
	FUZZ_ASSERT(result == 0 || diag_error_count(&diags) > 0, "failed without an error");
	for (size_t i = 0; i < diags.count; i++)
		FUZZ_ASSERT(diags.items[i].message && diags.items[i].code, "an empty diagnostic");
	if (result == 0) {
		struct summary total = {0};
		engine_run(&models, &inventory, NULL, visit, NULL, &total);
	}
	inventory_release(&inventory);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
