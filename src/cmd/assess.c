/*
 * `srgap assess`: load, validate, run the engine over every environment and
 * stream the result through one renderer. Exit status 1 only when --fail-on
 * is given and an open cell reaches that severity.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/engine.h"
#include "core/inventory.h"
#include "probe/probe.h"
#include "render/render.h"

struct assess_run {
	struct render_context context;
	const struct renderer *renderer;
	struct probe_settings settings;
	struct probe_results results; /* the current environment's, replaced per environment */
	struct diag_list evidence_diags;
};

/*
 * Probes the environment's evidence folder. Results are kept only until the
 * next environment, so memory does not grow with the estate.
 */
static const struct control_probes *probes_for(void *data, const struct environment *environment)
{
	struct assess_run *run = data;
	probe_results_release(&run->results);
	probe_results_init(&run->results);
	if (!environment->evidence)
		return NULL;
	probe_evidence(environment->evidence, &run->settings, &run->results, &run->evidence_diags);
	for (size_t i = 0; i < run->results.unrecognized_count; i++)
		diag_warning(&run->evidence_diags, run->results.unrecognized[i], 0, 0,
			     "evidence.unrecognized",
			     "not recognized as evidence by any probe family; ignored");
	return probe_results_by_control(&run->results, &run->context.models->catalog);
}

static int visit(void *data, const struct environment *environment, const struct cell *cells,
		 const struct summary *summary)
{
	struct assess_run *run = data;
	return run->renderer->environment(&run->context, environment, cells, summary);
}

static int terminal_width(FILE *out)
{
	struct winsize size;
	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col >= 40)
		return size.ws_col;
	const char *columns = getenv("COLUMNS");
	int width = columns ? atoi(columns) : 0;
	return width >= 40 && width <= 1000 ? width : 80;
}

static bool use_color(FILE *out, const char *mode)
{
	if (!strcmp(mode, "always"))
		return true;
	if (!strcmp(mode, "never"))
		return false;
	const char *no_color = getenv("NO_COLOR");
	return isatty(fileno(out)) && !(no_color && *no_color);
}

static int cmd_assess(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, 'F'},
		{"color", required_argument, NULL, 'c'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *format = "table", *output_path = NULL, *color = "auto";
	int fail_on = -1;
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'F':
			for (fail_on = SEVERITY_COUNT - 1; fail_on >= 0; fail_on--)
				if (!strcmp(optarg, severity_names[fail_on]))
					break;
			if (fail_on < 0)
				return app_usage_error(&command_assess,
						       "--fail-on takes critical, high, medium or "
						       "low, not '%s'",
						       optarg);
			break;
		case 'c':
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return app_usage_error(&command_assess,
						       "--color takes auto, always or never");
			color = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_assess);
		default:
			return app_usage_error(&command_assess, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return app_usage_error(&command_assess, "expected one INVENTORY file");
	const struct renderer *renderer = render_find(format);
	if (!renderer) {
		fprintf(stderr, "srgap assess: unknown format '%s'; formats:", format);
		for (size_t i = 0; render_formats[i]; i++)
			fprintf(stderr, " %s", render_formats[i]->name);
		fputc('\n', stderr);
		return EXIT_INPUT;
	}
	int status = app_load_models(app);
	if (status)
		return status;

	struct inventory inventory;
	struct diag_list diags;
	diag_list_init(&diags);
	int loaded = inventory_load(&inventory, argv[optind], &app->models, &diags);
	status = app_report(&diags);
	diag_list_release(&diags);
	if (loaded < 0 || status) {
		inventory_release(&inventory);
		return EXIT_INPUT;
	}

	struct app_output *output = app_output_open(output_path, &status);
	if (!output) {
		inventory_release(&inventory);
		return status;
	}
	FILE *out = app_output_stream(output);
	struct assess_run run = {
		.renderer = renderer,
		.context = {.out = out,
			    .models = &app->models,
			    .inventory = &inventory,
			    .color = !output_path && use_color(out, color),
			    .width = terminal_width(out)},
	};
	if (output_path && !strcmp(color, "always"))
		run.context.color = true;
	run.settings.trusted_registries = inventory.trusted_registries;
	run.settings.trusted_registry_count = inventory.trusted_registry_count;
	run.settings.today = inventory.date_day;
	probe_results_init(&run.results);
	diag_list_init(&run.evidence_diags);
	struct summary total;
	int failed = renderer->begin(&run.context) < 0 ||
		     engine_run(&app->models, &inventory, probes_for, visit, &run, &total) != 0 ||
		     renderer->end(&run.context, &total) < 0;
	if (renderer->cleanup)
		renderer->cleanup(&run.context);
	probe_results_release(&run.results);
	/*
	 * Malformed or unknown evidence files do not stop an assessment: their
	 * cells simply lack that evidence. Say so, as warnings.
	 */
	for (size_t i = 0; i < run.evidence_diags.count; i++)
		run.evidence_diags.items[i].severity = DIAG_WARNING;
	app_report(&run.evidence_diags);
	diag_list_release(&run.evidence_diags);
	if (failed) {
		fprintf(stderr, "srgap assess: cannot write the %s output\n", renderer->name);
		status = EXIT_INTERNAL;
	} else if (fail_on >= 0 && summary_has_open_at_least(&total, (enum severity)fail_on)) {
		status = EXIT_FINDINGS;
	}
	status = app_output_close(output, status);
	inventory_release(&inventory);
	return status;
}

const struct command command_assess = {
	.name = "assess",
	.summary = "assess an inventory: gap matrix, summary, exit status",
	.usage = "usage: srgap assess INVENTORY [--format table|json|csv] [-o FILE]\n"
		 "                    [--fail-on critical|high|medium|low] [--color auto|always|never]\n"
		 "\n"
		 "Compares the inventory's environments and claims with the NIST SP 800-190\n"
		 "catalog and the provider models, and prints one cell per environment and\n"
		 "control: who is responsible and whether the customer's share is covered.\n"
		 "\n"
		 "  -f, --format FORMAT   table (default), json or csv\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --fail-on SEV     exit 1 if a gap or contradicted claim of severity SEV\n"
		 "                        or above remains (for CI pipelines)\n"
		 "      --color WHEN      colour the table: auto (a terminal without NO_COLOR),\n"
		 "                        always or never\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 done, 1 --fail-on threshold reached, 2 usage or input error,\n"
		 "3 internal or I/O error.\n",
	.run = cmd_assess,
};
