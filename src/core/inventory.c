/*
 * Inventory loading. Validation goes on after a problem so that a workshop
 * sees every mistake in one run; a problem inside one environment does not
 * hide problems in the next.
 */
#include "core/inventory.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/models.h"
#include "core/scan_coverage.h"
#include "io/yaml_tree.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/walk.h"
#include "util/xalloc.h"

const char *const claim_status_names[CLAIM_STATUS_COUNT] = {"implemented", "partial", "planned",
							    "not-implemented", "not-applicable"};
const char *const criticality_names[CRITICALITY_COUNT] = {"low", "medium", "high", "critical"};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct loader {
	struct inventory *inventory;
	const struct models *models;
	struct yreader reader;
	const char *base_dir; /* directory of the file being read, for relative paths */
	/* Named environments sorted by name (after check_unique_names), for exceptions. */
	const struct environment **by_name;
	size_t by_name_count;
};

static const struct yreader *R(struct loader *loader)
{
	return &loader->reader;
}

static int read_date(struct loader *loader, const struct ynode *mapping, const char *key,
		     const char *what, bool required, const char **text, long *day)
{
	*text = yreader_string(R(loader), mapping, key, required, what);
	if (!*text)
		return required ? -1 : 0;
	long parsed;
	if (!date_parse(*text, &parsed))
		return yreader_error(R(loader), ynode_get(mapping, key), "bad-date",
				     "'%s' is not a date; write YYYY-MM-DD, e.g. 2027-03-31",
				     *text);
	if (day)
		*day = parsed;
	return 0;
}

static int read_bool(struct loader *loader, const struct ynode *mapping, const char *key, bool *out)
{
	const struct ynode *value = ynode_get(mapping, key);
	if (!value)
		return 0;
	if (value->kind == YNODE_SCALAR && value->plain && !strcmp(value->value, "true")) {
		*out = true;
		return 0;
	}
	if (value->kind == YNODE_SCALAR && value->plain && !strcmp(value->value, "false")) {
		*out = false;
		return 0;
	}
	return yreader_error(R(loader), value, "bad-value", "'%s' must be true or false, not '%s'",
			     key, value->kind == YNODE_SCALAR ? value->value : "a collection");
}

static int read_enum(struct loader *loader, const struct ynode *mapping, const char *key,
		     const char *const *names, size_t count, int fallback, int *out)
{
	const struct ynode *value = ynode_get(mapping, key);
	*out = fallback;
	if (!value || ynode_is_null(value))
		return 0;
	int index = yreader_enum(R(loader), value, names, count, key);
	if (index < 0)
		return -1;
	*out = index;
	return 0;
}

/* A `by:` value shaped like an id (lower case, digits, dashes) must name a capability. */
static bool looks_like_capability_id(const char *text)
{
	bool dash = false;
	for (const char *c = text; *c; c++) {
		if (*c == '-')
			dash = true;
		else if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c))
			return false;
	}
	return dash && text[0] != '-';
}

static int resolve_capability(struct loader *loader, const struct environment *environment,
			      const struct ynode *node, struct claim *claim)
{
	const struct provider *providers[2] = {
		environment->provider,
		environment->registry ? environment->registry->provider : NULL};
	for (size_t p = 0; p < 2; p++) {
		if (!providers[p])
			continue;
		claim->capability = provider_find_capability(providers[p], claim->by);
		if (claim->capability)
			return 0;
	}
	struct suggest suggest;
	suggest_init(&suggest, claim->by);
	for (size_t p = 0; p < 2; p++)
		for (size_t i = 0; providers[p] && i < providers[p]->capability_count; i++)
			suggest_offer(&suggest, providers[p]->capabilities[i].id);
	if (suggest.best)
		return yreader_error(R(loader), node, "unknown-capability",
				     "unknown %s capability '%s' (did you mean '%s'?)",
				     environment->provider->id, claim->by, suggest.best);
	return yreader_error(R(loader), node, "unknown-capability",
			     "unknown %s capability '%s'; quote free text with spaces, e.g. "
			     "\"Trivy in CI\", or see `srgap models capabilities`",
			     environment->provider->id, claim->by);
}

static struct claim *load_claim(struct loader *loader, struct environment *environment,
				const struct ynode *key, const struct ynode *value)
{
	static const char *const keys[] = {"status", "by", "reason", "due", "note"};
	struct claim *claim = arena_alloc(&loader->inventory->arena, sizeof(*claim));
	claim->key = key->value;
	claim->line = key->line;
	claim->column = key->column;
	int status = -1;
	int result = 0;
	if (value->kind == YNODE_SCALAR) {
		/* Shorthand: `4.1.1a: implemented`. */
		status = yreader_enum(R(loader), value, claim_status_names, CLAIM_STATUS_COUNT,
				      "claim status");
	} else if (value->kind == YNODE_MAPPING) {
		result |= yreader_check_keys(R(loader), value, keys, COUNT(keys), "a claim");
		const struct ynode *status_node = ynode_get(value, "status");
		if (!status_node)
			result = yreader_error(
				R(loader), value, "missing-key",
				"claim %s needs 'status' (one of implemented, partial, "
				"planned, not-implemented, not-applicable)",
				key->value);
		else
			status = yreader_enum(R(loader), status_node, claim_status_names,
					      CLAIM_STATUS_COUNT, "claim status");
		claim->by = yreader_string(R(loader), value, "by", false, "a claim");
		claim->reason = yreader_string(R(loader), value, "reason", false, "a claim");
		claim->note = yreader_string(R(loader), value, "note", false, "a claim");
		result |= read_date(loader, value, "due", "a claim", false, &claim->due, NULL);
		if (claim->by && looks_like_capability_id(claim->by))
			result |= resolve_capability(loader, environment, ynode_get(value, "by"),
						     claim);
	} else {
		result = yreader_error(R(loader), value, "wrong-type",
				       "claim %s must be a status or a mapping, not a list",
				       key->value);
	}
	if (status < 0)
		return NULL;
	claim->status = (enum claim_status)status;
	if (claim->status == CLAIM_NOT_APPLICABLE && !claim->reason)
		result = yreader_error(R(loader), value, "missing-reason",
				       "claim %s is not-applicable and needs a 'reason'",
				       key->value);
	return result < 0 ? NULL : claim;
}

