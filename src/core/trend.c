/*
 * Building a trend (core/trend.h): each assessment of the history is read,
 * compared with the one before it by diff_compute, reduced to a row and
 * dropped. Environments are tracked by name in a hash table for the movers
 * and the chart series. Nothing here reads files itself or prints.
 */
#include "core/trend.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diff.h"
#include "io/history.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* One environment seen in the window: its first and last open risk, and its chart points. */
struct tracked {
	char *name;
	char first_date[11];
	char last_date[11];
	unsigned long first_risk;
	unsigned long last_risk;
	size_t series; /* index in trend->series, when options->series */
};

struct builder {
	struct trend *trend;
	const struct trend_options *options;
	struct diag_list *diags;
	struct saved_assessment previous;
	bool have_previous;
	size_t row_capacity;
	size_t series_capacity;
	/* Environments by name: open addressing over `tracked`, indices + 1 (0: empty). */
	struct tracked *tracked;
	size_t tracked_count, tracked_capacity;
	size_t *slots;
	size_t slot_count; /* a power of two, at least twice tracked_count */
	/* The last few status words seen, by address: index lines share one copy of each. */
	const char *cached_words[16];
	enum cell_status cached_status[16];
	size_t cached_next;
};

/* ------------------------------------------------------------------ statuses */

static int status_lookup(struct builder *b, const char *word)
{
	for (size_t i = 0; i < 16; i++)
		if (b->cached_words[i] == word)
			return (int)b->cached_status[i];
	for (int s = 0; s < STATUS_COUNT; s++) {
		if (strcmp(word, status_names[s]))
			continue;
		b->cached_words[b->cached_next] = word;
		b->cached_status[b->cached_next] = (enum cell_status)s;
		b->cached_next = (b->cached_next + 1) % 16;
		return s;
	}
	return -1;
}

/* Addresses of released words may be reused for other words: forget them all. */
static void forget_words(struct builder *b)
{
	memset(b->cached_words, 0, sizeof(b->cached_words));
}

/* Every cell's status is one this srgap knows; else a warning and false. */
static bool known_statuses(struct builder *b, const struct saved_assessment *assessment)
{
	for (size_t e = 0; e < assessment->environment_count; e++) {
		const struct saved_environment *environment = &assessment->environments[e];
		for (size_t c = 0; c < environment->cell_count; c++) {
			if (status_lookup(b, environment->cells[c].status) >= 0)
				continue;
			diag_warning(b->diags, assessment->path, 0, 0, "history.skipped",
				     "skipped: environments[%zu].cells[%zu].status: unknown "
				     "status '%s'",
				     e, c, environment->cells[c].status);
			return false;
		}
	}
	return true;
}

static void count_statuses(struct builder *b, const struct saved_environment *environment,
			   unsigned long *status)
{
	for (size_t c = 0; c < environment->cell_count; c++)
		status[status_lookup(b, environment->cells[c].status)]++;
}

/* ------------------------------------------------------------------ environments by name */

static uint64_t hash_name(const char *name)
{
	uint64_t hash = 14695981039346656037ULL; /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		hash = (hash ^ *c) * 1099511628211ULL;
	return hash;
}

static void rehash(struct builder *b)
{
	free(b->slots);
	b->slot_count = b->slot_count ? b->slot_count * 2 : 64;
	b->slots = xcalloc(b->slot_count, sizeof(*b->slots));
	for (size_t i = 0; i < b->tracked_count; i++) {
		size_t slot = (size_t)hash_name(b->tracked[i].name) & (b->slot_count - 1);
		while (b->slots[slot])
			slot = (slot + 1) & (b->slot_count - 1);
		b->slots[slot] = i + 1;
	}
}

