/*
 * `--format oscal-poam`: the roadmap of a saved assessment as an OSCAL
 * 1.1.2 plan of action and milestones (docs/oscal.md). One POA&M item per
 * roadmap action, related to the findings and risks of the cells it
 * closes (each risk carries the action as its recommended remediation and
 * the end of the action's phase as a dated milestone); one item per
 * accepted risk; and the vulnerability fix plan's actions as items of
 * their own. The findings, risks and observations are those of the
 * assessment results, with the same uuids.
 */
#include <string.h>

#include "render/oscal_assessment.h"
#include "render/report.h"
#include "util/strbuf.h"

static void add_strings_prop(json_t *props, const json_t *object, const char *key, const char *name)
{
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(object, key), index, item)
		oscal_add_srgap_prop(props, name, json_string_value(item));
}

static void join_strings(struct strbuf *text, const json_t *array)
{
	size_t index;
	const json_t *item;
	json_array_foreach(array, index, item)
		strbuf_addf(text, "%s%s", index ? ", " : "", json_string_value(item));
}

static json_t *action_item(const struct oscal_assessment *oscal, const json_t *action, size_t index,
			   const json_t *uuids_by_id)
{
	char key[256];
	oscal_action_key(action, key, sizeof(key));
	json_t *item = json_object();
	json_object_set_new(item, "uuid",
			    oscal_uuid_json("poam-item", oscal->organization, key, NULL));
	json_object_set_new(item, "title", json_string(report_string(action, "title")));
	struct strbuf text;
	strbuf_init(&text);
	strbuf_addstr(&text, report_string(action, "remediation"));
	strbuf_addstr(&text, "\n\nCloses ");
	join_strings(&text, json_object_get(action, "controls"));
	strbuf_addstr(&text, " in ");
	join_strings(&text, json_object_get(action, "environments"));
	strbuf_addch(&text, '.');
	json_object_set_new(item, "description", json_string(text.buf));
	strbuf_release(&text);
	json_t *props = json_array();
	json_int_t phase = report_integer(action, "phase");
	oscal_add_srgap_prop(props, "action", report_string(action, "id"));
	oscal_add_srgap_integer_prop(props, "phase", phase);
	oscal_add_srgap_prop(props, "effort", report_string(action, "effort"));
	oscal_add_srgap_prop(props, "cost", report_string(action, "cost"));
	oscal_add_srgap_integer_prop(props, "risk-reduction",
				     report_integer(action, "risk_reduction"));
	add_strings_prop(props, action, "owners", "owner");
	add_strings_prop(props, action, "controls", "control");
	add_strings_prop(props, action, "environments", "environment");
	add_strings_prop(props, action, "depends_on", "depends-on");
	oscal_add_srgap_prop(props, "capability", report_string(action, "capability"));
	oscal_add_srgap_prop(props, "provider", report_string(action, "provider"));
	oscal_add_srgap_prop(props, "contradicted",
			     json_is_true(json_object_get(action, "contradicted")) ? "true"
										   : "false");
	json_object_set_new(item, "props", props);
	/* Dependencies also as links, so tools can follow them. */
	json_t *links = json_array();
	size_t dependency_index;
	const json_t *dependency;
	json_array_foreach(json_object_get(action, "depends_on"), dependency_index, dependency) {
		const json_t *uuid = json_object_get(uuids_by_id, json_string_value(dependency));
		if (!uuid)
			continue;
		json_t *link = json_object();
		json_object_set_new(link, "href", json_sprintf("#%s", json_string_value(uuid)));
		json_object_set_new(link, "rel", json_string("depends-on"));
		json_object_set_new(link, "text", json_incref((json_t *)dependency));
		json_array_append_new(links, link);
	}
	oscal_set_array(item, "links", links);
	json_object_set_new(item, "origins", oscal_tool_origins(oscal));
	const json_t *cells = json_array_get(oscal->action_cells, index);
	oscal_set_array(item, "related-findings",
			json_deep_copy(json_object_get(cells, "related-findings")));
	oscal_set_array(item, "related-risks",
			json_deep_copy(json_object_get(cells, "related-risks")));
	return item;
}

