/*
 * Output of `srgap vulns`: the ranked fix plan of core/vulns.h as a terminal
 * table, JSON ("srgap": "vulns/1", docs/vulnerabilities.md), CSV (one row
 * per action) or Markdown. The table and Markdown show the first `top`
 * actions; JSON and CSV list every action. Output is a function of the
 * plan only, so it is byte-identical for the same reports.
 */
#ifndef SRGAP_RENDER_VULNS_H
#define SRGAP_RENDER_VULNS_H

#include <stddef.h>
#include <stdio.h>

struct scan_coverage;
struct vulns_plan;

enum vulns_format {
	VULNS_FORMAT_CSV,
	VULNS_FORMAT_JSON,
	VULNS_FORMAT_MD,
	VULNS_FORMAT_TABLE,
};
#define VULNS_FORMAT_COUNT 4
extern const char *const vulns_format_names[VULNS_FORMAT_COUNT]; /* "csv", "json", "md", "table" */

struct vulns_render_options {
	const char *environment; /* --env, or NULL */
	/* Files read but not used, as given: neither Trivy nor Grype, or unreadable/malformed. */
	const char *const *unrecognized;
	size_t unrecognized_count;
	const char *const *failed;
	size_t failed_count;
	/* Scans by life-cycle stage, or NULL to leave that part out. */
	const struct scan_coverage *coverage;
};

/* Returns 0, or -1 when writing failed (errno set by stdio). */
int vulns_render(FILE *out, enum vulns_format format, const struct vulns_plan *plan,
		 const struct vulns_render_options *options);

#endif
