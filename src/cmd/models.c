/*
 * `srgap models`: what the loaded data files contain, for people choosing
 * service models and for checking an edit to a model file; and the catalog
 * and service models as OSCAL documents for GRC tools (render/oscal.h).
 */
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"
#include "render/oscal.h"
#include "util/suggest.h"

static void list_overview(FILE *out, const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	fprintf(out, "data directory: %s\n", models->data_dir);
	fprintf(out, "catalog: %s, %s (%s), %zu groups, %zu controls, reviewed %s\n", catalog->id,
		catalog->title, catalog->version, catalog->group_count, catalog->control_count,
		catalog->reviewed);
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		fprintf(out, "provider %s: %s, %zu services, %zu capabilities, reviewed %s\n",
			provider->id, provider->name, provider->service_count,
			provider->capability_count, provider->reviewed);
	}
}

static void list_providers(FILE *out, const struct models *models, const struct provider *only)
{
	for (size_t p = 0; p < models->provider_count; p++)
		if (!only || &models->providers[p] == only)
			fprintf(out, "%-14s %-12s %s\n", models->providers[p].id,
				models->providers[p].reviewed, models->providers[p].name);
}

static void list_services(FILE *out, const struct models *models, const struct provider *only)
{
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if (only && provider != only)
			continue;
		for (size_t s = 0; s < provider->service_count; s++) {
			const struct service *service = &provider->services[s];
			unsigned long counts[RESPONSIBILITY_COUNT] = {0};
			for (size_t i = 0; i < models->catalog.control_count; i++)
				if (service->entries[i])
					counts[service->entries[i]->responsibility]++;
			char path[128];
			snprintf(path, sizeof(path), "%s/%s", provider->id, service->id);
			fprintf(out, "%-36s %-8s provider %2lu  shared %2lu  customer %2lu  %s\n",
				path, service_kind_names[service->kind],
				counts[RESPONSIBILITY_PROVIDER], counts[RESPONSIBILITY_SHARED],
				counts[RESPONSIBILITY_CUSTOMER], service->name);
		}
	}
}

static void list_controls(FILE *out, const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	for (size_t g = 0; g < catalog->group_count; g++) {
		const struct catalog_group *group = &catalog->groups[g];
		fprintf(out, "%s %s%s%s%s\n", group->id, group->title, group->risk ? " (risk " : "",
			group->risk ? group->risk : "", group->risk ? ")" : "");
		for (size_t i = 0; i < group->control_count; i++) {
			const struct catalog_control *control =
				&catalog->controls[group->first_control + i];
			fprintf(out, "  %-7s %-6s %-8s %s\n", control->id,
				phase_names[control->phase], severity_names[control->severity],
				control->title);
		}
	}
}

static void list_capabilities(FILE *out, const struct models *models, const struct provider *only)
{
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if (only && provider != only)
			continue;
		for (size_t c = 0; c < provider->capability_count; c++) {
			const struct capability *capability = &provider->capabilities[c];
			fprintf(out, "%-6s %-40s %-6s %-4s %s\n", provider->id, capability->id,
				capability_default_names[capability->default_state],
				cost_names[capability->cost], capability->name);
		}
	}
}

enum topic {
	TOPIC_OVERVIEW = -1,
	TOPIC_PROVIDERS,
	TOPIC_SERVICES,
	TOPIC_CONTROLS,
	TOPIC_CAPABILITIES
};
static const char *const topics[] = {"providers", "services", "controls", "capabilities"};

/* --format: the listing, or the OSCAL document of the one topic it fits. */
struct models_format {
	const char *name;
	enum topic topic; /* TOPIC_OVERVIEW: any topic */
};
static const struct models_format formats[] = {
	{"ids", TOPIC_OVERVIEW},
	{"oscal-catalog", TOPIC_CONTROLS},
	{"oscal-cdef", TOPIC_SERVICES},
	{"text", TOPIC_OVERVIEW},
};

/*
 * --format ids: one id per line, the ids a user types (PROVIDER/SERVICE for
 * services; group and control ids for controls), for scripts and for the
 * shell completion, which reads them instead of keeping a copy.
 */
static void list_ids(FILE *out, const struct models *models, enum topic topic,
		     const struct provider *only)
{
	if (topic == TOPIC_CONTROLS) {
		const struct catalog *catalog = &models->catalog;
		for (size_t g = 0; g < catalog->group_count; g++) {
			const struct catalog_group *group = &catalog->groups[g];
			fprintf(out, "%s\n", group->id);
			for (size_t i = 0; i < group->control_count; i++)
				fprintf(out, "%s\n",
					catalog->controls[group->first_control + i].id);
		}
		return;
	}
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if (only && provider != only)
			continue;
		if (topic == TOPIC_PROVIDERS)
			fprintf(out, "%s\n", provider->id);
		for (size_t s = 0; topic == TOPIC_SERVICES && s < provider->service_count; s++)
			fprintf(out, "%s/%s\n", provider->id, provider->services[s].id);
		for (size_t c = 0; topic == TOPIC_CAPABILITIES && c < provider->capability_count;
		     c++)
			fprintf(out, "%s\n", provider->capabilities[c].id);
	}
}

