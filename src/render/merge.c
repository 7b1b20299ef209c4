/*
 * Merging the parts of a sharded assessment. Each part is read through a
 * byte cursor: its header members are decoded, then its environments are
 * taken one at a time, in inventory order across all parts (each part is in
 * that order already), and copied verbatim up to the one-line record a part
 * appends to each environment (render/json.h). The record feeds the summary
 * and the roadmap; the parts' exceptions and vulnerability estates are read
 * after their environments. Nothing else of an environment is decoded.
 */
#include "render/merge.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/inventory.h"
#include "core/models.h"
#include "core/roadmap.h"
#include "core/vulns.h"
#include "io/json_cursor.h"
#include "io/json_prune.h"
#include "render/json.h"
#include "render/render.h"
#include "util/arena.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/version.h"
#include "util/xalloc.h"

static const char *const package_class_names[] = {"os", "app"};

/* ------------------------------------------------------------------ estates */

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

json_t *render_vulns_estate_json(const struct vulns_estate *estate)
{
	struct vulns_estate_counts counts;
	vulns_estate_get_counts(estate, &counts);
	json_t *images = json_array(), *findings = json_array();
	json_t *occurrences = json_array(), *workloads = json_array();
	for (size_t i = 0; i < vulns_estate_image_count(estate); i++) {
		struct vulns_estate_image image;
		vulns_estate_get_image(estate, i, &image);
		json_t *refs = json_array();
		for (size_t r = 0; r < image.ref_count; r++)
			json_array_append_new(refs, json_string(image.refs[r]));
		json_array_append_new(
			images,
			json_pack("{s:s,s:s,s:I,s:o,s:o,s:I,s:I,s:I,s:o}", "key", image.key, "name",
				  image.name, "name_origin", (json_int_t)image.name_origin,
				  "os_family", string_or_null(image.os_family), "os_version",
				  string_or_null(image.os_version), "os_origin",
				  (json_int_t)image.os_origin, "weight", (json_int_t)image.weight,
				  "reports", (json_int_t)image.reports, "refs", refs));
	}
	for (size_t i = 0; i < vulns_estate_finding_count(estate); i++) {
		struct vulns_estate_finding finding;
		vulns_estate_get_finding(estate, i, &finding);
		json_array_append_new(findings,
				      json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:I,s:I,s:I,s:I}",
						"id", finding.id, "package", finding.package,
						"installed", finding.installed, "type",
						finding.type ? finding.type : "", "lowest_above",
						string_or_null(finding.lowest_above), "highest",
						string_or_null(finding.highest), "severity",
						scan_severity_names[finding.severity], "class",
						package_class_names[finding.package_class],
						"origin", (json_int_t)finding.origin, "type_origin",
						(json_int_t)finding.type_origin, "lowest_origin",
						(json_int_t)finding.lowest_origin, "highest_origin",
						(json_int_t)finding.highest_origin));
	}
	for (size_t i = 0; i < vulns_estate_occurrence_count(estate); i++) {
		size_t finding, image;
		vulns_estate_get_occurrence(estate, i, &finding, &image);
		json_array_append_new(occurrences,
				      json_pack("[I,I]", (json_int_t)finding, (json_int_t)image));
	}
	for (size_t i = 0; i < vulns_estate_workload_count(estate); i++) {
		const char *ref;
		bool internet_facing;
		vulns_estate_get_workload(estate, i, &ref, &internet_facing);
		json_array_append_new(workloads, json_pack("[s,b]", ref, internet_facing));
	}
	return json_pack("{s:I,s:{s:I,s:I},s:I,s:I,s:o,s:o,s:o,s:o}", "reports",
			 (json_int_t)counts.reports, "reports_by_tool", scan_tool_names[0],
			 (json_int_t)counts.reports_by_tool[0], scan_tool_names[1],
			 (json_int_t)counts.reports_by_tool[1], "secrets",
			 (json_int_t)counts.secrets, "misconfigurations",
			 (json_int_t)counts.misconfigurations, "images", images, "findings",
			 findings, "occurrences", occurrences, "workloads", workloads);
}

/* A count or origin: a whole number from 0. */
static bool read_count(const json_t *object, const char *key, unsigned long *out)
{
	const json_t *value = json_object_get(object, key);
	if (!json_is_integer(value) || json_integer_value(value) < 0)
		return false;
	*out = (unsigned long)json_integer_value(value);
	return true;
}

/* A string, or (when `nullable`) null as NULL. */
static bool read_text(const json_t *object, const char *key, bool nullable, const char **out)
{
	const json_t *value = json_object_get(object, key);
	*out = json_string_value(value);
	return *out || (nullable && json_is_null(value));
}

static int read_name(const char *const *names, size_t count, const json_t *value)
{
	const char *text = json_string_value(value);
	for (size_t i = 0; text && i < count; i++)
		if (!strcmp(text, names[i]))
			return (int)i;
	return -1;
}