/* Applies claims in order area < group < control, so the most specific wins. */
static int load_claims(struct loader *loader, struct environment *environment,
		       const struct ynode *controls)
{
	const struct catalog *catalog = &loader->models->catalog;
	environment->claims = arena_alloc_array(&loader->inventory->arena, catalog->control_count,
						sizeof(*environment->claims));
	if (!controls || ynode_is_null(controls))
		return 0;
	if (yreader_expect(R(loader), controls, YNODE_MAPPING, "'controls'") < 0)
		return -1;
	int result = 0;
	struct claim **claims = xcalloc(controls->count, sizeof(*claims));
	struct catalog_selection *selections = xcalloc(controls->count, sizeof(*selections));
	for (size_t i = 0; i < controls->count; i++) {
		const struct ynode *key = controls->keys[i];
		if (catalog_select(catalog, key->value, &selections[i]) < 0) {
			const char *guess = catalog_suggest(catalog, key->value);
			if (guess)
				result = yreader_error(R(loader), key, "unknown-control",
						       "unknown control '%s' (did you mean '%s'?)",
						       key->value, guess);
			else
				result = yreader_error(R(loader), key, "unknown-control",
						       "unknown control '%s'; controls look like "
						       "4.1.1a, groups like 4.1.1",
						       key->value);
			continue;
		}
		claims[i] = load_claim(loader, environment, key, controls->items[i]);
		if (!claims[i])
			result = -1;
	}
	/* Wider selections first, so narrower ones overwrite them. */
	for (size_t pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < controls->count; i++) {
			if (!claims[i])
				continue;
			size_t count = selections[i].count;
			size_t level = count == 1 ? 2 : (strlen(claims[i]->key) > 3 ? 1 : 0);
			if (!strcmp(claims[i]->key, "4.6"))
				level = 1; /* the hardware group shares its id with its area */
			if (level != pass)
				continue;
			for (size_t c = 0; c < count; c++)
				environment->claims[selections[i].first + c] = claims[i];
		}
	}
	free(claims);
	free(selections);
	return result;
}

static const struct service *find_service_of_kind(const struct provider *provider, const char *id,
						  enum service_kind kind)
{
	const struct service *service = provider_find_service(provider, id);
	return service && service->kind == kind ? service : NULL;
}

static int unknown_service(struct loader *loader, const struct ynode *node,
			   const struct provider *provider, enum service_kind kind)
{
	struct suggest suggest;
	suggest_init(&suggest, node->value);
	struct strbuf choices;
	strbuf_init(&choices);
	for (size_t i = 0; i < provider->service_count; i++) {
		if (provider->services[i].kind != kind)
			continue;
		suggest_offer(&suggest, provider->services[i].id);
		strbuf_addf(&choices, "%s%s", choices.len ? ", " : "", provider->services[i].id);
	}
	/* A service of another provider is a common workshop slip: say whose it is. */
	const char *owner = NULL;
	for (size_t p = 0; p < loader->models->provider_count && !owner; p++)
		if (find_service_of_kind(&loader->models->providers[p], node->value, kind))
			owner = loader->models->providers[p].id;
	if (suggest.best)
		yreader_error(R(loader), node, "unknown-service",
			      "unknown %s %s service '%s' (did you mean '%s'?)", provider->id,
			      service_kind_names[kind], node->value, suggest.best);
	else if (owner)
		yreader_error(R(loader), node, "unknown-service",
			      "'%s' is a %s service, not %s; %s %s services: %s", node->value,
			      owner, provider->id, provider->id, service_kind_names[kind],
			      choices.buf);
	else
		yreader_error(R(loader), node, "unknown-service",
			      "unknown %s %s service '%s'; expected one of: %s", provider->id,
			      service_kind_names[kind], node->value, choices.buf);
	strbuf_release(&choices);
	return -1;
}

static int unknown_provider(struct loader *loader, const struct ynode *node)
{
	struct suggest suggest;
	suggest_init(&suggest, node->value);
	struct strbuf choices;
	strbuf_init(&choices);
	for (size_t i = 0; i < loader->models->provider_count; i++) {
		suggest_offer(&suggest, loader->models->providers[i].id);
		strbuf_addf(&choices, "%s%s", i ? ", " : "", loader->models->providers[i].id);
	}
	if (suggest.best)
		yreader_error(R(loader), node, "unknown-provider",
			      "unknown provider '%s' (did you mean '%s'?)", node->value,
			      suggest.best);
	else
		yreader_error(R(loader), node, "unknown-provider",
			      "unknown provider '%s'; expected one of: %s", node->value,
			      choices.buf);
	strbuf_release(&choices);
	return -1;
}

