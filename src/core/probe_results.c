/*
 * Storage, streaming and summaries of probe results. Results are either
 * kept (sorted, so a listing does not depend on directory order) or passed
 * to a sink as they are found; an assessment keeps per-control summaries
 * with a bounded sample, never the results themselves.
 */
#include "core/probe_results.h"

#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "util/xalloc.h"

const char *const probe_outcome_names[PROBE_OUTCOME_COUNT] = {"pass", "fail", "error", "skip"};

void probe_results_init(struct probe_results *results)
{
	memset(results, 0, sizeof(*results));
	arena_init(&results->arena);
}

void probe_results_release(struct probe_results *results)
{
	free(results->items);
	free(results->unrecognized);
	arena_release(&results->arena);
	memset(results, 0, sizeof(*results));
}

static const char *copy(struct arena *arena, const char *text)
{
	return text ? arena_strdup(arena, text) : NULL;
}

void probe_results_add(struct probe_results *results, const char *probe, const char *title,
		       const char *const *controls, enum probe_outcome outcome, const char *subject,
		       const char *detail, const char *file, const char *pointer)
{
	results->outcomes[outcome]++;
	if (results->sink) {
		const struct probe_result result = {
			.probe = probe,
			.title = title,
			.controls = controls,
			.outcome = outcome,
			.subject = subject,
			.detail = detail,
			.file = file,
			.pointer = pointer,
		};
		results->sink->result(results->sink->context, &result);
		return;
	}
	results->items = xgrow(results->items, &results->capacity, results->count + 1,
			       sizeof(*results->items));
	struct probe_result *result = &results->items[results->count++];
	result->probe = probe;
	result->title = title;
	result->controls = controls;
	result->outcome = outcome;
	result->subject = copy(&results->arena, subject);
	result->detail = copy(&results->arena, detail);
	result->file = copy(&results->arena, file);
	result->pointer = copy(&results->arena, pointer);
}

void probe_results_add_unrecognized(struct probe_results *results, const char *file)
{
	results->unrecognized =
		xgrow(results->unrecognized, &results->unrecognized_capacity,
		      results->unrecognized_count + 1, sizeof(*results->unrecognized));
	results->unrecognized[results->unrecognized_count++] = copy(&results->arena, file);
}

