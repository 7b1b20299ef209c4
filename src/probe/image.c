/*
 * Image probes: scanner reports (Trivy JSON SchemaVersion 2, Grype JSON)
 * and `docker inspect` output for images and containers. Reports are read
 * through io/scanner_report, the reader `srgap vulns` uses, so a severity
 * or a fixed version means the same in both; the decoded document is only
 * used to point at the evidence. The vulnerability threshold comes from
 * the inventory's policy (probe_settings.policy): by default a fixable
 * critical fails. It does not pull images or run scanners.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/scan_coverage.h"
#include "core/vulns.h"
#include "io/scanner_report.h"
#include "probe/kubernetes.h"
#include "probe/probe.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define KIND_REPORT	      "image.scan-report"
#define KIND_IN_CLUSTER	      "image.scan-report.cluster" /* one image of a trivy k8s report */
#define KIND_DOCKER_IMAGE     "image.docker-image"
#define KIND_DOCKER_CONTAINER "image.docker-container"
#define LIST_MAX	      200
#define SUBJECT_MAX	      600

/* The current report, read once for all the probes of its document. */
struct image_state {
	const json_t *root;
	char *file;
	int status; /* 0 loaded, -1 failed (problem says why) */
	char problem[400];
	struct scan_report report;
	/* Life-cycle scan coverage across every report of the run (SP 800-190 4.1.1). */
	struct scan_coverage coverage;
	char *newest_file[SCAN_STAGE_COUNT]; /* the report behind each stage's newest scan */
	char **scanned;			     /* image references the reports cover */
	size_t scanned_count;
	size_t scanned_capacity;
};

static bool trivy_report(const json_t *root)
{
	return json_is_integer(json_object_get(root, "SchemaVersion")) &&
	       (json_object_get(root, "Results") || json_object_get(root, "ArtifactName"));
}

static bool grype_report(const json_t *root)
{
	const json_t *name = json_object_get(json_object_get(root, "descriptor"), "name");
	return json_is_array(json_object_get(root, "matches")) &&
	       (json_is_object(json_object_get(root, "source")) ||
		(json_is_string(name) && !strcmp(json_string_value(name), "grype")));
}

static const char *image_sniff(const json_t *root)
{
	if (!json_is_object(root))
		return NULL;
	if (trivy_report(root) || grype_report(root))
		return KIND_REPORT;
	const char *id = json_string_value(json_object_get(root, "Id"));
	if (!id)
		return NULL;
	/* `docker inspect` of an image: Id is the config digest; of a container: a bare hex id. */
	if (!strncmp(id, "sha256:", 7) && json_is_object(json_object_get(root, "Config")) &&
	    (json_object_get(root, "RootFS") || json_object_get(root, "RepoTags")))
		return KIND_DOCKER_IMAGE;
	if (json_is_object(json_object_get(root, "State")) &&
	    json_is_object(json_object_get(root, "HostConfig")))
		return KIND_DOCKER_CONTAINER;
	return NULL;
}

/* ---------------------------------------------------------------- scanner reports */

static struct image_state *state_of(struct probe_run *run)
{
	void **slot = probe_run_state(run, &probe_family_image);
	if (!*slot) {
		struct image_state *state = xcalloc(1, sizeof(*state));
		const struct probe_settings *settings = probe_run_settings(run);
		scan_coverage_init(&state->coverage, settings->today,
				   settings->scan_max_age_days
					   ? settings->scan_max_age_days
					   : SCAN_COVERAGE_DEFAULT_MAX_AGE_DAYS);
		*slot = state;
	}
	return *slot;
}

/* The report behind `document`, or NULL after reporting why it cannot be read. */
static const struct scan_report *report_of(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document)
{
	struct image_state *state = state_of(run);
	if (state->root != document->root || !state->file || strcmp(state->file, document->file)) {
		scan_report_release(&state->report);
		free(state->file);
		state->file = xstrdup(document->file);
		state->root = document->root;
		state->problem[0] = '\0';
		struct diag_list diags;
		diag_list_init(&diags);
		/* The document is already decoded: read the report from it, not the file again. */
		enum scan_load_result result = scan_report_from_json(
			document->root, document->file, "evidence", &state->report, &diags);
		state->status = result == SCAN_LOAD_OK ? 0 : -1;
		if (state->status < 0)
			snprintf(state->problem, sizeof(state->problem), "%s",
				 diags.count ? diags.items[0].message
					     : "not a Trivy or Grype report");
		diag_list_release(&diags);
	}
	if (state->status < 0) {
		const char *name =
			json_string_value(json_object_get(document->root, "ArtifactName"));
		char subject[SUBJECT_MAX];
		snprintf(subject, sizeof(subject), "report %s", name ? name : "(unnamed)");
		probe_report(run, probe, document, PROBE_ERROR, subject, "",
			     "cannot read the scanner report: %s", state->problem);
		return NULL;
	}
	return &state->report;
}

static void report_subject(const struct scan_report *report, char *subject, size_t size)
{
	snprintf(subject, size, "%s %s",
		 report->artifact_type && strcmp(report->artifact_type, "container_image") &&
				 strcmp(report->artifact_type, "image")
			 ? report->artifact_type
			 : "image",
		 report->artifact);
}

