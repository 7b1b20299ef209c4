/*
 * Trivy and Grype JSON reports into struct scan_report. The file is read
 * into a reused buffer, pruned of the fields srgap never reads (io/json_prune)
 * and parsed by jansson; the tree is walked once and freed. It recognises
 * the two formats and checks the types of the fields it reads; it does not
 * judge findings (core/vulns does) and never prints.
 */
#include "io/scanner_report.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/json_prune.h"
#include "io/json_text.h"
#include "util/diag.h"
#include "util/xalloc.h"

const char *const scan_tool_names[2] = {"trivy", "grype"};
const char *const scan_severity_names[SCAN_SEVERITY_COUNT] = {"unknown", "low", "medium", "high",
							      "critical"};

/*
 * Members no reader below looks at, in either format: the bulk of a report.
 * Keys are case-sensitive, so Trivy's "Metadata" (read) is not Grype's
 * "metadata" (dropped). Secrets' "Match" and "Code" hold the secret itself.
 */
static const char *const unread_keys[] = {
	"CVSS",
	"CauseMetadata",
	"Code",
	"CweIDs",
	"DataSource",
	"Description",
	"Fingerprint",
	"LastModifiedDate",
	"Layer",
	"Layers",
	"Match",
	"Message",
	"PkgID",
	"PkgIdentifier",
	"PrimaryURL",
	"PublishedDate",
	"Query",
	"References",
	"Resolution",
	"SeveritySource",
	"Title",
	"VendorIDs",
	"VendorSeverity",
	"advisories",
	"cpes",
	"cvss",
	"dataSource",
	"description",
	"history",
	"layers",
	"licenses",
	"locations",
	"matchDetails",
	"metadata",
	"relatedVulnerabilities",
	"upstreams",
	"urls",
};

struct reading {
	struct scan_report *report;
	const char *code_prefix;
	struct diag_list *diags;
};

static void code_for(const struct reading *r, const char *suffix, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s.%s", r->code_prefix, suffix);
}

static int shape_error(const struct reading *r, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static int shape_error(const struct reading *r, const char *format, ...)
{
	char message[512], code[64];
	va_list args;
	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	code_for(r, "report-shape", code, sizeof(code));
	return diag_error(r->diags, r->report->path, 0, 0, code, "%s", message);
}

static const char *type_name(const json_t *value)
{
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* A copy in the report's arena; control characters (and NUL) become '?' so no terminal sees them.
 */
static const char *copy_text(struct scan_report *report, const json_t *value)
{
	size_t length = json_string_length(value);
	const char *text = json_string_value(value);
	char *copy = arena_strndup(&report->arena, text, length);
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)copy[i] < 0x20 || copy[i] == 0x7F)
			copy[i] = '?';
	return copy;
}

/*
 * The string `key` of `object` (at `path`, for messages) into *out: NULL when
 * absent or null, an error when required and missing or of another type.
 */
static int get_string(const struct reading *r, const json_t *object, const char *path,
		      const char *key, bool required, const char **out)
{
	const json_t *value = json_object_get(object, key);
	*out = NULL;
	if (!value || json_is_null(value)) {
		if (required)
			return shape_error(r, "%s%s'%s' is missing", path, *path ? ": " : "", key);
		return 0;
	}
	if (!json_is_string(value))
		return shape_error(r, "%s%s'%s' is %s, expected a string", path, *path ? ": " : "",
				   key, type_name(value));
	*out = copy_text(r->report, value);
	return 0;
}

/* An optional member that must be an object (or array, `want_array`) when present. */
static int get_container(const struct reading *r, const json_t *object, const char *path,
			 const char *key, bool want_array, const json_t **out)
{
	const json_t *value = json_object_get(object, key);
	*out = NULL;
	if (!value || json_is_null(value))
		return 0;
	if (want_array ? !json_is_array(value) : !json_is_object(value))
		return shape_error(r, "%s%s'%s' is %s, expected %s", path, *path ? ": " : "", key,
				   type_name(value), want_array ? "an array" : "an object");
	*out = value;
	return 0;
}

