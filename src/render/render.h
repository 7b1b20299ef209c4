/*
 * Output formats. Every format reads the same neutral model (models,
 * inventory, cells, summaries) and writes to a stream; none of them decides
 * anything about gaps.
 *
 * Adding a format:
 *   1. write src/render/NAME.c defining `const struct renderer render_NAME`;
 *   2. declare it at the bottom of this header;
 *   3. add one line to the table in src/render/registry.c (kept sorted);
 *   4. add the file to src/render/meson.build and a golden test under tests/golden/.
 */
#ifndef SRGAP_RENDER_RENDER_H
#define SRGAP_RENDER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/engine.h"

struct models;
struct inventory;
struct roadmap;
struct environment;
struct vulns_estate;
struct vulns_plan;
struct probe_summaries;

struct render_context {
	FILE *out;
	const struct models *models;
	const struct inventory *inventory;
	bool color; /* ANSI colour allowed (table only) */
	int width;  /* terminal columns (table only) */
	/* The finished remediation roadmap; set before `end` is called (NULL: none). */
	const struct roadmap *roadmap;
	/* The ranked fix plan of every scanner report in the evidence; NULL when there is none. */
	const struct vulns_plan *vulns;
	/*
	 * The environments this run assesses, in order: NULL for all of the
	 * inventory's, or a shard's (environment_count of them).
	 */
	const struct environment *const *environments;
	size_t environment_count;
	/* --shard: write a partial assessment for srgap merge (JSON only); NULL otherwise. */
	const struct render_shard *shard;
	/* Failing or erroring subjects kept per probe and cell (probe_summaries). */
	size_t evidence_sample;
	/* The probe summaries of the environment being rendered, or NULL: none. */
	const struct probe_summaries *evidence;
	void *state; /* owned by the renderer between begin and cleanup */
};

/* One shard of a sharded run (docs/scale-out.md). */
struct render_shard {
	unsigned index; /* 1-based */
	unsigned count;
	/* The scanner reports and workloads of the shard's environments, for the merged fix plan.
	 */
	const struct vulns_estate *vulns;
};

struct renderer {
	const char *name;
	const char *description;
	/* Each returns 0 or -1 (write error, reported by the caller from errno). */
	int (*begin)(struct render_context *context);
	int (*environment)(struct render_context *context, const struct environment *environment,
			   const struct cell *cells, const struct summary *summary);
	int (*end)(struct render_context *context, const struct summary *total);
	/* Frees context->state; may be NULL when a format keeps no state. */
	void (*cleanup)(struct render_context *context);
};

const struct renderer *render_find(const char *name);
/* The registered formats, sorted by name; NULL-terminated. */
extern const struct renderer *const render_formats[];

/* Helpers shared by formats. */
const char *render_service_path(const struct service *service, char *buffer, size_t size);
struct json_t;
/*
 * A service model's `availability:` as JSON (status, since, source,
 * migrate_to as service paths, note), or NULL when it is open to everyone.
 */
struct json_t *render_availability_json(const struct service *service);
/*
 * One CSV field (RFC 4180) and the comma or CRLF after it; text that a
 * spreadsheet would evaluate (=, +, -, @) is prefixed with a quote.
 */
void render_csv_field(FILE *out, const char *text, bool last);
struct strbuf;
/*
 * A JSON string, as jansson writes it; bytes that are not well-formed UTF-8
 * become U+FFFD, so the output always parses.
 */
void render_json_string(struct strbuf *buffer, const char *text);
/*
 * One probe result as compact JSON (JSON Lines): "environment" first when
 * not NULL, then probe, title, result, subject, detail, location, controls.
 */
void render_probe_result_compact(struct strbuf *buffer, const char *environment,
				 const struct probe_result *result);
/* The same as one line of `out`. Returns 0, or -1 on a write error. */
int render_probe_result_line(FILE *out, const char *environment, const struct probe_result *result);
/* "file#pointer", "file" (no pointer) or null (no file), as a JSON value. */
void render_json_location(struct strbuf *buffer, const char *file, const char *pointer);
/* "82.5" from tenths of a percent. */
void render_percent(unsigned permille, char *buffer, size_t size);

extern const struct renderer render_csv;
extern const struct renderer render_json;
extern const struct renderer render_table;

#endif