static struct tracked *track(struct builder *b, const char *name, bool *created)
{
	if (2 * (b->tracked_count + 1) > b->slot_count)
		rehash(b);
	size_t slot = (size_t)hash_name(name) & (b->slot_count - 1);
	for (; b->slots[slot]; slot = (slot + 1) & (b->slot_count - 1))
		if (!strcmp(b->tracked[b->slots[slot] - 1].name, name)) {
			*created = false;
			return &b->tracked[b->slots[slot] - 1];
		}
	b->tracked =
		xgrow(b->tracked, &b->tracked_capacity, b->tracked_count + 1, sizeof(*b->tracked));
	struct tracked *tracked = &b->tracked[b->tracked_count++];
	memset(tracked, 0, sizeof(*tracked));
	tracked->name = xstrdup(name);
	b->slots[slot] = b->tracked_count;
	*created = true;
	return tracked;
}

/* ------------------------------------------------------------------ rows */

static const struct saved_environment *find_environment(const struct saved_assessment *assessment,
							const char *name)
{
	for (size_t e = 0; e < assessment->environment_count; e++)
		if (!strcmp(assessment->environments[e].name, name))
			return &assessment->environments[e];
	return NULL;
}

static bool lost_met(const struct diff_cell *change)
{
	return change->from == STATUS_MET && change->to != STATUS_MET &&
	       change->to != STATUS_PROVIDER && change->to != STATUS_NOT_APPLICABLE;
}

static void release_regression(struct trend_regression *regression)
{
	for (size_t i = 0; i < regression->lost_count; i++) {
		free(regression->lost[i].environment);
		free(regression->lost[i].control);
	}
	free(regression->lost);
	memset(regression, 0, sizeof(*regression));
}

/* The row against the assessment before it: gap counts, and the regression test's findings. */
static void compare(struct builder *b, struct trend_row *row,
		    const struct saved_assessment *current)
{
	const char *name = b->options->environment;
	struct diff diff;
	diff_compute(&diff, &b->previous, current);
	struct trend_regression *regression = &b->trend->regression;
	release_regression(regression);
	size_t capacity = 0;
	for (size_t i = 0; i < diff.cell_count; i++) {
		const struct diff_cell *change = &diff.cells[i];
		if (name && strcmp(change->environment, name))
			continue;
		row->gaps_closed +=
			diff_status_is_gap(change->from) && !diff_status_is_gap(change->to);
		row->gaps_opened +=
			!diff_status_is_gap(change->from) && diff_status_is_gap(change->to);
		if (!lost_met(change))
			continue;
		regression->lost = xgrow(regression->lost, &capacity, regression->lost_count + 1,
					 sizeof(*regression->lost));
		regression->lost[regression->lost_count++] =
			(struct trend_lost){xstrdup(change->environment),
					    xstrdup(change->new_cell->control), change->to};
	}
	diff_release(&diff);
	const struct saved_environment *before = name ? find_environment(&b->previous, name) : NULL;
	if (!name || (before && row->present)) {
		regression->before = name ? before->summary : b->previous.summary;
		regression->after = row->summary;
		regression->coverage_down =
			regression->after.coverage_permille < regression->before.coverage_permille;
		regression->risk_up = regression->after.risk > regression->before.risk;
	}
}

static void add_point(struct builder *b, struct tracked *tracked,
		      const struct saved_environment *environment, bool created)
{
	struct trend *trend = b->trend;
	if (created) {
		trend->series = xgrow(trend->series, &b->series_capacity, trend->series_count + 1,
				      sizeof(*trend->series));
		tracked->series = trend->series_count++;
		struct trend_series *series = &trend->series[tracked->series];
		memset(series, 0, sizeof(*series));
		series->environment = xstrdup(environment->name);
		/* Absent from the rows before this one. */
		series->points = xcalloc(trend->row_count, sizeof(*series->points));
		series->risk_low = environment->summary.risk;
		series->risk_high = environment->summary.risk;
	}
	/* pad_series has given every older series a point for this row. */
	struct trend_series *series = &trend->series[tracked->series];
	struct trend_point *point = &series->points[trend->row_count - 1];
	*point = (struct trend_point){true, environment->summary.coverage_permille,
				      environment->summary.risk};
	if (point->risk < series->risk_low)
		series->risk_low = point->risk;
	if (point->risk > series->risk_high)
		series->risk_high = point->risk;
}

