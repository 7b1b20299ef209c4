/*
 * The gap engine: for one environment, one cell per control saying who is
 * responsible, what the organization claims, what probes found, and the
 * resulting status and risk. Pure computation: no I/O, no printing.
 */
#ifndef SRGAP_CORE_ENGINE_H
#define SRGAP_CORE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "core/inventory.h"
#include "core/probe_results.h"
#include "core/provider.h"

struct models;

enum cell_status {
	STATUS_PROVIDER,
	STATUS_MET,
	STATUS_CLAIMED,
	STATUS_PARTIAL,
	STATUS_CONTRADICTED,
	STATUS_GAP,
	STATUS_ACCEPTED,
	STATUS_NOT_APPLICABLE,
};
#define STATUS_COUNT 8
extern const char *const status_names[STATUS_COUNT];

struct cell {
	const struct catalog_control *control;
	const struct service *service; /* compute or registry model that answered */
	const struct responsibility_entry *entry;
	const struct claim *claim;	   /* NULL: no claim */
	const struct exception *exception; /* applied or expired; NULL: none */
	bool exception_expired;
	const struct control_probes *probes; /* never NULL: an empty set when no evidence */
	enum cell_status status;
	unsigned risk; /* 0..100, see docs/scoring.md */
};

/* Counts over any set of cells: one environment, or the whole estate. */
struct summary {
	unsigned long cells;
	unsigned long status[STATUS_COUNT];
	unsigned long responsibility[RESPONSIBILITY_COUNT];
	unsigned long area_status[AREA_COUNT][STATUS_COUNT];
	unsigned long open_by_severity[SEVERITY_COUNT]; /* gap + contradicted */
	unsigned long risk;				/* sum of cell risk */
	unsigned long expired_exceptions;
};

/*
 * Fills cells[0 .. catalog->control_count). `probes` is indexed by control
 * (see probe_summaries_finish); NULL means no probe evidence.
 */
void engine_assess_environment(const struct models *models, const struct inventory *inventory,
			       const struct environment *environment,
			       const struct control_probes *probes, struct cell *cells);

unsigned engine_risk(enum severity severity, enum criticality criticality, bool internet_facing,
		     enum cell_status status);

void summary_add_cells(struct summary *summary, const struct cell *cells, size_t count);
void summary_merge(struct summary *total, const struct summary *part);
/* Cells on the customer's side (shared or customer) that are not not-applicable. */
unsigned long summary_customer_share(const struct summary *summary);
/* Coverage of the customer's share in tenths of a percent (0..1000). */
unsigned summary_coverage_permille(const struct summary *summary);
/* Exit-code helper: is there an open (gap/contradicted) cell at or above `severity`? */
bool summary_has_open_at_least(const struct summary *summary, enum severity severity);

/*
 * Runs the whole inventory, calling `visit` once per environment in
 * inventory order with a scratch cell array (valid during the call only)
 * and that environment's summary; `total` accumulates the estate.
 * `probes_for` may be NULL (no probe evidence); what it returns must stay
 * valid until `visit` returns. Stops at the first non-zero return of
 * `visit` and returns it.
 */
typedef int engine_visit_fn(void *context, const struct environment *environment,
			    const struct cell *cells, const struct summary *summary);
typedef const struct control_probes *engine_probes_fn(void *context,
						      const struct environment *environment);
int engine_run(const struct models *models, const struct inventory *inventory,
	       engine_probes_fn *probes_for, engine_visit_fn *visit, void *context,
	       struct summary *total);
/* The same over some of the inventory's environments, in the order given (a shard). */
int engine_run_environments(const struct models *models, const struct inventory *inventory,
			    const struct environment *const *environments, size_t count,
			    engine_probes_fn *probes_for, engine_visit_fn *visit, void *context,
			    struct summary *total);

#endif
