/*
 * The three views of a diff. Each lists the same things in the same order:
 * the estate's deltas, environments added, removed and changed, cell status
 * changes, responsibility changes in provider models, and what got worse.
 * Unchanged environments and cells are left out, so the diff of a run
 * against itself says only that nothing changed.
 */
#include "render/diff.h"

#include <jansson.h>
#include <string.h>

#include "core/diff.h"
#include "render/render.h"

static const char *const direction_names[3] = {"better", "same", "worse"};

static const char *direction_name(int direction)
{
	return direction_names[direction + 1];
}

static const char *gap_note(const struct diff_cell *change)
{
	if (diff_status_is_gap(change->from) && !diff_status_is_gap(change->to))
		return "gap closed";
	if (!diff_status_is_gap(change->from) && diff_status_is_gap(change->to))
		return "new gap";
	return NULL;
}

static bool environment_changed(const struct diff_environment *pair)
{
	const struct saved_summary *a = &pair->old_env->summary, *b = &pair->new_env->summary;
	return pair->moved || a->risk != b->risk || a->coverage_permille != b->coverage_permille ||
	       a->customer_share != b->customer_share || a->open != b->open;
}

/* Signed difference of two counts, for "+12" / "-3". */
static long delta(unsigned long before, unsigned long after)
{
	return (long)after - (long)before;
}

static void percent_delta(unsigned before, unsigned after, char *buffer, size_t size)
{
	long change = (long)after - (long)before;
	snprintf(buffer, size, "%s%ld.%ld", change < 0 ? "-" : "+", labs(change) / 10,
		 labs(change) % 10);
}

static void model_path(const struct saved_environment *environment, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s/%s", environment->provider, environment->service);
}

/* ----------------------------------------------------------------- table */

static void table_metric(FILE *out, const char *name, unsigned long before, unsigned long after)
{
	fprintf(out, "  %-16s %9lu %9lu %+9ld\n", name, before, after, delta(before, after));
}

static void table_estate(FILE *out, const struct diff *diff)
{
	const struct saved_summary *a = &diff->old_run->summary, *b = &diff->new_run->summary;
	char before[16], after[16], change[16];
	fprintf(out, "\nEstate\n  %-16s %9s %9s %9s\n", "", "before", "after", "change");
	table_metric(out, "open risk", a->risk, b->risk);
	render_percent(a->coverage_permille, before, sizeof(before));
	render_percent(b->coverage_permille, after, sizeof(after));
	percent_delta(a->coverage_permille, b->coverage_permille, change, sizeof(change));
	fprintf(out, "  %-16s %8s%% %8s%% %9s\n", "coverage", before, after, change);
	table_metric(out, "customer share", a->customer_share, b->customer_share);
	table_metric(out, "open gaps", a->open, b->open);
}

static void table_environments(FILE *out, const struct diff *diff)
{
	size_t changed = 0;
	for (size_t i = 0; i < diff->environment_count; i++)
		changed += environment_changed(&diff->environments[i]);
	if (!changed && !diff->added_count && !diff->removed_count)
		return;
	fputs("\nEnvironments\n", out);
	char path[160], other[160], before[16], after[16], change[16];
	for (size_t i = 0; i < diff->added_count; i++) {
		const struct saved_environment *environment = diff->added[i];
		model_path(environment, path, sizeof(path));
		render_percent(environment->summary.coverage_permille, after, sizeof(after));
		fprintf(out,
			"  + %s: added on %s\n      risk %lu, coverage %s%%, customer share %lu\n",
			environment->name, path, environment->summary.risk, after,
			environment->summary.customer_share);
	}
	for (size_t i = 0; i < diff->removed_count; i++) {
		model_path(diff->removed[i], path, sizeof(path));
		fprintf(out, "  - %s: removed (was on %s, risk %lu)\n", diff->removed[i]->name,
			path, diff->removed[i]->summary.risk);
	}
	for (size_t i = 0; i < diff->environment_count; i++) {
		const struct diff_environment *pair = &diff->environments[i];
		if (!environment_changed(pair))
			continue;
		const struct saved_summary *a = &pair->old_env->summary,
					   *b = &pair->new_env->summary;
		fprintf(out, "  %s %s%s\n", pair->worse ? "!" : "*", pair->new_env->name,
			pair->worse ? " (worse)" : "");
		if (pair->moved) {
			model_path(pair->old_env, path, sizeof(path));
			model_path(pair->new_env, other, sizeof(other));
			fprintf(out, "      moved %s (registry %s) → %s (registry %s)\n", path,
				pair->old_env->registry, other, pair->new_env->registry);
		}
		render_percent(a->coverage_permille, before, sizeof(before));
		render_percent(b->coverage_permille, after, sizeof(after));
		percent_delta(a->coverage_permille, b->coverage_permille, change, sizeof(change));
		fprintf(out,
			"      risk %lu → %lu (%+ld), coverage %s%% → %s%% (%s)\n"
			"      customer share %lu → %lu (%+ld), open gaps %lu → %lu (%+ld)\n",
			a->risk, b->risk, delta(a->risk, b->risk), before, after, change,
			a->customer_share, b->customer_share,
			delta(a->customer_share, b->customer_share), a->open, b->open,
			delta(a->open, b->open));
	}
}