static int load_registry(struct loader *loader, struct environment *environment,
			 const struct ynode *node)
{
	const struct models *models = loader->models;
	if (!node || ynode_is_null(node)) {
		/* Default: a registry the organization runs itself (the documented default). */
		const struct provider *self = models_find_provider(models, "self-managed");
		environment->registry =
			self ? find_service_of_kind(self, "registry", SERVICE_REGISTRY) : NULL;
		return 0;
	}
	if (yreader_expect(R(loader), node, YNODE_SCALAR, "'registry'") < 0)
		return -1;
	const char *slash = strchr(node->value, '/');
	const struct provider *provider = environment->provider;
	const char *id = node->value;
	if (slash) {
		char *provider_id = xstrndup(node->value, (size_t)(slash - node->value));
		provider = models_find_provider(models, provider_id);
		free(provider_id);
		id = slash + 1;
		if (!provider)
			return yreader_error(R(loader), node, "unknown-provider",
					     "unknown provider in registry '%s'", node->value);
	}
	if (!provider)
		return -1;
	environment->registry = find_service_of_kind(provider, id, SERVICE_REGISTRY);
	if (environment->registry)
		return 0;
	struct ynode shifted = *node;
	shifted.value = id;
	return unknown_service(loader, &shifted, provider, SERVICE_REGISTRY);
}

/* A `live:` field: its characters, its length and the example shown when it is wrong. */
struct live_field {
	const char *key;
	size_t offset;	   /* into struct environment_live */
	const char *extra; /* characters allowed besides letters and digits */
	bool lower;	   /* letters must be lower case */
	size_t max;
	const char *example;
};

static const struct live_field live_fields[] = {
	{"region", offsetof(struct environment_live, region), "-", true, 32, "eu-west-1"},
	{"cluster", offsetof(struct environment_live, cluster), "._-", false, 100, "prod-eks"},
	{"resource_group", offsetof(struct environment_live, resource_group), "._()-", false, 90,
	 "rg-prod"},
	{"project", offsetof(struct environment_live, project), ".:-", true, 100, "acme-prod"},
	{"location", offsetof(struct environment_live, location), "-", true, 40, "europe-west1"},
	{"context", offsetof(struct environment_live, context), "._:/@-", false, 253,
	 "prod-cluster"},
};

/*
 * Values reach `aws`, `az`, `gcloud` and `kubectl` as argv words (no shell),
 * but a word starting with '-' would still be read as an option, and
 * spaces or control characters have no place in these names: refuse both.
 */
static int load_live(struct loader *loader, struct environment *environment,
		     const struct ynode *node)
{
	static const char *const keys[] = {"region",  "cluster",  "resource_group",
					   "project", "location", "context"};
	if (!node || ynode_is_null(node))
		return 0;
	if (yreader_expect(R(loader), node, YNODE_MAPPING, "'live'") < 0)
		return -1;
	int result = yreader_check_keys(R(loader), node, keys, COUNT(keys), "'live'");
	struct environment_live *live = arena_alloc(&loader->inventory->arena, sizeof(*live));
	live->line = node->line;
	live->column = node->column;
	for (size_t f = 0; f < COUNT(live_fields); f++) {
		const struct live_field *field = &live_fields[f];
		const char *value = yreader_string(R(loader), node, field->key, false, "'live'");
		if (!value)
			continue;
		size_t length = strlen(value);
		bool ok = length > 0 && length <= field->max && isalnum((unsigned char)value[0]);
		for (const char *c = value; ok && *c; c++)
			ok = (isalnum((unsigned char)*c) && !(*c & 0x80) &&
			      !(field->lower && isupper((unsigned char)*c))) ||
			     strchr(field->extra, *c);
		if (!ok) {
			result = yreader_error(R(loader), ynode_get(node, field->key), "bad-value",
					       "live %s '%s' must start with a letter or digit and "
					       "use only %sletters, digits and the characters %s "
					       "(at most %zu), e.g. %s",
					       field->key, value, field->lower ? "lower-case " : "",
					       field->extra, field->max, field->example);
			continue;
		}
		*(const char **)((char *)live + field->offset) = value;
	}
	environment->live = live;
	return result;
}

static const char *resolve_path(struct loader *loader, const char *path)
{
	return path[0] == '/'
		       ? path
		       : arena_printf(&loader->inventory->arena, "%s/%s", loader->base_dir, path);
}

/*
 * `evidence:` is a folder, or a list of folders, each optionally declared
 * for one scan stage: `- { path: ci-scans, stage: build }`.
 */
static int load_evidence(struct loader *loader, struct environment *environment,
			 const struct ynode *node)
{
	static const char *const keys[] = {"path", "stage"};
	if (!node || ynode_is_null(node))
		return 0;
	size_t count = node->kind == YNODE_SEQUENCE ? node->count : 1;
	struct evidence_source *sources =
		arena_alloc_array(&loader->inventory->arena, count, sizeof(*sources));
	environment->evidence = sources;
	int result = 0;
	for (size_t i = 0; i < count; i++) {
		const struct ynode *item = node->kind == YNODE_SEQUENCE ? node->items[i] : node;
		const char *path = NULL;
		int stage = SCAN_STAGE_NONE;
		if (item->kind == YNODE_SCALAR) {
			path = item->value;
		} else if (item->kind == YNODE_MAPPING) {
			result |= yreader_check_keys(R(loader), item, keys, COUNT(keys),
						     "an evidence entry");
			path = yreader_string(R(loader), item, "path", true, "an evidence entry");
			const struct ynode *stage_node = ynode_get(item, "stage");
			if (stage_node &&
			    (stage = yreader_enum(R(loader), stage_node, scan_stage_names,
						  SCAN_STAGE_COUNT, "scan stage")) < 0) {
				stage = SCAN_STAGE_NONE;
				result = -1;
			}
		} else {
			result = yreader_error(R(loader), item, "wrong-type",
					       "an evidence entry must be a path or "
					       "{ path: ..., stage: build|registry|runtime }");
		}
		if (!path || !*path) {
			result = -1;
			continue;
		}
		sources[environment->evidence_count].path = resolve_path(loader, path);
		sources[environment->evidence_count].written =
			arena_strdup(&loader->inventory->arena, path);
		sources[environment->evidence_count++].stage = stage;
	}
	return result;
}

