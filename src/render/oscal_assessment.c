/*
 * What OSCAL assessment results and a POA&M share, from a saved
 * assessment (the `assessment/2` document, docs/json-schema.md): metadata
 * and parties, the environments as components and inventory items, one
 * observation per probe and environment, and one finding and one risk per
 * open cell, with the roadmap action that closes it as the risk's
 * recommended remediation and its phase as a dated milestone. The two
 * documents only arrange these differently (oscal_ar.c, oscal_poam.c).
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "render/oscal_assessment.h"
#include "render/report.h"
#include "util/strbuf.h"

/* Roadmap phases: days after the assessment date (docs/roadmap.md). */
static const long phase_start[] = {0, 0, 31, 91};
static const long phase_end[] = {0, 30, 90, 180};

bool oscal_cell_is_open(const char *status)
{
	return !strcmp(status, "gap") || !strcmp(status, "partial") ||
	       !strcmp(status, "contradicted") || !strcmp(status, "accepted");
}

/* ------------------------------------------------------------------ helpers */

static json_t *uuid_reference(const char *key, const char *uuid)
{
	json_t *object = json_object();
	json_object_set_new(object, key, json_string(uuid));
	return object;
}

json_t *oscal_tool_origins(const struct oscal_assessment *oscal)
{
	json_t *actor = json_object();
	json_object_set_new(actor, "type", json_string("tool"));
	json_object_set_new(actor, "actor-uuid", json_string(oscal->tool_uuid));
	json_t *actors = json_array(), *origin = json_object(), *origins = json_array();
	json_array_append_new(actors, actor);
	json_object_set_new(origin, "actors", actors);
	json_array_append_new(origins, origin);
	return origins;
}

/*
 * An evidence location ("dir/eks.json#/cluster/name") as a URI reference:
 * characters a URI cannot hold are percent-encoded, in the path and in the
 * JSON pointer alike.
 */
static json_t *location_href(const char *location)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf buffer;
	strbuf_init(&buffer);
	const char *fragment = strchr(location, '#');
	for (const char *c = location; *c; c++) {
		unsigned char byte = (unsigned char)*c;
		if (c == fragment ||
		    (byte < 0x80 &&
		     ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
		      (byte >= '0' && byte <= '9') || strchr("-._~!$&'()*+,;=:@/", byte)))) {
			strbuf_addch(&buffer, *c);
			continue;
		}
		strbuf_addch(&buffer, '%');
		strbuf_addch(&buffer, hex[byte >> 4]);
		strbuf_addch(&buffer, hex[byte & 15]);
	}
	json_t *value = json_string(buffer.buf);
	strbuf_release(&buffer);
	return value;
}

/* The string at `index` of an array; "" when there is none. */
static const char *report_string_at(const json_t *array, size_t index)
{
	const char *text = json_string_value(json_array_get(array, index));
	return text ? text : "";
}

static void add_string_prop(json_t *props, const json_t *object, const char *key, const char *name)
{
	const json_t *value = json_object_get(object, key);
	if (json_is_string(value))
		oscal_add_srgap_prop(props, name, json_string_value(value));
}

/* ------------------------------------------------------------------ metadata */

static json_t *party(const char *uuid, const char *type, const char *name)
{
	json_t *object = json_object();
	json_object_set_new(object, "uuid", json_string(uuid));
	json_object_set_new(object, "type", json_string(type));
	json_object_set_new(object, "name", oscal_line(name));
	return object;
}

static json_t *responsible_party(const char *role, const char *uuid)
{
	json_t *object = json_object(), *uuids = json_array();
	json_object_set_new(object, "role-id", json_string(role));
	json_array_append_new(uuids, json_string(uuid));
	json_object_set_new(object, "party-uuids", uuids);
	return object;
}

static void owner_uuid(const struct oscal_assessment *oscal, const char *owner,
		       char uuid[UUID_TEXT_SIZE])
{
	oscal_uuid(uuid, "party", oscal->organization, "owner", owner, NULL);
}

