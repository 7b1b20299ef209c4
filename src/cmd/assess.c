/*
 * `srgap assess`: load, validate, run the engine over every environment and
 * stream the result through one renderer. Exit status 1 only when --fail-on
 * is given and an open cell reaches that severity.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/engine.h"
#include "core/exceptions.h"
#include "core/inventory.h"
#include "core/roadmap.h"
#include "core/vulns.h"
#include "io/history.h"
#include "probe/live.h"
#include "probe/pool.h"
#include "probe/probe.h"
#include "probe/tools.h"
#include "render/json.h"
#include "render/render.h"
#include "render/report.h"
#include "util/xalloc.h"

struct assess_run {
	struct render_context context;
	const struct renderer *renderer;
	struct probe_settings settings;
	struct probe_pool *pool; /* probes environments ahead, --jobs at a time */
	struct diag_list evidence_diags;
	struct roadmap roadmap;
	struct exception_check exceptions; /* which exceptions the cells needed */
	bool progress_shown;		   /* a progress line is on the terminal */
	/* --history: the JSON document, streamed into the history folder beside the output. */
	struct render_context history_context;
	bool history;
	FILE *evidence_out;   /* --evidence-out: every result, or NULL */
	bool evidence_failed; /* ... could not be written */
};

/* Copies the environment's results, written by a probing thread to a temporary file. */
static void copy_results(struct assess_run *run, struct environment_evidence *evidence)
{
	if (!run->evidence_out || !evidence->probed)
		return;
	if (evidence->write_failed || !evidence->results_file) {
		run->evidence_failed = true;
		return;
	}
	char buffer[65536];
	size_t got;
	while ((got = fread(buffer, 1, sizeof(buffer), evidence->results_file)) > 0)
		if (fwrite(buffer, 1, got, run->evidence_out) != got)
			run->evidence_failed = true;
	if (ferror(evidence->results_file))
		run->evidence_failed = true;
}

/* --evidence-out: one line per result, in a probing thread (probe_pool_write_fn). */
static int write_result(void *context, FILE *out, const struct environment *environment,
			const struct probe_result *result)
{
	(void)context;
	return render_probe_result_line(out, environment->name, result);
}

/*
 * The environment's evidence folders and, with --live, what the CLIs its
 * `live:` block names printed, from the pool that probes --jobs environments
 * at a time. Results are kept only until the next environment, so memory
 * does not grow with the estate; the environment's scanner reports join the
 * estate-wide fix plan in inventory order.
 */
static const struct control_probes *probes_for(void *data, const struct environment *environment)
{
	struct assess_run *run = data;
	struct environment_evidence *evidence = probe_pool_next(run->pool);
	assert(evidence && evidence->environment == environment);
	(void)environment;
	diag_list_take(&run->evidence_diags, &evidence->diags);
	if (evidence->vulns)
		vulns_estate_merge(run->settings.vulns, evidence->vulns);
	run->context.evidence = run->history_context.evidence =
		evidence->probed ? &evidence->summaries : NULL;
	if (!evidence->probed)
		return NULL;
	copy_results(run, evidence);
	for (size_t i = 0; i < evidence->results.unrecognized_count; i++)
		diag_warning(&run->evidence_diags, evidence->results.unrecognized[i], 0, 0,
			     "evidence.unrecognized",
			     "not recognized as evidence by any probe family; ignored");
	return evidence->summaries.controls;
}

/* A live run on a terminal: "environment 12 of 40; waiting for shop-prod (35 s)". */
static void show_progress(void *data, const struct probe_pool_status *status)
{
	struct assess_run *run = data;
	fprintf(stderr, "\rsrgap: environment %zu of %zu", status->done + 1, status->total);
	if (status->slowest && status->slow_seconds >= 2)
		fprintf(stderr, "; waiting for %s (%u s)", status->slowest, status->slow_seconds);
	fputs("\033[K", stderr);
	fflush(stderr);
	run->progress_shown = true;
}

