/*
 * `srgap whatif INVENTORY --move ENV=PROVIDER/SERVICE...`: re-assesses the
 * inventory with environments moved to other compute (or registry) service
 * models and shows, per environment and for the estate, what moves to the
 * provider, which claims stop applying and which gaps open or close.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "core/scenario.h"
#include "render/scenario.h"
#include "util/xalloc.h"

/* Applies one "ENV=PROVIDER/SERVICE" to the moves; returns 0 or an exit status. */
static int add_move(const struct models *models, const struct inventory *inventory,
		    const char *text, struct scenario_move *moves, size_t *count)
{
	const char *equals = strchr(text, '=');
	if (!equals || equals == text || !strchr(equals, '/'))
		return app_usage_error(&command_whatif,
				       "--move takes ENV=PROVIDER/SERVICE, e.g. "
				       "checkout-prod=aws/ecs-fargate, not '%s'",
				       text);
	char *name = xstrndup(text, (size_t)(equals - text));
	const struct environment *environment = inventory_find_environment(inventory, name);
	const struct service *service = models_find_service_path(models, equals + 1);
	int status = EXIT_OK;
	if (!environment)
		status = app_unknown_environment(&command_whatif, inventory, name);
	else if (!service)
		status = app_unknown_service_model(&command_whatif, models, equals + 1);
	free(name);
	if (status)
		return status;
	struct scenario_move *move = NULL;
	for (size_t m = 0; m < *count && !move; m++)
		if (moves[m].environment == environment)
			move = &moves[m];
	if (!move) {
		move = &moves[(*count)++];
		move->environment = environment;
	}
	/* A registry model moves the registry; a compute model the workloads. */
	const struct service **slot =
		service->kind == SERVICE_REGISTRY ? &move->registry : &move->service;
	if (*slot)
		return app_usage_error(&command_whatif, "'%s' is moved twice to a %s model",
				       environment->name, service_kind_names[service->kind]);
	*slot = service;
	return EXIT_OK;
}

static int cmd_whatif(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"move", required_argument, NULL, 'm'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL;
	bool json = false;
	char **requests = xcalloc((size_t)argc + 1, sizeof(*requests)); /* borrowed from argv */
	size_t request_count = 0;
	int status = EXIT_OK, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while (!status && (option = getopt_long(argc, argv, "m:f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'm':
			requests[request_count++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				status = app_usage_error(&command_whatif,
							 "--format takes table or json, not '%s'",
							 optarg);
			json = !strcmp(optarg, "json");
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			free(requests);
			return app_help(&command_whatif);
		default:
			status = app_usage_error(&command_whatif, "unknown option");
		}
	}
	if (!status && optind >= argc)
		status =
			app_usage_error(&command_whatif,
					"expected an INVENTORY: a file, a folder or several files");
	if (!status && !request_count)
		status = app_usage_error(&command_whatif,
					 "nothing to move: give --move ENV=PROVIDER/SERVICE");
	if (!status)
		status = app_load_models(app);
	if (status) {
		free(requests);
		return status;
	}

	struct inventory inventory;
	struct diag_list diags;
	diag_list_init(&diags);
	int loaded = inventory_load_paths(&inventory, (const char *const *)argv + optind,
					  (size_t)(argc - optind), &app->models, &diags);
	status = app_report(&diags);
	diag_list_release(&diags);
	struct scenario_move *moves = xcalloc(request_count, sizeof(*moves));
	size_t move_count = 0;
	struct app_output *output = NULL;
	if (loaded < 0 || status) {
		status = EXIT_INPUT;
		goto out;
	}
	for (size_t i = 0; i < request_count && !status; i++)
		status = add_move(&app->models, &inventory, requests[i], moves, &move_count);
	if (status)
		goto out;
	for (size_t m = 0; m < move_count; m++)
		scenario_move_assess(&moves[m], &app->models, &inventory);
	struct summary before, after;
	scenario_estate(&app->models, &inventory, moves, move_count, &before, &after);
	output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	if (render_whatif(app_output_stream(output), json, &app->models, &inventory, moves,
			  move_count, &before, &after) < 0) {
		fprintf(stderr, "srgap whatif: cannot write the output\n");
		status = EXIT_INTERNAL;
	}
	status = app_output_close(output, status);
out:
	for (size_t m = 0; m < move_count; m++)
		scenario_move_release(&moves[m]);
	free(moves);
	free(requests);
	inventory_release(&inventory);
	return status;
}

const struct command command_whatif = {
	.name = "whatif",
	.summary = "re-assess with environments moved to other service models",
	.usage = "usage: srgap whatif INVENTORY... --move ENV=PROVIDER/SERVICE... [--format "
		 "table|json]\n"
		 "                    [-o FILE]\n"
		 "\n"
		 "Re-assesses the inventory as if each named environment ran on another\n"
		 "service model (e.g. --move checkout-prod=aws/ecs-fargate), with today's\n"
		 "claims, and shows before and after side by side: controls that move to the\n"
		 "provider or back to the customer, claims that no longer apply (they name a\n"
		 "capability of a provider the environment would not use; free-text claims\n"
		 "stay), new gaps, closed gaps, and the change in customer-owned controls,\n"
		 "open gaps, open risk and coverage, per environment and for the estate.\n"
		 "A registry model (aws/ecr) moves the environment's registry instead.\n"
		 "\n"
		 "  -m, --move ENV=P/S    move environment ENV to service model P/S (repeatable)\n"
		 "  -f, --format FORMAT   table (default) or json\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n",
	.run = cmd_whatif,
};
