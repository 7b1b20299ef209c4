/*
 * The part of an assessment that OSCAL assessment results and a POA&M
 * share (oscal_assessment.c), built once from the saved assessment
 * document: metadata, environments, observations, findings and risks, with
 * every identifier a name-based uuid. Internal to the OSCAL renderers.
 */
#ifndef SRGAP_RENDER_OSCAL_ASSESSMENT_H
#define SRGAP_RENDER_OSCAL_ASSESSMENT_H

#include <stdbool.h>

#include "render/oscal.h"

struct oscal_assessment {
	const json_t *assessment; /* borrowed: the checked assessment/1 document */
	const char *organization, *date, *title, *assessor; /* assessor NULL when none */
	char organization_uuid[UUID_TEXT_SIZE];
	char assessor_uuid[UUID_TEXT_SIZE];
	char tool_uuid[UUID_TEXT_SIZE]; /* srgap as the assessment tool */
	/* Owned; a renderer moves what it needs into its document with json_incref. */
	json_t *metadata;
	json_t *components;	 /* one system component per environment */
	json_t *inventory_items; /* one per environment */
	json_t *observations;	 /* one per probe and environment */
	json_t *risks;		 /* one per open cell */
	json_t *findings;	 /* one per open cell */
	/* Per roadmap action, in plan order: {"related-findings": [...], "related-risks": [...]}.
	 */
	json_t *action_cells;
	/* "ENVIRONMENT\x1fCONTROL" -> [roadmap action numbers that list both]. */
	json_t *action_index;
};

/* Builds everything from `assessment`; `title` is the document's title. */
void oscal_assessment_build(struct oscal_assessment *oscal, const json_t *assessment,
			    const char *title);
void oscal_assessment_release(struct oscal_assessment *oscal);

/* gap, partial, contradicted and accepted: the cells that get a finding and a risk. */
bool oscal_cell_is_open(const char *status);
/* What names a roadmap action across assessments: "capability aws/eks-..." or "control 4.1.1a". */
void oscal_action_key(const json_t *action, char *buffer, size_t size);
/* Records that roadmap action number `action` closes a finding and its risk. */
void oscal_action_link_cell(struct oscal_assessment *oscal, size_t action, const char *finding_uuid,
			    const char *risk_uuid);
/* The assessment-assets of both documents: srgap as the tool and platform of the assessment. */
json_t *oscal_tool_component(const struct oscal_assessment *oscal);
/* `origins` naming srgap (the tool) as the actor: of observations, findings, risks and items. */
json_t *oscal_tool_origins(const struct oscal_assessment *oscal);
/* The back-matter resource standing for srgap's catalog, from the assessment's models. */
json_t *oscal_catalog_resource_from_assessment(const json_t *assessment);

#endif
