/*
 * Status and risk rules (documented in docs/scoring.md, tested in
 * tests/unit/test_engine.c). The order of the rules below is the
 * specification: provider-owned beats everything, a failing probe beats a
 * claim, and only a live exception turns an open cell into `accepted`.
 */
#include "core/engine.h"

#include <stdlib.h>
#include <string.h>

#include "core/models.h"
#include "util/xalloc.h"

const char *const status_names[STATUS_COUNT] = {"provider", "met",	     "claimed",
						"partial",  "contradicted",  "gap",
						"accepted", "not-applicable"};

static enum cell_status status_before_exception(enum responsibility responsibility,
						const struct claim *claim,
						const struct probe_tally *probes)
{
	if (responsibility == RESPONSIBILITY_PROVIDER)
		return STATUS_PROVIDER;
	if (claim && claim->status == CLAIM_NOT_APPLICABLE)
		return STATUS_NOT_APPLICABLE;
	bool asserted =
		claim && (claim->status == CLAIM_IMPLEMENTED || claim->status == CLAIM_PARTIAL);
	/* Errors and skips (manual or informational tool checks) never move a cell. */
	if (probes->fail)
		return asserted ? STATUS_CONTRADICTED : STATUS_GAP;
	if (claim && claim->status == CLAIM_IMPLEMENTED)
		return probes->pass ? STATUS_MET : STATUS_CLAIMED;
	if (claim && claim->status == CLAIM_PARTIAL)
		return STATUS_PARTIAL;
	return STATUS_GAP;
}

static bool status_is_open(enum cell_status status)
{
	return status == STATUS_GAP || status == STATUS_PARTIAL || status == STATUS_CONTRADICTED;
}

unsigned engine_risk(enum severity severity, enum criticality criticality, bool internet_facing,
		     enum cell_status status)
{
	static const unsigned severity_weight[SEVERITY_COUNT] = {1, 3, 6, 10};
	static const unsigned criticality_weight[CRITICALITY_COUNT] = {1, 2, 3, 4};
	/* Residual risk in quarters: what is left of the control's risk in this status. */
	static const unsigned residual[STATUS_COUNT] = {
		[STATUS_GAP] = 4,
		[STATUS_CONTRADICTED] = 6,
		[STATUS_PARTIAL] = 2,
		[STATUS_CLAIMED] = 1,
	};
	unsigned raw = severity_weight[severity] * criticality_weight[criticality] *
		       (internet_facing ? 3u : 2u) * residual[status];
	/* The largest raw value is 10 * 4 * 3 * 6 = 720; scale to 0..100, rounding up. */
	return (raw * 100 + 719) / 720;
}

void engine_assess_environment(const struct models *models, const struct inventory *inventory,
			       const struct environment *environment,
			       const struct control_probes *probes, struct cell *cells)
{
	const struct catalog *catalog = &models->catalog;
	static const struct control_probes no_probes;
	for (size_t i = 0; i < catalog->control_count; i++) {
		const struct catalog_control *control = &catalog->controls[i];
		struct cell *cell = &cells[i];
		cell->control = control;
		cell->service =
			control->phase == PHASE_SHIP ? environment->registry : environment->service;
		cell->entry = cell->service->entries[i];
		cell->claim = environment->claims[i];
		cell->probes = probes ? &probes[i] : &no_probes;
		cell->exception = environment->exceptions ? environment->exceptions[i] : NULL;
		cell->exception_expired = false;
		cell->status = status_before_exception(cell->entry->responsibility, cell->claim,
						       &cell->probes->tally);
		if (cell->exception && status_is_open(cell->status)) {
			if (cell->exception->expires_day >= inventory->date_day)
				cell->status = STATUS_ACCEPTED;
			else
				cell->exception_expired = true;
		} else if (cell->exception && cell->exception->expires_day < inventory->date_day) {
			cell->exception_expired = true;
		}
		cell->risk = engine_risk(control->severity, environment->criticality,
					 environment->internet_facing, cell->status);
	}
}

void summary_add_cells(struct summary *summary, const struct cell *cells, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct cell *cell = &cells[i];
		summary->cells++;
		summary->status[cell->status]++;
		summary->responsibility[cell->entry->responsibility]++;
		summary->area_status[cell->control->area][cell->status]++;
		if (cell->status == STATUS_GAP || cell->status == STATUS_CONTRADICTED)
			summary->open_by_severity[cell->control->severity]++;
		summary->risk += cell->risk;
		summary->expired_exceptions += cell->exception_expired;
	}
}

void summary_merge(struct summary *total, const struct summary *part)
{
	total->cells += part->cells;
	for (size_t s = 0; s < STATUS_COUNT; s++) {
		total->status[s] += part->status[s];
		for (size_t a = 0; a < AREA_COUNT; a++)
			total->area_status[a][s] += part->area_status[a][s];
	}
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++)
		total->responsibility[r] += part->responsibility[r];
	for (size_t s = 0; s < SEVERITY_COUNT; s++)
		total->open_by_severity[s] += part->open_by_severity[s];
	total->risk += part->risk;
	total->expired_exceptions += part->expired_exceptions;
}

unsigned long summary_customer_share(const struct summary *summary)
{
	return summary->cells - summary->status[STATUS_PROVIDER] -
	       summary->status[STATUS_NOT_APPLICABLE];
}

unsigned summary_coverage_permille(const struct summary *summary)
{
	unsigned long share = summary_customer_share(summary);
	if (!share)
		return 1000;
	/* met and claimed count fully, partial half; integers keep output byte-stable. */
	unsigned long covered_halves =
		2 * (summary->status[STATUS_MET] + summary->status[STATUS_CLAIMED]) +
		summary->status[STATUS_PARTIAL];
	return (unsigned)((covered_halves * 1000 + share) / (2 * share));
}

bool summary_has_open_at_least(const struct summary *summary, enum severity severity)
{
	for (size_t s = severity; s < SEVERITY_COUNT; s++)
		if (summary->open_by_severity[s])
			return true;
	return false;
}

static int run(const struct models *models, const struct inventory *inventory,
	       const struct environment *const *environments, size_t environment_count,
	       engine_probes_fn *probes_for, engine_visit_fn *visit, void *context,
	       struct summary *total)
{
	size_t count = models->catalog.control_count;
	struct cell *cells = xcalloc(count, sizeof(*cells));
	int result = 0;
	memset(total, 0, sizeof(*total));
	for (size_t e = 0; e < environment_count && !result; e++) {
		const struct environment *environment =
			environments ? environments[e] : &inventory->environments[e];
		const struct control_probes *probes =
			probes_for ? probes_for(context, environment) : NULL;
		struct summary summary = {0};
		engine_assess_environment(models, inventory, environment, probes, cells);
		summary_add_cells(&summary, cells, count);
		summary_merge(total, &summary);
		result = visit(context, environment, cells, &summary);
	}
	free(cells);
	return result;
}

int engine_run(const struct models *models, const struct inventory *inventory,
	       engine_probes_fn *probes_for, engine_visit_fn *visit, void *context,
	       struct summary *total)
{
	return run(models, inventory, NULL, inventory->environment_count, probes_for, visit,
		   context, total);
}

int engine_run_environments(const struct models *models, const struct inventory *inventory,
			    const struct environment *const *environments, size_t count,
			    engine_probes_fn *probes_for, engine_visit_fn *visit, void *context,
			    struct summary *total)
{
	return run(models, inventory, environments, count, probes_for, visit, context, total);
}
