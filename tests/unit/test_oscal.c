/*
 * Unit tests for src/render/oscal*.c: identifiers that GRC tools track
 * must never change, tokens and property values must be what OSCAL
 * accepts, and the catalog and component definition carry the models.
 * tests/oscal/validate.py checks whole documents against NIST's schemas.
 */
#include <stdlib.h>

#include "core/models.h"
#include "render/oscal.h"
#include "render/report.h"
#include "test_support.h"

static struct models models;

static int load_models(void **state)
{
	(void)state;
	struct diag_list diags;
	diag_list_init(&diags);
	int result = models_load(&models, SRGAP_TEST_DATA_DIR, &diags);
	if (result < 0)
		print_diags(&diags);
	diag_list_release(&diags);
	return result;
}

static int release_models(void **state)
{
	(void)state;
	models_release(&models);
	return 0;
}

static void assert_json_string(json_t *value, const char *expected)
{
	assert_non_null(value);
	assert_string_equal(json_string_value(value), expected);
	json_decref(value);
}

/*
 * Pinned values: a finding's uuid is how a GRC tool recognises the same
 * finding in next quarter's assessment. If this test fails, every tracked
 * item would be orphaned; change the namespace or the naming only on purpose.
 */
static void test_uuid_is_stable_across_releases(void **state)
{
	(void)state;
	char text[UUID_TEXT_SIZE];
	oscal_uuid(text, "finding", "Acme Retail", "checkout-prod", "4.1.1a", NULL);
	assert_string_equal(text, "1c81c2c0-ae2a-5008-8309-863ffdb05621");
	/* Parts are separated, so moving a space between them gives another uuid. */
	oscal_uuid(text, "x", "a b", "c", NULL);
	assert_string_equal(text, "a3445b8a-da56-5d1a-9aa3-97f212f3c909");
	oscal_uuid(text, "x", "a", "b c", NULL);
	assert_string_equal(text, "43602e89-3681-5b11-98d4-c28a9ca9e130");
	assert_json_string(oscal_uuid_json("x", "a", "b c", NULL),
			   "43602e89-3681-5b11-98d4-c28a9ca9e130");
}

static void test_control_ids_become_tokens(void **state)
{
	(void)state;
	assert_json_string(oscal_control_id("4.1.1a"), "sp800-190-4.1.1a");
	assert_json_string(oscal_control_id("4.6"), "sp800-190-4.6");
	/* Anything a token cannot hold becomes '_'. */
	assert_json_string(oscal_control_id("4.1 x/y"), "sp800-190-4.1_x_y");
	assert_json_string(oscal_part_id("4.1.1a", OSCAL_STATEMENT_SUFFIX), "sp800-190-4.1.1a_smt");
}

static void test_property_values_are_single_lines(void **state)
{
	(void)state;
	assert_json_string(oscal_line("  two\n\tlines  here \n"), "two lines here");
	assert_json_string(oscal_line(NULL), "");
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "owner", " \n ");
	oscal_add_srgap_prop(props, "owner", NULL);
	assert_int_equal(json_array_size(props), 0);
	oscal_add_srgap_prop(props, "owner", "checkout\nteam");
	oscal_add_prop(props, NULL, "label", "4.1");
	oscal_add_srgap_integer_prop(props, "risk", 45);
	assert_int_equal(json_array_size(props), 3);
	json_t *first = json_array_get(props, 0);
	assert_string_equal(json_string_value(json_object_get(first, "value")), "checkout team");
	assert_string_equal(json_string_value(json_object_get(first, "ns")), OSCAL_SRGAP_NAMESPACE);
	assert_null(json_object_get(json_array_get(props, 1), "ns"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(props, 2), "value")),
			    "45");
	/* OSCAL arrays have at least one item: an empty one is left out. */
	json_t *object = json_object();
	oscal_set_array(object, "links", json_array());
	oscal_set_array(object, "props", props);
	assert_null(json_object_get(object, "links"));
	assert_non_null(json_object_get(object, "props"));
	json_decref(object);
}

