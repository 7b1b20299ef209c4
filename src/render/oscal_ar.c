/*
 * `--format oscal-ar`: a saved assessment as OSCAL 1.1.2 assessment results
 * (docs/oscal.md). One result: the environments as components and
 * inventory items, one observation per probe and environment (method
 * TEST), one finding and one risk per open cell, every control of the
 * catalog as reviewed. srgap itself is the assessment tool, the origin of
 * every observation, finding and risk. A report format: it renders the same
 * document `srgap report` reads, so assess and report give the same bytes.
 */
#include "render/oscal_assessment.h"
#include "render/report.h"

/* Every control of the catalog, in catalog order: the cells of any environment list them all. */
static json_t *reviewed_controls(const json_t *assessment)
{
	json_t *include = json_array();
	const json_t *first = json_array_get(json_object_get(assessment, "environments"), 0);
	size_t index;
	const json_t *cell;
	json_array_foreach(json_object_get(first, "cells"), index, cell) {
		json_t *control = json_object();
		json_object_set_new(control, "control-id",
				    oscal_control_id(report_string(cell, "control")));
		json_array_append_new(include, control);
	}
	json_t *selection = json_object();
	if (json_array_size(include))
		json_object_set_new(selection, "include-controls", include);
	else {
		json_decref(include);
		json_object_set_new(selection, "include-all", json_object());
	}
	json_t *selections = json_array(), *reviewed = json_object();
	json_array_append_new(selections, selection);
	json_object_set_new(
		reviewed, "description",
		json_string("Every control of srgap's NIST SP 800-190 catalog, in every "
			    "environment."));
	json_object_set_new(reviewed, "control-selections", selections);
	return reviewed;
}

/* The members of the one result, up to the arrays that grow with the estate. */
static void write_result(struct oscal_writer *writer, struct oscal_assessment *oscal)
{
	const json_t *summary = json_object_get(oscal->assessment, "summary");
	const json_t *status = json_object_get(summary, "status");
	oscal_writer_put(
		writer, "uuid",
		oscal_uuid_json("result", oscal->organization, oscal->title, oscal->date, NULL));
	oscal_writer_put(writer, "title", json_string(oscal->title));
	oscal_writer_put(
		writer, "description",
		json_sprintf("srgap assessment of %zu container environments of %s against srgap's "
			     "NIST SP 800-190 catalog and the provider models: %d gaps, %d "
			     "partial, %d contradicted claims and %d accepted risks; coverage of "
			     "the customer's share %.1f%%.",
			     json_array_size(json_object_get(oscal->assessment, "environments")),
			     oscal->organization, (int)report_integer(status, "gap"),
			     (int)report_integer(status, "partial"),
			     (int)report_integer(status, "contradicted"),
			     (int)report_integer(status, "accepted"),
			     json_number_value(json_object_get(summary, "coverage_percent"))));
	oscal_writer_put(writer, "start", oscal_datetime(oscal->date, 0));
	json_t *props = json_array();
	char coverage[32];
	snprintf(coverage, sizeof(coverage), "%.1f",
		 json_number_value(json_object_get(summary, "coverage_percent")));
	oscal_add_srgap_prop(props, "coverage-percent", coverage);
	oscal_add_srgap_integer_prop(props, "customer-share",
				     report_integer(summary, "customer_share"));
	oscal_add_srgap_integer_prop(props, "risk", report_integer(summary, "risk"));
	oscal_writer_put(writer, "props", props);
	json_t *definitions = json_object();
	oscal_set_array(definitions, "components", json_incref(oscal->components));
	oscal_set_array(definitions, "inventory-items", json_incref(oscal->inventory_items));
	json_object_set_new(definitions, "assessment-assets", oscal_tool_component(oscal));
	oscal_writer_put(writer, "local-definitions", definitions);
	oscal_writer_put(writer, "reviewed-controls", reviewed_controls(oscal->assessment));
	if (oscal->probed_cells) {
		oscal_writer_open(writer, "observations", '[');
		oscal_write_observations(writer, oscal);
		oscal_writer_close(writer, ']');
	}
	if (oscal->open_cells) {
		oscal_writer_open(writer, "risks", '[');
		oscal_write_risks(writer, oscal);
		oscal_writer_close(writer, ']');
		oscal_writer_open(writer, "findings", '[');
		oscal_write_findings(writer, oscal);
		oscal_writer_close(writer, ']');
	}
}

static int render_oscal_ar(const json_t *assessment, const struct report_templates *templates,
			   const struct report_options *options, FILE *out, struct diag_list *diags)
{
	(void)templates;
	(void)options;
	(void)diags;
	struct oscal_assessment oscal;
	const json_t *info = json_object_get(assessment, "assessment");
	json_t *title = json_sprintf("Assessment results: %s", report_string(info, "title"));
	oscal_assessment_init(&oscal, assessment, json_string_value(title));
	json_decref(title);
	struct oscal_writer writer;
	oscal_writer_init(&writer, out);
	oscal_writer_open(&writer, NULL, '{');
	oscal_writer_open(&writer, "assessment-results", '{');
	oscal_writer_put(&writer, "uuid",
			 oscal_uuid_json("assessment-results", oscal.organization, oscal.title,
					 oscal.date, NULL));
	oscal_writer_put(&writer, "metadata", json_incref(oscal.metadata));
	/*
	 * srgap has no OSCAL assessment plan: what it assessed is the inventory.
	 * import-ap points to a back-matter resource that says so.
	 */
	char plan_uuid[UUID_TEXT_SIZE];
	oscal_uuid(plan_uuid, "assessment-plan", oscal.organization, oscal.title, oscal.date, NULL);
	json_t *import = json_object();
	json_object_set_new(import, "href", json_sprintf("#%s", plan_uuid));
	oscal_writer_put(&writer, "import-ap", import);
	oscal_writer_open(&writer, "results", '[');
	oscal_writer_open(&writer, NULL, '{');
	write_result(&writer, &oscal);
	oscal_writer_close(&writer, '}');
	oscal_writer_close(&writer, ']');
	json_t *plan = json_object();
	json_object_set_new(plan, "uuid", json_string(plan_uuid));
	json_object_set_new(plan, "title", json_sprintf("Assessment plan: %s", oscal.title));
	json_object_set_new(
		plan, "description",
		json_string("srgap assesses what the organization's inventory declares: its "
			    "environments, the service model each runs on, its claims and "
			    "evidence. There is no separate OSCAL assessment plan; the scope is "
			    "every control of srgap's catalog in every environment listed in the "
			    "results."));
	json_t *resources = json_array(), *back_matter = json_object();
	json_array_append_new(resources, plan);
	json_array_append_new(resources, oscal_catalog_resource_from_assessment(assessment));
	json_object_set_new(back_matter, "resources", resources);
	oscal_writer_put(&writer, "back-matter", back_matter);
	oscal_writer_close(&writer, '}');
	oscal_writer_close(&writer, '}');
	oscal_assessment_release(&oscal);
	return oscal_writer_finish(&writer);
}

const struct report_renderer report_oscal_ar = {
	.name = "oscal-ar",
	.description = "OSCAL 1.1.2 assessment results (docs/oscal.md)",
	.render = render_oscal_ar,
};
