/*
 * Storage and grouping of probe results. Sorting makes every listing and
 * every assessment independent of directory order and timing.
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

struct control_probes *probe_results_by_control(struct probe_results *results,
						const struct catalog *catalog)
{
	size_t controls = catalog->control_count;
	struct control_probes *by_control =
		arena_alloc_array(&results->arena, controls, sizeof(*by_control));
	/* Two passes: count per control, then fill arena arrays of exactly that size. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < results->count; r++) {
			const struct probe_result *result = &results->items[r];
			for (size_t c = 0; result->controls[c]; c++) {
				const struct catalog_control *control =
					catalog_find_control(catalog, result->controls[c]);
				if (!control)
					continue;
				struct control_probes *entry = &by_control[control->index];
				if (pass == 0) {
					entry->count++;
					if (result->outcome == PROBE_PASS)
						entry->tally.pass++;
					else if (result->outcome == PROBE_FAIL)
						entry->tally.fail++;
					else if (result->outcome == PROBE_ERROR)
						entry->tally.error++;
					else
						entry->tally.skip++;
				} else {
					entry->results[entry->count++] = result;
				}
			}
		}
		if (pass == 0)
			for (size_t i = 0; i < controls; i++) {
				by_control[i].results =
					arena_alloc_array(&results->arena, by_control[i].count,
							  sizeof(*by_control[i].results));
				by_control[i].count = 0;
			}
	}
	return by_control;
}