static int get_string_array(const struct reading *r, const json_t *object, const char *path,
			    const char *key, const char *const **out, size_t *count)
{
	const json_t *array;
	*out = NULL;
	*count = 0;
	if (get_container(r, object, path, key, true, &array) < 0)
		return -1;
	if (!array)
		return 0;
	size_t size = json_array_size(array);
	const char **items = arena_alloc_array(&r->report->arena, size ? size : 1, sizeof(*items));
	for (size_t i = 0; i < size; i++) {
		const json_t *item = json_array_get(array, i);
		if (!json_is_string(item))
			return shape_error(r, "%s%s'%s'[%zu] is %s, expected a string", path,
					   *path ? ": " : "", key, i, type_name(item));
		items[i] = copy_text(r->report, item);
	}
	*out = items;
	*count = size;
	return 0;
}

static enum scan_severity parse_severity(const char *text)
{
	if (!text)
		return SCAN_SEVERITY_UNKNOWN;
	if (!strcasecmp(text, "critical"))
		return SCAN_SEVERITY_CRITICAL;
	if (!strcasecmp(text, "high"))
		return SCAN_SEVERITY_HIGH;
	if (!strcasecmp(text, "medium") || !strcasecmp(text, "moderate"))
		return SCAN_SEVERITY_MEDIUM;
	if (!strcasecmp(text, "low") || !strcasecmp(text, "negligible"))
		return SCAN_SEVERITY_LOW;
	return SCAN_SEVERITY_UNKNOWN;
}

/* Trivy writes several fixed versions as "1.2.3, 1.3.1" (one per release line). */
static void split_fixed(struct scan_report *report, const char *text, struct scan_finding *finding)
{
	finding->fixed = NULL;
	finding->fixed_count = 0;
	if (!text || !*text)
		return;
	size_t parts = 1;
	for (const char *c = text; *c; c++)
		parts += *c == ',';
	const char **fixed = arena_alloc_array(&report->arena, parts, sizeof(*fixed));
	size_t count = 0;
	const char *start = text;
	for (;;) {
		const char *end = strchr(start, ',');
		size_t length = end ? (size_t)(end - start) : strlen(start);
		while (length && (*start == ' ' || *start == '\t')) {
			start++;
			length--;
		}
		while (length && (start[length - 1] == ' ' || start[length - 1] == '\t'))
			length--;
		if (length)
			fixed[count++] = arena_strndup(&report->arena, start, length);
		if (!end)
			break;
		start = end + 1;
	}
	finding->fixed = fixed;
	finding->fixed_count = count;
}

/* ------------------------------------------------------------------ Trivy */

/* Result types of OS packages, for reports written before Trivy had Result.Class. */
static bool trivy_os_type(const char *type)
{
	static const char *const os_types[] = {
		"alma",
		"alpine",
		"amazon",
		"azurelinux",
		"bottlerocket",
		"cbl-mariner",
		"centos",
		"chainguard",
		"debian",
		"echo",
		"fedora",
		"minimos",
		"opensuse",
		"opensuse.leap",
		"opensuse.tumbleweed",
		"oracle",
		"photon",
		"redhat",
		"rocky",
		"sles",
		"suse linux enterprise micro",
		"suse linux enterprise server",
		"ubuntu",
		"wolfi",
	};
	for (size_t i = 0; type && i < sizeof(os_types) / sizeof(os_types[0]); i++)
		if (!strcmp(type, os_types[i]))
			return true;
	return false;
}

