/*
 * `srgap report ASSESSMENT.json --format pdf|md|html|oscal-ar|oscal-poam -o FILE`:
 * renders a saved assessment as a document, without re-running the
 * assessment. Also home of app_write_report, which `srgap assess --format
 * pdf|md|html|oscal-ar|oscal-poam` uses
 * for the same last step. It checks the saved document's syntax and shape;
 * the report formats themselves live in src/render/.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "io/json_text.h"
#include "render/progress.h"
#include "render/report.h"
#include "util/datadir.h"

int app_parse_paper(const char *text, struct report_options *options)
{
	if (!strcmp(text, "a4"))
		options->paper = REPORT_PAPER_A4;
	else if (!strcmp(text, "letter"))
		options->paper = REPORT_PAPER_LETTER;
	else
		return -1;
	return 0;
}

const struct report_renderer *app_find_report(const char *format)
{
	/* "md" is what people type; the renderer is called markdown. */
	return report_find(!strcmp(format, "md") ? "markdown" : format);
}

int app_refuse_binary_to_terminal(const struct command *command,
				  const struct report_renderer *renderer, const char *path)
{
	if (strcmp(renderer->name, "pdf") || (path && strcmp(path, "-")) || !isatty(STDOUT_FILENO))
		return EXIT_OK;
	return app_usage_error(command, "a PDF is binary; write it to a file with -o FILE.pdf");
}

bool app_report_has_progress(const struct report_renderer *renderer)
{
	return strncmp(renderer->name, "oscal-", 6) != 0;
}

/* The data directory for templates/: the loaded models' if any, else looked up. */
static char *report_data_dir(struct app *app)
{
	if (app->models_loaded)
		return strdup(app->models.data_dir);
	char *tried = NULL;
	char *dir = datadir_find(app->data_dir_option, &tried);
	if (!dir)
		fprintf(stderr,
			"srgap: cannot find the data directory (templates/); looked in: %s; use "
			"--data-dir DIR or SRGAP_DATA_DIR\n",
			tried);
	free(tried);
	return dir;
}

int app_write_report(struct app *app, const struct report_renderer *renderer,
		     const struct json_t *assessment, struct report_options *options,
		     const char *path, const char *history_dir, const char *saved_path)
{
	struct report_templates *templates = NULL;
	struct report_progress progress = {0};
	struct diag_list diags;
	diag_list_init(&diags);
	int status = EXIT_INPUT;
	char *data_dir = report_data_dir(app);
	if (!data_dir)
		goto out;
	if (report_templates_load(&templates, data_dir, &diags) < 0)
		goto out;
	if (history_dir) {
		if (report_progress_build(&progress, history_dir, saved_path, &diags) < 0)
			goto out;
		options->progress = &progress;
	}
	struct app_output *output = app_output_open(path, &status);
	if (!output)
		goto out;
	options->data_dir = data_dir;
	int rendered =
		renderer->render(assessment, templates, options, app_output_stream(output), &diags);
	if (rendered == REPORT_NOT_DRAWN) {
		/* The input was fine; the diagnostic says what could not be drawn. */
		status = EXIT_INTERNAL;
	} else if (rendered < 0) {
		/* A diagnostic says what was wrong with the input; otherwise writing failed. */
		status = diag_error_count(&diags) ? EXIT_INPUT : EXIT_INTERNAL;
		if (status == EXIT_INTERNAL)
			fprintf(stderr, "srgap: cannot write the %s report: %s\n", renderer->name,
				strerror(errno));
	} else {
		status = EXIT_OK;
	}
	status = app_output_close(output, status);
out:
	app_report(&diags);
	diag_list_release(&diags);
	options->progress = NULL;
	report_progress_release(&progress);
	report_templates_free(templates);
	free(data_dir);
	return status;
}

/*
 * Reads a saved assessment. Syntax errors carry jansson's line and column;
 * shape errors name the JSON path. Returns the document or NULL.
 */
static json_t *load_assessment(const char *path, struct diag_list *diags)
{
	FILE *file = fopen(path, "rb");
	if (!file) {
		diag_error(diags, path, 0, 0, "report.unreadable", "cannot open: %s",
			   strerror(errno));
		return NULL;
	}
	json_error_t error;
	json_t *assessment = json_text_load_stream(file, JSON_REJECT_DUPLICATES, &error);
	fclose(file);
	if (!assessment) {
		diag_error(diags, path, error.line > 0 ? error.line : 0,
			   error.column > 0 ? error.column : 0, "report.json-syntax",
			   "not valid JSON: %s", error.text);
		return NULL;
	}
	if (report_check(assessment, path, diags) < 0) {
		json_decref(assessment);
		return NULL;
	}
	report_upgrade(assessment); /* an assessment/1 file: its results become summaries */
	return assessment;
}

