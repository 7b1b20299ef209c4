/*
 * Loads one provider model and resolves it against the catalog: every
 * (service, control) pair of the service's kind gets exactly one entry,
 * found at the control, group or area key of the service or of the services
 * it inherits from. A hole, an unknown key, capability or source, or an
 * inheritance cycle is a load error: a model with a hole would silently
 * under-report the customer's share.
 */
#include "core/provider.h"

#include <stdlib.h>
#include <string.h>

#include "io/yaml_tree.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

const char *const responsibility_names[RESPONSIBILITY_COUNT] = {"provider", "shared", "customer"};
const char *const capability_default_names[CAPABILITY_DEFAULT_COUNT] = {"on", "off", "opt-in"};
const char *const cost_names[COST_COUNT] = {"free", "paid"};
const char *const service_kind_names[2] = {"compute", "registry"};
const char *const availability_status_names[AVAILABILITY_STATUS_COUNT] = {"closed-to-new-customers",
									  "retired"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Per-service scratch while loading: the entries written in this service itself. */
struct service_draft {
	const struct ynode *node;
	const struct ynode *migrate_to; /* `availability: migrate_to:`, resolved last */
	const struct ynode *controls;
	const char *inherits;
	struct responsibility_entry **by_key; /* indexed like key_index() */
	int resolving;
	int resolved;
};

bool provider_is_stale(const struct provider *provider, long day)
{
	return day - provider->reviewed_day > PROVIDER_STALE_DAYS;
}

bool service_covers(enum service_kind kind, const struct catalog_control *control)
{
	return (control->phase == PHASE_SHIP) == (kind == SERVICE_REGISTRY);
}

/* Keys are numbered: controls first, then groups, then the six areas. */
static long key_index(const struct catalog *catalog, const char *key)
{
	const struct catalog_control *control = catalog_find_control(catalog, key);
	if (control)
		return (long)control->index;
	const struct catalog_group *group = catalog_find_group(catalog, key);
	if (group)
		return (long)(catalog->control_count + group->index);
	for (size_t area = 0; area < AREA_COUNT; area++)
		if (catalog->areas[area].id && !strcmp(catalog->areas[area].id, key))
			return (long)(catalog->control_count + catalog->group_count + area);
	return -1;
}

static const char *source_url(struct provider *provider, const struct yreader *r,
			      const struct ynode *node)
{
	if (yreader_expect(r, node, YNODE_SCALAR, "a source id") < 0)
		return NULL;
	for (size_t i = 0; i < provider->source_count; i++)
		if (!strcmp(provider->sources[i].id, node->value))
			return provider->sources[i].url;
	struct suggest suggest;
	suggest_init(&suggest, node->value);
	for (size_t i = 0; i < provider->source_count; i++)
		suggest_offer(&suggest, provider->sources[i].id);
	if (suggest.best)
		yreader_error(r, node, "unknown-source", "unknown source '%s' (did you mean '%s'?)",
			      node->value, suggest.best);
	else
		yreader_error(r, node, "unknown-source",
			      "unknown source '%s'; sources are listed under 'sources:'",
			      node->value);
	return NULL;
}

static int load_source_list(struct provider *provider, const struct yreader *r,
			    const struct ynode *list, const char ***urls, size_t *count)
{
	*count = 0;
	if (!list)
		return 0;
	if (yreader_expect(r, list, YNODE_SEQUENCE, "'sources'") < 0)
		return -1;
	*urls = arena_alloc_array(&provider->arena, list->count, sizeof(**urls));
	int result = 0;
	for (size_t i = 0; i < list->count; i++) {
		const char *url = source_url(provider, r, list->items[i]);
		if (url)
			(*urls)[(*count)++] = url;
		else
			result = -1;
	}
	return result;
}

/* A minor version as the providers write it: digits '.' digits. */
static bool is_minor_version(const char *text)
{
	size_t major = strspn(text, "0123456789");
	if (!major || text[major] != '.')
		return false;
	size_t minor = strspn(text + major + 1, "0123456789");
	return minor && !text[major + 1 + minor];
}

static int load_calendar(struct provider *provider, const struct yreader *r,
			 const struct ynode *node, const char *what,
			 const struct support_calendar **out)
{
	static const char *const keys[] = {"reviewed", "sources", "standard_support_ends"};
	if (yreader_expect(r, node, YNODE_MAPPING, what) < 0)
		return -1;
	struct support_calendar *calendar = arena_alloc(&provider->arena, sizeof(*calendar));
	int result = yreader_check_keys(r, node, keys, COUNT(keys), what);
	calendar->reviewed = yreader_string(r, node, "reviewed", true, what);
	if (calendar->reviewed && !date_parse(calendar->reviewed, &calendar->reviewed_day))
		result = yreader_error(r, ynode_get(node, "reviewed"), "bad-date",
				       "'%s' is not a date; write YYYY-MM-DD", calendar->reviewed);
	const struct ynode *sources = ynode_get(node, "sources");
	if (!sources)
		result = yreader_error(r, node, "missing-key", "%s needs 'sources'", what);
	result |=
		load_source_list(provider, r, sources, &calendar->sources, &calendar->source_count);
	const struct ynode *ends = ynode_get(node, "standard_support_ends");
	if (!ends) {
		result = yreader_error(r, node, "missing-key", "%s needs 'standard_support_ends'",
				       what);
	} else if (yreader_expect(r, ends, YNODE_MAPPING, "'standard_support_ends'") < 0) {
		result = -1;
	} else {
		calendar->entries = arena_alloc_array(&provider->arena, ends->count,
						      sizeof(*calendar->entries));
		for (size_t i = 0; i < ends->count; i++) {
			const struct ynode *key = ends->keys[i], *value = ends->items[i];
			struct support_calendar_entry *entry = &calendar->entries[calendar->count];
			if (!is_minor_version(key->value)) {
				result = yreader_error(
					r, key, "bad-version",
					"'%s' is not a minor version; write it quoted, "
					"e.g. \"1.33\"",
					key->value);
				continue;
			}
			if (yreader_expect(r, value, YNODE_SCALAR, "a date") < 0 ||
			    !date_parse(value->value, &entry->ends)) {
				if (value->kind == YNODE_SCALAR)
					yreader_error(r, value, "bad-date",
						      "'%s' is not a date; write YYYY-MM-DD",
						      value->value);
				result = -1;
				continue;
			}
			entry->version = key->value;
			calendar->count++;
		}
	}
	*out = calendar;
	return result;
}

void service_availability_describe(const struct service *service, long today, struct strbuf *text)
{
	const struct service_availability *availability = service->availability;
	if (!availability)
		return;
	bool past = today >= availability->since_day;
	const char *state = availability->status == AVAILABILITY_RETIRED
				    ? (past ? "was retired on" : "retires on")
				    : (past ? "is closed to new customers since"
					    : "closes to new customers on");
	strbuf_addf(text, "%s/%s %s %s", service->provider->id, service->id, state,
		    availability->since);
	if (availability->migrate_count) {
		strbuf_addf(text, "; %s suggests ", service->provider->name);
		for (size_t i = 0; i < availability->migrate_count; i++)
			strbuf_addf(text, "%s%s/%s", i ? ", " : "",
				    availability->migrate_to[i]->provider->id,
				    availability->migrate_to[i]->id);
	}
	if (availability->note)
		strbuf_addf(text, " (%s)", availability->note);
}

const struct support_calendar_entry *support_calendar_find(const struct support_calendar *calendar,
							   const char *version)
{
	for (size_t i = 0; calendar && i < calendar->count; i++)
		if (!strcmp(calendar->entries[i].version, version))
			return &calendar->entries[i];
	return NULL;
}

static const struct capability *capability_reference(const struct provider *provider,
						     const struct yreader *r,
						     const struct ynode *node)
{
	if (yreader_expect(r, node, YNODE_SCALAR, "a capability id") < 0)
		return NULL;
	const struct capability *capability = provider_find_capability(provider, node->value);
	if (capability)
		return capability;
	struct suggest suggest;
	suggest_init(&suggest, node->value);
	for (size_t i = 0; i < provider->capability_count; i++)
		suggest_offer(&suggest, provider->capabilities[i].id);
	if (suggest.best)
		yreader_error(r, node, "unknown-capability",
			      "unknown capability '%s' (did you mean '%s'?)", node->value,
			      suggest.best);
	else
		yreader_error(r, node, "unknown-capability", "unknown capability '%s'",
			      node->value);
	return NULL;
}

static int load_enum(const struct yreader *r, const struct ynode *mapping, const char *key,
		     const char *const *names, size_t count, const char *what, int *out)
{
	const struct ynode *value = ynode_get(mapping, key);
	if (!value)
		return yreader_error(r, mapping, "missing-key", "%s needs '%s'", what, key);
	int index = yreader_enum(r, value, names, count, key);
	if (index < 0)
		return -1;
	*out = index;
	return 0;
}

static int load_capability(struct provider *provider, const struct yreader *r,
			   const struct ynode *key, const struct ynode *node)
{
	static const char *const keys[] = {"name",   "default",	    "cost",   "effort",
					   "probes", "remediation", "sources"};
	struct capability *capability = &provider->capabilities[provider->capability_count];
	capability->index = provider->capability_count++;
	capability->id = key->value;
	capability->provider = provider;
	if (yreader_expect(r, node, YNODE_MAPPING, "a capability") < 0)
		return -1;
	int result = yreader_check_keys(r, node, keys, COUNT(keys), "a capability");
	capability->name = yreader_string(r, node, "name", true, "a capability");
	capability->remediation = yreader_string(r, node, "remediation", true, "a capability");
	int value = 0;
	result |= load_enum(r, node, "default", capability_default_names, CAPABILITY_DEFAULT_COUNT,
			    "a capability", &value);
	capability->default_state = (enum capability_default)value;
	result |= load_enum(r, node, "cost", cost_names, COST_COUNT, "a capability", &value);
	capability->cost = (enum cost)value;
	result |= load_enum(r, node, "effort", effort_names, EFFORT_COUNT, "a capability", &value);
	capability->effort = (enum effort)value;
	const struct ynode *probes = ynode_get(node, "probes");
	if (probes && yreader_expect(r, probes, YNODE_SEQUENCE, "'probes'") == 0) {
		capability->probes =
			arena_alloc_array(&provider->arena, probes->count, sizeof(char *));
		for (size_t i = 0; i < probes->count; i++)
			if (yreader_expect(r, probes->items[i], YNODE_SCALAR, "a probe id") == 0)
				capability->probes[capability->probe_count++] =
					probes->items[i]->value;
	}
	result |= load_source_list(provider, r, ynode_get(node, "sources"), &capability->sources,
				   &capability->source_count);
	if (!capability->name || !capability->remediation)
		result = -1;
	return result;
}

/*
 * A `why` states the provider's part, then "; ", then the customer's part:
 * the form the loader can check when a shared cell names no capability.
 */
static bool why_has_both_parts(const char *why)
{
	const char *semicolon = strstr(why, "; ");
	return semicolon && semicolon > why && semicolon[2];
}

/*
 * The responsibility rule (docs/data-model.md), applied to one entry as its
 * service sees it. `capabilities` is the entry's list node (may be NULL).
 * A capability listed on a cell is a provider mechanism for that control, so
 * a customer cell cannot list one; a provider cell cannot rest on a mechanism
 * that is off until the customer turns it on; a shared cell says what the
 * provider supplies, by a capability or in its why.
 */
static int check_responsibility_rule(const struct yreader *r, const struct service *service,
				     const struct ynode *key, const struct ynode *node,
				     const struct responsibility_entry *entry,
				     const struct ynode *capabilities)
{
	int result = 0;
	switch (entry->responsibility) {
	case RESPONSIBILITY_CUSTOMER:
		if (entry->capability_count)
			result = yreader_error(
				r, capabilities, "customer-with-capability",
				"%s on '%s' is customer but lists '%s', a provider mechanism for "
				"it: "
				"make it shared, or drop capabilities that do not implement the "
				"control",
				key->value, service->id, entry->capabilities[0]->id);
		break;
	case RESPONSIBILITY_PROVIDER:
		for (size_t i = 0; i < entry->capability_count; i++) {
			const struct capability *capability = entry->capabilities[i];
			enum capability_default state =
				service->capability_defaults[capability->index];
			if (state == CAPABILITY_ON)
				continue;
			result = yreader_error(
				r, capabilities->items[i], "provider-needs-opt-in",
				"%s on '%s' is provider but rests on '%s', which is %s by default: "
				"make it shared, or drop a capability that is only an extra",
				key->value, service->id, capability->id,
				capability_default_names[state]);
		}
		break;
	case RESPONSIBILITY_SHARED:
		if (!entry->capability_count && !why_has_both_parts(entry->why))
			result = yreader_error(
				r, ynode_get(node, "why"), "shared-without-provider-part",
				"%s on '%s' is shared but names no capability; its why must say "
				"what the provider supplies, then '; ', then the customer's part",
				key->value, service->id);
		break;
	}
	return result;
}

static struct responsibility_entry *load_entry(struct provider *provider, const struct yreader *r,
					       const struct service *service,
					       const struct ynode *key, const struct ynode *node)
{
	static const char *const keys[] = {"responsibility", "why", "capabilities"};
	if (yreader_expect(r, node, YNODE_MAPPING, "a responsibility entry") < 0)
		return NULL;
	struct responsibility_entry *entry = arena_alloc(&provider->arena, sizeof(*entry));
	entry->key = key->value;
	entry->line = key->line;
	int result = yreader_check_keys(r, node, keys, COUNT(keys), "a responsibility entry");
	int value = 0;
	result |= load_enum(r, node, "responsibility", responsibility_names, RESPONSIBILITY_COUNT,
			    "a responsibility entry", &value);
	entry->responsibility = (enum responsibility)value;
	entry->why = yreader_string(r, node, "why", true, "a responsibility entry");
	const struct ynode *capabilities = ynode_get(node, "capabilities");
	if (capabilities && !ynode_is_null(capabilities) &&
	    yreader_expect(r, capabilities, YNODE_SEQUENCE, "'capabilities'") == 0) {
		entry->capabilities = arena_alloc_array(&provider->arena, capabilities->count,
							sizeof(*entry->capabilities));
		for (size_t i = 0; i < capabilities->count; i++) {
			const struct capability *capability =
				capability_reference(provider, r, capabilities->items[i]);
			if (capability)
				entry->capabilities[entry->capability_count++] = capability;
			else
				result = -1;
		}
	}
	if (result == 0 && entry->why)
		result = check_responsibility_rule(r, service, key, node, entry, capabilities);
	return result < 0 || !entry->why ? NULL : entry;
}

static int load_service_entries(struct provider *provider, const struct catalog *catalog,
				const struct yreader *r, struct service *service,
				struct service_draft *draft)
{
	size_t key_count = catalog->control_count + catalog->group_count + AREA_COUNT;
	draft->by_key = xcalloc(key_count, sizeof(*draft->by_key));
	const struct ynode *controls = draft->controls;
	if (!controls)
		return 0;
	if (yreader_expect(r, controls, YNODE_MAPPING, "'controls'") < 0)
		return -1;
	int result = 0;
	for (size_t i = 0; i < controls->count; i++) {
		const struct ynode *key = controls->keys[i];
		long index = key_index(catalog, key->value);
		if (index < 0) {
			const char *guess = catalog_suggest(catalog, key->value);
			result = guess ? yreader_error(r, key, "unknown-control",
						       "unknown control '%s' (did you mean '%s'?)",
						       key->value, guess)
				       : yreader_error(r, key, "unknown-control",
						       "unknown control '%s'", key->value);
			continue;
		}
		if (index < (long)catalog->control_count &&
		    !service_covers(service->kind, &catalog->controls[index])) {
			result = yreader_error(
				r, key, "wrong-kind",
				"control %s is a %s-phase control; a %s service does not cover it",
				key->value, phase_names[catalog->controls[index].phase],
				service_kind_names[service->kind]);
			continue;
		}
		struct responsibility_entry *entry =
			load_entry(provider, r, service, key, controls->items[i]);
		if (!entry)
			result = -1;
		draft->by_key[index] = entry;
	}
	return result;
}

static const struct responsibility_entry *lookup(const struct catalog *catalog,
						 const struct service_draft *draft,
						 const struct catalog_control *control)
{
	const struct responsibility_entry *entry = draft->by_key[control->index];
	if (!entry)
		entry = draft->by_key[catalog->control_count + control->group->index];
	if (!entry)
		entry = draft->by_key[catalog->control_count + catalog->group_count +
				      control->area];
	return entry;
}

/*
 * An inherited provider entry was checked against its own service's
 * defaults; a `defaults:` override here can turn one of its capabilities
 * off, and then this service breaks the rule.
 */
static int check_inherited_provider_entry(const struct yreader *r, const struct service *service,
					  const struct service_draft *draft,
					  const struct responsibility_entry *entry)
{
	int result = 0;
	if (!entry || entry->responsibility != RESPONSIBILITY_PROVIDER)
		return 0;
	for (size_t i = 0; i < entry->capability_count; i++) {
		const struct capability *capability = entry->capabilities[i];
		enum capability_default state = service->capability_defaults[capability->index];
		if (state == CAPABILITY_ON)
			continue;
		const struct ynode *defaults = ynode_get(draft->node, "defaults");
		const struct ynode *at = defaults ? ynode_get(defaults, capability->id) : NULL;
		result = yreader_error(r, at ? at : draft->node, "provider-needs-opt-in",
				       "'%s' inherits %s as provider, resting on '%s', which is %s "
				       "by default here: write a shared entry for it",
				       service->id, entry->key, capability->id,
				       capability_default_names[state]);
	}
	return result;
}

static int resolve_service(struct provider *provider, const struct catalog *catalog,
			   const struct yreader *r, struct service_draft *drafts, size_t index)
{
	struct service *service = &provider->services[index];
	struct service_draft *draft = &drafts[index];
	if (draft->resolved)
		return 0;
	if (draft->resolving)
		return yreader_error(r, ynode_get(draft->node, "inherits"), "inherits-cycle",
				     "service '%s' inherits from itself (a cycle)", service->id);
	draft->resolving = 1;
	int result = 0;
	const struct service *parent = NULL;
	if (draft->inherits) {
		parent = provider_find_service(provider, draft->inherits);
		if (!parent)
			result = yreader_error(
				r, ynode_get(draft->node, "inherits"), "unknown-service",
				"'%s' inherits unknown service '%s'", service->id, draft->inherits);
		else if (parent->kind != service->kind)
			result = yreader_error(r, ynode_get(draft->node, "inherits"), "wrong-kind",
					       "a %s service cannot inherit the %s service '%s'",
					       service_kind_names[service->kind],
					       service_kind_names[parent->kind], parent->id);
		else if (resolve_service(provider, catalog, r, drafts,
					 (size_t)(parent - provider->services)) < 0)
			result = -1;
	}
	service->inherits = parent;
	service->entries = arena_alloc_array(&provider->arena, catalog->control_count,
					     sizeof(*service->entries));
	for (size_t i = 0; i < catalog->control_count && result == 0; i++) {
		const struct catalog_control *control = &catalog->controls[i];
		if (!service_covers(service->kind, control))
			continue;
		const struct responsibility_entry *entry = lookup(catalog, draft, control);
		if (!entry && parent) {
			entry = parent->entries[i];
			result |= check_inherited_provider_entry(r, service, draft, entry);
		}
		if (!entry)
			result = yreader_error(r, draft->node, "hole",
					       "service '%s' does not say who is responsible for "
					       "control %s (%s)",
					       service->id, control->id, control->title);
		service->entries[i] = entry;
	}
	draft->resolving = 0;
	draft->resolved = 1;
	return result;
}

static int load_availability(struct provider *provider, const struct yreader *r,
			     struct service *service, struct service_draft *draft,
			     const struct ynode *node)
{
	static const char *const keys[] = {"status", "since", "source", "migrate_to", "note"};
	const char *what = "'availability'";
	if (yreader_expect(r, node, YNODE_MAPPING, what) < 0)
		return -1;
	struct service_availability *availability =
		arena_alloc(&provider->arena, sizeof(*availability));
	int result = yreader_check_keys(r, node, keys, COUNT(keys), what);
	int status = 0;
	result |= load_enum(r, node, "status", availability_status_names, AVAILABILITY_STATUS_COUNT,
			    what, &status);
	availability->status = (enum availability_status)status;
	availability->since = yreader_string(r, node, "since", true, what);
	if (availability->since && !date_parse(availability->since, &availability->since_day))
		result = yreader_error(r, ynode_get(node, "since"), "bad-date",
				       "'%s' is not a date; write YYYY-MM-DD", availability->since);
	const struct ynode *source = ynode_get(node, "source");
	if (!source)
		result = yreader_error(r, node, "missing-key",
				       "%s needs 'source' (a source id: the provider's notice)",
				       what);
	else if (!(availability->source = source_url(provider, r, source)))
		result = -1;
	availability->note = yreader_string(r, node, "note", false, what);
	draft->migrate_to = ynode_get(node, "migrate_to");
	if (draft->migrate_to && yreader_expect(r, draft->migrate_to, YNODE_SEQUENCE,
						"'migrate_to' (service ids)") < 0) {
		draft->migrate_to = NULL;
		result = -1;
	}
	if (!availability->since)
		result = -1;
	service->availability = availability;
	return result;
}

/* Resolves `migrate_to:` once every service of the file is known. */
static int resolve_migration_targets(struct provider *provider, const struct yreader *r,
				     struct service *service, const struct service_draft *draft)
{
	const struct ynode *list = draft->migrate_to;
	if (!list || !service->availability)
		return 0;
	struct service_availability *availability =
		(struct service_availability *)service->availability;
	availability->migrate_to =
		arena_alloc_array(&provider->arena, list->count, sizeof(*availability->migrate_to));
	int result = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct ynode *item = list->items[i];
		if (yreader_expect(r, item, YNODE_SCALAR, "a service id") < 0) {
			result = -1;
			continue;
		}
		const struct service *target = provider_find_service(provider, item->value);
		if (!target || target == service || target->kind != service->kind) {
			struct suggest suggest;
			suggest_init(&suggest, item->value);
			for (size_t s = 0; s < provider->service_count; s++)
				if (provider->services[s].kind == service->kind &&
				    &provider->services[s] != service)
					suggest_offer(&suggest, provider->services[s].id);
			result = suggest.best
					 ? yreader_error(r, item, "unknown-service",
							 "'%s' is not another %s service of this "
							 "file (did you mean '%s'?)",
							 item->value,
							 service_kind_names[service->kind],
							 suggest.best)
					 : yreader_error(
						   r, item, "unknown-service",
						   "'%s' is not another %s service of this file",
						   item->value, service_kind_names[service->kind]);
			continue;
		}
		availability->migrate_to[availability->migrate_count++] = target;
	}
	return result;
}

