/*
 * Image scanner reports: Trivy JSON (SchemaVersion 2) and Grype JSON, read
 * one file at a time into compact records. The JSON tree is freed before
 * the next file is read, so memory is bounded by the largest report, not by
 * the estate. Everything a scanner writes is kept as text: deciding which
 * fixed version counts or how severe a finding is belongs to core/vulns.
 *
 * What is read (see docs/vulnerabilities.md for the field list):
 *   Trivy  ArtifactName, ArtifactType, CreatedAt, Metadata.{OS, ImageID,
 *          RepoTags, RepoDigests, ImageConfig.config.User},
 *          Results[].{Class, Type, Vulnerabilities[], Secrets[], Misconfigurations[]}
 *   Grype  matches[].{vulnerability.{id, severity, fix}, artifact.{name, version, type}},
 *          source.target, distro, descriptor.{name, timestamp}
 */
#ifndef SRGAP_IO_SCANNER_REPORT_H
#define SRGAP_IO_SCANNER_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/strbuf.h"

struct diag_list;

enum scan_tool { SCAN_TOOL_TRIVY, SCAN_TOOL_GRYPE };
extern const char *const scan_tool_names[2]; /* "trivy", "grype" */

/* Ascending. Grype's "Negligible" reads as low; anything unrecognised as unknown. */
enum scan_severity {
	SCAN_SEVERITY_UNKNOWN,
	SCAN_SEVERITY_LOW,
	SCAN_SEVERITY_MEDIUM,
	SCAN_SEVERITY_HIGH,
	SCAN_SEVERITY_CRITICAL,
};
#define SCAN_SEVERITY_COUNT 5
extern const char *const scan_severity_names[SCAN_SEVERITY_COUNT];

/* Where the vulnerable package comes from. */
enum scan_package_class {
	SCAN_PACKAGE_OS,  /* the distribution's package manager: apk, deb, rpm */
	SCAN_PACKAGE_APP, /* language and application packages: npm, jar, go, pip, binaries */
};

struct scan_finding {
	const char *id;		  /* CVE-2019-1549, GHSA-..., as the scanner wrote it */
	const char *package;	  /* package name */
	const char *installed;	  /* installed version; "" when the scanner gives none */
	const char *const *fixed; /* versions that fix it, as listed; none when no fix is known */
	size_t fixed_count;
	const char
		*type; /* package type: Trivy's result Type (alpine, npm) or Grype's (apk, npm) */
	enum scan_severity severity;
	enum scan_package_class package_class;
};

struct scan_report {
	struct arena arena; /* owns every string and array below */
	const char *path;   /* as given to scan_report_load */
	enum scan_tool tool;
	const char *artifact;	   /* ArtifactName / source.target.userInput; never NULL */
	const char *artifact_type; /* container_image, filesystem, image, directory ...; or NULL */
	const char *image_id;	   /* sha256:... config digest, or NULL */
	const char *const *repo_tags;
	size_t repo_tag_count;
	const char *const *repo_digests;
	size_t repo_digest_count;
	const char *os_family;	/* alpine, debian ...; NULL when the scanner found no OS */
	const char *os_version; /* 3.9.4, 12 ... */
	const char *user;	/* image config User; NULL when not recorded, "" means root */
	const char *created;	/* when the scan ran (ISO 8601 as written), or NULL */
	/* In document order: Trivy Results[].Vulnerabilities[], Grype matches[] (probes rely on
	 * it). */
	struct scan_finding *findings;
	size_t finding_count;
	size_t secret_count;	       /* Trivy secret findings */
	size_t misconfiguration_count; /* Trivy misconfiguration checks that failed */
};

/* Largest report read (a 3000-image SBOM scan is about 100 MB). */
#define SCAN_REPORT_MAX_BYTES (1024u * 1024 * 1024)

/*
 * Buffers reused from one report to the next; one reader per thread.
 * `prune` (default true) turns the fast path of io/json_prune.h on; it is
 * there to be turned off for comparison (SRGAP_JSON_PRUNE=0 in srgap vulns).
 */
struct scan_reader {
	const char *code_prefix; /* diagnostic codes: "vulns" -> "vulns.json-syntax" */
	bool prune;
	char *buffer;
	size_t capacity;
	struct strbuf pruned;
	size_t pruned_reports;	 /* statistics: reports read through the fast path */
	size_t fallback_reports; /* ... and through jansson alone */
};

void scan_reader_init(struct scan_reader *reader, const char *code_prefix);
void scan_reader_release(struct scan_reader *reader);

enum scan_load_result {
	SCAN_LOAD_FAILED = -1,	    /* an error diagnostic was added */
	SCAN_LOAD_OK = 0,	    /* `report` holds the report */
	SCAN_LOAD_UNRECOGNIZED = 1, /* valid JSON, but neither Trivy nor Grype; warning added */
};

/*
 * Reads one report. `report` is initialised in every case and must be
 * released. Diagnostics: PREFIX.unreadable, PREFIX.json-syntax (with
 * jansson's line and column), PREFIX.report-shape (a field of the wrong
 * type, with its JSON path), PREFIX.unsupported-schema, PREFIX.unrecognized.
 */
enum scan_load_result scan_report_load(struct scan_reader *reader, const char *path,
				       struct scan_report *report, struct diag_list *diags);
/* The same from memory; `name` is used for diagnostics and report->path. */
enum scan_load_result scan_report_load_buffer(struct scan_reader *reader, const char *data,
					      size_t length, const char *name,
					      struct scan_report *report, struct diag_list *diags);
/*
 * The same from a document already decoded (an evidence file the probes
 * have read), so the file is not read and parsed a second time.
 */
struct json_t;
enum scan_load_result scan_report_from_json(const struct json_t *root, const char *name,
					    const char *code_prefix, struct scan_report *report,
					    struct diag_list *diags);
void scan_report_release(struct scan_report *report);

/*
 * The members of a `trivy k8s --format json` report that list resources:
 * "Resources" (--report all), "Findings" (--report summary), and in the
 * releases before v0.45 "Vulnerabilities" and "Misconfigurations", the
 * same resources split by scanner. NULL-terminated.
 */
extern const char *const scan_report_cluster_members[];

/*
 * `trivy k8s --format json` ({"ClusterName", "Resources"} with --report all,
 * "Findings" with --report summary) holds one Trivy report per image the
 * cluster runs: a resource whose results list vulnerabilities or secrets.
 * Calls `visit` with each as a SchemaVersion 2 report (ArtifactName from
 * Metadata.RepoTags or the result Target without its "(os version)", the
 * resource's Metadata and Results, so indices match) and the pointer of
 * its resource ("/Resources/3"). Returns the number of images, or -1 if
 * `root` is not such a report.
 */
typedef void scan_cluster_image_fn(void *context, const struct json_t *report, const char *pointer);
long scan_report_cluster_images(const struct json_t *root, scan_cluster_image_fn *visit,
				void *context);

#endif