static int trivy_vulnerabilities(const struct reading *r, const json_t *list, size_t result,
				 const char *type, enum scan_package_class package_class,
				 struct scan_finding *findings, size_t *count)
{
	struct scan_report *report = r->report;
	for (size_t v = 0; v < json_array_size(list); v++) {
		const json_t *item = json_array_get(list, v);
		char path[96];
		snprintf(path, sizeof(path), "Results[%zu].Vulnerabilities[%zu]", result, v);
		if (!json_is_object(item))
			return shape_error(r, "%s is %s, expected an object", path,
					   type_name(item));
		struct scan_finding *finding = &findings[(*count)++];
		const char *severity, *fixed;
		if (get_string(r, item, path, "VulnerabilityID", true, &finding->id) < 0 ||
		    get_string(r, item, path, "PkgName", true, &finding->package) < 0 ||
		    get_string(r, item, path, "InstalledVersion", false, &finding->installed) < 0 ||
		    get_string(r, item, path, "FixedVersion", false, &fixed) < 0 ||
		    get_string(r, item, path, "Severity", false, &severity) < 0)
			return -1;
		if (!finding->installed)
			finding->installed = "";
		split_fixed(report, fixed, finding);
		finding->severity = parse_severity(severity);
		finding->type = type;
		finding->package_class = package_class;
	}
	return 0;
}

static int trivy_metadata(const struct reading *r, const json_t *root)
{
	struct scan_report *report = r->report;
	const json_t *metadata, *os, *image_config, *config;
	if (get_container(r, root, "", "Metadata", false, &metadata) < 0)
		return -1;
	if (!metadata)
		return 0;
	if (get_container(r, metadata, "Metadata", "OS", false, &os) < 0 ||
	    (os && (get_string(r, os, "Metadata.OS", "Family", false, &report->os_family) < 0 ||
		    get_string(r, os, "Metadata.OS", "Name", false, &report->os_version) < 0)) ||
	    get_string(r, metadata, "Metadata", "ImageID", false, &report->image_id) < 0 ||
	    get_string_array(r, metadata, "Metadata", "RepoTags", &report->repo_tags,
			     &report->repo_tag_count) < 0 ||
	    get_string_array(r, metadata, "Metadata", "RepoDigests", &report->repo_digests,
			     &report->repo_digest_count) < 0 ||
	    get_container(r, metadata, "Metadata", "ImageConfig", false, &image_config) < 0)
		return -1;
	if (!image_config)
		return 0;
	if (get_container(r, image_config, "Metadata.ImageConfig", "config", false, &config) < 0)
		return -1;
	/* An image config without User runs as root; record that as "". */
	if (config &&
	    get_string(r, config, "Metadata.ImageConfig.config", "User", false, &report->user) < 0)
		return -1;
	if (config && !report->user)
		report->user = "";
	return 0;
}