static int load_service(struct provider *provider, const struct catalog *catalog,
			const struct yreader *r, const struct ynode *key, const struct ynode *node,
			struct service_draft *draft)
{
	static const char *const keys[] = {"name",     "kind",	   "inherits",	  "sources",
					   "defaults", "controls", "availability"};
	struct service *service = &provider->services[provider->service_count++];
	service->id = key->value;
	service->provider = provider;
	draft->node = node;
	if (yreader_expect(r, node, YNODE_MAPPING, "a service") < 0)
		return -1;
	int result = yreader_check_keys(r, node, keys, COUNT(keys), "a service");
	service->name = yreader_string(r, node, "name", true, "a service");
	draft->inherits = yreader_string(r, node, "inherits", false, "a service");
	draft->controls = ynode_get(node, "controls");
	int kind = 0;
	result |= load_enum(r, node, "kind", service_kind_names, 2, "a service", &kind);
	service->kind = (enum service_kind)kind;
	result |= load_source_list(provider, r, ynode_get(node, "sources"), &service->sources,
				   &service->source_count);
	service->capability_defaults =
		arena_alloc_array(&provider->arena, provider->capability_count + 1,
				  sizeof(*service->capability_defaults));
	for (size_t i = 0; i < provider->capability_count; i++)
		service->capability_defaults[i] = provider->capabilities[i].default_state;
	const struct ynode *defaults = ynode_get(node, "defaults");
	if (defaults && yreader_expect(r, defaults, YNODE_MAPPING, "'defaults'") == 0) {
		for (size_t i = 0; i < defaults->count; i++) {
			const struct capability *capability =
				capability_reference(provider, r, defaults->keys[i]);
			int state = capability ? yreader_enum(r, defaults->items[i],
							      capability_default_names,
							      CAPABILITY_DEFAULT_COUNT, "default")
					       : -1;
			if (state < 0)
				result = -1;
			else
				service->capability_defaults[capability->index] =
					(enum capability_default)state;
		}
	}
	const struct ynode *availability = ynode_get(node, "availability");
	if (availability)
		result |= load_availability(provider, r, service, draft, availability);
	result |= load_service_entries(provider, catalog, r, service, draft);
	return result;
}

