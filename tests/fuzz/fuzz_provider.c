/*
 * Harness: a provider capability model (providers/NAME.yaml), a data file
 * users may edit, through provider_load against the shipped catalog
 * (loaded once): services, responsibilities, capabilities, sources and the
 * support calendars.
 */
#include "core/catalog.h"
#include "core/provider.h"
#include "fuzz.h"
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
	const char *path = fuzz_write_file("aws.yaml", data, size);
	fuzz_memory_begin();
	struct provider provider;
	int result = provider_load(&provider, path, &catalog, &diags);
	FUZZ_ASSERT(result == 0 || diag_error_count(&diags) > 0, "failed without an error");
	if (result == 0) {
		provider_find_service(&provider, "eks-fargate");
		support_calendar_find(provider.kubernetes_versions, "1.33");
	}
	provider_release(&provider);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