/* --format, or the extension of -o: report.pdf, report.md, report.html. */
static const char *format_from_path(const char *path)
{
	static const char *const extensions[][2] = {
		{".pdf", "pdf"},   {".md", "markdown"}, {".markdown", "markdown"},
		{".html", "html"}, {".htm", "html"},
	};
	size_t length = path ? strlen(path) : 0;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		size_t suffix = strlen(extensions[i][0]);
		if (length > suffix && !strcmp(path + length - suffix, extensions[i][0]))
			return extensions[i][1];
	}
	return NULL;
}

static int cmd_report(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"paper", required_argument, NULL, 'p'},
		{"history", required_argument, NULL, 'H'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output_path = NULL, *history_dir = NULL;
	struct report_options report_options = {.paper = REPORT_PAPER_A4};
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
		case 'p':
			if (app_parse_paper(optarg, &report_options) < 0)
				return app_usage_error(&command_report,
						       "--paper takes a4 or letter, not '%s'",
						       optarg);
			break;
		case 'H':
			history_dir = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_report);
		default:
			return app_usage_error(&command_report, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return app_usage_error(&command_report, "expected one ASSESSMENT.json file");
	if (!format && !(format = format_from_path(output_path)))
		return app_usage_error(&command_report,
				       "say which format with --format pdf, md, html, oscal-ar or "
				       "oscal-poam");
	const struct report_renderer *renderer = app_find_report(format);
	if (!renderer)
		return app_usage_error(&command_report,
				       "unknown format '%s'; formats: pdf, md, html, oscal-ar, "
				       "oscal-poam",
				       format);
	int status = app_refuse_binary_to_terminal(&command_report, renderer, output_path);
	if (status)
		return status;

	struct diag_list diags;
	diag_list_init(&diags);
	json_t *assessment = load_assessment(argv[optind], &diags);
	app_report(&diags);
	diag_list_release(&diags);
	if (!assessment)
		return EXIT_INPUT;
	report_options.source = argv[optind];
	if (history_dir && !app_report_has_progress(renderer)) {
		json_decref(assessment);
		return app_usage_error(&command_report,
				       "--history adds a Progress section to pdf, md and html "
				       "reports; OSCAL documents have none");
	}
	status = app_write_report(app, renderer, assessment, &report_options, output_path,
				  history_dir, argv[optind]);
	json_decref(assessment);
	return status;
}

const struct command command_report = {
	.name = "report",
	.summary = "render a saved JSON assessment as a PDF, Markdown or HTML report",
	.usage = "usage: srgap report ASSESSMENT.json [--format pdf|md|html|oscal-ar|oscal-poam]\n"
		 "                    -o FILE [--paper a4|letter] [--history DIR]\n"
		 "\n"
		 "Renders an assessment saved with 'srgap assess --format json' as a document:\n"
		 "cover, executive summary, heat map, remediation roadmap, gap matrix per\n"
		 "environment, evidence, exceptions and methodology. The wording comes from\n"
		 "templates/report.yaml in the data directory.\n"
		 "\n"
		 "  -f, --format FORMAT   pdf, md (GitHub-flavoured Markdown) or html (one\n"
		 "                        self-contained file); default: from the -o extension;\n"
		 "                        or for GRC tools OSCAL 1.1.2 assessment results\n"
		 "                        (oscal-ar) or plan of action and milestones\n"
		 "                        (oscal-poam), see docs/oscal.md\n"
		 "  -o, --output FILE     write to FILE (atomically); standard output if absent,\n"
		 "                        except for a PDF on a terminal\n"
		 "      --paper SIZE      a4 (default) or letter (PDF)\n"
		 "      --history DIR     add a Progress section after the executive summary:\n"
		 "                        coverage and open risk over the assessments in DIR\n"
		 "                        ('srgap assess --history DIR') up to this one, and\n"
		 "                        what changed since the one before (pdf, md, html)\n"
		 "      --data-dir DIR    read templates/ from DIR\n"
		 "\n"
		 "Exit status: 0 done, 2 usage error or a malformed assessment, 3 I/O error\n"
		 "or a report that could not be drawn (the message says what).\n",
	.run = cmd_report,
};