static json_t *metadata_json(const struct oscal_assessment *oscal, const char *title)
{
	const json_t *assessment = oscal->assessment;
	json_t *metadata = json_object();
	json_object_set_new(metadata, "title", json_string(title));
	json_object_set_new(metadata, "last-modified", oscal_datetime(oscal->date, 0));
	json_object_set_new(metadata, "version", json_string(oscal->date));
	json_object_set_new(metadata, "oscal-version", json_string(OSCAL_VERSION));
	json_t *props = json_array();
	add_string_prop(props, assessment, "generator", "generator");
	add_string_prop(props, assessment, "srgap", "assessment-format");
	json_object_set_new(metadata, "props", props);
	static const char *const roles[][2] = {
		{"prepared-for", "Organization assessed"},
		{"assessor", "Assessor"},
		{"asset-owner", "Environment owner"},
	};
	json_t *role_list = json_array();
	for (size_t r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
		json_t *role = json_object();
		json_object_set_new(role, "id", json_string(roles[r][0]));
		json_object_set_new(role, "title", json_string(roles[r][1]));
		json_array_append_new(role_list, role);
	}
	json_object_set_new(metadata, "roles", role_list);
	json_t *parties = json_array(), *responsible = json_array();
	json_array_append_new(parties,
			      party(oscal->organization_uuid, "organization", oscal->organization));
	json_array_append_new(responsible,
			      responsible_party("prepared-for", oscal->organization_uuid));
	if (oscal->assessor) {
		json_array_append_new(parties,
				      party(oscal->assessor_uuid, "organization", oscal->assessor));
		json_array_append_new(responsible,
				      responsible_party("assessor", oscal->assessor_uuid));
	}
	/* Environment owners, each once, in inventory order. */
	json_t *seen = json_object();
	size_t index;
	const json_t *environment;
	json_array_foreach(json_object_get(assessment, "environments"), index, environment) {
		const char *owner = report_string(environment, "owner");
		if (!*owner || json_object_get(seen, owner))
			continue;
		json_object_set_new(seen, owner, json_true());
		char uuid[UUID_TEXT_SIZE];
		owner_uuid(oscal, owner, uuid);
		json_t *item = party(uuid, "organization", owner);
		json_t *member = json_array();
		json_array_append_new(member, json_string(oscal->organization_uuid));
		json_object_set_new(item, "member-of-organizations", member);
		json_array_append_new(parties, item);
	}
	json_decref(seen);
	json_object_set_new(metadata, "parties", parties);
	json_object_set_new(metadata, "responsible-parties", responsible);
	return metadata;
}

/* ------------------------------------------------------------------ environments */

static json_t *environment_props(const json_t *environment)
{
	json_t *props = json_array();
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", report_string(environment, "provider"),
		 report_string(environment, "service"));
	oscal_add_srgap_prop(props, "environment", report_string(environment, "name"));
	oscal_add_srgap_prop(props, "provider", report_string(environment, "provider"));
	oscal_add_srgap_prop(props, "service-model", path);
	oscal_add_srgap_prop(props, "registry", report_string(environment, "registry"));
	oscal_add_srgap_prop(props, "criticality", report_string(environment, "criticality"));
	oscal_add_srgap_prop(
		props, "internet-facing",
		json_is_true(json_object_get(environment, "internet_facing")) ? "true" : "false");
	return props;
}

static void add_environment(struct oscal_assessment *oscal, const json_t *environment,
			    const char *component_uuid)
{
	const char *name = report_string(environment, "name");
	const char *owner = report_string(environment, "owner");
	const char *description = report_string(environment, "description");
	char owner_party[UUID_TEXT_SIZE];
	if (*owner)
		owner_uuid(oscal, owner, owner_party);

	json_t *component = json_object();
	json_object_set_new(component, "uuid", json_string(component_uuid));
	json_object_set_new(component, "type", json_string("system"));
	json_object_set_new(component, "title", json_string(name));
	json_object_set_new(component, "description",
			    *description ? json_string(description)
					 : json_sprintf("Container environment %s on %s/%s.", name,
							report_string(environment, "provider"),
							report_string(environment, "service")));
	json_object_set_new(component, "props", environment_props(environment));
	json_t *status = json_object();
	json_object_set_new(status, "state", json_string("operational"));
	json_object_set_new(component, "status", status);
	if (*owner) {
		json_t *roles = json_array(), *role = json_object(), *parties = json_array();
		json_object_set_new(role, "role-id", json_string("asset-owner"));
		json_array_append_new(parties, json_string(owner_party));
		json_object_set_new(role, "party-uuids", parties);
		json_array_append_new(roles, role);
		json_object_set_new(component, "responsible-roles", roles);
	}
	json_array_append_new(oscal->components, component);

	json_t *item = json_object();
	json_object_set_new(item, "uuid",
			    oscal_uuid_json("inventory-item", oscal->organization, name, NULL));
	json_object_set_new(item, "description",
			    json_sprintf("Environment %s as the inventory describes it.", name));
	json_object_set_new(item, "props", environment_props(environment));
	if (*owner) {
		json_t *parties = json_array();
		json_array_append_new(parties, responsible_party("asset-owner", owner_party));
		json_object_set_new(item, "responsible-parties", parties);
	}
	json_t *implemented = json_array();
	json_array_append_new(implemented, uuid_reference("component-uuid", component_uuid));
	json_object_set_new(item, "implemented-components", implemented);
	json_array_append_new(oscal->inventory_items, item);
}

/* ------------------------------------------------------------------ observations */

/*
 * One probe's results in one environment. A probe verifies several
 * controls, so its results repeat in the cells of each; `seen` keeps each
 * result once.
 */
