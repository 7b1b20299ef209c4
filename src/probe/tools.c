/*
 * Results of audit tools that teams already run: kube-bench --json (one
 * Controls block, a {"Controls": [...], "Totals": ...} run, or an array of
 * Controls blocks), docker-bench-security's JSON log and Lynis's
 * lynis-report.dat (key=value text, decoded by src/io/keyvalue.c). Each
 * check that models/tool-mappings.yaml maps becomes one result for the
 * controls it lists, with the tool's own id, status and text in the detail.
 * A check the tool itself gives no verdict on (kube-bench WARN/INFO,
 * docker-bench NOTE/INFO, a Lynis skipped test) is a `skip`, never an error.
 * Reports of cluster scanners are read the same way: `trivy k8s --format
 * json` (its images go to the image family's report probes), Kubescape and
 * Polaris JSON, one result per resource and check. A check the table does
 * not map is counted (results->unmapped_checks), never judged here.
 */
#include "probe/tools.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "io/scanner_report.h"
#include "io/yaml_tree.h"
#include "probe/probe.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

#define KIND_KUBE_BENCH	  "tools.kube-bench.controls"
#define KIND_DOCKER_BENCH "tools.docker-bench.log"
#define KIND_LYNIS	  "tools.lynis.report"
#define KIND_TRIVY_K8S	  "tools.trivy.k8s"
#define KIND_KUBESCAPE	  "tools.kubescape.results"
#define KIND_POLARIS	  "tools.polaris.audit"
/* Trivy k8s, Kubescape and Polaris reports carry no version srgap relies on: tables say "*". */
#define ANY_VERSION "*"

const char *const tool_names[TOOL_COUNT] = {
	"kube-bench", "docker-bench-security", "lynis", "trivy", "kubescape", "polaris"};

/* ------------------------------------------------------------------ loading */