static int compare_optional(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int compare_results(const void *left, const void *right)
{
	const struct probe_result *a = left, *b = right;
	int order = compare_optional(a->file, b->file);
	if (!order)
		order = compare_optional(a->pointer, b->pointer);
	if (!order)
		order = strcmp(a->probe, b->probe);
	if (!order)
		order = compare_optional(a->subject, b->subject);
	if (!order)
		order = (int)a->outcome - (int)b->outcome;
	if (!order)
		order = compare_optional(a->detail, b->detail);
	return order;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void probe_results_sort(struct probe_results *results)
{
	if (results->count)
		qsort(results->items, results->count, sizeof(*results->items), compare_results);
	if (results->unrecognized_count)
		qsort(results->unrecognized, results->unrecognized_count,
		      sizeof(*results->unrecognized), compare_names);
}

/* ---------------------------------------------------------------- summaries */

void probe_summaries_init(struct probe_summaries *summaries, const struct catalog *catalog,
			  size_t sample_size)
{
	memset(summaries, 0, sizeof(*summaries));
	arena_init(&summaries->arena);
	summaries->catalog = catalog;
	summaries->sample_size = sample_size;
	summaries->controls = xcalloc(catalog->control_count + 1, sizeof(*summaries->controls));
}

void probe_summaries_release(struct probe_summaries *summaries)
{
	if (summaries->controls)
		for (size_t i = 0; i < summaries->catalog->control_count; i++)
			free(summaries->controls[i].probes);
	free(summaries->controls);
	free(summaries->totals);
	arena_release(&summaries->arena);
	memset(summaries, 0, sizeof(*summaries));
}

/* The summary of `result`'s probe in `list`, added (with room for `samples`) when new. */
static struct probe_summary *summary_for(struct probe_summaries *summaries,
					 struct probe_summary **list, size_t *count,
					 size_t *capacity, const struct probe_result *result,
					 size_t samples)
{
	for (size_t i = 0; i < *count; i++)
		if ((*list)[i].probe == result->probe || !strcmp((*list)[i].probe, result->probe))
			return &(*list)[i];
	*list = xgrow(*list, capacity, *count + 1, sizeof(**list));
	struct probe_summary *summary = &(*list)[(*count)++];
	memset(summary, 0, sizeof(*summary));
	summary->probe = arena_strdup(&summaries->arena, result->probe);
	summary->title = arena_strdup(&summaries->arena, result->title);
	/* Failing samples from the front, erroring ones held apart behind them. */
	if (samples)
		summary->samples = arena_alloc_array(&summaries->arena, 2 * samples,
						     sizeof(*summary->samples));
	return summary;
}

static void keep_sample(struct probe_summaries *summaries, struct probe_sample *sample,
			const struct probe_result *result)
{
	sample->outcome = result->outcome;
	sample->subject = copy(&summaries->arena, result->subject);
	sample->detail = copy(&summaries->arena, result->detail);
	sample->file = copy(&summaries->arena, result->file);
	sample->pointer = copy(&summaries->arena, result->pointer);
}

void probe_summaries_add(struct probe_summaries *summaries, const struct probe_result *result)
{
	size_t size = summaries->sample_size;
	summary_for(summaries, &summaries->totals, &summaries->total_count,
		    &summaries->total_capacity, result, 0)
		->outcomes[result->outcome]++;
	for (size_t c = 0; result->controls[c]; c++) {
		const struct catalog_control *found =
			catalog_find_control(summaries->catalog, result->controls[c]);
		if (!found)
			continue;
		struct control_probes *control = &summaries->controls[found->index];
		if (result->outcome == PROBE_PASS)
			control->tally.pass++;
		else if (result->outcome == PROBE_FAIL)
			control->tally.fail++;
		else if (result->outcome == PROBE_ERROR)
			control->tally.error++;
		else
			control->tally.skip++;
		struct probe_summary *summary =
			summary_for(summaries, &control->probes, &control->count,
				    &control->capacity, result, size);
		summary->outcomes[result->outcome]++;
		if (result->outcome == PROBE_FAIL && summary->sample_count < size)
			keep_sample(summaries, &summary->samples[summary->sample_count++], result);
		else if (result->outcome == PROBE_ERROR && summary->errors_held < size)
			keep_sample(summaries, &summary->samples[size + summary->errors_held++],
				    result);
	}
}

static void sink_result(void *context, const struct probe_result *result)
{
	probe_summaries_add(context, result);
}

void probe_summaries_sink(struct probe_summaries *summaries, struct probe_sink *sink)
{
	sink->result = sink_result;
	sink->context = summaries;
}

static int compare_summaries(const void *left, const void *right)
{
	const struct probe_summary *a = left, *b = right;
	return strcmp(a->probe, b->probe);
}

const struct control_probes *probe_summaries_finish(struct probe_summaries *summaries)
{
	size_t size = summaries->sample_size;
	for (size_t i = 0; i < summaries->catalog->control_count; i++) {
		struct control_probes *control = &summaries->controls[i];
		for (size_t p = 0; p < control->count; p++) {
			struct probe_summary *summary = &control->probes[p];
			size_t errors = size - summary->sample_count;
			if (errors > summary->errors_held)
				errors = summary->errors_held;
			if (errors)
				memmove(&summary->samples[summary->sample_count],
					&summary->samples[size],
					errors * sizeof(*summary->samples));
			summary->sample_count += errors;
			summary->errors_held = 0;
		}
		if (control->count > 1)
			qsort(control->probes, control->count, sizeof(*control->probes),
			      compare_summaries);
	}
	if (summaries->total_count > 1)
		qsort(summaries->totals, summaries->total_count, sizeof(*summaries->totals),
		      compare_summaries);
	return summaries->controls;
}