static enum scan_severity policy_threshold(const struct probe_policy *policy, bool *valid)
{
	*valid = true;
	if (!policy || !policy->fail_on)
		return SCAN_SEVERITY_CRITICAL;
	for (int s = SCAN_SEVERITY_LOW; s < SCAN_SEVERITY_COUNT; s++)
		if (!strcasecmp(policy->fail_on, scan_severity_names[s]))
			return (enum scan_severity)s;
	*valid = false;
	return SCAN_SEVERITY_CRITICAL;
}

/*
 * Where finding `index` sits in the document. scan_report keeps findings in
 * document order (Trivy: Results[].Vulnerabilities[]; Grype: matches[]); the
 * id is compared so a reader change cannot make the pointer lie.
 */
static void finding_pointer(const json_t *root, const struct scan_report *report, size_t index,
			    char *pointer, size_t size)
{
	const struct scan_finding *finding = &report->findings[index];
	if (report->tool == SCAN_TOOL_GRYPE) {
		const json_t *match = json_array_get(json_object_get(root, "matches"), index);
		const char *id = json_string_value(
			json_object_get(json_object_get(match, "vulnerability"), "id"));
		snprintf(pointer, size,
			 id && !strcmp(id, finding->id) ? "/matches/%zu" : "/matches", index);
		return;
	}
	size_t seen = 0, r;
	const json_t *result;
	json_array_foreach(json_object_get(root, "Results"), r, result) {
		const json_t *list = json_object_get(result, "Vulnerabilities");
		size_t count = json_array_size(list);
		if (index < seen + count) {
			const char *id = json_string_value(json_object_get(
				json_array_get(list, index - seen), "VulnerabilityID"));
			if (id && !strcmp(id, finding->id)) {
				snprintf(pointer, size, "/Results/%zu/Vulnerabilities/%zu", r,
					 index - seen);
				return;
			}
			break;
		}
		seen += count;
	}
	snprintf(pointer, size, "/Results");
}

/*
 * Did the scan look for vulnerabilities? `trivy config` reports only
 * config results; anything else (packages found, or nothing at all) is a
 * vulnerability scan, and an unreadable report is one the reader explains.
 */
static bool vulnerability_scan(const json_t *root)
{
	if (!trivy_report(root))
		return true; /* Grype scans for nothing else */
	size_t index, other = 0;
	const json_t *result;
	json_array_foreach(json_object_get(root, "Results"), index, result) {
		const char *class_name = json_string_value(json_object_get(result, "Class"));
		if (json_object_get(result, "Vulnerabilities") || !class_name ||
		    !strcmp(class_name, "os-pkgs") || !strcmp(class_name, "lang-pkgs"))
			return true;
		other++;
	}
	return other == 0;
}

static void image_report_vulnerabilities(struct probe_run *run, const struct probe *probe,
					 const struct evidence_document *document)
{
	if (!vulnerability_scan(document->root))
		return;
	const struct scan_report *report = report_of(run, probe, document);
	if (!report)
		return;
	const struct probe_policy *policy = probe_run_settings(run)->policy;
	bool fixable_only = policy ? policy->fixable_only : true, valid;
	enum scan_severity threshold = policy_threshold(policy, &valid);
	char subject[SUBJECT_MAX], ids[LIST_MAX] = "", pointer[128] = "";
	report_subject(report, subject, sizeof(subject));
	if (!valid) {
		probe_report(run, probe, document, PROBE_ERROR, subject, "",
			     "policy fail_on '%s' is not a severity (critical, high, medium, low)",
			     policy->fail_on);
		return;
	}
	size_t failing = 0, below = 0, unfixed = 0;
	for (size_t i = 0; i < report->finding_count; i++) {
		const struct scan_finding *finding = &report->findings[i];
		if (finding->severity < threshold) {
			below++;
			continue;
		}
		if (fixable_only && !finding->fixed_count) {
			unfixed++;
			continue;
		}
		if (!failing++)
			finding_pointer(document->root, report, i, pointer, sizeof(pointer));
		/* A CVE often hits several packages: name it once. */
		if (!strstr(ids, finding->id)) {
			size_t length = strlen(ids);
			if (length + strlen(finding->id) + 5 < sizeof(ids))
				snprintf(ids + length, sizeof(ids) - length, "%s%s",
					 length ? ", " : "", finding->id);
			else if (!strstr(ids, "…"))
				snprintf(ids + length, sizeof(ids) - length, ", …");
		}
	}
	/* "critical", or "high or worse" when the policy lowers the bar. */
	char level[32];
	snprintf(level, sizeof(level), "%s%s", scan_severity_names[threshold],
		 threshold == SCAN_SEVERITY_CRITICAL ? "" : " or worse");
	const char *fixable = fixable_only ? "fixable " : "";
	if (failing) {
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "%zu %s%s finding%s: %s", failing, fixable, level,
			     failing == 1 ? "" : "s", ids);
		return;
	}
	char also[160] = "";
	if (unfixed)
		snprintf(also, sizeof(also), "; %zu %s without a fix yet", unfixed, level);
	probe_report(run, probe, document, PROBE_PASS, subject,
		     report->tool == SCAN_TOOL_GRYPE ? "/matches" : "/Results",
		     "no %s%s findings (%zu below the threshold%s)", fixable, level, below, also);
}