/* An accepted risk is tracked too: as a deviation until its exception expires. */
static json_t *accepted_item(const struct oscal_assessment *oscal, const json_t *environment,
			     const json_t *cell)
{
	char finding_uuid[UUID_TEXT_SIZE], risk_uuid[UUID_TEXT_SIZE];
	oscal_cell_uuid(oscal, "finding", environment, cell, finding_uuid);
	oscal_cell_uuid(oscal, "risk", environment, cell, risk_uuid);
	json_t *item = json_object();
	json_object_set_new(
		item, "uuid",
		oscal_uuid_json("poam-item", oscal->organization, "accepted", finding_uuid, NULL));
	json_object_set_new(item, "title", oscal_finding_title(environment, cell));
	json_object_set_new(item, "description",
			    oscal_cell_description(cell, report_string(environment, "name")));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "status", "accepted");
	const json_t *exception = json_object_get(cell, "exception");
	oscal_add_srgap_prop(props, "exception-owner", report_string(exception, "owner"));
	oscal_add_srgap_prop(props, "exception-expires", report_string(exception, "expires"));
	json_object_set_new(item, "props", props);
	json_object_set_new(item, "origins", oscal_tool_origins(oscal));
	json_t *findings = json_array(), *risks = json_array(), *reference = json_object();
	json_object_set_new(reference, "finding-uuid", json_string(finding_uuid));
	json_array_append_new(findings, reference);
	reference = json_object();
	json_object_set_new(reference, "risk-uuid", json_string(risk_uuid));
	json_array_append_new(risks, reference);
	json_object_set_new(item, "related-findings", findings);
	json_object_set_new(item, "related-risks", risks);
	return item;
}

struct item_pass {
	struct oscal_writer *writer;
	const struct oscal_assessment *oscal;
	size_t written;
};

static void write_accepted_item(void *context, const json_t *environment, const json_t *cell)
{
	struct item_pass *pass = context;
	if (strcmp(report_string(cell, "status"), "accepted"))
		return;
	oscal_writer_put(pass->writer, NULL, accepted_item(pass->oscal, environment, cell));
	pass->written++;
}

/* What names a fix across assessments: the package and versions, or the base image. */
static void vulnerability_key(const json_t *action, struct strbuf *key)
{
	const json_t *base = json_object_get(action, "base");
	strbuf_addf(key, "%s %s %s %s %s %s", report_string(action, "kind"),
		    report_string(action, "type"), report_string(action, "package"),
		    report_string(action, "from"), report_string(action, "to"),
		    json_is_object(base) ? report_string(base, "os") : "");
	if (json_is_object(base))
		strbuf_addf(key, " %s", report_string(base, "version"));
}

static json_t *vulnerability_item(const struct oscal_assessment *oscal, const json_t *action)
{
	struct strbuf key;
	strbuf_init(&key);
	vulnerability_key(action, &key);
	json_t *item = json_object();
	json_object_set_new(item, "uuid",
			    oscal_uuid_json("poam-item", oscal->organization, "vulnerabilities",
					    key.buf, NULL));
	strbuf_release(&key);
	json_object_set_new(item, "title", json_string(report_string(action, "title")));
	const json_t *severity = json_object_get(action, "severity");
	struct strbuf text;
	strbuf_init(&text);
	strbuf_addf(&text,
		    "Resolves %d known vulnerabilities (%d critical, %d high, %d medium, %d low) "
		    "in %zu images",
		    (int)report_integer(severity, "total"),
		    (int)report_integer(severity, "critical"),
		    (int)report_integer(severity, "high"), (int)report_integer(severity, "medium"),
		    (int)report_integer(severity, "low"),
		    json_array_size(json_object_get(action, "images")));
	if (!strcmp(report_string(action, "kind"), "no-fix"))
		strbuf_addstr(&text, "; no fixed version exists yet: mitigate or accept the risk");
	strbuf_addstr(&text, ". Images: ");
	join_strings(&text, json_object_get(action, "images"));
	strbuf_addch(&text, '.');
	json_object_set_new(item, "description", json_string(text.buf));
	strbuf_release(&text);
	json_t *props = json_array();
	oscal_add_srgap_integer_prop(props, "vulnerability-rank", report_integer(action, "rank"));
	oscal_add_srgap_prop(props, "vulnerability-action", report_string(action, "kind"));
	oscal_add_srgap_prop(props, "package", report_string(action, "package"));
	oscal_add_srgap_prop(props, "package-type", report_string(action, "type"));
	oscal_add_srgap_prop(props, "from-version", report_string(action, "from"));
	oscal_add_srgap_prop(props, "to-version", report_string(action, "to"));
	const json_t *base = json_object_get(action, "base");
	if (json_is_object(base)) {
		oscal_add_srgap_prop(props, "base-os", report_string(base, "os"));
		oscal_add_srgap_prop(props, "base-os-version", report_string(base, "version"));
	}
	oscal_add_srgap_prop(props, "highest-severity", report_string(action, "highest"));
	oscal_add_srgap_integer_prop(props, "score", report_integer(action, "score"));
	oscal_add_srgap_integer_prop(props, "workloads", report_integer(action, "workloads"));
	size_t index;
	const json_t *finding;
	json_array_foreach(json_object_get(action, "findings"), index, finding)
		oscal_add_srgap_prop(props, "vulnerability", report_string(finding, "id"));
	json_object_set_new(item, "props", props);
	json_object_set_new(item, "origins", oscal_tool_origins(oscal));
	return item;
}