static size_t longest_environment(const struct diff *diff)
{
	size_t longest = 11;
	for (size_t i = 0; i < diff->cell_count; i++) {
		size_t length = strlen(diff->cells[i].environment);
		longest = length > longest ? length : longest;
	}
	return longest > 24 ? 24 : longest;
}

static void table_cells(FILE *out, const struct diff *diff)
{
	if (!diff->cell_count)
		return;
	fprintf(out, "\nStatus changes: %zu (%zu better, %zu worse); %zu gap%s closed, %zu new\n",
		diff->cell_count, diff->better, diff->worse, diff->gaps_closed,
		diff->gaps_closed == 1 ? "" : "s", diff->gaps_opened);
	int width = (int)longest_environment(diff);
	for (size_t i = 0; i < diff->cell_count; i++) {
		const struct diff_cell *change = &diff->cells[i];
		char transition[48];
		snprintf(transition, sizeof(transition), "%s → %s", status_names[change->from],
			 status_names[change->to]);
		const char *note = gap_note(change);
		/* Every transition holds one "→" (3 bytes, 1 column), so byte padding aligns. */
		fprintf(out, "  %-*.*s %-7s %-*s %s%s%s\n", width, width, change->environment,
			change->new_cell->control, 32, transition,
			direction_name(change->direction), note ? ", " : "", note ? note : "");
	}
}

static void table_responsibilities(FILE *out, const struct diff *diff)
{
	if (!diff->responsibility_count)
		return;
	fprintf(out, "\nResponsibility changed in provider models: %zu\n",
		diff->responsibility_count);
	for (size_t i = 0; i < diff->responsibility_count; i++) {
		const struct diff_responsibility *change = &diff->responsibilities[i];
		fprintf(out, "  %-32s %-7s %s → %s\n", change->service, change->control,
			responsibility_names[change->from], responsibility_names[change->to]);
	}
}

static void table_verdict(FILE *out, const struct diff *diff)
{
	if (!diff_has_regression(diff)) {
		fputs("\nNo regressions.\n", out);
		return;
	}
	fprintf(out, "\nRegressions: %zu cell%s worse, %zu environment%s worse%s\n", diff->worse,
		diff->worse == 1 ? "" : "s", diff->worse_environments,
		diff->worse_environments == 1 ? "" : "s",
		diff->worse_overall ? ", the estate worse (risk, coverage or customer share)" : "");
}

static void render_table_view(FILE *out, const struct diff *diff)
{
	const struct saved_assessment *a = diff->old_run, *b = diff->new_run;
	fprintf(out, "%s: %s (%s) → %s (%s)\n", b->organization, a->path, a->date, b->path,
		b->date);
	if (diff_is_empty(diff)) {
		fputs("No changes.\n", out);
		return;
	}
	table_estate(out, diff);
	table_environments(out, diff);
	table_cells(out, diff);
	table_responsibilities(out, diff);
	table_verdict(out, diff);
}

/* -------------------------------------------------------------- markdown */

/* Table cells cannot hold a pipe or a line break. */
static void md_text(FILE *out, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (*c == '|' || *c == '\\' || *c == '*' || *c == '_' || *c == '`')
			fputc('\\', out);
		fputc(*c == '\n' || *c == '\r' ? ' ' : *c, out);
	}
}