static void test_datetimes_from_dates(void **state)
{
	(void)state;
	assert_json_string(oscal_datetime("2026-11-15", 0), "2026-11-15T00:00:00Z");
	assert_json_string(oscal_datetime("2026-11-15", 30), "2026-12-15T00:00:00Z");
	assert_json_string(oscal_datetime("2024-02-28", 1), "2024-02-29T00:00:00Z");
	assert_null(oscal_datetime("2026-13-01", 0));
	assert_null(oscal_datetime(NULL, 0));
}

/* Writes with `write` into memory and parses the result. */
static json_t *written(int (*write)(FILE *, const struct models *, const struct provider *),
		       const struct provider *provider)
{
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	assert_non_null(out);
	assert_int_equal(write(out, &models, provider), 0);
	assert_int_equal(fclose(out), 0);
	json_error_t error;
	json_t *document = json_loadb(text, length, 0, &error);
	free(text);
	assert_non_null(document);
	return document;
}

static int write_catalog(FILE *out, const struct models *loaded, const struct provider *unused)
{
	(void)unused;
	return oscal_write_catalog(out, loaded);
}

static size_t count_controls(const json_t *node)
{
	size_t count = json_array_size(json_object_get(node, "controls"));
	size_t index;
	const json_t *group;
	json_array_foreach(json_object_get(node, "groups"), index, group)
		count += count_controls(group);
	return count;
}

static void test_catalog_holds_every_control_by_area(void **state)
{
	(void)state;
	json_t *document = written(write_catalog, NULL);
	const json_t *catalog = json_object_get(document, "catalog");
	const json_t *groups = json_object_get(catalog, "groups");
	assert_int_equal(json_array_size(groups), AREA_COUNT);
	assert_int_equal(count_controls(catalog), models.catalog.control_count);
	/* 4.1 Image > 4.1.1 Image vulnerabilities > 4.1.1a with its statement and props. */
	const json_t *image = json_array_get(groups, 0);
	assert_string_equal(json_string_value(json_object_get(image, "id")), "sp800-190-4.1");
	const json_t *group = json_array_get(json_object_get(image, "groups"), 0);
	assert_string_equal(json_string_value(json_object_get(group, "id")), "sp800-190-4.1.1");
	const json_t *control = json_array_get(json_object_get(group, "controls"), 0);
	assert_string_equal(json_string_value(json_object_get(control, "id")), "sp800-190-4.1.1a");
	const json_t *statement = json_array_get(json_object_get(control, "parts"), 0);
	assert_string_equal(json_string_value(json_object_get(statement, "id")),
			    "sp800-190-4.1.1a_smt");
	assert_string_equal(json_string_value(json_object_get(statement, "prose")),
			    models.catalog.controls[0].description);
	char *props = json_dumps(json_object_get(control, "props"), JSON_COMPACT);
	assert_non_null(strstr(props, "\"name\":\"phase\",\"ns\":\"" OSCAL_SRGAP_NAMESPACE
				      "\",\"value\":\"build\""));
	assert_non_null(strstr(props, "\"name\":\"severity\""));
	free(props);
	/* 4.6 is one area and one group of the same id: its controls sit in the area. */
	const json_t *hardware = json_array_get(groups, AREA_HARDWARE);
	assert_null(json_object_get(hardware, "groups"));
	assert_true(json_array_size(json_object_get(hardware, "controls")) > 0);
	json_decref(document);
}

static void test_component_definition_of_one_provider(void **state)
{
	(void)state;
	const struct provider *aws = models_find_provider(&models, "aws");
	assert_non_null(aws);
	json_t *document = written(oscal_write_component_definition, aws);
	const json_t *definition = json_object_get(document, "component-definition");
	const json_t *components = json_object_get(definition, "components");
	assert_int_equal(json_array_size(components), aws->service_count);
	const struct service *service = &aws->services[0];
	const json_t *component = json_array_get(components, 0);
	assert_string_equal(json_string_value(json_object_get(component, "title")), service->name);
	const json_t *requirements = json_object_get(
		json_array_get(json_object_get(component, "control-implementations"), 0),
		"implemented-requirements");
	size_t answered = 0;
	for (size_t i = 0; i < models.catalog.control_count; i++)
		answered += service->entries[i] != NULL;
	assert_int_equal(json_array_size(requirements), answered);
	/* Each requirement says who is responsible, as a prop and as roles. */
	size_t index;
	const json_t *requirement;
	json_array_foreach(requirements, index, requirement) {
		const json_t *responsibility =
			json_array_get(json_object_get(requirement, "props"), 0);
		assert_string_equal(json_string_value(json_object_get(responsibility, "name")),
				    "responsibility");
		const char *who = json_string_value(json_object_get(responsibility, "value"));
		size_t roles = json_array_size(json_object_get(requirement, "responsible-roles"));
		assert_int_equal(roles, strcmp(who, "shared") ? 1 : 2);
	}
	/* Only AWS is a party. */
	const json_t *parties = json_object_get(json_object_get(definition, "metadata"), "parties");
	assert_int_equal(json_array_size(parties), 1);
	json_decref(document);
}

