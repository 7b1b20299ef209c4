/*
 * The part of an assessment that OSCAL assessment results and a POA&M
 * share (oscal_assessment.c): metadata, the environments, and the
 * observations, risks and findings, every identifier a name-based uuid.
 * Observations, risks and findings grow with the estate, so they are
 * written one at a time through an oscal_writer instead of being built as
 * one tree. Internal to the OSCAL renderers.
 */
#ifndef SRGAP_RENDER_OSCAL_ASSESSMENT_H
#define SRGAP_RENDER_OSCAL_ASSESSMENT_H

#include <stdbool.h>

#include "render/oscal.h"

struct oscal_assessment {
	const json_t *assessment; /* borrowed: the checked assessment/2 document */
	const char *organization, *date, *title, *assessor; /* assessor NULL when none */
	char organization_uuid[UUID_TEXT_SIZE];
	char assessor_uuid[UUID_TEXT_SIZE];
	char tool_uuid[UUID_TEXT_SIZE]; /* srgap as the assessment tool */
	size_t open_cells;		/* cells with a finding and a risk */
	size_t probed_cells;		/* cells with probe results: observations exist */
	/* Owned; a renderer puts them into its document with json_incref. */
	json_t *metadata;
	json_t *components;	 /* one system component per environment */
	json_t *inventory_items; /* one per environment */
	/*
	 * Per roadmap action, in plan order: {"related-findings": [...],
	 * "related-risks": [...]}, filled in by oscal_write_risks.
	 */
	json_t *action_cells;
	/* "ENVIRONMENT\x1fCONTROL" -> [roadmap action numbers that list both]. */
	json_t *action_index;
};

/* Reads what every part needs from `assessment`; `title` is the document's title. */
void oscal_assessment_init(struct oscal_assessment *oscal, const json_t *assessment,
			   const char *title);
void oscal_assessment_release(struct oscal_assessment *oscal);

/*
 * The items of the observations, risks and findings arrays, written into
 * the array the writer has open: one observation per probe and
 * environment, one risk and one finding per open cell. Open an array only
 * when probed_cells (observations) or open_cells (the others) is not zero.
 * oscal_write_risks also fills in action_cells.
 */
void oscal_write_observations(struct oscal_writer *writer, const struct oscal_assessment *oscal);
void oscal_write_risks(struct oscal_writer *writer, struct oscal_assessment *oscal);
void oscal_write_findings(struct oscal_writer *writer, struct oscal_assessment *oscal);

/* Calls `visit` for every open cell, environments in order, cells in catalog order. */
void oscal_for_each_open_cell(const struct oscal_assessment *oscal,
			      void (*visit)(void *context, const json_t *environment,
					    const json_t *cell),
			      void *context);
/* gap, partial, contradicted and accepted: the cells that get a finding and a risk. */
bool oscal_cell_is_open(const char *status);
/* The uuid of a cell's "finding" or "risk" (`kind`). */
void oscal_cell_uuid(const struct oscal_assessment *oscal, const char *kind,
		     const json_t *environment, const json_t *cell, char uuid[UUID_TEXT_SIZE]);
/* "4.1.1a Scan images: gap on checkout-prod": the title of a cell's finding and risk. */
json_t *oscal_finding_title(const json_t *environment, const json_t *cell);
/* What an open cell's status means, in one or two sentences. */
json_t *oscal_cell_description(const json_t *cell, const char *environment);
/* What names a roadmap action across assessments: "capability aws/eks-..." or "control 4.1.1a". */
void oscal_action_key(const json_t *action, char *buffer, size_t size);
/* Records that roadmap action number `action` closes a finding and its risk. */
void oscal_action_link_cell(struct oscal_assessment *oscal, size_t action, const char *finding_uuid,
			    const char *risk_uuid);
/* `origins` naming srgap (the tool) as the actor: of observations, findings, risks and items. */
json_t *oscal_tool_origins(const struct oscal_assessment *oscal);
/* The assessment-assets of both documents: srgap as the tool and platform of the assessment. */
json_t *oscal_tool_component(const struct oscal_assessment *oscal);
/* The back-matter resource standing for srgap's catalog, from the assessment's models. */
json_t *oscal_catalog_resource_from_assessment(const json_t *assessment);

#endif