static int visit(void *data, const struct environment *environment, const struct cell *cells,
		 const struct summary *summary)
{
	struct assess_run *run = data;
	exception_check_add(&run->exceptions, environment, cells, summary->cells);
	roadmap_add_environment(&run->roadmap, environment, cells);
	if (run->history &&
	    render_json.environment(&run->history_context, environment, cells, summary) < 0)
		return -1;
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

/*
 * --format: a streaming format (table, json, csv), or a report (md, html,
 * pdf), for which the JSON document is rendered into memory first. Prints
 * the known formats and returns NULL when there is no such format.
 */
static const struct renderer *find_format(const char *format, const struct report_renderer **report)
{
	const struct renderer *renderer = render_find(format);
	*report = renderer ? NULL : app_find_report(format);
	if (*report)
		return &render_json;
	if (renderer)
		return renderer;
	fprintf(stderr, "srgap assess: unknown format '%s'; formats:", format);
	for (size_t i = 0; render_formats[i]; i++)
		fprintf(stderr, " %s", render_formats[i]->name);
	for (size_t i = 0; report_formats[i]; i++)
		fprintf(stderr, " %s",
			strcmp(report_formats[i]->name, "markdown") ? report_formats[i]->name
								    : "md");
	fputc('\n', stderr);
	return NULL;
}

/* The in-memory JSON document of a report format, parsed and rendered to `path`. */
static int write_report(struct app *app, const struct report_renderer *report,
			const char *json_text, size_t length, struct report_options *options,
			const char *path, const char *history_dir, const char *saved_path)
{
	json_error_t error;
	struct diag_list diags;
	diag_list_init(&diags);
	json_t *assessment = json_loadb(json_text, length, 0, &error);
	/* Our own document: if it does not parse or check, that is a bug, not bad input. */
	if (!assessment || report_check(assessment, "assessment", &diags) < 0) {
		fprintf(stderr, "srgap assess: internal error: broken assessment document: %s\n",
			assessment ? diags.items[0].message : error.text);
		diag_list_release(&diags);
		json_decref(assessment);
		return EXIT_INTERNAL;
	}
	diag_list_release(&diags);
	options->source = "assessment";
	int status =
		app_write_report(app, report, assessment, options, path, history_dir, saved_path);
	json_decref(assessment);
	return status;
}

/* A run split in more parts than this is more likely a typo. */
#define ASSESS_MAX_SHARDS 100000

/* --shard K/N */
static int parse_shard(const char *text, struct render_shard *shard)
{
	char *end = NULL;
	long index = strtol(text, &end, 10);
	if (end == text || *end != '/')
		return -1;
	const char *count_text = end + 1;
	long count = strtol(count_text, &end, 10);
	if (end == count_text || *end || count < 1 || count > ASSESS_MAX_SHARDS || index < 1 ||
	    index > count)
		return -1;
	shard->index = (unsigned)index;
	shard->count = (unsigned)count;
	return 0;
}

/* --keep N: a whole number of assessments, at least one. */
static int parse_keep(const char *text, size_t *keep)
{
	char *end;
	errno = 0;
	unsigned long long value = strtoull(text, &end, 10);
	if (!isdigit((unsigned char)*text) || *end || errno || value < 1 || value > 1000000)
		return -1;
	*keep = (size_t)value;
	return 0;
}

/*
 * --history: moves the written assessment into the folder under its date
 * and content hash, brings the index up to date (warning about files that
 * cannot be read) and prunes the oldest beyond --keep (0: keep all).
 * *name (may be NULL) receives the stored file's name, which the caller
 * frees. Returns `status`, or EXIT_INTERNAL when the folder cannot be written.
 */
static int keep_history(struct history_store *store, const char *dir, const char *date, size_t keep,
			int status, char **name)
{
	struct diag_list diags;
	diag_list_init(&diags);
	int failed = history_store_commit(store, date, name, &diags) < 0;
	if (!failed) {
		/* Indexed now, while the file is in the page cache: the next trend is fast. */
		struct history history;
		failed = history_open(&history, dir, &diags) < 0 ||
			 (keep && history_prune(&history, keep, &diags) < 0);
		history_close(&history);
	}
	failed |= app_report(&diags) != EXIT_OK;
	diag_list_release(&diags);
	return failed ? EXIT_INTERNAL : status;
}

static int cmd_assess(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, 'F'},
		{"color", required_argument, NULL, 'c'},
		{"paper", required_argument, NULL, 'p'},
		{"live", no_argument, NULL, 'L'},
		{"timeout", required_argument, NULL, 'T'},
		{"jobs", required_argument, NULL, 'j'},
		{"shard", required_argument, NULL, 'S'},
		{"history", required_argument, NULL, 'H'},
		{"keep", required_argument, NULL, 'K'},
		{"evidence-sample", required_argument, NULL, 'X'},
		{"evidence-out", required_argument, NULL, 'E'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *format = "table", *output_path = NULL, *color = "auto";
	struct report_options report_options = {.paper = REPORT_PAPER_A4};
	int fail_on = -1;
	int option, live = 0;
	struct live_options live_options = {.timeout_seconds = LIVE_DEFAULT_TIMEOUT};
	const char *timeout_text = NULL, *history_dir = NULL, *keep_text = NULL;
	unsigned jobs = probe_pool_default_jobs();
	struct render_shard shard = {0};
	bool format_given = false;
	size_t evidence_sample = PROBE_SAMPLE_DEFAULT;
	const char *evidence_path = NULL;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:j:h", options, NULL)) != -1) {
		switch (option) {
		case 'j':
			if (probe_pool_parse_jobs(optarg, &jobs) < 0)
				return app_usage_error(&command_assess,
						       "--jobs takes a whole number from 1 to %d, "
						       "not '%s'",
						       PROBE_POOL_MAX_JOBS, optarg);
			break;
		case 'X': {
			char *end = NULL;
			long value = strtol(optarg, &end, 10);
			if (!*optarg || *end || value < 0 || value > PROBE_SAMPLE_MAX)
				return app_usage_error(
					&command_assess,
					"--evidence-sample takes a whole number from 0 "
					"to %d, not '%s'",
					PROBE_SAMPLE_MAX, optarg);
			evidence_sample = (size_t)value;
			break;
		}
		case 'E':
			evidence_path = optarg;
			break;
		case 'L':
			live = 1;
			break;
		case 'H':
			history_dir = optarg;
			break;
		case 'K':
			keep_text = optarg;
			break;
		case 'T':
			timeout_text = optarg;
			break;
		case 'f':
			format = optarg;
			format_given = true;
			break;
		case 'S':
			if (parse_shard(optarg, &shard) < 0)
				return app_usage_error(&command_assess,
						       "--shard takes K/N with 1 <= K <= N <= %d, "
						       "e.g. 3/10, not '%s'",
						       ASSESS_MAX_SHARDS, optarg);
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
		case 'p':
			if (app_parse_paper(optarg, &report_options) < 0)
				return app_usage_error(&command_assess,
						       "--paper takes a4 or letter, not '%s'",
						       optarg);
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
	if (optind >= argc)
		return app_usage_error(&command_assess,
				       "expected an INVENTORY: a file, a folder or several files");
	if (timeout_text) {
		if (!live)
			return app_usage_error(&command_assess, "--timeout goes with --live");
		if (live_parse_timeout(timeout_text, &live_options.timeout_seconds) < 0)
			return app_usage_error(
				&command_assess,
				"--timeout takes whole seconds from 1 to %d, not '%s'",
				LIVE_MAX_TIMEOUT, timeout_text);
	}
	if (shard.count && format_given && strcmp(format, "json"))
		return app_usage_error(&command_assess,
				       "--shard writes a part for 'srgap merge', in JSON; render "
				       "the merged assessment with 'srgap report'");
	if (shard.count && history_dir)
		return app_usage_error(&command_assess,
				       "--history keeps whole assessments; give it to the run that "
				       "renders the merged one, not to a --shard");
	if (shard.count)
		format = "json";
	size_t keep = 0;
	if (keep_text && (!history_dir || parse_keep(keep_text, &keep) < 0))
		return app_usage_error(
			&command_assess,
			history_dir ? "--keep takes a number of assessments from 1, not '%s'"
				    : "--keep goes with --history DIR",
			keep_text);
	const struct report_renderer *report;
	const struct renderer *renderer = find_format(format, &report);
	if (!renderer)
		return EXIT_INPUT;
	int status = report ? app_refuse_binary_to_terminal(&command_assess, report, output_path)
			    : EXIT_OK;
	if (status)
		return status;
	status = app_load_models(app);
	if (status)
		return status;

	struct inventory inventory;
	struct diag_list diags;
	diag_list_init(&diags);
	int loaded = inventory_load_paths(&inventory, (const char *const *)argv + optind,
					  (size_t)(argc - optind), &app->models, &diags);
	/* kube-bench, docker-bench and Lynis results in evidence map through this table. */
	struct tool_mappings mappings;
	if (tool_mappings_load_default(&mappings, app->models.data_dir, &app->models.catalog,
				       &diags) < 0)
		loaded = -1;
	if (loaded == 0)
		models_warn_stale(&app->models, &inventory, &diags);
	status = app_report(&diags);
	diag_list_release(&diags);
	if (loaded < 0 || status) {
		inventory_release(&inventory);
		tool_mappings_release(&mappings);
		return EXIT_INPUT;
	}
	/* Before anything runs: a history folder that cannot be written stops the run. */
	struct history_store store = {0};
	if (history_dir) {
		diag_list_init(&diags);
		if (history_store_begin(&store, history_dir, &diags) < 0) {
			app_report(&diags);
			diag_list_release(&diags);
			inventory_release(&inventory);
			tool_mappings_release(&mappings);
			return EXIT_INTERNAL;
		}
		diag_list_release(&diags);
	}

	struct app_output *evidence_output = NULL;
	if (evidence_path && !(evidence_output = app_output_open(evidence_path, &status))) {
		history_store_abort(&store);
		inventory_release(&inventory);
		tool_mappings_release(&mappings);
		return status;
	}
	/* A report is made from the JSON document, so that goes to memory first. */
	char *json_text = NULL;
	size_t json_length = 0;
	struct app_output *output = NULL;
	FILE *out = report ? open_memstream(&json_text, &json_length) : NULL;
	if (!report && (output = app_output_open(output_path, &status)))
		out = app_output_stream(output);
	if (!out) {
		if (report)
			fprintf(stderr, "srgap assess: out of memory\n");
		history_store_abort(&store);
		if (evidence_output)
			app_output_close(evidence_output, EXIT_INTERNAL);
		inventory_release(&inventory);
		tool_mappings_release(&mappings);
		return report ? EXIT_INTERNAL : status;
	}
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
	/* A report's JSON is in memory already and is stored from there. */
	run.history = history_dir && !report;
	run.history_context = (struct render_context){
		.out = store.file.stream, .models = &app->models, .inventory = &inventory};
	run.settings.trusted_registries = inventory.trusted_registries;
	run.settings.trusted_registry_count = inventory.trusted_registry_count;
	run.settings.today = inventory.date_day;
	run.settings.models = &app->models;
	run.settings.tool_mappings = &mappings;
	struct probe_policy policy = {.fail_on = inventory.vulnerability_fail_on,
				      .fixable_only = inventory.vulnerability_fixable_only};
	run.settings.policy = &policy;
	run.settings.scan_max_age_days = inventory.scan_max_age_days;
	diag_list_init(&run.evidence_diags);
	exception_check_init(&run.exceptions, &inventory);
	roadmap_init(&run.roadmap, &app->models.catalog);
	run.settings.vulns = vulns_estate_new();
	/* Every environment, or a shard's: those whose name hashes to it. */
	const struct environment **environments =
		xcalloc(inventory.environment_count + 1, sizeof(*environments));
	size_t environment_count = 0;
	for (size_t i = 0; i < inventory.environment_count; i++)
		if (!shard.count ||
		    inventory_shard_of(inventory.environments[i].name, shard.count) == shard.index)
			environments[environment_count++] = &inventory.environments[i];
	run.context.environments = environments;
	run.context.environment_count = environment_count;
	if (shard.count) {
		shard.vulns = run.settings.vulns;
		run.context.shard = &shard;
	}
	run.evidence_out = evidence_output ? app_output_stream(evidence_output) : NULL;
	run.context.evidence_sample = run.history_context.evidence_sample = evidence_sample;
	struct probe_pool_options pool_options = {
		.jobs = jobs,
		.live = live ? &live_options : NULL,
		.sample_size = evidence_sample,
		.write_result = run.evidence_out ? write_result : NULL,
		/* Live runs take minutes: say how far they are, on a terminal only. */
		.progress = live && isatty(STDERR_FILENO) ? show_progress : NULL,
		.progress_context = &run,
	};
	run.pool = probe_pool_start(environments, environment_count, &run.settings, &pool_options);
	struct vulns_plan vulns_plan = {0};
	struct summary total;
	int failed =
		renderer->begin(&run.context) < 0 ||
		(run.history && render_json.begin(&run.history_context) < 0) ||
		engine_run_environments(&app->models, &inventory, environments, environment_count,
					probes_for, visit, &run, &total) != 0;
	if (!failed) {
		roadmap_finish(&run.roadmap);
		run.context.roadmap = run.history_context.roadmap = &run.roadmap;
		vulns_plan_build(run.settings.vulns, RENDER_JSON_VULNS_TOP, &vulns_plan);
		run.context.vulns = run.history_context.vulns =
			vulns_plan.reports ? &vulns_plan : NULL;
		failed = renderer->end(&run.context, &total) < 0 ||
			 (run.history && render_json.end(&run.history_context, &total) < 0);
	}
	if (renderer->cleanup)
		renderer->cleanup(&run.context);
	if (run.history && render_json.cleanup)
		render_json.cleanup(&run.history_context);
	probe_pool_free(run.pool);
	free(environments);
	if (run.progress_shown)
		fputs("\r\033[K", stderr);
	roadmap_release(&run.roadmap);
	vulns_plan_release(&vulns_plan);
	vulns_estate_free(run.settings.vulns);
	/*
	 * Malformed or unknown evidence files do not stop an assessment: their
	 * cells simply lack that evidence. Say so, as warnings.
	 */
	for (size_t i = 0; i < run.evidence_diags.count; i++)
		run.evidence_diags.items[i].severity = DIAG_WARNING;
	/* Expired, expiring and unneeded exceptions: warnings, the exit status stays. */
	exception_check_warn(&run.exceptions, &run.evidence_diags);
	exception_check_release(&run.exceptions);
	app_report(&run.evidence_diags);
	diag_list_release(&run.evidence_diags);
	if (evidence_output) {
		if (run.evidence_failed && !failed)
			fprintf(stderr, "srgap assess: cannot write the results to %s\n",
				evidence_path);
		int closed = app_output_close(
			evidence_output, run.evidence_failed || failed ? EXIT_INTERNAL : EXIT_OK);
		failed |= closed != EXIT_OK;
	}
	if (failed) {
		if (!run.evidence_failed)
			fprintf(stderr, "srgap assess: cannot write the %s output\n",
				renderer->name);
		status = EXIT_INTERNAL;
	} else if (fail_on >= 0 && summary_has_open_at_least(&total, (enum severity)fail_on)) {
		status = EXIT_FINDINGS;
	}
	if (report) {
		failed = fclose(out) != 0;
		if (failed)
			status = EXIT_INTERNAL;
		char *stored = NULL, *saved_path = NULL;
		if (history_dir && status != EXIT_INTERNAL) {
			fwrite(json_text, 1, json_length, store.file.stream);
			status = keep_history(&store, history_dir, inventory.date, keep, status,
					      &stored);
		}
		/* The report shows the run's place in the history it was just stored in. */
		if (stored && app_report_has_progress(report))
			saved_path = xasprintf("%s/%s", history_dir, stored);
		int written = status == EXIT_INTERNAL
				      ? EXIT_INTERNAL
				      : write_report(app, report, json_text, json_length,
						     &report_options, output_path,
						     saved_path ? history_dir : NULL, saved_path);
		status = written != EXIT_OK ? written : status;
		free(stored);
		free(saved_path);
		free(json_text);
	} else {
		status = app_output_close(output, status);
		if (history_dir && status != EXIT_INTERNAL)
			status = keep_history(&store, history_dir, inventory.date, keep, status,
					      NULL);
	}
	history_store_abort(&store);
	inventory_release(&inventory);
	tool_mappings_release(&mappings);
	return status;
}

const struct command command_assess = {
	.name = "assess",
	.summary = "assess an inventory: gap matrix, summary, exit status",
	.usage = "usage: srgap assess INVENTORY... [-o FILE]\n"
		 "                    [--format table|json|csv|md|html|pdf|oscal-ar|oscal-poam]\n"
		 "                    [--fail-on critical|high|medium|low] [--color "
		 "auto|always|never]\n"
		 "                    [--paper a4|letter] [--live [--timeout SECONDS]] [--jobs N]\n"
		 "                    [--shard K/N] [--history DIR [--keep N]]\n"
		 "                    [--evidence-sample N] [--evidence-out FILE.jsonl]\n"
		 "\n"
		 "Compares the inventory's environments and claims with the NIST SP 800-190\n"
		 "catalog and the provider models, and prints one cell per environment and\n"
		 "control: who is responsible and whether the customer's share is covered.\n"
		 "INVENTORY is a file, a folder (every *.yaml and *.yml in it) or several\n"
		 "files; one of them holds the organization keys.\n"
		 "\n"
		 "  -f, --format FORMAT   table (default), json or csv; or a report: md\n"
		 "                        (Markdown), html or pdf (see 'srgap help report');\n"
		 "                        or OSCAL 1.1.2 for GRC tools: oscal-ar (assessment\n"
		 "                        results) or oscal-poam (plan of action and\n"
		 "                        milestones), see docs/oscal.md\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --fail-on SEV     exit 1 if a gap or contradicted claim of severity SEV\n"
		 "                        or above remains (for CI pipelines)\n"
		 "      --color WHEN      colour the table: auto (a terminal without NO_COLOR),\n"
		 "                        always or never\n"
		 "      --paper SIZE      a4 (default) or letter (PDF)\n"
		 "      --live            also run aws, az, gcloud and kubectl for environments\n"
		 "                        with a live: block and probe what they print\n"
		 "      --timeout SECS    with --live: per command (default 60)\n"
		 "  -j, --jobs N          probe N environments at a time (evidence folders and\n"
		 "                        live CLI calls; default: the number of CPUs); the\n"
		 "                        output is the same for every N\n"
		 "      --shard K/N       assess only the environments of shard K of N (by a\n"
		 "                        hash of their names) and write a part for 'srgap\n"
		 "                        merge' (JSON; see docs/scale-out.md)\n"
		 "      --history DIR     also keep the assessment (JSON) in DIR, named after its\n"
		 "                        date and content, for 'srgap trend DIR'; pdf, md and\n"
		 "                        html reports gain a Progress section over DIR\n"
		 "      --keep N          with --history: delete the oldest beyond the newest N\n"
		 "      --evidence-sample N\n"
		 "                        keep N failing (then erroring) subjects per probe\n"
		 "                        and cell, with detail and location (default 5; 0:\n"
		 "                        counts only)\n"
		 "      --evidence-out FILE\n"
		 "                        also write every probe result of every environment\n"
		 "                        to FILE as JSON Lines, as they are found\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 done, 1 --fail-on threshold reached, 2 usage or input error,\n"
		 "3 internal or I/O error, or a report that could not be drawn.\n",
	.run = cmd_assess,
};