/* A container-image or filesystem scan: Trivy looks for secrets by default in both. */
static bool secret_scan_expected(const json_t *root)
{
	size_t index;
	const json_t *result;
	json_array_foreach(json_object_get(root, "Results"), index, result) {
		const char *class_name = json_string_value(json_object_get(result, "Class"));
		if (!class_name || strcmp(class_name, "config"))
			return true;
	}
	/* `trivy config` (only config results) does not scan for secrets. */
	return !json_array_size(json_object_get(root, "Results"));
}

static void image_report_secrets(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document)
{
	/* Grype does not look for secrets: nothing to say. */
	if (!trivy_report(document->root) || !secret_scan_expected(document->root))
		return;
	const struct scan_report *report = report_of(run, probe, document);
	if (!report)
		return;
	char subject[SUBJECT_MAX], rules[LIST_MAX] = "", pointer[96] = "";
	report_subject(report, subject, sizeof(subject));
	if (!report->secret_count) {
		/*
		 * Trivy's secret scanner is on by default for images and file
		 * systems (trivy.dev, "Secret Scanning"), so no Secrets means none found.
		 */
		probe_report(run, probe, document, PROBE_PASS, subject, "/Results",
			     "no embedded secrets reported (Trivy's secret scanning is on by "
			     "default)");
		return;
	}
	size_t r, s;
	const json_t *result, *secret;
	json_array_foreach(json_object_get(document->root, "Results"), r, result) {
		json_array_foreach(json_object_get(result, "Secrets"), s, secret) {
			/* The rule id names the kind of secret; Match and Code hold it: never
			 * shown. */
			const char *rule = json_string_value(json_object_get(secret, "RuleID"));
			if (!pointer[0])
				snprintf(pointer, sizeof(pointer), "/Results/%zu/Secrets/%zu", r,
					 s);
			if (rule && !strstr(rules, rule) &&
			    strlen(rules) + strlen(rule) + 5 < sizeof(rules))
				snprintf(rules + strlen(rules), sizeof(rules) - strlen(rules),
					 "%s%s", rules[0] ? ", " : "", rule);
		}
	}
	probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
		     "Trivy found %zu embedded secret%s%s%s%s", report->secret_count,
		     report->secret_count == 1 ? "" : "s", rules[0] ? " (" : "", rules,
		     rules[0] ? ")" : "");
}

static void image_report_misconfigurations(struct probe_run *run, const struct probe *probe,
					   const struct evidence_document *document)
{
	const json_t *results = json_object_get(document->root, "Results");
	size_t r, c, checks = 0;
	const json_t *result, *check;
	char ids[LIST_MAX] = "", pointer[96] = "";
	json_array_foreach(results, r, result) {
		const json_t *list = json_object_get(result, "Misconfigurations");
		checks +=
			json_array_size(list) + (json_object_get(result, "MisconfSummary") != NULL);
		json_array_foreach(list, c, check) {
			const char *status = json_string_value(json_object_get(check, "Status"));
			if (status && strcmp(status, "FAIL"))
				continue;
			const char *id = json_string_value(json_object_get(check, "ID"));
			if (!pointer[0])
				snprintf(pointer, sizeof(pointer),
					 "/Results/%zu/Misconfigurations/%zu", r, c);
			if (id && !strstr(ids, id) && strlen(ids) + strlen(id) + 5 < sizeof(ids))
				snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%s",
					 ids[0] ? ", " : "", id);
			else if (id && !strstr(ids, id) && !strstr(ids, "…"))
				snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), ", …");
		}
	}
	/* Misconfiguration scanning is off by default for images: no checks, no verdict. */
	if (!trivy_report(document->root) || !checks)
		return;
	const struct scan_report *report = report_of(run, probe, document);
	if (!report)
		return;
	char subject[SUBJECT_MAX];
	report_subject(report, subject, sizeof(subject));
	if (report->misconfiguration_count)
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "%zu failed misconfiguration check%s: %s",
			     report->misconfiguration_count,
			     report->misconfiguration_count == 1 ? "" : "s", ids);
	else
		probe_report(run, probe, document, PROBE_PASS, subject, "/Results",
			     "every misconfiguration check Trivy ran passed");
}

/* Docker's User: "" (unset), "0", "root", with or without ":group". */
static bool root_user(const char *user)
{
	size_t length = strcspn(user, ":");
	return length == 0 || (length == 1 && user[0] == '0') ||
	       (length == 4 && !strncmp(user, "root", 4));
}

static void image_report_user(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	/* Only Trivy image scans record the image config. */
	if (!trivy_report(document->root) ||
	    !probe_json_get(document->root, "Metadata.ImageConfig"))
		return;
	const struct scan_report *report = report_of(run, probe, document);
	if (!report)
		return;
	char subject[SUBJECT_MAX];
	report_subject(report, subject, sizeof(subject));
	const json_t *config = probe_json_get(document->root, "Metadata.ImageConfig.config");
	const char *at = json_object_get(config, "User") ? "/Metadata/ImageConfig/config/User"
			 : config			 ? "/Metadata/ImageConfig/config"
							 : "/Metadata/ImageConfig";
	if (!report->user)
		probe_report(
			run, probe, document, PROBE_ERROR, subject, at,
			"the report's image config has no config section; cannot tell the user");
	else if (root_user(report->user))
		probe_report(run, probe, document, PROBE_FAIL, subject, at,
			     "the image runs as root (%s)",
			     report->user[0] ? report->user : "no USER in its config");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, at,
			     "the image runs as user %s", report->user);
}

