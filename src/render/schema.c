/*
 * Builds the inventory schema as a jansson tree in a fixed insertion order
 * (providers sorted by id, services, capabilities and controls in file
 * order), so the output is byte-stable. It mirrors what the inventory loader
 * accepts; cross-references it cannot express (an exception naming an
 * environment defined above, a capability of this environment's provider
 * rather than any provider) stay the job of `srgap validate`.
 */
#include "render/schema.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "util/strbuf.h"
#include "util/version.h"

/* Six significant digits print the numeric ids (4.1) exactly. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
/* srgap reads a lower-case dashed `by:` value as a capability id (core/inventory.c). */
#define CAPABILITY_ID_PATTERN "^[a-z0-9][a-z0-9]*-[a-z0-9-]*$"

static json_t *described(json_t *schema, const char *description)
{
	json_object_set_new(schema, "description", json_string(description));
	return schema;
}

static json_t *typed(const char *type, const char *description)
{
	json_t *schema = json_pack("{s:s}", "type", type);
	return description ? described(schema, description) : schema;
}

/* Free text: srgap reads any YAML scalar as text, so `owner: 2024` is fine too. */
static json_t *text(const char *description)
{
	json_t *schema = json_pack("{s:[s,s,s]}", "type", "string", "number", "boolean");
	return description ? described(schema, description) : schema;
}

static json_t *ref(const char *name)
{
	char target[64];
	snprintf(target, sizeof(target), "#/$defs/%s", name);
	return json_pack("{s:s}", "$ref", target);
}

static json_t *enum_of(const char *const *names, size_t count)
{
	json_t *values = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(values, json_string(names[i]));
	return json_pack("{s:o}", "enum", values);
}

/* {"const": value, "description": text}: an editor shows the text beside the value. */
static json_t *constant(const char *value, const char *description)
{
	return json_pack("{s:s,s:s}", "const", value, "description", description);
}

static json_t *object_schema(const char *description, json_t *properties, json_t *required)
{
	json_t *schema = typed("object", description);
	if (required)
		json_object_set_new(schema, "required", required);
	json_object_set_new(schema, "additionalProperties", json_false());
	json_object_set_new(schema, "properties", properties);
	return schema;
}

static json_t *nullable(json_t *schema)
{
	return json_pack("{s:[o,{s:s}]}", "anyOf", schema, "type", "null");
}

/*
 * An id such as "4.1" is a number to a YAML editor unless quoted; srgap reads
 * it as text either way, so the schema accepts both spellings.
 */
static void add_id(json_t *ids, json_t *numbers, const char *id)
{
	json_array_append_new(ids, json_string(id));
	char *end;
	double value = strtod(id, &end);
	if (!*end && strchr(id, '.') == strrchr(id, '.'))
		json_array_append_new(numbers, json_real(value));
}

/* Every key a claim or exception may use: controls, groups and areas, with their titles. */
static json_t *control_keys(const struct catalog *catalog, json_t *ids, json_t *numbers)
{
	json_t *properties = json_object();
	char text[512];
	for (size_t a = 0; a < AREA_COUNT; a++) {
		const struct catalog_area *area = &catalog->areas[a];
		if (a == AREA_HARDWARE)
			continue; /* "4.6" is also a group; listed with the groups */
		snprintf(text, sizeof(text), "%s (area: every control of %s.*)", area->title,
			 area->id);
		json_object_set_new(properties, area->id, described(ref("claim"), text));
		add_id(ids, numbers, area->id);
	}
	for (size_t g = 0; g < catalog->group_count; g++) {
		const struct catalog_group *group = &catalog->groups[g];
		const struct catalog_control *first = &catalog->controls[group->first_control];
		const struct catalog_control *last = first + group->control_count - 1;
		snprintf(text, sizeof(text), "%s (group: %s to %s)", group->title, first->id,
			 last->id);
		json_object_set_new(properties, group->id, described(ref("claim"), text));
		add_id(ids, numbers, group->id);
		for (size_t c = 0; c < group->control_count; c++) {
			const struct catalog_control *control = first + c;
			snprintf(text, sizeof(text), "%s (%s, %s severity)", control->title,
				 phase_names[control->phase], severity_names[control->severity]);
			json_object_set_new(properties, control->id, described(ref("claim"), text));
			add_id(ids, numbers, control->id);
		}
	}
	return properties;
}

