/*
 * Building the Progress section's model (render/progress.h): the trend of
 * the history up to this assessment, with every environment's points, cut
 * down to what the charts show, and the diff against the assessment before.
 */
#include "render/progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/history.h"
#include "render/report.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The smallest of 1, 2, 2.5 and 5 times a power of ten at least `value` (10 at least). */
static double round_high(double value)
{
	static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
	for (double scale = 1;; scale *= 10)
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (steps[i] * scale >= value && steps[i] * scale >= 10)
				return steps[i] * scale;
}

static void line_init(struct progress_line *line, size_t count)
{
	line->values = xcalloc(count + 1, sizeof(*line->values));
	line->present = xcalloc(count + 1, sizeof(*line->present));
}

static void line_set(struct progress_line *line, size_t at, double value)
{
	line->values[at] = value;
	line->present[at] = true;
	if (!line->has_first_last)
		line->first = value;
	line->last = value;
	line->has_first_last = true;
}

static void line_release(struct progress_line *line)
{
	free(line->values);
	free(line->present);
}

/* Risk axes share one top per chart group, so small multiples compare at a glance. */
static double risk_high(const struct progress_line *line, size_t count)
{
	double high = 0;
	for (size_t i = 0; i < count; i++)
		if (line->present[i] && line->values[i] > high)
			high = line->values[i];
	return round_high(high);
}

static void fill_estate(struct report_progress *progress)
{
	const struct trend *trend = &progress->trend;
	struct progress_series *estate = &progress->estate;
	line_init(&estate->coverage, trend->row_count);
	line_init(&estate->risk, trend->row_count);
	for (size_t r = 0; r < trend->row_count; r++) {
		line_set(&estate->coverage, r, trend->rows[r].summary.coverage_permille / 10.0);
		line_set(&estate->risk, r, (double)trend->rows[r].summary.risk);
	}
	estate->coverage.high = 100;
	estate->risk.high = risk_high(&estate->risk, trend->row_count);
}

/* An environment of this assessment, by its open risk now. */
struct ranked {
	unsigned long risk;
	const struct trend_series *series;
};

/* Most open risk in this assessment first, then by name. */
static int compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->risk != y->risk)
		return x->risk > y->risk ? -1 : 1;
	return strcmp(x->series->environment, y->series->environment);
}

static void fill_environments(struct report_progress *progress)
{
	const struct trend *trend = &progress->trend;
	size_t last = trend->row_count - 1;
	struct ranked *now = xcalloc(trend->series_count + 1, sizeof(*now));
	size_t count = 0;
	for (size_t s = 0; s < trend->series_count; s++)
		if (trend->series[s].points[last].present)
			now[count++] = (struct ranked){trend->series[s].points[last].risk,
						       &trend->series[s]};
	qsort(now, count, sizeof(*now), compare_ranked);
	progress->environments_total = count;
	progress->environment_count = count < PROGRESS_ENVIRONMENTS ? count : PROGRESS_ENVIRONMENTS;
	progress->environments =
		xcalloc(progress->environment_count + 1, sizeof(*progress->environments));
	double high = 0;
	for (size_t e = 0; e < progress->environment_count; e++) {
		struct progress_series *series = &progress->environments[e];
		series->name = now[e].series->environment;
		line_init(&series->coverage, trend->row_count);
		line_init(&series->risk, trend->row_count);
		for (size_t r = 0; r < trend->row_count; r++) {
			const struct trend_point *point = &now[e].series->points[r];
			if (!point->present)
				continue;
			line_set(&series->coverage, r, point->coverage_permille / 10.0);
			line_set(&series->risk, r, (double)point->risk);
		}
		series->coverage.high = 100;
		double own = risk_high(&series->risk, trend->row_count);
		high = own > high ? own : high;
	}
	for (size_t e = 0; e < progress->environment_count; e++)
		progress->environments[e].risk.high = high;
	free(now);
}

