/*
 * `srgap vulns`: read Trivy and Grype reports (files, or directories walked
 * in sorted order), fold them into one estate, rank the fix actions and
 * print the plan. Reports are read one at a time and freed, so memory is
 * bounded by the largest report. A malformed report is reported and
 * skipped; the plan of the others is still printed, and the exit status is
 * then 2. The rules live in core/vulns; this file owns argv, files, output
 * and exit codes.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/inventory.h"
#include "core/scan_coverage.h"
#include "core/vulns.h"
#include "io/scanner_report.h"
#include "render/vulns.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#define MAX_WALK_DEPTH 32
#define MAX_TOP	       1000000

struct source {
	char *path;	 /* owned */
	unsigned weight; /* environment weight, 0 for the default */
	int stage;	 /* from the folders at or below the operand it came from */
};

struct sources {
	struct source *items;
	size_t count;
	size_t capacity;
};

/* An environment's evidence folder, resolved, for attributing files to it. */
struct evidence_root {
	char *real; /* owned, realpath */
	unsigned weight;
};

static void add_source(struct sources *sources, const char *path, unsigned weight)
{
	sources->items = xgrow(sources->items, &sources->capacity, sources->count + 1,
			       sizeof(*sources->items));
	sources->items[sources->count++] = (struct source){xstrdup(path), weight, SCAN_STAGE_NONE};
}

static bool has_json_extension(const char *name)
{
	size_t length = strlen(name);
	return length > 5 && !strcmp(name + length - 5, ".json");
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories contribute their *.json files; hidden entries are skipped. */
static void walk(struct sources *sources, const char *path, unsigned weight, int depth,
		 struct diag_list *diags)
{
	DIR *dir = opendir(path);
	if (!dir) {
		diag_error(diags, path, 0, 0, "vulns.unreadable", "cannot read the directory: %s",
			   strerror(errno));
		return;
	}
	char **names = NULL;
	size_t count = 0, capacity = 0;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		names = xgrow(names, &capacity, count + 1, sizeof(*names));
		names[count++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (count)
		qsort(names, count, sizeof(*names), compare_names);
	for (size_t i = 0; i < count; i++) {
		char *child = xasprintf("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
					names[i]);
		struct stat st;
		if (stat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < MAX_WALK_DEPTH)
				walk(sources, child, weight, depth + 1, diags);
			else
				diag_warning(diags, child, 0, 0, "vulns.too-deep",
					     "more than %d directories deep; not read",
					     MAX_WALK_DEPTH);
		} else if (has_json_extension(names[i])) {
			add_source(sources, child, weight);
		}
		free(child);
		free(names[i]);
	}
	free(names);
}

static void add_evidence(struct sources *sources, const char *path, unsigned weight,
			 struct diag_list *diags)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_error(diags, path, 0, 0, "vulns.unreadable", "cannot open: %s",
			   strerror(errno));
		return;
	}
	size_t first = sources->count;
	if (S_ISDIR(st.st_mode))
		walk(sources, path, weight, 0, diags);
	else
		add_source(sources, path, weight);
	for (size_t s = first; s < sources->count; s++)
		sources->items[s].stage =
			scan_stage_from_evidence_path(sources->items[s].path, path);
}

static int compare_sources(const void *a, const void *b)
{
	return strcmp(((const struct source *)a)->path, ((const struct source *)b)->path);
}

/* The weight of the environment whose evidence folder holds `path` (the deepest), or 0. */
static unsigned weight_of(const struct evidence_root *roots, size_t count, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return 0;
	size_t best = 0;
	unsigned weight = 0;
	for (size_t i = 0; i < count; i++) {
		size_t length = strlen(roots[i].real);
		if (length > best && !strncmp(real, roots[i].real, length) &&
		    (real[length] == '/' || real[length] == '\0')) {
			best = length;
			weight = roots[i].weight;
		}
	}
	return weight;
}

static unsigned environment_weight(const struct environment *environment)
{
	return vulns_environment_weight(environment->criticality, environment->internet_facing);
}

/*
 * Which files to read, and the weight of each: the EVIDENCE operands, or
 * the inventory's evidence folders when there are none.
 */
