/*
 * `srgap models controls --format oscal-catalog`: srgap's NIST SP 800-190
 * control set as an OSCAL catalog, so that every control-id in srgap's
 * other OSCAL documents resolves. One group per area (4.1 Image), inside it
 * one per countermeasure group (4.1.1 Image vulnerabilities) with the risk
 * it answers as an overview part, inside that the controls with their
 * statement, guidance, phase, severity, effort and prerequisites.
 */
#include <string.h>

#include "core/models.h"
#include "render/oscal.h"
#include "util/version.h"

static json_t *prose_part(const char *srgap_id, const char *name, const char *suffix,
			  const char *prose)
{
	json_t *part = json_object();
	json_object_set_new(part, "id", oscal_part_id(srgap_id, suffix));
	json_object_set_new(part, "name", json_string(name));
	json_object_set_new(part, "prose", json_string(prose));
	return part;
}

static json_t *control_json(const struct catalog_control *control)
{
	json_t *object = json_object();
	json_object_set_new(object, "id", oscal_control_id(control->id));
	json_object_set_new(object, "class", json_string("srgap-control"));
	json_object_set_new(object, "title", json_string(control->title));
	json_t *props = json_array();
	oscal_add_prop(props, NULL, "label", control->id);
	oscal_add_srgap_prop(props, "phase", phase_names[control->phase]);
	oscal_add_srgap_prop(props, "severity", severity_names[control->severity]);
	oscal_add_srgap_prop(props, "effort", effort_names[control->effort]);
	oscal_set_array(object, "props", props);
	/* Prerequisites (`requires:`): the controls that must be in place first. */
	json_t *links = json_array();
	for (size_t i = 0; i < control->require_count; i++) {
		json_t *link = json_object();
		json_t *target = oscal_control_id(control->requires[i] -> id);
		json_object_set_new(link, "href", json_sprintf("#%s", json_string_value(target)));
		json_object_set_new(link, "rel", json_string("required"));
		json_object_set_new(link, "text", json_string(control->requires[i] -> id));
		json_decref(target);
		json_array_append_new(links, link);
	}
	oscal_set_array(object, "links", links);
	json_t *parts = json_array();
	json_array_append_new(parts, prose_part(control->id, "statement", OSCAL_STATEMENT_SUFFIX,
						control->description));
	if (control->remediation)
		json_array_append_new(
			parts, prose_part(control->id, "guidance", "_gdn", control->remediation));
	json_object_set_new(object, "parts", parts);
	return object;
}

static json_t *controls_json(const struct catalog *catalog, const struct catalog_group *group)
{
	json_t *controls = json_array();
	for (size_t i = 0; i < group->control_count; i++)
		json_array_append_new(controls,
				      control_json(&catalog->controls[group->first_control + i]));
	return controls;
}

static json_t *group_json(const struct catalog *catalog, const struct catalog_group *group)
{
	json_t *object = json_object();
	json_object_set_new(object, "id", oscal_control_id(group->id));
	json_object_set_new(object, "class", json_string("countermeasure"));
	json_object_set_new(object, "title", json_string(group->title));
	json_t *props = json_array();
	oscal_add_prop(props, NULL, "label", group->id);
	oscal_add_srgap_prop(props, "risk-section", group->risk);
	oscal_set_array(object, "props", props);
	if (group->risk_summary) {
		json_t *parts = json_array();
		json_array_append_new(
			parts, prose_part(group->id, "overview", "_ovw", group->risk_summary));
		json_object_set_new(object, "parts", parts);
	}
	json_object_set_new(object, "controls", controls_json(catalog, group));
	return object;
}

/*
 * An area's countermeasure groups. An area that is a single group of the
 * same id (4.6 Hardware) holds its controls directly: OSCAL ids are unique.
 */
static json_t *area_json(const struct catalog *catalog, enum area area)
{
	const struct catalog_area *info = &catalog->areas[area];
	json_t *object = json_object();
	json_object_set_new(object, "id", oscal_control_id(info->id));
	json_object_set_new(object, "class", json_string("area"));
	json_object_set_new(object, "title", json_string(info->title));
	json_t *props = json_array();
	oscal_add_prop(props, NULL, "label", info->id);
	oscal_add_srgap_prop(props, "area", area_names[area]);
	oscal_add_srgap_prop(props, "risk-section", info->risk);
	oscal_set_array(object, "props", props);
	json_t *groups = json_array();
	json_t *controls = NULL;
	for (size_t g = 0; g < catalog->group_count; g++) {
		const struct catalog_group *group = &catalog->groups[g];
		if (group->area != area)
			continue;
		if (!strcmp(group->id, info->id))
			controls = controls_json(catalog, group);
		else
			json_array_append_new(groups, group_json(catalog, group));
	}
	oscal_set_array(object, "groups", groups);
	if (controls)
		oscal_set_array(object, "controls", controls);
	return object;
}

static json_t *metadata_json(const struct catalog *catalog)
{
	json_t *metadata = json_object();
	json_object_set_new(metadata, "title", json_string(catalog->title));
	json_object_set_new(metadata, "last-modified", oscal_datetime(catalog->reviewed, 0));
	json_object_set_new(metadata, "version",
			    json_sprintf("%s, reviewed %s", catalog->version, catalog->reviewed));
	json_object_set_new(metadata, "oscal-version", json_string(OSCAL_VERSION));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "catalog-id", catalog->id);
	oscal_add_srgap_prop(props, "generator", srgap_generator());
	json_object_set_new(metadata, "props", props);
	json_t *links = json_array();
	for (size_t i = 0; i < catalog->source_count; i++) {
		json_t *link = json_object();
		json_object_set_new(link, "href", json_string(catalog->sources[i]));
		json_object_set_new(link, "rel", json_string("reference"));
		json_array_append_new(links, link);
	}
	oscal_set_array(metadata, "links", links);
	json_object_set_new(
		metadata, "remarks",
		json_string("srgap's breakdown of the countermeasures of NIST SP 800-190 section 4 "
			    "into controls that can be answered in a workshop and verified by "
			    "probes. Section numbers are NIST's; the lettered controls and all "
			    "prose are srgap's own wording, not quotations of NIST."));
	return metadata;
}

int oscal_write_catalog(FILE *out, const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	json_t *document = json_object();
	json_object_set_new(
		document, "uuid",
		oscal_uuid_json("catalog", catalog->id, catalog->version, catalog->reviewed, NULL));
	json_object_set_new(document, "metadata", metadata_json(catalog));
	json_t *groups = json_array();
	for (size_t a = 0; a < AREA_COUNT; a++)
		json_array_append_new(groups, area_json(catalog, (enum area)a));
	json_object_set_new(document, "groups", groups);
	return oscal_write_document(out, "catalog", document);
}