struct probe_observation {
	const char *probe; /* borrowed from the document */
	const char *title;
	char uuid[UUID_TEXT_SIZE];
	unsigned long counts[4]; /* pass, fail, error, skip */
	json_t *seen;		 /* sampled result keys already listed */
	json_t *evidence;	 /* relevant-evidence items */
	json_t *controls;	 /* srgap control ids it verified, first seen first */
	struct strbuf failing;	 /* a sample of failing subjects */
	size_t failing_count;
};

enum { OBSERVATION_EVIDENCE_MAX = 50, OBSERVATION_FAILING_MAX = 10 };
static const char *const outcome_names[] = {"pass", "fail", "error", "skip"};

static struct probe_observation *find_observation(struct probe_observation **list, size_t *count,
						  size_t *capacity,
						  const struct oscal_assessment *oscal,
						  const char *environment, const json_t *entry)
{
	const char *probe = report_string(entry, "probe");
	for (size_t i = 0; i < *count; i++)
		if (!strcmp((*list)[i].probe, probe))
			return &(*list)[i];
	if (*count == *capacity) {
		*capacity = *capacity ? 2 * *capacity : 8;
		*list = realloc(*list, *capacity * sizeof(**list));
		if (!*list)
			abort();
	}
	struct probe_observation *observation = &(*list)[(*count)++];
	memset(observation, 0, sizeof(*observation));
	observation->probe = probe;
	observation->title = report_string(entry, "title");
	oscal_uuid(observation->uuid, "observation", oscal->organization, environment, probe, NULL);
	observation->seen = json_object();
	observation->evidence = json_array();
	observation->controls = json_array();
	strbuf_init(&observation->failing);
	return observation;
}

/*
 * Adds one cell's summary of the probe (assessment/2): the control, the
 * sampled results (each distinct one once per environment) as failing
 * subjects and evidence, and counts. A summary counts the probe's results
 * for one control; the environment's probe_totals, read afterwards, count
 * each result once and replace them (set_totals).
 */
static void observe(struct probe_observation *observation, const json_t *entry, const char *control)
{
	size_t index;
	const json_t *known;
	int listed = 0;
	json_array_foreach(observation->controls, index, known)
		listed |= !strcmp(json_string_value(known), control);
	if (!listed)
		json_array_append_new(observation->controls, json_string(control));
	for (size_t o = 0; o < 4; o++) {
		unsigned long count = (unsigned long)report_integer(entry, outcome_names[o]);
		if (count > observation->counts[o])
			observation->counts[o] = count;
	}
	const json_t *sample;
	json_array_foreach(json_object_get(entry, "sample"), index, sample) {
		const char *result = report_string(sample, "result");
		const char *subject = report_string(sample, "subject");
		const char *detail = report_string(sample, "detail");
		const json_t *location = json_object_get(sample, "location");
		json_t *key_text =
			json_sprintf("%s\x1f%s\x1f%s\x1f%s", result, subject, detail,
				     json_is_string(location) ? json_string_value(location) : "");
		const char *key = json_string_value(key_text);
		if (json_object_get(observation->seen, key)) {
			json_decref(key_text);
			continue;
		}
		json_object_set_new(observation->seen, key, json_true());
		json_decref(key_text);
		if (!strcmp(result, "fail") &&
		    observation->failing_count++ < OBSERVATION_FAILING_MAX)
			strbuf_addf(&observation->failing, "%s%s: %s",
				    observation->failing.len ? "\n" : "", subject, detail);
		if (json_array_size(observation->evidence) >= OBSERVATION_EVIDENCE_MAX)
			continue;
		json_t *evidence = json_object();
		if (json_is_string(location))
			json_object_set_new(evidence, "href",
					    location_href(json_string_value(location)));
		json_object_set_new(evidence, "description",
				    json_sprintf("%s: %s (%s)", *subject ? subject : "result",
						 *detail ? detail : "no detail", result));
		json_array_append_new(observation->evidence, evidence);
	}
}

/* The environment's per-probe totals (each result once), where the document has them. */
static void set_totals(struct probe_observation *observations, size_t count,
		       const json_t *environment)
{
	size_t index;
	const json_t *total;
	json_array_foreach(json_object_get(environment, "probe_totals"), index, total)
		for (size_t i = 0; i < count; i++)
			if (!strcmp(observations[i].probe, report_string(total, "probe")))
				for (size_t o = 0; o < 4; o++)
					observations[i].counts[o] = (unsigned long)report_integer(
						total, outcome_names[o]);
}

