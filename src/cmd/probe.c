/*
 * `srgap probe`: run the probes over evidence and print what each found,
 * without an inventory's claims. `--list` shows every probe and the controls
 * it verifies.
 */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "probe/probe.h"
#include "render/render.h"
#include "util/date.h"

static int list_probes(FILE *out)
{
	for (size_t f = 0; probe_families[f]; f++) {
		const struct probe_family *family = probe_families[f];
		for (size_t p = 0; p < family->probe_count; p++) {
			const struct probe *probe = &family->probes[p];
			fprintf(out, "%-40s %-24s", probe->id, probe->kind);
			for (size_t c = 0; probe->controls[c]; c++)
				fprintf(out, "%s%s", c ? "," : " ", probe->controls[c]);
			fprintf(out, "\n  %s\n", probe->title);
		}
	}
	return ferror(out) ? -1 : 0;
}

static void location(const struct probe_result *result, char *buffer, size_t size)
{
	if (result->file)
		snprintf(buffer, size, "%s#%s", result->file, result->pointer ? result->pointer : "");
	else
		snprintf(buffer, size, "-");
}

static int print_table(FILE *out, const struct probe_results *results)
{
	unsigned counts[PROBE_OUTCOME_COUNT] = {0};
	char where[2048];
	for (size_t i = 0; i < results->count; i++) {
		const struct probe_result *result = &results->items[i];
		counts[result->outcome]++;
		location(result, where, sizeof(where));
		fprintf(out, "%-5s %-34s %s\n      %s\n      at %s\n",
			result->outcome == PROBE_PASS   ? "pass"
			: result->outcome == PROBE_FAIL ? "FAIL"
							: "error",
			result->probe, result->subject ? result->subject : "", result->detail,
			where);
	}
	for (size_t i = 0; i < results->unrecognized_count; i++)
		fprintf(out, "unrecognized: %s (no probe family reads this kind of file)\n",
			results->unrecognized[i]);
	fprintf(out, "%zu file%s read, %zu unrecognized: %u pass, %u fail, %u error\n",
		results->files_read, results->files_read == 1 ? "" : "s",
		results->unrecognized_count, counts[PROBE_PASS], counts[PROBE_FAIL],
		counts[PROBE_ERROR]);
	return ferror(out) ? -1 : 0;
}

static int print_json(FILE *out, const struct probe_results *results)
{
	json_t *root = json_object();
	json_t *items = json_array();
	for (size_t i = 0; i < results->count; i++)
		json_array_append_new(items, render_probe_result_json(&results->items[i]));
	json_t *unrecognized = json_array();
	for (size_t i = 0; i < results->unrecognized_count; i++)
		json_array_append_new(unrecognized, json_string(results->unrecognized[i]));
	json_object_set_new(root, "srgap", json_string("probe-results/1"));
	json_object_set_new(root, "files_read", json_integer((json_int_t)results->files_read));
	json_object_set_new(root, "results", items);
	json_object_set_new(root, "unrecognized", unrecognized);
	int failed = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
		     fputc('\n', out) == EOF;
	json_decref(root);
	return failed ? -1 : 0;
}

static int cmd_probe(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"evidence", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"inventory", required_argument, NULL, 'i'},
		{"list", no_argument, NULL, 'l'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *evidence = NULL, *format = "table", *output_path = NULL, *inventory_path = NULL;
	int list = 0, option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "e:f:o:i:h", options, NULL)) != -1) {
		switch (option) {
		case 'e':
			evidence = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'i':
			inventory_path = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_probe);
		default:
			return app_usage_error(&command_probe, "unknown option");
		}
	}
	if (optind != argc)
		return app_usage_error(&command_probe, "unexpected argument '%s'", argv[optind]);
	if (strcmp(format, "table") && strcmp(format, "json"))
		return app_usage_error(&command_probe, "--format takes table or json");
	if (list)
		return list_probes(stdout) < 0 ? EXIT_INTERNAL : EXIT_OK;
	if (!evidence)
		return app_usage_error(&command_probe, "give --evidence DIR (or --list)");

	int status = EXIT_OK;
	struct diag_list diags;
	diag_list_init(&diags);
	struct inventory inventory;
	int have_inventory = 0;
	struct probe_settings settings = {.today = date_today()};
	if (inventory_path) {
		if ((status = app_load_models(app)))
			goto out;
		have_inventory = 1;
		if (inventory_load(&inventory, inventory_path, &app->models, &diags) < 0) {
			status = app_report(&diags);
			goto out;
		}
		settings.trusted_registries = inventory.trusted_registries;
		settings.trusted_registry_count = inventory.trusted_registry_count;
		settings.today = inventory.date_day;
	}
	struct probe_results results;
	probe_results_init(&results);
	if (probe_evidence(evidence, &settings, &results, &diags) < 0) {
		status = app_report(&diags);
		probe_results_release(&results);
		goto out;
	}
	struct app_output *output = app_output_open(output_path, &status);
	if (output) {
		FILE *out = app_output_stream(output);
		int failed = !strcmp(format, "json") ? print_json(out, &results)
						     : print_table(out, &results);
		status = failed ? EXIT_INTERNAL : EXIT_OK;
		/* Malformed evidence is reported after the results of everything else. */
		if (app_report(&diags) && status == EXIT_OK)
			status = EXIT_INPUT;
		/* Keep what was written: the other files' results are valid. */
		status = app_output_close(output, status == EXIT_INPUT ? EXIT_FINDINGS : status);
		if (status == EXIT_FINDINGS)
			status = EXIT_INPUT;
	}
	probe_results_release(&results);
out:
	if (have_inventory)
		inventory_release(&inventory);
	diag_list_release(&diags);
	return status;
}

const struct command command_probe = {
	.name = "probe",
	.summary = "verify controls from evidence files (cloud CLI, Kubernetes, scanners)",
	.usage = "usage: srgap probe --evidence DIR [--format table|json] [-o FILE]\n"
		 "                   [--inventory FILE]\n"
		 "       srgap probe --list\n"
		 "\n"
		 "Runs every probe that applies to the files under DIR (recursively). Files\n"
		 "are recognized by content: aws/az/gcloud/kubectl JSON, Kubernetes YAML,\n"
		 "scanner reports. Each result is pass, FAIL or error, with the subject, a\n"
		 "one-line detail and the evidence location (file#/json/pointer).\n"
		 "\n"
		 "  -e, --evidence DIR     a folder (or one file) of evidence\n"
		 "  -f, --format FORMAT    table (default) or json\n"
		 "  -o, --output FILE      write to FILE (atomically)\n"
		 "  -i, --inventory FILE   use its trusted_registries and assessment date\n"
		 "      --list             list every probe with the controls it verifies\n"
		 "      --data-dir DIR     read models/ and providers/ from DIR\n"
		 "\n"
		 "Unrecognized files are listed, never skipped silently. A malformed file is\n"
		 "reported as FILE:LINE:COLUMN and the other files are still probed; the exit\n"
		 "status is then 2.\n",
	.run = cmd_probe,
};