/* `policy:` — thresholds that probes apply. */
static int load_policy(struct loader *loader, const struct ynode *node)
{
	static const char *const keys[] = {"scan_max_age_days", "vulnerabilities"};
	static const char *const vulnerability_keys[] = {"fail_on", "fixable_only"};
	static const char *const severities[] = {"low", "medium", "high", "critical"};
	struct inventory *inventory = loader->inventory;
	if (!node || ynode_is_null(node))
		return 0;
	if (yreader_expect(R(loader), node, YNODE_MAPPING, "'policy'") < 0)
		return -1;
	int result = yreader_check_keys(R(loader), node, keys, COUNT(keys), "'policy'");
	const struct ynode *age = ynode_get(node, "scan_max_age_days");
	if (age) {
		char *end = NULL;
		long days = age->kind == YNODE_SCALAR ? strtol(age->value, &end, 10) : -1;
		if (!end || *end || days < 1 || days > 3650)
			result = yreader_error(R(loader), age, "bad-value",
					       "scan_max_age_days must be a whole number of days "
					       "from 1 to 3650");
		else
			inventory->scan_max_age_days = (unsigned)days;
	}
	const struct ynode *vulnerabilities = ynode_get(node, "vulnerabilities");
	if (vulnerabilities &&
	    yreader_expect(R(loader), vulnerabilities, YNODE_MAPPING, "'vulnerabilities'") == 0) {
		result |= yreader_check_keys(R(loader), vulnerabilities, vulnerability_keys,
					     COUNT(vulnerability_keys), "'vulnerabilities'");
		const struct ynode *fail_on = ynode_get(vulnerabilities, "fail_on");
		int severity = fail_on ? yreader_enum(R(loader), fail_on, severities,
						      COUNT(severities), "severity")
				       : 3;
		if (severity < 0)
			result = -1;
		else
			inventory->vulnerability_fail_on = severities[severity];
		bool fixable_only = true;
		result |= read_bool(loader, vulnerabilities, "fixable_only", &fixable_only);
		inventory->vulnerability_fixable_only = fixable_only;
	}
	return result;
}

/* A service the provider closed or retired: say so where the inventory names it. */
static void warn_service_availability(struct loader *loader, const struct ynode *node,
				      const struct environment *environment,
				      const struct service *service)
{
	if (!node || !service || !service->availability)
		return;
	struct strbuf text;
	strbuf_init(&text);
	service_availability_describe(service, loader->inventory->date_day, &text);
	diag_warning(loader->reader.diags, loader->reader.file, node->line, node->column,
		     "model.service-closed", "environment '%s': %s",
		     environment->name ? environment->name : "?", text.buf);
	strbuf_release(&text);
}

static int load_environment(struct loader *loader, const struct ynode *node)
{
	static const char *const keys[] = {
		"name",	       "description",	  "provider", "service",  "registry",
		"criticality", "internet_facing", "owner",    "evidence", "controls",
		"live"};
	struct inventory *inventory = loader->inventory;
	struct environment *environment = &inventory->environments[inventory->environment_count];
	environment->index = inventory->environment_count++;
	environment->file = loader->reader.file;
	environment->line = node->line;
	environment->column = node->column;
	if (yreader_expect(R(loader), node, YNODE_MAPPING, "an environment") < 0)
		return -1;
	int result = yreader_check_keys(R(loader), node, keys, COUNT(keys), "an environment");
	environment->name = yreader_string(R(loader), node, "name", true, "an environment");
	if (environment->name && !*environment->name)
		result = yreader_error(R(loader), ynode_get(node, "name"), "bad-value",
				       "an environment name cannot be empty");
	for (const char *c = environment->name; c && *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			result = yreader_error(R(loader), ynode_get(node, "name"), "bad-value",
					       "an environment name cannot contain control "
					       "characters");
			break;
		}
	environment->description =
		yreader_string(R(loader), node, "description", false, "an environment");
	environment->owner = yreader_string(R(loader), node, "owner", false, "an environment");
	result |= load_evidence(loader, environment, ynode_get(node, "evidence"));
	result |= load_live(loader, environment, ynode_get(node, "live"));
	int value;
	result |= read_enum(loader, node, "criticality", criticality_names, CRITICALITY_COUNT,
			    CRITICALITY_MEDIUM, &value);
	environment->criticality = (enum criticality)value;
	result |= read_bool(loader, node, "internet_facing", &environment->internet_facing);

	const struct ynode *provider_node = ynode_get(node, "provider");
	const struct ynode *service_node = ynode_get(node, "service");
	if (!provider_node || ynode_is_null(provider_node)) {
		result = yreader_error(R(loader), node, "missing-key",
				       "environment '%s' needs 'provider'",
				       environment->name ? environment->name : "?");
	} else if (yreader_expect(R(loader), provider_node, YNODE_SCALAR, "'provider'") < 0) {
		result = -1;
	} else if (!(environment->provider =
			     models_find_provider(loader->models, provider_node->value))) {
		result = unknown_provider(loader, provider_node);
	}
	if (!service_node || ynode_is_null(service_node)) {
		result = yreader_error(R(loader), node, "missing-key",
				       "environment '%s' needs 'service'",
				       environment->name ? environment->name : "?");
	} else if (yreader_expect(R(loader), service_node, YNODE_SCALAR, "'service'") < 0) {
		result = -1;
	} else if (environment->provider &&
		   !(environment->service = find_service_of_kind(
			     environment->provider, service_node->value, SERVICE_COMPUTE))) {
		result = unknown_service(loader, service_node, environment->provider,
					 SERVICE_COMPUTE);
	}
	warn_service_availability(loader, service_node, environment, environment->service);
	if (environment->provider) {
		result |= load_registry(loader, environment, ynode_get(node, "registry"));
		warn_service_availability(loader, ynode_get(node, "registry"), environment,
					  environment->registry);
	}
	if (environment->provider)
		result |= load_claims(loader, environment, ynode_get(node, "controls"));
	return result;
}