/* ---------------------------------------------------------------- docker inspect: images */

static void docker_image_subject(const json_t *root, char *subject, size_t size)
{
	const char *tag = json_string_value(json_array_get(json_object_get(root, "RepoTags"), 0));
	const char *id = json_string_value(json_object_get(root, "Id"));
	if (tag)
		snprintf(subject, size, "image %s", tag);
	else
		snprintf(subject, size, "image %.19s", id ? id : "(no id)");
}

static const json_t *image_config(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document, char *subject,
				  size_t size)
{
	docker_image_subject(document->root, subject, size);
	const json_t *config = json_object_get(document->root, "Config");
	if (!json_is_object(config))
		probe_report(run, probe, document, PROBE_ERROR, subject, "",
			     "Config is missing; docker inspect always prints it");
	return json_is_object(config) ? config : NULL;
}

static void image_config_user(struct probe_run *run, const struct probe *probe,
			      const struct evidence_document *document)
{
	char subject[SUBJECT_MAX];
	const json_t *config = image_config(run, probe, document, subject, sizeof(subject));
	if (!config)
		return;
	const char *user = json_string_value(json_object_get(config, "User"));
	if (!user)
		/* docker inspect prints "User": "" when the Dockerfile has no USER. */
		probe_report(run, probe, document, PROBE_ERROR, subject, "/Config",
			     "Config.User is missing");
	else if (root_user(user))
		probe_report(run, probe, document, PROBE_FAIL, subject, "/Config/User",
			     "the image runs as root (%s)",
			     user[0] ? user : "no USER in its config");
	else
		probe_report(run, probe, document, PROBE_PASS, subject, "/Config/User",
			     "the image runs as user %s", user);
}

static void image_config_ssh(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	char subject[SUBJECT_MAX], pointer[128] = "/Config/ExposedPorts";
	const json_t *config = image_config(run, probe, document, subject, sizeof(subject));
	if (!config)
		return;
	const json_t *ports = json_object_get(config, "ExposedPorts");
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)ports, key, value) {
		if (strcmp(key, "22") && strcmp(key, "22/tcp"))
			continue;
		probe_pointer_append(pointer, sizeof(pointer), key);
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "the image exposes port 22 (SSH): a remote shell inside a container");
		return;
	}
	probe_report(run, probe, document, PROBE_PASS, subject, ports ? pointer : "/Config",
		     "the image does not expose the SSH port");
}

/* Checks "NAME=VALUE" entries; fills the names found and the first index. */
static size_t secret_env(const json_t *env, char *names, size_t size, long *first)
{
	size_t found = 0, index;
	const json_t *item;
	*first = -1;
	json_array_foreach(env, index, item) {
		const char *entry = json_string_value(item);
		const char *equals = entry ? strchr(entry, '=') : NULL;
		char name[256];
		if (!equals || (size_t)(equals - entry) >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(equals - entry), entry);
		if (!probe_secret_reason(name, equals + 1))
			continue;
		if (*first < 0)
			*first = (long)index;
		found++;
		size_t length = strlen(names);
		if (length + strlen(name) + 5 < size)
			snprintf(names + length, size - length, "%s%s", length ? ", " : "", name);
		else if (!strstr(names, "…"))
			snprintf(names + length, size - length, ", …");
	}
	return found;
}

static void image_config_env(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	char subject[SUBJECT_MAX], names[LIST_MAX] = "", pointer[64];
	const json_t *config = image_config(run, probe, document, subject, sizeof(subject));
	if (!config)
		return;
	long first;
	size_t found = secret_env(json_object_get(config, "Env"), names, sizeof(names), &first);
	if (found) {
		snprintf(pointer, sizeof(pointer), "/Config/Env/%ld", first);
		probe_report(run, probe, document, PROBE_FAIL, subject, pointer,
			     "secret%s baked into the image's environment: %s",
			     found == 1 ? "" : "s", names);
	} else {
		probe_report(run, probe, document, PROBE_PASS, subject, "/Config/Env",
			     "no secret-looking values in the image's environment");
	}
}

/* ---------------------------------------------------------------- docker inspect: containers */

struct docker_container {
	char subject[SUBJECT_MAX];
	const json_t *host; /* HostConfig */
};

static void container_of(const struct evidence_document *document, struct docker_container *c)
{
	const json_t *root = document->root;
	const char *name = json_string_value(json_object_get(root, "Name"));
	const char *image = probe_json_string(root, "Config.Image");
	const char *id = json_string_value(json_object_get(root, "Id"));
	if (name && name[0] == '/')
		name++;
	snprintf(c->subject, sizeof(c->subject), "container %s%s%s%s",
		 name && *name ? name
		 : id	       ? id
			       : "(unnamed)",
		 image ? " (" : "", image ? image : "", image ? ")" : "");
	c->host = json_object_get(root, "HostConfig");
}