static json_t *capability_schema(const struct models *models)
{
	json_t *choices = json_array();
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		for (size_t c = 0; c < provider->capability_count; c++) {
			const struct capability *capability = &provider->capabilities[c];
			char text[512];
			snprintf(text, sizeof(text), "%s (%s; %s, default %s)", capability->name,
				 provider->id, cost_names[capability->cost],
				 capability_default_names[capability->default_state]);
			json_array_append_new(choices, constant(capability->id, text));
		}
	}
	json_array_append_new(choices,
			      json_pack("{s:[s,s],s:s,s:{s:s}}", "type", "string", "number",
					"description",
					"free text: a tool or practice, e.g. \"Trivy in CI\"",
					"not", "pattern", CAPABILITY_ID_PATTERN));
	return described(json_pack("{s:o}", "anyOf", choices),
			 "What implements the claim: a capability id of the environment's provider "
			 "or registry, or free text with a space or a capital letter");
}

static json_t *claim_schema(const struct models *models)
{
	json_t *properties = json_object();
	json_object_set_new(properties, "status", ref("claim-status"));
	json_object_set_new(properties, "by", capability_schema(models));
	json_object_set_new(properties, "reason",
			    text("Why the control does not apply (required with "
				 "not-applicable)"));
	json_object_set_new(properties, "due",
			    described(ref("date"), "When a planned control will be in place"));
	json_object_set_new(properties, "note", text(NULL));
	json_t *full =
		object_schema("A claim with details", properties, json_pack("[s]", "status"));
	json_object_set_new(
		full, "if",
		json_pack("{s:{s:{s:s}}}", "properties", "status", "const", "not-applicable"));
	json_object_set_new(full, "then", json_pack("{s:[s]}", "required", "reason"));
	return described(json_pack("{s:[o,o]}", "oneOf", ref("claim-status"), full),
			 "A claim: a status alone (4.2.2c: implemented) or a mapping with "
			 "status and details");
}

/* if provider is P then service is one of P's compute models and registry one of the registries. */
static json_t *provider_rule(const struct models *models, const struct provider *provider)
{
	json_t *services = json_array();
	json_t *registries = json_array();
	char path[160];
	for (size_t s = 0; s < provider->service_count; s++) {
		const struct service *service = &provider->services[s];
		json_array_append_new(service->kind == SERVICE_COMPUTE ? services : registries,
				      constant(service->id, service->name));
	}
	for (size_t p = 0; p < models->provider_count; p++)
		for (size_t s = 0; s < models->providers[p].service_count; s++) {
			const struct service *service = &models->providers[p].services[s];
			if (service->kind != SERVICE_REGISTRY)
				continue;
			snprintf(path, sizeof(path), "%s/%s", models->providers[p].id, service->id);
			json_array_append_new(registries, constant(path, service->name));
		}
	json_array_append_new(registries, json_pack("{s:s}", "type", "null"));
	return json_pack("{s:{s:{s:{s:s}},s:[s]},s:{s:{s:{s:o},s:{s:o}}}}", "if", "properties",
			 "provider", "const", provider->id, "required", "provider", "then",
			 "properties", "service", "anyOf", services, "registry", "anyOf",
			 registries);
}