static int compare_environment_names(const void *a, const void *b)
{
	const struct environment *const *x = a, *const *y = b;
	int order = strcmp((*x)->name, (*y)->name);
	return order ? order : ((*x)->index > (*y)->index) - ((*x)->index < (*y)->index);
}

/* Sorts the named environments into loader->by_name and reports names defined twice. */
static int check_unique_names(struct loader *loader)
{
	struct inventory *inventory = loader->inventory;
	size_t count = 0;
	const struct environment **sorted =
		xcalloc(inventory->environment_count + 1, sizeof(*sorted));
	for (size_t i = 0; i < inventory->environment_count; i++)
		if (inventory->environments[i].name)
			sorted[count++] = &inventory->environments[i];
	qsort(sorted, count, sizeof(*sorted), compare_environment_names);
	int result = 0;
	const struct environment *first = count ? sorted[0] : NULL;
	for (size_t i = 1; i < count; i++) {
		if (strcmp(first->name, sorted[i]->name)) {
			first = sorted[i];
			continue;
		}
		const struct environment *env = sorted[i];
		if (env->file == first->file)
			result = diag_error(loader->reader.diags, env->file, env->line, env->column,
					    "inventory.duplicate-environment",
					    "environment '%s' is defined twice (first at line %d)",
					    env->name, first->line);
		else
			result = diag_error(loader->reader.diags, env->file, env->line, env->column,
					    "inventory.duplicate-environment",
					    "environment '%s' is defined twice (first at %s:%d:%d)",
					    env->name, first->file, first->line, first->column);
	}
	loader->by_name = sorted;
	loader->by_name_count = count;
	return result;
}

static int compare_name_with_environment(const void *key, const void *element)
{
	return strcmp(key, (*(const struct environment *const *)element)->name);
}

static struct environment *find_environment(struct loader *loader, const char *name)
{
	const struct environment *const *found =
		bsearch(name, loader->by_name, loader->by_name_count, sizeof(*loader->by_name),
			compare_name_with_environment);
	return found ? (struct environment *)*found : NULL;
}

static int load_exception(struct loader *loader, const struct ynode *node)
{
	static const char *const keys[] = {"environment", "control", "reason", "owner", "expires"};
	struct inventory *inventory = loader->inventory;
	const struct catalog *catalog = &loader->models->catalog;
	struct exception *exception = &inventory->exceptions[inventory->exception_count++];
	exception->file = loader->reader.file;
	exception->line = node->line;
	exception->column = node->column;
	if (yreader_expect(R(loader), node, YNODE_MAPPING, "an exception") < 0)
		return -1;
	int result = yreader_check_keys(R(loader), node, keys, COUNT(keys), "an exception");
	exception->environment =
		yreader_string(R(loader), node, "environment", true, "an exception");
	exception->control = yreader_string(R(loader), node, "control", true, "an exception");
	exception->reason = yreader_string(R(loader), node, "reason", true, "an exception");
	exception->owner = yreader_string(R(loader), node, "owner", true, "an exception");
	result |= read_date(loader, node, "expires", "an exception", true, &exception->expires,
			    &exception->expires_day);
	if (!exception->environment || !exception->control || !exception->reason ||
	    !exception->owner)
		return -1;

	/* Any file's environment: a central file may hold the acceptances for every team. */
	struct environment *environment = find_environment(loader, exception->environment);
	if (!environment) {
		struct suggest suggest;
		suggest_init(&suggest, exception->environment);
		for (size_t i = 0; i < loader->by_name_count; i++)
			suggest_offer(&suggest, loader->by_name[i]->name);
		const struct ynode *where = ynode_get(node, "environment");
		return suggest.best ? yreader_error(R(loader), where, "unknown-environment",
						    "exception for unknown environment '%s' (did "
						    "you mean '%s'?)",
						    exception->environment, suggest.best)
				    : yreader_error(R(loader), where, "unknown-environment",
						    "exception for unknown environment '%s'",
						    exception->environment);
	}
	struct catalog_selection selection;
	if (catalog_select(catalog, exception->control, &selection) < 0) {
		const char *guess = catalog_suggest(catalog, exception->control);
		const struct ynode *where = ynode_get(node, "control");
		return guess ? yreader_error(R(loader), where, "unknown-control",
					     "unknown control '%s' (did you mean '%s'?)",
					     exception->control, guess)
			     : yreader_error(R(loader), where, "unknown-control",
					     "unknown control '%s'", exception->control);
	}
	if (result < 0)
		return -1;
	exception->environment_index = environment->index;
	if (!environment->exceptions)
		environment->exceptions =
			arena_alloc_array(&inventory->arena, catalog->control_count,
					  sizeof(*environment->exceptions));
	for (size_t c = 0; c < selection.count; c++) {
		const struct exception **slot = &environment->exceptions[selection.first + c];
		/* A control-level exception beats a group-level one; equal levels clash. */
		if (*slot && strlen((*slot)->control) == strlen(exception->control)) {
			if ((*slot)->file == exception->file)
				return yreader_error(R(loader), node, "duplicate-exception",
						     "a second exception for %s in '%s' (first at "
						     "line %d)",
						     catalog->controls[selection.first + c].id,
						     exception->environment, (*slot)->line);
			return yreader_error(
				R(loader), node, "duplicate-exception",
				"a second exception for %s in '%s' (first at %s:%d:%d)",
				catalog->controls[selection.first + c].id, exception->environment,
				(*slot)->file, (*slot)->line, (*slot)->column);
		}
		if (!*slot || strlen((*slot)->control) < strlen(exception->control))
			*slot = exception;
	}
	return 0;
}

