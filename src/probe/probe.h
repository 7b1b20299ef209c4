/*
 * Probes verify claims from evidence instead of trusting them. One probe is
 * one check (id, title, the controls it verifies, the evidence kind it
 * reads); for every subject it inspects it reports pass, fail, error or skip with
 * a one-line detail and the evidence location (file + RFC 6901 pointer).
 *
 * Probes live in families, one file per family (aws.c, azure.c, gcp.c,
 * kubernetes.c, image.c, host.c), each exporting one `struct probe_family`
 * listed in src/probe/registry.c. A family recognizes its documents by
 * content (`sniff`), never by file name. Probes never print and never read
 * globals: everything comes in through `struct probe_run`.
 *
 * Adding a probe to a family: write its check function, add one line to the
 * family's probe table. Adding a family:
 *   1. write src/probe/NAME.c with `const struct probe_family probe_family_NAME`;
 *   2. declare it at the bottom of this header;
 *   3. add it to the table in src/probe/registry.c (kept sorted) and to src/meson.build;
 *   4. add tests/unit/test_probe_NAME.c with pass and fail fixtures for every probe.
 */
#ifndef SRGAP_PROBE_PROBE_H
#define SRGAP_PROBE_PROBE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/probe_results.h"

struct diag_list;
struct models;
struct probe_run;
struct tool_mappings;

/* One decoded evidence document: a whole file, a List item, a YAML document. */
struct evidence_document {
	const char *file;    /* path as given (or "PATH (document N)") */
	const char *pointer; /* where `root` sits in the file: "" or "/items/7" */
	const json_t *root;
	const char *kind; /* what the family's sniff said it is */
};

struct probe {
	const char *id;		     /* "aws.eks.endpoint-public": family.resource.check */
	const char *title;	     /* what passing means, as a sentence fragment */
	const char *kind;	     /* the evidence kind it reads, e.g. "aws.eks.cluster" */
	const char *const *controls; /* NULL-terminated control ids it verifies */
	void (*check)(struct probe_run *run, const struct probe *probe,
		      const struct evidence_document *document);
};

struct probe_family {
	const char *name; /* "aws" */
	const struct probe *probes;
	size_t probe_count;
	/* The evidence kind of a document (a static string), or NULL if not this family's. */
	const char *(*sniff)(const json_t *root);
	/*
	 * Optional: called for every document the family recognized, before its
	 * probes, to note facts other documents' checks need (the ServiceAccount
	 * a pod runs as, the roles a binding refers to).
	 */
	void (*observe)(struct probe_run *run, const struct evidence_document *document);
	/*
	 * Optional: called once after every document, for checks that span
	 * documents (e.g. namespaces with workloads but no default-deny
	 * policy). Must free the family's state (probe_run_state).
	 */
	void (*finish)(struct probe_run *run);
};

/* What a run knows about its context (from the inventory; all optional). */
struct probe_settings {
	const char *const *trusted_registries;
	size_t trusted_registry_count;
	long today; /* days since 1970-01-01: the assessment date */
	/* The loaded catalog and provider models (support calendars), or NULL. */
	const struct models *models;
	/* models/tool-mappings.yaml (kube-bench, docker-bench, Lynis ids), or NULL. */
	const struct tool_mappings *tool_mappings;
	/* Vulnerability threshold for scanner reports (inventory `policy:`), or NULL. */
	const struct probe_policy *policy;
	/* The newest scan of a life-cycle stage may be this many days old (0: the default, 7). */
	unsigned scan_max_age_days;
	/*
	 * Where scanner reports and running images also go, for the ranked fix
	 * plan of the whole assessment (core/vulns.h), or NULL; with the weight
	 * and exposure of the environment being probed.
	 */
	struct vulns_estate *vulns;
	unsigned vulns_environment_weight;
	bool internet_facing;
};

/* No policy means the default: fail on a fixable critical vulnerability. */
struct probe_policy {
	/* The lowest failing severity: "critical" (also when NULL), "high", "medium", "low". */
	const char *fail_on;
	bool fixable_only; /* count only vulnerabilities with a fixed version */
};