static json_t *observation_json(const struct oscal_assessment *oscal,
				struct probe_observation *observation, const char *environment_name,
				const char *component_uuid)
{
	json_t *object = json_object();
	json_object_set_new(object, "uuid", json_string(observation->uuid));
	json_object_set_new(object, "title",
			    json_sprintf("%s on %s", observation->probe, environment_name));
	json_object_set_new(
		object, "description",
		json_sprintf("%s. srgap probe %s on environment %s: %lu passed, %lu failed, %lu "
			     "errors, %lu skipped.",
			     observation->title, observation->probe, environment_name,
			     observation->counts[0], observation->counts[1], observation->counts[2],
			     observation->counts[3]));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "probe", observation->probe);
	for (size_t i = 0; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof(name), "%s-count", outcome_names[i]);
		oscal_add_srgap_integer_prop(props, name, (long long)observation->counts[i]);
	}
	size_t index;
	const json_t *control;
	json_array_foreach(observation->controls, index, control)
		oscal_add_srgap_prop(props, "control", json_string_value(control));
	json_object_set_new(object, "props", props);
	json_t *methods = json_array(), *types = json_array();
	json_array_append_new(methods, json_string("TEST"));
	json_object_set_new(object, "methods", methods);
	json_array_append_new(
		types, json_string(observation->counts[1] ? "finding" : "control-objective"));
	json_object_set_new(object, "types", types);
	json_object_set_new(object, "origins", oscal_tool_origins(oscal));
	json_t *subject = json_object(), *subjects = json_array();
	json_object_set_new(subject, "subject-uuid", json_string(component_uuid));
	json_object_set_new(subject, "type", json_string("component"));
	json_object_set_new(subject, "title", json_string(environment_name));
	json_array_append_new(subjects, subject);
	json_object_set_new(object, "subjects", subjects);
	oscal_set_array(object, "relevant-evidence", json_incref(observation->evidence));
	json_object_set_new(object, "collected", oscal_datetime(oscal->date, 0));
	if (observation->failing.len) {
		/* The document samples failing subjects; the totals count all of them. */
		size_t listed = observation->failing_count < OBSERVATION_FAILING_MAX
					? observation->failing_count
					: OBSERVATION_FAILING_MAX;
		if (observation->counts[1] > listed)
			strbuf_addf(&observation->failing, "\n… and %lu more",
				    observation->counts[1] - (unsigned long)listed);
		json_object_set_new(object, "remarks",
				    json_sprintf("Failing:\n%s", observation->failing.buf));
	}
	return object;
}

static void observation_release(struct probe_observation *observation)
{
	json_decref(observation->seen);
	json_decref(observation->evidence);
	json_decref(observation->controls);
	strbuf_release(&observation->failing);
}

/* ------------------------------------------------------------------ findings and risks */

static const char *phase_window(json_int_t phase, char *buffer, size_t size)
{
	if (phase < 1 || phase > 3)
		phase = 3;
	snprintf(buffer, size, "days %ld-%ld", phase_start[phase], phase_end[phase]);
	return buffer;
}

json_t *oscal_cell_description(const json_t *cell, const char *environment)
{
	const char *status = report_string(cell, "status");
	const json_t *claim = json_object_get(cell, "claim");
	const char *by = json_is_object(claim) ? report_string(claim, "by") : "";
	const char *note = json_is_object(claim) ? report_string(claim, "note") : "";
	const char *due = json_is_object(claim) ? report_string(claim, "due") : "";
	struct strbuf text;
	strbuf_init(&text);
	if (!strcmp(status, "gap"))
		strbuf_addf(&text,
			    "The %s is responsible for this control on %s and nothing covers it.",
			    strcmp(report_string(cell, "responsibility"), "shared")
				    ? "customer"
				    : "customer (shared with the provider)",
			    environment);
	else if (!strcmp(status, "partial"))
		strbuf_addf(&text, "Partly implemented on %s%s%s.", environment, *by ? ": " : "",
			    by);
	else if (!strcmp(status, "contradicted"))
		strbuf_addf(&text,
			    "Claimed as implemented on %s%s%s, but probe evidence shows it is "
			    "not.",
			    environment, *by ? " by " : "", by);
	else if (!strcmp(status, "accepted"))
		strbuf_addf(&text, "Not implemented on %s; the risk is accepted.", environment);
	if (*due)
		strbuf_addf(&text, " Planned for %s.", due);
	if (*note)
		strbuf_addf(&text, " Note: %s", note);
	json_t *value = json_string(text.buf);
	strbuf_release(&text);
	return value;
}

static json_t *finding_props(const json_t *cell, const char *environment)
{
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "environment", environment);
	oscal_add_srgap_prop(props, "control", report_string(cell, "control"));
	oscal_add_srgap_prop(props, "status", report_string(cell, "status"));
	oscal_add_srgap_prop(props, "responsibility", report_string(cell, "responsibility"));
	oscal_add_srgap_prop(props, "severity", report_string(cell, "severity"));
	oscal_add_srgap_integer_prop(props, "risk-score", report_integer(cell, "risk"));
	const json_t *claim = json_object_get(cell, "claim");
	if (json_is_object(claim)) {
		add_string_prop(props, claim, "status", "claim-status");
		add_string_prop(props, claim, "by", "claim-by");
		add_string_prop(props, claim, "due", "claim-due");
	}
	return props;
}

