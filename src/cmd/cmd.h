/*
 * Subcommands. Each lives in its own file and exports one `struct command`;
 * src/cmd/registry.c lists them. The front end (this layer and main.c) owns
 * argv, output streams and exit codes; the core below never prints.
 *
 * Adding a command:
 *   1. write src/cmd/NAME.c with `int cmd_NAME(int argc, char **argv, struct app *app)`
 *      and `const struct command command_NAME`;
 *   2. declare it below and add it to the table in src/cmd/registry.c (sorted);
 *   3. add the file to src/cmd/meson.build, a golden test, a README line and
 *      a "## NAME" section in docs/srgap.1.scd with an entry per option (the
 *      man-and-completion test fails until every option of the help is there;
 *      the bash completion reads the help and needs nothing).
 */
#ifndef SRGAP_CMD_CMD_H
#define SRGAP_CMD_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "core/models.h"
#include "util/diag.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* --fail-on threshold reached */
	EXIT_INPUT = 2,	   /* usage or input error */
	EXIT_INTERNAL = 3, /* internal or I/O error */
};

struct app {
	const char *data_dir_option; /* --data-dir, or NULL */
	struct models models;
	bool models_loaded;
};

struct command {
	const char *name;
	const char *summary; /* one line for `srgap help` */
	const char *usage;   /* full help text */
	int (*run)(int argc, char **argv, struct app *app);
};

extern const struct command *const commands[];
const struct command *command_find(const char *name);

/* Loads the data directory once; prints diagnostics and returns an exit status on failure. */
int app_load_models(struct app *app);
void app_release(struct app *app);
/* Prints diagnostics (sorted) and returns EXIT_INPUT if any is an error, else EXIT_OK. */
int app_report(struct diag_list *diags);
/* "srgap CMD: unknown option ..."-style usage error; returns EXIT_INPUT. */
int app_usage_error(const struct command *command, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
/* "unknown service model 'x' (did you mean 'y'?)" as a usage error; returns EXIT_INPUT. */
int app_unknown_service_model(const struct command *command, const struct models *models,
			      const char *path);
/* "no environment 'x' in FILE (did you mean 'y'?)" as a usage error; returns EXIT_INPUT. */
struct inventory;
int app_unknown_environment(const struct command *command, const struct inventory *inventory,
			    const char *name);
/* Prints the command's help to stdout; returns EXIT_OK. */
int app_help(const struct command *command);

/*
 * Opens where output goes: stdout for NULL or "-", else a temporary file
 * renamed into place by app_output_close. Returns 0 or an exit status.
 */
struct app_output;
struct app_output *app_output_open(const char *path, int *status);
FILE *app_output_stream(struct app_output *output);
/* Commits (success) or discards (failure) the output; returns the final exit status. */
int app_output_close(struct app_output *output, int status);

/*
 * Reports (src/cmd/report.c), shared by `srgap report` and `srgap assess
 * --format pdf|md|html`. app_write_report loads the templates, fills in
 * options->data_dir and writes `path` atomically (stdout for NULL or "-");
 * it prints diagnostics and returns an exit status. With `history_dir` the
 * report gains the Progress section: the assessment, saved at `saved_path`,
 * among the assessments of that history (render/progress.h).
 */
struct json_t;
struct report_options;
struct report_renderer;
int app_write_report(struct app *app, const struct report_renderer *renderer,
		     const struct json_t *assessment, struct report_options *options,
		     const char *path, const char *history_dir, const char *saved_path);
/* The report format has a Progress section (pdf, md, html; not the OSCAL documents). */
bool app_report_has_progress(const struct report_renderer *renderer);
/* "a4" or "letter" into options->paper; -1 for anything else. */
int app_parse_paper(const char *text, struct report_options *options);
/* A report format by the name people type ("md" is markdown), or NULL. */
const struct report_renderer *app_find_report(const char *format);
/* A usage error (EXIT_INPUT) when a PDF would go to a terminal, else EXIT_OK. */
int app_refuse_binary_to_terminal(const struct command *command,
				  const struct report_renderer *renderer, const char *path);

/* Shared long options every command accepts. */
#define APP_COMMON_OPTIONS                                                                         \
	{"data-dir", required_argument, NULL, 'D'},                                                \
	{                                                                                          \
		"help", no_argument, NULL, 'h'                                                     \
	}

extern const struct command command_assess;
extern const struct command command_compare;
extern const struct command command_diff;
extern const struct command command_explain;
extern const struct command command_help;
extern const struct command command_init;
extern const struct command command_merge;
extern const struct command command_models;
extern const struct command command_probe;
extern const struct command command_report;
extern const struct command command_schema;
extern const struct command command_trend;
extern const struct command command_validate;
extern const struct command command_version;
extern const struct command command_vulns;
extern const struct command command_whatif;

#endif