static int trivy_read(const struct reading *r, const json_t *root)
{
	struct scan_report *report = r->report;
	const json_t *results;
	report->tool = SCAN_TOOL_TRIVY;
	if (get_string(r, root, "", "ArtifactName", false, &report->artifact) < 0 ||
	    get_string(r, root, "", "ArtifactType", false, &report->artifact_type) < 0 ||
	    get_string(r, root, "", "CreatedAt", false, &report->created) < 0 ||
	    trivy_metadata(r, root) < 0 ||
	    get_container(r, root, "", "Results", true, &results) < 0)
		return -1;

	/* Count first so the findings are one array of the right size. */
	size_t total = 0;
	for (size_t i = 0; i < json_array_size(results); i++) {
		const json_t *result = json_array_get(results, i);
		if (!json_is_object(result))
			return shape_error(r, "Results[%zu] is %s, expected an object", i,
					   type_name(result));
		const json_t *list = json_object_get(result, "Vulnerabilities");
		total += json_is_array(list) ? json_array_size(list) : 0;
	}
	report->findings =
		arena_alloc_array(&report->arena, total ? total : 1, sizeof(*report->findings));
	for (size_t i = 0; i < json_array_size(results); i++) {
		const json_t *result = json_array_get(results, i), *list, *secrets, *checks;
		const char *class_name, *type;
		char path[48];
		snprintf(path, sizeof(path), "Results[%zu]", i);
		if (get_string(r, result, path, "Class", false, &class_name) < 0 ||
		    get_string(r, result, path, "Type", false, &type) < 0 ||
		    get_container(r, result, path, "Vulnerabilities", true, &list) < 0 ||
		    get_container(r, result, path, "Secrets", true, &secrets) < 0 ||
		    get_container(r, result, path, "Misconfigurations", true, &checks) < 0)
			return -1;
		enum scan_package_class package_class =
			(class_name ? !strcmp(class_name, "os-pkgs") : trivy_os_type(type))
				? SCAN_PACKAGE_OS
				: SCAN_PACKAGE_APP;
		if (list && trivy_vulnerabilities(r, list, i, type ? type : "", package_class,
						  report->findings, &report->finding_count) < 0)
			return -1;
		report->secret_count += json_array_size(secrets);
		for (size_t c = 0; c < json_array_size(checks); c++) {
			const json_t *status = json_object_get(json_array_get(checks, c), "Status");
			report->misconfiguration_count +=
				!json_is_string(status) ||
				!strcmp(json_string_value(status), "FAIL");
		}
	}
	if (!report->artifact)
		report->artifact = report->repo_tag_count ? report->repo_tags[0]
				   : report->image_id	  ? report->image_id
							  : report->path;
	return 0;
}

/* ------------------------------------------------------------------ Grype */

static bool grype_os_type(const char *type)
{
	static const char *const os_types[] = {
		"alpm", "apk", "deb", "linux-kernel", "linux-kernel-module", "portage", "rpm"};
	for (size_t i = 0; type && i < sizeof(os_types) / sizeof(os_types[0]); i++)
		if (!strcmp(type, os_types[i]))
			return true;
	return false;
}

static int grype_source(const struct reading *r, const json_t *root)
{
	struct scan_report *report = r->report;
	const json_t *source, *distro, *descriptor;
	if (get_container(r, root, "", "source", false, &source) < 0 ||
	    get_container(r, root, "", "distro", false, &distro) < 0 ||
	    get_container(r, root, "", "descriptor", false, &descriptor) < 0)
		return -1;
	if (descriptor &&
	    get_string(r, descriptor, "descriptor", "timestamp", false, &report->created) < 0)
		return -1;
	if (distro && (get_string(r, distro, "distro", "name", false, &report->os_family) < 0 ||
		       get_string(r, distro, "distro", "version", false, &report->os_version) < 0))
		return -1;
	/* Grype names a distro even for images without one ("name": ""). */
	if (report->os_family && !*report->os_family)
		report->os_family = report->os_version = NULL;
	if (!source)
		return 0;
	if (get_string(r, source, "source", "type", false, &report->artifact_type) < 0)
		return -1;
	const json_t *target = json_object_get(source, "target");
	if (json_is_string(target)) { /* directory and file scans: the path */
		report->artifact = copy_text(report, target);
		return 0;
	}
	if (!target || json_is_null(target))
		return 0;
	if (!json_is_object(target))
		return shape_error(r, "source: 'target' is %s, expected an object or a string",
				   type_name(target));
	if (get_string(r, target, "source.target", "userInput", false, &report->artifact) < 0 ||
	    get_string(r, target, "source.target", "imageID", false, &report->image_id) < 0 ||
	    get_string_array(r, target, "source.target", "tags", &report->repo_tags,
			     &report->repo_tag_count) < 0 ||
	    get_string_array(r, target, "source.target", "repoDigests", &report->repo_digests,
			     &report->repo_digest_count) < 0)
		return -1;
	return 0;
}