static bool read_estate_image(const json_t *item, struct vulns_estate_image *image,
			      const char ***refs)
{
	unsigned long name_origin, os_origin, weight, reports;
	const json_t *ref_list = json_object_get(item, "refs");
	if (!read_text(item, "key", false, &image->key) ||
	    !read_text(item, "name", false, &image->name) ||
	    !read_text(item, "os_family", true, &image->os_family) ||
	    !read_text(item, "os_version", true, &image->os_version) ||
	    !read_count(item, "name_origin", &name_origin) ||
	    !read_count(item, "os_origin", &os_origin) || !read_count(item, "weight", &weight) ||
	    !read_count(item, "reports", &reports) || !json_is_array(ref_list))
		return false;
	image->name_origin = name_origin;
	image->os_origin = os_origin;
	image->weight = (unsigned)weight;
	image->reports = reports;
	*refs = xcalloc(json_array_size(ref_list) + 1, sizeof(**refs));
	for (size_t r = 0; r < json_array_size(ref_list); r++)
		if (!((*refs)[r] = json_string_value(json_array_get(ref_list, r))))
			return false;
	image->refs = *refs;
	image->ref_count = json_array_size(ref_list);
	return true;
}

static bool read_estate_finding(const json_t *item, struct vulns_estate_finding *finding)
{
	int severity = read_name(scan_severity_names, SCAN_SEVERITY_COUNT,
				 json_object_get(item, "severity"));
	int package_class = read_name(package_class_names, 2, json_object_get(item, "class"));
	if (!read_text(item, "id", false, &finding->id) ||
	    !read_text(item, "package", false, &finding->package) ||
	    !read_text(item, "installed", false, &finding->installed) ||
	    !read_text(item, "type", false, &finding->type) ||
	    !read_text(item, "lowest_above", true, &finding->lowest_above) ||
	    !read_text(item, "highest", true, &finding->highest) || severity < 0 ||
	    package_class < 0 || !read_count(item, "origin", &finding->origin) ||
	    !read_count(item, "type_origin", &finding->type_origin) ||
	    !read_count(item, "lowest_origin", &finding->lowest_origin) ||
	    !read_count(item, "highest_origin", &finding->highest_origin))
		return false;
	finding->severity = (enum scan_severity)severity;
	finding->package_class = (enum scan_package_class)package_class;
	return true;
}

/* Adds a part's "vulnerability_estate" to `estate`; false when it is malformed. */
static bool read_estate(const json_t *object, struct vulns_estate *estate)
{
	const json_t *images = json_object_get(object, "images");
	const json_t *findings = json_object_get(object, "findings");
	const json_t *occurrences = json_object_get(object, "occurrences");
	const json_t *workloads = json_object_get(object, "workloads");
	const json_t *by_tool = json_object_get(object, "reports_by_tool");
	unsigned long reports, trivy, grype, secrets, misconfigurations;
	if (!json_is_array(images) || !json_is_array(findings) || !json_is_array(occurrences) ||
	    !json_is_array(workloads) || !read_count(object, "reports", &reports) ||
	    !read_count(by_tool, scan_tool_names[0], &trivy) ||
	    !read_count(by_tool, scan_tool_names[1], &grype) ||
	    !read_count(object, "secrets", &secrets) ||
	    !read_count(object, "misconfigurations", &misconfigurations))
		return false;
	size_t image_count = json_array_size(images), finding_count = json_array_size(findings);
	size_t *image_index = xcalloc(image_count + 1, sizeof(*image_index));
	size_t *finding_index = xcalloc(finding_count + 1, sizeof(*finding_index));
	bool ok = true;
	for (size_t i = 0; ok && i < image_count; i++) {
		struct vulns_estate_image image;
		const char **refs = NULL;
		ok = read_estate_image(json_array_get(images, i), &image, &refs);
		if (ok)
			image_index[i] = vulns_estate_put_image(estate, &image);
		free(refs);
	}
	for (size_t i = 0; ok && i < finding_count; i++) {
		struct vulns_estate_finding finding;
		ok = read_estate_finding(json_array_get(findings, i), &finding);
		if (ok)
			finding_index[i] = vulns_estate_put_finding(estate, &finding);
	}
	for (size_t i = 0; ok && i < json_array_size(occurrences); i++) {
		const json_t *pair = json_array_get(occurrences, i);
		json_int_t finding = json_integer_value(json_array_get(pair, 0));
		json_int_t image = json_integer_value(json_array_get(pair, 1));
		ok = json_array_size(pair) == 2 && finding >= 0 &&
		     (size_t)finding < finding_count && image >= 0 && (size_t)image < image_count;
		if (ok)
			vulns_estate_put_occurrence(estate, finding_index[finding],
						    image_index[image]);
	}
	for (size_t i = 0; ok && i < json_array_size(workloads); i++) {
		const json_t *pair = json_array_get(workloads, i);
		const char *ref = json_string_value(json_array_get(pair, 0));
		ok = ref && json_is_boolean(json_array_get(pair, 1));
		if (ok)
			vulns_estate_put_workload(estate, ref,
						  json_is_true(json_array_get(pair, 1)));
	}
	if (ok) {
		struct vulns_estate_counts counts = {
			.reports = reports,
			.reports_by_tool = {trivy, grype},
			.secrets = secrets,
			.misconfigurations = misconfigurations,
		};
		vulns_estate_add_counts(estate, &counts);
	}
	free(image_index);
	free(finding_index);
	return ok;
}

/* ------------------------------------------------------------------ parts */