/* Renders the fixture assessment with a report format and parses the result. */
static json_t *rendered(const struct report_renderer *renderer, const char *root)
{
	json_error_t error;
	json_t *assessment = json_load_file(FIXTURE("oscal/assessment.json"), 0, &error);
	if (!assessment)
		print_message("%s:%d: %s\n", error.source, error.line, error.text);
	assert_non_null(assessment);
	char *text = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&text, &length);
	assert_non_null(out);
	struct report_options options = {0};
	assert_int_equal(renderer->render(assessment, NULL, &options, out, NULL), 0);
	assert_int_equal(fclose(out), 0);
	json_decref(assessment);
	json_t *document = json_loadb(text, length, 0, &error);
	free(text);
	assert_non_null(document);
	json_t *inner = json_incref(json_object_get(document, root));
	json_decref(document);
	assert_non_null(inner);
	return inner;
}

static const char *prop_value(const json_t *object, const char *name)
{
	size_t index;
	const json_t *prop;
	json_array_foreach(json_object_get(object, "props"), index, prop)
		if (!strcmp(json_string_value(json_object_get(prop, "name")), name))
			return json_string_value(json_object_get(prop, "value"));
	return NULL;
}

static const json_t *by_prop(const json_t *items, const char *name, const char *value)
{
	size_t index;
	const json_t *item;
	json_array_foreach(items, index, item) {
		const char *found = prop_value(item, name);
		if (found && !strcmp(found, value))
			return item;
	}
	return NULL;
}

static const char *string_at(const json_t *object, const char *path)
{
	char key[64];
	const json_t *value = object;
	while (*path && value) {
		size_t length = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)length, path);
		value = json_is_array(value) ? json_array_get(value, (size_t)atoi(key))
					     : json_object_get(value, key);
		path += length + (path[length] == '.');
	}
	return json_string_value(value);
}