static int check_id_valid(const char *id)
{
	size_t length = strlen(id);
	if (!length || length > 64)
		return 0;
	for (size_t i = 0; i < length; i++) {
		char c = id[i];
		if (c == '*' && i == length - 1)
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

static const char *const *load_controls(struct tool_mappings *mappings, const struct yreader *r,
					const struct ynode *key, const struct ynode *value,
					const struct catalog *catalog)
{
	if (value->kind != YNODE_SEQUENCE || value->count == 0) {
		yreader_error(r, value, "bad-value",
			      "check '%s' must map to a list of controls, e.g. [4.4.3a]",
			      key->value);
		return NULL;
	}
	const char **controls =
		arena_alloc_array(&mappings->arena, value->count + 1, sizeof(*controls));
	int failed = 0;
	for (size_t i = 0; i < value->count; i++) {
		const struct ynode *item = value->items[i];
		if (yreader_expect(r, item, YNODE_SCALAR, "a control id") < 0) {
			failed = 1;
			continue;
		}
		const struct catalog_control *control = catalog_find_control(catalog, item->value);
		if (!control) {
			const struct catalog_group *group =
				catalog_find_group(catalog, item->value);
			const char *guess = catalog_suggest(catalog, item->value);
			if (group)
				yreader_error(r, item, "unknown-control",
					      "'%s' is a group; map to its controls (%s to %s)",
					      item->value,
					      catalog->controls[group->first_control].id,
					      catalog->controls[group->first_control +
								group->control_count - 1]
						      .id);
			else if (guess)
				yreader_error(r, item, "unknown-control",
					      "unknown control '%s' (did you mean '%s'?)",
					      item->value, guess);
			else
				yreader_error(r, item, "unknown-control",
					      "unknown control '%s'; controls look like 4.4.3a",
					      item->value);
			failed = 1;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (controls[j] && !strcmp(controls[j], control->id)) {
				yreader_error(r, item, "duplicate-control",
					      "control %s is listed twice for check '%s'",
					      control->id, key->value);
				failed = 1;
			}
		controls[i] = control->id;
	}
	return failed ? NULL : (const char *const *)controls;
}

static int load_table(struct tool_mappings *mappings, const struct yreader *r,
		      const struct ynode *node, struct tool_table *table,
		      const struct catalog *catalog)
{
	static const char *const keys[] = {"title", "versions", "checks"};
	if (yreader_expect(r, node, YNODE_MAPPING, "a mapping table") < 0)
		return -1;
	int result = yreader_check_keys(r, node, keys, COUNT(keys), "a mapping table");
	table->title = yreader_string(r, node, "title", true, "a mapping table");
	if (!table->title)
		result = -1;
	const struct ynode *versions = ynode_get(node, "versions");
	if (!versions) {
		result = yreader_error(r, node, "missing-key",
				       "a mapping table needs 'versions', e.g. [\"*\"] for every "
				       "version");
	} else if (versions->kind != YNODE_SEQUENCE || versions->count == 0) {
		result = yreader_error(r, versions, "bad-value",
				       "'versions' must be a list of version patterns");
	} else {
		table->versions = arena_alloc_array(&mappings->arena, versions->count,
						    sizeof(*table->versions));
		for (size_t i = 0; i < versions->count; i++) {
			const struct ynode *item = versions->items[i];
			if (yreader_expect(r, item, YNODE_SCALAR, "a version pattern") < 0 ||
			    !item->value[0]) {
				result = -1;
				continue;
			}
			table->versions[table->version_count++] = item->value;
		}
	}
	const struct ynode *checks = ynode_get(node, "checks");
	if (!checks)
		return yreader_error(r, node, "missing-key", "a mapping table needs 'checks'");
	if (yreader_expect(r, checks, YNODE_MAPPING, "'checks'") < 0)
		return -1;
	if (checks->count == 0)
		return yreader_error(r, checks, "bad-value", "'checks' is empty");
	table->checks = arena_alloc_array(&mappings->arena, checks->count, sizeof(*table->checks));
	for (size_t i = 0; i < checks->count; i++) {
		const struct ynode *key = checks->keys[i];
		if (!check_id_valid(key->value)) {
			result =
				yreader_error(r, key, "bad-check-id",
					      "'%s' is not a check id; write an id such as 1.2.1 "
					      "or KRNL-5820, or a prefix ending in '*' such as 2.*",
					      key->value);
			continue;
		}
		const char *const *controls =
			load_controls(mappings, r, key, checks->items[i], catalog);
		if (!controls) {
			result = -1;
			continue;
		}
		struct tool_check *check = &table->checks[table->check_count++];
		check->id = key->value;
		size_t length = strlen(key->value);
		check->pattern = key->value[length - 1] == '*';
		check->prefix_length = check->pattern ? length - 1 : length;
		check->controls = controls;
	}
	return result;
}

int tool_mappings_load(struct tool_mappings *mappings, const char *path,
		       const struct catalog *catalog, struct diag_list *diags)
{
	static const char *const keys[] = {"srgap-tool-mappings", "reviewed", "sources", "tools"};
	memset(mappings, 0, sizeof(*mappings));
	arena_init(&mappings->arena);
	mappings->path = arena_strdup(&mappings->arena, path);
	struct yreader reader = {
		.file = mappings->path, .code_prefix = "tool-mappings", .diags = diags};
	const struct yreader *r = &reader;
	size_t errors_before = diag_error_count(diags);
	struct ynode *root = yaml_tree_load_file(&mappings->arena, path, "tool-mappings", diags);
	if (!root || yreader_expect(r, root, YNODE_MAPPING, "the tool mappings") < 0)
		goto out;
	yreader_check_keys(r, root, keys, COUNT(keys), "the tool mappings");
	const struct ynode *version = ynode_get(root, "srgap-tool-mappings");
	if (!version)
		yreader_error(r, root, "missing-key",
			      "the file needs 'srgap-tool-mappings: 1' (the format version)");
	else if (version->kind != YNODE_SCALAR || strcmp(version->value, "1"))
		yreader_error(r, version, "bad-version",
			      "tool mappings format '%s' is not supported; this srgap reads 1",
			      version->kind == YNODE_SCALAR ? version->value : "?");
	mappings->reviewed = yreader_string(r, root, "reviewed", true, "the tool mappings");
	long day;
	if (mappings->reviewed && !date_parse(mappings->reviewed, &day))
		yreader_error(r, ynode_get(root, "reviewed"), "bad-date",
			      "'%s' is not a date; write YYYY-MM-DD", mappings->reviewed);
	const struct ynode *sources = ynode_get(root, "sources");
	if (sources)
		yreader_expect(r, sources, YNODE_MAPPING, "'sources'");
	const struct ynode *tools = ynode_get(root, "tools");
	if (!tools) {
		yreader_error(r, root, "missing-key", "the file needs 'tools'");
		goto out;
	}
	if (yreader_expect(r, tools, YNODE_MAPPING, "'tools'") < 0)
		goto out;
	for (size_t t = 0; t < tools->count; t++) {
		int tool = yreader_enum(r, tools->keys[t], tool_names, TOOL_COUNT, "tool");
		const struct ynode *tables = tools->items[t];
		if (tool < 0)
			continue;
		if (tables->kind != YNODE_SEQUENCE || tables->count == 0) {
			yreader_error(r, tables, "bad-value",
				      "'%s' must be a list of mapping tables (title, versions, "
				      "checks)",
				      tool_names[tool]);
			continue;
		}
		mappings->tables[tool] = arena_alloc_array(&mappings->arena, tables->count,
							   sizeof(*mappings->tables[tool]));
		for (size_t i = 0; i < tables->count; i++)
			load_table(mappings, r, tables->items[i],
				   &mappings->tables[tool][mappings->table_count[tool]++], catalog);
	}
out:
	return diag_error_count(diags) > errors_before ? -1 : 0;
}

int tool_mappings_load_default(struct tool_mappings *mappings, const char *data_dir,
			       const struct catalog *catalog, struct diag_list *diags)
{
	char *path = xasprintf("%s/%s", data_dir, TOOL_MAPPINGS_FILE);
	int result = tool_mappings_load(mappings, path, catalog, diags);
	free(path);
	return result;
}

void tool_mappings_release(struct tool_mappings *mappings)
{
	if (!mappings)
		return;
	arena_release(&mappings->arena);
	memset(mappings, 0, sizeof(*mappings));
}

static bool table_applies(const struct tool_table *table, const char *version)
{
	for (size_t i = 0; i < table->version_count; i++)
		if (fnmatch(table->versions[i], version ? version : "", 0) == 0)
			return true;
	return false;
}

bool tool_mappings_covers(const struct tool_mappings *mappings, enum tool_kind tool,
			  const char *version)
{
	for (size_t t = 0; mappings && t < mappings->table_count[tool]; t++)
		if (table_applies(&mappings->tables[tool][t], version))
			return true;
	return false;
}

const char *const *tool_mappings_find(const struct tool_mappings *mappings, enum tool_kind tool,
				      const char *version, const char *id)
{
	for (size_t t = 0; mappings && id && t < mappings->table_count[tool]; t++) {
		const struct tool_table *table = &mappings->tables[tool][t];
		if (!table_applies(table, version))
			continue;
		const struct tool_check *best = NULL;
		for (size_t c = 0; c < table->check_count; c++) {
			const struct tool_check *check = &table->checks[c];
			if (!check->pattern) {
				if (!strcmp(check->id, id))
					return check->controls;
			} else if (!strncmp(check->id, id, check->prefix_length) &&
				   (!best || check->prefix_length > best->prefix_length)) {
				best = check;
			}
		}
		if (best)
			return best->controls;
	}
	return NULL;
}

/* ------------------------------------------------------------------ probes */

static int is_kube_bench_controls(const json_t *root)
{
	const json_t *tests = json_object_get(root, "tests");
	if (!json_is_array(tests) || !json_is_string(json_object_get(root, "text")))
		return 0;
	if (json_array_size(tests) == 0)
		return json_is_string(json_object_get(root, "node_type"));
	const json_t *results = json_object_get(json_array_get(tests, 0), "results");
	return json_is_array(results) &&
	       (json_array_size(results) == 0 ||
		json_is_string(json_object_get(json_array_get(results, 0), "test_number")));
}

static const char *tools_sniff(const json_t *root)
{
	if (!json_is_object(root))
		return NULL;
	/* trivy k8s --report all ("Resources") or --report summary ("Findings"). */
	if (json_is_string(json_object_get(root, "ClusterName")) &&
	    (json_is_array(json_object_get(root, "Resources")) ||
	     json_is_array(json_object_get(root, "Findings")) ||
	     (!json_object_get(root, "Resources") && !json_object_get(root, "Findings"))))
		return KIND_TRIVY_K8S;
	if (json_is_object(json_object_get(root, "summaryDetails")) &&
	    (json_is_array(json_object_get(root, "results")) ||
	     json_is_array(json_object_get(root, "resources"))))
		return KIND_KUBESCAPE;
	if (json_is_string(json_object_get(root, "PolarisOutputVersion")) &&
	    (json_is_array(json_object_get(root, "Results")) ||
	     json_is_null(json_object_get(root, "Results"))))
		return KIND_POLARIS;
	if (json_is_string(json_object_get(root, "dockerbenchsecurity")) &&
	    json_is_array(json_object_get(root, "tests")))
		return KIND_DOCKER_BENCH;
	if (json_is_string(json_object_get(root, "report_version_major")) &&
	    (json_object_get(root, "lynis_version") || json_object_get(root, "tests_executed")))
		return KIND_LYNIS;
	const json_t *controls = json_object_get(root, "Controls");
	if (json_is_array(controls) &&
	    (json_array_size(controls) ? is_kube_bench_controls(json_array_get(controls, 0))
				       : json_is_object(json_object_get(root, "Totals"))))
		return KIND_KUBE_BENCH;
	return is_kube_bench_controls(root) ? KIND_KUBE_BENCH : NULL;
}

/* One error for a report srgap cannot map at all; false when mapping can go ahead. */
static bool unmappable(struct probe_run *run, const struct probe *probe,
		       const struct evidence_document *document, enum tool_kind tool,
		       const char *version, const char *subject, const char *pointer)
{
	const struct tool_mappings *mappings = probe_run_settings(run)->tool_mappings;
	char location[256];
	snprintf(location, sizeof(location), "%s%s", document->pointer, pointer);
	if (!mappings) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, document->file, location,
				"no tool mapping table is loaded (%s), so %s checks cannot be "
				"mapped to controls",
				TOOL_MAPPINGS_FILE, tool_names[tool]);
		return true;
	}
	if (!version || !*version) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, document->file, location,
				"the %s report names no version, so its check ids cannot be "
				"looked up",
				tool_names[tool]);
		return true;
	}
	if (!tool_mappings_covers(mappings, tool, version)) {
		probe_report_at(run, probe, NULL, PROBE_ERROR, subject, document->file, location,
				"no table in %s applies to %s version '%s'; add one (see "
				"docs/probes.md)",
				TOOL_MAPPINGS_FILE, tool_names[tool], version);
		return true;
	}
	return false;
}