static int grype_fix(const struct reading *r, const json_t *vulnerability, const char *path,
		     struct scan_finding *finding)
{
	const json_t *fix;
	const char *state;
	const char *const *versions;
	size_t count;
	char fix_path[128];
	finding->fixed = NULL;
	finding->fixed_count = 0;
	if (get_container(r, vulnerability, path, "fix", false, &fix) < 0)
		return -1;
	if (!fix)
		return 0;
	snprintf(fix_path, sizeof(fix_path), "%s.fix", path);
	if (get_string(r, fix, fix_path, "state", false, &state) < 0 ||
	    get_string_array(r, fix, fix_path, "versions", &versions, &count) < 0)
		return -1;
	/* "not-fixed", "wont-fix" and "unknown" may still list versions of other lines. */
	if (state && strcmp(state, "fixed"))
		return 0;
	finding->fixed = versions;
	finding->fixed_count = count;
	return 0;
}

static int grype_read(const struct reading *r, const json_t *root)
{
	struct scan_report *report = r->report;
	const json_t *matches = json_object_get(root, "matches");
	report->tool = SCAN_TOOL_GRYPE;
	if (grype_source(r, root) < 0)
		return -1;
	size_t size = json_array_size(matches);
	report->findings =
		arena_alloc_array(&report->arena, size ? size : 1, sizeof(*report->findings));
	for (size_t i = 0; i < size; i++) {
		const json_t *match = json_array_get(matches, i), *vulnerability, *artifact;
		char path[48], vulnerability_path[64], artifact_path[64];
		const char *severity;
		snprintf(path, sizeof(path), "matches[%zu]", i);
		snprintf(vulnerability_path, sizeof(vulnerability_path), "%s.vulnerability", path);
		snprintf(artifact_path, sizeof(artifact_path), "%s.artifact", path);
		if (!json_is_object(match))
			return shape_error(r, "%s is %s, expected an object", path,
					   type_name(match));
		if (get_container(r, match, path, "vulnerability", false, &vulnerability) < 0 ||
		    get_container(r, match, path, "artifact", false, &artifact) < 0)
			return -1;
		if (!vulnerability || !artifact)
			return shape_error(r, "%s: '%s' is missing", path,
					   vulnerability ? "artifact" : "vulnerability");
		struct scan_finding *finding = &report->findings[report->finding_count++];
		if (get_string(r, vulnerability, vulnerability_path, "id", true, &finding->id) <
			    0 ||
		    get_string(r, vulnerability, vulnerability_path, "severity", false, &severity) <
			    0 ||
		    grype_fix(r, vulnerability, vulnerability_path, finding) < 0 ||
		    get_string(r, artifact, artifact_path, "name", true, &finding->package) < 0 ||
		    get_string(r, artifact, artifact_path, "version", false, &finding->installed) <
			    0 ||
		    get_string(r, artifact, artifact_path, "type", false, &finding->type) < 0)
			return -1;
		if (!finding->installed)
			finding->installed = "";
		if (!finding->type)
			finding->type = "";
		finding->severity = parse_severity(severity);
		finding->package_class =
			grype_os_type(finding->type) ? SCAN_PACKAGE_OS : SCAN_PACKAGE_APP;
	}
	if (!report->artifact)
		report->artifact = report->repo_tag_count ? report->repo_tags[0]
				   : report->image_id	  ? report->image_id
							  : report->path;
	return 0;
}

/* ------------------------------------------------------------------ loading */

void scan_reader_init(struct scan_reader *reader, const char *code_prefix)
{
	memset(reader, 0, sizeof(*reader));
	reader->code_prefix = code_prefix;
	reader->prune = true;
	strbuf_init(&reader->pruned);
}

void scan_reader_release(struct scan_reader *reader)
{
	free(reader->buffer);
	strbuf_release(&reader->pruned);
	reader->buffer = NULL;
	reader->capacity = 0;
}

static void report_init(struct scan_report *report, const char *path)
{
	memset(report, 0, sizeof(*report));
	arena_init(&report->arena);
	report->path = arena_strdup(&report->arena, path);
}

