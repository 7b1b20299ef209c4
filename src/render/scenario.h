/*
 * Output of `srgap whatif` and `srgap compare` (core/scenario.h): a
 * before/after table per moved environment, or one row per candidate
 * service model, as terminal text or JSON ("whatif/1", "compare/1",
 * docs/workshop.md).
 */
#ifndef SRGAP_RENDER_SCENARIO_H
#define SRGAP_RENDER_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/scenario.h"

/* Each returns 0, or -1 on a write error. */
int render_whatif(FILE *out, bool json, const struct models *models,
		  const struct inventory *inventory, const struct scenario_move *moves,
		  size_t move_count, const struct summary *before, const struct summary *after);
int render_compare(FILE *out, bool json, const struct inventory *inventory,
		   const struct environment *environment, const struct scenario *candidates,
		   size_t candidate_count);

#endif
