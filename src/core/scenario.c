/*
 * Re-assessing one environment on other service models. The copy shares
 * every string and claim with the loaded inventory; only the per-control
 * claim index, the cells and the capability list are its own.
 */
#include "core/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* Does any control of the model list the capability as helping? */
static bool offers(const struct service *service, const struct capability *capability,
		   size_t controls)
{
	for (size_t i = 0; i < controls; i++) {
		const struct responsibility_entry *entry = service->entries[i];
		for (size_t c = 0; entry && c < entry->capability_count; c++)
			if (entry->capabilities[c] == capability)
				return true;
	}
	return false;
}

/*
 * A claim backed by a capability stops applying when the capability's
 * provider is no longer used, or when the models offered it before the move
 * and do not after (GuardDuty on EKS does not follow a move to AKS just
 * because the registry stays ECR). A capability the models never listed is
 * judged by its provider alone, so a move to the same models keeps it.
 */
static bool claim_still_applies(const struct claim *claim, const struct environment *original,
				const struct environment *moved, size_t controls)
{
	if (!claim || !claim->capability)
		return true;
	const struct capability *capability = claim->capability;
	if (capability->provider != moved->provider &&
	    capability->provider != moved->registry->provider)
		return false;
	bool offered_before = offers(original->service, capability, controls) ||
			      offers(original->registry, capability, controls);
	return !offered_before || offers(moved->service, capability, controls) ||
	       offers(moved->registry, capability, controls);
}

static void collect_capabilities(struct scenario *scenario, const struct models *models)
{
	/* Capabilities are numbered per provider: mark them in one flat table. */
	size_t total = 0;
	for (size_t p = 0; p < models->provider_count; p++)
		total += models->providers[p].capability_count;
	bool *seen = xcalloc(total + 1, sizeof(*seen));
	for (size_t i = 0; i < models->catalog.control_count; i++) {
		const struct cell *cell = &scenario->cells[i];
		if (cell->entry->responsibility == RESPONSIBILITY_PROVIDER)
			continue;
		for (size_t c = 0; c < cell->entry->capability_count; c++) {
			const struct capability *capability = cell->entry->capabilities[c];
			size_t offset = 0;
			for (size_t p = 0; &models->providers[p] != capability->provider; p++)
				offset += models->providers[p].capability_count;
			seen[offset + capability->index] = true;
		}
	}
	scenario->capabilities = xcalloc(total + 1, sizeof(*scenario->capabilities));
	size_t offset = 0;
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t c = 0; c < provider->capability_count; c++)
			if (seen[offset + c])
				scenario->capabilities[scenario->capability_count++] =
					&provider->capabilities[c];
		offset += provider->capability_count;
	}
	free(seen);
}

void scenario_assess(struct scenario *scenario, const struct models *models,
		     const struct inventory *inventory, const struct environment *environment,
		     const struct service *service, const struct service *registry)
{
	size_t count = models->catalog.control_count;
	memset(scenario, 0, sizeof(*scenario));
	scenario->original = environment;
	scenario->moved = *environment;
	if (service) {
		scenario->moved.service = service;
		scenario->moved.provider = service->provider;
	}
	if (registry)
		scenario->moved.registry = registry;
	scenario->claims = xcalloc(count, sizeof(*scenario->claims));
	for (size_t i = 0; i < count; i++) {
		const struct claim *claim = environment->claims[i];
		if (claim_still_applies(claim, environment, &scenario->moved, count))
			scenario->claims[i] = claim;
		else
			scenario->dropped_claims++;
	}
	scenario->moved.claims = scenario->claims;
	scenario->cells = xcalloc(count, sizeof(*scenario->cells));
	engine_assess_environment(models, inventory, &scenario->moved, NULL, scenario->cells);
	summary_add_cells(&scenario->summary, scenario->cells, count);
	collect_capabilities(scenario, models);
}

void scenario_release(struct scenario *scenario)
{
	free(scenario->claims);
	free(scenario->cells);
	free(scenario->capabilities);
	memset(scenario, 0, sizeof(*scenario));
}

const struct claim *scenario_dropped_claim(const struct scenario *scenario, size_t control)
{
	const struct claim *claim = scenario->original->claims[control];
	return claim && !scenario->claims[control] ? claim : NULL;
}

bool scenario_cell_is_gap(const struct cell *cell)
{
	return cell->status == STATUS_GAP || cell->status == STATUS_CONTRADICTED;
}

void scenario_move_assess(struct scenario_move *move, const struct models *models,
			  const struct inventory *inventory)
{
	scenario_assess(&move->before, models, inventory, move->environment, NULL, NULL);
	scenario_assess(&move->after, models, inventory, move->environment, move->service,
			move->registry);
}

void scenario_move_release(struct scenario_move *move)
{
	scenario_release(&move->before);
	scenario_release(&move->after);
}

void scenario_estate(const struct models *models, const struct inventory *inventory,
		     const struct scenario_move *moves, size_t move_count, struct summary *before,
		     struct summary *after)
{
	size_t count = models->catalog.control_count;
	struct cell *cells = xcalloc(count, sizeof(*cells));
	memset(before, 0, sizeof(*before));
	memset(after, 0, sizeof(*after));
	for (size_t e = 0; e < inventory->environment_count; e++) {
		const struct environment *environment = &inventory->environments[e];
		struct summary summary = {0};
		engine_assess_environment(models, inventory, environment, NULL, cells);
		summary_add_cells(&summary, cells, count);
		summary_merge(before, &summary);
		const struct scenario_move *move = NULL;
		for (size_t m = 0; m < move_count && !move; m++)
			if (moves[m].environment == environment)
				move = &moves[m];
		summary_merge(after, move ? &move->after.summary : &summary);
	}
	free(cells);
}

const char *scenario_suggest_model(const struct models *models, const char *path, char *buffer,
				   size_t size)
{
	size_t best = (size_t)-1;
	char candidate[160];
	for (size_t p = 0; p < models->provider_count; p++)
		for (size_t s = 0; s < models->providers[p].service_count; s++) {
			snprintf(candidate, sizeof(candidate), "%s/%s", models->providers[p].id,
				 models->providers[p].services[s].id);
			size_t distance = suggest_distance(path, candidate);
			if (distance < best) {
				best = distance;
				snprintf(buffer, size, "%s", candidate);
			}
		}
	/* util/suggest.c's threshold: how many edits still look like a typo. */
	size_t length = strlen(path);
	size_t threshold = length <= 4 ? 1 : (length <= 8 ? 2 : length / 3);
	return best <= threshold ? buffer : NULL;
}
