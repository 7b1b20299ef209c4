/*
 * `srgap models services --format oscal-cdef`: every service model as an
 * OSCAL component definition, the customer responsibility matrix of each in
 * machine-readable form. One component per service model; per control it
 * answers, an implemented requirement saying who is responsible (provider,
 * shared, customer) and why, with the native capabilities that help the
 * customer and their default state on that service. Capabilities and the
 * catalog are back-matter resources; the models' sources are links.
 */
#include <stdlib.h>
#include <string.h>

#include "core/models.h"
#include "render/oscal.h"
#include "util/strbuf.h"
#include "util/version.h"
#include "util/xalloc.h"

/* Roles of the component definition; a shared control names both. */
static const char *const role_ids[] = {"provider", "customer"};

static json_t *responsible_role(const char *role, const char *party_uuid)
{
	json_t *object = json_object();
	json_object_set_new(object, "role-id", json_string(role));
	if (party_uuid) {
		json_t *parties = json_array();
		json_array_append_new(parties, json_string(party_uuid));
		json_object_set_new(object, "party-uuids", parties);
	}
	return object;
}

static json_t *responsible_roles(enum responsibility responsibility, const char *party_uuid)
{
	json_t *roles = json_array();
	if (responsibility != RESPONSIBILITY_CUSTOMER)
		json_array_append_new(roles, responsible_role(role_ids[0], party_uuid));
	if (responsibility != RESPONSIBILITY_PROVIDER)
		json_array_append_new(roles, responsible_role(role_ids[1], NULL));
	return roles;
}

static void capability_uuid(char text[UUID_TEXT_SIZE], const struct capability *capability)
{
	oscal_uuid(text, "capability", capability->provider->id, capability->id, NULL);
}

static const char *const default_words[CAPABILITY_DEFAULT_COUNT] = {
	"on by default",
	"off by default",
	"opt-in",
};

static json_t *implemented_requirement(const struct service *service, const char *path,
				       const struct catalog_control *control,
				       const struct responsibility_entry *entry,
				       const char *party_uuid)
{
	json_t *object = json_object();
	json_object_set_new(object, "uuid",
			    oscal_uuid_json("implemented-requirement", path, control->id, NULL));
	json_object_set_new(object, "control-id", oscal_control_id(control->id));
	struct strbuf description;
	strbuf_init(&description);
	strbuf_addstr(&description, entry->why);
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "responsibility", responsibility_names[entry->responsibility]);
	oscal_add_srgap_prop(props, "model-key", entry->key);
	json_t *links = json_array();
	for (size_t c = 0; c < entry->capability_count; c++) {
		const struct capability *capability = entry->capabilities[c];
		enum capability_default state = service->capability_defaults[capability->index];
		strbuf_addstr(&description, c ? "; " : "\n\nNative capabilities that help: ");
		strbuf_addf(&description, "%s (%s, %s)", capability->name, default_words[state],
			    cost_names[capability->cost]);
		/* A group ties each capability's id to its default state on this service. */
		json_t *id = json_object(), *state_prop = json_object();
		json_object_set_new(id, "name", json_string("capability"));
		json_object_set_new(id, "ns", json_string(OSCAL_SRGAP_NAMESPACE));
		json_object_set_new(id, "value", json_string(capability->id));
		json_object_set_new(id, "group", json_string(capability->id));
		json_array_append_new(props, id);
		json_object_set_new(state_prop, "name", json_string("capability-default"));
		json_object_set_new(state_prop, "ns", json_string(OSCAL_SRGAP_NAMESPACE));
		json_object_set_new(state_prop, "value",
				    json_string(capability_default_names[state]));
		json_object_set_new(state_prop, "group", json_string(capability->id));
		json_array_append_new(props, state_prop);
		char uuid[UUID_TEXT_SIZE];
		capability_uuid(uuid, capability);
		json_t *link = json_object();
		json_object_set_new(link, "href", json_sprintf("#%s", uuid));
		json_object_set_new(link, "rel", json_string("related"));
		json_object_set_new(
			link, "text",
			json_sprintf("%s (%s)", capability->name, default_words[state]));
		json_array_append_new(links, link);
	}
	if (entry->capability_count)
		strbuf_addch(&description, '.');
	json_object_set_new(object, "description", json_string(description.buf));
	strbuf_release(&description);
	json_object_set_new(object, "props", props);
	oscal_set_array(object, "links", links);
	json_object_set_new(object, "responsible-roles",
			    responsible_roles(entry->responsibility, party_uuid));
	return object;
}