/* A milestone: the end of the action's roadmap phase, dated from the assessment. */
static json_t *milestone(const struct oscal_assessment *oscal, const char *uuid, json_int_t phase)
{
	char window[32];
	json_t *task = json_object();
	json_object_set_new(task, "uuid", json_string(uuid));
	json_object_set_new(task, "type", json_string("milestone"));
	json_object_set_new(task, "title",
			    json_sprintf("Roadmap phase %d (%s after the assessment)", (int)phase,
					 phase_window(phase, window, sizeof(window))));
	json_t *range = json_object(), *timing = json_object();
	json_object_set_new(range, "start", oscal_datetime(oscal->date, phase_start[phase]));
	json_object_set_new(range, "end", oscal_datetime(oscal->date, phase_end[phase]));
	json_object_set_new(timing, "within-date-range", range);
	json_object_set_new(task, "timing", timing);
	return task;
}

static json_t *remediation(const struct oscal_assessment *oscal, const json_t *action,
			   const char *environment, const char *control)
{
	json_int_t phase = report_integer(action, "phase");
	if (phase < 1 || phase > 3)
		phase = 3;
	char key[256];
	oscal_action_key(action, key, sizeof(key));
	json_t *response = json_object();
	json_object_set_new(
		response, "uuid",
		oscal_uuid_json("response", oscal->organization, environment, control, key, NULL));
	json_object_set_new(response, "lifecycle", json_string("recommendation"));
	json_object_set_new(response, "title", json_string(report_string(action, "title")));
	json_object_set_new(response, "description",
			    json_string(report_string(action, "remediation")));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "action", report_string(action, "id"));
	oscal_add_srgap_integer_prop(props, "phase", phase);
	oscal_add_srgap_prop(props, "effort", report_string(action, "effort"));
	oscal_add_srgap_prop(props, "cost", report_string(action, "cost"));
	json_object_set_new(response, "props", props);
	char task_uuid[UUID_TEXT_SIZE];
	oscal_uuid(task_uuid, "milestone", oscal->organization, environment, control, key, NULL);
	json_t *tasks = json_array();
	json_array_append_new(tasks, milestone(oscal, task_uuid, phase));
	json_object_set_new(response, "tasks", tasks);
	return response;
}

void oscal_action_key(const json_t *action, char *buffer, size_t size)
{
	const char *capability = report_string(action, "capability");
	if (*capability)
		snprintf(buffer, size, "capability %s/%s", report_string(action, "provider"),
			 capability);
	else
		snprintf(buffer, size, "control %s",
			 report_string_at(json_object_get(action, "controls"), 0));
}

/* The key of a cell in oscal->action_index: environment, unit separator, control. */
static json_t *cell_key(const char *environment, const char *control)
{
	return json_sprintf("%s\x1f%s", environment, control);
}

/*
 * Does `action` close this cell? The index says it lists the cell's
 * environment and control; its capability must also be one that helps here
 * (the roadmap picks among the cell's capabilities), or it is the catalog's
 * generic remediation of a cell without any.
 */
static bool action_closes(const json_t *action, const json_t *cell)
{
	if (!strcmp(report_string(cell, "status"), "accepted"))
		return false;
	const char *capability = report_string(action, "capability");
	const json_t *helpers = json_object_get(cell, "capabilities");
	if (!*capability)
		return json_array_size(helpers) == 0;
	size_t index;
	const json_t *item;
	json_array_foreach(helpers, index, item)
		if (!strcmp(json_string_value(item), capability))
			return true;
	return false;
}

/* The observations of the probes in this cell, each once (a probe repeats per subject). */
static json_t *related_observations(const struct oscal_assessment *oscal, const char *environment,
				    const json_t *cell)
{
	json_t *related = json_array();
	size_t index, known_index;
	const json_t *entry, *known;
	json_array_foreach(json_object_get(cell, "probes"), index, entry) {
		char uuid[UUID_TEXT_SIZE];
		oscal_uuid(uuid, "observation", oscal->organization, environment,
			   report_string(entry, "probe"), NULL);
		int listed = 0;
		json_array_foreach(related, known_index, known)
			listed |= !strcmp(
				json_string_value(json_object_get(known, "observation-uuid")),
				uuid);
		if (!listed)
			json_array_append_new(related, uuid_reference("observation-uuid", uuid));
	}
	return related;
}

json_t *oscal_finding_title(const json_t *environment, const json_t *cell)
{
	return json_sprintf("%s %s: %s on %s", report_string(cell, "control"),
			    report_string(cell, "title"), report_string(cell, "status"),
			    report_string(environment, "name"));
}

void oscal_cell_uuid(const struct oscal_assessment *oscal, const char *kind,
		     const json_t *environment, const json_t *cell, char uuid[UUID_TEXT_SIZE])
{
	oscal_uuid(uuid, kind, oscal->organization, report_string(environment, "name"),
		   report_string(cell, "control"), NULL);
}

