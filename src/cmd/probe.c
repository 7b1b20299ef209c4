/*
 * `srgap probe`: run the probes over evidence, a container host (--host) or
 * the cloud CLIs (--live) and print what each found, without an inventory's
 * claims. `--list` shows every probe and the controls it verifies.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "probe/live.h"
#include "probe/probe.h"
#include "probe/tools.h"
#include "render/probe_output.h"
#include "util/date.h"
#include "util/xalloc.h"

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

/* `inventory_paths` has room for every argument: --inventory may repeat. */
static int run_probe(int argc, char **argv, struct app *app, const char **inventory_paths)
{
	static const struct option options[] = {
		{"evidence", required_argument, NULL, 'e'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"inventory", required_argument, NULL, 'i'},
		{"list", no_argument, NULL, 'l'},
		{"host", no_argument, NULL, 'H'},
		{"root", required_argument, NULL, 'r'},
		{"live", no_argument, NULL, 'L'},
		{"env", required_argument, NULL, 'E'},
		{"timeout", required_argument, NULL, 'T'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *evidence = NULL, *format = "table", *output_path = NULL, *inventory_path = NULL;
	size_t inventory_path_count = 0;
	const char *root = NULL, *env_name = NULL, *timeout_text = NULL;
	int list = 0, host = 0, live = 0, option;
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
			inventory_path = inventory_paths[inventory_path_count++] = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'H':
			host = 1;
			break;
		case 'r':
			root = optarg;
			break;
		case 'L':
			live = 1;
			break;
		case 'E':
			env_name = optarg;
			break;
		case 'T':
			timeout_text = optarg;
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
	enum probe_output_format output_format;
	if (probe_output_parse_format(format, &output_format) < 0)
		return app_usage_error(&command_probe, "--format takes table, json or jsonl");
	if (list)
		return list_probes(stdout) < 0 ? EXIT_INTERNAL : EXIT_OK;
	if (root && !host)
		return app_usage_error(&command_probe, "--root goes with --host");
	if ((env_name || timeout_text) && !live)
		return app_usage_error(&command_probe, "--%s goes with --live",
				       env_name ? "env" : "timeout");
	if (live && !inventory_path)
		return app_usage_error(
			&command_probe,
			"--live needs --inventory FILE (its environments' live: blocks)");
	struct live_options live_options = {.timeout_seconds = LIVE_DEFAULT_TIMEOUT};
	if (timeout_text) {
		if (live_parse_timeout(timeout_text, &live_options.timeout_seconds) < 0)
			return app_usage_error(
				&command_probe,
				"--timeout takes whole seconds from 1 to %d, not '%s'",
				LIVE_MAX_TIMEOUT, timeout_text);
	}
	if (!evidence && !host && !live)
		return app_usage_error(&command_probe,
				       "give --evidence DIR, --host or --live (or --list)");

	int status = EXIT_OK;
	struct diag_list diags;
	diag_list_init(&diags);
	struct inventory inventory;
	int have_inventory = 0;
	struct tool_mappings mappings;
	int have_mappings = 0;
	struct probe_settings settings = {.today = date_today()};
	struct probe_policy policy = {0};
	/* The provider models carry dated tables probes compare with (EKS versions). */
	if ((status = app_load_models(app)))
		goto out;
	settings.models = &app->models;
	have_mappings = 1;
	if (tool_mappings_load_default(&mappings, app->models.data_dir, &app->models.catalog,
				       &diags) < 0) {
		status = app_report(&diags);
		goto out;
	}
	settings.tool_mappings = &mappings;
	if (inventory_path) {
		have_inventory = 1;
		if (inventory_load_paths(&inventory, inventory_paths, inventory_path_count,
					 &app->models, &diags) < 0) {
			status = app_report(&diags);
			goto out;
		}
		settings.trusted_registries = inventory.trusted_registries;
		settings.trusted_registry_count = inventory.trusted_registry_count;
		settings.today = inventory.date_day;
		settings.scan_max_age_days = inventory.scan_max_age_days;
		policy.fail_on = inventory.vulnerability_fail_on;
		policy.fixable_only = inventory.vulnerability_fixable_only;
		settings.policy = &policy;
	}
	const struct environment *only = NULL;
	if (env_name && !(only = inventory_find_environment(&inventory, env_name))) {
		status = app_unknown_environment(&command_probe, &inventory, env_name);
		goto out;
	}
	size_t live_count = 0;
	for (size_t i = 0; live && i < inventory.environment_count; i++)
		live_count += inventory.environments[i].live &&
			      (!only || only == &inventory.environments[i]);
	if (live && !live_count) {
		status = app_usage_error(&command_probe, "%s%s%s has no live: block to run",
					 only ? "environment '" : inventory_path,
					 only ? only->name : "", only ? "'" : "");
		goto out;
	}
	/*
	 * Results are written as they are found, never kept: the output is
	 * opened first and the probes report straight into it.
	 */
	struct app_output *output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	struct probe_output *printer = probe_output_new(app_output_stream(output), output_format);
	struct probe_results results;
	probe_results_init(&results);
	results.sink = probe_output_sink(printer);
	if ((evidence && probe_evidence(evidence, &settings, &results, &diags) < 0) ||
	    (host && probe_host(root ? root : "/", &settings, &results, &diags) < 0)) {
		/* Nothing could be read: nothing was written either; discard the output. */
		status = app_output_close(output, app_report(&diags));
		probe_output_free(printer);
		probe_results_release(&results);
		goto out;
	}
	for (size_t i = 0; live && i < inventory.environment_count; i++) {
		const struct environment *environment = &inventory.environments[i];
		if (environment->live && (!only || only == environment) &&
		    live_probe_environment(environment, &settings, &live_options, &results,
					   &diags) < 0)
			break;
	}
	status = probe_output_finish(printer, &results) < 0 ? EXIT_INTERNAL : EXIT_OK;
	probe_output_free(printer);
	if (status == EXIT_INTERNAL)
		fprintf(stderr, "srgap probe: cannot write the results: %s\n", strerror(errno));
	/* Malformed evidence is reported after the results of everything else. */
	if (app_report(&diags) && status == EXIT_OK)
		status = EXIT_INPUT;
	/* Keep what was written: the other files' results are valid. */
	status = app_output_close(output, status == EXIT_INPUT ? EXIT_FINDINGS : status);
	if (status == EXIT_FINDINGS)
		status = EXIT_INPUT;
	probe_results_release(&results);
out:
	if (have_inventory)
		inventory_release(&inventory);
	if (have_mappings)
		tool_mappings_release(&mappings);
	diag_list_release(&diags);
	return status;
}

static int cmd_probe(int argc, char **argv, struct app *app)
{
	const char **inventory_paths = xcalloc((size_t)argc + 1, sizeof(*inventory_paths));
	int status = run_probe(argc, argv, app, inventory_paths);
	free(inventory_paths);
	return status;
}

const struct command command_probe = {
	.name = "probe",
	.summary = "verify controls from evidence files (cloud CLI, Kubernetes, scanners)",
	.usage =
		"usage: srgap probe --evidence DIR [--format table|json|jsonl] [-o FILE]\n"
		"                   [--inventory FILE]\n"
		"       srgap probe --host [--root DIR]\n"
		"       srgap probe --live --inventory FILE [--env NAME] [--timeout SECONDS]\n"
		"       srgap probe --list\n"
		"\n"
		"Runs every probe that applies to the files under DIR (recursively). Files\n"
		"are recognized by content: aws/az/gcloud/kubectl JSON, Kubernetes YAML,\n"
		"scanner reports, kube-bench, docker-bench-security, Lynis, trivy k8s,\n"
		"Kubescape and Polaris results. Each result is pass, FAIL, error (evidence\n"
		"srgap could not judge) or skip (a manual, informational or skipped check,\n"
		"an object not judged), with the subject, a one-line detail and the\n"
		"evidence location (file#/json/pointer). Results are written as they are\n"
		"found, so memory does not grow with their number; checks that span files\n"
		"(namespaces, images no scan covers) follow the others.\n"
		"\n"
		"  -e, --evidence DIR     a folder (or one file) of evidence\n"
		"  -f, --format FORMAT    table (default), json, or jsonl: one result per line\n"
		"                         and a summary line (docs/probes.md)\n"
		"  -o, --output FILE      write to FILE (atomically)\n"
		"  -i, --inventory FILE   use its trusted_registries and assessment date (a\n"
		"                         folder, or repeat it for an inventory in several files)\n"
		"      --host             check this Linux container host: OS, SELinux or\n"
		"                         AppArmor, Docker daemon and socket, audit rules,\n"
		"                         kernel sysctls\n"
		"      --root DIR         with --host: a copy of a host's files (etc/, proc/,\n"
		"                         sys/, run/) instead of this machine's /\n"
		"      --live             run aws, az, gcloud and kubectl for the environments\n"
		"                         with a live: block in the inventory\n"
		"      --env NAME         with --live: only this environment\n"
		"      --timeout SECONDS  with --live: per command (default 60)\n"
		"      --list             list every probe with the controls it verifies\n"
		"      --data-dir DIR     read models/ and providers/ from DIR\n"
		"\n"
		"Unrecognized files are listed, never skipped silently. A malformed file is\n"
		"reported as FILE:LINE:COLUMN and the other files are still probed; the exit\n"
		"status is then 2. A CLI that is missing, fails, times out or prints no JSON\n"
		"is an error result, not a failure of the run.\n",
	.run = cmd_probe,
};