/*
 * Runs every probe that applies to the files under `path` (a file or a
 * directory, walked recursively in sorted order) and appends results to
 * `results`. Unrecognized files are recorded in results->unrecognized;
 * malformed recognized files add a diagnostic and the run goes on.
 * Returns 0, or -1 if `path` cannot be read at all.
 */
int probe_evidence(const char *path, const struct probe_settings *settings,
		   struct probe_results *results, struct diag_list *diags);

/*
 * A run over several sources whose cross-document checks (`finish`) must
 * see them together, e.g. the outputs of several live commands for one
 * cluster. probe_evidence is new + path + free.
 */
struct probe_run *probe_run_new(const struct probe_settings *settings,
				struct probe_results *results);
/*
 * Probes a file or a folder. `name`, when not NULL, is reported as the
 * file of every result instead of `path` (live output saved to a temporary
 * file is reported as the command that printed it). Returns 0, or -1 if
 * `path` cannot be read at all.
 */
int probe_run_path(struct probe_run *run, const char *path, const char *name,
		   struct diag_list *diags);
/*
 * The same for an inventory's evidence folder: `path` is where it is from
 * here, `shown` what the inventory wrote; results name their files as
 * `shown` plus the path below the folder ("evidence/prod/eks.json"), never
 * the assessing machine's own path. Diagnostics keep the path from here.
 */
int probe_run_path_as(struct probe_run *run, const char *path, const char *shown,
		      struct diag_list *diags);
/*
 * The scan stage (enum scan_stage) the next paths were declared for in the
 * inventory, or -1 to take it from a build/, registry/ or runtime/ folder.
 */
void probe_run_declare_stage(struct probe_run *run, int stage);
/*
 * The scan stage of a file of the path being probed: the declared one, else
 * a build/, registry/ or runtime/ folder at or below the path (never one
 * above it: scan_stage_from_evidence_path), or -1.
 */
int probe_run_stage_of(const struct probe_run *run, const char *file);

/*
 * Images that workloads run (Kubernetes pod specs, docker containers), noted
 * by the families that see them so that the image family can tell which
 * running images no scanner report covers (SP 800-190 4.1.1).
 */
struct probe_running_image {
	const char *image;   /* the reference as written: "shop/api:1.4", "nginx@sha256:..." */
	const char *subject; /* "deployment shop/web container api" */
	const char *file;
	const char *pointer;
};
void probe_run_note_running_image(struct probe_run *run, const char *image, const char *subject,
				  const char *file, const char *pointer);
size_t probe_run_running_image_count(const struct probe_run *run);
/*
 * Calls `each` for every running image noted, in the order noted; the
 * entry's strings live for that call only. They are kept in a temporary
 * file, not in memory: one per container of every pod.
 */
typedef void probe_running_image_fn(struct probe_run *run, const struct probe_running_image *image,
				    void *context);
void probe_run_each_running_image(struct probe_run *run, probe_running_image_fn *each,
				  void *context);

/*
 * Runs the image family's scanner-report probes (vulnerabilities, secrets,
 * image user, scan coverage) on one image's Trivy report that another family
 * found inside its document: the per-image results of a `trivy k8s` report.
 * `document->root` is a Trivy SchemaVersion 2 report whose Results indices
 * match the original's, so pointers lead into the original document; it is
 * counted as a runtime-stage scan.
 */
void probe_image_report(struct probe_run *run, const struct evidence_document *document);

/*
 * The Kubernetes version of the cluster the evidence describes, as a cloud
 * family read it (EKS `version`, AKS `currentKubernetesVersion`, GKE
 * `currentMasterVersion`), for checks whose meaning changed between
 * versions. With several clusters the newest counts, the stricter reading.
 * The getter returns false when no version was noted.
 */
void probe_run_note_kubernetes_version(struct probe_run *run, long major, long minor);
bool probe_run_kubernetes_version(const struct probe_run *run, long *major, long *minor);

/* Runs every family's finish hook, sorts the results and frees the run (NULL is fine). */
void probe_run_free(struct probe_run *run);
struct probe_results *probe_run_results(struct probe_run *run);