static int render_oscal_poam(const json_t *assessment, const struct report_templates *templates,
			     const struct report_options *options, FILE *out,
			     struct diag_list *diags)
{
	(void)templates;
	(void)options;
	(void)diags;
	struct oscal_assessment oscal;
	const json_t *info = json_object_get(assessment, "assessment");
	json_t *title =
		json_sprintf("Plan of action and milestones: %s", report_string(info, "title"));
	oscal_assessment_init(&oscal, assessment, json_string_value(title));
	json_decref(title);
	struct oscal_writer writer;
	oscal_writer_init(&writer, out);
	oscal_writer_open(&writer, NULL, '{');
	oscal_writer_open(&writer, "plan-of-action-and-milestones", '{');
	oscal_writer_put(
		&writer, "uuid",
		oscal_uuid_json("poam", oscal.organization, oscal.title, oscal.date, NULL));
	oscal_writer_put(&writer, "metadata", json_incref(oscal.metadata));
	json_t *system = json_object();
	json_object_set_new(system, "identifier-type", json_string("https://ietf.org/rfc/rfc4122"));
	json_object_set_new(system, "id", oscal_uuid_json("system", oscal.organization, NULL));
	oscal_writer_put(&writer, "system-id", system);
	json_t *definitions = json_object();
	oscal_set_array(definitions, "components", json_incref(oscal.components));
	oscal_set_array(definitions, "inventory-items", json_incref(oscal.inventory_items));
	json_object_set_new(definitions, "assessment-assets", oscal_tool_component(&oscal));
	oscal_writer_put(&writer, "local-definitions", definitions);
	if (oscal.probed_cells) {
		oscal_writer_open(&writer, "observations", '[');
		oscal_write_observations(&writer, &oscal);
		oscal_writer_close(&writer, ']');
	}
	/* The risks first: writing them records which findings each action closes. */
	if (oscal.open_cells) {
		oscal_writer_open(&writer, "risks", '[');
		oscal_write_risks(&writer, &oscal);
		oscal_writer_close(&writer, ']');
		oscal_writer_open(&writer, "findings", '[');
		oscal_write_findings(&writer, &oscal);
		oscal_writer_close(&writer, ']');
	}

	oscal_writer_open(&writer, "poam-items", '[');
	struct item_pass pass = {.writer = &writer, .oscal = &oscal};
	const json_t *roadmap = json_object_get(assessment, "roadmap");
	json_t *uuids_by_id = json_object();
	size_t index;
	const json_t *action;
	json_array_foreach(roadmap, index, action) {
		char key[256];
		oscal_action_key(action, key, sizeof(key));
		json_object_set_new(uuids_by_id, report_string(action, "id"),
				    oscal_uuid_json("poam-item", oscal.organization, key, NULL));
	}
	json_array_foreach(roadmap, index, action) {
		oscal_writer_put(&writer, NULL, action_item(&oscal, action, index, uuids_by_id));
		pass.written++;
	}
	json_decref(uuids_by_id);
	oscal_for_each_open_cell(&oscal, write_accepted_item, &pass);
	json_array_foreach(
		json_object_get(json_object_get(assessment, "vulnerabilities"), "actions"), index,
		action) {
		oscal_writer_put(&writer, NULL, vulnerability_item(&oscal, action));
		pass.written++;
	}
	/* A plan with nothing to do still has one item, as OSCAL requires: saying so. */
	if (!pass.written) {
		json_t *item = json_object();
		json_object_set_new(
			item, "uuid",
			oscal_uuid_json("poam-item", oscal.organization, "nothing", NULL));
		json_object_set_new(item, "title", json_string("No open items"));
		json_object_set_new(
			item, "description",
			json_string("The assessment found no gap, partial or "
				    "contradicted control and no vulnerability to fix."));
		oscal_writer_put(&writer, NULL, item);
	}
	oscal_writer_close(&writer, ']');
	json_t *resources = json_array(), *back_matter = json_object();
	json_array_append_new(resources, oscal_catalog_resource_from_assessment(assessment));
	json_object_set_new(back_matter, "resources", resources);
	oscal_writer_put(&writer, "back-matter", back_matter);
	oscal_writer_close(&writer, '}');
	oscal_writer_close(&writer, '}');
	oscal_assessment_release(&oscal);
	return oscal_writer_finish(&writer);
}

const struct report_renderer report_oscal_poam = {
	.name = "oscal-poam",
	.description = "OSCAL 1.1.2 plan of action and milestones (docs/oscal.md)",
	.render = render_oscal_poam,
};