/* A code span: backslashes are literal there, so only a backtick needs avoiding. */
static void md_code(FILE *out, const char *text)
{
	fputc('`', out);
	for (const char *c = text; *c; c++)
		fputc(*c == '`' ? '\'' : *c == '\n' ? ' ' : *c, out);
	fputc('`', out);
}

static void md_metric(FILE *out, const char *name, unsigned long before, unsigned long after)
{
	fprintf(out, "| %s | %lu | %lu | %+ld |\n", name, before, after, delta(before, after));
}

static void render_markdown_view(FILE *out, const struct diff *diff)
{
	const struct saved_assessment *a = diff->old_run, *b = diff->new_run;
	char path[160], other[160], before[16], after[16], change[16];
	fputs("# Assessment diff: ", out);
	md_text(out, b->organization);
	fputs("\n\n", out);
	md_code(out, a->path);
	fprintf(out, " (%s) → ", a->date);
	md_code(out, b->path);
	fprintf(out, " (%s)\n", b->date);
	if (diff_is_empty(diff)) {
		fputs("\nNo changes.\n", out);
		return;
	}
	fputs("\n## Estate\n\n|  | before | after | change |\n|---|---:|---:|---:|\n", out);
	md_metric(out, "open risk", a->summary.risk, b->summary.risk);
	render_percent(a->summary.coverage_permille, before, sizeof(before));
	render_percent(b->summary.coverage_permille, after, sizeof(after));
	percent_delta(a->summary.coverage_permille, b->summary.coverage_permille, change,
		      sizeof(change));
	fprintf(out, "| coverage | %s%% | %s%% | %s |\n", before, after, change);
	md_metric(out, "customer share", a->summary.customer_share, b->summary.customer_share);
	md_metric(out, "open gaps", a->summary.open, b->summary.open);

	fputs("\n## Environments\n\n| environment | change | service model | risk | coverage | "
	      "customer share |\n|---|---|---|---:|---:|---:|\n",
	      out);
	for (size_t i = 0; i < diff->added_count; i++) {
		const struct saved_environment *environment = diff->added[i];
		model_path(environment, path, sizeof(path));
		render_percent(environment->summary.coverage_permille, after, sizeof(after));
		fputs("| ", out);
		md_text(out, environment->name);
		fprintf(out, " | added | %s | %lu | %s%% | %lu |\n", path,
			environment->summary.risk, after, environment->summary.customer_share);
	}
	for (size_t i = 0; i < diff->removed_count; i++) {
		model_path(diff->removed[i], path, sizeof(path));
		fputs("| ", out);
		md_text(out, diff->removed[i]->name);
		fprintf(out, " | removed | %s | | | |\n", path);
	}
	for (size_t i = 0; i < diff->environment_count; i++) {
		const struct diff_environment *pair = &diff->environments[i];
		if (!environment_changed(pair))
			continue;
		const struct saved_summary *x = &pair->old_env->summary,
					   *y = &pair->new_env->summary;
		model_path(pair->old_env, path, sizeof(path));
		model_path(pair->new_env, other, sizeof(other));
		render_percent(x->coverage_permille, before, sizeof(before));
		render_percent(y->coverage_permille, after, sizeof(after));
		fputs("| ", out);
		md_text(out, pair->new_env->name);
		fprintf(out, " | %s%s | %s%s%s | %lu → %lu | %s%% → %s%% | %lu → %lu |\n",
			pair->moved ? "moved" : "changed", pair->worse ? ", **worse**" : "",
			pair->moved ? path : "", pair->moved ? " → " : "", other, x->risk, y->risk,
			before, after, x->customer_share, y->customer_share);
	}

	if (diff->cell_count) {
		fprintf(out,
			"\n## Status changes\n\n%zu changes: %zu better, %zu worse; %zu gaps "
			"closed, "
			"%zu new.\n\n| environment | control | title | from | to | direction |\n"
			"|---|---|---|---|---|---|\n",
			diff->cell_count, diff->better, diff->worse, diff->gaps_closed,
			diff->gaps_opened);
		for (size_t i = 0; i < diff->cell_count; i++) {
			const struct diff_cell *cell = &diff->cells[i];
			const char *note = gap_note(cell);
			fputs("| ", out);
			md_text(out, cell->environment);
			fprintf(out, " | %s | ", cell->new_cell->control);
			md_text(out, cell->new_cell->title);
			fprintf(out, " | %s | %s | %s%s%s%s%s |\n", status_names[cell->from],
				status_names[cell->to], cell->direction > 0 ? "**" : "",
				direction_name(cell->direction), cell->direction > 0 ? "**" : "",
				note ? ", " : "", note ? note : "");
		}
	}
	if (diff->responsibility_count) {
		fputs("\n## Responsibility changed in provider models\n\n| service model | control "
		      "| "
		      "from | to |\n|---|---|---|---|\n",
		      out);
		for (size_t i = 0; i < diff->responsibility_count; i++) {
			const struct diff_responsibility *r = &diff->responsibilities[i];
			fprintf(out, "| %s | %s | %s | %s |\n", r->service, r->control,
				responsibility_names[r->from], responsibility_names[r->to]);
		}
	}
	if (diff_has_regression(diff))
		fprintf(out, "\n**Regressions:** %zu cells worse, %zu environments worse%s.\n",
			diff->worse, diff->worse_environments,
			diff->worse_overall ? ", the estate worse" : "");
	else
		fputs("\nNo regressions.\n", out);
}