static json_t *environment_schema(const struct models *models)
{
	json_t *providers = json_array();
	json_t *rules = json_array();
	for (size_t p = 0; p < models->provider_count; p++) {
		json_array_append_new(providers,
				      constant(models->providers[p].id, models->providers[p].name));
		json_array_append_new(rules, provider_rule(models, &models->providers[p]));
	}
	json_t *properties = json_object();
	json_t *name = text("Unique name of the environment");
	json_object_set_new(name, "minLength", json_integer(1));
	json_object_set_new(properties, "name", name);
	json_object_set_new(properties, "description", text(NULL));
	json_object_set_new(properties, "provider",
			    described(json_pack("{s:o}", "anyOf", providers), "Cloud provider"));
	json_object_set_new(properties, "service",
			    text("A compute service model of the provider (srgap "
				 "models services)"));
	json_object_set_new(properties, "registry",
			    described(json_object(), "A registry service of the same provider, or "
						     "PROVIDER/SERVICE; default "
						     "self-managed/registry"));
	json_object_set_new(properties, "criticality",
			    described(nullable(ref("criticality")), "Default medium"));
	json_object_set_new(properties, "internet_facing",
			    typed("boolean", "Reachable from the internet; default false"));
	json_object_set_new(properties, "owner", text("Team that owns it"));
	json_t *stage = json_pack("{s:[s,s,s]}", "enum", "build", "registry", "runtime");
	json_t *entry =
		object_schema("A folder and the scan stage its reports belong to",
			      json_pack("{s:{s:s},s:o}", "path", "type", "string", "stage", stage),
			      json_pack("[s]", "path"));
	json_t *one = json_pack("{s:s}", "type", "string");
	json_t *list = json_pack("{s:s,s:{s:[o,o]}}", "type", "array", "items", "anyOf",
				 json_deep_copy(one), entry);
	json_object_set_new(properties, "evidence",
			    described(json_pack("{s:[o,o]}", "anyOf", one, list),
				      "Folder(s) of probe evidence, relative to the inventory; "
				      "a list entry may declare its scan stage"));
	json_t *live = json_object();
	static const char *const live_keys[] = {"region",  "cluster",  "resource_group",
						"project", "location", "context"};
	for (size_t i = 0; i < sizeof(live_keys) / sizeof(live_keys[0]); i++)
		json_object_set_new(live, live_keys[i],
				    json_pack("{s:s,s:s}", "type", "string", "pattern",
					      "^[A-Za-z0-9._:/@][A-Za-z0-9._:/@-]*$"));
	json_object_set_new(properties, "live",
			    object_schema("What srgap probe --live passes to aws, az, gcloud "
					  "and kubectl",
					  live, NULL));
	json_object_set_new(
		properties, "controls",
		described(nullable(ref("controls")),
			  "Claims by control id (4.1.1a), group (4.1.1) or area (4.5)"));
	json_t *schema =
		object_schema("An environment and the service model it runs on", properties,
			      json_pack("[s,s,s]", "name", "provider", "service"));
	json_object_set_new(schema, "allOf", rules);
	return schema;
}

static json_t *exception_schema(void)
{
	json_t *properties = json_object();
	json_object_set_new(properties, "environment", text("Name of an environment above"));
	json_object_set_new(properties, "control",
			    described(ref("control-id"), "Control or group id"));
	json_object_set_new(properties, "reason", text(NULL));
	json_object_set_new(properties, "owner", text("Who accepted the risk"));
	json_object_set_new(properties, "expires",
			    described(ref("date"), "Last day the acceptance holds"));
	return object_schema(
		"A risk acceptance for one control or group in one environment", properties,
		json_pack("[s,s,s,s,s]", "environment", "control", "reason", "owner", "expires"));
}

