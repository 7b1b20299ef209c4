/*
 * `srgap schema`: writes the inventory's JSON Schema, generated from the
 * loaded models (render/schema.c), for YAML editors.
 */
#include <getopt.h>

#include "cmd/cmd.h"
#include "render/schema.h"

static int cmd_schema(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL;
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (option) {
		case 'o':
			output_path = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_schema);
		default:
			return app_usage_error(&command_schema, "unknown option");
		}
	}
	if (optind != argc)
		return app_usage_error(&command_schema, "unexpected argument '%s'", argv[optind]);
	int status = app_load_models(app);
	if (status)
		return status;
	struct app_output *output = app_output_open(output_path, &status);
	if (!output)
		return status;
	if (render_inventory_schema(app_output_stream(output), &app->models) < 0) {
		fprintf(stderr, "srgap schema: cannot write the schema\n");
		status = EXIT_INTERNAL;
	}
	return app_output_close(output, status);
}

const struct command command_schema = {
	.name = "schema",
	.summary = "write the inventory's JSON Schema for YAML editors",
	.usage = "usage: srgap schema [-o FILE]\n"
		 "\n"
		 "Writes a JSON Schema (draft 2020-12) of the inventory, generated from the\n"
		 "loaded catalog and provider models: providers, the services of each provider,\n"
		 "registries, control, group and area ids with their titles, capability ids and\n"
		 "claim statuses. Point a YAML editor at it (srgap init writes the line):\n"
		 "\n"
		 "  # yaml-language-server: $schema=srgap-inventory.schema.json\n"
		 "\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n",
	.run = cmd_schema,
};
