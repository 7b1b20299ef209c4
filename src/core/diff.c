/*
 * The diff of two saved assessments. Environments are matched by name and
 * cells by control id, both runs staying as loaded (the diff points into
 * them). It computes and classifies; rendering is in src/render/diff.c.
 */
#include "core/diff.h"

#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/xalloc.h"

static int lookup(const char *name, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

int diff_load(struct saved_assessment *assessment, const char *path, struct diag_list *diags)
{
	if (assessment_json_load(assessment, path, diags) < 0)
		return -1;
	for (size_t e = 0; e < assessment->environment_count; e++) {
		const struct saved_environment *environment = &assessment->environments[e];
		for (size_t c = 0; c < environment->cell_count; c++) {
			const struct saved_cell *cell = &environment->cells[c];
			if (lookup(cell->status, status_names, STATUS_COUNT) < 0)
				return diag_error(diags, path, 0, 0, "assessment.bad-field",
						  "environments[%zu].cells[%zu].status: unknown "
						  "status '%s'",
						  e, c, cell->status);
			if (lookup(cell->responsibility, responsibility_names,
				   RESPONSIBILITY_COUNT) < 0)
				return diag_error(diags, path, 0, 0, "assessment.bad-field",
						  "environments[%zu].cells[%zu].responsibility: "
						  "unknown responsibility '%s'",
						  e, c, cell->responsibility);
		}
	}
	for (size_t s = 0; s < assessment->service_count; s++) {
		const struct saved_service *service = &assessment->services[s];
		for (size_t a = 0; a < service->answer_count; a++)
			if (lookup(service->answers[a].responsibility, responsibility_names,
				   RESPONSIBILITY_COUNT) < 0)
				return diag_error(
					diags, path, 0, 0, "assessment.bad-field",
					"models.services[\"%s\"].controls[\"%s\"]: unknown "
					"responsibility '%s'",
					service->path, service->answers[a].control,
					service->answers[a].responsibility);
	}
	return 0;
}

int diff_status_rank(enum cell_status status)
{
	static const int rank[STATUS_COUNT] = {
		[STATUS_CLAIMED] = 1,
		[STATUS_PARTIAL] = 2,
		[STATUS_GAP] = 3,
		[STATUS_CONTRADICTED] = 4,
	};
	return rank[status];
}

bool diff_status_is_gap(enum cell_status status)
{
	return status == STATUS_GAP || status == STATUS_CONTRADICTED;
}

static int compare_names(const void *a, const void *b)
{
	const struct saved_environment *const *x = a, *const *y = b;
	int order = strcmp((*x)->name, (*y)->name);
	/* Names are unique in an inventory; the pointer order keeps qsort deterministic anyway. */
	return order ? order : (*x > *y) - (*x < *y);
}

static const struct saved_environment **sorted_by_name(const struct saved_assessment *run)
{
	const struct saved_environment **sorted =
		xcalloc(run->environment_count + 1, sizeof(*sorted));
	for (size_t i = 0; i < run->environment_count; i++)
		sorted[i] = &run->environments[i];
	qsort(sorted, run->environment_count, sizeof(*sorted), compare_names);
	return sorted;
}

/* Cells are in catalog order in both runs, so the same index almost always matches. */
static const struct saved_cell *find_cell(const struct saved_environment *environment, size_t hint,
					  const char *control)
{
	if (hint < environment->cell_count && !strcmp(environment->cells[hint].control, control))
		return &environment->cells[hint];
	for (size_t i = 0; i < environment->cell_count; i++)
		if (!strcmp(environment->cells[i].control, control))
			return &environment->cells[i];
	return NULL;
}

static bool summary_worse(const struct saved_summary *old_summary,
			  const struct saved_summary *new_summary)
{
	return new_summary->risk > old_summary->risk ||
	       new_summary->coverage_permille < old_summary->coverage_permille ||
	       new_summary->customer_share > old_summary->customer_share;
}

static void compare_cells(struct diff *diff, const struct diff_environment *pair, size_t *capacity)
{
	const struct saved_environment *new_env = pair->new_env;
	for (size_t i = 0; i < new_env->cell_count; i++) {
		const struct saved_cell *new_cell = &new_env->cells[i];
		const struct saved_cell *old_cell = find_cell(pair->old_env, i, new_cell->control);
		if (!old_cell || !strcmp(old_cell->status, new_cell->status))
			continue;
		diff->cells =
			xgrow(diff->cells, capacity, diff->cell_count + 1, sizeof(*diff->cells));
		struct diff_cell *change = &diff->cells[diff->cell_count++];
		change->environment = new_env->name;
		change->old_cell = old_cell;
		change->new_cell = new_cell;
		change->from =
			(enum cell_status)lookup(old_cell->status, status_names, STATUS_COUNT);
		change->to = (enum cell_status)lookup(new_cell->status, status_names, STATUS_COUNT);
		int from = diff_status_rank(change->from), to = diff_status_rank(change->to);
		change->direction = (to > from) - (to < from);
		diff->better += change->direction < 0;
		diff->worse += change->direction > 0;
		diff->gaps_closed +=
			diff_status_is_gap(change->from) && !diff_status_is_gap(change->to);
		diff->gaps_opened +=
			!diff_status_is_gap(change->from) && diff_status_is_gap(change->to);
	}
}

static void compare_environments(struct diff *diff)
{
	const struct saved_assessment *old_run = diff->old_run, *new_run = diff->new_run;
	const struct saved_environment **old_sorted = sorted_by_name(old_run);
	const struct saved_environment **new_sorted = sorted_by_name(new_run);
	/* Indexed by the new run's environments: the old environment of the same name. */
	const struct saved_environment **partner =
		xcalloc(new_run->environment_count + 1, sizeof(*partner));
	bool *kept = xcalloc(old_run->environment_count + 1, sizeof(*kept));
	for (size_t o = 0, n = 0;
	     o < old_run->environment_count && n < new_run->environment_count;) {
		int order = strcmp(old_sorted[o]->name, new_sorted[n]->name);
		if (order == 0) {
			partner[new_sorted[n] - new_run->environments] = old_sorted[o];
			kept[old_sorted[o] - old_run->environments] = true;
		}
		o += order <= 0;
		n += order >= 0;
	}
	diff->environments = xcalloc(new_run->environment_count + 1, sizeof(*diff->environments));
	diff->added = xcalloc(new_run->environment_count + 1, sizeof(*diff->added));
	diff->removed = xcalloc(old_run->environment_count + 1, sizeof(*diff->removed));
	size_t capacity = 0;
	for (size_t n = 0; n < new_run->environment_count; n++) {
		const struct saved_environment *new_env = &new_run->environments[n];
		if (!partner[n]) {
			diff->added[diff->added_count++] = new_env;
			continue;
		}
		struct diff_environment *pair = &diff->environments[diff->environment_count++];
		pair->old_env = partner[n];
		pair->new_env = new_env;
		pair->moved = strcmp(pair->old_env->provider, new_env->provider) ||
			      strcmp(pair->old_env->service, new_env->service) ||
			      strcmp(pair->old_env->registry, new_env->registry);
		pair->worse = summary_worse(&pair->old_env->summary, &new_env->summary);
		diff->worse_environments += pair->worse;
		compare_cells(diff, pair, &capacity);
	}
	for (size_t o = 0; o < old_run->environment_count; o++)
		if (!kept[o])
			diff->removed[diff->removed_count++] = &old_run->environments[o];
	free(kept);
	free(partner);
	free(new_sorted);
	free(old_sorted);
}

/* Services are sorted by path in both runs (io/assessment_json.c): merge them. */
static void compare_models(struct diff *diff)
{
	const struct saved_assessment *old_run = diff->old_run, *new_run = diff->new_run;
	size_t capacity = 0;
	for (size_t o = 0, n = 0; o < old_run->service_count && n < new_run->service_count;) {
		const struct saved_service *old_service = &old_run->services[o];
		const struct saved_service *new_service = &new_run->services[n];
		int order = strcmp(old_service->path, new_service->path);
		o += order <= 0;
		n += order >= 0;
		if (order)
			continue;
		for (size_t a = 0; a < new_service->answer_count; a++) {
			const struct saved_answer *answer = &new_service->answers[a];
			const struct saved_answer *before = NULL;
			for (size_t b = 0; b < old_service->answer_count && !before; b++)
				if (!strcmp(old_service->answers[b].control, answer->control))
					before = &old_service->answers[b];
			if (!before || !strcmp(before->responsibility, answer->responsibility))
				continue;
			diff->responsibilities = xgrow(diff->responsibilities, &capacity,
						       diff->responsibility_count + 1,
						       sizeof(*diff->responsibilities));
			struct diff_responsibility *change =
				&diff->responsibilities[diff->responsibility_count++];
			change->service = new_service->path;
			change->control = answer->control;
			change->from = (enum responsibility)lookup(
				before->responsibility, responsibility_names, RESPONSIBILITY_COUNT);
			change->to = (enum responsibility)lookup(
				answer->responsibility, responsibility_names, RESPONSIBILITY_COUNT);
		}
	}
}

void diff_compute(struct diff *diff, const struct saved_assessment *old_run,
		  const struct saved_assessment *new_run)
{
	memset(diff, 0, sizeof(*diff));
	diff->old_run = old_run;
	diff->new_run = new_run;
	compare_environments(diff);
	compare_models(diff);
	diff->worse_overall = summary_worse(&old_run->summary, &new_run->summary);
}

void diff_release(struct diff *diff)
{
	free(diff->environments);
	free(diff->added);
	free(diff->removed);
	free(diff->cells);
	free(diff->responsibilities);
	memset(diff, 0, sizeof(*diff));
}

static bool summary_equal(const struct saved_summary *a, const struct saved_summary *b)
{
	return a->cells == b->cells && a->customer_share == b->customer_share &&
	       a->risk == b->risk && a->open == b->open &&
	       a->coverage_permille == b->coverage_permille;
}

bool diff_is_empty(const struct diff *diff)
{
	if (diff->added_count || diff->removed_count || diff->cell_count ||
	    diff->responsibility_count ||
	    !summary_equal(&diff->old_run->summary, &diff->new_run->summary))
		return false;
	for (size_t i = 0; i < diff->environment_count; i++)
		if (diff->environments[i].moved ||
		    !summary_equal(&diff->environments[i].old_env->summary,
				   &diff->environments[i].new_env->summary))
			return false;
	return true;
}

bool diff_has_regression(const struct diff *diff)
{
	return diff->worse || diff->worse_environments || diff->worse_overall;
}