static json_t *schema_json(const struct models *models)
{
	const struct catalog *catalog = &models->catalog;
	struct strbuf about;
	strbuf_init(&about);
	strbuf_addf(&about,
		    "An srgap inventory (docs/workshop.md). Generated by %s from catalog %s %s "
		    "(reviewed %s) and provider models",
		    srgap_generator(), catalog->id, catalog->version, catalog->reviewed);
	for (size_t p = 0; p < models->provider_count; p++)
		strbuf_addf(&about, "%s %s (reviewed %s)", p ? "," : "", models->providers[p].id,
			    models->providers[p].reviewed);
	json_t *root = json_object();
	json_object_set_new(root, "$schema",
			    json_string("https://json-schema.org/draft/2020-12/schema"));
	json_object_set_new(root, "title", json_string("srgap inventory"));
	json_object_set_new(root, "description", json_string(about.buf));
	strbuf_release(&about);

	json_t *assessment = json_object();
	json_object_set_new(assessment, "title", text(NULL));
	json_object_set_new(assessment, "date",
			    described(ref("date"), "The assessment date; default today"));
	json_object_set_new(assessment, "assessor", text(NULL));
	json_object_set_new(assessment, "logo",
			    text("Image for reports, relative "
				 "to the inventory"));
	json_t *properties = json_object();
	json_object_set_new(properties, "srgap",
			    json_pack("{s:[i,s],s:s}", "enum", 1, "1", "description",
				      "Inventory format version: 1"));
	json_object_set_new(properties, "organization", text(NULL));
	json_object_set_new(properties, "assessment", object_schema(NULL, assessment, NULL));
	json_object_set_new(
		properties, "trusted_registries",
		nullable(json_pack("{s:s,s:{s:s}}", "type", "array", "items", "type", "string")));
	json_t *vulnerabilities = json_object();
	json_object_set_new(vulnerabilities, "fail_on",
			    described(ref("criticality"),
				      "Lowest failing vulnerability severity; default critical"));
	json_object_set_new(vulnerabilities, "fixable_only",
			    typed("boolean", "Count only findings with a fix; default true"));
	json_t *policy = json_object();
	json_object_set_new(policy, "scan_max_age_days",
			    json_pack("{s:s,s:i,s:i,s:s}", "type", "integer", "minimum", 1,
				      "maximum", 3650, "description",
				      "Newest scan of each stage may be this old; default 7"));
	json_object_set_new(policy, "vulnerabilities", object_schema(NULL, vulnerabilities, NULL));
	json_object_set_new(properties, "policy",
			    nullable(object_schema("Thresholds the probes apply", policy, NULL)));
	json_object_set_new(properties, "environments",
			    json_pack("{s:s,s:i,s:o}", "type", "array", "minItems", 1, "items",
				      ref("environment")));
	json_object_set_new(
		properties, "exceptions",
		nullable(json_pack("{s:s,s:o}", "type", "array", "items", ref("exception"))));
	json_object_set_new(root, "type", json_string("object"));
	/*
	 * An inventory file is the organization file (srgap and organization,
	 * alone or with environments) or, in a folder inventory, a team's file:
	 * environments or exceptions and none of the organization keys.
	 */
	json_object_set_new(
		root, "anyOf",
		json_pack("[{s:s,s:[s,s]},{s:s,s:{s:[{s:[s]},{s:[s]},{s:[s]},{s:[s]}]},s:[{s:[s]},"
			  "{s:[s]}]}]",
			  "description", "The organization file, or the only file", "required",
			  "srgap", "organization", "description",
			  "A team's file in an inventory folder (docs/inventory-files.md)", "not",
			  "anyOf", "required", "organization", "required", "assessment", "required",
			  "trusted_registries", "required", "policy", "anyOf", "required",
			  "environments", "required", "exceptions"));
	json_object_set_new(root, "additionalProperties", json_false());
	json_object_set_new(root, "properties", properties);

	json_t *defs = json_object();
	json_object_set_new(defs, "date",
			    json_pack("{s:s,s:s,s:s}", "type", "string", "pattern",
				      "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description", "YYYY-MM-DD"));
	json_object_set_new(defs, "criticality", enum_of(criticality_names, CRITICALITY_COUNT));
	json_object_set_new(defs, "claim-status",
			    described(enum_of(claim_status_names, CLAIM_STATUS_COUNT),
				      "implemented, partial, planned, not-implemented or "
				      "not-applicable (needs a reason)"));
	json_t *ids = json_array(), *numbers = json_array();
	json_t *controls = object_schema(NULL, control_keys(catalog, ids, numbers), NULL);
	json_array_extend(ids, numbers);
	json_decref(numbers);
	json_object_set_new(defs, "control-id", json_pack("{s:o}", "enum", ids));
	json_object_set_new(defs, "controls", controls);
	json_object_set_new(defs, "claim", claim_schema(models));
	json_object_set_new(defs, "environment", environment_schema(models));
	json_object_set_new(defs, "exception", exception_schema());
	json_object_set_new(root, "$defs", defs);
	return root;
}

int render_inventory_schema(FILE *out, const struct models *models)
{
	json_t *root = schema_json(models);
	int failed = json_dumpf(root, out, DUMP_FLAGS) < 0 || fputc('\n', out) == EOF;
	json_decref(root);
	return failed || ferror(out) ? -1 : 0;
}