/*
 * A HostConfig member docker inspect always prints, of the type it prints
 * (`expected` is a jansson type; JSON_ARRAY also admits null, as Docker
 * writes null for an empty list). An error result when it is not so.
 */
static const json_t *host_field(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document,
				const struct docker_container *c, const char *field,
				json_type expected)
{
	const json_t *value = json_object_get(c->host, field);
	bool boolean = expected == JSON_TRUE || expected == JSON_FALSE;
	if (value && (boolean		       ? json_is_boolean(value)
		      : expected == JSON_ARRAY ? json_is_array(value) || json_is_null(value)
					       : json_typeof(value) == expected))
		return value;
	char pointer[96] = "/HostConfig";
	if (value)
		probe_pointer_append(pointer, sizeof(pointer), field);
	probe_report(run, probe, document, PROBE_ERROR, c->subject, pointer,
		     value ? "HostConfig.%s is not what docker inspect prints"
			   : "HostConfig.%s is missing; docker inspect always prints it",
		     field);
	return NULL;
}

static void container_privileged(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	const json_t *value = host_field(run, probe, document, &c, "Privileged", JSON_TRUE);
	if (!value)
		return;
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_FAIL, c.subject, "/HostConfig/Privileged",
			     "runs privileged (--privileged): root on the host with every device");
	else
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/HostConfig/Privileged",
			     "not privileged");
}

static void upper_capability(const char *text, char *out, size_t size)
{
	if (!strncasecmp(text, "CAP_", 4))
		text += 4;
	size_t i = 0;
	for (; text[i] && i + 1 < size; i++)
		out[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 'a' + 'A' : text[i]);
	out[i] = '\0';
}

static void container_capabilities(struct probe_run *run, const struct probe *probe,
				   const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	if (!host_field(run, probe, document, &c, "CapAdd", JSON_ARRAY) ||
	    !host_field(run, probe, document, &c, "CapDrop", JSON_ARRAY))
		return;
	char name[64], added[LIST_MAX] = "", pointer[64] = "";
	bool drops_all = false;
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(c.host, "CapDrop"), index, item) {
		upper_capability(json_string_value(item) ? json_string_value(item) : "", name,
				 sizeof(name));
		drops_all |= !strcmp(name, "ALL");
	}
	json_array_foreach(json_object_get(c.host, "CapAdd"), index, item) {
		upper_capability(json_string_value(item) ? json_string_value(item) : "?", name,
				 sizeof(name));
		if (!strcmp(name, "NET_BIND_SERVICE"))
			continue;
		if (!pointer[0])
			snprintf(pointer, sizeof(pointer), "/HostConfig/CapAdd/%zu", index);
		size_t length = strlen(added);
		if (length + strlen(name) + 5 < sizeof(added))
			snprintf(added + length, sizeof(added) - length, "%s%s", length ? ", " : "",
				 name);
	}
	if (pointer[0])
		probe_report(run, probe, document, PROBE_FAIL, c.subject, pointer,
			     "adds capabilities %s%s", added,
			     drops_all ? "" : " and does not drop ALL");
	else if (!drops_all)
		probe_report(run, probe, document, PROBE_FAIL, c.subject, "/HostConfig/CapDrop",
			     "does not drop ALL capabilities (--cap-drop ALL): it keeps Docker's "
			     "default set (NET_RAW, CHOWN, SETUID…)");
	else
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/HostConfig/CapDrop",
			     "drops ALL capabilities");
}

static void container_read_only(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	const json_t *value = host_field(run, probe, document, &c, "ReadonlyRootfs", JSON_TRUE);
	if (!value)
		return;
	if (json_is_true(value))
		probe_report(run, probe, document, PROBE_PASS, c.subject,
			     "/HostConfig/ReadonlyRootfs", "the root filesystem is read-only");
	else
		probe_report(run, probe, document, PROBE_FAIL, c.subject,
			     "/HostConfig/ReadonlyRootfs",
			     "the root filesystem is writable (no --read-only)");
}

static void container_host_namespaces(struct probe_run *run, const struct probe *probe,
				      const struct evidence_document *document)
{
	static const char *const fields[] = {"NetworkMode", "PidMode", "IpcMode", "UTSMode"};
	static const char *const words[] = {"network", "PID", "IPC", "UTS"};
	struct docker_container c;
	container_of(document, &c);
	if (!host_field(run, probe, document, &c, "NetworkMode", JSON_STRING))
		return;
	char shared[LIST_MAX] = "", pointer[64] = "";
	const char *found[4];
	size_t count = 0;
	for (size_t i = 0; i < 4; i++) {
		const char *mode = json_string_value(json_object_get(c.host, fields[i]));
		if (!mode || strcmp(mode, "host"))
			continue;
		if (!count)
			snprintf(pointer, sizeof(pointer), "/HostConfig/%s", fields[i]);
		found[count++] = words[i];
	}
	for (size_t i = 0; i < count; i++)
		snprintf(shared + strlen(shared), sizeof(shared) - strlen(shared), "%s%s",
			 i == 0		  ? ""
			 : i + 1 == count ? " and "
					  : ", ",
			 found[i]);
	if (count)
		probe_report(run, probe, document, PROBE_FAIL, c.subject, pointer,
			     "shares the host's %s namespace%s", shared, count == 1 ? "" : "s");
	else
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/HostConfig",
			     "does not share the host's network, process, IPC or UTS namespaces");
}

