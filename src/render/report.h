/*
 * Document formats (Markdown, HTML, PDF) for managers and wikis. Unlike the
 * streaming formats in render.h, a report renders a whole saved assessment:
 * the `assessment/1` JSON document (docs/json-schema.md), whether it comes
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
#include <stdio.h>

struct diag_list;
struct report_templates;

enum report_paper { REPORT_PAPER_A4, REPORT_PAPER_LETTER };

struct report_options {
	enum report_paper paper;
	const char *data_dir; /* for templates/ and bundled fonts */
	const char *source;   /* name of the assessment file, for diagnostics */
};

struct report_renderer {
	const char *name;
	const char *description;
	/*
	 * Renders `assessment` to `out`. Returns 0, or -1 with a diagnostic
	 * (missing font, unreadable logo, malformed assessment, write error).
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

const struct report_renderer *report_find(const char *name);
extern const struct report_renderer *const report_formats[];

extern const struct report_renderer report_html;
extern const struct report_renderer report_markdown;
extern const struct report_renderer report_pdf;

#endif