/* One kube-bench Controls block; `base` is its pointer inside the document. */
static void kube_bench_block(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document, const json_t *block,
			     const char *base)
{
	const char *version = json_string_value(json_object_get(block, "version"));
	const char *node = json_string_value(json_object_get(block, "node_type"));
	if (!node)
		node = json_string_value(json_object_get(block, "text"));
	char subject[256];
	snprintf(subject, sizeof(subject), "kube-bench %s checks", node ? node : "");
	if (unmappable(run, probe, document, TOOL_KUBE_BENCH, version, subject, base))
		return;
	const struct tool_mappings *mappings = probe_run_settings(run)->tool_mappings;
	size_t t, r;
	const json_t *test, *result;
	json_array_foreach(json_object_get(block, "tests"), t, test) {
		json_array_foreach(json_object_get(test, "results"), r, result) {
			const char *id = json_string_value(json_object_get(result, "test_number"));
			const char *const *controls =
				tool_mappings_find(mappings, TOOL_KUBE_BENCH, version, id);
			if (!controls) {
				probe_run_results(run)->unmapped_checks++;
				continue;
			}
			const char *status = json_string_value(json_object_get(result, "status"));
			const char *text = json_string_value(json_object_get(result, "test_desc"));
			const char *type = json_string_value(json_object_get(result, "type"));
			if (!text)
				text = "(no description)";
			char pointer[320];
			snprintf(pointer, sizeof(pointer), "%s%s/tests/%zu/results/%zu",
				 document->pointer, base, t, r);
			snprintf(subject, sizeof(subject), "kube-bench %s (%s)", id,
				 node ? node : "?");
			if (status && !strcmp(status, "PASS"))
				probe_report_at(run, probe, controls, PROBE_PASS, subject,
						document->file, pointer, "PASS: %s", text);
			else if (status && !strcmp(status, "FAIL"))
				probe_report_at(run, probe, controls, PROBE_FAIL, subject,
						document->file, pointer, "FAIL: %s", text);
			else if (status && !strcmp(status, "WARN"))
				/* kube-bench gives no verdict: a manual check, or one it could
				 * not run here (a file or flag it did not find). */
				probe_report_at(
					run, probe, controls, PROBE_SKIP, subject, document->file,
					pointer, "WARN, %s: %s",
					type && !strcmp(type, "manual")
						? "a manual check kube-bench does not verify"
						: "kube-bench could not verify it",
					text);
			else if (status && !strcmp(status, "INFO"))
				probe_report_at(run, probe, controls, PROBE_SKIP, subject,
						document->file, pointer,
						"INFO, informational, not a verdict: %s", text);
			else
				probe_report_at(run, probe, controls, PROBE_ERROR, subject,
						document->file, pointer,
						"status '%s' is not PASS, FAIL, WARN or INFO: %s",
						status ? status : "(missing)", text);
		}
	}
}