static void container_bind_mounts(struct probe_run *run, const struct probe *probe,
				  const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	const json_t *mounts = json_object_get(document->root, "Mounts");
	if (!json_is_array(mounts)) {
		probe_report(run, probe, document, PROBE_ERROR, c.subject, "",
			     "Mounts is missing; docker inspect always prints it");
		return;
	}
	char sensitive[LIST_MAX] = "", pointer[64] = "", normal[512];
	size_t index, binds = 0;
	const json_t *mount;
	json_array_foreach(mounts, index, mount) {
		const char *type = json_string_value(json_object_get(mount, "Type"));
		const char *source = json_string_value(json_object_get(mount, "Source"));
		if (!type || strcmp(type, "bind") || !source)
			continue;
		binds++;
		const struct kubernetes_host_path_risk *risk =
			kubernetes_host_path_risk(source, normal, sizeof(normal));
		/* docker inspect prints RW for every mount; read-only is enough for /var/log. */
		if (!risk || (risk->read_only_helps && json_is_false(json_object_get(mount, "RW"))))
			continue;
		if (!pointer[0])
			snprintf(pointer, sizeof(pointer), "/Mounts/%zu/Source", index);
		size_t length = strlen(sensitive);
		if (length + strlen(normal) + 5 < sizeof(sensitive))
			snprintf(sensitive + length, sizeof(sensitive) - length, "%s%s",
				 length ? ", " : "", normal);
	}
	if (pointer[0])
		probe_report(run, probe, document, PROBE_FAIL, c.subject, pointer,
			     "bind-mounts sensitive host paths: %s", sensitive);
	else
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/Mounts",
			     binds ? "bind mounts only outside sensitive host directories"
				   : "no bind mounts from the host");
}

static void container_memory(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	const json_t *value = host_field(run, probe, document, &c, "Memory", JSON_INTEGER);
	if (!value)
		return;
	json_int_t bytes = json_integer_value(value);
	if (bytes > 0)
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/HostConfig/Memory",
			     "memory limited to %lld MiB", (long long)(bytes / (1024 * 1024)));
	else
		probe_report(run, probe, document, PROBE_FAIL, c.subject, "/HostConfig/Memory",
			     "no memory limit (--memory): it can exhaust the host's memory");
}

static void container_no_new_privileges(struct probe_run *run, const struct probe *probe,
					const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	if (!host_field(run, probe, document, &c, "SecurityOpt", JSON_ARRAY))
		return;
	size_t index;
	const json_t *item;
	json_array_foreach(json_object_get(c.host, "SecurityOpt"), index, item) {
		const char *option = json_string_value(item);
		if (option && (!strcmp(option, "no-new-privileges") ||
			       !strcmp(option, "no-new-privileges:true") ||
			       !strcmp(option, "no-new-privileges=true"))) {
			char pointer[64];
			snprintf(pointer, sizeof(pointer), "/HostConfig/SecurityOpt/%zu", index);
			probe_report(run, probe, document, PROBE_PASS, c.subject, pointer,
				     "no-new-privileges is set");
			return;
		}
	}
	probe_report(run, probe, document, PROBE_FAIL, c.subject, "/HostConfig/SecurityOpt",
		     "no-new-privileges is not set on the container: setuid binaries can gain "
		     "privileges (unless the daemon sets it for every container)");
}

static void container_user(struct probe_run *run, const struct probe *probe,
			   const struct evidence_document *document)
{
	struct docker_container c;
	container_of(document, &c);
	const char *user = probe_json_string(document->root, "Config.User");
	if (!user)
		probe_report(run, probe, document, PROBE_ERROR, c.subject, "/Config",
			     "Config.User is missing; docker inspect always prints it");
	else if (root_user(user))
		probe_report(run, probe, document, PROBE_FAIL, c.subject, "/Config/User",
			     "runs as root (%s)",
			     user[0] ? user : "no --user and no USER in the image");
	else
		probe_report(run, probe, document, PROBE_PASS, c.subject, "/Config/User",
			     "runs as user %s", user);
}

/* ---------------------------------------------------------------- life-cycle coverage */

static void remember_scanned(struct image_state *state, const char *reference)
{
	if (!reference || !*reference)
		return;
	state->scanned = xgrow(state->scanned, &state->scanned_capacity, state->scanned_count + 1,
			       sizeof(*state->scanned));
	state->scanned[state->scanned_count++] = xstrdup(reference);
}

/*
 * Notes the report's stage (declared in the inventory, else its build/,
 * registry/ or runtime/ folder), its scan date and the image it covers.
 * Results come in image_finish, once every report has been seen.
 */
