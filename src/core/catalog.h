/*
 * The NIST SP 800-190 control catalog (models/nist-sp800-190.yaml): six
 * areas, 24 countermeasure groups, and the controls they split into. Loaded
 * once; everything after loading refers to controls by index, never by a
 * string search.
 */
#ifndef SRGAP_CORE_CATALOG_H
#define SRGAP_CORE_CATALOG_H

#include <stddef.h>

#include "util/arena.h"

struct diag_list;

enum area {
	AREA_IMAGE,
	AREA_REGISTRY,
	AREA_ORCHESTRATOR,
	AREA_CONTAINER,
	AREA_HOST,
	AREA_HARDWARE
};
#define AREA_COUNT 6

enum phase { PHASE_BUILD, PHASE_SHIP, PHASE_DEPLOY, PHASE_RUN, PHASE_HOST };
#define PHASE_COUNT 5

/* Ordered: a larger value is more severe. */
enum severity { SEVERITY_LOW, SEVERITY_MEDIUM, SEVERITY_HIGH, SEVERITY_CRITICAL };
#define SEVERITY_COUNT 4

enum effort { EFFORT_S, EFFORT_M, EFFORT_L };
#define EFFORT_COUNT 3

extern const char *const area_names[AREA_COUNT];   /* "image", "registry", ... */
extern const char *const phase_names[PHASE_COUNT]; /* "build", ... */
extern const char *const severity_names[SEVERITY_COUNT];
extern const char *const effort_names[EFFORT_COUNT]; /* "S", "M", "L" */

struct catalog_area {
	const char *id;	   /* "4.1" */
	const char *title; /* "Image countermeasures" */
	const char *risk;  /* "3.1", or NULL for hardware */
};

struct catalog_group {
	size_t index;
	const char *id;	   /* "4.1.1" */
	const char *title; /* exact SP 800-190 title */
	const char *risk;  /* "3.1.1", or NULL (4.6) */
	const char *risk_summary;
	enum area area;
	size_t first_control; /* controls[first_control .. +control_count) */
	size_t control_count;
};

struct catalog_control {
	size_t index;
	const char *id; /* "4.1.1a" */
	const char *title;
	const char *description;
	const char *remediation;
	enum phase phase;
	enum severity severity;
	enum effort effort;
	enum area area;
	const struct catalog_group *group;
	/* Controls that must be in place first (`requires:`), as written; never a cycle. */
	const struct catalog_control **requires;
	size_t require_count;
};

struct catalog {
	struct arena arena; /* owns every string and array below */
	const char *path;
	const char *id;
	const char *title;
	const char *version;
	const char *reviewed;
	const char **sources;
	size_t source_count;
	struct catalog_area areas[AREA_COUNT];
	struct catalog_group *groups;
	size_t group_count;
	struct catalog_control *controls;
	size_t control_count;
};

/*
 * What a key such as "4.1.1a", "4.1.1" or "4.1" selects: controls
 * [first, first + count).
 */
struct catalog_selection {
	size_t first;
	size_t count;
};

int catalog_load(struct catalog *catalog, const char *path, struct diag_list *diags);
void catalog_release(struct catalog *catalog);

const struct catalog_control *catalog_find_control(const struct catalog *catalog, const char *id);
const struct catalog_group *catalog_find_group(const struct catalog *catalog, const char *id);
/* Resolves a control, group or area id. Returns 0, or -1 if the key names nothing. */
int catalog_select(const struct catalog *catalog, const char *key,
		   struct catalog_selection *selection);
/* The closest control, group or area id to a mistyped key, or NULL. */
const char *catalog_suggest(const struct catalog *catalog, const char *key);

#endif
