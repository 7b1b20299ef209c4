/*
 * What every command shares: loading the models once, printing diagnostics,
 * usage errors and atomic output files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "core/scenario.h"
#include "util/atomic_file.h"
#include "util/datadir.h"
#include "util/suggest.h"
#include "util/xalloc.h"

int app_load_models(struct app *app)
{
	if (app->models_loaded)
		return EXIT_OK;
	char *tried = NULL;
	char *dir = datadir_find(app->data_dir_option, &tried);
	if (!dir) {
		fprintf(stderr,
			"srgap: cannot find the data directory (models/, providers/); looked in: "
			"%s; use --data-dir DIR or SRGAP_DATA_DIR\n",
			tried);
		free(tried);
		return EXIT_INPUT;
	}
	struct diag_list diags;
	diag_list_init(&diags);
	int status = EXIT_OK;
	if (models_load(&app->models, dir, &diags) < 0) {
		app_report(&diags);
		fprintf(stderr, "srgap: the data files in %s are invalid\n", dir);
		models_release(&app->models);
		status = EXIT_INPUT;
	} else {
		app_report(&diags); /* warnings, if any */
		app->models_loaded = true;
	}
	diag_list_release(&diags);
	free(dir);
	return status;
}

void app_release(struct app *app)
{
	if (app->models_loaded)
		models_release(&app->models);
	app->models_loaded = false;
}

int app_report(struct diag_list *diags)
{
	diag_list_sort(diags);
	diag_list_print(stderr, diags);
	return diag_error_count(diags) ? EXIT_INPUT : EXIT_OK;
}

int app_usage_error(const struct command *command, const char *format, ...)
{
	va_list args;
	fprintf(stderr, "srgap %s: ", command->name);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fprintf(stderr, "\n(see 'srgap help %s')\n", command->name);
	return EXIT_INPUT;
}

int app_unknown_service_model(const struct command *command, const struct models *models,
			      const char *path)
{
	char buffer[160];
	const char *guess = scenario_suggest_model(models, path, buffer, sizeof(buffer));
	if (guess)
		return app_usage_error(command, "unknown service model '%s' (did you mean '%s'?)",
				       path, guess);
	return app_usage_error(command, "unknown service model '%s'; see 'srgap models services'",
			       path);
}

int app_unknown_environment(const struct command *command, const struct inventory *inventory,
			    const char *name)
{
	struct suggest suggest;
	suggest_init(&suggest, name);
	for (size_t e = 0; e < inventory->environment_count; e++)
		suggest_offer(&suggest, inventory->environments[e].name);
	return app_usage_error(command, "no environment '%s' in %s%s%s%s", name, inventory->path,
			       suggest.best ? " (did you mean '" : "",
			       suggest.best ? suggest.best : "", suggest.best ? "'?)" : "");
}

int app_help(const struct command *command)
{
	fputs(command->usage, stdout);
	return EXIT_OK;
}

struct app_output {
	struct atomic_file file;
	FILE *direct; /* non-regular targets are written in place */
	bool is_stdout;
	char *path;
};

struct app_output *app_output_open(const char *path, int *status)
{
	struct app_output *output = xcalloc(1, sizeof(*output));
	*status = EXIT_OK;
	if (!path || !strcmp(path, "-")) {
		output->is_stdout = true;
		return output;
	}
	output->path = xstrdup(path);
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or pipe (/dev/stdout, a FIFO) cannot be replaced by rename: write
		 * through. */
		output->direct = fopen(path, "w");
		if (output->direct)
			return output;
		fprintf(stderr, "srgap: cannot write %s: %s\n", path, strerror(errno));
		free(output->path);
		free(output);
		*status = EXIT_INTERNAL;
		return NULL;
	}
	if (atomic_file_open(&output->file, path) < 0) {
		fprintf(stderr, "srgap: cannot write %s: %s\n", path, strerror(errno));
		free(output->path);
		free(output);
		*status = EXIT_INTERNAL;
		return NULL;
	}
	return output;
}

FILE *app_output_stream(struct app_output *output)
{
	if (output->is_stdout)
		return stdout;
	return output->direct ? output->direct : output->file.stream;
}

int app_output_close(struct app_output *output, int status)
{
	if (!output)
		return status;
	if (output->is_stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "srgap: cannot write the output: %s\n", strerror(errno));
			status = EXIT_INTERNAL;
		}
	} else if (output->direct) {
		if (fclose(output->direct) != 0 && (status == EXIT_OK || status == EXIT_FINDINGS)) {
			fprintf(stderr, "srgap: cannot write %s: %s\n", output->path,
				strerror(errno));
			status = EXIT_INTERNAL;
		}
	} else if (status == EXIT_OK || status == EXIT_FINDINGS) {
		if (atomic_file_commit(&output->file) < 0) {
			fprintf(stderr, "srgap: cannot write %s: %s\n", output->path,
				strerror(errno));
			status = EXIT_INTERNAL;
		}
	} else {
		atomic_file_abort(&output->file);
	}
	free(output->path);
	free(output);
	return status;
}