struct part {
	const char *path;
	struct json_cursor cursor;
	bool opened;
	json_t *header;	  /* members before "environments", by key */
	json_int_t index; /* shard K of N */
	json_int_t count;
	/* The environment at the cursor, once loaded. */
	bool loaded;
	bool started;  /* the environments array has had an element */
	bool finished; /* ... and is closed */
	json_int_t position, last_position;
	json_t *record;
	size_t length;	    /* the environment object's bytes at the cursor */
	size_t copy_length; /* ... before its record */
	json_t *exceptions;
	json_t *estate;
};

/* A problem with a whole part (line 0): what it says does not fit. */
static int part_problem(const struct part *part, const char *code, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
static int part_problem(const struct part *part, const char *code, const char *format, ...)
{
	char message[1024];
	va_list args;
	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	return diag_error(part->cursor.diags, part->path, 0, 0, code, "%s", message);
}

/* A problem at the cursor. */
static int syntax(struct part *part, const char *message)
{
	return json_cursor_error(&part->cursor, part->cursor.line, part->cursor.column, message);
}

/*
 * The next member of the object the cursor is in: 1 with *key (free it),
 * 0 at the closing '}', -1 after reporting. `first`: no ',' before it.
 */
static int next_member(struct part *part, bool *first, char **key)
{
	struct json_cursor *cursor = &part->cursor;
	int c = json_cursor_peek(cursor);
	if (c == '}') {
		json_cursor_advance(cursor, 1);
		return 0;
	}
	if (!*first) {
		if (c != ',')
			return syntax(part, "',' or '}' expected");
		json_cursor_advance(cursor, 1);
		c = json_cursor_peek(cursor);
	}
	*first = false;
	if (c != '"')
		return syntax(part, "a member name expected");
	long length = json_cursor_value_length(cursor);
	json_t *name = length < 0 ? NULL : json_cursor_decode(cursor, (size_t)length, 1);
	if (!name)
		return length < 0 ? syntax(part, "unexpected end of file") : -1;
	*key = xstrdup(json_string_value(name));
	json_decref(name);
	json_cursor_advance(cursor, (size_t)length);
	if (json_cursor_peek(cursor) != ':') {
		free(*key);
		return syntax(part, "':' expected");
	}
	json_cursor_advance(cursor, 1);
	return 1;
}

static json_t *next_value(struct part *part)
{
	struct json_cursor *cursor = &part->cursor;
	if (json_cursor_peek(cursor) < 0) {
		syntax(part, "unexpected end of file");
		return NULL;
	}
	long length = json_cursor_value_length(cursor);
	if (length < 0) {
		syntax(part, "unexpected end of file inside this value");
		return NULL;
	}
	json_t *value = json_cursor_decode(cursor, (size_t)length, 1);
	if (value)
		json_cursor_advance(cursor, (size_t)length);
	return value;
}

/* Opens a part and reads the members before its environments. */
static int open_part(struct part *part, struct diag_list *diags)
{
	if (json_cursor_open(&part->cursor, part->path, "part", diags) < 0)
		return -1;
	/* What is merged must load in srgap report and diff, which refuse \u0000. */
	part->cursor.decode_flags = 0;
	part->opened = true;
	part->header = json_object();
	if (json_cursor_peek(&part->cursor) != '{')
		return part_problem(part, "part.not-a-part",
				    "not an srgap assessment part; write parts with 'srgap "
				    "assess INVENTORY --shard K/N --format json'");
	json_cursor_advance(&part->cursor, 1);
	bool first = true;
	for (;;) {
		char *key = NULL;
		int more = next_member(part, &first, &key);
		if (more <= 0)
			return more < 0 ? -1
					: part_problem(part, "part.not-a-part",
						       "not an srgap assessment part: it has no "
						       "environments");
		if (!strcmp(key, "environments")) {
			free(key);
			if (json_cursor_peek(&part->cursor) != '[')
				return syntax(part, "'environments' must be a list");
			json_cursor_advance(&part->cursor, 1);
			return 0;
		}
		json_t *value = next_value(part);
		if (!value || json_object_get(part->header, key)) {
			free(key);
			json_decref(value);
			return value ? syntax(part, "a member appears twice") : -1;
		}
		json_object_set_new(part->header, key, value);
		free(key);
	}
}

static const char *find_last_newline(const char *data, size_t length)
{
	while (length--)
		if (data[length] == '\n')
			return data + length;
	return NULL;
}

/* Loads the part's next environment: 1, 0 when it has no more, -1 after reporting. */
static int load_environment(struct part *part)
{
	struct json_cursor *cursor = &part->cursor;
	int c = json_cursor_peek(cursor);
	if (c == ']') {
		json_cursor_advance(cursor, 1);
		part->finished = true;
		return 0;
	}
	if (part->started) {
		if (c != ',')
			return syntax(part, "',' or ']' expected between environments");
		json_cursor_advance(cursor, 1);
		c = json_cursor_peek(cursor);
	}
	part->started = true;
	if (c != '{')
		return syntax(part, "an environment object expected");
	/*
	 * Copied as written, so first checked as srgap report and diff read it: a
	 * merge writes only JSON. What a run writes passes json_prune's check,
	 * which also finds where the environment ends, in one pass at a fraction
	 * of what building it with jansson costs (that made the merge three times
	 * slower than the single run). An environment past the read window is
	 * measured by the cursor first; one the check is not sure of goes to
	 * jansson, which decides and names the place.
	 */
	long length = (long)json_prune_check_prefix(json_cursor_data(cursor),
						    cursor->length - cursor->start);
	if (!length) {
		length = json_cursor_value_length(cursor);
		if (length < 0)
			return syntax(part, "unexpected end of file inside this environment");
		if (!json_prune_check(json_cursor_data(cursor), (size_t)length)) {
			json_t *checked = json_cursor_decode(cursor, (size_t)length, 1);
			if (!checked)
				return -1;
			json_decref(checked);
		}
	}
	const char *data = json_cursor_data(cursor);
	size_t end = strlen(RENDER_JSON_ENVIRONMENT_END), key = strlen(RENDER_JSON_PARTIAL_KEY);
	const char *newline = NULL;
	if ((size_t)length > end + key &&
	    !memcmp(data + length - end, RENDER_JSON_ENVIRONMENT_END, end))
		newline = find_last_newline(data, (size_t)length - end);
	/* The record is one line: the last member, after the environment as a run writes it. */
	if (!newline || newline - data < 2 || memcmp(newline - 1, RENDER_JSON_PARTIAL_KEY, key))
		return syntax(part, "an environment without the record a part adds (was this "
				    "file edited?)");
	const char *record = newline - 1 + key;
	json_error_t error;
	part->record = json_loadb(record, (size_t)(data + length - end - record),
				  JSON_REJECT_DUPLICATES, &error);
	const json_t *position = json_object_get(part->record, "position");
	if (!json_is_integer(position) || json_integer_value(position) < 0) {
		json_decref(part->record);
		part->record = NULL;
		return syntax(part, "an environment record without a valid position");
	}
	part->position = json_integer_value(position);
	if (part->loaded && part->position <= part->last_position) {
		json_decref(part->record);
		part->record = NULL;
		return syntax(part, "environments out of inventory order");
	}
	part->loaded = true;
	part->length = (size_t)length;
	part->copy_length = (size_t)(newline - 1 - data);
	return 1;
}

/* The members after the environments: exceptions and the vulnerability estate. */
static int read_tail(struct part *part)
{
	bool first = false;
	for (;;) {
		char *key = NULL;
		int more = next_member(part, &first, &key);
		if (more < 0)
			return -1;
		if (!more)
			break;
		json_t **slot = !strcmp(key, "exceptions")	       ? &part->exceptions
				: !strcmp(key, "vulnerability_estate") ? &part->estate
								       : NULL;
		if (!slot || *slot) {
			int result =
				part_problem(part, "part.not-a-part",
					     "unexpected member '%s' after the environments", key);
			free(key);
			return result;
		}
		free(key);
		if (!(*slot = next_value(part)))
			return -1;
	}
	if (json_cursor_peek(&part->cursor) >= 0)
		return syntax(part, "end of file expected");
	if (!json_is_array(part->exceptions) || !json_is_object(part->estate))
		return part_problem(part, "part.not-a-part",
				    "a part needs 'exceptions' and 'vulnerability_estate' after "
				    "its environments");
	return 0;
}

static void close_part(struct part *part)
{
	if (part->opened)
		json_cursor_close(&part->cursor);
	json_decref(part->header);
	json_decref(part->record);
	json_decref(part->exceptions);
	json_decref(part->estate);
}

/* ------------------------------------------------------------------ checks */

struct merge {
	const struct merge_options *options;
	const struct models *models;
	struct diag_list *diags;
	struct part *parts;
	size_t part_count;
	json_int_t environment_total, exception_total;
	struct arena arena; /* environments the roadmap refers to */
	struct roadmap roadmap;
	struct vulns_estate *estate;
	struct summary *total;
	struct cell *cells;
	size_t merged; /* environments written */
	FILE *out;
	bool writing; /* nothing is wrong so far */
	bool write_failed;
	/* --inventory: its environments sorted by name, and which the parts had. */
	const struct environment **by_name;
	bool *seen;
};

static const char *header_text(const struct part *part, const char *key)
{
	return json_string_value(json_object_get(part->header, key));
}

/* The member `key` of `object` as JSON text, for messages ("?" when absent). */
static char *describe(const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);
	char *text = value ? json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	if (text && strlen(text) > 120)
		memcpy(text + 112, "...", 4);
	return text ? text : xstrdup("?");
}

