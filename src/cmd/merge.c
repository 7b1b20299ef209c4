/*
 * `srgap merge PART.json... [-o FILE] [--inventory INVENTORY]`: the parts of
 * a sharded assessment into one (render/merge.c), byte for byte what one
 * `srgap assess --format json` of the whole inventory writes.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "render/merge.h"
#include "util/xalloc.h"

static int run_merge(int argc, char **argv, struct app *app, const char **inventory_paths)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"inventory", required_argument, NULL, 'i'},
		{"fail-on", required_argument, NULL, 'F'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL;
	size_t inventory_path_count = 0;
	int fail_on = -1, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "o:i:h", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			output_path = optarg;
			break;
		case 'i':
			inventory_paths[inventory_path_count++] = optarg;
			break;
		case 'F':
			for (fail_on = SEVERITY_COUNT - 1; fail_on >= 0; fail_on--)
				if (!strcmp(optarg, severity_names[fail_on]))
					break;
			if (fail_on < 0)
				return app_usage_error(&command_merge,
						       "--fail-on takes critical, high, medium or "
						       "low, not '%s'",
						       optarg);
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_merge);
		default:
			return app_usage_error(&command_merge, "unknown option");
		}
	}
	if (optind >= argc)
		return app_usage_error(&command_merge,
				       "expected the PART.json files of a sharded assessment");
	/* The roadmap is rebuilt from the catalog and provider models the parts name. */
	int status = app_load_models(app);
	if (status)
		return status;
	struct diag_list diags;
	diag_list_init(&diags);
	struct inventory inventory;
	bool have_inventory = inventory_path_count > 0;
	if (have_inventory &&
	    inventory_load_paths(&inventory, inventory_paths, inventory_path_count, &app->models,
				 &diags) < 0) {
		status = app_report(&diags);
		goto out;
	}
	struct merge_options merge_options = {
		.parts = (const char *const *)argv + optind,
		.part_count = (size_t)(argc - optind),
		.models = &app->models,
		.inventory = have_inventory ? &inventory : NULL,
	};
	struct app_output *output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	struct summary total;
	enum merge_result result =
		render_merge(&merge_options, app_output_stream(output), &total, &diags);
	if (result == MERGE_INPUT_ERROR) {
		app_report(&diags);
		status = EXIT_INPUT;
	} else if (result == MERGE_OUTPUT_ERROR) {
		fprintf(stderr, "srgap merge: cannot write the merged assessment\n");
		status = EXIT_INTERNAL;
	} else if (fail_on >= 0 && summary_has_open_at_least(&total, (enum severity)fail_on)) {
		status = EXIT_FINDINGS;
	}
	/* A failed merge leaves no output file behind. */
	status = app_output_close(output, status);
out:
	if (have_inventory)
		inventory_release(&inventory);
	diag_list_release(&diags);
	return status;
}

static int cmd_merge(int argc, char **argv, struct app *app)
{
	const char **inventory_paths = xcalloc((size_t)argc + 1, sizeof(*inventory_paths));
	int status = run_merge(argc, argv, app, inventory_paths);
	free(inventory_paths);
	return status;
}

const struct command command_merge = {
	.name = "merge",
	.summary = "merge the parts of a sharded assessment into one",
	.usage = "usage: srgap merge PART.json... [-o FILE] [--inventory INVENTORY]\n"
		 "                   [--fail-on critical|high|medium|low]\n"
		 "\n"
		 "Combines the parts that 'srgap assess INVENTORY --shard K/N' wrote (one per\n"
		 "shard, K = 1..N, from anywhere: Kubernetes Jobs, CI matrix builds) into one\n"
		 "assessment, byte for byte the JSON 'srgap assess' writes for the whole\n"
		 "inventory: every environment once, in inventory order, with the\n"
		 "summary, the roadmap and the vulnerability fix plan of the whole estate.\n"
		 "Every part must come from the same inventory, srgap and data (organization,\n"
		 "assessment date, catalog and provider model versions); every shard must be\n"
		 "there. Render reports from the result with 'srgap report'.\n"
		 "\n"
		 "  -o, --output FILE       write to FILE (atomically) instead of standard output\n"
		 "  -i, --inventory INV     check the parts against it: none of its environments\n"
		 "                          missing, none extra, made from these files (a\n"
		 "                          folder, or repeat it for several files)\n"
		 "      --fail-on SEV       exit 1 if a gap or contradicted claim of severity SEV\n"
		 "                          or above remains anywhere in the estate\n"
		 "      --data-dir DIR      read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 merged, 1 --fail-on threshold reached, 2 usage error or parts\n"
		 "that do not fit together, 3 I/O error.\n",
	.run = cmd_merge,
};
