/*
 * The mapping table of audit tools' check ids to catalog controls
 * (models/tool-mappings.yaml), used by the `tools` probe family to turn
 * kube-bench, docker-bench-security and Lynis results into probe results.
 * Loading checks every control id against the catalog, so a typo is found
 * when srgap starts, not when a report happens to contain that check.
 */
#ifndef SRGAP_PROBE_TOOLS_H
#define SRGAP_PROBE_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

struct catalog;
struct diag_list;

enum tool_kind {
	TOOL_KUBE_BENCH,
	TOOL_DOCKER_BENCH,
	TOOL_LYNIS,
	TOOL_TRIVY,
	TOOL_KUBESCAPE,
	TOOL_POLARIS,
};
#define TOOL_COUNT 6
/* "kube-bench", "docker-bench-security", "lynis", "trivy", "kubescape", "polaris": the keys
 * under `tools:`. */
extern const char *const tool_names[TOOL_COUNT];

struct tool_check {
	const char *id;		     /* "1.2.1", or a prefix pattern "2.*" as written */
	bool pattern;		     /* ends in '*': matches every id starting with the rest */
	size_t prefix_length;	     /* a pattern: characters before the '*' */
	const char *const *controls; /* NULL-terminated catalog control ids */
};

struct tool_table {
	const char *title;
	const char **versions; /* shell globs matched against the report's version */
	size_t version_count;
	struct tool_check *checks;
	size_t check_count;
};

struct tool_mappings {
	struct arena arena; /* owns everything below */
	const char *path;
	const char *reviewed;
	struct tool_table *tables[TOOL_COUNT];
	size_t table_count[TOOL_COUNT];
};

/* Default file, relative to the data directory. */
#define TOOL_MAPPINGS_FILE "models/tool-mappings.yaml"

/*
 * Loads and validates `path` against `catalog`. On error returns -1 with
 * every problem in `diags` (codes tool-mappings.*); release it either way.
 */
int tool_mappings_load(struct tool_mappings *mappings, const char *path,
		       const struct catalog *catalog, struct diag_list *diags);
/* Loads DATA_DIR/models/tool-mappings.yaml (TOOL_MAPPINGS_FILE). */
int tool_mappings_load_default(struct tool_mappings *mappings, const char *data_dir,
			       const struct catalog *catalog, struct diag_list *diags);
void tool_mappings_release(struct tool_mappings *mappings);

/* True if some table of `tool` applies to report version `version`. */
bool tool_mappings_covers(const struct tool_mappings *mappings, enum tool_kind tool,
			  const char *version);
/*
 * The controls check `id` gives evidence for, or NULL if no table that
 * applies to `version` lists it. Exact ids beat prefixes, longer prefixes
 * beat shorter ones, and the first table with a match decides.
 */
const char *const *tool_mappings_find(const struct tool_mappings *mappings, enum tool_kind tool,
				      const char *version, const char *id);

#endif
