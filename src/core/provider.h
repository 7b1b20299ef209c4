/*
 * Provider capability models (one YAML file per provider): for each service model and
 * each control, who is responsible and which native capabilities help the
 * customer. After loading, a service answers "who owns control i" with one
 * array lookup (service->entries[i]).
 */
#ifndef SRGAP_CORE_PROVIDER_H
#define SRGAP_CORE_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"
#include "util/arena.h"

struct diag_list;

enum responsibility { RESPONSIBILITY_PROVIDER, RESPONSIBILITY_SHARED, RESPONSIBILITY_CUSTOMER };
#define RESPONSIBILITY_COUNT 3
extern const char *const responsibility_names[RESPONSIBILITY_COUNT];

enum capability_default { CAPABILITY_ON, CAPABILITY_OFF, CAPABILITY_OPT_IN };
#define CAPABILITY_DEFAULT_COUNT 3
extern const char *const capability_default_names[CAPABILITY_DEFAULT_COUNT];

enum cost { COST_FREE, COST_PAID };
#define COST_COUNT 2
extern const char *const cost_names[COST_COUNT];

enum service_kind { SERVICE_COMPUTE, SERVICE_REGISTRY };
extern const char *const service_kind_names[2];

struct provider;
struct strbuf;

/* A service model the provider no longer offers to everyone (`availability:`). */
enum availability_status { AVAILABILITY_CLOSED_TO_NEW_CUSTOMERS, AVAILABILITY_RETIRED };
#define AVAILABILITY_STATUS_COUNT 2
extern const char *const availability_status_names[AVAILABILITY_STATUS_COUNT];

struct service_availability {
	enum availability_status status;
	const char *since; /* YYYY-MM-DD */
	long since_day;
	const char *source; /* URL */
	/* The provider's suggested successors, services of the same provider and kind. */
	const struct service **migrate_to;
	size_t migrate_count;
	const char *note; /* what the provider recommends, in its words' sense; or NULL */
};

struct capability {
	size_t index; /* within its provider */
	const char *id;
	const char *name;
	const char *remediation;
	enum capability_default default_state;
	enum cost cost;
	enum effort effort;
	const char **probes;
	size_t probe_count;
	const char **sources; /* URLs, resolved from source ids */
	size_t source_count;
	const struct provider *provider;
};

/* One answer for (service, control), as written in the model. */
struct responsibility_entry {
	enum responsibility responsibility;
	const char *why;
	const struct capability **capabilities;
	size_t capability_count;
	const char *key; /* the key it was written under: "4.5", "4.5.3" or "4.5.3b" */
	int line;
};

struct service {
	const char *id;
	const char *name;
	enum service_kind kind;
	const struct provider *provider;
	const struct service *inherits;
	const char **sources; /* URLs */
	size_t source_count;
	/* Indexed by control; NULL for controls of the other kind (ship vs not). */
	const struct responsibility_entry **entries;
	/* Indexed by capability; the default on this service. */
	enum capability_default *capability_defaults;
	/* `availability:`, or NULL when the service is open to everyone. */
	const struct service_availability *availability;
};

struct provider_source {
	const char *id;
	const char *url;
};

/*
 * A dated support table from a provider model, e.g. `kubernetes_versions:`
 * (minor version -> the first day it is out of standard support). Core only
 * loads and looks it up; what a date means for a resource is the probes'.
 */
struct support_calendar_entry {
	const char *version; /* "1.33" */
	long ends;	     /* days since 1970-01-01: first day without standard support */
};

struct support_calendar {
	const char *reviewed; /* YYYY-MM-DD */
	long reviewed_day;
	const char **sources; /* URLs */
	size_t source_count;
	struct support_calendar_entry *entries; /* in file order */
	size_t count;
};

struct provider {
	struct arena arena; /* owns everything below */
	const char *path;
	const char *id; /* "aws" */
	const char *name;
	const char *reviewed; /* YYYY-MM-DD: when a person last checked the model */
	long reviewed_day;
	int reviewed_line, reviewed_column; /* of `reviewed:`, for diagnostics */
	struct provider_source *sources;
	size_t source_count;
	struct capability *capabilities;
	size_t capability_count;
	struct service *services;
	size_t service_count;
	/* `kubernetes_versions:`, or NULL when the model has none. */
	const struct support_calendar *kubernetes_versions;
};

/*
 * A model reviewed more than this many days before an assessment may no
 * longer match the provider's documentation: `assess` warns (model.stale)
 * and the reports say so.
 */
#define PROVIDER_STALE_DAYS 180

/* Was the model reviewed more than PROVIDER_STALE_DAYS before `day`? */
bool provider_is_stale(const struct provider *provider, long day);

/* Does a service of this kind answer for this control? */
bool service_covers(enum service_kind kind, const struct catalog_control *control);

int provider_load(struct provider *provider, const char *path, const struct catalog *catalog,
		  struct diag_list *diags);
void provider_release(struct provider *provider);
const struct service *provider_find_service(const struct provider *provider, const char *id);
const struct capability *provider_find_capability(const struct provider *provider, const char *id);
/*
 * One sentence on a service's availability as of `today` (days since 1970):
 * "aws/app-runner is closed to new customers since 2026-04-30; Amazon Web
 * Services suggests aws/ecs-fargate (NOTE)". Appends nothing when the
 * service has no availability note.
 */
void service_availability_describe(const struct service *service, long today, struct strbuf *text);
/* The entry for `version` ("1.33"), or NULL. `calendar` may be NULL. */
const struct support_calendar_entry *support_calendar_find(const struct support_calendar *calendar,
							   const char *version);

#endif