static void kube_bench_check(struct probe_run *run, const struct probe *probe,
			     const struct evidence_document *document)
{
	const json_t *controls = json_object_get(document->root, "Controls");
	if (!json_is_array(controls)) {
		kube_bench_block(run, probe, document, document->root, "");
		return;
	}
	size_t index;
	const json_t *block;
	json_array_foreach(controls, index, block) {
		char base[64];
		snprintf(base, sizeof(base), "/Controls/%zu", index);
		kube_bench_block(run, probe, document, block, base);
	}
}

static void docker_bench_check(struct probe_run *run, const struct probe *probe,
			       const struct evidence_document *document)
{
	const char *version =
		json_string_value(json_object_get(document->root, "dockerbenchsecurity"));
	if (unmappable(run, probe, document, TOOL_DOCKER_BENCH, version, "docker-bench report", ""))
		return;
	const struct tool_mappings *mappings = probe_run_settings(run)->tool_mappings;
	size_t t, r;
	const json_t *test, *result;
	json_array_foreach(json_object_get(document->root, "tests"), t, test) {
		json_array_foreach(json_object_get(test, "results"), r, result) {
			const char *id = json_string_value(json_object_get(result, "id"));
			const char *const *controls =
				tool_mappings_find(mappings, TOOL_DOCKER_BENCH, version, id);
			if (!controls) {
				probe_run_results(run)->unmapped_checks++;
				continue;
			}
			const char *status = json_string_value(json_object_get(result, "result"));
			const char *text = json_string_value(json_object_get(result, "desc"));
			const char *details = json_string_value(json_object_get(result, "details"));
			char pointer[320], subject[128], more[300] = "";
			snprintf(pointer, sizeof(pointer), "%s/tests/%zu/results/%zu",
				 document->pointer, t, r);
			snprintf(subject, sizeof(subject), "docker-bench %s", id);
			if (details && *details)
				snprintf(more, sizeof(more), " (%s)", details);
			if (!text)
				text = "(no description)";
			if (status && !strcmp(status, "PASS"))
				probe_report_at(run, probe, controls, PROBE_PASS, subject,
						document->file, pointer, "PASS: %s", text);
			else if (status && !strcmp(status, "WARN"))
				probe_report_at(run, probe, controls, PROBE_FAIL, subject,
						document->file, pointer, "WARN: %s%s", text, more);
			else if (status && (!strcmp(status, "INFO") || !strcmp(status, "NOTE")))
				probe_report_at(
					run, probe, controls, PROBE_SKIP, subject, document->file,
					pointer, "%s, %s: %s%s", status,
					!strcmp(status, "NOTE")
						? "a manual check docker-bench does not verify"
						: "informational, not a verdict",
					text, more);
			else
				probe_report_at(run, probe, controls, PROBE_ERROR, subject,
						document->file, pointer,
						"result '%s' is not PASS, WARN, INFO or NOTE: %s",
						status ? status : "(missing)", text);
		}
	}
}

