/*
 * `srgap trend DIR`: the history a scheduled `srgap assess --history DIR`
 * keeps (io/history.c), one row per assessment (core/trend.c), printed by
 * render/trend.c. Exit status 1 with --fail-on-regression when the newest
 * assessment is worse than the one before it.
 */
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/trend.h"
#include "io/history.h"
#include "render/trend.h"
#include "util/date.h"
#include "util/strbuf.h"

static int cmd_trend(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"env", required_argument, NULL, 'e'},
		{"since", required_argument, NULL, 's'},
		{"fail-on-regression", no_argument, NULL, 'F'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	static const char *const formats[] = {
		[TREND_FORMAT_TABLE] = "table",
		[TREND_FORMAT_JSON] = "json",
		[TREND_FORMAT_CSV] = "csv",
		[TREND_FORMAT_MARKDOWN] = "md",
	};
	const char *output_path = NULL;
	struct trend_options trend_options = TREND_OPTIONS_INIT;
	struct trend_view view = {0};
	int format = TREND_FORMAT_TABLE, option;
	bool fail_on_regression = false;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'f':
			for (format = 3; format >= 0 && strcmp(optarg, formats[format]); format--)
				;
			if (format < 0)
				return app_usage_error(&command_trend,
						       "--format takes table, json, csv or md, not "
						       "'%s'",
						       optarg);
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'e':
			view.environment = trend_options.environment = optarg;
			break;
		case 's':
			if (!date_parse(optarg, &trend_options.since))
				return app_usage_error(&command_trend,
						       "--since takes a date YYYY-MM-DD, not '%s'",
						       optarg);
			view.since = optarg;
			break;
		case 'F':
			fail_on_regression = true;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_trend);
		default:
			return app_usage_error(&command_trend, "unknown option");
		}
	}
	if (argc - optind != 1)
		return app_usage_error(&command_trend,
				       "expected one DIR: a history folder of 'srgap assess "
				       "--history DIR'");
	view.history = argv[optind];

	/* No models needed: everything is in the history. */
	struct history history;
	struct trend trend = {0};
	struct diag_list diags;
	diag_list_init(&diags);
	int status = EXIT_OK;
	if (history_open(&history, view.history, &diags) == 0)
		trend_build(&trend, &history, &trend_options, &diags);
	status = app_report(&diags);
	diag_list_release(&diags);
	struct app_output *output = NULL;
	if (status)
		goto out;
	if (view.environment && trend.row_count && !trend.environment_found) {
		status = app_usage_error(
			&command_trend, "no environment '%s' in the history %s%s%s%s",
			view.environment, view.history, trend.suggestion ? " (did you mean '" : "",
			trend.suggestion ? trend.suggestion : "", trend.suggestion ? "'?)" : "");
		goto out;
	}
	output = app_output_open(output_path, &status);
	if (!output)
		goto out;
	if (render_trend(app_output_stream(output), &trend, &view, (enum trend_format)format) < 0) {
		fprintf(stderr, "srgap trend: cannot write the output\n");
		status = EXIT_INTERNAL;
	} else if (fail_on_regression && trend_regressed(&trend)) {
		struct strbuf line;
		strbuf_init(&line);
		render_trend_regression(&line, &trend);
		fprintf(stderr, "srgap trend: regression from %s to %s: %s\n",
			trend.rows[trend.row_count - 2].date, trend.rows[trend.row_count - 1].date,
			line.buf);
		strbuf_release(&line);
		status = EXIT_FINDINGS;
	}
	status = app_output_close(output, status);
out:
	trend_release(&trend);
	history_close(&history);
	return status;
}

const struct command command_trend = {
	.name = "trend",
	.summary = "coverage, open risk and gaps over a history of assessments",
	.usage =
		"usage: srgap trend DIR [--env NAME] [--since DATE] [--format table|json|csv|md]\n"
		"                   [-o FILE] [--fail-on-regression]\n"
		"\n"
		"Reads the history 'srgap assess --history DIR' keeps and prints one row per\n"
		"assessment, oldest first: coverage of the customer's share, open risk, cells\n"
		"by status, and the gaps opened and closed since the assessment before (as\n"
		"'srgap diff' counts them); then the environments whose open risk rose or fell\n"
		"most, and whether the newest assessment is worse than the one before it.\n"
		"A file in DIR that is not a readable assessment is skipped with a warning.\n"
		"\n"
		"  -e, --env NAME           one environment instead of the estate\n"
		"      --since DATE         only assessments dated DATE (YYYY-MM-DD) or later\n"
		"  -f, --format FORMAT      table (default), json, csv or md (Markdown)\n"
		"  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
		"      --fail-on-regression exit 1 if the newest assessment is worse than the one\n"
		"                           before: coverage down, open risk up, or a met\n"
		"                           control no longer met (named on standard error)\n"
		"\n"
		"Exit status: 0 done, 1 a regression with --fail-on-regression, 2 usage or\n"
		"input error, 3 I/O error.\n",
	.run = cmd_trend,
};
