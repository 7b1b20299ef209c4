/*
 * `srgap models`: what the loaded data files contain, for people choosing
 * service models and for checking an edit to a model file.
 */
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"

static void list_overview(const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	printf("data directory: %s\n", models->data_dir);
	printf("catalog: %s, %s (%s), %zu groups, %zu controls, reviewed %s\n", catalog->id,
	       catalog->title, catalog->version, catalog->group_count, catalog->control_count,
	       catalog->reviewed);
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		printf("provider %s: %s, %zu services, %zu capabilities, reviewed %s\n",
		       provider->id, provider->name, provider->service_count,
		       provider->capability_count, provider->reviewed);
	}
}

static void list_providers(const struct models *models)
{
	for (size_t p = 0; p < models->provider_count; p++)
		printf("%-14s %-12s %s\n", models->providers[p].id, models->providers[p].reviewed,
		       models->providers[p].name);
}

static void list_services(const struct models *models)
{
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t s = 0; s < provider->service_count; s++) {
			const struct service *service = &provider->services[s];
			unsigned long counts[RESPONSIBILITY_COUNT] = {0};
			for (size_t i = 0; i < models->catalog.control_count; i++)
				if (service->entries[i])
					counts[service->entries[i]->responsibility]++;
			char path[128];
			snprintf(path, sizeof(path), "%s/%s", provider->id, service->id);
			printf("%-36s %-8s provider %2lu  shared %2lu  customer %2lu  %s\n", path,
			       service_kind_names[service->kind], counts[RESPONSIBILITY_PROVIDER],
			       counts[RESPONSIBILITY_SHARED], counts[RESPONSIBILITY_CUSTOMER],
			       service->name);
		}
	}
}

static void list_controls(const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	for (size_t g = 0; g < catalog->group_count; g++) {
		const struct catalog_group *group = &catalog->groups[g];
		printf("%s %s%s%s%s\n", group->id, group->title, group->risk ? " (risk " : "",
		       group->risk ? group->risk : "", group->risk ? ")" : "");
		for (size_t i = 0; i < group->control_count; i++) {
			const struct catalog_control *control =
				&catalog->controls[group->first_control + i];
			printf("  %-7s %-6s %-8s %s\n", control->id, phase_names[control->phase],
			       severity_names[control->severity], control->title);
		}
	}
}

static void list_capabilities(const struct models *models)
{
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t c = 0; c < provider->capability_count; c++) {
			const struct capability *capability = &provider->capabilities[c];
			printf("%-6s %-40s %-6s %-4s %s\n", provider->id, capability->id,
			       capability_default_names[capability->default_state],
			       cost_names[capability->cost], capability->name);
		}
	}
}

static int cmd_models(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {APP_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	static const char *const topics[] = {"providers", "services", "controls", "capabilities"};
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (option == 'D')
			app->data_dir_option = optarg;
		else if (option == 'h')
			return app_help(&command_models);
		else
			return app_usage_error(&command_models, "unknown option");
	}
	if (argc - optind > 1)
		return app_usage_error(&command_models, "expected at most one topic");
	int topic = -1;
	if (optind < argc) {
		for (topic = 3; topic >= 0 && strcmp(argv[optind], topics[topic]); topic--)
			;
		if (topic < 0)
			return app_usage_error(&command_models,
					       "unknown topic '%s'; topics: providers, services, "
					       "controls, capabilities",
					       argv[optind]);
	}
	int status = app_load_models(app);
	if (status)
		return status;
	switch (topic) {
	case 0:
		list_providers(&app->models);
		break;
	case 1:
		list_services(&app->models);
		break;
	case 2:
		list_controls(&app->models);
		break;
	case 3:
		list_capabilities(&app->models);
		break;
	default:
		list_overview(&app->models);
	}
	return EXIT_OK;
}

const struct command command_models = {
	.name = "models",
	.summary = "list the catalog, providers, service models and capabilities",
	.usage = "usage: srgap models [providers|services|controls|capabilities]\n"
		 "\n"
		 "Without a topic, prints an overview of the loaded data files.\n"
		 "  providers      provider models and their review dates\n"
		 "  services       every service model (PROVIDER/SERVICE) with its\n"
		 "                 provider / shared / customer control counts\n"
		 "  controls       the NIST SP 800-190 controls by group\n"
		 "  capabilities   native provider features, default state and cost\n"
		 "\n"
		 "      --data-dir DIR   read models/ and providers/ from DIR\n",
	.run = cmd_models,
};
