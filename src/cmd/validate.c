/*
 * `srgap validate`: load an inventory (one file, a folder or several files)
 * and report every problem found, in file order, without assessing.
 */
#include <getopt.h>

#include "cmd/cmd.h"
#include "core/exceptions.h"
#include "core/inventory.h"

static int cmd_validate(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"quiet", no_argument, NULL, 'q'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int quiet = 0, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		switch (option) {
		case 'q':
			quiet = 1;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_validate);
		default:
			return app_usage_error(&command_validate, "unknown option");
		}
	}
	if (optind >= argc)
		return app_usage_error(&command_validate,
				       "expected an INVENTORY: a file, a folder or several files");
	int status = app_load_models(app);
	if (status)
		return status;
	struct inventory inventory;
	struct diag_list diags;
	diag_list_init(&diags);
	int loaded = inventory_load_paths(&inventory, (const char *const *)argv + optind,
					  (size_t)(argc - optind), &app->models, &diags);
	if (loaded == 0) {
		/* No evidence here: exceptions are judged on claims alone. */
		struct exception_check check;
		exception_check_init(&check, &inventory);
		exception_check_claims(&check, &app->models);
		exception_check_warn(&check, &diags);
		exception_check_release(&check);
	}
	size_t errors = diag_error_count(&diags);
	app_report(&diags);
	const char *name = argv[optind];
	const char *more = argc - optind > 1 ? " and the other files" : "";
	if (loaded < 0 || errors) {
		fprintf(stderr, "%s%s: %zu error%s\n", name, more, errors, errors == 1 ? "" : "s");
		status = EXIT_INPUT;
	} else if (!quiet) {
		if (inventory.file_count > 1)
			printf("%s%s: ok (%zu files, ", name, more, inventory.file_count);
		else
			printf("%s: ok (", name);
		printf("%zu environment%s, %zu exception%s)\n", inventory.environment_count,
		       inventory.environment_count == 1 ? "" : "s", inventory.exception_count,
		       inventory.exception_count == 1 ? "" : "s");
	}
	diag_list_release(&diags);
	inventory_release(&inventory);
	return status;
}

const struct command command_validate = {
	.name = "validate",
	.summary = "check an inventory and report every mistake",
	.usage = "usage: srgap validate INVENTORY... [--quiet]\n"
		 "\n"
		 "Checks the inventory against the catalog and provider models and prints\n"
		 "every problem as FILE:LINE:COLUMN: error: MESSAGE [CODE], with a suggestion\n"
		 "where a name looks mistyped. INVENTORY is a file, a folder (every *.yaml\n"
		 "and *.yml in it) or several files that together make one inventory.\n"
		 "\n"
		 "  -q, --quiet          print nothing for valid files\n"
		 "      --data-dir DIR   read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 all valid, 2 a file has errors.\n",
	.run = cmd_validate,
};