static int collect(struct sources *sources, char **operands, size_t operand_count,
		   const struct inventory *inventory, const struct environment *environment,
		   struct diag_list *diags)
{
	if (operand_count) {
		struct evidence_root *roots = NULL;
		size_t root_count = 0;
		if (inventory && !environment) {
			size_t folders = 0;
			for (size_t e = 0; e < inventory->environment_count; e++)
				folders += inventory->environments[e].evidence_count;
			roots = xcalloc(folders + 1, sizeof(*roots));
			for (size_t e = 0; e < inventory->environment_count; e++) {
				const struct environment *env = &inventory->environments[e];
				char real[PATH_MAX];
				for (size_t i = 0; i < env->evidence_count; i++)
					if (realpath(env->evidence[i].path, real))
						roots[root_count++] = (struct evidence_root){
							xstrdup(real), environment_weight(env)};
			}
		}
		for (size_t i = 0; i < operand_count; i++) {
			size_t first = sources->count;
			add_evidence(sources, operands[i],
				     environment ? environment_weight(environment) : 0, diags);
			for (size_t s = first; roots && s < sources->count; s++)
				sources->items[s].weight =
					weight_of(roots, root_count, sources->items[s].path);
		}
		for (size_t i = 0; i < root_count; i++)
			free(roots[i].real);
		free(roots);
	} else {
		for (size_t e = 0; e < inventory->environment_count; e++) {
			const struct environment *env = &inventory->environments[e];
			if (environment && env != environment)
				continue;
			if (!env->evidence_count) {
				if (environment)
					return app_usage_error(&command_vulns,
							       "environment '%s' has no evidence "
							       "folder; give EVIDENCE files",
							       env->name);
				continue;
			}
			for (size_t i = 0; i < env->evidence_count; i++)
				add_evidence(sources, env->evidence[i].path,
					     environment_weight(env), diags);
		}
	}
	if (sources->count)
		qsort(sources->items, sources->count, sizeof(*sources->items), compare_sources);
	size_t kept = 0;
	for (size_t i = 0; i < sources->count; i++) {
		if (kept && !strcmp(sources->items[kept - 1].path, sources->items[i].path)) {
			free(sources->items[i].path);
			continue;
		}
		sources->items[kept++] = sources->items[i];
	}
	sources->count = kept;
	return EXIT_OK;
}

static int parse_top(const char *text, size_t *top)
{
	char *end;
	errno = 0;
	unsigned long value = strtoul(text, &end, 10);
	if (!*text || *end || errno || text[0] == '-' || text[0] == '+' || value > MAX_TOP)
		return -1;
	*top = value;
	return 0;
}

static const struct environment *find_environment(const struct inventory *inventory,
						  const char *name)
{
	const struct environment *environment = inventory_find_environment(inventory, name);
	if (environment)
		return environment;
	struct suggest suggest;
	suggest_init(&suggest, name);
	for (size_t e = 0; e < inventory->environment_count; e++)
		suggest_offer(&suggest, inventory->environments[e].name);
	fprintf(stderr, "%s: error: no environment '%s'%s%s%s [vulns.unknown-environment]\n",
		inventory->path, name, suggest.best ? " (did you mean '" : "",
		suggest.best ? suggest.best : "", suggest.best ? "'?)" : "");
	return NULL;
}

struct run {
	struct sources sources;
	struct diag_list diags;
	struct vulns_estate *estate;
	struct scan_coverage coverage;
	const char **unrecognized;
	const char **failed;
	size_t unrecognized_count, failed_count;
};

/* The report's stage from its folder; its date from the scanner, else the file's mtime. */
/* `file` is the report's file (its mtime dates an undated report). */
static void add_coverage_at(struct scan_coverage *coverage, const struct scan_report *report,
			    const char *file, int stage)
{
	long day;
	struct stat st;
	bool dated = scan_coverage_parse_day(report->created, &day);
	if (!dated && stat(file, &st) == 0) {
		day = (long)(st.st_mtime / 86400);
		dated = true;
	}
	scan_coverage_add(coverage, stage, dated, day);
}

static void add_coverage(struct scan_coverage *coverage, const struct scan_report *report,
			 int stage)
{
	add_coverage_at(coverage, report, report->path, stage);
}

struct cluster_images {
	struct run *run;
	const struct source *source;
	size_t failed;
};

