/*
 * An organization's inventory: its environments, the service model each runs
 * on, and what controls it claims. Loading validates everything against the
 * catalog and provider models and reports every problem, not just the first.
 */
#ifndef SRGAP_CORE_INVENTORY_H
#define SRGAP_CORE_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/sha256.h"

struct diag_list;
struct models;
struct provider;
struct service;
struct capability;

enum claim_status {
	CLAIM_IMPLEMENTED,
	CLAIM_PARTIAL,
	CLAIM_PLANNED,
	CLAIM_NOT_IMPLEMENTED,
	CLAIM_NOT_APPLICABLE,
};
#define CLAIM_STATUS_COUNT 5
extern const char *const claim_status_names[CLAIM_STATUS_COUNT];

enum criticality { CRITICALITY_LOW, CRITICALITY_MEDIUM, CRITICALITY_HIGH, CRITICALITY_CRITICAL };
#define CRITICALITY_COUNT 4
extern const char *const criticality_names[CRITICALITY_COUNT];

struct claim {
	enum claim_status status;
	const char *key;		     /* as written: "4.1.1" or "4.1.1a" */
	const char *by;			     /* free text or a capability id */
	const struct capability *capability; /* when `by` names one */
	const char *reason;
	const char *due; /* YYYY-MM-DD */
	const char *note;
	int line;
	int column;
};

struct exception {
	const char *environment;
	const char *control; /* as written: control or group id */
	const char *reason;
	const char *owner;
	const char *expires;	  /* YYYY-MM-DD */
	long expires_day;	  /* days since 1970-01-01 */
	size_t environment_index; /* inventory->environments[...] it applies to */
	const char *file;	  /* the inventory file it is written in */
	int line;
	int column;
};

/*
 * Where live mode (`srgap probe --live`, `srgap assess --live`) finds the
 * environment's resources: the `live:` block. Every value has been checked
 * against a strict character set before it can reach a command's argv.
 */
struct environment_live {
	const char *region;	    /* AWS region: eu-west-1 */
	const char *cluster;	    /* EKS, AKS or GKE cluster name */
	const char *resource_group; /* Azure resource group */
	const char *project;	    /* Google Cloud project id */
	const char *location;	    /* Google Cloud region or zone: europe-west1(-b) */
	const char *context;	    /* kubectl context */
	int line;
	int column;
};

/* One evidence folder (or file) of an environment. */
struct evidence_source {
	const char *path;    /* resolved against the inventory's directory */
	const char *written; /* as the inventory wrote it: what reports show */
	int stage;	     /* enum scan_stage the evidence was declared for, or SCAN_STAGE_NONE */
};

struct environment {
	size_t index;
	const char *name;
	const char *description;
	const struct provider *provider;
	const struct service *service;	/* compute service */
	const struct service *registry; /* registry service */
	enum criticality criticality;
	bool internet_facing;
	const char *owner;
	const struct evidence_source *evidence; /* `evidence:` in the order written */
	size_t evidence_count;
	const struct environment_live *live; /* `live:`, or NULL */
	/* Indexed by control; the effective claim (control beats group beats area), or NULL. */
	const struct claim **claims;
	/* Indexed by control; NULL when the environment has no exceptions at all. */
	const struct exception **exceptions;
	const char *file; /* the inventory file it is written in */
	int line;
	int column;
};

struct inventory {
	struct arena arena; /* owns everything below */
	const char *path;   /* as the user named it: the file or folder (the first of several) */
	const char **files; /* the files read, in load order; one holds the organization keys */
	size_t file_count;
	char content_hash[SHA256_TEXT_SIZE]; /* of the files' bytes, in load order */
	const char *organization;
	const char *title;
	const char *date; /* YYYY-MM-DD: the assessment date */
	long date_day;
	const char *assessor;
	const char *logo;
	const char **trusted_registries;
	size_t trusted_registry_count;
	struct environment *environments;
	size_t environment_count;
	struct exception *exceptions;
	size_t exception_count;
	/* `policy:` (defaults when absent). */
	unsigned scan_max_age_days;	   /* newest scan of a stage may be this old */
	const char *vulnerability_fail_on; /* lowest failing severity, or NULL: critical */
	bool vulnerability_fixable_only;   /* count only findings with a fix (default true) */
};

/*
 * Loads and validates an inventory written in one or more files: each of
 * `paths` is a file or a folder (every *.yaml and *.yml file in it,
 * recursively, in byte order of their paths; hidden entries and files inside
 * an environment's evidence folder skipped). Exactly one file carries the
 * organization keys (organization, assessment, trusted_registries, policy);
 * the others add environments and exceptions, and an exception may name an
 * environment of any file. Environments keep the order of the files, then
 * the order written. On error returns -1 with every problem in `diags`; the
 * inventory must still be released.
 */
int inventory_load_paths(struct inventory *inventory, const char *const *paths, size_t count,
			 const struct models *models, struct diag_list *diags);
/* The same for one path, a file or a folder. */
int inventory_load(struct inventory *inventory, const char *path, const struct models *models,
		   struct diag_list *diags);
void inventory_release(struct inventory *inventory);
/*
 * The shard (1 .. count) an environment belongs to in a run split in
 * `count`: the first 8 bytes of SHA-256 of its name, big-endian, modulo
 * count, plus 1. It depends on the name alone, so adding or removing an
 * environment moves no other between shards.
 */
unsigned inventory_shard_of(const char *name, unsigned count);
const struct environment *inventory_find_environment(const struct inventory *inventory,
						     const char *name);

#endif