/*
 * Probes a Linux container host whose files are under `root` ("/" for this
 * machine): OS, MAC, Docker daemon settings and socket, audit rules, kernel
 * sysctls (src/probe/host.c). Missing files are reported as results, not
 * diagnostics; a malformed daemon.json adds a diagnostic too. Returns 0,
 * or -1 if `root` is not a readable directory.
 */
int probe_host(const char *root, const struct probe_settings *settings,
	       struct probe_results *results, struct diag_list *diags);

/* Reporting, for check functions. `pointer` is relative to the document (may be NULL). */
void probe_report(struct probe_run *run, const struct probe *probe,
		  const struct evidence_document *document, enum probe_outcome outcome,
		  const char *subject, const char *pointer, const char *format, ...)
	__attribute__((format(printf, 7, 8)));
/*
 * Reporting for results that do not sit in one decoded document (host
 * files, live commands, tool checks mapped by models/tool-mappings.yaml):
 * file and pointer as given (either may be NULL: a text file has no JSON
 * pointer), and `controls` for this result (NULL: the probe's own). The
 * controls array must outlive the results.
 */
void probe_report_at(struct probe_run *run, const struct probe *probe, const char *const *controls,
		     enum probe_outcome outcome, const char *subject, const char *file,
		     const char *pointer, const char *format, ...)
	__attribute__((format(printf, 8, 9)));
const struct probe_settings *probe_run_settings(const struct probe_run *run);
/* Per-family scratch state for `finish`; starts NULL. */
void **probe_run_state(struct probe_run *run, const struct probe_family *family);

/* Registry. */
extern const struct probe_family *const probe_families[]; /* NULL-terminated, sorted by name */
const struct probe *probe_find(const char *id, const struct probe_family **family);

/*
 * JSON helpers for check functions. Paths are dot-separated member names
 * ("cluster.resourcesVpcConfig.endpointPublicAccess"); `_ci` variants match
 * member names case-insensitively, because az prints `enableRbac` where the
 * REST API says `enableRBAC`.
 */
const json_t *probe_json_get(const json_t *root, const char *path);
const json_t *probe_json_get_ci(const json_t *root, const char *path);
/* The string at path, or NULL. */
const char *probe_json_string(const json_t *root, const char *path);
/* Appends "/" + key with RFC 6901 escaping (~ -> ~0, / -> ~1) to a pointer buffer. */
void probe_pointer_append(char *pointer, size_t size, const char *key);
/* "1.29", "1.29.3" or "1.29.1-gke.1589000" -> 1, 29. Returns 0, or -1. */
int probe_parse_minor_version(const char *text, long *major, long *minor);

/*
 * How a provider supports Kubernetes minor versions, for
 * probe_version_support (src/probe/version_support.c).
 */
struct version_support_policy {
	const char *provider;	   /* "aws": whose `kubernetes_versions:` calendar */
	const char *platform;	   /* "EKS", as the messages name it */
	unsigned min_support_days; /* the shortest standard support a new minor gets */
	const char *support_span;  /* the same in words: "14 months" */
	const char *after_end;	   /* what follows standard support, for a failure */
};

/*
 * Judges a cluster on Kubernetes MAJOR.MINOR against the provider's calendar
 * and the run's date: pass while in standard support, fail once past its
 * end (the first day out of support is a failure), error when the calendar
 * is missing or cannot tell. Reports at `pointer` (the version field).
 */
void probe_version_support(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document, const char *subject,
			   const char *pointer, const struct version_support_policy *policy,
			   long major, long minor);

/*
 * Why an environment variable looks like a secret kept in plain text: its
 * name ("PASSWORD", "API_KEY", ...) or its value's shape (an AWS access key
 * id, a private key, a token format). Returns a static phrase such as "name
 * contains TOKEN", never the value, or NULL. Empty values and references
 * (paths, ARNs, ${VAR}) are not secrets.
 */
const char *probe_secret_reason(const char *name, const char *value);

extern const struct probe_family probe_family_aws;
extern const struct probe_family probe_family_azure;
extern const struct probe_family probe_family_gcp;
extern const struct probe_family probe_family_host;
extern const struct probe_family probe_family_image;
extern const struct probe_family probe_family_kubernetes;
extern const struct probe_family probe_family_tools;

#endif