static json_t *component_json(const struct models *models, const struct service *service,
			      char *capabilities_used)
{
	const struct catalog *catalog = &models->catalog;
	const struct provider *provider = service->provider;
	char path[160], party_uuid[UUID_TEXT_SIZE];
	snprintf(path, sizeof(path), "%s/%s", provider->id, service->id);
	oscal_uuid(party_uuid, "party", "provider", provider->id, NULL);
	json_t *object = json_object();
	json_object_set_new(object, "uuid", oscal_uuid_json("service-model", path, NULL));
	json_object_set_new(object, "type", json_string("service"));
	json_object_set_new(object, "title", json_string(service->name));
	json_object_set_new(
		object, "description",
		json_sprintf("%s (%s), a %s service model of %s: who secures each NIST SP 800-190 "
			     "control srgap assesses on it, why, and the native capabilities "
			     "that help the customer with their share.",
			     service->name, path, service_kind_names[service->kind],
			     provider->name));
	json_object_set_new(object, "purpose",
			    json_string(service->kind == SERVICE_REGISTRY
						? "Stores and distributes container images"
						: "Runs containers"));
	unsigned long counts[RESPONSIBILITY_COUNT] = {0};
	json_t *requirements = json_array();
	for (size_t i = 0; i < catalog->control_count; i++) {
		const struct responsibility_entry *entry = service->entries[i];
		if (!entry)
			continue;
		counts[entry->responsibility]++;
		for (size_t c = 0; c < entry->capability_count; c++)
			capabilities_used[entry->capabilities[c]->index] = 1;
		json_array_append_new(requirements,
				      implemented_requirement(service, path, &catalog->controls[i],
							      entry, party_uuid));
	}
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "service-model", path);
	oscal_add_srgap_prop(props, "service-kind", service_kind_names[service->kind]);
	oscal_add_srgap_prop(props, "provider", provider->id);
	oscal_add_srgap_prop(props, "reviewed", provider->reviewed);
	if (service->inherits) {
		char inherited[160];
		snprintf(inherited, sizeof(inherited), "%s/%s", service->inherits->provider->id,
			 service->inherits->id);
		oscal_add_srgap_prop(props, "inherits", inherited);
	}
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++) {
		char name[40];
		snprintf(name, sizeof(name), "%s-controls", responsibility_names[r]);
		oscal_add_srgap_integer_prop(props, name, (long long)counts[r]);
	}
	json_object_set_new(object, "props", props);
	json_t *links = json_array();
	for (size_t i = 0; i < service->source_count; i++) {
		json_t *link = json_object();
		json_object_set_new(link, "href", json_string(service->sources[i]));
		json_object_set_new(link, "rel", json_string("reference"));
		json_array_append_new(links, link);
	}
	oscal_set_array(object, "links", links);
	json_t *roles = json_array();
	json_array_append_new(roles, responsible_role(role_ids[0], party_uuid));
	json_array_append_new(roles, responsible_role(role_ids[1], NULL));
	json_object_set_new(object, "responsible-roles", roles);
	json_t *implementation = json_object();
	json_object_set_new(implementation, "uuid",
			    oscal_uuid_json("control-implementation", path, NULL));
	json_object_set_new(implementation, "source", oscal_catalog_source(catalog->id));
	json_object_set_new(
		implementation, "description",
		json_sprintf("Responsibility for each control of srgap's NIST SP 800-190 catalog "
			     "on %s, as reviewed on %s.",
			     service->name, provider->reviewed));
	json_object_set_new(implementation, "implemented-requirements", requirements);
	json_t *implementations = json_array();
	json_array_append_new(implementations, implementation);
	json_object_set_new(object, "control-implementations", implementations);
	return object;
}

static json_t *capability_resource(const struct capability *capability)
{
	char uuid[UUID_TEXT_SIZE];
	capability_uuid(uuid, capability);
	json_t *object = json_object();
	json_object_set_new(object, "uuid", json_string(uuid));
	json_object_set_new(object, "title", json_string(capability->name));
	if (capability->remediation)
		json_object_set_new(object, "description", json_string(capability->remediation));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "capability", capability->id);
	oscal_add_srgap_prop(props, "provider", capability->provider->id);
	oscal_add_srgap_prop(props, "cost", cost_names[capability->cost]);
	oscal_add_srgap_prop(props, "effort", effort_names[capability->effort]);
	for (size_t i = 0; i < capability->probe_count; i++)
		oscal_add_srgap_prop(props, "probe", capability->probes[i]);
	json_object_set_new(object, "props", props);
	json_t *rlinks = json_array();
	for (size_t i = 0; i < capability->source_count; i++) {
		json_t *rlink = json_object();
		json_object_set_new(rlink, "href", json_string(capability->sources[i]));
		json_array_append_new(rlinks, rlink);
	}
	oscal_set_array(object, "rlinks", rlinks);
	return object;
}