/* ------------------------------------------------------------------ JSON */

static json_t *run_json(const struct saved_assessment *run)
{
	json_t *object = json_object();
	json_object_set_new(object, "file", json_string(run->path));
	json_object_set_new(object, "date", json_string(run->date));
	json_object_set_new(object, "generator", json_string(run->generator));
	return object;
}

static json_t *metric_json(json_int_t before, json_int_t after)
{
	json_t *object = json_object();
	json_object_set_new(object, "before", json_integer(before));
	json_object_set_new(object, "after", json_integer(after));
	json_object_set_new(object, "change", json_integer(after - before));
	return object;
}

static json_t *deltas_json(const struct saved_summary *a, const struct saved_summary *b)
{
	json_t *object = json_object();
	json_object_set_new(object, "risk", metric_json((json_int_t)a->risk, (json_int_t)b->risk));
	json_t *coverage = json_object();
	json_object_set_new(coverage, "before", json_real(a->coverage_permille / 10.0));
	json_object_set_new(coverage, "after", json_real(b->coverage_permille / 10.0));
	json_object_set_new(
		coverage, "change",
		json_real(((long)b->coverage_permille - (long)a->coverage_permille) / 10.0));
	json_object_set_new(object, "coverage_percent", coverage);
	json_object_set_new(
		object, "customer_share",
		metric_json((json_int_t)a->customer_share, (json_int_t)b->customer_share));
	json_object_set_new(object, "open", metric_json((json_int_t)a->open, (json_int_t)b->open));
	return object;
}

static json_t *environment_json(const struct saved_environment *environment)
{
	char path[160];
	model_path(environment, path, sizeof(path));
	json_t *object = json_object();
	json_object_set_new(object, "name", json_string(environment->name));
	json_object_set_new(object, "service", json_string(path));
	json_object_set_new(object, "registry", json_string(environment->registry));
	json_object_set_new(object, "risk", json_integer((json_int_t)environment->summary.risk));
	json_object_set_new(object, "coverage_percent",
			    json_real(environment->summary.coverage_permille / 10.0));
	json_object_set_new(object, "customer_share",
			    json_integer((json_int_t)environment->summary.customer_share));
	return object;
}