/* The risk of an open cell, with the roadmap action that closes it as the recommended remediation.
 */
static json_t *risk_json(struct oscal_assessment *oscal, const json_t *environment,
			 const json_t *cell)
{
	const char *name = report_string(environment, "name");
	const char *control = report_string(cell, "control");
	char finding_uuid[UUID_TEXT_SIZE], risk_uuid[UUID_TEXT_SIZE];
	oscal_cell_uuid(oscal, "finding", environment, cell, finding_uuid);
	oscal_cell_uuid(oscal, "risk", environment, cell, risk_uuid);
	bool accepted = !strcmp(report_string(cell, "status"), "accepted");
	json_t *risk = json_object();
	json_object_set_new(risk, "uuid", json_string(risk_uuid));
	json_object_set_new(risk, "title", oscal_finding_title(environment, cell));
	json_object_set_new(risk, "description", oscal_cell_description(cell, name));
	json_object_set_new(
		risk, "statement",
		json_sprintf("Severity %s; risk score %d of 100 (severity, environment criticality "
			     "and exposure; srgap docs/scoring.md).",
			     report_string(cell, "severity"), (int)report_integer(cell, "risk")));
	json_t *risk_props = json_array();
	oscal_add_srgap_prop(risk_props, "environment", name);
	oscal_add_srgap_prop(risk_props, "control", control);
	oscal_add_srgap_prop(risk_props, "severity", report_string(cell, "severity"));
	oscal_add_srgap_integer_prop(risk_props, "risk-score", report_integer(cell, "risk"));
	const json_t *exception = json_object_get(cell, "exception");
	if (json_is_object(exception)) {
		add_string_prop(risk_props, exception, "owner", "exception-owner");
		add_string_prop(risk_props, exception, "expires", "exception-expires");
		oscal_add_srgap_prop(risk_props, "exception-expired",
				     json_is_true(json_object_get(exception, "expired")) ? "true"
											 : "false");
	}
	json_object_set_new(risk, "props", risk_props);
	json_object_set_new(risk, "status", json_string(accepted ? "deviation-approved" : "open"));
	json_object_set_new(risk, "origins", oscal_tool_origins(oscal));
	json_t *remediations = json_array();
	json_int_t earliest_phase = 0;
	json_t *key = cell_key(name, control);
	const json_t *candidates = json_object_get(oscal->action_index, json_string_value(key));
	json_decref(key);
	const json_t *roadmap = json_object_get(oscal->assessment, "roadmap");
	size_t index;
	const json_t *number;
	json_array_foreach(candidates, index, number) {
		size_t action_number = (size_t)json_integer_value(number);
		const json_t *action = json_array_get(roadmap, action_number);
		if (!action_closes(action, cell))
			continue;
		json_array_append_new(remediations, remediation(oscal, action, name, control));
		json_int_t phase = report_integer(action, "phase");
		if (phase >= 1 && phase <= 3 && (!earliest_phase || phase < earliest_phase))
			earliest_phase = phase;
		oscal_action_link_cell(oscal, action_number, finding_uuid, risk_uuid);
	}
	if (accepted && json_is_object(exception)) {
		json_t *deadline = oscal_datetime(report_string(exception, "expires"), 0);
		if (deadline)
			json_object_set_new(risk, "deadline", deadline);
	} else if (earliest_phase) {
		json_object_set_new(risk, "deadline",
				    oscal_datetime(oscal->date, phase_end[earliest_phase]));
	}
	oscal_set_array(risk, "remediations", remediations);
	if (accepted && json_is_object(exception)) {
		json_t *log_entry = json_object(), *entries = json_array(), *log = json_object();
		json_object_set_new(log_entry, "uuid",
				    oscal_uuid_json("risk-acceptance", oscal->organization, name,
						    control, NULL));
		json_object_set_new(log_entry, "title", json_string("Risk accepted"));
		json_object_set_new(log_entry, "description",
				    json_sprintf("%s (owner %s, until %s)",
						 report_string(exception, "reason"),
						 report_string(exception, "owner"),
						 report_string(exception, "expires")));
		json_object_set_new(log_entry, "start", oscal_datetime(oscal->date, 0));
		json_object_set_new(log_entry, "status-change", json_string("deviation-approved"));
		json_array_append_new(entries, log_entry);
		json_object_set_new(log, "entries", entries);
		json_object_set_new(risk, "risk-log", log);
	}
	oscal_set_array(risk, "related-observations", related_observations(oscal, name, cell));
	return risk;
}