int provider_load(struct provider *provider, const char *path, const struct catalog *catalog,
		  struct diag_list *diags)
{
	static const char *const keys[] = {"srgap-provider", "provider", "name",
					   "catalog",	     "reviewed", "sources",
					   "capabilities",   "services", "kubernetes_versions"};
	memset(provider, 0, sizeof(*provider));
	arena_init(&provider->arena);
	provider->path = arena_strdup(&provider->arena, path);
	struct yreader reader = {.file = provider->path, .code_prefix = "provider", .diags = diags};
	const struct yreader *r = &reader;
	size_t errors_before = diag_error_count(diags);
	struct service_draft *drafts = NULL;

	struct ynode *root = yaml_tree_load_file(&provider->arena, path, "provider", diags);
	if (!root || yreader_expect(r, root, YNODE_MAPPING, "a provider model") < 0)
		goto out;
	yreader_check_keys(r, root, keys, COUNT(keys), "a provider model");
	const char *format = yreader_string(r, root, "srgap-provider", true, "a provider model");
	if (format && strcmp(format, "1"))
		yreader_error(
			r, ynode_get(root, "srgap-provider"), "bad-version",
			"provider model format %s is not supported; this srgap reads format 1",
			format);
	provider->id = yreader_string(r, root, "provider", true, "a provider model");
	provider->name = yreader_string(r, root, "name", true, "a provider model");
	provider->reviewed = yreader_string(r, root, "reviewed", true, "a provider model");
	if (provider->reviewed) {
		const struct ynode *reviewed = ynode_get(root, "reviewed");
		provider->reviewed_line = reviewed->line;
		provider->reviewed_column = reviewed->column;
		if (!date_parse(provider->reviewed, &provider->reviewed_day))
			yreader_error(r, reviewed, "bad-date",
				      "'%s' is not a date; write YYYY-MM-DD", provider->reviewed);
	}
	const char *catalog_id = yreader_string(r, root, "catalog", true, "a provider model");
	if (catalog_id && catalog->id && strcmp(catalog_id, catalog->id))
		yreader_error(r, ynode_get(root, "catalog"), "wrong-catalog",
			      "model is written for catalog '%s', but the loaded catalog is '%s'",
			      catalog_id, catalog->id);
	if (!provider->id)
		goto out;

