/*
 * `srgap compare INVENTORY --env ENV [--to P/S,...]`: one environment's
 * share of the work on each candidate compute service model (default: all),
 * assessed with today's claims. The model it runs on today is always a row.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "core/scenario.h"
#include "render/scenario.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct candidates {
	const struct service **items;
	size_t count;
	size_t capacity;
};

static void candidates_add(struct candidates *list, const struct service *service)
{
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i] == service)
			return;
	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof(*list->items));
	list->items[list->count++] = service;
}

/* Adds each model of a comma-separated --to list; returns 0 or an exit status. */
static int add_targets(const struct models *models, const char *text, struct candidates *list)
{
	char *copy = xstrdup(text);
	int status = EXIT_OK;
	for (char *save = NULL, *path = strtok_r(copy, ",", &save); path && !status;
	     path = strtok_r(NULL, ",", &save)) {
		const struct service *service = models_find_service_path(models, path);
		if (!service)
			status = app_unknown_service_model(&command_compare, models, path);
		else if (service->kind != SERVICE_COMPUTE)
			status = app_usage_error(&command_compare,
						 "'%s' is a registry; compare takes compute models",
						 path);
		else
			candidates_add(list, service);
	}
	free(copy);
	return status;
}

static int cmd_compare(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"env", required_argument, NULL, 'e'},
		{"to", required_argument, NULL, 't'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *output_path = NULL, *name = NULL;
	struct strbuf targets;
	strbuf_init(&targets);
	bool json = false;
	int status = EXIT_OK, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while (!status && (option = getopt_long(argc, argv, "e:t:f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'e':
			name = optarg;
			break;
		case 't':
			strbuf_addf(&targets, "%s%s", targets.len ? "," : "", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				status = app_usage_error(&command_compare,
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
			strbuf_release(&targets);
			return app_help(&command_compare);
		default:
			status = app_usage_error(&command_compare, "unknown option");
		}
	}
	if (!status && optind >= argc)
		status =
			app_usage_error(&command_compare,
					"expected an INVENTORY: a file, a folder or several files");
	if (!status && !name)
		status = app_usage_error(&command_compare, "which environment? give --env ENV");
	if (!status)
		status = app_load_models(app);
	if (status) {
		strbuf_release(&targets);
		return status;
	}

	const struct models *models = &app->models;
	struct inventory inventory;
	struct diag_list diags;
	diag_list_init(&diags);
	int loaded = inventory_load_paths(&inventory, (const char *const *)argv + optind,
					  (size_t)(argc - optind), models, &diags);
	status = app_report(&diags);
	diag_list_release(&diags);
	struct candidates list = {0};
	struct scenario *scenarios = NULL;
	struct app_output *output = NULL;
	const struct environment *environment = NULL;
	if (loaded < 0 || status) {
		status = EXIT_INPUT;
		goto out;
	}
	environment = inventory_find_environment(&inventory, name);
	if (!environment) {
		status = app_unknown_environment(&command_compare, &inventory, name);
		goto out;
	}
	candidates_add(&list, environment->service);
	if (targets.len) {
		status = add_targets(models, targets.buf, &list);
		if (status)
			goto out;
	} else {
		for (size_t p = 0; p < models->provider_count; p++)
			for (size_t s = 0; s < models->providers[p].service_count; s++)
				if (models->providers[p].services[s].kind == SERVICE_COMPUTE)
					candidates_add(&list, &models->providers[p].services[s]);
	}
	scenarios = xcalloc(list.count, sizeof(*scenarios));
	for (size_t i = 0; i < list.count; i++)
		scenario_assess(&scenarios[i], models, &inventory, environment, list.items[i],
				NULL);
	output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	if (render_compare(app_output_stream(output), json, &inventory, environment, scenarios,
			   list.count) < 0) {
		fprintf(stderr, "srgap compare: cannot write the output\n");
		status = EXIT_INTERNAL;
	}
	status = app_output_close(output, status);
out:
	for (size_t i = 0; scenarios && i < list.count; i++)
		scenario_release(&scenarios[i]);
	free(scenarios);
	free(list.items);
	strbuf_release(&targets);
	inventory_release(&inventory);
	return status;
}

const struct command command_compare = {
	.name = "compare",
	.summary = "one environment's share on each candidate service model",
	.usage =
		"usage: srgap compare INVENTORY... --env ENV [--to P/S,...] [--format table|json]\n"
		"                     [-o FILE]\n"
		"\n"
		"For one environment, assesses each candidate compute service model across\n"
		"providers (default: every one) with today's claims and prints one row per\n"
		"model: controls the customer owns (of which shared), open gaps, open risk,\n"
		"coverage, claims lost (they name another provider's capability) and the\n"
		"native capabilities that help, with how many cost extra. The model the\n"
		"environment runs on today is marked * and always listed first; its\n"
		"registry stays the same for every candidate.\n"
		"\n"
		"  -e, --env ENV         the environment to compare\n"
		"  -t, --to P/S,...      candidate compute models (repeatable; srgap models\n"
		"                        services)\n"
		"  -f, --format FORMAT   table (default) or json\n"
		"  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		"      --data-dir DIR    read models/ and providers/ from DIR\n",
	.run = cmd_compare,
};
