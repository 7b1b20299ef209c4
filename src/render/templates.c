/*
 * The wording of the reports, loaded from DATA_DIR/templates/report.yaml and
 * flattened to dotted keys ("summary.title") in one sorted array. It checks
 * the file's shape (known sections, texts and mappings only) and warns about
 * missing keys; it does not judge the prose or expand placeholders
 * (report_expand in report.c does that).
 */
#include <stdlib.h>
#include <string.h>

#include "io/yaml_tree.h"
#include "render/report.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

struct template_entry {
	const char *key;
	const char *text;
};

struct report_templates {
	struct arena arena;		/* owns the tree, keys and texts */
	struct template_entry *entries; /* sorted by key */
	size_t count;
	size_t capacity;
};

static const char *const sections[] = {
	"srgap-templates", "language",	   "report",
	"cover",	   "summary",	   "progress",
	"heatmap",	   "roadmap",	   "vulnerabilities",
	"matrix",	   "evidence",	   "exceptions",
	"methodology",	   "status",	   "status_legend",
	"responsibility",  "severity",	   "area",
	"probe_result",	   "claim_status", "pdf",
};

/*
 * Every key the Markdown and HTML reports look up (the PDF's own keys live
 * under `pdf:` and are checked by the PDF renderer's tests). A translation
 * that lacks one still renders; the warning says what is missing.
 */
static const char *const required_keys[] = {
	"language",
	"report.title",
	"report.subtitle",
	"report.generated_by",
	"cover.organization",
	"cover.title",
	"cover.date",
	"cover.assessor",
	"cover.assessor_none",
	"cover.environments",
	"cover.catalog",
	"summary.title",
	"summary.paragraph",
	"summary.coverage",
	"summary.coverage_note",
	"summary.open",
	"summary.contradicted",
	"summary.risk",
	"summary.actions",
	"summary.status_counts",
	"summary.count",
	"summary.meaning",
	"summary.split_chart",
	"summary.split_title",
	"summary.split_intro",
	"summary.top_risks",
	"summary.top_risks_none",
	"progress.title",
	"progress.intro",
	"progress.first",
	"progress.skipped",
	"progress.coverage",
	"progress.risk",
	"progress.change",
	"progress.environments_title",
	"progress.environments_intro",
	"progress.environment",
	"progress.changes_title",
	"progress.changes_intro",
	"progress.changes_none",
	"progress.changes_more",
	"progress.before",
	"progress.now",
	"progress.direction",
	"progress.worse",
	"progress.better",
	"progress.same",
	"heatmap.title",
	"heatmap.intro",
	"heatmap.area",
	"heatmap.total",
	"heatmap.level_none",
	"heatmap.level_low",
	"heatmap.level_medium",
	"heatmap.level_high",
	"heatmap.legend",
	"roadmap.title",
	"roadmap.intro",
	"roadmap.timeline",
	"roadmap.axis",
	"roadmap.phase1",
	"roadmap.phase2",
	"roadmap.phase3",
	"roadmap.phase_summary",
	"roadmap.none",
	"roadmap.id",
	"roadmap.action",
	"roadmap.controls",
	"roadmap.environments",
	"roadmap.owners",
	"roadmap.effort",
	"roadmap.cost",
	"roadmap.risk_reduction",
	"roadmap.depends_on",
	"roadmap.contradicted",
	"roadmap.native",
	"roadmap.generic",
	"roadmap.how",
	"roadmap.legend",
	"vulnerabilities.title",
	"vulnerabilities.intro",
	"vulnerabilities.rank",
	"vulnerabilities.action",
	"vulnerabilities.fixes",
	"vulnerabilities.images",
	"vulnerabilities.workloads",
	"vulnerabilities.score",
	"roadmap.phase",
	"roadmap.count",
	"matrix.title",
	"matrix.intro",
	"matrix.environment",
	"matrix.yes",
	"matrix.no",
	"matrix.owner_none",
	"matrix.control",
	"matrix.title_column",
	"matrix.responsibility",
	"matrix.status",
	"matrix.severity",
	"matrix.risk",
	"matrix.claim",
	"matrix.claim_none",
	"matrix.claim_by",
	"matrix.claim_due",
	"matrix.claim_note",
	"matrix.exception",
	"matrix.exception_expired",
	"evidence.title",
	"evidence.intro",
	"evidence.none",
	"evidence.environment",
	"evidence.control",
	"evidence.probe",
	"evidence.subject",
	"evidence.result",
	"evidence.detail",
	"evidence.location",
	"exceptions.title",
	"exceptions.intro",
	"exceptions.none",
	"exceptions.environment",
	"exceptions.control",
	"exceptions.owner",
	"exceptions.expires",
	"exceptions.state",
	"exceptions.reason",
	"exceptions.active",
	"exceptions.expired",
	"methodology.title",
	"methodology.intro",
	"methodology.catalog",
	"methodology.catalog_line",
	"methodology.providers",
	"methodology.provider_line",
	"methodology.provider_stale",
	"methodology.services",
	"methodology.service_closed",
	"methodology.service_retired",
	"methodology.sources",
	"methodology.status_title",
	"methodology.status_intro",
	"methodology.status_rules",
	"methodology.status_exceptions",
	"methodology.scoring_title",
	"methodology.scoring",
	"methodology.roadmap_title",
	"methodology.roadmap_rules",
	"status.provider",
	"status.met",
	"status.claimed",
	"status.partial",
	"status.contradicted",
	"status.gap",
	"status.accepted",
	"status.not-applicable",
	"status_legend.provider",
	"status_legend.met",
	"status_legend.claimed",
	"status_legend.partial",
	"status_legend.contradicted",
	"status_legend.gap",
	"status_legend.accepted",
	"status_legend.not-applicable",
	"responsibility.provider",
	"responsibility.shared",
	"responsibility.customer",
	"severity.critical",
	"severity.high",
	"severity.medium",
	"severity.low",
	"area.image",
	"area.registry",
	"area.orchestrator",
	"area.container",
	"area.host",
	"area.hardware",
	"probe_result.pass",
	"probe_result.fail",
	"probe_result.error",
	"probe_result.skip",
	"claim_status.implemented",
	"claim_status.partial",
	"claim_status.planned",
	"claim_status.not-implemented",
	"claim_status.not-applicable",
};