static void test_assessment_results_of_open_cells(void **state)
{
	(void)state;
	json_t *ar = rendered(&report_oscal_ar, "assessment-results");
	const json_t *result = json_array_get(json_object_get(ar, "results"), 0);
	/* contradicted, gap and accepted get findings; the provider's cell does not. */
	const json_t *findings = json_object_get(result, "findings");
	assert_int_equal(json_array_size(findings), 3);
	assert_null(by_prop(findings, "control", "4.6a"));
	const json_t *contradicted = by_prop(findings, "control", "4.1.1a");
	assert_string_equal(prop_value(contradicted, "status"), "contradicted");
	assert_string_equal(string_at(contradicted, "target.target-id"), "sp800-190-4.1.1a_smt");
	assert_string_equal(string_at(contradicted, "target.status.state"), "not-satisfied");
	assert_string_equal(string_at(contradicted, "target.implementation-status.state"),
			    "implemented");
	char uuid[UUID_TEXT_SIZE];
	oscal_uuid(uuid, "finding", "Müller Logistik", "edge #1", "4.1.1a", NULL);
	assert_string_equal(json_string_value(json_object_get(contradicted, "uuid")), uuid);
	/* One observation for the probe: its result summarized in two cells counts once. */
	const json_t *observations = json_object_get(result, "observations");
	assert_int_equal(json_array_size(observations), 1);
	const json_t *observation = json_array_get(observations, 0);
	assert_string_equal(prop_value(observation, "fail-count"), "1");
	assert_string_equal(prop_value(observation, "pass-count"), "1");
	assert_string_equal(string_at(observation, "methods.0"), "TEST");
	assert_string_equal(string_at(observation, "relevant-evidence.0.href"),
			    "evidence%20dir/scan.json#/a%20b");
	assert_null(string_at(observation, "relevant-evidence.1.href"));
	assert_string_equal(string_at(contradicted, "related-observations.0.observation-uuid"),
			    json_string_value(json_object_get(observation, "uuid")));
	/* Risks: the score, and the accepted one as an approved deviation until it expires. */
	const json_t *risks = json_object_get(result, "risks");
	assert_string_equal(prop_value(by_prop(risks, "control", "4.1.1a"), "risk-score"), "60");
	const json_t *accepted = by_prop(risks, "control", "4.3.4");
	assert_string_equal(string_at(accepted, "status"), "deviation-approved");
	assert_string_equal(string_at(accepted, "deadline"), "2026-06-30T00:00:00Z");
	assert_string_equal(string_at(accepted, "risk-log.entries.0.status-change"),
			    "deviation-approved");
	assert_string_equal(prop_value(accepted, "exception-owner"), "CISO");
	/* Every control of the catalog was reviewed; the organization is a party. */
	assert_int_equal(
		json_array_size(json_object_get(
			json_array_get(json_object_get(json_object_get(result, "reviewed-controls"),
						       "control-selections"),
				       0),
			"include-controls")),
		4);
	assert_string_equal(string_at(ar, "metadata.parties.0.name"), "Müller Logistik");
	json_decref(ar);
}

static void test_poam_items_close_findings_by_phase(void **state)
{
	(void)state;
	json_t *poam = rendered(&report_oscal_poam, "plan-of-action-and-milestones");
	const json_t *items = json_object_get(poam, "poam-items");
	/* Two roadmap actions and the accepted risk. */
	assert_int_equal(json_array_size(items), 3);
	const json_t *first = by_prop(items, "action", "A01");
	const json_t *second = by_prop(items, "action", "A02");
	assert_non_null(first);
	assert_non_null(second);
	assert_string_equal(prop_value(first, "owner"), "ops");
	assert_string_equal(prop_value(first, "cost"), "paid");
	char uuid[UUID_TEXT_SIZE];
	oscal_uuid(uuid, "finding", "Müller Logistik", "edge #1", "4.1.1a", NULL);
	assert_int_equal(json_array_size(json_object_get(first, "related-findings")), 1);
	assert_string_equal(string_at(first, "related-findings.0.finding-uuid"), uuid);
	/* A02 depends on A01: a link to its item. */
	char href[UUID_TEXT_SIZE + 1];
	snprintf(href, sizeof(href), "#%s", json_string_value(json_object_get(first, "uuid")));
	assert_string_equal(string_at(second, "links.0.href"), href);
	/* The risk A02 closes: its milestone is the end of phase 2, 90 days after the assessment.
	 */
	const json_t *risk = by_prop(json_object_get(poam, "risks"), "control", "4.1.1b");
	assert_string_equal(string_at(risk, "deadline"), "2026-04-10T00:00:00Z");
	assert_string_equal(string_at(risk, "remediations.0.lifecycle"), "recommendation");
	assert_string_equal(
		string_at(risk, "remediations.0.tasks.0.timing.within-date-range.start"),
		"2026-02-10T00:00:00Z");
	assert_string_equal(string_at(risk, "remediations.0.tasks.0.timing.within-date-range.end"),
			    "2026-04-10T00:00:00Z");
	json_decref(poam);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uuid_is_stable_across_releases),
		cmocka_unit_test(test_control_ids_become_tokens),
		cmocka_unit_test(test_property_values_are_single_lines),
		cmocka_unit_test(test_datetimes_from_dates),
		cmocka_unit_test(test_catalog_holds_every_control_by_area),
		cmocka_unit_test(test_component_definition_of_one_provider),
		cmocka_unit_test(test_assessment_results_of_open_cells),
		cmocka_unit_test(test_poam_items_close_findings_by_phase),
	};
	return cmocka_run_group_tests(tests, load_models, release_models);
}