static void mismatch(struct merge *merge, const struct part *part, const struct part *first,
		     const json_t *part_object, const json_t *first_object, const char *key,
		     const char *what)
{
	char *mine = describe(part_object, key), *theirs = describe(first_object, key);
	part_problem(part, "part.mismatch",
		     "%s %s differs from %s's %s: the parts of one sharded assessment share it",
		     what, mine, first->path, theirs);
	(void)merge;
	free(mine);
	free(theirs);
}

static bool is_part(const struct part *part)
{
	const char *kind = header_text(part, "srgap");
	return kind && !strcmp(kind, RENDER_JSON_PART);
}

/* What every part must share, checked against the first and against this srgap. */
static int check_parts(struct merge *merge)
{
	size_t errors = diag_error_count(merge->diags);
	for (size_t i = 0; i < merge->part_count; i++) {
		const struct part *part = &merge->parts[i];
		const char *kind = header_text(part, "srgap");
		if (!is_part(part))
			part_problem(part, "part.not-a-part",
				     kind && !strcmp(kind, RENDER_JSON_ASSESSMENT)
					     ? "a whole assessment, not a part; parts come from "
					       "'srgap assess INVENTORY --shard K/N --format json'"
					     : "not an srgap assessment part (\"srgap\": \"%s\" "
					       "expected)",
				     RENDER_JSON_PART);
	}
	if (diag_error_count(merge->diags) > errors)
		return -1;
	const struct part *first = &merge->parts[0];
	/* The assessment date decides whether a provider model counts as stale. */
	long date_day = 0;
	const char *date = json_string_value(
		json_object_get(json_object_get(first->header, "assessment"), "date"));
	if (!date || !date_parse(date, &date_day))
		return part_problem(first, "part.not-a-part", "no valid assessment date");
	json_t *ours = render_json_models(merge->models, date_day);
	for (size_t i = 0; i < merge->part_count; i++) {
		struct part *part = &merge->parts[i];
		const char *generator = header_text(part, "generator");
		/* The same release writes the same part format, whichever commit built it. */
		if (!srgap_generator_is_this_release(generator))
			part_problem(part, "part.mismatch",
				     "written by %s; merge with the srgap that wrote the parts "
				     "(this is %s)",
				     generator ? generator : "an unknown generator",
				     srgap_generator());
		const json_t *shard = json_object_get(part->header, "shard");
		const json_t *first_shard = json_object_get(first->header, "shard");
		part->index = json_integer_value(json_object_get(shard, "index"));
		part->count = json_integer_value(json_object_get(shard, "count"));
		if (part->count < 1 || part->index < 1 || part->index > part->count ||
		    !json_is_string(json_object_get(shard, "inventory")))
			part_problem(part, "part.not-a-part",
				     "no valid 'shard' (index, count, "
				     "inventory) in the part");
		static const char *const shared[] = {"count", "inventory", "inventory_environments",
						     "inventory_exceptions"};
		for (size_t k = 0; k < sizeof(shared) / sizeof(shared[0]); k++)
			if (!json_equal(json_object_get(shard, shared[k]),
					json_object_get(first_shard, shared[k])))
				mismatch(merge, part, first, shard, first_shard, shared[k],
					 !strcmp(shared[k], "inventory") ? "inventory content hash"
					 : !strcmp(shared[k], "count")	 ? "shard count"
									 : shared[k]);
		static const char *const members[] = {"organization", "assessment",
						      "evidence_sample"};
		for (size_t k = 0; k < 3; k++)
			if (!json_equal(json_object_get(part->header, members[k]),
					json_object_get(first->header, members[k])))
				mismatch(merge, part, first, part->header, first->header,
					 members[k], members[k]);
		const json_t *models = json_object_get(part->header, "models");
		static const char *const versions[] = {"catalog", "providers"};
		for (size_t k = 0; k < 2; k++)
			if (!json_equal(json_object_get(models, versions[k]),
					json_object_get(ours, versions[k]))) {
				char *theirs = describe(models, versions[k]);
				part_problem(part, "part.models",
					     "assessed with other %s data (%s) than this srgap "
					     "reads; merge with the data the parts were assessed "
					     "with (--data-dir)",
					     versions[k], theirs);
				free(theirs);
			}
	}
	json_decref(ours);
	if (diag_error_count(merge->diags) > errors)
		return -1;
	/* Every shard K of N exactly once. */
	const struct part **by_index = xcalloc((size_t)first->count + 1, sizeof(*by_index));
	for (size_t i = 0; i < merge->part_count; i++) {
		const struct part *part = &merge->parts[i];
		if (by_index[part->index] && !strcmp(by_index[part->index]->path, part->path))
			part_problem(part, "part.duplicate-shard", "given twice");
		else if (by_index[part->index])
			part_problem(part, "part.duplicate-shard",
				     "shard %lld of %lld again: %s is that shard too",
				     (long long)part->index, (long long)part->count,
				     by_index[part->index]->path);
		else
			by_index[part->index] = part;
	}
	for (json_int_t k = 1; k <= first->count; k++)
		if (!by_index[k])
			diag_error(merge->diags, first->path, 0, 0, "part.missing-shard",
				   "shard %lld of %lld is missing: give every part of the run",
				   (long long)k, (long long)first->count);
	free(by_index);
	const json_t *first_shard = json_object_get(first->header, "shard");
	merge->environment_total =
		json_integer_value(json_object_get(first_shard, "inventory_environments"));
	merge->exception_total =
		json_integer_value(json_object_get(first_shard, "inventory_exceptions"));
	return diag_error_count(merge->diags) > errors ? -1 : 0;
}