static void note_scan(struct probe_run *run, const struct probe *probe,
		      const struct evidence_document *document)
{
	const struct scan_report *report = report_of(run, probe, document);
	if (!report)
		return;
	struct image_state *state = state_of(run);
	const struct probe_settings *settings = probe_run_settings(run);
	if (settings->vulns)
		vulns_add_report(settings->vulns, report, settings->vulns_environment_weight);
	int stage = probe_run_stage_of(run, document->file);
	/* `trivy k8s` scans the images a cluster runs: the runtime stage, wherever it is saved. */
	if (stage == SCAN_STAGE_NONE && document->kind && !strcmp(document->kind, KIND_IN_CLUSTER))
		stage = SCAN_STAGE_RUNTIME;
	long day = 0;
	bool dated = report->created && scan_coverage_parse_day(report->created, &day);
	const struct scan_coverage_stage *before =
		stage != SCAN_STAGE_NONE ? &state->coverage.stages[stage] : NULL;
	bool newer = before && dated && (!before->dated || day > before->newest_day);
	scan_coverage_add(&state->coverage, stage, dated, day);
	if (stage != SCAN_STAGE_NONE && (newer || !state->newest_file[stage])) {
		free(state->newest_file[stage]);
		state->newest_file[stage] = xstrdup(document->file);
	}
	remember_scanned(state, report->artifact);
	for (size_t i = 0; i < report->repo_tag_count; i++)
		remember_scanned(state, report->repo_tags[i]);
	for (size_t i = 0; i < report->repo_digest_count; i++)
		remember_scanned(state, report->repo_digests[i]);
}

static void note_container_image(struct probe_run *run, const struct probe *probe,
				 const struct evidence_document *document)
{
	const char *image = probe_json_string(document->root, "Config.Image");
	struct docker_container c;
	container_of(document, &c);
	if (image)
		probe_run_note_running_image(run, image, c.subject, document->file,
					     document->pointer);
}

/* Same repository, and the same digest or the same tag (no tag means latest). */
static bool same_image(const char *running, const char *scanned)
{
	struct kubernetes_image a, b;
	if (kubernetes_image_parse(running, &a) < 0 || kubernetes_image_parse(scanned, &b) < 0)
		return false;
	if (strcmp(a.name, b.name))
		return false;
	if (a.digest[0] || b.digest[0])
		return a.digest[0] && b.digest[0] && !strcmp(a.digest, b.digest);
	return !strcmp(a.tag[0] ? a.tag : "latest", b.tag[0] ? b.tag : "latest");
}

static void report_stage_coverage(struct probe_run *run, const struct probe *probe,
				  const struct image_state *state)
{
	static const char *const stage_controls[SCAN_STAGE_COUNT][2] = {
		{"4.1.1a", NULL}, {"4.1.1b", NULL}, {"4.1.1c", NULL}};
	static const char *const stage_words[SCAN_STAGE_COUNT] = {"build (CI)", "registry",
								  "runtime"};
	for (int s = 0; s < SCAN_STAGE_COUNT; s++) {
		const struct scan_coverage_stage *stage = &state->coverage.stages[s];
		if (!stage->reports)
			continue; /* no evidence for the stage: the claim can be at most "claimed"
				   */
		char subject[64], newest[16];
		snprintf(subject, sizeof(subject), "%s scanning", stage_words[s]);
		const char *file = state->newest_file[s];
		if (!stage->dated) {
			probe_report_at(run, probe, stage_controls[s], PROBE_ERROR, subject, file,
					"",
					"%zu report%s, none dated (Trivy CreatedAt, Grype "
					"descriptor.timestamp): cannot tell how old the scans are",
					stage->reports, stage->reports == 1 ? "" : "s");
			continue;
		}
		date_format(stage->newest_day, newest, sizeof(newest));
		if (stage->stale)
			probe_report_at(run, probe, stage_controls[s], PROBE_FAIL, subject, file,
					"",
					"the newest of %zu report%s is from %s, %ld days old; the "
					"policy allows %u (scan_max_age_days)",
					stage->reports, stage->reports == 1 ? "" : "s", newest,
					stage->age_days, state->coverage.max_age_days);
		else
			probe_report_at(run, probe, stage_controls[s], PROBE_PASS, subject, file,
					"", "%zu report%s, the newest from %s (%ld day%s old)",
					stage->reports, stage->reports == 1 ? "" : "s", newest,
					stage->age_days, stage->age_days == 1 ? "" : "s");
	}
}

struct running_coverage {
	const struct probe *probe;
	const struct image_state *state;
};

static void report_running_image(struct probe_run *run, const struct probe_running_image *running,
				 void *context)
{
	const struct running_coverage *coverage = context;
	const struct image_state *state = coverage->state;
	const struct probe_settings *settings = probe_run_settings(run);
	if (settings->vulns)
		vulns_add_workload(settings->vulns, running->image, settings->internet_facing);
	size_t j = 0;
	while (j < state->scanned_count && !same_image(running->image, state->scanned[j]))
		j++;
	if (j < state->scanned_count)
		probe_report_at(run, coverage->probe, NULL, PROBE_PASS, running->subject,
				running->file, running->pointer,
				"runs %s, which a scanner report covers", running->image);
	else
		probe_report_at(run, coverage->probe, NULL, PROBE_FAIL, running->subject,
				running->file, running->pointer,
				"runs %s, which no scanner report in the evidence covers",
				running->image);
}

/* ---------------------------------------------------------------- the family */