/* Zero points (absent) for every series that has none yet at the current row. */
static void pad_series(struct builder *b, size_t rows_before)
{
	struct trend *trend = b->trend;
	for (size_t s = 0; s < trend->series_count; s++) {
		struct trend_series *series = &trend->series[s];
		series->points =
			xrealloc(series->points, trend->row_count * sizeof(*series->points));
		for (size_t r = rows_before; r < trend->row_count; r++)
			series->points[r] = (struct trend_point){0};
	}
}

static void track_environments(struct builder *b, const struct saved_assessment *current,
			       const char *date)
{
	size_t padded = b->trend->row_count - 1;
	if (b->options->series)
		pad_series(b, padded);
	for (size_t e = 0; e < current->environment_count; e++) {
		const struct saved_environment *environment = &current->environments[e];
		bool created;
		struct tracked *tracked = track(b, environment->name, &created);
		if (created) {
			snprintf(tracked->first_date, sizeof(tracked->first_date), "%s", date);
			tracked->first_risk = environment->summary.risk;
		}
		snprintf(tracked->last_date, sizeof(tracked->last_date), "%s", date);
		tracked->last_risk = environment->summary.risk;
		if (b->options->series)
			add_point(b, tracked, environment, created);
	}
}

static void add_row(struct builder *b, const struct saved_assessment *current, const char *file)
{
	struct trend *trend = b->trend;
	const char *name = b->options->environment;
	trend->rows =
		xgrow(trend->rows, &b->row_capacity, trend->row_count + 1, sizeof(*trend->rows));
	struct trend_row *row = &trend->rows[trend->row_count++];
	memset(row, 0, sizeof(*row));
	row->file = xstrdup(file);
	snprintf(row->date, sizeof(row->date), "%s", current->date);
	row->environments = current->environment_count;
	if (name) {
		const struct saved_environment *environment = find_environment(current, name);
		row->present = environment != NULL;
		trend->environment_found |= row->present;
		if (environment) {
			row->summary = environment->summary;
			count_statuses(b, environment, row->status);
		}
	} else {
		row->present = true;
		row->summary = current->summary;
		for (size_t e = 0; e < current->environment_count; e++)
			count_statuses(b, &current->environments[e], row->status);
	}
	row->compared = b->have_previous;
	if (row->compared)
		compare(b, row, current);
	else
		release_regression(&trend->regression);
	/* With an environment, names are tracked only for a did-you-mean. */
	track_environments(b, current, row->date);
}

/* Takes `current` (checked) as the newest assessment so far; it becomes the previous one. */
static void step(struct builder *b, struct saved_assessment *current, const char *file,
		 bool in_window)
{
	if (in_window)
		add_row(b, current, file);
	if (b->have_previous) {
		assessment_json_release(&b->previous);
		forget_words(b);
	}
	b->previous = *current;
	b->have_previous = true;
	memset(current, 0, sizeof(*current));
}

/* ------------------------------------------------------------------ movers */

static int compare_rising(const void *a, const void *b)
{
	const struct trend_mover *x = a, *y = b;
	long dx = (long)x->last_risk - (long)x->first_risk;
	long dy = (long)y->last_risk - (long)y->first_risk;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->environment, y->environment);
}

static int compare_falling(const void *a, const void *b)
{
	const struct trend_mover *x = a, *y = b;
	long dx = (long)x->last_risk - (long)x->first_risk;
	long dy = (long)y->last_risk - (long)y->first_risk;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(x->environment, y->environment);
}