/*
 * --inventory: were the parts made from these files? If not, the merge
 * still reads every environment, to name the ones missing and extra.
 */
static void check_inventory(struct merge *merge)
{
	const struct inventory *inventory = merge->options->inventory;
	const char *theirs = json_string_value(
		json_object_get(json_object_get(merge->parts[0].header, "shard"), "inventory"));
	if (inventory && strcmp(inventory->content_hash, theirs))
		diag_error(merge->diags, inventory->path, 0, 0, "part.other-inventory",
			   "the parts were assessed from other inventory files (%s) than these "
			   "(%s)",
			   theirs, inventory->content_hash);
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The parts' "models": the first's, with the service models every part used. */
static json_t *merged_models(struct merge *merge)
{
	json_t *services = json_object();
	for (size_t i = 0; i < merge->part_count; i++) {
		const struct part *part = &merge->parts[i];
		json_t *theirs =
			json_object_get(json_object_get(part->header, "models"), "services");
		const char *key;
		json_t *value;
		json_object_foreach(theirs, key, value) {
			const json_t *known = json_object_get(services, key);
			if (!known)
				json_object_set(services, key, value);
			else if (!json_equal(known, value))
				part_problem(part, "part.models",
					     "service model %s differs from another part's", key);
		}
	}
	/* Sorted by key, as one run writes them. */
	size_t count = json_object_size(services);
	const char **keys = xcalloc(count + 1, sizeof(*keys));
	size_t used = 0;
	const char *key;
	json_t *value;
	json_object_foreach(services, key, value) {
		keys[used++] = key;
	}
	qsort(keys, used, sizeof(*keys), compare_keys);
	json_t *sorted = json_object();
	for (size_t i = 0; i < used; i++)
		json_object_set(sorted, keys[i], json_object_get(services, keys[i]));
	free(keys);
	json_decref(services);
	json_t *models = json_deep_copy(json_object_get(merge->parts[0].header, "models"));
	json_object_set_new(models, "services", sorted);
	return models;
}

/* ------------------------------------------------------------------ environments */

static bool read_counts(const json_t *object, const char *const *names, size_t count,
			unsigned long *out)
{
	for (size_t i = 0; i < count; i++)
		if (!read_count(object, names[i], &out[i]))
			return false;
	return json_object_size(object) == count;
}

/* An environment's or the estate's summary, as render_json_summary wrote it. */
static bool read_summary(const json_t *object, struct summary *summary)
{
	memset(summary, 0, sizeof(*summary));
	const json_t *areas = json_object_get(object, "areas");
	bool ok = read_count(object, "cells", &summary->cells) &&
		  read_count(object, "risk", &summary->risk) &&
		  read_count(object, "expired_exceptions", &summary->expired_exceptions) &&
		  read_counts(json_object_get(object, "status"), status_names, STATUS_COUNT,
			      summary->status) &&
		  read_counts(json_object_get(object, "responsibility"), responsibility_names,
			      RESPONSIBILITY_COUNT, summary->responsibility) &&
		  read_counts(json_object_get(object, "open_by_severity"), severity_names,
			      SEVERITY_COUNT, summary->open_by_severity) &&
		  json_object_size(areas) == AREA_COUNT;
	for (size_t a = 0; ok && a < AREA_COUNT; a++)
		ok = read_counts(json_object_get(areas, area_names[a]), status_names, STATUS_COUNT,
				 summary->area_status[a]);
	return ok;
}

static const struct service *find_service(const struct models *models, const char *provider_id,
					  const char *id)
{
	const struct provider *provider = models_find_provider(models, provider_id);
	return provider ? provider_find_service(provider, id) : NULL;
}

/* "PROVIDER/SERVICE" */
static const struct service *find_service_path(const struct models *models, const char *path)
{
	const char *slash = path ? strchr(path, '/') : NULL;
	if (!slash)
		return NULL;
	char *provider = xstrndup(path, (size_t)(slash - path));
	const struct service *service = find_service(models, provider, slash + 1);
	free(provider);
	return service;
}

static int compare_environment_names(const void *a, const void *b)
{
	return strcmp((*(const struct environment *const *)a)->name,
		      (*(const struct environment *const *)b)->name);
}

static int compare_name(const void *key, const void *element)
{
	return strcmp(key, (*(const struct environment *const *)element)->name);
}

/*
 * The environment of `part`'s record: its summary joins the total, its open
 * cells the roadmap. The environment lives as long as the roadmap.
 */
static int add_environment(struct merge *merge, struct part *part)
{
	const json_t *record = part->record;
	const struct catalog *catalog = &merge->models->catalog;
	struct environment *environment = arena_alloc(&merge->arena, sizeof(*environment));
	const char *name, *owner, *provider, *service, *registry;
	const json_t *open = json_object_get(record, "open");
	int criticality = read_name(criticality_names, CRITICALITY_COUNT,
				    json_object_get(record, "criticality"));
	struct summary summary;
	if (!read_text(record, "name", false, &name) || !read_text(record, "owner", true, &owner) ||
	    !read_text(record, "provider", false, &provider) ||
	    !read_text(record, "service", false, &service) ||
	    !read_text(record, "registry", false, &registry) || criticality < 0 ||
	    !json_is_boolean(json_object_get(record, "internet_facing")) ||
	    !read_summary(json_object_get(record, "summary"), &summary) || !json_is_array(open))
		return syntax(part, "a malformed environment record");
	environment->index = (size_t)part->position;
	environment->name = arena_strdup(&merge->arena, name);
	environment->owner = owner ? arena_strdup(&merge->arena, owner) : NULL;
	environment->criticality = (enum criticality)criticality;
	environment->internet_facing = json_is_true(json_object_get(record, "internet_facing"));
	environment->service = find_service(merge->models, provider, service);
	environment->registry = find_service_path(merge->models, registry);
	if (!environment->service || !environment->registry)
		return part_problem(part, "part.models",
				    "environment '%s' runs on %s/%s with registry %s, which this "
				    "srgap's data has no model for",
				    name, provider, service, registry);
	environment->provider = environment->service->provider;
	if (merge->options->inventory) {
		const struct environment **found =
			bsearch(name, merge->by_name, merge->options->inventory->environment_count,
				sizeof(*merge->by_name), compare_name);
		if (!found)
			part_problem(part, "part.extra-environment",
				     "environment '%s' is not in the inventory %s", name,
				     merge->options->inventory->path);
		else
			merge->seen[(*found)->index] = true;
	}
	summary_merge(merge->total, &summary);
	for (size_t i = 0; i < catalog->control_count; i++) {
		const struct catalog_control *control = &catalog->controls[i];
		struct cell *cell = &merge->cells[i];
		memset(cell, 0, sizeof(*cell));
		cell->control = control;
		cell->service =
			control->phase == PHASE_SHIP ? environment->registry : environment->service;
		cell->entry = cell->service->entries[i];
		cell->status = STATUS_MET; /* closed: the roadmap only looks at open cells */
	}
	for (size_t i = 0; i < json_array_size(open); i++) {
		const json_t *item = json_array_get(open, i);
		const struct catalog_control *control =
			catalog_find_control(catalog, json_string_value(json_array_get(item, 0)));
		int status = read_name(status_names, STATUS_COUNT, json_array_get(item, 1));
		json_int_t risk = json_integer_value(json_array_get(item, 2));
		if (!control || status < 0 || risk < 0 || risk > 100)
			return syntax(part, "a malformed open cell in an environment record");
		merge->cells[control->index].status = (enum cell_status)status;
		merge->cells[control->index].risk = (unsigned)risk;
	}
	roadmap_add_environment(&merge->roadmap, environment, merge->cells);
	return 0;
}

/* Copies the environment at `part`'s cursor to the output, as one run writes it. */
static void write_environment(struct merge *merge, struct part *part)
{
	struct strbuf start;
	strbuf_init(&start);
	render_json_environment_start(&start, merge->merged == 0);
	const char *data = json_cursor_data(&part->cursor);
	/* render_json_environment_start opened the object: copy from after its '{'. */
	if (fwrite(start.buf, 1, start.len, merge->out) != start.len ||
	    fwrite(data + 1, 1, part->copy_length - 1, merge->out) != part->copy_length - 1 ||
	    fputs(RENDER_JSON_ENVIRONMENT_END, merge->out) == EOF)
		merge->write_failed = true;
	strbuf_release(&start);
	merge->merged++;
}

/*
 * Takes the environments from every part in inventory order: always the
 * part whose next environment comes first. Positions must run 0, 1, 2, ...
 * without a gap or a repeat. Returns -1 when a part could not be read to
 * its end; problems with what it holds are only reported.
 */
static int merge_environments(struct merge *merge)
{
	size_t errors = diag_error_count(merge->diags);
	for (size_t i = 0; i < merge->part_count; i++)
		if (load_environment(&merge->parts[i]) < 0)
			return -1;
	json_int_t expected = 0;
	for (;;) {
		struct part *next = NULL;
		for (size_t i = 0; i < merge->part_count; i++) {
			struct part *part = &merge->parts[i];
			if (part->record && (!next || part->position < next->position))
				next = part;
		}
		if (!next)
			break;
		if (next->position < expected) {
			part_problem(next, "part.duplicate-environment",
				     "environment '%s' is in another part too",
				     json_string_value(json_object_get(next->record, "name")));
		} else if (next->position > expected) {
			part_problem(next, "part.missing-environment",
				     "no part has the inventory's environment number %lld (the "
				     "one before '%s')",
				     (long long)expected + 1,
				     json_string_value(json_object_get(next->record, "name")));
			expected = next->position;
		}
		if (next->position == expected) {
			if (add_environment(merge, next) < 0)
				return -1;
			merge->writing &= diag_error_count(merge->diags) == errors;
			if (merge->writing)
				write_environment(merge, next);
			expected++;
		}
		json_cursor_advance(&next->cursor, next->length);
		next->last_position = next->position;
		json_decref(next->record);
		next->record = NULL;
		if (load_environment(next) < 0)
			return -1;
	}
	if (expected != merge->environment_total)
		diag_error(merge->diags, merge->parts[0].path, 0, 0, "part.missing-environment",
			   "the parts hold %lld of the inventory's %lld environments",
			   (long long)expected, (long long)merge->environment_total);
	merge->writing &= diag_error_count(merge->diags) == errors;
	return 0;
}

/* ------------------------------------------------------------------ the rest */

struct positioned {
	json_int_t position;
	json_t *item;
	const struct part *part;
};

static int compare_positioned(const void *a, const void *b)
{
	const struct positioned *x = a, *y = b;
	return (x->position > y->position) - (x->position < y->position);
}

/* Every part's exceptions in inventory order, without the position a part adds. */
static json_t *merged_exceptions(struct merge *merge)
{
	size_t count = 0;
	for (size_t i = 0; i < merge->part_count; i++)
		count += json_array_size(merge->parts[i].exceptions);
	struct positioned *all = xcalloc(count + 1, sizeof(*all));
	size_t used = 0;
	for (size_t i = 0; i < merge->part_count; i++) {
		const struct part *part = &merge->parts[i];
		for (size_t x = 0; x < json_array_size(part->exceptions); x++) {
			json_t *item = json_array_get(part->exceptions, x);
			const json_t *position = json_object_get(item, "position");
			if (!json_is_integer(position)) {
				part_problem(part, "part.not-a-part",
					     "an exception without its position");
				continue;
			}
			all[used++] = (struct positioned){json_integer_value(position), item, part};
		}
	}
	qsort(all, used, sizeof(*all), compare_positioned);
	json_t *exceptions = json_array();
	for (size_t i = 0; i < used; i++) {
		if (all[i].position != (json_int_t)i) {
			part_problem(all[i].part, "part.missing-exception",
				     "exceptions do not fit together: position %lld where %zu "
				     "was expected",
				     (long long)all[i].position, i);
			break;
		}
		json_t *item = json_deep_copy(all[i].item);
		json_object_del(item, "position");
		json_array_append_new(exceptions, item);
	}
	if (used != (size_t)merge->exception_total)
		diag_error(merge->diags, merge->parts[0].path, 0, 0, "part.missing-exception",
			   "the parts hold %zu of the inventory's %lld exceptions", used,
			   (long long)merge->exception_total);
	free(all);
	return exceptions;
}

enum merge_result render_merge(const struct merge_options *options, FILE *out,
			       struct summary *total, struct diag_list *diags)
{
	struct merge merge = {
		.options = options,
		.models = options->models,
		.diags = diags,
		.part_count = options->part_count,
		.total = total,
		.out = out,
	};
	enum merge_result result = MERGE_INPUT_ERROR;
	size_t errors = diag_error_count(diags);
	memset(total, 0, sizeof(*total));
	arena_init(&merge.arena);
	roadmap_init(&merge.roadmap, &merge.models->catalog);
	merge.estate = vulns_estate_new();
	merge.cells = xcalloc(merge.models->catalog.control_count + 1, sizeof(*merge.cells));
	merge.parts = xcalloc(merge.part_count + 1, sizeof(*merge.parts));
	const struct inventory *inventory = options->inventory;
	if (inventory) {
		merge.by_name = xcalloc(inventory->environment_count + 1, sizeof(*merge.by_name));
		merge.seen = xcalloc(inventory->environment_count + 1, sizeof(*merge.seen));
		for (size_t i = 0; i < inventory->environment_count; i++)
			merge.by_name[i] = &inventory->environments[i];
		qsort(merge.by_name, inventory->environment_count, sizeof(*merge.by_name),
		      compare_environment_names);
	}
	for (size_t i = 0; i < merge.part_count; i++) {
		merge.parts[i].path = options->parts[i];
		open_part(&merge.parts[i], diags);
	}
	if (diag_error_count(diags) > errors || !merge.part_count || check_parts(&merge) < 0)
		goto out;
	check_inventory(&merge);
	/* Once anything is wrong, the rest is only read for what else is wrong. */
	merge.writing = diag_error_count(diags) == errors;

	struct strbuf buffer;
	strbuf_init(&buffer);
	const struct part *first = &merge.parts[0];
	json_t *models = merged_models(&merge);
	render_json_head(&buffer, RENDER_JSON_ASSESSMENT,
			 json_deep_copy(json_object_get(first->header, "organization")),
			 json_deep_copy(json_object_get(first->header, "assessment")),
			 json_deep_copy(json_object_get(first->header, "evidence_sample")), models,
			 NULL);
	if (merge.writing && fwrite(buffer.buf, 1, buffer.len, out) != buffer.len)
		merge.write_failed = true;
	strbuf_reset(&buffer);
	int failed = merge_environments(&merge);
	bool streamed = !failed;
	for (size_t i = 0; !failed && i < merge.part_count; i++)
		failed = read_tail(&merge.parts[i]);
	for (size_t i = 0; !failed && i < merge.part_count; i++)
		if (!read_estate(merge.parts[i].estate, merge.estate))
			failed = part_problem(&merge.parts[i], "part.not-a-part",
					      "a malformed 'vulnerability_estate'");
	json_t *exceptions = failed ? NULL : merged_exceptions(&merge);
	for (size_t i = 0; inventory && streamed && i < inventory->environment_count; i++)
		if (!merge.seen[i])
			diag_error(diags, inventory->environments[i].file,
				   inventory->environments[i].line,
				   inventory->environments[i].column, "part.missing-environment",
				   "environment '%s' is in none of the parts",
				   inventory->environments[i].name);
	if (!failed && diag_error_count(diags) == errors) {
		roadmap_finish(&merge.roadmap);
		struct vulns_plan plan;
		vulns_plan_build(merge.estate, RENDER_JSON_VULNS_TOP, &plan);
		if (render_json_tail(&buffer, merge.merged, exceptions, &merge.roadmap,
				     plan.reports ? &plan : NULL, total) < 0 ||
		    fwrite(buffer.buf, 1, buffer.len, out) != buffer.len)
			merge.write_failed = true;
		exceptions = NULL;
		vulns_plan_release(&plan);
		result = merge.write_failed ? MERGE_OUTPUT_ERROR : MERGE_OK;
	}
	json_decref(exceptions);
	strbuf_release(&buffer);
out:
	for (size_t i = 0; i < merge.part_count; i++)
		close_part(&merge.parts[i]);
	free(merge.parts);
	free(merge.cells);
	free(merge.by_name);
	free(merge.seen);
	vulns_estate_free(merge.estate);
	roadmap_release(&merge.roadmap);
	arena_release(&merge.arena);
	return result;
}