static void add_entry(struct report_templates *templates, const char *key, const char *text)
{
	templates->entries = xgrow(templates->entries, &templates->capacity, templates->count + 1,
				   sizeof(*templates->entries));
	templates->entries[templates->count++] = (struct template_entry){key, text};
}

/* Adds every text under `node` with `prefix` ("summary") as its key's start. */
static int flatten(struct report_templates *templates, const struct yreader *r,
		   const struct ynode *node, const char *prefix)
{
	if (node->kind == YNODE_SCALAR) {
		add_entry(templates, prefix, node->value);
		return 0;
	}
	if (node->kind == YNODE_SEQUENCE)
		return yreader_error(r, node, "wrong-type",
				     "'%s' must be a text or a mapping of texts, not a sequence",
				     prefix);
	int result = 0;
	for (size_t i = 0; i < node->count; i++) {
		const char *key =
			arena_printf(&templates->arena, "%s.%s", prefix, node->keys[i]->value);
		result |= flatten(templates, r, node->items[i], key);
	}
	return result;
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct template_entry *)a)->key,
		      ((const struct template_entry *)b)->key);
}

static const struct template_entry *find_entry(const struct report_templates *templates,
					       const char *key)
{
	struct template_entry probe = {key, NULL};
	return bsearch(&probe, templates->entries, templates->count, sizeof(probe),
		       compare_entries);
}

static int load_root(struct report_templates *templates, const struct yreader *r,
		     const struct ynode *root)
{
	if (yreader_expect(r, root, YNODE_MAPPING, "the templates file") < 0)
		return -1;
	int result = yreader_check_keys(r, root, sections, COUNT(sections), "the templates file");
	const char *format = yreader_string(r, root, "srgap-templates", true, "the templates file");
	if (format && strcmp(format, "1"))
		result = yreader_error(r, ynode_get(root, "srgap-templates"), "bad-version",
				       "templates format %s is not supported; this srgap reads "
				       "format 1",
				       format);
	for (size_t i = 0; i < root->count; i++) {
		const char *key = root->keys[i]->value;
		if (strcmp(key, "srgap-templates"))
			result |= flatten(templates, r, root->items[i], key);
	}
	return result;
}

int report_templates_load(struct report_templates **out, const char *data_dir,
			  struct diag_list *diags)
{
	struct report_templates *templates = xcalloc(1, sizeof(*templates));
	arena_init(&templates->arena);
	const char *path = arena_printf(&templates->arena, "%s/templates/report.yaml", data_dir);
	struct yreader reader = {.file = path, .code_prefix = "templates", .diags = diags};
	size_t errors_before = diag_error_count(diags);
	const struct ynode *root = yaml_tree_load_file(&templates->arena, path, "templates", diags);
	if (root && load_root(templates, &reader, root) == 0) {
		qsort(templates->entries, templates->count, sizeof(*templates->entries),
		      compare_entries);
		for (size_t i = 1; i < templates->count; i++)
			if (!strcmp(templates->entries[i - 1].key, templates->entries[i].key))
				diag_error(diags, path, 0, 0, "templates.duplicate-key",
					   "'%s' is given twice (a key with a dot in it?)",
					   templates->entries[i].key);
		for (size_t i = 0; i < COUNT(required_keys); i++)
			if (!find_entry(templates, required_keys[i]))
				diag_warning(diags, path, 0, 0, "templates.missing-key",
					     "no text for '%s'; the report shows the key instead",
					     required_keys[i]);
	}
	if (diag_error_count(diags) > errors_before) {
		report_templates_free(templates);
		*out = NULL;
		return -1;
	}
	*out = templates;
	return 0;
}

void report_templates_free(struct report_templates *templates)
{
	if (!templates)
		return;
	arena_release(&templates->arena);
	free(templates->entries);
	free(templates);
}

const char *report_text(const struct report_templates *templates, const char *key)
{
	const struct template_entry *entry = templates ? find_entry(templates, key) : NULL;
	return entry ? entry->text : key;
}
