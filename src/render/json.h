/*
 * The assessment JSON (docs/json-schema.md) as pieces that `srgap assess`
 * (render/json.c) and `srgap merge` (render/merge.c) both write, so a merged
 * assessment has exactly the bytes of one run over the whole inventory.
 */
#ifndef SRGAP_RENDER_JSON_H
#define SRGAP_RENDER_JSON_H

#include <jansson.h>
#include <stddef.h>

struct roadmap;
struct strbuf;
struct summary;
struct vulns_estate;
struct vulns_plan;

/* The "srgap" value of an assessment and of one shard's part of it. */
#define RENDER_JSON_ASSESSMENT "assessment/2"
#define RENDER_JSON_PART       "assessment-part/2"

/*
 * Appends the document's opening: srgap (`kind`), generator, organization,
 * assessment, evidence_sample, models, `shard` when not NULL, and the
 * opening of the environments array. Takes over the references.
 */
void render_json_head(struct strbuf *buffer, const char *kind, json_t *organization,
		      json_t *assessment, json_t *evidence_sample, json_t *models, json_t *shard);
/* Separates and indents one environment object of the array; the first one when `first`. */
void render_json_environment_start(struct strbuf *buffer, int first);
/*
 * Appends the closing of the environments array (`environments` written)
 * and exceptions (taken over), roadmap, vulnerabilities (NULL: null) and
 * summary. Returns 0, or -1 when the plan cannot be rendered.
 */
int render_json_tail(struct strbuf *buffer, size_t environments, json_t *exceptions,
		     const struct roadmap *roadmap, const struct vulns_plan *vulns,
		     const struct summary *total);
/*
 * "models" without "services": the catalog and providers with their review
 * dates (and whether they are stale on `date_day`, the assessment date),
 * which every part of a sharded run must share.
 */
struct models;
json_t *render_json_models(const struct models *models, long date_day);
/* Fix actions the table and the reports show; the JSON lists every action. */
#define RENDER_JSON_VULNS_TOP 10
/* A summary object, as every environment and the estate carry it. */
json_t *render_json_summary(const struct summary *summary);

/*
 * A part's record of an environment, the last member of its object
 * (RENDER_JSON_PARTIAL_KEY): what merge needs from it, so merge never
 * decodes the environment itself.
 */
#define RENDER_JSON_PARTIAL_KEY	    ",\n      \"partial\": "
#define RENDER_JSON_ENVIRONMENT_END "\n    }"

/* A shard's vulnerability estate as JSON (render/merge.c reads it back). */
json_t *render_vulns_estate_json(const struct vulns_estate *estate);

#endif