static json_t *finding_json(const struct oscal_assessment *oscal, const json_t *environment,
			    const json_t *cell)
{
	const char *name = report_string(environment, "name");
	const char *control = report_string(cell, "control");
	char finding_uuid[UUID_TEXT_SIZE], risk_uuid[UUID_TEXT_SIZE];
	oscal_cell_uuid(oscal, "finding", environment, cell, finding_uuid);
	oscal_cell_uuid(oscal, "risk", environment, cell, risk_uuid);
	bool accepted = !strcmp(report_string(cell, "status"), "accepted");
	json_t *finding = json_object();
	json_object_set_new(finding, "uuid", json_string(finding_uuid));
	json_object_set_new(finding, "title", oscal_finding_title(environment, cell));
	json_object_set_new(finding, "description", oscal_cell_description(cell, name));
	json_object_set_new(finding, "props", finding_props(cell, name));
	json_object_set_new(finding, "origins", oscal_tool_origins(oscal));
	json_t *target = json_object(), *target_status = json_object();
	json_object_set_new(target, "type", json_string("statement-id"));
	json_object_set_new(target, "target-id", oscal_part_id(control, OSCAL_STATEMENT_SUFFIX));
	json_object_set_new(target, "title", json_string(report_string(cell, "title")));
	json_object_set_new(target_status, "state", json_string("not-satisfied"));
	json_object_set_new(target_status, "reason", json_string(accepted ? "other" : "fail"));
	json_object_set_new(target, "status", target_status);
	const json_t *claim = json_object_get(cell, "claim");
	if (json_is_object(claim) && *report_string(claim, "status")) {
		json_t *implementation = json_object();
		json_object_set_new(implementation, "state",
				    json_string(report_string(claim, "status")));
		json_object_set_new(implementation, "remarks",
				    json_string("As the organization claims it."));
		json_object_set_new(target, "implementation-status", implementation);
	}
	json_object_set_new(finding, "target", target);
	oscal_set_array(finding, "related-observations", related_observations(oscal, name, cell));
	json_t *related_risks = json_array();
	json_array_append_new(related_risks, uuid_reference("risk-uuid", risk_uuid));
	json_object_set_new(finding, "related-risks", related_risks);
	return finding;
}

void oscal_action_link_cell(struct oscal_assessment *oscal, size_t action, const char *finding_uuid,
			    const char *risk_uuid)
{
	json_t *links = json_array_get(oscal->action_cells, action);
	json_array_append_new(json_object_get(links, "related-findings"),
			      uuid_reference("finding-uuid", finding_uuid));
	json_array_append_new(json_object_get(links, "related-risks"),
			      uuid_reference("risk-uuid", risk_uuid));
}

/* ------------------------------------------------------------------ passes */

static const json_t *environments_of(const struct oscal_assessment *oscal)
{
	return json_object_get(oscal->assessment, "environments");
}

void oscal_write_observations(struct oscal_writer *writer, const struct oscal_assessment *oscal)
{
	size_t e;
	const json_t *environment;
	json_array_foreach(environments_of(oscal), e, environment) {
		const char *name = report_string(environment, "name");
		char component_uuid[UUID_TEXT_SIZE];
		oscal_uuid(component_uuid, "component", oscal->organization, name, NULL);
		struct probe_observation *observations = NULL;
		size_t count = 0, capacity = 0;
		size_t index, probe_index;
		const json_t *cell, *entry;
		json_array_foreach(json_object_get(environment, "cells"), index, cell) {
			json_array_foreach(json_object_get(cell, "probes"), probe_index, entry)
				observe(find_observation(&observations, &count, &capacity, oscal,
							 name, entry),
					entry, report_string(cell, "control"));
		}
		set_totals(observations, count, environment);
		for (size_t i = 0; i < count; i++) {
			oscal_writer_put(
				writer, NULL,
				observation_json(oscal, &observations[i], name, component_uuid));
			observation_release(&observations[i]);
		}
		free(observations);
	}
}

void oscal_for_each_open_cell(const struct oscal_assessment *oscal,
			      void (*visit)(void *context, const json_t *environment,
					    const json_t *cell),
			      void *context)
{
	size_t e, c;
	const json_t *environment, *cell;
	json_array_foreach(environments_of(oscal), e, environment) {
		json_array_foreach(json_object_get(environment, "cells"), c, cell) {
			if (oscal_cell_is_open(report_string(cell, "status")))
				visit(context, environment, cell);
		}
	}
}

struct pass {
	struct oscal_writer *writer;
	struct oscal_assessment *oscal;
};

static void write_risk(void *context, const json_t *environment, const json_t *cell)
{
	struct pass *pass = context;
	oscal_writer_put(pass->writer, NULL, risk_json(pass->oscal, environment, cell));
}

static void write_finding(void *context, const json_t *environment, const json_t *cell)
{
	struct pass *pass = context;
	oscal_writer_put(pass->writer, NULL, finding_json(pass->oscal, environment, cell));
}

void oscal_write_risks(struct oscal_writer *writer, struct oscal_assessment *oscal)
{
	struct pass pass = {.writer = writer, .oscal = oscal};
	oscal_for_each_open_cell(oscal, write_risk, &pass);
}

