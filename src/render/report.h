/*
 * Document formats (Markdown, HTML, PDF) for managers and wikis. Unlike the
 * streaming formats in render.h, a report renders a whole saved assessment:
 * the `assessment/2` JSON document (docs/json-schema.md), whether it comes
 * from `srgap report FILE.json` or straight from `srgap assess --format pdf`.
 * That keeps one source of truth and lets a saved assessment be re-rendered
 * without re-running probes.
 *
 * The wording (section titles, explanatory paragraphs, legends) comes from
 * templates/report.yaml, so an organization can reword or translate it.
 *
 * Adding a report format: write src/render/NAME.c defining
 * `const struct report_renderer report_NAME`, declare it below, add it to
 * the table in src/render/report.c and to src/render/meson.build.
 */
#ifndef SRGAP_RENDER_REPORT_H
#define SRGAP_RENDER_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

struct diag_list;
struct report_progress;
struct report_templates;

enum report_paper { REPORT_PAPER_A4, REPORT_PAPER_LETTER };

struct report_options {
	enum report_paper paper;
	const char *data_dir; /* for templates/ and bundled fonts */
	const char *source;   /* name of the assessment file, for diagnostics */
	/* Its place in a history (render/progress.h): the Progress section; NULL: none. */
	const struct report_progress *progress;
};

/* What report_renderer.render returns when it failed on valid input. */
#define REPORT_NOT_DRAWN (-2)

struct report_renderer {
	const char *name;
	const char *description;
	/*
	 * Renders `assessment` to `out`. Returns 0; -1 with a diagnostic when
	 * the input is wrong (missing font, unreadable logo, malformed
	 * assessment) or without one when writing failed (errno says why);
	 * REPORT_NOT_DRAWN with a diagnostic saying what could not be drawn
	 * when the renderer itself failed on valid input (exit status 3).
	 * Must not write anything the caller cannot discard: the caller writes
	 * to a temporary file and renames it only on success.
	 */
	int (*render)(const json_t *assessment, const struct report_templates *templates,
		      const struct report_options *options, FILE *out, struct diag_list *diags);
};

/*
 * The wording, loaded from DATA_DIR/templates/report.yaml. Nested mappings
 * flatten to dotted keys ("summary.title"). report_text never returns NULL:
 * a missing key yields the key itself, so a gap in a translation shows up in
 * the output instead of crashing (and the loader warns about it).
 */
int report_templates_load(struct report_templates **templates, const char *data_dir,
			  struct diag_list *diags);
void report_templates_free(struct report_templates *templates);
const char *report_text(const struct report_templates *templates, const char *key);

/*
 * Helpers every report format shares (src/render/report.c), so the formats
 * say the same things from the same rules.
 */
struct strbuf;

/*
 * Checks that `assessment` is an `assessment/2` (or `assessment/1`)
 * document whose members the reports read have the right types (and known
 * status words), so renderers can read them without checking. Returns 0, or
 * -1 with one diagnostic naming the JSON path
 * ("environments[2].cells[5].status") [report.json-shape], or the wrong
 * format id [report.wrong-format].
 */
int report_check(const json_t *assessment, const char *source, struct diag_list *diags);
/* 2 for "assessment/2", 1 for "assessment/1", else 0. */
int report_version(const json_t *assessment);
/*
 * Turns a checked assessment/1 document into the assessment/2 shape the
 * formats read: each cell's list of probe results becomes one summary per
 * probe with counts and a sample (PROBE_SAMPLE_DEFAULT), as `srgap assess`
 * writes them. An assessment/2 document is left as it is.
 */
void report_upgrade(json_t *assessment);
/* "2 FAIL, 1 error, 40 pass": a probe summary's non-zero counts, failing first. */
void report_probe_counts(struct strbuf *out, const json_t *probe,
			 const struct report_templates *templates);
/* How many failing or erroring subjects of a probe summary its sample leaves out. */
json_int_t report_probe_unsampled(const json_t *probe);

/* A member's string value; "" when absent or not a string. */
const char *report_string(const json_t *object, const char *key);
/* A member's integer value; 0 when absent or not an integer. */
json_int_t report_integer(const json_t *object, const char *key);
/*
 * Is the provider model `provider` (an entry of models.providers) stale for
 * this assessment: reviewed long before it (its `stale` flag) and used by a
 * service model of the assessment (a key "ID/..." of models.services)?
 */
bool report_provider_stale(const json_t *models, const json_t *provider);
/*
 * Appends the availability note of a service model entry of models.services
 * (methodology.service_closed or service_retired, with {since} and
 * {targets}), or nothing when the model is open to everyone.
 */
void report_service_availability(struct strbuf *out, const struct report_templates *templates,
				 const json_t *service);
/* A word from the templates, e.g. ("status", "gap") -> "status.gap"; `name` itself if missing. */
const char *report_word(const struct report_templates *templates, const char *group,
			const char *name);

/* Copies `text`, replacing each {name} by its value; unknown names stay as written. */
void report_expand(struct strbuf *out, const char *text, const char *const *names,
		   const char *const *values, size_t count);
/* The executive summary paragraph (summary.paragraph) with its placeholders filled in. */
void report_summary_paragraph(struct strbuf *out, const json_t *assessment,
			      const struct report_templates *templates);

/* One open cell (gap, partial, contradicted) with its environment. */
struct report_risk {
	const json_t *environment;
	const json_t *cell;
};
/* The `max` highest-risk open cells, highest first; ties keep inventory, then catalog order. */
size_t report_top_risks(const json_t *assessment, struct report_risk *top, size_t max);

/*
 * Where the logo named in assessment.logo is: a relative path is looked up
 * beside `source` (the saved assessment) first, then as written. Every
 * report format uses this rule. A new string the caller frees.
 */
char *report_logo_path(const char *logo, const char *source);

/* Heat map: the sum of cell risk of one area ("image") in one environment. */
json_int_t report_area_risk(const json_t *environment, const char *area);
/* The heat level of a risk sum: "none", "low", "medium" or "high" (heatmap.level_*). */
const char *report_heat_level(json_int_t risk);

const struct report_renderer *report_find(const char *name);
extern const struct report_renderer *const report_formats[];

extern const struct report_renderer report_html;
extern const struct report_renderer report_markdown;
extern const struct report_renderer report_oscal_ar;
extern const struct report_renderer report_oscal_poam;
extern const struct report_renderer report_pdf;

#endif
