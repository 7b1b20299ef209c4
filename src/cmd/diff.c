/*
 * `srgap diff OLD.json NEW.json`: compares two saved assessments
 * (core/diff.c) and prints the changes (render/diff.c). Exit status 1 with
 * --fail-on-regression when anything got worse.
 */
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/diff.h"
#include "render/diff.h"

static int cmd_diff(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on-regression", no_argument, NULL, 'F'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {
		[DIFF_FORMAT_TABLE] = "table",
		[DIFF_FORMAT_JSON] = "json",
		[DIFF_FORMAT_MARKDOWN] = "md",
	};
	const char *output_path = NULL;
	int format = DIFF_FORMAT_TABLE, option;
	bool fail_on_regression = false;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'f':
			for (format = 2; format >= 0 && strcmp(optarg, formats[format]); format--)
				;
			if (format < 0)
				return app_usage_error(&command_diff,
						       "--format takes table, json or md, not '%s'",
						       optarg);
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'F':
			fail_on_regression = true;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_diff);
		default:
			return app_usage_error(&command_diff, "unknown option");
		}
	}
	if (argc - optind != 2)
		return app_usage_error(&command_diff, "expected OLD.json and NEW.json");

	/* No models needed: everything compared is in the two files. */
	struct saved_assessment old_run, new_run;
	struct diag_list diags;
	diag_list_init(&diags);
	int failed = diff_load(&old_run, argv[optind], &diags) < 0;
	failed |= diff_load(&new_run, argv[optind + 1], &diags) < 0;
	int status = app_report(&diags);
	diag_list_release(&diags);
	struct diff diff = {0};
	struct app_output *output = NULL;
	if (failed || status) {
		status = EXIT_INPUT;
		goto out;
	}
	diff_compute(&diff, &old_run, &new_run);
	output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	if (render_diff(app_output_stream(output), &diff, (enum diff_format)format) < 0) {
		fprintf(stderr, "srgap diff: cannot write the output\n");
		status = EXIT_INTERNAL;
	} else if (fail_on_regression && diff_has_regression(&diff)) {
		status = EXIT_FINDINGS;
	}
	status = app_output_close(output, status);
out:
	diff_release(&diff);
	assessment_json_release(&new_run);
	assessment_json_release(&old_run);
	return status;
}

const struct command command_diff = {
	.name = "diff",
	.summary = "compare two saved assessments (JSON) and show what changed",
	.usage =
		"usage: srgap diff OLD.json NEW.json [--format table|json|md] [-o FILE]\n"
		"                  [--fail-on-regression]\n"
		"\n"
		"Compares two runs of 'srgap assess --format json': the estate's risk,\n"
		"coverage, customer share and open gaps before and after; environments\n"
		"added, removed, moved or changed; every cell whose status changed (e.g.\n"
		"claimed → met, met → contradicted), better or worse; and controls whose\n"
		"responsibility changed because a provider model changed between the runs.\n"
		"Worse means a cell moving up met/provider/not-applicable/accepted <\n"
		"claimed < partial < gap < contradicted, or risk or customer share growing,\n"
		"or coverage falling (for an environment or the estate).\n"
		"\n"
		"  -f, --format FORMAT      table (default), json or md (Markdown)\n"
		"  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
		"      --fail-on-regression exit 1 if anything got worse\n"
		"\n"
		"Exit status: 0 done, 1 a regression with --fail-on-regression, 2 usage or\n"
		"input error, 3 I/O error.\n",
	.run = cmd_diff,
};