void scan_report_release(struct scan_report *report)
{
	if (!report)
		return;
	arena_release(&report->arena);
	memset(report, 0, sizeof(*report));
}

static bool is_grype(const json_t *root)
{
	const json_t *descriptor = json_object_get(root, "descriptor");
	const json_t *name = json_object_get(descriptor, "name");
	return json_is_array(json_object_get(root, "matches")) &&
	       (json_is_object(json_object_get(root, "source")) ||
		(json_is_string(name) && !strcmp(json_string_value(name), "grype")));
}

/* Trivy before SchemaVersion 2 (0.19 and older) wrote a bare array of results. */
static bool is_legacy_trivy(const json_t *root)
{
	const json_t *first = json_array_get(root, 0);
	return json_is_object(first) && json_object_get(first, "Target") &&
	       json_object_get(first, "Vulnerabilities");
}

static json_t *parse(struct scan_reader *reader, const char *data, size_t length,
		     json_error_t *error)
{
	if (reader->prune) {
		strbuf_reset(&reader->pruned);
		if (json_prune(data, length, unread_keys,
			       sizeof(unread_keys) / sizeof(unread_keys[0]), &reader->pruned)) {
			json_t *root = json_loadb(reader->pruned.buf, reader->pruned.len,
						  JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, error);
			if (root) {
				reader->pruned_reports++;
				return root;
			}
		}
	}
	/* Unusual or broken text: jansson reads the original and places any error. */
	json_t *root = json_text_load(data, length, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, error);
	reader->fallback_reports += root != NULL;
	return root;
}

enum scan_load_result scan_report_from_json(const json_t *root, const char *name,
					    const char *code_prefix, struct scan_report *report,
					    struct diag_list *diags)
{
	report_init(report, name);
	struct reading r = {.report = report, .code_prefix = code_prefix, .diags = diags};
	char code[64];
	if (json_is_object(root) && json_object_get(root, "SchemaVersion")) {
		const json_t *version = json_object_get(root, "SchemaVersion");
		if (!json_is_integer(version) || json_integer_value(version) != 2) {
			char written[32] = "of another type";
			if (json_is_integer(version))
				snprintf(written, sizeof(written), "%" JSON_INTEGER_FORMAT,
					 json_integer_value(version));
			code_for(&r, "unsupported-schema", code, sizeof(code));
			diag_error(diags, name, 0, 0, code,
				   "Trivy SchemaVersion %s is not supported; srgap reads version 2 "
				   "(Trivy 0.20 and later)",
				   written);
			return SCAN_LOAD_FAILED;
		}
		return trivy_read(&r, root) == 0 ? SCAN_LOAD_OK : SCAN_LOAD_FAILED;
	}
	if (json_is_object(root) && is_grype(root))
		return grype_read(&r, root) == 0 ? SCAN_LOAD_OK : SCAN_LOAD_FAILED;
	code_for(&r, "unrecognized", code, sizeof(code));
	diag_warning(diags, name, 0, 0, code, "%s",
		     json_is_array(root) && is_legacy_trivy(root)
			     ? "a Trivy report older than SchemaVersion 2; rerun Trivy "
			       "0.20 or later with --format json (ignored)"
			     : "not a Trivy or Grype JSON report (ignored)");
	return SCAN_LOAD_UNRECOGNIZED;
}

enum scan_load_result scan_report_load_buffer(struct scan_reader *reader, const char *data,
					      size_t length, const char *name,
					      struct scan_report *report, struct diag_list *diags)
{
	json_error_t error;
	json_t *root = parse(reader, data, length, &error);
	if (!root) {
		char code[64];
		snprintf(code, sizeof(code), "%s.json-syntax", reader->code_prefix);
		report_init(report, name);
		diag_error(diags, name, error.line > 0 ? error.line : 0,
			   error.column > 0 ? error.column : 0, code, "invalid JSON: %s",
			   error.text);
		return SCAN_LOAD_FAILED;
	}
	enum scan_load_result result =
		scan_report_from_json(root, name, reader->code_prefix, report, diags);
	json_decref(root);
	return result;
}

