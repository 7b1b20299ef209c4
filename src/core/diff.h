/*
 * Comparing two saved assessments (`srgap diff OLD.json NEW.json`): which
 * environments came and went, which cells changed status and in which
 * direction, the risk, coverage and customer-share deltas, and which
 * controls changed responsibility because a provider model changed.
 *
 * "Worse" follows one order of statuses (docs/workshop.md):
 *   met = provider = not-applicable = accepted < claimed < partial < gap < contradicted
 */
#ifndef SRGAP_CORE_DIFF_H
#define SRGAP_CORE_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/engine.h"
#include "io/assessment_json.h"

struct diag_list;

/*
 * Loads a saved assessment and checks that its status and responsibility
 * names are ones this srgap knows. Returns 0 or -1 (diagnostics added);
 * release with assessment_json_release either way.
 */
int diff_load(struct saved_assessment *assessment, const char *path, struct diag_list *diags);

/* 0 for statuses that need nothing, up to 4 for contradicted. */
int diff_status_rank(enum cell_status status);
bool diff_status_is_gap(enum cell_status status); /* gap or contradicted */

struct diff_cell {
	const char *environment;
	const struct saved_cell *old_cell;
	const struct saved_cell *new_cell;
	enum cell_status from;
	enum cell_status to;
	int direction; /* -1 better, 0 same rank, +1 worse */
};

struct diff_environment {
	const struct saved_environment *old_env;
	const struct saved_environment *new_env;
	bool moved; /* provider, service or registry differ */
	bool worse; /* risk up, coverage down or customer share up */
};

struct diff_responsibility {
	const char *service; /* "aws/eks-fargate" */
	const char *control;
	enum responsibility from;
	enum responsibility to;
};

struct diff {
	const struct saved_assessment *old_run;
	const struct saved_assessment *new_run;
	/* Every array below is owned by the diff. */
	struct diff_environment *environments; /* in both runs, in the new run's order */
	size_t environment_count;
	const struct saved_environment **added; /* new run order */
	size_t added_count;
	const struct saved_environment **removed; /* old run order */
	size_t removed_count;
	struct diff_cell *cells; /* status changes, by environment then control */
	size_t cell_count;
	struct diff_responsibility *responsibilities; /* by service, then control */
	size_t responsibility_count;
	size_t gaps_closed;
	size_t gaps_opened;
	size_t better;
	size_t worse;
	size_t worse_environments;
	bool worse_overall; /* the estate's risk, coverage or customer share */
};

/* Both runs must have been loaded with diff_load and outlive the diff. */
void diff_compute(struct diff *diff, const struct saved_assessment *old_run,
		  const struct saved_assessment *new_run);
void diff_release(struct diff *diff);
/* Nothing changed at all. */
bool diff_is_empty(const struct diff *diff);
/* Anything got worse (what --fail-on-regression tests). */
bool diff_has_regression(const struct diff *diff);

#endif
