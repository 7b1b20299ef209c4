/*
 * OSCAL 1.1.2 exports (docs/oscal.md): srgap's control catalog, the service
 * models as a component definition, and an assessment as assessment results
 * and a plan of action and milestones. The catalog and the component
 * definition are written from the loaded models; the assessment results and
 * the POA&M are report formats (render/report.h), written from the saved
 * assessment document like every other report.
 *
 * What the four share is here: identifiers (name-based UUIDs, control ids
 * as OSCAL tokens), srgap's property namespace, dates, and the rules every
 * OSCAL JSON value must follow (no empty arrays, single-line property
 * values).
 */
#ifndef SRGAP_RENDER_OSCAL_H
#define SRGAP_RENDER_OSCAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/strbuf.h"
#include "util/uuid.h"

struct models;
struct provider;

#define OSCAL_VERSION "1.1.2"
/* The namespace of srgap's own props (`ns`); standard OSCAL props have none. */
#define OSCAL_SRGAP_NAMESPACE "urn:srgap:oscal"
/* Control, group and area ids become OSCAL tokens with this prefix: 4.1.1a -> sp800-190-4.1.1a. */
#define OSCAL_CONTROL_PREFIX "sp800-190-"
/* The catalog's conventional file name, which the component definition points to. */
#define OSCAL_CATALOG_FILE "srgap-sp800-190-catalog.json"

/* Writes srgap's control catalog as an OSCAL catalog. Returns 0, or -1 on a write error. */
int oscal_write_catalog(FILE *out, const struct models *models);
/*
 * Writes every service model (or only those of `provider`, when not NULL)
 * as one OSCAL component definition. Returns 0, or -1 on a write error.
 */
int oscal_write_component_definition(FILE *out, const struct models *models,
				     const struct provider *provider);

/* ------------------------------------------------------- shared by the four */

/*
 * The UUID (version 5, srgap's namespace) of an item named by `kind` and the
 * NULL-terminated strings after it, e.g. ("finding", organization,
 * environment, control, NULL). Each part is hashed with a NUL after it, so
 * ("a b", "c") and ("a", "b c") differ.
 */
void oscal_uuid(char text[UUID_TEXT_SIZE], const char *kind, ...) __attribute__((sentinel));
/* The same as a new JSON string. */
json_t *oscal_uuid_json(const char *kind, ...) __attribute__((sentinel));

/* The OSCAL token of a srgap control, group or area id ("4.1.1a" -> "sp800-190-4.1.1a"). */
json_t *oscal_control_id(const char *srgap_id);
/* The id of a part of a control or group: ("4.1.1a", "_smt") -> "sp800-190-4.1.1a_smt". */
json_t *oscal_part_id(const char *srgap_id, const char *suffix);
/* The id of a control's statement part, which findings target. */
#define OSCAL_STATEMENT_SUFFIX "_smt"

/*
 * Appends a property to the array `props`: a standard OSCAL one (ns NULL)
 * or srgap's (OSCAL_SRGAP_NAMESPACE). The value is made a single line with
 * no leading or trailing space, as OSCAL requires; an empty value adds
 * nothing.
 */
void oscal_add_prop(json_t *props, const char *ns, const char *name, const char *value);
/* srgap's property in its namespace, the case of nearly every property srgap writes. */
void oscal_add_srgap_prop(json_t *props, const char *name, const char *value);
void oscal_add_srgap_integer_prop(json_t *props, const char *name, long long value);

/* Sets object[key] = array when it has items (OSCAL arrays have at least one); else drops it. */
void oscal_set_array(json_t *object, const char *key, json_t *array);
/* "2026-11-15" -> "2026-11-15T00:00:00Z", `add_days` later; NULL for a malformed date. */
json_t *oscal_datetime(const char *date, long add_days);
/* A single-line string: runs of white space become one space, ends trimmed. */
json_t *oscal_line(const char *text);

/*
 * The back-matter resource that stands for srgap's catalog (uuid named by
 * the catalog id), the `source` of every control reference; its rlink is
 * OSCAL_CATALOG_FILE.
 */
json_t *oscal_catalog_resource(const char *catalog_id, const char *title, const char *reviewed);
/* The "#uuid" of that resource. */
json_t *oscal_catalog_source(const char *catalog_id);

/* Writes {"ROOT": document} (reference stolen), indented, ending in a newline. */
int oscal_write_document(FILE *out, const char *root, json_t *document);

/*
 * A document written piece by piece, for documents that grow with the
 * estate: objects and arrays are opened and closed here, their members
 * and items are jansson values dumped one at a time and freed. The bytes
 * are exactly those oscal_write_document would write for the whole tree.
 * A container opened here must get at least one member or item (OSCAL
 * arrays are never empty).
 */
#define OSCAL_WRITER_DEPTH 16
struct oscal_writer {
	FILE *out;
	int depth;			    /* open containers */
	bool has_items[OSCAL_WRITER_DEPTH]; /* a member or item written at that depth */
	bool failed;
	struct strbuf buffer; /* written out in pieces */
};
void oscal_writer_init(struct oscal_writer *writer, FILE *out);
/* Opens an object or array: a member of the enclosing object (`key`), else an item. */
void oscal_writer_open(struct oscal_writer *writer, const char *key, char bracket);
void oscal_writer_close(struct oscal_writer *writer, char bracket);
/* Writes `value` (reference stolen) as a member (`key`) or an item (key NULL). */
void oscal_writer_put(struct oscal_writer *writer, const char *key, json_t *value);
/* Ends the document with a newline and frees the buffer; returns 0, or -1 if any write failed. */
int oscal_writer_finish(struct oscal_writer *writer);

#endif