enum scan_load_result scan_report_load(struct scan_reader *reader, const char *path,
				       struct scan_report *report, struct diag_list *diags)
{
	char code[64];
	snprintf(code, sizeof(code), "%s.unreadable", reader->code_prefix);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	const char *problem = NULL;
	if (fd < 0 || fstat(fd, &st) < 0)
		problem = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		problem = "not a regular file";
	else if ((unsigned long long)st.st_size > SCAN_REPORT_MAX_BYTES)
		problem = "larger than the 1 GiB srgap reads";
	size_t length = 0;
	if (!problem) {
		size_t size = (size_t)st.st_size;
		if (size + 1 > reader->capacity) {
			free(reader->buffer);
			reader->capacity = size + 1;
			reader->buffer = xmalloc(reader->capacity);
		}
		while (length < size) {
			ssize_t got = read(fd, reader->buffer + length, size - length);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				problem = strerror(errno);
				break;
			}
			if (got == 0)
				break; /* shrank while reading: parse what is there */
			length += (size_t)got;
		}
	}
	if (fd >= 0)
		close(fd);
	if (problem) {
		report_init(report, path);
		diag_error(diags, path, 0, 0, code, "cannot read: %s", problem);
		return SCAN_LOAD_FAILED;
	}
	return scan_report_load_buffer(reader, reader->buffer, length, path, report, diags);
}

/* ------------------------------------------------------------------ trivy k8s */

static bool cluster_resource_has_findings(const json_t *results)
{
	size_t index;
	const json_t *result;
	json_array_foreach(results, index, result) {
		if (json_array_size(json_object_get(result, "Vulnerabilities")) ||
		    json_array_size(json_object_get(result, "Secrets")))
			return true;
	}
	return false;
}

const char *const scan_report_cluster_members[] = {"Resources", "Findings", "Vulnerabilities",
						   "Misconfigurations", NULL};

long scan_report_cluster_images(const json_t *root, scan_cluster_image_fn *visit, void *context)
{
	if (!json_is_object(root) || !json_is_string(json_object_get(root, "ClusterName")))
		return -1;
	for (size_t m = 0; scan_report_cluster_members[m]; m++) {
		const json_t *resources = json_object_get(root, scan_report_cluster_members[m]);
		if (resources && !json_is_array(resources))
			return -1;
	}
	long images = 0;
	for (size_t m = 0; scan_report_cluster_members[m]; m++) {
		const char *member = scan_report_cluster_members[m];
		size_t index;
		const json_t *resource;
		json_array_foreach(json_object_get(root, member), index, resource) {
			const json_t *results = json_object_get(resource, "Results");
			if (!cluster_resource_has_findings(results))
				continue;
			const json_t *metadata = json_object_get(resource, "Metadata");
			const char *tag = json_string_value(
				json_array_get(json_object_get(metadata, "RepoTags"), 0));
			const char *target = json_string_value(
				json_object_get(json_array_get(results, 0), "Target"));
			const char *os = target ? strstr(target, " (") : NULL;
			json_t *report = json_object();
			json_object_set_new(report, "SchemaVersion", json_integer(2));
			json_object_set_new(
				report, "ArtifactName",
				tag	 ? json_string(tag)
				: target ? json_stringn(target,
							os ? (size_t)(os - target) : strlen(target))
					 : json_string("(unnamed image)"));
			json_object_set_new(report, "ArtifactType", json_string("container_image"));
			if (json_is_object(metadata))
				json_object_set(report, "Metadata", (json_t *)metadata);
			json_object_set(report, "Results", (json_t *)results);
			char pointer[64];
			snprintf(pointer, sizeof(pointer), "/%s/%zu", member, index);
			visit(context, report, pointer);
			json_decref(report);
			images++;
		}
	}
	return images;
}