/* What a Lynis report says about one test id. */
struct lynis_test {
	char *id;
	char *warning;	  /* first warning text */
	char *suggestion; /* first suggestion text */
	unsigned warnings, suggestions;
	bool executed, skipped;
};

struct lynis_tests {
	struct lynis_test *items;
	size_t count, capacity;
};

static struct lynis_test *lynis_test(struct lynis_tests *tests, const char *id, size_t length)
{
	if (!length || length > 32)
		return NULL;
	for (size_t i = 0; i < tests->count; i++)
		if (strlen(tests->items[i].id) == length &&
		    !strncmp(tests->items[i].id, id, length))
			return &tests->items[i];
	tests->items =
		xgrow(tests->items, &tests->capacity, tests->count + 1, sizeof(*tests->items));
	struct lynis_test *test = &tests->items[tests->count++];
	memset(test, 0, sizeof(*test));
	test->id = xstrndup(id, length);
	return test;
}

/* warning[]/suggestion[] lines: "TEST-ID|text|details|solution|". */
static void lynis_findings(struct lynis_tests *tests, const json_t *value, int warning)
{
	const json_t *lines = value;
	json_t *single = NULL;
	if (json_is_string(value)) {
		single = json_array();
		json_array_append(single, (json_t *)value);
		lines = single;
	}
	size_t index;
	const json_t *line;
	json_array_foreach(lines, index, line) {
		const char *text = json_string_value(line);
		if (!text)
			continue;
		const char *bar = strchr(text, '|');
		if (!bar)
			continue;
		struct lynis_test *test = lynis_test(tests, text, (size_t)(bar - text));
		if (!test)
			continue;
		const char *end = strchr(bar + 1, '|');
		size_t length = end ? (size_t)(end - bar - 1) : strlen(bar + 1);
		char **first = warning ? &test->warning : &test->suggestion;
		if (!*first)
			*first = xstrndup(bar + 1, length);
		if (warning)
			test->warnings++;
		else
			test->suggestions++;
	}
	json_decref(single);
}

/* tests_executed / tests_skipped: "ID|ID|...|". */
static void lynis_list(struct lynis_tests *tests, const json_t *value, int executed)
{
	const char *text = json_string_value(value);
	while (text && *text) {
		const char *bar = strchr(text, '|');
		size_t length = bar ? (size_t)(bar - text) : strlen(text);
		struct lynis_test *test = lynis_test(tests, text, length);
		if (test) {
			if (executed)
				test->executed = true;
			else
				test->skipped = true;
		}
		text += length + (bar != NULL);
	}
}

static void lynis_check(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document)
{
	const json_t *root = document->root;
	const char *version = json_string_value(json_object_get(root, "lynis_version"));
	const char *host = json_string_value(json_object_get(root, "hostname"));
	if (unmappable(run, probe, document, TOOL_LYNIS, version, "Lynis report", ""))
		return;
	const struct tool_mappings *mappings = probe_run_settings(run)->tool_mappings;
	struct lynis_tests tests = {0};
	lynis_findings(&tests, json_object_get(root, "warning"), 1);
	lynis_findings(&tests, json_object_get(root, "suggestion"), 0);
	lynis_list(&tests, json_object_get(root, "tests_executed"), 1);
	lynis_list(&tests, json_object_get(root, "tests_skipped"), 0);
	for (size_t i = 0; i < tests.count; i++) {
		struct lynis_test *test = &tests.items[i];
		const char *const *controls =
			tool_mappings_find(mappings, TOOL_LYNIS, version, test->id);
		if (!controls)
			probe_run_results(run)->unmapped_checks++;
		if (controls) {
			char subject[160];
			snprintf(subject, sizeof(subject), "Lynis %s%s%s", test->id,
				 host && *host ? " on " : "", host && *host ? host : "");
			/* A text report has no JSON pointer: pointer NULL. */
			const char *more = test->warnings + test->suggestions > 1
						   ? " (and more findings)"
						   : "";
			if (test->warnings)
				probe_report_at(run, probe, controls, PROBE_FAIL, subject,
						document->file, NULL, "warning: %s%s",
						test->warning, more);
			else if (test->suggestions)
				probe_report_at(run, probe, controls, PROBE_FAIL, subject,
						document->file, NULL, "suggestion: %s%s",
						test->suggestion, more);
			else if (test->executed)
				probe_report_at(run, probe, controls, PROBE_PASS, subject,
						document->file, NULL,
						"Lynis ran the test and reported no warning or "
						"suggestion");
			else
				probe_report_at(run, probe, controls, PROBE_SKIP, subject,
						document->file, NULL,
						"Lynis skipped the test (not applicable here, or a "
						"prerequisite is missing)");
		}
		free(test->id);
		free(test->warning);
		free(test->suggestion);
	}
	free(tests.items);
}

