/*
 * The remediation roadmap: every gap, partial and contradicted cell turned
 * into a de-duplicated, phased list of actions. The rules are in
 * docs/roadmap.md; tests/unit/test_roadmap.c checks them.
 *
 * Use: roadmap_init, roadmap_add_environment for each environment (from the
 * engine_run visitor, while its cells are valid), roadmap_finish once, then
 * read actions[0 .. action_count) in plan order; roadmap_release.
 */
#ifndef SRGAP_CORE_ROADMAP_H
#define SRGAP_CORE_ROADMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "core/provider.h"
#include "util/arena.h"

struct cell;
struct environment;

#define ROADMAP_PHASES 3

struct roadmap_action {
	char id[24];			     /* "A01", in plan order */
	const char *title;		     /* owned by the roadmap */
	const char *remediation;	     /* the capability's or the control's */
	const struct capability *capability; /* NULL: the control's generic remediation */
	unsigned phase;			     /* 1 (0-30 days), 2 (31-90), 3 (91-180) */
	enum effort effort;
	enum cost cost;
	unsigned long risk_reduction; /* sum of the risk of the cells it closes */
	bool contradicted;	      /* closes at least one contradicted cell */
	bool quick_win;		      /* a free native capability of effort S */
	/* Controls closed, in catalog order. */
	const struct catalog_control **controls;
	size_t control_count;
	/* Environments, in inventory order, and their owners (first seen first, no repeats). */
	const struct environment **environments;
	size_t environment_count;
	const char **owners;
	size_t owner_count;
	/* Actions to do first, in plan order. */
	const struct roadmap_action **depends_on;
	size_t dependency_count;
};

struct roadmap {
	struct roadmap_action *actions; /* plan order after roadmap_finish */
	size_t action_count;
	size_t action_capacity;
	struct arena arena; /* titles */
	/* Builder state: which action closes (environment, control); see roadmap.c. */
	struct roadmap_builder *builder;
};

void roadmap_init(struct roadmap *roadmap, const struct catalog *catalog);
/* Adds the open cells of one environment; `cells` is indexed by control. */
void roadmap_add_environment(struct roadmap *roadmap, const struct environment *environment,
			     const struct cell *cells);
/* Resolves dependencies, assigns phases and ids, and sorts into plan order. */
void roadmap_finish(struct roadmap *roadmap);
void roadmap_release(struct roadmap *roadmap);

/* Effort weights used to rank risk reduction per effort: S 1, M 3, L 8. */
unsigned roadmap_effort_weight(enum effort effort);

#endif