/* One image of a `trivy k8s` report: an image report like any other. */
static void add_cluster_image(void *context, const json_t *root, const char *pointer)
{
	struct cluster_images *images = context;
	struct scan_report report;
	char *name = xasprintf("%s#%s", images->source->path, pointer);
	if (scan_report_from_json(root, name, "vulns", &report, &images->run->diags) ==
	    SCAN_LOAD_OK) {
		vulns_add_report(images->run->estate, &report, images->source->weight);
		/* trivy k8s scans what the cluster runs: the runtime stage, unless a folder says.
		 */
		int stage = images->source->stage;
		add_coverage_at(&images->run->coverage, &report, images->source->path,
				stage == SCAN_STAGE_NONE ? SCAN_STAGE_RUNTIME : stage);
	} else {
		images->failed++;
	}
	scan_report_release(&report);
	free(name);
}

/*
 * A file that is no single Trivy or Grype report may be a `trivy k8s`
 * report: one report per image the cluster runs. Returns false if it is not.
 */
static bool read_cluster_report(struct run *run, const struct source *source)
{
	json_error_t error;
	json_t *root = json_load_file(source->path, JSON_REJECT_DUPLICATES, &error);
	struct cluster_images images = {.run = run, .source = source};
	long count = root ? scan_report_cluster_images(root, add_cluster_image, &images) : -1;
	json_decref(root);
	if (count >= 0 && images.failed)
		run->failed[run->failed_count++] = source->path;
	return count >= 0;
}

static void read_reports(struct run *run)
{
	struct scan_reader reader;
	scan_reader_init(&reader, "vulns");
	const char *prune = getenv("SRGAP_JSON_PRUNE");
	reader.prune = !(prune && !strcmp(prune, "0"));
	run->unrecognized = xcalloc(run->sources.count + 1, sizeof(*run->unrecognized));
	run->failed = xcalloc(run->sources.count + 1, sizeof(*run->failed));
	for (size_t i = 0; i < run->sources.count; i++) {
		const struct source *source = &run->sources.items[i];
		struct scan_report report;
		struct diag_list diags;
		diag_list_init(&diags);
		switch (scan_report_load(&reader, source->path, &report, &diags)) {
		case SCAN_LOAD_OK:
			vulns_add_report(run->estate, &report, source->weight);
			add_coverage(&run->coverage, &report, source->stage);
			break;
		case SCAN_LOAD_UNRECOGNIZED:
			if (read_cluster_report(run, source)) {
				diag_list_release(&diags); /* not unrecognized after all */
				diag_list_init(&diags);
			} else {
				run->unrecognized[run->unrecognized_count++] = source->path;
			}
			break;
		case SCAN_LOAD_FAILED:
			run->failed[run->failed_count++] = source->path;
			break;
		}
		diag_list_take(&run->diags, &diags);
		diag_list_release(&diags);
		scan_report_release(&report);
	}
	scan_reader_release(&reader);
}