/* ------------------------------------------------------------------ cluster scanners */

/* "deployment shop/web", "clusterrole admin": how srgap names a Kubernetes object. */
static void object_words(char *out, size_t size, const char *kind, const char *namespace,
			 const char *name)
{
	size_t length = 0;
	for (; kind && kind[length] && length + 1 < size && length < 60; length++)
		out[length] =
			(char)(kind[length] >= 'A' && kind[length] <= 'Z' ? kind[length] - 'A' + 'a'
									  : kind[length]);
	snprintf(out + length, size - length, " %s%s%.200s",
		 namespace && *namespace ? namespace : "", namespace && *namespace ? "/" : "",
		 name && *name ? name : "(unnamed)");
}

/*
 * One check of a cluster scanner on one object: a result for the controls
 * the mapping table gives, or one more unmapped check. `pointer` is
 * relative to the document.
 */
static void report_check(struct probe_run *run, const struct probe *probe, enum tool_kind tool,
			 const struct evidence_document *document, const char *id,
			 const char *subject, const char *pointer, enum probe_outcome outcome,
			 const char *format, ...) __attribute__((format(printf, 9, 10)));

static void report_check(struct probe_run *run, const struct probe *probe, enum tool_kind tool,
			 const struct evidence_document *document, const char *id,
			 const char *subject, const char *pointer, enum probe_outcome outcome,
			 const char *format, ...)
{
	const char *const *controls =
		tool_mappings_find(probe_run_settings(run)->tool_mappings, tool, ANY_VERSION, id);
	if (!controls) {
		probe_run_results(run)->unmapped_checks++;
		return;
	}
	char detail[400], location[512];
	va_list args;
	va_start(args, format);
	vsnprintf(detail, sizeof(detail), format, args);
	va_end(args);
	snprintf(location, sizeof(location), "%s%s", document->pointer, pointer);
	probe_report_at(run, probe, controls, outcome, subject, document->file, location, "%s",
			detail);
}

/* KSV-0001 whether Trivy wrote KSV001, KSV-0001 or AVD-KSV-0001. */
static void trivy_check_id(const json_t *misconfiguration, char *out, size_t size)
{
	const char *id = json_string_value(json_object_get(misconfiguration, "ID"));
	const char *avd = json_string_value(json_object_get(misconfiguration, "AVDID"));
	if (avd && !strncmp(avd, "AVD-", 4))
		id = avd + 4;
	if (!id)
		id = "";
	size_t letters = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	const char *digits = id + letters + (id[letters] == '-');
	if (letters && strspn(digits, "0123456789") == strlen(digits) && *digits)
		snprintf(out, size, "%.*s-%04ld", (int)letters, id, strtol(digits, NULL, 10));
	else
		snprintf(out, size, "%s", id);
}

struct trivy_images {
	struct probe_run *run;
	const struct evidence_document *document;
};

/* One image of a trivy k8s report: the image family judges it like `trivy image` output. */
static void trivy_image(void *context, const json_t *report, const char *pointer)
{
	struct trivy_images *images = context;
	char location[512];
	snprintf(location, sizeof(location), "%s%s", images->document->pointer, pointer);
	struct evidence_document image = {
		.file = images->document->file, .pointer = location, .root = report};
	probe_image_report(images->run, &image);
}

/* One list of resources: each misconfiguration is a check; a resource not scanned, an error. */
static void trivy_k8s_resources(struct probe_run *run, const struct probe *probe,
				const struct evidence_document *document, const char *member)
{
	char subject[600], words[400], base[96], pointer[200], id[64];
	size_t r, i, m;
	const json_t *resource, *result, *misconfiguration;
	json_array_foreach(json_object_get(document->root, member), r, resource) {
		object_words(words, sizeof(words),
			     json_string_value(json_object_get(resource, "Kind")),
			     json_string_value(json_object_get(resource, "Namespace")),
			     json_string_value(json_object_get(resource, "Name")));
		snprintf(base, sizeof(base), "/%s/%zu", member, r);
		const json_t *results = json_object_get(resource, "Results");
		const char *error = json_string_value(json_object_get(resource, "Error"));
		if (error && *error) {
			snprintf(subject, sizeof(subject), "trivy %s", words);
			probe_report_at(run, probe, NULL, PROBE_ERROR, subject, document->file,
					base, "trivy could not scan it: %.300s", error);
		}
		json_array_foreach(results, i, result) {
			json_array_foreach(json_object_get(result, "Misconfigurations"), m,
					   misconfiguration) {
				trivy_check_id(misconfiguration, id, sizeof(id));
				const char *status = json_string_value(
					json_object_get(misconfiguration, "Status"));
				const char *title = json_string_value(
					json_object_get(misconfiguration, "Title"));
				const char *message = json_string_value(
					json_object_get(misconfiguration, "Message"));
				enum probe_outcome outcome = !status		       ? PROBE_ERROR
							     : !strcmp(status, "PASS") ? PROBE_PASS
							     : !strcmp(status, "FAIL") ? PROBE_FAIL
							     : !strcmp(status, "EXCEPTION")
								     ? PROBE_SKIP
								     : PROBE_ERROR;
				snprintf(subject, sizeof(subject), "trivy %s %s", id, words);
				snprintf(pointer, sizeof(pointer),
					 "%s/Results/%zu/Misconfigurations/%zu", base, i, m);
				report_check(run, probe, TOOL_TRIVY, document, id, subject, pointer,
					     outcome, "%s%s: %.150s%s%.150s",
					     status ? status : "no status",
					     outcome == PROBE_SKIP ? " (an exception accepts it)"
								   : "",
					     title ? title : id, message ? ": " : "",
					     message ? message : "");
			}
		}
	}
}