void oscal_write_findings(struct oscal_writer *writer, struct oscal_assessment *oscal)
{
	struct pass pass = {.writer = writer, .oscal = oscal};
	oscal_for_each_open_cell(oscal, write_finding, &pass);
}

json_t *oscal_tool_component(const struct oscal_assessment *oscal)
{
	json_t *assets = json_object(), *components = json_array(), *tool = json_object();
	json_object_set_new(tool, "uuid", json_string(oscal->tool_uuid));
	json_object_set_new(tool, "type", json_string("software"));
	json_object_set_new(tool, "title",
			    json_string(*report_string(oscal->assessment, "generator")
						? report_string(oscal->assessment, "generator")
						: "srgap"));
	json_object_set_new(tool, "description",
			    json_string("srgap, the shared-responsibility gap assessment tool that "
					"compared the inventory's claims with the provider models "
					"and verified them with its probes."));
	json_t *status = json_object();
	json_object_set_new(status, "state", json_string("operational"));
	json_object_set_new(tool, "status", status);
	json_array_append_new(components, tool);
	json_object_set_new(assets, "components", components);
	json_t *platform = json_object(), *platforms = json_array(), *uses = json_array();
	json_object_set_new(platform, "uuid",
			    oscal_uuid_json("assessment-platform", "srgap", NULL));
	json_object_set_new(platform, "title", json_string("srgap"));
	json_array_append_new(uses, uuid_reference("component-uuid", oscal->tool_uuid));
	json_object_set_new(platform, "uses-components", uses);
	json_array_append_new(platforms, platform);
	json_object_set_new(assets, "assessment-platforms", platforms);
	return assets;
}

json_t *oscal_catalog_resource_from_assessment(const json_t *assessment)
{
	const json_t *catalog = json_object_get(json_object_get(assessment, "models"), "catalog");
	return oscal_catalog_resource(report_string(catalog, "id"),
				      "NIST SP 800-190 Application Container Security Guide",
				      report_string(catalog, "reviewed"));
}

/* Records which (environment, control) pairs action number `number` lists: one lookup per cell. */
static void index_action(struct oscal_assessment *oscal, const json_t *action, size_t number)
{
	size_t e, c;
	const json_t *environment, *control;
	json_array_foreach(json_object_get(action, "environments"), e, environment) {
		json_array_foreach(json_object_get(action, "controls"), c, control) {
			json_t *key = cell_key(json_string_value(environment),
					       json_string_value(control));
			json_t *list = json_object_get(oscal->action_index, json_string_value(key));
			if (!list) {
				list = json_array();
				json_object_set_new(oscal->action_index, json_string_value(key),
						    list);
			}
			json_array_append_new(list, json_integer((json_int_t)number));
			json_decref(key);
		}
	}
}

void oscal_assessment_init(struct oscal_assessment *oscal, const json_t *assessment,
			   const char *title)
{
	memset(oscal, 0, sizeof(*oscal));
	oscal->assessment = assessment;
	oscal->organization = report_string(assessment, "organization");
	const json_t *info = json_object_get(assessment, "assessment");
	oscal->date = report_string(info, "date");
	oscal->title = report_string(info, "title");
	oscal->assessor = *report_string(info, "assessor") ? report_string(info, "assessor") : NULL;
	oscal_uuid(oscal->organization_uuid, "party", oscal->organization, NULL);
	if (oscal->assessor)
		oscal_uuid(oscal->assessor_uuid, "party", oscal->organization, "assessor",
			   oscal->assessor, NULL);
	oscal_uuid(oscal->tool_uuid, "tool", "srgap", NULL);
	oscal->metadata = metadata_json(oscal, title);
	oscal->components = json_array();
	oscal->inventory_items = json_array();
	oscal->action_cells = json_array();
	oscal->action_index = json_object();
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(assessment, "roadmap"), index, item) {
		json_t *links = json_object();
		json_object_set_new(links, "related-findings", json_array());
		json_object_set_new(links, "related-risks", json_array());
		json_array_append_new(oscal->action_cells, links);
		index_action(oscal, item, index);
	}
	json_array_foreach(json_object_get(assessment, "environments"), index, item) {
		char component_uuid[UUID_TEXT_SIZE];
		oscal_uuid(component_uuid, "component", oscal->organization,
			   report_string(item, "name"), NULL);
		add_environment(oscal, item, component_uuid);
		size_t c;
		const json_t *cell;
		json_array_foreach(json_object_get(item, "cells"), c, cell) {
			oscal->open_cells += oscal_cell_is_open(report_string(cell, "status"));
			oscal->probed_cells += json_array_size(json_object_get(cell, "probes")) > 0;
		}
	}
}

void oscal_assessment_release(struct oscal_assessment *oscal)
{
	json_decref(oscal->metadata);
	json_decref(oscal->components);
	json_decref(oscal->inventory_items);
	json_decref(oscal->action_cells);
	json_decref(oscal->action_index);
	memset(oscal, 0, sizeof(*oscal));
}
