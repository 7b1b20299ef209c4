/*
 * Harness: one evidence file as `srgap probe --evidence FILE` reads it:
 * content sniffing (JSON, else YAML, else key=value), JSON Lists streamed
 * item by item, multi-document YAML, every probe family's sniff and probes,
 * and the cross-document checks of each family's finish hook. Scanner
 * reports also feed the estate's vulnerability plan, as in `srgap assess`.
 */
#include "core/models.h"
#include "core/probe_results.h"
#include "core/vulns.h"
#include "fuzz.h"
#include "probe/probe.h"
#include "probe/tools.h"
#include "util/diag.h"

static struct models models;
static struct tool_mappings mappings;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	struct diag_list diags;
	diag_list_init(&diags);
	if (!loaded) {
		FUZZ_ASSERT(models_load(&models, fuzz_data_dir(), &diags) == 0 &&
				    tool_mappings_load_default(&mappings, fuzz_data_dir(),
							       &models.catalog, &diags) == 0,
			    "cannot load the models of %s", fuzz_data_dir());
		diag_list_release(&diags);
		diag_list_init(&diags);
		loaded = 1;
	}
	const char *path = fuzz_write_file("evidence", data, size);
	fuzz_memory_begin();
	static const char *const trusted[] = {"registry.example.com/", "123456789012.dkr.ecr."};
	struct probe_settings settings = {
		.trusted_registries = trusted,
		.trusted_registry_count = 2,
		.today = 20400, /* 2025-11-08 */
		.models = &models,
		.tool_mappings = &mappings,
		.vulns = vulns_estate_new(),
		.vulns_environment_weight = 3,
	};
	struct probe_results results;
	probe_results_init(&results);
	probe_evidence(path, &settings, &results, &diags);
	struct vulns_plan plan = {0};
	vulns_plan_build(settings.vulns, 10, &plan);
	vulns_plan_release(&plan);
	vulns_estate_free(settings.vulns);
	probe_results_release(&results);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