/* ------------------------------------------------------------------ files */

/* The keys only the organization file may carry. */
static const char *const organization_keys[] = {"organization", "assessment", "trusted_registries",
						"policy"};

/* One file of the inventory while it loads. */
struct source {
	const char *path;     /* as named or found (inventory arena) */
	const char *base_dir; /* for relative paths in it */
	char *real;	      /* realpath(3), or NULL: duplicates and evidence folders */
	bool walked;	      /* found in a folder rather than named */
	bool skipped;	      /* inside an environment's evidence folder */
	struct ynode *root;
	struct diag_list diags; /* held until we know whether the file is skipped */
	unsigned char digest[SHA256_DIGEST_SIZE];
};

struct source_list {
	struct inventory *inventory;
	struct source *items;
	size_t count, capacity;
	bool walking; /* the path being collected is a folder */
};

static bool has_yaml_suffix(const char *path)
{
	size_t length = strlen(path);
	return (length > 5 && !strcmp(path + length - 5, ".yaml")) ||
	       (length > 4 && !strcmp(path + length - 4, ".yml"));
}

static void add_source(void *context, const char *path)
{
	struct source_list *list = context;
	if (list->walking && !has_yaml_suffix(path))
		return;
	char *real = realpath(path, NULL);
	/* The same file named twice, or named and also inside a named folder, counts once. */
	for (size_t i = 0; real && i < list->count; i++) {
		if (list->items[i].real && !strcmp(list->items[i].real, real)) {
			free(real);
			return;
		}
	}
	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof(*list->items));
	struct source *source = &list->items[list->count++];
	memset(source, 0, sizeof(*source));
	struct arena *arena = &list->inventory->arena;
	source->path = arena_strdup(arena, path);
	const char *slash = strrchr(path, '/');
	source->base_dir = slash ? arena_strndup(arena, path, (size_t)(slash - path)) : ".";
	if (slash == path)
		source->base_dir = "/";
	source->real = real;
	source->walked = list->walking;
	diag_list_init(&source->diags);
}

static void collect_sources(struct source_list *list, const char *const *paths, size_t count,
			    struct diag_list *diags)
{
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			/* A file, or nothing: reading it says what is wrong. */
			list->walking = false;
			add_source(list, paths[i]);
			continue;
		}
		size_t before = list->count;
		list->walking = true;
		walk_files(paths[i], "inventory", add_source, list, diags);
		if (list->count == before)
			diag_error(diags, paths[i], 0, 0, "inventory.no-files",
				   "no *.yaml or *.yml inventory files in this folder");
	}
}

/* Adds the resolved real path of one `evidence:` entry to `folders`. */
static void add_evidence_folder(struct strbuf *folders, const struct source *source,
				const struct ynode *item)
{
	const struct ynode *path = item->kind == YNODE_MAPPING ? ynode_get(item, "path") : item;
	if (!path || path->kind != YNODE_SCALAR || !*path->value)
		return;
	char *joined = path->value[0] == '/' ? xstrdup(path->value)
					     : xasprintf("%s/%s", source->base_dir, path->value);
	char *real = realpath(joined, NULL);
	if (real) {
		strbuf_addstr(folders, real);
		strbuf_addch(folders, '\0');
	}
	free(real);
	free(joined);
}

static bool inside(const char *path, const char *folder)
{
	size_t length = strlen(folder);
	return !strncmp(path, folder, length) &&
	       (path[length] == '\0' || path[length] == '/' || !strcmp(folder, "/"));
}

/*
 * Evidence often lives beside the inventory (`evidence: evidence/prod`), and
 * `kubectl get -o yaml` output there is YAML too: a file found by walking a
 * folder is skipped when it lies inside a folder that an environment names
 * as evidence. Files named on the command line are always read.
 */
static void skip_evidence_files(struct source_list *list)
{
	struct strbuf folders; /* NUL-separated real paths */
	strbuf_init(&folders);
	bool any_walked = false;
	for (size_t i = 0; i < list->count; i++)
		any_walked |= list->items[i].walked;
	for (size_t i = 0; any_walked && i < list->count; i++) {
		const struct source *source = &list->items[i];
		const struct ynode *environments =
			source->root && source->root->kind == YNODE_MAPPING
				? ynode_get(source->root, "environments")
				: NULL;
		for (size_t e = 0; environments && environments->kind == YNODE_SEQUENCE &&
				   e < environments->count;
		     e++) {
			const struct ynode *environment = environments->items[e];
			const struct ynode *evidence = environment->kind == YNODE_MAPPING
							       ? ynode_get(environment, "evidence")
							       : NULL;
			if (!evidence)
				continue;
			if (evidence->kind != YNODE_SEQUENCE)
				add_evidence_folder(&folders, source, evidence);
			for (size_t k = 0; evidence->kind == YNODE_SEQUENCE && k < evidence->count;
			     k++)
				add_evidence_folder(&folders, source, evidence->items[k]);
		}
	}
	for (size_t i = 0; i < list->count; i++) {
		struct source *source = &list->items[i];
		for (size_t at = 0; source->walked && source->real && at < folders.len;
		     at += strlen(folders.buf + at) + 1)
			source->skipped |= inside(source->real, folders.buf + at);
	}
	strbuf_release(&folders);
}

static const struct ynode *first_organization_key(const struct ynode *root)
{
	if (!root || root->kind != YNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < root->count; i++)
		for (size_t k = 0; k < COUNT(organization_keys); k++)
			if (!strcmp(root->keys[i]->value, organization_keys[k]))
				return root->keys[i];
	return NULL;
}