/* The changes for the worse first, then for the better, then the others; diff order within. */
static int change_rank(const struct diff_cell *change)
{
	return change->direction > 0 ? 0 : change->direction < 0 ? 1 : 2;
}

static void pick_changes(struct report_progress *progress)
{
	const struct diff *diff = &progress->diff;
	progress->changes = xcalloc(PROGRESS_CHANGES + 1, sizeof(*progress->changes));
	for (int rank = 0; rank < 3; rank++)
		for (size_t i = 0;
		     i < diff->cell_count && progress->change_count < PROGRESS_CHANGES; i++)
			if (change_rank(&diff->cells[i]) == rank)
				progress->changes[progress->change_count++] = &diff->cells[i];
}

/* The assessment before this one, read whole (titles and all) for the changes table. */
static void compare_previous(struct report_progress *progress, const char *history_dir,
			     struct diag_list *diags)
{
	const struct trend *trend = &progress->trend;
	if (trend->row_count < 2)
		return;
	const char *file = trend->rows[trend->row_count - 2].file;
	struct strbuf path;
	strbuf_init(&path);
	strbuf_addf(&path, "%s/%s", history_dir, file);
	struct diag_list problems;
	diag_list_init(&problems);
	if (diff_load(&progress->previous, path.buf, &problems) < 0) {
		/* Changed since the history was read: the charts stand, the table goes. */
		for (size_t p = 0; p < problems.count; p++)
			diag_warning(diags, problems.items[p].file, problems.items[p].line,
				     problems.items[p].column, "history.skipped",
				     "skipped for the Progress section's changes: %s",
				     problems.items[p].message);
	} else {
		diff_compute(&progress->diff, &progress->previous, &progress->current);
		progress->compared = true;
		progress->previous_date = progress->previous.date;
		pick_changes(progress);
	}
	diag_list_release(&problems);
	strbuf_release(&path);
}

int report_progress_build(struct report_progress *progress, const char *history_dir,
			  const char *assessment_path, struct diag_list *diags)
{
	memset(progress, 0, sizeof(*progress));
	if (diff_load(&progress->current, assessment_path, diags) < 0)
		return -1;
	struct history history;
	if (history_open(&history, history_dir, diags) < 0) {
		history_close(&history);
		return -1;
	}
	/* The history up to this assessment: before its own copy, or up to its date. */
	long self = history_find_copy(&history, assessment_path, progress->current.date);
	size_t limit = 0;
	long day = 0;
	if (self >= 0)
		limit = (size_t)self;
	else if (date_parse(progress->current.date, &day))
		while (limit < history.readable && history.files[limit].day <= day)
			limit++;
	struct trend_options options = TREND_OPTIONS_INIT;
	options.limit = limit;
	options.current = &progress->current;
	options.series = true;
	options.movers = 0;
	int built = trend_build(&progress->trend, &history, &options, diags);
	history_close(&history);
	if (built < 0 || !progress->trend.row_count)
		return -1;
	const struct trend *trend = &progress->trend;
	progress->count = trend->row_count;
	progress->skipped = trend->skipped;
	progress->dates = xcalloc(trend->row_count, sizeof(*progress->dates));
	progress->days = xcalloc(trend->row_count, sizeof(*progress->days));
	for (size_t r = 0; r < trend->row_count; r++) {
		memcpy(progress->dates[r], trend->rows[r].date, sizeof(progress->dates[r]));
		if (!date_parse(trend->rows[r].date, &progress->days[r]))
			progress->days[r] = r ? progress->days[r - 1] : 0;
		/* Same-day runs and any disorder: x never goes back. */
		if (r && progress->days[r] < progress->days[r - 1])
			progress->days[r] = progress->days[r - 1];
	}
	fill_estate(progress);
	fill_environments(progress);
	compare_previous(progress, history_dir, diags);
	return 0;
}