static void image_finish(struct probe_run *run)
{
	void **slot = probe_run_state(run, &probe_family_image);
	if (!*slot && !probe_run_running_image_count(run))
		return;
	struct image_state *state = state_of(run);
	report_stage_coverage(run, probe_find("image.scan.stage-age", NULL), state);
	struct running_coverage coverage = {probe_find("image.scan.running-images", NULL), state};
	probe_run_each_running_image(run, report_running_image, &coverage);
	for (int s = 0; s < SCAN_STAGE_COUNT; s++)
		free(state->newest_file[s]);
	for (size_t i = 0; i < state->scanned_count; i++)
		free(state->scanned[i]);
	free(state->scanned);
	scan_report_release(&state->report);
	free(state->file);
	free(state);
	*slot = NULL;
}

static const char *const controls_vulnerabilities[] = {"4.1.1d", NULL};
static const char *const controls_scan_stages[] = {"4.1.1a", "4.1.1b", "4.1.1c", NULL};
static const char *const controls_running_scanned[] = {"4.1.1c", NULL};
static const char *const controls_image_secrets[] = {"4.1.4a", NULL};
static const char *const controls_misconfigurations[] = {"4.1.2a", NULL};
static const char *const controls_image_user[] = {"4.1.2d", NULL};
static const char *const controls_ssh[] = {"4.1.2e", NULL};
static const char *const controls_privileged[] = {"4.4.3a", NULL};
static const char *const controls_least_privilege[] = {"4.4.3b", NULL};
static const char *const controls_read_only[] = {"4.4.4b", NULL};
static const char *const controls_host_mounts[] = {"4.5.5a", NULL};
static const char *const controls_limits[] = {"4.4.3d", NULL};

static const struct probe image_probes[] = {
	{"image.config.env-secrets", "images carry no secrets in their environment",
	 KIND_DOCKER_IMAGE, controls_image_secrets, image_config_env},
	{"image.config.ssh-port", "images do not expose the SSH port", KIND_DOCKER_IMAGE,
	 controls_ssh, image_config_ssh},
	{"image.config.user", "images name a non-root USER", KIND_DOCKER_IMAGE, controls_image_user,
	 image_config_user},
	{"image.container.bind-mounts", "containers bind-mount no sensitive host paths",
	 KIND_DOCKER_CONTAINER, controls_host_mounts, container_bind_mounts},
	{"image.container.capabilities", "containers drop ALL capabilities and add none",
	 KIND_DOCKER_CONTAINER, controls_least_privilege, container_capabilities},
	{"image.container.host-namespaces",
	 "containers do not share the host's network, PID, IPC or UTS namespace",
	 KIND_DOCKER_CONTAINER, controls_privileged, container_host_namespaces},
	{"image.container.memory-limit", "containers have a memory limit", KIND_DOCKER_CONTAINER,
	 controls_limits, container_memory},
	{"image.container.no-new-privileges", "containers run with no-new-privileges",
	 KIND_DOCKER_CONTAINER, controls_least_privilege, container_no_new_privileges},
	{"image.container.privileged", "containers are not privileged", KIND_DOCKER_CONTAINER,
	 controls_privileged, container_privileged},
	{"image.container.read-only-root-filesystem", "containers have a read-only root filesystem",
	 KIND_DOCKER_CONTAINER, controls_read_only, container_read_only},
	{"image.container.user", "containers run as a non-root user", KIND_DOCKER_CONTAINER,
	 controls_least_privilege, container_user},
	{"image.report.misconfigurations", "Trivy misconfiguration checks pass", KIND_REPORT,
	 controls_misconfigurations, image_report_misconfigurations},
	{"image.report.secrets", "scanned images hold no embedded secrets", KIND_REPORT,
	 controls_image_secrets, image_report_secrets},
	{"image.report.user", "scanned images name a non-root USER", KIND_REPORT,
	 controls_image_user, image_report_user},
	{"image.report.vulnerabilities",
	 "scanned images have no fixable vulnerability at or above the policy threshold "
	 "(default: critical)",
	 KIND_REPORT, controls_vulnerabilities, image_report_vulnerabilities},
	{"image.scan.running-images", "every image that workloads run is covered by a scan report",
	 KIND_DOCKER_CONTAINER, controls_running_scanned, note_container_image},
	{"image.scan.stage-age",
	 "each life-cycle stage with scan reports (build, registry, runtime) scanned recently "
	 "(policy scan_max_age_days, default 7)",
	 KIND_REPORT, controls_scan_stages, note_scan},
};

void probe_image_report(struct probe_run *run, const struct evidence_document *document)
{
	struct evidence_document in_cluster = *document;
	in_cluster.kind = KIND_IN_CLUSTER;
	for (size_t p = 0; p < probe_family_image.probe_count; p++) {
		const struct probe *probe = &probe_family_image.probes[p];
		/* The cluster report's own misconfiguration checks are mapped one by one. */
		if (!strcmp(probe->kind, KIND_REPORT) &&
		    strcmp(probe->id, "image.report.misconfigurations"))
			probe->check(run, probe, &in_cluster);
	}
	/* The next image's report may be built at this one's address: never reuse the cache. */
	state_of(run)->root = NULL;
}

const struct probe_family probe_family_image = {
	.name = "image",
	.probes = image_probes,
	.probe_count = sizeof(image_probes) / sizeof(image_probes[0]),
	.sniff = image_sniff,
	.finish = image_finish,
};