static void trivy_k8s_check(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document)
{
	const json_t *root = document->root;
	char subject[600];
	snprintf(subject, sizeof(subject), "trivy k8s report of cluster %.200s",
		 json_string_value(json_object_get(root, "ClusterName")));
	if (unmappable(run, probe, document, TOOL_TRIVY, ANY_VERSION, subject, ""))
		return;
	/* Its images: vulnerabilities, secrets, and which running images a scan covers. */
	struct trivy_images images = {run, document};
	scan_report_cluster_images(root, trivy_image, &images);
	for (size_t k = 0; scan_report_cluster_members[k]; k++)
		trivy_k8s_resources(run, probe, document, scan_report_cluster_members[k]);
}

/* Kubescape's resourceID: "apps/v1/shop/Deployment/web" or "path=N/api=apps/v1//Deployment/web". */
static void kubescape_words(const char *resource_id, char *out, size_t size)
{
	const char *parts[3] = {"", "", ""}; /* namespace, kind, name */
	size_t lengths[3] = {0, 0, 0};
	const char *end = resource_id ? resource_id + strlen(resource_id) : NULL;
	for (int part = 2; end && part >= 0; part--) {
		const char *start = end;
		while (start > resource_id && start[-1] != '/')
			start--;
		parts[part] = start;
		lengths[part] = (size_t)(end - start);
		if (start == resource_id)
			break;
		end = start - 1;
	}
	char kind[64], namespace[128], name[256];
	snprintf(kind, sizeof(kind), "%.*s", (int)lengths[1], parts[1]);
	snprintf(namespace, sizeof(namespace), "%.*s", (int)lengths[0], parts[0]);
	snprintf(name, sizeof(name), "%.*s", (int)lengths[2], parts[2]);
	object_words(out, size, kind, namespace, name);
}

/* A control's status, or for the older format without one, its rules': failed if any failed. */
static const char *kubescape_status(const json_t *control)
{
	const char *status =
		json_string_value(json_object_get(json_object_get(control, "status"), "status"));
	if (status)
		return status;
	size_t index;
	const json_t *rule;
	bool passed = false;
	json_array_foreach(json_object_get(control, "rules"), index, rule) {
		const char *text = json_string_value(json_object_get(rule, "status"));
		if (text && !strcmp(text, "failed"))
			return "failed";
		passed |= text && !strcmp(text, "passed");
	}
	return passed ? "passed" : NULL;
}

static void kubescape_check(struct probe_run *run, const struct probe *probe,
			    const struct evidence_document *document)
{
	char subject[600], words[400], pointer[200];
	if (unmappable(run, probe, document, TOOL_KUBESCAPE, ANY_VERSION, "kubescape report", ""))
		return;
	size_t r, c;
	const json_t *result, *control;
	json_array_foreach(json_object_get(document->root, "results"), r, result) {
		kubescape_words(json_string_value(json_object_get(result, "resourceID")), words,
				sizeof(words));
		json_array_foreach(json_object_get(result, "controls"), c, control) {
			const char *id = json_string_value(json_object_get(control, "controlID"));
			const char *name = json_string_value(json_object_get(control, "name"));
			const char *status = kubescape_status(control);
			const char *sub = json_string_value(
				json_object_get(json_object_get(control, "status"), "subStatus"));
			enum probe_outcome outcome =
				!status				    ? PROBE_ERROR
				: sub && !strcmp(sub, "irrelevant") ? PROBE_SKIP
				: !strcmp(status, "passed")	    ? PROBE_PASS
				: !strcmp(status, "failed")	    ? PROBE_FAIL
				: !strcmp(status, "skipped") || !strcmp(status, "excluded")
					? PROBE_SKIP
					: PROBE_ERROR;
			snprintf(subject, sizeof(subject), "kubescape %s %s", id ? id : "?", words);
			snprintf(pointer, sizeof(pointer), "/results/%zu/controls/%zu", r, c);
			report_check(run, probe, TOOL_KUBESCAPE, document, id ? id : "", subject,
				     pointer, outcome, "%s%s%s: %.200s",
				     status ? status : "no status", sub && *sub ? ", " : "",
				     sub && *sub ? sub : "", name ? name : (id ? id : "?"));
		}
	}
}

