/*
 * Harness: the `live:` values of an inventory, which become argv words of
 * aws, az, gcloud and kubectl (no shell). The inventory is loaded as
 * `srgap probe --live` loads it and every environment's commands are
 * planned (live_plan); nothing is run. Invariant: every word that came from
 * the inventory is a plain name, never an option or anything a CLI could
 * read as more than one value: not empty, no leading '-', only printable
 * ASCII without spaces, at most 253 bytes.
 */
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "fuzz.h"
#include "probe/live.h"
#include "util/diag.h"

static struct models models;

static int from_inventory(const struct environment_live *live, const struct live_command *command,
			  const char *word)
{
	const char *const values[] = {live->region,  live->cluster,  live->resource_group,
				      live->project, live->location, live->context};
	if (word == command->region)
		return 1;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (values[i] && word == values[i])
			return 1;
	return 0;
}

static void check_word(const char *word)
{
	size_t length = strlen(word);
	FUZZ_ASSERT(length > 0 && length <= 253, "a live value of %zu bytes", length);
	FUZZ_ASSERT(word[0] != '-', "a live value reads as an option: '%s'", word);
	for (const char *c = word; *c; c++)
		FUZZ_ASSERT(*c > ' ' && *c < 0x7F, "a live value with byte 0x%02x",
			    (unsigned char)*c);
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
	if (inventory_load(&inventory, path, &models, &diags) == 0) {
		for (size_t e = 0; e < inventory.environment_count; e++) {
			const struct environment *environment = &inventory.environments[e];
			struct live_command commands[LIVE_MAX_COMMANDS];
			size_t count = live_plan(environment, commands);
			FUZZ_ASSERT(count <= LIVE_MAX_COMMANDS, "%zu commands", count);
			for (size_t c = 0; c < count; c++) {
				size_t words = 0;
				for (; commands[c].argv[words]; words++)
					if (from_inventory(environment->live, &commands[c],
							   commands[c].argv[words]))
						check_word(commands[c].argv[words]);
				FUZZ_ASSERT(words > 0 && words <= LIVE_MAX_ARGS, "%zu words",
					    words);
			}
		}
	}
	inventory_release(&inventory);
	diag_list_release(&diags);
	fuzz_memory_end(size);
	return 0;
}