static int cmd_vulns(int argc, char **argv, struct app *app)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"top", required_argument, NULL, 'n'},
		{"inventory", required_argument, NULL, 'i'},
		{"env", required_argument, NULL, 'e'},
		APP_COMMON_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *format_name = "table", *output_path = NULL, *inventory_path = NULL,
		   *environment_name = NULL;
	size_t top = 10;
	int option;
	optind = 0; /* GNU getopt: full re-initialisation, options may follow operands */
	while ((option = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (option) {
		case 'f':
			format_name = optarg;
			break;
		case 'o':
			output_path = optarg;
			break;
		case 'n':
			if (parse_top(optarg, &top) < 0)
				return app_usage_error(
					&command_vulns,
					"--top takes a number from 0 to %d, not '%s'", MAX_TOP,
					optarg);
			break;
		case 'i':
			inventory_path = optarg;
			break;
		case 'e':
			environment_name = optarg;
			break;
		case 'D':
			app->data_dir_option = optarg;
			break;
		case 'h':
			return app_help(&command_vulns);
		default:
			return app_usage_error(&command_vulns, "unknown option");
		}
	}
	int format = -1;
	for (int i = 0; i < VULNS_FORMAT_COUNT; i++)
		if (!strcmp(format_name, vulns_format_names[i]))
			format = i;
	if (format < 0)
		return app_usage_error(&command_vulns,
				       "unknown format '%s'; formats: table, json, csv, md",
				       format_name);
	if (environment_name && !inventory_path)
		return app_usage_error(&command_vulns, "--env needs --inventory");
	if (optind == argc && !inventory_path)
		return app_usage_error(&command_vulns,
				       "expected EVIDENCE files or directories (or --inventory)");

	int status = EXIT_OK;
	struct inventory inventory;
	bool have_inventory = false;
	const struct environment *environment = NULL;
	struct run run = {0};
	diag_list_init(&run.diags);
	if (inventory_path) {
		if ((status = app_load_models(app)))
			goto out;
		struct diag_list inventory_diags;
		diag_list_init(&inventory_diags);
		int loaded =
			inventory_load(&inventory, inventory_path, &app->models, &inventory_diags);
		have_inventory = true;
		status = app_report(&inventory_diags);
		diag_list_release(&inventory_diags);
		if (loaded < 0 || status) {
			status = EXIT_INPUT;
			goto out;
		}
		if (environment_name &&
		    !(environment = find_environment(&inventory, environment_name))) {
			status = EXIT_INPUT;
			goto out;
		}
	}
	status = collect(&run.sources, argv + optind, (size_t)(argc - optind),
			 have_inventory ? &inventory : NULL, environment, &run.diags);
	if (status)
		goto out;

	run.estate = vulns_estate_new();
	scan_coverage_init(&run.coverage, have_inventory ? inventory.date_day : date_today(),
			   SCAN_COVERAGE_DEFAULT_MAX_AGE_DAYS);
	read_reports(&run);
	bool input_errors = diag_error_count(&run.diags) > 0;
	app_report(&run.diags);
	size_t reports_read = run.sources.count - run.unrecognized_count - run.failed_count;
	if (!reports_read) {
		fprintf(stderr, "srgap vulns: no Trivy or Grype report among %zu %s\n",
			run.sources.count, run.sources.count == 1 ? "file" : "files");
		status = EXIT_INPUT;
		goto out;
	}

	struct vulns_plan plan;
	vulns_plan_build(run.estate, top, &plan);
	struct vulns_render_options render_options = {
		.environment = environment ? environment->name : NULL,
		.unrecognized = run.unrecognized,
		.unrecognized_count = run.unrecognized_count,
		.failed = run.failed,
		.failed_count = run.failed_count,
		.coverage = &run.coverage,
	};
	struct app_output *output = app_output_open(output_path, &status);
	if (output) {
		if (vulns_render(app_output_stream(output), (enum vulns_format)format, &plan,
				 &render_options) < 0) {
			fprintf(stderr, "srgap vulns: cannot write the %s output\n", format_name);
			status = EXIT_INTERNAL;
		}
		/* The plan of the readable reports is written even when some were not. */
		status = app_output_close(output, status);
	}
	vulns_plan_release(&plan);
	if (status == EXIT_OK && input_errors)
		status = EXIT_INPUT;
out:
	for (size_t i = 0; i < run.sources.count; i++)
		free(run.sources.items[i].path);
	free(run.sources.items);
	free(run.unrecognized);
	free(run.failed);
	vulns_estate_free(run.estate);
	diag_list_release(&run.diags);
	if (have_inventory)
		inventory_release(&inventory);
	return status;
}

const struct command command_vulns = {
	.name = "vulns",
	.summary = "rank what to fix first across Trivy and Grype image scan reports",
	.usage = "usage: srgap vulns EVIDENCE... [--format table|json|csv|md] [-o FILE] [--top N]\n"
		 "                   [--inventory FILE [--env NAME]]\n"
		 "\n"
		 "Reads Trivy (SchemaVersion 2) and Grype JSON reports, de-duplicates their\n"
		 "findings across images and prints a ranked fix plan: package upgrades, and\n"
		 "rebuilds on a newer base image where most findings sit in a shared base's OS\n"
		 "packages, with findings by severity before and after the top N actions.\n"
		 "EVIDENCE is a report file or a directory (its *.json files, recursively).\n"
		 "\n"
		 "  -f, --format FORMAT   table (default), json, csv or md\n"
		 "  -o, --output FILE     write to FILE (atomically) instead of standard output\n"
		 "      --top N           actions shown and counted in the totals (default 10)\n"
		 "      --inventory FILE  weigh images by their environment's criticality and\n"
		 "                        exposure; without EVIDENCE, read every environment's\n"
		 "                        evidence folder\n"
		 "      --env NAME        only this environment (its evidence folder by default)\n"
		 "      --data-dir DIR    read models/ and providers/ from DIR\n"
		 "\n"
		 "Exit status: 0 done, 2 usage or input error (also when some report could\n"
		 "not be read: the plan of the others is still written), 3 internal or I/O\n"
		 "error. How actions are ranked: docs/vulnerabilities.md.\n",
	.run = cmd_vulns,
};