/* One Polaris result set (an object keyed by check id) of an object, pod or container. */
static void polaris_set(struct probe_run *run, const struct probe *probe,
			const struct evidence_document *document, const json_t *set,
			const char *words, const char *base)
{
	const char *key;
	const json_t *message;
	char subject[600], pointer[400];
	json_object_foreach((json_t *)set, key, message) {
		const char *id = json_string_value(json_object_get(message, "ID"));
		const char *severity = json_string_value(json_object_get(message, "Severity"));
		const char *text = json_string_value(json_object_get(message, "Message"));
		const json_t *success = json_object_get(message, "Success");
		if (!id)
			id = key;
		enum probe_outcome outcome = severity && !strcmp(severity, "ignore") ? PROBE_SKIP
					     : json_is_true(success)		     ? PROBE_PASS
					     : json_is_false(success)		     ? PROBE_FAIL
										     : PROBE_ERROR;
		snprintf(subject, sizeof(subject), "polaris %s %s", id, words);
		snprintf(pointer, sizeof(pointer), "%s", base);
		probe_pointer_append(pointer, sizeof(pointer), key);
		report_check(run, probe, TOOL_POLARIS, document, id, subject, pointer, outcome,
			     "%s: %.250s",
			     outcome == PROBE_PASS ? "passed"
			     : severity		   ? severity
						   : "failed",
			     text ? text : id);
	}
}

/* Polaris 1.0's first releases (its own examples/output.json) call the sets "Messages". */
static const char *polaris_set_name(const json_t *object)
{
	return json_object_get(object, "Results") || !json_object_get(object, "Messages")
		       ? "Results"
		       : "Messages";
}

static void polaris_check(struct probe_run *run, const struct probe *probe,
			  const struct evidence_document *document)
{
	if (unmappable(run, probe, document, TOOL_POLARIS, ANY_VERSION, "polaris audit", ""))
		return;
	char words[400], container_words[700], base[300];
	size_t r, c;
	const json_t *result, *container;
	json_array_foreach(json_object_get(document->root, "Results"), r, result) {
		object_words(words, sizeof(words),
			     json_string_value(json_object_get(result, "Kind")),
			     json_string_value(json_object_get(result, "Namespace")),
			     json_string_value(json_object_get(result, "Name")));
		const char *set = polaris_set_name(result);
		snprintf(base, sizeof(base), "/Results/%zu/%s", r, set);
		polaris_set(run, probe, document, json_object_get(result, set), words, base);
		const json_t *pod = json_object_get(result, "PodResult");
		set = polaris_set_name(pod);
		snprintf(base, sizeof(base), "/Results/%zu/PodResult/%s", r, set);
		polaris_set(run, probe, document, json_object_get(pod, set), words, base);
		json_array_foreach(json_object_get(pod, "ContainerResults"), c, container) {
			snprintf(container_words, sizeof(container_words), "%s container %.200s",
				 words, json_string_value(json_object_get(container, "Name")));
			set = polaris_set_name(container);
			snprintf(base, sizeof(base),
				 "/Results/%zu/PodResult/ContainerResults/%zu/%s", r, c, set);
			polaris_set(run, probe, document, json_object_get(container, set),
				    container_words, base);
		}
	}
}

/* Each result carries the controls of its check; the probes themselves list none. */
static const char *const controls_from_mapping[] = {NULL};

static const struct probe tools_probes[] = {
	{"tools.docker-bench.check",
	 "docker-bench-security checks pass (controls per models/tool-mappings.yaml)",
	 KIND_DOCKER_BENCH, controls_from_mapping, docker_bench_check},
	{"tools.kube-bench.check",
	 "kube-bench checks pass (controls per models/tool-mappings.yaml)", KIND_KUBE_BENCH,
	 controls_from_mapping, kube_bench_check},
	{"tools.kubescape.control",
	 "Kubescape controls pass on every resource (controls per models/tool-mappings.yaml)",
	 KIND_KUBESCAPE, controls_from_mapping, kubescape_check},
	{"tools.lynis.test",
	 "Lynis tests raise no warning or suggestion (controls per models/tool-mappings.yaml)",
	 KIND_LYNIS, controls_from_mapping, lynis_check},
	{"tools.polaris.check",
	 "Polaris checks pass on every object and container (controls per "
	 "models/tool-mappings.yaml)",
	 KIND_POLARIS, controls_from_mapping, polaris_check},
	{"tools.trivy.check",
	 "Trivy's Kubernetes checks pass on every resource of the cluster (controls per "
	 "models/tool-mappings.yaml)",
	 KIND_TRIVY_K8S, controls_from_mapping, trivy_k8s_check},
};

const struct probe_family probe_family_tools = {
	.name = "tools",
	.probes = tools_probes,
	.probe_count = sizeof(tools_probes) / sizeof(tools_probes[0]),
	.sniff = tools_sniff,
	.finish = NULL,
};