static void pick_movers(struct builder *b)
{
	struct trend *trend = b->trend;
	struct trend_mover *up = xcalloc(b->tracked_count + 1, sizeof(*up));
	struct trend_mover *down = xcalloc(b->tracked_count + 1, sizeof(*down));
	size_t ups = 0, downs = 0;
	for (size_t i = 0; i < b->tracked_count; i++) {
		const struct tracked *tracked = &b->tracked[i];
		struct trend_mover mover = {.environment = tracked->name,
					    .first_risk = tracked->first_risk,
					    .last_risk = tracked->last_risk};
		memcpy(mover.first_date, tracked->first_date, sizeof(mover.first_date));
		memcpy(mover.last_date, tracked->last_date, sizeof(mover.last_date));
		if (mover.last_risk > mover.first_risk)
			up[ups++] = mover;
		else if (mover.last_risk < mover.first_risk)
			down[downs++] = mover;
	}
	qsort(up, ups, sizeof(*up), compare_rising);
	qsort(down, downs, sizeof(*down), compare_falling);
	trend->rising_count = ups < b->options->movers ? ups : b->options->movers;
	trend->falling_count = downs < b->options->movers ? downs : b->options->movers;
	for (size_t i = 0; i < trend->rising_count; i++)
		up[i].environment = xstrdup(up[i].environment);
	for (size_t i = 0; i < trend->falling_count; i++)
		down[i].environment = xstrdup(down[i].environment);
	trend->rising = up;
	trend->falling = down;
}

/* ------------------------------------------------------------------ the whole */

int trend_build(struct trend *trend, struct history *history, const struct trend_options *options,
		struct diag_list *diags)
{
	memset(trend, 0, sizeof(*trend));
	struct builder b = {.trend = trend, .options = options, .diags = diags};
	size_t limit = options->limit < history->readable ? options->limit : history->readable;
	trend->skipped = history->count - history->readable;
	for (size_t i = 0; i < limit; i++) {
		const struct history_file *file = &history->files[i];
		struct saved_assessment current;
		struct diag_list problems;
		diag_list_init(&problems);
		int read = history_read(history, i, &current, &problems);
		/* Readable when the history was opened; a file changed since is skipped too. */
		for (size_t p = 0; p < problems.count; p++)
			diag_warning(diags, problems.items[p].file, problems.items[p].line,
				     problems.items[p].column, "history.skipped", "skipped: %s",
				     problems.items[p].message);
		diag_list_release(&problems);
		if (read < 0 || !known_statuses(&b, &current)) {
			assessment_json_release(&current);
			forget_words(&b);
			trend->skipped++;
			continue;
		}
		step(&b, &current, file->name, file->day >= options->since);
	}
	if (options->current) {
		struct saved_assessment copy = *options->current;
		if (known_statuses(&b, &copy)) {
			/* Borrowed: added as a row, never released here. */
			add_row(&b, &copy, copy.path);
		}
	}
	if (!options->environment) {
		pick_movers(&b);
	} else if (!trend->environment_found) {
		struct suggest suggest;
		suggest_init(&suggest, options->environment);
		for (size_t i = 0; i < b.tracked_count; i++)
			suggest_offer(&suggest, b.tracked[i].name);
		trend->suggestion = suggest.best ? xstrdup(suggest.best) : NULL;
	}
	if (b.have_previous)
		assessment_json_release(&b.previous);
	for (size_t i = 0; i < b.tracked_count; i++)
		free(b.tracked[i].name);
	free(b.tracked);
	free(b.slots);
	return 0;
}

void trend_release(struct trend *trend)
{
	for (size_t i = 0; i < trend->row_count; i++)
		free(trend->rows[i].file);
	free(trend->rows);
	for (size_t i = 0; i < trend->rising_count; i++)
		free(trend->rising[i].environment);
	for (size_t i = 0; i < trend->falling_count; i++)
		free(trend->falling[i].environment);
	free(trend->rising);
	free(trend->falling);
	release_regression(&trend->regression);
	for (size_t i = 0; i < trend->series_count; i++) {
		free(trend->series[i].environment);
		free(trend->series[i].points);
	}
	free(trend->series);
	free(trend->suggestion);
	memset(trend, 0, sizeof(*trend));
}

bool trend_regressed(const struct trend *trend)
{
	if (!trend->row_count || !trend->rows[trend->row_count - 1].compared)
		return false;
	const struct trend_regression *regression = &trend->regression;
	return regression->coverage_down || regression->risk_up || regression->lost_count;
}
