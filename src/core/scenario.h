/*
 * "What if this environment ran on another service model?" for `srgap
 * whatif` and `srgap compare`: a copy of the environment pointed at other
 * compute and registry models, assessed with today's claims. Claims that
 * name a capability of a provider the copy no longer uses do not apply;
 * free-text claims (`by: "Trivy in CI"`) travel with the environment.
 */
#ifndef SRGAP_CORE_SCENARIO_H
#define SRGAP_CORE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/engine.h"

struct models;
struct inventory;

struct scenario {
	const struct environment *original;
	struct environment moved;    /* the copy; its arrays are owned below */
	const struct claim **claims; /* owned: moved.claims, indexed by control */
	struct cell *cells;	     /* owned: one per control */
	struct summary summary;
	const struct capability **capabilities; /* owned: helping the customer's share */
	size_t capability_count;		/* sorted by provider, then file order */
	size_t dropped_claims;			/* controls whose claim no longer applies */
};

/*
 * Assesses `environment` as if its compute service were `service` and its
 * registry `registry`; NULL keeps the environment's own. With both NULL or
 * unchanged the cells equal the engine's for the environment.
 */
void scenario_assess(struct scenario *scenario, const struct models *models,
		     const struct inventory *inventory, const struct environment *environment,
		     const struct service *service, const struct service *registry);
void scenario_release(struct scenario *scenario);

/* The claim on this control that the move made inapplicable, or NULL. */
const struct claim *scenario_dropped_claim(const struct scenario *scenario, size_t control);

/* Gap or contradicted: what `open` counts in summaries. */
bool scenario_cell_is_gap(const struct cell *cell);

/*
 * The "PROVIDER/SERVICE" closest to a mistyped `path`, written into buffer;
 * NULL when none is close enough to be a typo.
 */
const char *scenario_suggest_model(const struct models *models, const char *path, char *buffer,
				   size_t size);

/* One environment before and after moving it (`srgap whatif --move`). */
struct scenario_move {
	const struct environment *environment;
	const struct service *service;	/* target compute model, or NULL: unchanged */
	const struct service *registry; /* target registry model, or NULL: unchanged */
	struct scenario before;
	struct scenario after;
};

/* Fills move->before and move->after from the three fields above. */
void scenario_move_assess(struct scenario_move *move, const struct models *models,
			  const struct inventory *inventory);
void scenario_move_release(struct scenario_move *move);

/* The whole estate as it is (`before`) and with every move applied (`after`). */
void scenario_estate(const struct models *models, const struct inventory *inventory,
		     const struct scenario_move *moves, size_t move_count, struct summary *before,
		     struct summary *after);

#endif