static json_t *diff_json(const struct diff *diff)
{
	char path[160];
	json_t *root = json_object();
	json_object_set_new(root, "srgap", json_string("diff/1"));
	json_object_set_new(root, "old", run_json(diff->old_run));
	json_object_set_new(root, "new", run_json(diff->new_run));
	json_object_set_new(root, "empty", json_boolean(diff_is_empty(diff)));
	json_object_set_new(root, "regression", json_boolean(diff_has_regression(diff)));
	json_object_set_new(root, "summary",
			    deltas_json(&diff->old_run->summary, &diff->new_run->summary));
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	for (size_t i = 0; i < diff->added_count; i++)
		json_array_append_new(added, environment_json(diff->added[i]));
	for (size_t i = 0; i < diff->removed_count; i++)
		json_array_append_new(removed, environment_json(diff->removed[i]));
	for (size_t i = 0; i < diff->environment_count; i++) {
		const struct diff_environment *pair = &diff->environments[i];
		if (!environment_changed(pair))
			continue;
		json_t *item = json_object();
		json_object_set_new(item, "name", json_string(pair->new_env->name));
		model_path(pair->old_env, path, sizeof(path));
		json_object_set_new(item, "service_before", json_string(path));
		model_path(pair->new_env, path, sizeof(path));
		json_object_set_new(item, "service_after", json_string(path));
		json_object_set_new(item, "registry_before", json_string(pair->old_env->registry));
		json_object_set_new(item, "registry_after", json_string(pair->new_env->registry));
		json_object_set_new(item, "moved", json_boolean(pair->moved));
		json_object_set_new(item, "worse", json_boolean(pair->worse));
		json_object_set_new(item, "summary",
				    deltas_json(&pair->old_env->summary, &pair->new_env->summary));
		json_array_append_new(changed, item);
	}
	json_t *environments = json_object();
	json_object_set_new(environments, "added", added);
	json_object_set_new(environments, "removed", removed);
	json_object_set_new(environments, "changed", changed);
	json_object_set_new(root, "environments", environments);

	json_t *counts = json_object();
	json_object_set_new(counts, "changes", json_integer((json_int_t)diff->cell_count));
	json_object_set_new(counts, "better", json_integer((json_int_t)diff->better));
	json_object_set_new(counts, "worse", json_integer((json_int_t)diff->worse));
	json_object_set_new(counts, "gaps_closed", json_integer((json_int_t)diff->gaps_closed));
	json_object_set_new(counts, "gaps_opened", json_integer((json_int_t)diff->gaps_opened));
	json_object_set_new(counts, "worse_environments",
			    json_integer((json_int_t)diff->worse_environments));
	json_object_set_new(counts, "worse_overall", json_boolean(diff->worse_overall));
	json_object_set_new(root, "counts", counts);

	json_t *cells = json_array();
	for (size_t i = 0; i < diff->cell_count; i++) {
		const struct diff_cell *cell = &diff->cells[i];
		const char *note = gap_note(cell);
		json_t *item = json_object();
		json_object_set_new(item, "environment", json_string(cell->environment));
		json_object_set_new(item, "control", json_string(cell->new_cell->control));
		json_object_set_new(item, "title", json_string(cell->new_cell->title));
		json_object_set_new(item, "from", json_string(status_names[cell->from]));
		json_object_set_new(item, "to", json_string(status_names[cell->to]));
		json_object_set_new(item, "direction",
				    json_string(direction_name(cell->direction)));
		json_object_set_new(item, "gap",
				    note ? json_string(note[0] == 'g' ? "closed" : "opened")
					 : json_null());
		json_object_set_new(item, "risk",
				    metric_json((json_int_t)cell->old_cell->risk,
						(json_int_t)cell->new_cell->risk));
		json_array_append_new(cells, item);
	}
	json_object_set_new(root, "cells", cells);

	json_t *responsibilities = json_array();
	for (size_t i = 0; i < diff->responsibility_count; i++) {
		const struct diff_responsibility *r = &diff->responsibilities[i];
		json_t *item = json_object();
		json_object_set_new(item, "service", json_string(r->service));
		json_object_set_new(item, "control", json_string(r->control));
		json_object_set_new(item, "from", json_string(responsibility_names[r->from]));
		json_object_set_new(item, "to", json_string(responsibility_names[r->to]));
		json_array_append_new(responsibilities, item);
	}
	json_object_set_new(root, "responsibility_changes", responsibilities);
	return root;
}

int render_diff(FILE *out, const struct diff *diff, enum diff_format format)
{
	switch (format) {
	case DIFF_FORMAT_TABLE:
		render_table_view(out, diff);
		break;
	case DIFF_FORMAT_MARKDOWN:
		render_markdown_view(out, diff);
		break;
	case DIFF_FORMAT_JSON: {
		json_t *root = diff_json(diff);
		int failed = json_dumpf(root, out,
					JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						JSON_REAL_PRECISION(4)) < 0;
		json_decref(root);
		if (failed || fputc('\n', out) == EOF)
			return -1;
		break;
	}
	}
	return ferror(out) ? -1 : 0;
}
