/*
 * Harness: models/tool-mappings.yaml (kube-bench, docker-bench-security and
 * Lynis check ids to controls), a data file users may edit, through
 * tool_mappings_load against the shipped catalog (loaded once).
 */
#include "core/catalog.h"
#include "fuzz.h"
#include "probe/tools.h"
#include "util/diag.h"

static struct catalog catalog;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	struct diag_list diags;
	diag_list_init(&diags);
	if (!loaded) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/models/nist-sp800-190.yaml", fuzz_data_dir());
		FUZZ_ASSERT(catalog_load(&catalog, path, &diags) == 0, "cannot load %s", path);
		diag_list_release(&diags);
		diag_list_init(&diags);
		loaded = 1;
	}
	const char *path = fuzz_write_file("tool-mappings.yaml", data, size);
	fuzz_memory_begin();
	struct tool_mappings mappings;
	int result = tool_mappings_load(&mappings, path, &catalog, &diags);
	FUZZ_ASSERT(result == 0 || diag_error_count(&diags) > 0, "failed without an error");
	if (result == 0) {
		static const char *const versions[] = {"1.7", "cis-1.8", "3.0.0", ""};
		for (int tool = 0; tool < TOOL_COUNT; tool++)
			for (size_t v = 0; v < 4; v++)
				if (tool_mappings_covers(&mappings, (enum tool_kind)tool,
							 versions[v]))
					tool_mappings_find(&mappings, (enum tool_kind)tool,
							   versions[v], "1.2.3");
	}
	tool_mappings_release(&mappings);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