static void use_source(struct loader *loader, const struct source *source)
{
	loader->reader.file = source->path;
	loader->base_dir = source->base_dir;
}

/* The organization-level keys of the one file that has them. */
static void load_header(struct loader *loader, const struct ynode *root)
{
	static const char *const assessment_keys[] = {"title", "date", "assessor", "logo"};
	struct inventory *inventory = loader->inventory;
	const struct ynode *version = ynode_get(root, "srgap");
	if (!version)
		yreader_error(R(loader), root, "missing-key",
			      "the inventory needs 'srgap: 1' (the format version)");
	inventory->organization =
		yreader_string(R(loader), root, "organization", true, "the inventory");

	const struct ynode *assessment = ynode_get(root, "assessment");
	if (assessment &&
	    yreader_expect(R(loader), assessment, YNODE_MAPPING, "'assessment'") == 0) {
		yreader_check_keys(R(loader), assessment, assessment_keys, COUNT(assessment_keys),
				   "'assessment'");
		inventory->title =
			yreader_string(R(loader), assessment, "title", false, "'assessment'");
		inventory->assessor =
			yreader_string(R(loader), assessment, "assessor", false, "'assessment'");
		inventory->logo =
			yreader_string(R(loader), assessment, "logo", false, "'assessment'");
		if (inventory->logo && inventory->logo[0] != '/')
			inventory->logo = arena_printf(&inventory->arena, "%s/%s", loader->base_dir,
						       inventory->logo);
		read_date(loader, assessment, "date", "'assessment'", false, &inventory->date,
			  &inventory->date_day);
	}

	const struct ynode *registries = ynode_get(root, "trusted_registries");
	if (registries && !ynode_is_null(registries) &&
	    yreader_expect(R(loader), registries, YNODE_SEQUENCE, "'trusted_registries'") == 0) {
		inventory->trusted_registries =
			arena_alloc_array(&inventory->arena, registries->count,
					  sizeof(*inventory->trusted_registries));
		for (size_t i = 0; i < registries->count; i++)
			if (yreader_expect(R(loader), registries->items[i], YNODE_SCALAR,
					   "a trusted registry") == 0)
				inventory->trusted_registries[inventory->trusted_registry_count++] =
					registries->items[i]->value;
	}

	load_policy(loader, ynode_get(root, "policy"));
}

/* `key` of a file's root when it is a sequence, else NULL (after reporting a wrong type). */
static const struct ynode *root_sequence(struct loader *loader, const struct ynode *root,
					 const char *key, const char *what)
{
	const struct ynode *node = ynode_get(root, key);
	if (!node || ynode_is_null(node) || yreader_expect(R(loader), node, YNODE_SEQUENCE, what))
		return NULL;
	return node;
}

/*
 * Picks the organization file: the only file, or the one file with
 * organization-level keys. Reports a missing or second one. Returns its
 * index in `sources` or -1.
 */
static long find_header(struct loader *loader, struct source *const *sources, size_t count,
			struct diag_list *diags)
{
	if (count == 1)
		return 0;
	long header = -1;
	for (size_t i = 0; i < count; i++) {
		const struct ynode *key = first_organization_key(sources[i]->root);
		if (!key)
			continue;
		if (header < 0) {
			header = (long)i;
			continue;
		}
		const struct ynode *first = first_organization_key(sources[header]->root);
		use_source(loader, sources[i]);
		yreader_error(R(loader), key, "duplicate-organization",
			      "'%s' in a second file: organization, assessment, "
			      "trusted_registries and policy belong in one file, and %s:%d:%d "
			      "already has them",
			      key->value, sources[header]->path, first->line, first->column);
	}
	if (header < 0)
		diag_error(diags, loader->inventory->path, 0, 0, "inventory.missing-organization",
			   "none of the inventory's %zu files has 'organization'; one file holds "
			   "srgap, organization, assessment, trusted_registries and policy, the "
			   "others environments and exceptions",
			   count);
	return header;
}

static void load_sources(struct loader *loader, struct source *const *sources, size_t count,
			 struct diag_list *diags)
{
	static const char *const keys[] = {
		"srgap",  "organization", "assessment", "trusted_registries",
		"policy", "environments", "exceptions"};
	struct inventory *inventory = loader->inventory;
	long header = find_header(loader, sources, count, diags);
	size_t environment_total = 0, exception_total = 0;
	bool listed = false; /* some file has an `environments:` list */
	for (size_t i = 0; i < count; i++) {
		const struct ynode *root = sources[i]->root;
		use_source(loader, sources[i]);
		if (yreader_expect(R(loader), root, YNODE_MAPPING,
				   count == 1 ? "an inventory" : "an inventory file") < 0)
			continue;
		yreader_check_keys(R(loader), root, keys, COUNT(keys),
				   count == 1 ? "the inventory" : "an inventory file");
		const struct ynode *version = ynode_get(root, "srgap");
		if (version && (version->kind != YNODE_SCALAR || strcmp(version->value, "1")))
			yreader_error(R(loader), version, "bad-version",
				      "inventory format '%s' is not supported; this srgap reads "
				      "'srgap: 1'",
				      version->kind == YNODE_SCALAR ? version->value : "?");
		if ((long)i == header)
			load_header(loader, root);
		const struct ynode *environments =
			root_sequence(loader, root, "environments", "'environments'");
		if (environments && environments->count == 0)
			yreader_error(R(loader), environments, "missing-key",
				      "'environments' is empty; list at least one");
		const struct ynode *written = ynode_get(root, "environments");
		listed |= written && !ynode_is_null(written);
		environment_total += environments ? environments->count : 0;
		const struct ynode *exceptions = ynode_get(root, "exceptions");
		if (exceptions && exceptions->kind == YNODE_SEQUENCE)
			exception_total += exceptions->count;
	}
	if (!listed && count == 1 && sources[0]->root->kind == YNODE_MAPPING)
		yreader_error(R(loader), sources[0]->root, "missing-key",
			      "the inventory needs 'environments' (at least one)");
	else if (!listed && count > 1)
		diag_error(diags, inventory->path, 0, 0, "inventory.missing-key",
			   "none of the inventory's %zu files lists 'environments'; list at "
			   "least one",
			   count);