static json_t *metadata_json(const struct models *models, const struct provider *only)
{
	/* The newest review of the providers included dates the document. */
	const char *newest = models->catalog.reviewed;
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if ((!only || provider == only) && strcmp(provider->reviewed, newest) > 0)
			newest = provider->reviewed;
	}
	json_t *metadata = json_object();
	json_object_set_new(
		metadata, "title",
		only ? json_sprintf("srgap service models of %s: who secures each NIST SP 800-190 "
				    "control",
				    only->name)
		     : json_string("srgap service models: who secures each NIST SP 800-190 "
				   "control"));
	json_object_set_new(metadata, "last-modified", oscal_datetime(newest, 0));
	json_object_set_new(metadata, "version", json_string(newest));
	json_object_set_new(metadata, "oscal-version", json_string(OSCAL_VERSION));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "generator", srgap_generator());
	json_object_set_new(metadata, "props", props);
	json_t *roles = json_array();
	static const char *const role_titles[] = {"Cloud provider", "Customer"};
	for (size_t r = 0; r < 2; r++) {
		json_t *role = json_object();
		json_object_set_new(role, "id", json_string(role_ids[r]));
		json_object_set_new(role, "title", json_string(role_titles[r]));
		json_array_append_new(roles, role);
	}
	json_object_set_new(metadata, "roles", roles);
	json_t *parties = json_array();
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if (only && provider != only)
			continue;
		json_t *party = json_object();
		json_object_set_new(party, "uuid",
				    oscal_uuid_json("party", "provider", provider->id, NULL));
		json_object_set_new(party, "type", json_string("organization"));
		json_object_set_new(party, "name", oscal_line(provider->name));
		json_object_set_new(party, "short-name", oscal_line(provider->id));
		json_t *party_props = json_array();
		oscal_add_srgap_prop(party_props, "reviewed", provider->reviewed);
		json_object_set_new(party, "props", party_props);
		json_array_append_new(parties, party);
	}
	oscal_set_array(metadata, "parties", parties);
	json_object_set_new(
		metadata, "remarks",
		json_string("The provider / shared / customer split per service model and "
			    "control as srgap's provider models record it, with their sources "
			    "and review dates. 'shared' names both roles; the customer's part is "
			    "what the description says the provider does not do."));
	return metadata;
}

int oscal_write_component_definition(FILE *out, const struct models *models,
				     const struct provider *only)
{
	json_t *document = json_object();
	/* The document's identity changes with any provider's review, as its content does. */
	struct strbuf reviews;
	strbuf_init(&reviews);
	for (size_t p = 0; p < models->provider_count; p++)
		if (!only || &models->providers[p] == only)
			strbuf_addf(&reviews, "%s %s;", models->providers[p].id,
				    models->providers[p].reviewed);
	char document_uuid[UUID_TEXT_SIZE];
	oscal_uuid(document_uuid, "component-definition", models->catalog.id,
		   models->catalog.reviewed, reviews.buf, NULL);
	strbuf_release(&reviews);
	json_object_set_new(document, "uuid", json_string(document_uuid));
	json_object_set_new(document, "metadata", metadata_json(models, only));
	json_t *components = json_array();
	json_t *resources = json_array();
	json_array_append_new(resources,
			      oscal_catalog_resource(models->catalog.id, models->catalog.title,
						     models->catalog.reviewed));
	for (size_t p = 0; p < models->provider_count; p++) {
		const struct provider *provider = &models->providers[p];
		if (only && provider != only)
			continue;
		char *used = xcalloc(provider->capability_count + 1, 1);
		for (size_t s = 0; s < provider->service_count; s++)
			json_array_append_new(components,
					      component_json(models, &provider->services[s], used));
		for (size_t c = 0; c < provider->capability_count; c++)
			if (used[c])
				json_array_append_new(
					resources, capability_resource(&provider->capabilities[c]));
		free(used);
	}
	oscal_set_array(document, "components", components);
	json_t *back_matter = json_object();
	json_object_set_new(back_matter, "resources", resources);
	json_object_set_new(document, "back-matter", back_matter);
	return oscal_write_document(out, "component-definition", document);
}