	const struct ynode *sources = ynode_get(root, "sources");
	if (sources && yreader_expect(r, sources, YNODE_MAPPING, "'sources'") == 0) {
		provider->sources = arena_alloc_array(&provider->arena, sources->count,
						      sizeof(*provider->sources));
		for (size_t i = 0; i < sources->count; i++) {
			if (yreader_expect(r, sources->items[i], YNODE_SCALAR, "a source URL") < 0)
				continue;
			provider->sources[provider->source_count].id = sources->keys[i]->value;
			provider->sources[provider->source_count++].url = sources->items[i]->value;
		}
	}
	const struct ynode *versions = ynode_get(root, "kubernetes_versions");
	if (versions)
		load_calendar(provider, r, versions, "'kubernetes_versions'",
			      &provider->kubernetes_versions);
	const struct ynode *capabilities = ynode_get(root, "capabilities");
	if (capabilities && !ynode_is_null(capabilities) &&
	    yreader_expect(r, capabilities, YNODE_MAPPING, "'capabilities'") == 0) {
		provider->capabilities = arena_alloc_array(&provider->arena, capabilities->count,
							   sizeof(*provider->capabilities));
		for (size_t i = 0; i < capabilities->count; i++)
			load_capability(provider, r, capabilities->keys[i], capabilities->items[i]);
	}
	const struct ynode *services = ynode_get(root, "services");
	if (!services) {
		yreader_error(r, root, "missing-key", "a provider model needs 'services'");
		goto out;
	}
	if (yreader_expect(r, services, YNODE_MAPPING, "'services'") < 0)
		goto out;
	provider->services =
		arena_alloc_array(&provider->arena, services->count, sizeof(*provider->services));
	drafts = xcalloc(services->count, sizeof(*drafts));
	for (size_t i = 0; i < services->count; i++)
		load_service(provider, catalog, r, services->keys[i], services->items[i],
			     &drafts[i]);
	if (diag_error_count(diags) > errors_before)
		goto out;
	for (size_t i = 0; i < provider->service_count; i++) {
		resolve_service(provider, catalog, r, drafts, i);
		resolve_migration_targets(provider, r, &provider->services[i], &drafts[i]);
	}
out:
	if (drafts)
		for (size_t i = 0; i < provider->service_count; i++)
			free(drafts[i].by_key);
	free(drafts);
	return diag_error_count(diags) > errors_before ? -1 : 0;
}

void provider_release(struct provider *provider)
{
	arena_release(&provider->arena);
	memset(provider, 0, sizeof(*provider));
}

const struct service *provider_find_service(const struct provider *provider, const char *id)
{
	for (size_t i = 0; i < provider->service_count; i++)
		if (!strcmp(provider->services[i].id, id))
			return &provider->services[i];
	return NULL;
}

const struct capability *provider_find_capability(const struct provider *provider, const char *id)
{
	for (size_t i = 0; i < provider->capability_count; i++)
		if (!strcmp(provider->capabilities[i].id, id))
			return &provider->capabilities[i];
	return NULL;
}