	inventory->environments = arena_alloc_array(&inventory->arena, environment_total + 1,
						    sizeof(*inventory->environments));
	for (size_t i = 0; i < count; i++) {
		use_source(loader, sources[i]);
		if (sources[i]->root->kind != YNODE_MAPPING)
			continue;
		const struct ynode *environments = ynode_get(sources[i]->root, "environments");
		for (size_t e = 0; environments && environments->kind == YNODE_SEQUENCE &&
				   e < environments->count;
		     e++)
			load_environment(loader, environments->items[e]);
	}
	check_unique_names(loader);

	inventory->exceptions = arena_alloc_array(&inventory->arena, exception_total + 1,
						  sizeof(*inventory->exceptions));
	for (size_t i = 0; i < count; i++) {
		use_source(loader, sources[i]);
		if (sources[i]->root->kind != YNODE_MAPPING)
			continue;
		const struct ynode *exceptions =
			root_sequence(loader, sources[i]->root, "exceptions", "'exceptions'");
		for (size_t e = 0; exceptions && e < exceptions->count; e++)
			load_exception(loader, exceptions->items[e]);
	}
	if (header >= 0)
		use_source(loader, sources[header]);
}

int inventory_load_paths(struct inventory *inventory, const char *const *paths, size_t count,
			 const struct models *models, struct diag_list *diags)
{
	memset(inventory, 0, sizeof(*inventory));
	arena_init(&inventory->arena);
	inventory->path = arena_strdup(&inventory->arena, count ? paths[0] : "inventory");
	inventory->scan_max_age_days = SCAN_COVERAGE_DEFAULT_MAX_AGE_DAYS;
	inventory->vulnerability_fixable_only = true;
	struct loader loader = {
		.inventory = inventory,
		.models = models,
		.reader = {.file = inventory->path, .code_prefix = "inventory", .diags = diags},
		.base_dir = ".",
	};
	size_t errors_before = diag_error_count(diags);

	struct source_list list = {.inventory = inventory};
	collect_sources(&list, paths, count, diags);
	for (size_t i = 0; i < list.count; i++) {
		struct source *source = &list.items[i];
		source->root =
			yaml_tree_load_file_digest(&inventory->arena, source->path, "inventory",
						   &source->diags, source->digest);
	}
	skip_evidence_files(&list);
	struct source **kept = xcalloc(list.count + 1, sizeof(*kept));
	size_t kept_count = 0;
	bool unparsed = false;
	for (size_t i = 0; i < list.count; i++) {
		struct source *source = &list.items[i];
		if (source->skipped) {
			diag_list_release(&source->diags);
			continue;
		}
		diag_list_take(diags, &source->diags);
		if (source->root)
			kept[kept_count++] = source;
		unparsed |= !source->root;
	}
	/* The content hash covers every file read, in order, so shards can tell they agree. */
	struct sha256 hash;
	sha256_init(&hash);
	inventory->files =
		arena_alloc_array(&inventory->arena, kept_count + 1, sizeof(*inventory->files));
	for (size_t i = 0; i < kept_count; i++) {
		sha256_update(&hash, kept[i]->digest, SHA256_DIGEST_SIZE);
		inventory->files[inventory->file_count++] = kept[i]->path;
	}
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_final(&hash, digest);
	sha256_text(digest, inventory->content_hash);

	/*
	 * A file that does not parse may hold the organization or environments
	 * the others refer to: checking them without it would only add noise.
	 */
	if (kept_count && !unparsed)
		load_sources(&loader, kept, kept_count, diags);
	if (!inventory->date) {
		char buffer[16];
		inventory->date_day = date_today();
		date_format(inventory->date_day, buffer, sizeof(buffer));
		inventory->date = arena_strdup(&inventory->arena, buffer);
	}
	if (!inventory->title)
		inventory->title = "Container security shared-responsibility assessment";

	for (size_t i = 0; i < list.count; i++)
		free(list.items[i].real);
	free(list.items);
	free(kept);
	free(loader.by_name);
	return diag_error_count(diags) > errors_before ? -1 : 0;
}

int inventory_load(struct inventory *inventory, const char *path, const struct models *models,
		   struct diag_list *diags)
{
	return inventory_load_paths(inventory, &path, 1, models, diags);
}

unsigned inventory_shard_of(const char *name, unsigned count)
{
	struct sha256 hash;
	unsigned char digest[SHA256_DIGEST_SIZE];
	sha256_init(&hash);
	sha256_update(&hash, name, strlen(name));
	sha256_final(&hash, digest);
	uint64_t value = 0;
	for (size_t i = 0; i < 8; i++)
		value = value << 8 | digest[i];
	return (unsigned)(value % count) + 1;
}

void inventory_release(struct inventory *inventory)
{
	arena_release(&inventory->arena);
	memset(inventory, 0, sizeof(*inventory));
}

const struct environment *inventory_find_environment(const struct inventory *inventory,
						     const char *name)
{
	for (size_t i = 0; i < inventory->environment_count; i++)
		if (inventory->environments[i].name &&
		    !strcmp(inventory->environments[i].name, name))
			return &inventory->environments[i];
	return NULL;
}