void report_progress_release(struct report_progress *progress)
{
	line_release(&progress->estate.coverage);
	line_release(&progress->estate.risk);
	for (size_t e = 0; e < progress->environment_count; e++) {
		line_release(&progress->environments[e].coverage);
		line_release(&progress->environments[e].risk);
	}
	free(progress->environments);
	free(progress->changes);
	if (progress->compared)
		diff_release(&progress->diff);
	assessment_json_release(&progress->previous);
	assessment_json_release(&progress->current);
	trend_release(&progress->trend);
	free(progress->dates);
	free(progress->days);
	memset(progress, 0, sizeof(*progress));
}

/* ------------------------------------------------------------------ wording */

static void expand(struct strbuf *out, const struct report_templates *templates, const char *key,
		   const char *const *names, const char *const *values, size_t count)
{
	report_expand(out, report_text(templates, key), names, values, count);
}

void report_progress_intro(struct strbuf *out, const struct report_progress *progress,
			   const struct report_templates *templates)
{
	char count[24], skipped[24];
	snprintf(count, sizeof(count), "%zu", progress->count);
	snprintf(skipped, sizeof(skipped), "%zu", progress->skipped);
	const char *names[] = {"count", "first", "last", "skipped"};
	const char *values[] = {count, progress->dates[0], progress->dates[progress->count - 1],
				skipped};
	expand(out, templates, progress->count > 1 ? "progress.intro" : "progress.first", names,
	       values, 4);
	if (progress->skipped) {
		strbuf_addch(out, ' ');
		expand(out, templates, "progress.skipped", names, values, 4);
	}
}

static void format_value(char *out, size_t size, double value, bool percent)
{
	if (percent)
		snprintf(out, size, "%.1f", value);
	else
		snprintf(out, size, "%.0f", value);
}

void report_progress_line_summary(struct strbuf *out, const struct progress_line *line,
				  bool percent, const struct report_templates *templates)
{
	if (!line->has_first_last)
		return;
	char first[32], last[32];
	format_value(first, sizeof(first), line->first, percent);
	format_value(last, sizeof(last), line->last, percent);
	const char *names[] = {"first", "last"};
	const char *values[] = {first, last};
	expand(out, templates, "progress.change", names, values, 2);
}

void report_progress_changes_intro(struct strbuf *out, const struct report_progress *progress,
				   const struct report_templates *templates)
{
	const struct diff *diff = &progress->diff;
	char numbers[6][24];
	size_t counts[6] = {diff->gaps_opened, diff->gaps_closed, diff->worse,
			    diff->better,      diff->added_count, diff->removed_count};
	for (size_t i = 0; i < 6; i++)
		snprintf(numbers[i], sizeof(numbers[i]), "%zu", counts[i]);
	const char *names[] = {"previous", "gaps_opened", "gaps_closed", "worse",
			       "better",   "added",	  "removed"};
	const char *values[] = {progress->previous_date,
				numbers[0],
				numbers[1],
				numbers[2],
				numbers[3],
				numbers[4],
				numbers[5]};
	expand(out, templates,
	       diff_is_empty(diff) ? "progress.changes_none" : "progress.changes_intro", names,
	       values, 7);
}

void report_progress_changes_more(struct strbuf *out, const struct report_progress *progress,
				  const struct report_templates *templates)
{
	size_t more = progress->diff.cell_count - progress->change_count;
	if (!more)
		return;
	char count[24];
	snprintf(count, sizeof(count), "%zu", more);
	const char *names[] = {"count", "previous"};
	const char *values[] = {count, progress->previous.path};
	expand(out, templates, "progress.changes_more", names, values, 2);
}

const char *report_progress_direction(const struct diff_cell *change,
				      const struct report_templates *templates)
{
	return report_text(templates, change->direction > 0   ? "progress.worse"
				      : change->direction < 0 ? "progress.better"
							      : "progress.same");
}
