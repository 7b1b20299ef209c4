/*
 * `srgap explain CONTROL`: the control as the catalog describes it, and who
 * is responsible for it on every service model, with the reason and the
 * native capabilities that help. A group id explains each of its controls.
 */
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"

static void explain_control(const struct models *models, const struct catalog_control *control)
{
	const struct catalog_group *group = control->group;
	printf("%s %s\n", control->id, control->title);
	printf("  group %s %s%s%s; area %s; phase %s; severity %s\n", group->id, group->title,
	       group->risk ? ", risk " : "", group->risk ? group->risk : "",
	       area_names[control->area], phase_names[control->phase],
	       severity_names[control->severity]);
	printf("\n  %s\n", control->description);
	printf("\n  Generic remediation (%s effort): %s\n", effort_names[control->effort],
	       control->remediation);
	printf("\n  Responsibility by service model (%s services):\n",
	       control->phase == PHASE_SHIP ? "registry" : "compute");
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t s = 0; s < provider->service_count; s++) {
			const struct service *service = &provider->services[s];
			const struct responsibility_entry *entry = service->entries[control->index];
			if (!entry)
				continue;
			char path[128];
			snprintf(path, sizeof(path), "%s/%s", provider->id, service->id);
			printf("  %-34s %-8s %s\n", path,
			       responsibility_names[entry->responsibility], entry->why);
			for (size_t c = 0; c < entry->capability_count; c++) {
				const struct capability *capability = entry->capabilities[c];
				printf("  %-34s          + %s (%s, %s; default %s)\n", "",
				       capability->name, capability->id,
				       cost_names[capability->cost],
				       capability_default_names
					       [service->capability_defaults[capability->index]]);
			}
		}
	}
}

static int cmd_explain(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {APP_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (option == 'D')
			app->data_dir_option = optarg;
		else if (option == 'h')
			return app_help(&command_explain);
		else
			return app_usage_error(&command_explain, "unknown option");
	}
	if (optind + 1 != argc)
		return app_usage_error(&command_explain, "expected one CONTROL id, e.g. 4.4.3a");
	int status = app_load_models(app);
	if (status)
		return status;
	const struct catalog *catalog = &app->models.catalog;
	const char *key = argv[optind];
	const struct catalog_control *control = catalog_find_control(catalog, key);
	const struct catalog_group *group = catalog_find_group(catalog, key);
	if (control) {
		explain_control(&app->models, control);
		return EXIT_OK;
	}
	if (group) {
		for (size_t i = 0; i < group->control_count; i++) {
			if (i)
				putchar('\n');
			explain_control(&app->models, &catalog->controls[group->first_control + i]);
		}
		return EXIT_OK;
	}
	const char *guess = catalog_suggest(catalog, key);
	fprintf(stderr, "srgap explain: unknown control '%s'%s%s%s; see 'srgap models controls'\n",
		key, guess ? " (did you mean '" : "", guess ? guess : "", guess ? "'?)" : "");
	return EXIT_INPUT;
}

const struct command command_explain = {
	.name = "explain",
	.summary = "who is responsible for a control on every service model, and why",
	.usage = "usage: srgap explain CONTROL\n"
		 "\n"
		 "CONTROL is a control id (4.4.3a) or a group id (4.4.3). Prints the control,\n"
		 "its generic remediation, and for every service model the responsibility,\n"
		 "the reason, and the native capabilities that help the customer.\n"
		 "\n"
		 "      --data-dir DIR   read models/ and providers/ from DIR\n",
	.run = cmd_explain,
};