static int unknown_provider(const struct models *models, const char *id)
{
	struct suggest suggest;
	suggest_init(&suggest, id);
	for (size_t p = 0; p < models->provider_count; p++)
		suggest_offer(&suggest, models->providers[p].id);
	if (suggest.best)
		return app_usage_error(&command_models,
				       "unknown provider '%s' (did you mean '%s'?)", id,
				       suggest.best);
	return app_usage_error(&command_models,
			       "unknown provider '%s'; see 'srgap models providers'", id);
}

static int write_oscal(const struct models_format *format, const struct models *models,
		       const struct provider *provider, const char *path)
{
	int status;
	struct app_output *output = app_output_open(path, &status);
	if (!output)
		return status;
	FILE *out = app_output_stream(output);
	int failed = format->topic == TOPIC_CONTROLS
			     ? oscal_write_catalog(out, models)
			     : oscal_write_component_definition(out, models, provider);
	if (failed < 0) {
		fprintf(stderr, "srgap models: cannot write the %s document\n", format->name);
		status = EXIT_INTERNAL;
	}
	return app_output_close(output, status);
}

static int cmd_models(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"provider", required_argument, NULL, 'P'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *format_name = "text", *output_path = NULL, *provider_id = NULL;
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'f':
			format_name = optarg;
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'P':
			provider_id = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_models);
		default:
			return app_usage_error(&command_models, "unknown option");
		}
	}
	if (argc - optind > 1)
		return app_usage_error(&command_models, "expected at most one topic");
	int topic = TOPIC_OVERVIEW;
	if (optind < argc) {
		for (topic = TOPIC_CAPABILITIES; topic >= 0 && strcmp(argv[optind], topics[topic]);
		     topic--)
			;
		if (topic < 0)
			return app_usage_error(&command_models,
					       "unknown topic '%s'; topics: providers, services, "
					       "controls, capabilities",
					       argv[optind]);
	}
	const struct models_format *format = NULL;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(format_name, formats[i].name))
			format = &formats[i];
	if (!format)
		return app_usage_error(&command_models,
				       "unknown format '%s'; formats: text, ids, oscal-catalog "
				       "(controls), oscal-cdef (services)",
				       format_name);
	if (format->topic != TOPIC_OVERVIEW && format->topic != topic)
		return app_usage_error(&command_models, "--format %s goes with the topic '%s'",
				       format->name, topics[format->topic]);
	if (!strcmp(format->name, "ids") && topic == TOPIC_OVERVIEW)
		return app_usage_error(&command_models,
				       "--format ids goes with a topic: providers, services, "
				       "controls or capabilities");
	if (provider_id && topic != TOPIC_PROVIDERS && topic != TOPIC_SERVICES &&
	    topic != TOPIC_CAPABILITIES)
		return app_usage_error(&command_models,
				       "--provider goes with providers, services or capabilities");
	int status = app_load_models(app);
	if (status)
		return status;
	const struct provider *provider = NULL;
	if (provider_id && !(provider = models_find_provider(&app->models, provider_id)))
		return unknown_provider(&app->models, provider_id);
	if (format->topic != TOPIC_OVERVIEW)
		return write_oscal(format, &app->models, provider, output_path);
	struct app_output *output = app_output_open(output_path, &status);
	if (!output)
		return status;
	FILE *out = app_output_stream(output);
	if (!strcmp(format->name, "ids")) {
		list_ids(out, &app->models, (enum topic)topic, provider);
		return app_output_close(output, EXIT_OK);
	}
	switch (topic) {
	case TOPIC_PROVIDERS:
		list_providers(out, &app->models, provider);
		break;
	case TOPIC_SERVICES:
		list_services(out, &app->models, provider);
		break;
	case TOPIC_CONTROLS:
		list_controls(out, &app->models);
		break;
	case TOPIC_CAPABILITIES:
		list_capabilities(out, &app->models, provider);
		break;
	default:
		list_overview(out, &app->models);
	}
	return app_output_close(output, EXIT_OK);
}

const struct command command_models = {
	.name = "models",
	.summary = "list the catalog, providers, service models and capabilities",
	.usage = "usage: srgap models [providers|services|controls|capabilities] [--provider P]\n"
		 "                    [--format text|ids|oscal-catalog|oscal-cdef] [-o FILE]\n"
		 "\n"
		 "Without a topic, prints an overview of the loaded data files.\n"
		 "  providers      provider models and their review dates\n"
		 "  services       every service model (PROVIDER/SERVICE) with its\n"
		 "                 provider / shared / customer control counts\n"
		 "  controls       the NIST SP 800-190 controls by group\n"
		 "  capabilities   native provider features, default state and cost\n"
		 "\n"
		 "  -f, --format FORMAT   text (default); ids: one id per line (scripts, shell\n"
		 "                        completion); oscal-catalog with 'controls': the\n"
		 "                        catalog as an OSCAL 1.1.2 catalog; oscal-cdef with\n"
		 "                        'services': the service models as an OSCAL component\n"
		 "                        definition (docs/oscal.md)\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --provider P      only provider P's models (providers, services,\n"
		 "                        capabilities)\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n",
	.run = cmd_models,
};
