/*
 * The PDF report for management, drawn with libharu from a whole
 * `assessment/2` document: cover, one-page executive summary, heat map,
 * roadmap, gap matrix per environment, evidence appendix and methodology,
 * with "page N of M", bookmarks, document info and embedded Unicode fonts.
 * The wording comes from the templates and the shared figures (summary
 * paragraph, top risks, heat levels) from report.c; this file decides layout
 * only, never a status or a score. The document is built in memory and
 * written to `out` only when complete, byte-identical for the same input.
 *
 * libharu's limits are respected by design, whatever the estate's size:
 * - a page-tree node holds at most 32,767 kids (HPDF_LIMIT_MAX_ARRAY): the
 *   pages hang in a two-level tree of PAGES_PER_NODE pages per node;
 * - a string holds at most 65,535 bytes (HPDF_LIMIT_MAX_STRING_LEN): page
 *   text is drawn one wrapped line of at most PDF_LINE_MAX_BYTES at a time,
 *   and the strings handed over whole (document info, bookmarks) are cut
 *   to MAX_LABEL bytes;
 * - dictionaries (4,095 entries) only ever hold our own few resources.
 * Anything libharu still refuses is a failure to draw, not bad input: the
 * renderer returns REPORT_NOT_DRAWN naming the part it was drawing.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/engine.h"
#include "core/provider.h"
#include "render/pdf_internal.h"
#include "render/progress.h"
#include "render/report.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define BODY_SIZE      9.0
#define TABLE_SIZE     7.5
#define TOP_RISKS      5
#define MAX_CHART_BARS 12
#define MAX_LISTED     6    /* environments or owners named in one roadmap cell */
#define PAGES_PER_NODE 1000 /* 32,767 nodes of them: no report comes near */
#define MAX_LABEL      400  /* bytes of a bookmark or document info string */
#define KPI_HEIGHT     74.0
#define SUMMARY_LINES  8
#define PHASES	       3
#define ROADMAP_TOP    10 /* actions per phase in the body; the others go to an appendix */

const struct pdf_rgb pdf_ink = {0.13f, 0.14f, 0.16f};
const struct pdf_rgb pdf_muted = {0.42f, 0.44f, 0.48f};
const struct pdf_rgb pdf_accent = {0.12f, 0.27f, 0.45f};
const struct pdf_rgb pdf_rule = {0.80f, 0.82f, 0.85f};
const struct pdf_rgb pdf_header = {0.12f, 0.27f, 0.45f};
const struct pdf_rgb pdf_stripe = {0.955f, 0.962f, 0.972f};
const struct pdf_rgb pdf_white = {1.0f, 1.0f, 1.0f};

/* ----------------------------------------------------------- the PDF's words */

/*
 * Every key under `pdf:` in templates/report.yaml that this file reads, by
 * index, so the list the unit test checks is the list the code uses. Shared
 * wording (section titles, column names, status words) uses the other
 * sections' keys directly.
 */
enum pdf_key {
	K_PAGE,
	K_CONTINUED,
	K_MORE,
	K_COVERAGE_VALUE,
	K_COVERAGE_DETAIL,
	K_OPEN_VALUE,
	K_OPEN_DETAIL,
	K_CONTRADICTED_VALUE,
	K_CONTRADICTED_DETAIL,
	K_RISK_VALUE,
	K_RISK_DETAIL,
	K_SPLIT_GROUPED,
	K_SPLIT_TRUNCATED,
	K_PROGRESS_LEGEND,
	K_ALL_ENVIRONMENTS,
	K_MEANING,
	K_CLAIM_REASON,
	K_ROADMAP_MISSING,
	K_PHASE1,
	K_PHASE2,
	K_PHASE3,
	K_ROADMAP_TOP,
	K_ROADMAP_MORE,
	K_ROADMAP_REST_TITLE,
	K_ROADMAP_REST_INTRO,
	K_EXPIRING,
	K_UNMATCHED,
	K_SERVICE,
	K_SERVICE_NAME,
	K_SERVICE_KIND,
	K_KEY_COUNT
};

const char *const pdf_template_keys[] = {
	[K_PAGE] = "pdf.page",
	[K_CONTINUED] = "pdf.continued",
	[K_MORE] = "pdf.more",
	[K_COVERAGE_VALUE] = "pdf.summary.coverage_value",
	[K_COVERAGE_DETAIL] = "pdf.summary.coverage_detail",
	[K_OPEN_VALUE] = "pdf.summary.open_value",
	[K_OPEN_DETAIL] = "pdf.summary.open_detail",
	[K_CONTRADICTED_VALUE] = "pdf.summary.contradicted_value",
	[K_CONTRADICTED_DETAIL] = "pdf.summary.contradicted_detail",
	[K_RISK_VALUE] = "pdf.summary.risk_value",
	[K_RISK_DETAIL] = "pdf.summary.risk_detail",
	[K_SPLIT_GROUPED] = "pdf.summary.split_grouped",
	[K_SPLIT_TRUNCATED] = "pdf.summary.split_truncated",
	[K_PROGRESS_LEGEND] = "pdf.progress.legend",
	[K_ALL_ENVIRONMENTS] = "pdf.heatmap.all_environments",
	[K_MEANING] = "pdf.matrix.meaning",
	[K_CLAIM_REASON] = "pdf.matrix.claim_reason",
	[K_ROADMAP_MISSING] = "pdf.roadmap.missing",
	[K_PHASE1] = "pdf.roadmap.phase1",
	[K_PHASE2] = "pdf.roadmap.phase2",
	[K_PHASE3] = "pdf.roadmap.phase3",
	[K_ROADMAP_TOP] = "pdf.roadmap.top",
	[K_ROADMAP_MORE] = "pdf.roadmap.more",
	[K_ROADMAP_REST_TITLE] = "pdf.roadmap.rest_title",
	[K_ROADMAP_REST_INTRO] = "pdf.roadmap.rest_intro",
	[K_EXPIRING] = "pdf.exceptions.expiring",
	[K_UNMATCHED] = "pdf.exceptions.unmatched",
	[K_SERVICE] = "pdf.methodology.service",
	[K_SERVICE_NAME] = "pdf.methodology.service_name",
	[K_SERVICE_KIND] = "pdf.methodology.service_kind",
	NULL,
};

/* ------------------------------------------------------------------- colours */

static const struct pdf_rgb status_colors[STATUS_COUNT] = {
	[STATUS_PROVIDER] = {0.62f, 0.68f, 0.76f},
	[STATUS_MET] = {0.18f, 0.55f, 0.34f},
	[STATUS_CLAIMED] = {0.36f, 0.66f, 0.70f},
	[STATUS_PARTIAL] = {0.95f, 0.70f, 0.22f},
	[STATUS_CONTRADICTED] = {0.55f, 0.22f, 0.58f},
	[STATUS_GAP] = {0.80f, 0.22f, 0.20f},
	[STATUS_ACCEPTED] = {0.42f, 0.47f, 0.76f},
	[STATUS_NOT_APPLICABLE] = {0.80f, 0.80f, 0.80f},
};

static const struct pdf_rgb responsibility_colors[RESPONSIBILITY_COUNT] = {
	{0.62f, 0.68f, 0.76f}, /* provider: the same grey-blue as the provider status */
	{0.38f, 0.55f, 0.75f},
	{0.12f, 0.27f, 0.45f},
};

static const struct pdf_rgb phase_colors[PHASES] = {
	{0.12f, 0.27f, 0.45f},
	{0.30f, 0.48f, 0.70f},
	{0.55f, 0.68f, 0.83f},
};
static const struct pdf_rgb phase_tints[PHASES] = {
	{0.86f, 0.90f, 0.95f},
	{0.90f, 0.93f, 0.97f},
	{0.94f, 0.96f, 0.98f},
};
static const int phase_start[PHASES] = {0, 30, 90}; /* day axis positions of the phases */
static const int phase_end[PHASES] = {30, 90, 180};

/* The heat levels of report_heat_level, in order. */
static const char *const heat_levels[] = {"none", "low", "medium", "high"};
#define HEAT_LEVELS 4
static const struct pdf_rgb heat_colors[HEAT_LEVELS] = {
	{0.90f, 0.95f, 0.90f},
	{1.00f, 0.93f, 0.70f},
	{0.97f, 0.66f, 0.42f},
	{0.76f, 0.20f, 0.19f},
};

static const struct pdf_rgb outcome_colors[] = {
	{0.18f, 0.55f, 0.34f}, /* pass */
	{0.80f, 0.22f, 0.20f}, /* fail */
	{0.95f, 0.70f, 0.22f}, /* error */
	{0.60f, 0.62f, 0.64f}, /* skip */
};
static const char *const outcomes[] = {"pass", "fail", "error", "skip"};

static const struct pdf_rgb warning_fill = {0.98f, 0.84f, 0.82f};
static const struct pdf_rgb warning_ink = {0.65f, 0.12f, 0.10f};
static const struct pdf_rgb caution_fill = {1.00f, 0.94f, 0.80f};

static int name_index(const char *const *names, int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* ------------------------------------------------------------------- fonts */

static unsigned glyph_width(const struct pdf_font *font, const char *text, size_t length)
{
	HPDF_TextWidth width =
		HPDF_Font_TextWidth(font->handle, (const HPDF_BYTE *)text, (HPDF_UINT)length);
	return width.width;
}

static void font_cache(struct pdf_font *font)
{
	for (int c = 0; c < 128; c++) {
		char ch = (char)(c < 32 ? ' ' : c);
		font->ascii[c] = glyph_width(font, &ch, 1);
	}
}

/* libharu applies no kerning, so a text's width is the sum of its glyphs'. */
double pdf_measure(const struct pdf_font *font, double size, const char *text, size_t length)
{
	unsigned long units = 0;
	size_t i = 0;
	while (i < length) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x80) {
			units += font->ascii[c];
			i++;
			continue;
		}
		size_t end = i + 1;
		while (end < length && ((unsigned char)text[end] & 0xC0) == 0x80)
			end++;
		units += glyph_width(font, text + i, end - i);
		i = end;
	}
	return (double)units * size / 1000.0;
}

struct font_measure {
	const struct pdf_font *font;
	double size;
};

static double measure_font(const void *context, const char *text, size_t length)
{
	const struct font_measure *m = context;
	return pdf_measure(m->font, m->size, text, length);
}

/* ---------------------------------------------------------------- drawing */

static void set_fill(struct pdf_doc *doc, const struct pdf_rgb *color)
{
	if (doc->state_fill_set && !memcmp(&doc->state_fill, color, sizeof(*color)))
		return;
	HPDF_Page_SetRGBFill(doc->page, color->r, color->g, color->b);
	doc->state_fill = *color;
	doc->state_fill_set = true;
}

void pdf_text_suffix(struct pdf_doc *doc, const struct pdf_font *font, double size,
		     const struct pdf_rgb *color, double x, double y, enum pdf_align align,
		     const char *text, size_t length, const char *suffix)
{
	struct strbuf *s = &doc->scratch;
	strbuf_reset(s);
	/* Control characters have no glyph; a tab or stray CR reads as a space. */
	for (size_t i = 0; i < length; i++)
		strbuf_addch(s, (unsigned char)text[i] < 0x20 ? ' ' : text[i]);
	/* Wrapped text is within the limit already; a bare label is cut to it. */
	if (s->len > PDF_LINE_MAX_BYTES) {
		size_t cut = PDF_LINE_MAX_BYTES;
		while (cut > 0 && ((unsigned char)s->buf[cut] & 0xC0) == 0x80)
			cut--;
		strbuf_truncate(s, cut);
	}
	if (suffix)
		strbuf_addstr(s, suffix);
	if (s->len == 0 || !doc->page)
		return;
	if (align != PDF_LEFT) {
		double width = pdf_measure(font, size, s->buf, s->len);
		x -= align == PDF_RIGHT ? width : width / 2;
	}
	HPDF_Page page = doc->page;
	HPDF_Page_BeginText(page);
	if (doc->state_font != font || doc->state_size != size) {
		HPDF_Page_SetFontAndSize(page, font->handle, (HPDF_REAL)size);
		doc->state_font = font;
		doc->state_size = size;
	}
	set_fill(doc, color);
	HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s->buf);
	HPDF_Page_EndText(page);
}

void pdf_text(struct pdf_doc *doc, const struct pdf_font *font, double size,
	      const struct pdf_rgb *color, double x, double y, enum pdf_align align,
	      const char *text, size_t length)
{
	pdf_text_suffix(doc, font, size, color, x, y, align, text, length, NULL);
}

void pdf_text_fit(struct pdf_doc *doc, const struct pdf_font *font, double size,
		  const struct pdf_rgb *color, double x, double y, double width, const char *text)
{
	struct font_measure m = {font, size};
	struct pdf_span line;
	bool truncated;
	if (pdf_wrap(text, width, measure_font, &m, pdf_measure(font, size, "…", strlen("…")),
		     &line, 1, &truncated))
		pdf_text_suffix(doc, font, size, color, x, y, PDF_LEFT, text + line.offset,
				line.length, truncated ? "…" : NULL);
}

void pdf_fill_rect(struct pdf_doc *doc, double x, double y, double width, double height,
		   const struct pdf_rgb *color)
{
	if (width <= 0 || height <= 0 || !doc->page)
		return;
	set_fill(doc, color);
	HPDF_Page_Rectangle(doc->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)width,
			    (HPDF_REAL)height);
	HPDF_Page_Fill(doc->page);
}

void pdf_line(struct pdf_doc *doc, double x1, double y1, double x2, double y2, double width,
	      const struct pdf_rgb *color)
{
	HPDF_Page page = doc->page;
	if (!page)
		return;
	HPDF_Page_SetRGBStroke(page, color->r, color->g, color->b);
	HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
	HPDF_Page_MoveTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_LineTo(page, (HPDF_REAL)x2, (HPDF_REAL)y2);
	HPDF_Page_Stroke(page);
}

void pdf_new_page(struct pdf_doc *doc)
{
	HPDF_Page page = HPDF_AddPage(doc->doc);
	if (!page)
		return; /* the error handler recorded why; the caller checks pdf_failed */
	HPDF_Page_SetWidth(page, (HPDF_REAL)doc->page_width);
	HPDF_Page_SetHeight(page, (HPDF_REAL)doc->page_height);
	doc->pages =
		xgrow(doc->pages, &doc->page_capacity, doc->page_count + 1, sizeof(*doc->pages));
	doc->pages[doc->page_count++] = page;
	pdf_use_page(doc, page);
	doc->y = doc->top;
}

void pdf_use_page(struct pdf_doc *doc, HPDF_Page page)
{
	doc->page = page;
	doc->state_font = NULL;
	doc->state_fill_set = false;
}

void pdf_ensure(struct pdf_doc *doc, double height)
{
	if (doc->y - height < doc->bottom)
		pdf_new_page(doc);
}

void pdf_paragraph(struct pdf_doc *doc, const struct pdf_font *font, double size,
		   const struct pdf_rgb *color, const char *text, double indent)
{
	pdf_paragraph_lines(doc, font, size, color, text, indent, 400);
}

void pdf_paragraph_lines(struct pdf_doc *doc, const struct pdf_font *font, double size,
			 const struct pdf_rgb *color, const char *text, double indent,
			 size_t max_lines)
{
	struct pdf_span *lines = xcalloc(max_lines ? max_lines : 1, sizeof(*lines));
	struct font_measure m = {font, size};
	bool truncated;
	double leading = size * 1.4;
	size_t count =
		pdf_wrap(text, doc->right - doc->left - indent, measure_font, &m,
			 pdf_measure(font, size, "…", strlen("…")), lines, max_lines, &truncated);
	for (size_t i = 0; i < count; i++) {
		pdf_ensure(doc, leading);
		doc->y -= leading;
		pdf_text_suffix(doc, font, size, color, doc->left + indent, doc->y + size * 0.3,
				PDF_LEFT, text + lines[i].offset, lines[i].length,
				truncated && i + 1 == count ? "…" : NULL);
	}
	free(lines);
}

/* The height pdf_paragraph will take for `text`. */
static double paragraph_height(const struct pdf_doc *doc, const struct pdf_font *font, double size,
			       const char *text)
{
	enum { MAX_LINES = 400 };
	struct pdf_span *lines = xcalloc(MAX_LINES, sizeof(*lines));
	struct font_measure m = {font, size};
	bool truncated;
	size_t count = pdf_wrap(text, doc->right - doc->left, measure_font, &m, 0, lines, MAX_LINES,
				&truncated);
	free(lines);
	return (double)count * size * 1.4;
}

/* ------------------------------------------------------------------- state */

/* A roadmap action as rank_roadmap orders them. */
struct ranked_action {
	json_int_t phase, risk;
	size_t index;
};

struct report {
	struct pdf_doc doc;
	const json_t *root;
	const json_t *environments;
	const json_t *roadmap; /* NULL when the assessment was saved without one */
	/*
	 * By roadmap index: the action is among the ROADMAP_TOP of its phase
	 * that remove the most risk and shown in the body; the rest_count
	 * others are listed in an appendix.
	 */
	struct ranked_action *ranked; /* every action, see rank_roadmap */
	bool *in_body;
	size_t rest_count;
	const struct report_options *options;
	HPDF_Encoder utf8;
	HPDF_Image logo;
	double content_width;
	struct pdf_rgb status_tints[STATUS_COUNT]; /* behind the status word in tables */
	struct strbuf text;			   /* formatting scratch, apart from doc.scratch */
	struct strbuf label;			   /* label()'s result */
};

static const char *T(const struct report *report, const char *key)
{
	return report_text(report->doc.templates, key);
}

static const char *P(const struct report *report, enum pdf_key key)
{
	return report_text(report->doc.templates, pdf_template_keys[key]);
}

static const char *W(const struct report *report, const char *group, const char *name)
{
	return report_word(report->doc.templates, group, name);
}

/*
 * `text` as libharu takes a whole string (a bookmark, a document info
 * entry): at most MAX_LABEL bytes, cut at a character with an ellipsis.
 */
static const char *label(struct report *report, const char *text)
{
	size_t length = strlen(text);
	if (length <= MAX_LABEL)
		return text;
	length = MAX_LABEL;
	while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
		length--; /* not inside a UTF-8 sequence */
	strbuf_reset(&report->label);
	strbuf_add(&report->label, text, length);
	strbuf_addstr(&report->label, "…");
	return report->label.buf;
}

/* Expands template text into `out` (reset first); returns out->buf. */
static const char *expand(struct strbuf *out, const char *text, const char *const *names,
			  const char *const *values, size_t count)
{
	strbuf_reset(out);
	report_expand(out, text, names, values, count);
	return out->buf;
}

/* A short label (a count, a word and a number) in report->text. */
static const char *format(struct report *report, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *format(struct report *report, const char *fmt, ...)
{
	char buffer[512];
	va_list args;
	va_start(args, fmt);
	vsnprintf(buffer, sizeof(buffer), fmt, args);
	va_end(args);
	strbuf_reset(&report->text);
	strbuf_addstr(&report->text, buffer);
	return report->text.buf;
}

/* Column widths are written for A4 (495 points of content) and scaled to the paper. */
static void scale_columns(const struct report *report, struct pdf_column *columns, size_t count,
			  size_t flexible)
{
	double total = 0;
	for (size_t i = 0; i < count; i++)
		total += columns[i].width;
	for (size_t i = 0; i < count; i++)
		columns[i].width = columns[i].width * report->content_width / total;
	pdf_table_fit_headers(&report->doc, columns, count, TABLE_SIZE, flexible);
}

static void table_start(struct report *report, struct pdf_table *table, struct pdf_column *columns,
			size_t count, size_t flexible, struct strbuf *continued, const char *title)
{
	scale_columns(report, columns, count, flexible);
	pdf_table_init(table, columns, count, TABLE_SIZE);
	if (continued) {
		const char *names[] = {"title"};
		const char *values[] = {title};
		table->continued = expand(continued, P(report, K_CONTINUED), names, values, 1);
	}
}

static HPDF_Outline bookmark(struct report *report, HPDF_Outline parent, const char *title,
			     double top)
{
	HPDF_Outline item =
		HPDF_CreateOutline(report->doc.doc, parent, label(report, title), report->utf8);
	if (!item)
		return NULL;
	HPDF_Destination destination = HPDF_Page_CreateDestination(report->doc.page);
	HPDF_Destination_SetFitH(destination, (HPDF_REAL)top);
	HPDF_Outline_SetDestination(item, destination);
	HPDF_Outline_SetOpened(item, HPDF_FALSE);
	return item;
}

/* A section starts on a new page with a bookmark and a title. */
static HPDF_Outline section(struct report *report, const char *title)
{
	struct pdf_doc *doc = &report->doc;
	pdf_new_page(doc);
	HPDF_Outline item = bookmark(report, NULL, title, doc->page_height);
	doc->y += 4;
	pdf_paragraph_lines(doc, &doc->bold, 18, &pdf_accent, title, 0, 3);
	doc->y -= 6;
	pdf_line(doc, doc->left, doc->y, doc->right, doc->y, 1.2, &pdf_accent);
	doc->y -= 8;
	return item;
}

/* A heading inside a section, kept with `keep` points of what follows. */
static void subheading(struct report *report, const char *title, double keep)
{
	struct pdf_doc *doc = &report->doc;
	pdf_ensure(doc, 24 + keep);
	doc->y -= 4;
	pdf_paragraph_lines(doc, &doc->bold, 11, &pdf_accent, title, 0, 2);
	doc->y -= 3;
}

static void body(struct report *report, const char *text)
{
	pdf_paragraph(&report->doc, &report->doc.regular, BODY_SIZE, &pdf_ink, text, 0);
	report->doc.y -= 4;
}

static void note(struct report *report, const char *text)
{
	pdf_paragraph(&report->doc, &report->doc.regular, 7.5, &pdf_muted, text, 0);
	report->doc.y -= 2;
}

static long status_count(const json_t *summary, int status)
{
	return (long)report_integer(json_object_get(summary, "status"), status_names[status]);
}

/* -------------------------------------------------------------------- cover */

static void draw_logo(struct report *report, double x, double top, double max_width,
		      double max_height)
{
	double width = HPDF_Image_GetWidth(report->logo);
	double height = HPDF_Image_GetHeight(report->logo);
	if (width <= 0 || height <= 0)
		return;
	double scale = max_width / width;
	if (height * scale > max_height)
		scale = max_height / height;
	HPDF_Page_DrawImage(report->doc.page, report->logo, (HPDF_REAL)x,
			    (HPDF_REAL)(top - height * scale), (HPDF_REAL)(width * scale),
			    (HPDF_REAL)(height * scale));
}

static void cover_field(struct report *report, const char *label, const char *value)
{
	struct pdf_doc *doc = &report->doc;
	doc->y -= 18;
	pdf_text_fit(doc, &doc->regular, 8.5, &pdf_muted, doc->left, doc->y, 104, label);
	pdf_text_fit(doc, &doc->regular, 11, &pdf_ink, doc->left + 110, doc->y,
		     doc->right - doc->left - 110, value);
}

static void cover(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *assessment = json_object_get(report->root, "assessment");
	const json_t *catalog = json_object_get(json_object_get(report->root, "models"), "catalog");
	pdf_new_page(doc);
	/* A band down the left edge gives the cover its identity without an image. */
	pdf_fill_rect(doc, 0, 0, 14, doc->page_height, &pdf_accent);
	if (report->logo)
		draw_logo(report, doc->left, doc->top, 200, 80);

	doc->y = doc->page_height * 0.64;
	pdf_text_fit(doc, &doc->bold, 10, &pdf_muted, doc->left, doc->y, report->content_width,
		     T(report, "report.subtitle"));
	doc->y -= 10;
	pdf_paragraph(doc, &doc->bold, 26, &pdf_accent, report_string(report->root, "organization"),
		      0);
	doc->y -= 6;
	pdf_paragraph(doc, &doc->regular, 15, &pdf_ink, report_string(assessment, "title"), 0);
	doc->y -= 14;
	pdf_fill_rect(doc, doc->left, doc->y, 60, 3, &pdf_accent);
	doc->y -= 8;
	const char *assessor = report_string(assessment, "assessor");
	cover_field(report, T(report, "cover.date"), report_string(assessment, "date"));
	cover_field(report, T(report, "cover.assessor"),
		    *assessor ? assessor : T(report, "cover.assessor_none"));
	cover_field(report, T(report, "cover.environments"),
		    format(report, "%zu", json_array_size(report->environments)));
	const char *names[] = {"id", "version", "reviewed"};
	const char *values[] = {report_string(catalog, "id"), report_string(catalog, "version"),
				report_string(catalog, "reviewed")};
	cover_field(report, T(report, "cover.catalog"),
		    expand(&report->text, T(report, "methodology.catalog_line"), names, values, 3));

	doc->y = doc->bottom + 20;
	const char *generator_names[] = {"generator"};
	const char *generator[] = {report_string(report->root, "generator")};
	pdf_paragraph(doc, &doc->regular, 8, &pdf_muted,
		      expand(&report->text, T(report, "report.generated_by"), generator_names,
			     generator, 1),
		      0);
}

/* -------------------------------------------------------- executive summary */

/* The names the summary templates may use, the same as summary.paragraph's. */
enum {
	VAR_ORGANIZATION,
	VAR_ENVIRONMENTS,
	VAR_CUSTOMER_SHARE,
	VAR_COVERAGE,
	VAR_OPEN,
	VAR_CRITICAL,
	VAR_HIGH,
	VAR_CONTRADICTED,
	VAR_ACCEPTED,
	VAR_EXPIRED,
	VAR_ACTIONS,
	VAR_RISK,
	VAR_COUNT
};
static const char *const summary_names[VAR_COUNT] = {
	"organization", "environments", "customer_share", "coverage", "open",	 "critical",
	"high",		"contradicted", "accepted",	  "expired",  "actions", "risk",
};

struct summary_vars {
	char numbers[VAR_COUNT][32];
	const char *values[VAR_COUNT];
};

static void summary_vars(const struct report *report, const json_t *summary,
			 struct summary_vars *vars)
{
	const json_t *open = json_object_get(summary, "open_by_severity");
	long numbers[VAR_COUNT] = {
		[VAR_ENVIRONMENTS] = (long)json_array_size(report->environments),
		[VAR_CUSTOMER_SHARE] = (long)report_integer(summary, "customer_share"),
		[VAR_OPEN] = status_count(summary, STATUS_GAP) +
			     status_count(summary, STATUS_CONTRADICTED),
		[VAR_CRITICAL] = (long)report_integer(open, "critical"),
		[VAR_HIGH] = (long)report_integer(open, "high"),
		[VAR_CONTRADICTED] = status_count(summary, STATUS_CONTRADICTED),
		[VAR_ACCEPTED] = status_count(summary, STATUS_ACCEPTED),
		[VAR_EXPIRED] = (long)report_integer(summary, "expired_exceptions"),
		[VAR_ACTIONS] = (long)json_array_size(report->roadmap),
		[VAR_RISK] = (long)report_integer(summary, "risk"),
	};
	for (int i = 0; i < VAR_COUNT; i++) {
		snprintf(vars->numbers[i], sizeof(vars->numbers[i]), "%ld", numbers[i]);
		vars->values[i] = vars->numbers[i];
	}
	snprintf(vars->numbers[VAR_COVERAGE], sizeof(vars->numbers[VAR_COVERAGE]), "%.1f",
		 json_number_value(json_object_get(summary, "coverage_percent")));
	vars->values[VAR_ORGANIZATION] = report_string(report->root, "organization");
}

/* A key figure: a big value, a label of up to two lines, a detail of up to two. */
static void kpi(struct report *report, double x, double width, double top, const char *value,
		const char *label, const char *detail)
{
	struct pdf_doc *doc = &report->doc;
	pdf_fill_rect(doc, x, top - KPI_HEIGHT, width, KPI_HEIGHT, &pdf_stripe);
	pdf_fill_rect(doc, x, top - KPI_HEIGHT, 3, KPI_HEIGHT, &pdf_accent);
	pdf_text_fit(doc, &doc->bold, 20, &pdf_accent, x + 12, top - 25, width - 16, value);
	double y = top - 38;
	const struct {
		const struct pdf_font *font;
		double size;
		const struct pdf_rgb *color;
		const char *text;
	} parts[] = {{&doc->bold, 7.5, &pdf_ink, label}, {&doc->regular, 7, &pdf_muted, detail}};
	for (size_t p = 0; p < 2; p++) {
		struct font_measure m = {parts[p].font, parts[p].size};
		struct pdf_span lines[2];
		bool truncated;
		size_t n = pdf_wrap(parts[p].text, width - 16, measure_font, &m,
				    pdf_measure(parts[p].font, parts[p].size, "…", strlen("…")),
				    lines, 2, &truncated);
		for (size_t i = 0; i < n; i++) {
			pdf_text_suffix(doc, parts[p].font, parts[p].size, parts[p].color, x + 12,
					y, PDF_LEFT, parts[p].text + lines[i].offset,
					lines[i].length, truncated && i + 1 == n ? "…" : NULL);
			y -= parts[p].size * 1.25;
		}
		y -= 2;
	}
}

static void key_figures(struct report *report, const struct summary_vars *vars)
{
	struct pdf_doc *doc = &report->doc;
	static const enum pdf_key values[4] = {K_COVERAGE_VALUE, K_OPEN_VALUE, K_CONTRADICTED_VALUE,
					       K_RISK_VALUE};
	static const char *const labels[4] = {"summary.coverage", "summary.open",
					      "summary.contradicted", "summary.risk"};
	static const enum pdf_key details[4] = {K_COVERAGE_DETAIL, K_OPEN_DETAIL,
						K_CONTRADICTED_DETAIL, K_RISK_DETAIL};
	double gap = 10;
	double width = (report->content_width - 3 * gap) / 4;
	double top = doc->y - 4;
	struct strbuf value;
	strbuf_init(&value);
	for (int k = 0; k < 4; k++) {
		expand(&value, P(report, values[k]), summary_names, vars->values, VAR_COUNT);
		expand(&report->text, P(report, details[k]), summary_names, vars->values,
		       VAR_COUNT);
		kpi(report, doc->left + k * (width + gap), width, top, value.buf,
		    T(report, labels[k]), report->text.buf);
	}
	strbuf_release(&value);
	doc->y = top - KPI_HEIGHT - 4;
}

/* Status counts across the estate: one bar, and a legend with every status and its count. */
static void status_chart(struct report *report, const json_t *summary)
{
	struct pdf_doc *doc = &report->doc;
	struct pdf_segment segments[STATUS_COUNT];
	for (int s = 0; s < STATUS_COUNT; s++) {
		segments[s].value = (double)status_count(summary, s);
		segments[s].color = &status_colors[s];
	}
	doc->y -= 18;
	pdf_chart_stacked_bar(doc, doc->left, doc->y, report->content_width, 16, segments,
			      STATUS_COUNT, true);
	double column = report->content_width / 4;
	for (int s = 0; s < STATUS_COUNT; s++) {
		if (s % 4 == 0)
			doc->y -= 13;
		pdf_chart_legend_item(doc, doc->left + column * (s % 4), doc->y, &status_colors[s],
				      format(report, "%s  %ld",
					     W(report, "status", status_names[s]),
					     status_count(summary, s)));
	}
}

struct split_row {
	char *label; /* owned */
	long counts[RESPONSIBILITY_COUNT];
	size_t environments;
};

/*
 * The responsibility split per environment. It depends only on the service
 * models, so a large estate is shown per combination of service models
 * instead: the same bars, a dozen rows instead of hundreds.
 */
static void responsibility_chart(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	size_t count = json_array_size(report->environments);
	struct split_row *rows = xcalloc(count ? count : 1, sizeof(*rows));
	size_t row_count = 0;
	bool grouped = count > MAX_CHART_BARS;
	size_t i;
	const json_t *environment;
	json_array_foreach(report->environments, i, environment) {
		const json_t *split =
			json_object_get(json_object_get(environment, "summary"), "responsibility");
		/* "aws/eks-managed-nodes · ecr": the registry's provider only when it differs. */
		const char *provider = report_string(environment, "provider");
		const char *registry = report_string(environment, "registry");
		size_t length = strlen(provider);
		if (!strncmp(registry, provider, length) && registry[length] == '/')
			registry += length + 1;
		char *label = grouped ? xasprintf("%s/%s · %s", provider,
						  report_string(environment, "service"), registry)
				      : xstrdup(report_string(environment, "name"));
		size_t r = 0;
		while (r < row_count && strcmp(rows[r].label, label))
			r++;
		if (r == row_count) {
			rows[r].label = label;
			for (int k = 0; k < RESPONSIBILITY_COUNT; k++)
				rows[r].counts[k] =
					(long)report_integer(split, responsibility_names[k]);
			row_count++;
		} else {
			free(label);
		}
		rows[r].environments++;
	}

	const double bar = 11, step = 15, label_width = grouped ? 190 : 150;
	size_t shown = row_count > MAX_CHART_BARS ? MAX_CHART_BARS : row_count;
	doc->y -= 2;
	for (size_t r = 0; r < shown; r++) {
		doc->y -= step;
		const char *label =
			grouped ? format(report, "%s (%zu)", rows[r].label, rows[r].environments)
				: rows[r].label;
		pdf_text_fit(doc, &doc->regular, 7.5, &pdf_ink, doc->left, doc->y + 2.5,
			     label_width - 6, label);
		struct pdf_segment segments[RESPONSIBILITY_COUNT];
		for (int k = 0; k < RESPONSIBILITY_COUNT; k++) {
			segments[k].value = (double)rows[r].counts[k];
			segments[k].color = &responsibility_colors[k];
		}
		pdf_chart_stacked_bar(doc, doc->left + label_width, doc->y - 1,
				      report->content_width - label_width, bar, segments,
				      RESPONSIBILITY_COUNT, true);
	}
	doc->y -= 15;
	double x = doc->left + label_width;
	for (int k = 0; k < RESPONSIBILITY_COUNT; k++)
		x += pdf_chart_legend_item(doc, x, doc->y, &responsibility_colors[k],
					   W(report, "responsibility", responsibility_names[k]));
	if (grouped) {
		char shown_text[24], groups_text[24], environments_text[24];
		snprintf(shown_text, sizeof(shown_text), "%zu", shown);
		snprintf(groups_text, sizeof(groups_text), "%zu", row_count);
		snprintf(environments_text, sizeof(environments_text), "%zu", count);
		const char *names[] = {"shown", "groups", "environments"};
		const char *values[] = {shown_text, groups_text, environments_text};
		doc->y -= 3;
		note(report,
		     expand(&report->text,
			    P(report, shown < row_count ? K_SPLIT_TRUNCATED : K_SPLIT_GROUPED),
			    names, values, 3));
	}
	for (size_t r = 0; r < row_count; r++)
		free(rows[r].label);
	free(rows);
}

/* A status is never colour alone: the square and the tint come with the word. */
static void status_cell(const struct report *report, struct pdf_cell *cell, const char *status)
{
	int s = name_index(status_names, STATUS_COUNT, status);
	cell->text = W(report, "status", status);
	cell->swatch = s >= 0 ? &status_colors[s] : NULL;
	cell->fill = s >= 0 ? &report->status_tints[s] : NULL;
}

static void top_risks_table(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	struct report_risk top[TOP_RISKS];
	size_t count = report_top_risks(report->root, top, TOP_RISKS);
	if (count == 0) {
		body(report, T(report, "summary.top_risks_none"));
		return;
	}
	struct pdf_column columns[] = {
		{T(report, "matrix.risk"), 34, PDF_RIGHT},
		{T(report, "evidence.environment"), 100, PDF_LEFT},
		{T(report, "matrix.control"), 42, PDF_LEFT},
		{T(report, "matrix.title_column"), 240, PDF_LEFT},
		{T(report, "matrix.status"), 79, PDF_LEFT},
	};
	struct pdf_table table;
	table_start(report, &table, columns, 5, 3, NULL, NULL);
	for (size_t i = 0; i < count; i++) {
		char risk[24];
		snprintf(risk, sizeof(risk), "%lld",
			 (long long)report_integer(top[i].cell, "risk"));
		struct pdf_cell cells[5] = {
			{.text = risk, .bold = true},
			{.text = report_string(top[i].environment, "name")},
			{.text = report_string(top[i].cell, "control")},
			{.text = report_string(top[i].cell, "title")},
			{0},
		};
		status_cell(report, &cells[4], report_string(top[i].cell, "status"));
		pdf_table_row(doc, &table, cells);
	}
	pdf_table_end(doc, &table);
}

static void executive_summary(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *summary = json_object_get(report->root, "summary");
	struct summary_vars vars;
	summary_vars(report, summary, &vars);
	section(report, T(report, "summary.title"));
	key_figures(report, &vars);

	strbuf_reset(&report->text);
	report_summary_paragraph(&report->text, report->root, doc->templates);
	doc->y -= 2;
	/* Capped, so that a wordy translation cannot push the summary onto a second page. */
	pdf_paragraph_lines(doc, &doc->regular, BODY_SIZE, &pdf_ink, report->text.buf, 0,
			    SUMMARY_LINES);
	subheading(report, T(report, "summary.status_counts"), 40);
	status_chart(report, summary);
	subheading(report, T(report, "summary.split_title"), 40);
	pdf_paragraph_lines(doc, &doc->regular, 7.5, &pdf_muted, T(report, "summary.split_intro"),
			    0, 3);
	responsibility_chart(report);
	subheading(report, T(report, "summary.top_risks"), 40);
	top_risks_table(report);
}

/* ----------------------------------------------------------------- progress */

static const struct pdf_rgb coverage_color = {0.06f, 0.40f, 0.22f};
static const struct pdf_rgb risk_color = {0.70f, 0.15f, 0.12f};

static struct pdf_line_chart line_chart(const struct report_progress *progress,
					const struct progress_line *line, bool coverage,
					const char *high_label)
{
	return (struct pdf_line_chart){
		.days = progress->days,
		.values = line->values,
		.present = line->present,
		.count = progress->count,
		.high = line->high,
		.color = coverage ? &coverage_color : &risk_color,
		.high_label = high_label,
		.first_label = progress->dates[0],
		.last_label = progress->dates[progress->count - 1],
	};
}

/* The estate's coverage and open risk, side by side, with their axes. */
static void progress_estate(struct report *report, const struct report_progress *progress)
{
	struct pdf_doc *doc = &report->doc;
	const double gap = 36, axis = 26, height = 110;
	double width = (report->content_width - gap - 2 * axis) / 2;
	pdf_ensure(doc, height + 50);
	const struct progress_line *lines[2] = {&progress->estate.coverage, &progress->estate.risk};
	const char *titles[2] = {T(report, "progress.coverage"), T(report, "progress.risk")};
	double top = doc->y;
	for (int i = 0; i < 2; i++) {
		double x = doc->left + axis + i * (width + gap + axis);
		char high[32];
		snprintf(high, sizeof(high), "%.0f", lines[i]->high);
		pdf_text_fit(doc, &doc->bold, 8.5, &pdf_ink, x - axis, top - 9, width + axis,
			     titles[i]);
		strbuf_reset(&report->text);
		report_progress_line_summary(&report->text, lines[i], i == 0, doc->templates);
		pdf_text_fit(doc, &doc->regular, 7.5, &pdf_muted, x - axis, top - 19, width + axis,
			     report->text.buf);
		struct pdf_line_chart chart = line_chart(progress, lines[i], i == 0, high);
		pdf_chart_line(doc, x, top - 28 - height, width, height, &chart);
	}
	doc->y = top - 28 - height - 20;
}

/* Small multiples: per environment its name, then coverage and open risk over the same days. */
static void progress_environments(struct report *report, const struct report_progress *progress)
{
	struct pdf_doc *doc = &report->doc;
	if (!progress->environment_count)
		return;
	char shown[24], total[24];
	snprintf(shown, sizeof(shown), "%zu", progress->environment_count);
	snprintf(total, sizeof(total), "%zu", progress->environments_total);
	const char *names[] = {"shown", "total"};
	const char *values[] = {shown, total};
	subheading(report, T(report, "progress.environments_title"), 90);
	note(report,
	     expand(&report->text, T(report, "progress.environments_intro"), names, values, 2));
	note(report, P(report, K_PROGRESS_LEGEND));
	const int columns = 3;
	const double gap = 14, chart_gap = 8, chart_height = 30, row_height = 72;
	double cell_width = (report->content_width - (columns - 1) * gap) / columns;
	double chart_width = (cell_width - chart_gap) / 2;
	for (size_t e = 0; e < progress->environment_count; e++) {
		const struct progress_series *series = &progress->environments[e];
		if (e % columns == 0) {
			if (e)
				doc->y -= row_height;
			pdf_ensure(doc, row_height);
		}
		double x = doc->left + (double)(e % columns) * (cell_width + gap);
		double top = doc->y;
		pdf_text_fit(doc, &doc->bold, 8, &pdf_ink, x, top - 9, cell_width, series->name);
		const struct progress_line *lines[2] = {&series->coverage, &series->risk};
		for (int i = 0; i < 2; i++) {
			double cx = x + i * (chart_width + chart_gap);
			struct pdf_line_chart chart = line_chart(progress, lines[i], i == 0, NULL);
			pdf_chart_line(doc, cx, top - 16 - chart_height, chart_width, chart_height,
				       &chart);
			strbuf_reset(&report->text);
			report_progress_line_summary(&report->text, lines[i], i == 0,
						     doc->templates);
			pdf_text_fit(doc, &doc->regular, 6.5,
				     i == 0 ? &coverage_color : &risk_color, cx,
				     top - 16 - chart_height - 10, chart_width, report->text.buf);
		}
	}
	doc->y -= row_height + 4;
}

static void progress_changes(struct report *report, const struct report_progress *progress)
{
	struct pdf_doc *doc = &report->doc;
	if (!progress->compared)
		return;
	subheading(report, T(report, "progress.changes_title"), 40);
	strbuf_reset(&report->text);
	report_progress_changes_intro(&report->text, progress, doc->templates);
	body(report, report->text.buf);
	if (!progress->change_count)
		return;
	struct pdf_column columns[] = {
		{T(report, "evidence.environment"), 90, PDF_LEFT},
		{T(report, "matrix.control"), 40, PDF_LEFT},
		{T(report, "matrix.title_column"), 195, PDF_LEFT},
		{T(report, "progress.before"), 60, PDF_LEFT},
		{T(report, "progress.now"), 60, PDF_LEFT},
		{T(report, "progress.direction"), 50, PDF_LEFT},
	};
	struct pdf_table table;
	struct strbuf continued;
	strbuf_init(&continued);
	table_start(report, &table, columns, 6, 2, &continued, T(report, "progress.changes_title"));
	for (size_t i = 0; i < progress->change_count; i++) {
		const struct diff_cell *change = progress->changes[i];
		const struct saved_cell *cell =
			change->new_cell ? change->new_cell : change->old_cell;
		struct pdf_cell cells[6] = {
			{.text = change->environment},
			{.text = cell->control},
			{.text = cell->title ? cell->title : ""},
			{0},
			{0},
			{.text = report_progress_direction(change, doc->templates),
			 .bold = change->direction > 0},
		};
		status_cell(report, &cells[3], status_names[change->from]);
		status_cell(report, &cells[4], status_names[change->to]);
		pdf_table_row(doc, &table, cells);
	}
	pdf_table_end(doc, &table);
	strbuf_release(&continued);
	strbuf_reset(&report->text);
	report_progress_changes_more(&report->text, progress, doc->templates);
	if (report->text.len)
		note(report, report->text.buf);
}

/* After the executive summary, with a history: this assessment among the ones before it. */
static void progress(struct report *report)
{
	const struct report_progress *progress = report->options->progress;
	if (!progress)
		return;
	section(report, T(report, "progress.title"));
	strbuf_reset(&report->text);
	report_progress_intro(&report->text, progress, report->doc.templates);
	body(report, report->text.buf);
	report->doc.y -= 4;
	progress_estate(report, progress);
	progress_environments(report, progress);
	progress_changes(report, progress);
}

/* ----------------------------------------------------------------- heat map */

static int heat_index(json_int_t risk)
{
	int level = name_index(heat_levels, HEAT_LEVELS, report_heat_level(risk));
	return level < 0 ? 0 : level;
}

static void heat_map(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	section(report, T(report, "heatmap.title"));
	body(report, T(report, "heatmap.intro"));

	doc->y -= 12;
	double x = doc->left;
	for (int l = 0; l < HEAT_LEVELS; l++) {
		char key[32];
		snprintf(key, sizeof(key), "heatmap.level_%s", heat_levels[l]);
		x += pdf_chart_legend_item(doc, x, doc->y, &heat_colors[l], T(report, key));
	}
	doc->y -= 2;
	note(report, T(report, "heatmap.legend"));
	doc->y -= 4;

	struct pdf_column columns[AREA_COUNT + 2];
	columns[0] = (struct pdf_column){T(report, "evidence.environment"), 100, PDF_LEFT};
	for (int a = 0; a < AREA_COUNT; a++)
		columns[a + 1] =
			(struct pdf_column){W(report, "area", area_names[a]), 58, PDF_CENTER};
	columns[AREA_COUNT + 1] = (struct pdf_column){T(report, "heatmap.total"), 47, PDF_CENTER};
	struct pdf_table table;
	struct strbuf continued;
	strbuf_init(&continued);
	table_start(report, &table, columns, AREA_COUNT + 2, 0, &continued,
		    T(report, "heatmap.title"));
	table.zebra = false;
	table.grid = true;
	table.metrics.padding = 4;

	char numbers[AREA_COUNT + 1][64];
	json_int_t totals[AREA_COUNT + 1] = {0};
	const char *level_words[HEAT_LEVELS];
	for (int l = 0; l < HEAT_LEVELS; l++) {
		char key[32];
		snprintf(key, sizeof(key), "heatmap.level_%s", heat_levels[l]);
		level_words[l] = T(report, key);
	}
	size_t i;
	const json_t *environment;
	json_array_foreach(report->environments, i, environment) {
		struct pdf_cell cells[AREA_COUNT + 2] = {
			{.text = report_string(environment, "name")}};
		json_int_t total = 0;
		for (int a = 0; a < AREA_COUNT; a++) {
			json_int_t risk = report_area_risk(environment, area_names[a]);
			int level = heat_index(risk);
			/* The level word too, so the map does not rely on colour alone. */
			snprintf(numbers[a], sizeof(numbers[a]), "%lld %s", (long long)risk,
				 level_words[level]);
			cells[a + 1] = (struct pdf_cell){
				.text = numbers[a],
				.fill = &heat_colors[level],
				.color = level == HEAT_LEVELS - 1 ? &pdf_white : &pdf_ink,
			};
			total += risk;
			totals[a] += risk;
		}
		totals[AREA_COUNT] += total;
		snprintf(numbers[AREA_COUNT], sizeof(numbers[AREA_COUNT]), "%lld",
			 (long long)total);
		cells[AREA_COUNT + 1] = (struct pdf_cell){
			.text = numbers[AREA_COUNT], .bold = true, .fill = &pdf_stripe};
		pdf_table_row(doc, &table, cells);
	}
	struct pdf_cell cells[AREA_COUNT + 2] = {{.text = P(report, K_ALL_ENVIRONMENTS),
						  .bold = true,
						  .fill = &pdf_header,
						  .color = &pdf_white}};
	for (int a = 0; a <= AREA_COUNT; a++) {
		snprintf(numbers[a], sizeof(numbers[a]), "%lld", (long long)totals[a]);
		cells[a + 1] = (struct pdf_cell){
			.text = numbers[a], .bold = true, .fill = &pdf_header, .color = &pdf_white};
	}
	pdf_table_row(doc, &table, cells);
	pdf_table_end(doc, &table);
	strbuf_release(&continued);
}

/* ------------------------------------------------------------------ roadmap */

/* "a, b, c and 4 more": long lists stay readable in a table cell. */
static const char *join_list(const struct report *report, struct strbuf *out, const json_t *array,
			     size_t limit)
{
	strbuf_reset(out);
	size_t count = json_array_size(array);
	size_t shown = count > limit ? limit - 1 : count;
	for (size_t i = 0; i < shown; i++) {
		const char *text = json_string_value(json_array_get(array, i));
		strbuf_addf(out, "%s%s", i ? ", " : "", text ? text : "");
	}
	if (shown < count) {
		char number[24];
		snprintf(number, sizeof(number), "%zu", count - shown);
		const char *names[] = {"count"};
		const char *values[] = {number};
		strbuf_addch(out, ' ');
		report_expand(out, P(report, K_MORE), names, values, 1);
	}
	return out->buf;
}

static void roadmap_timeline(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	long actions[PHASES] = {0}, reduction[PHASES] = {0};
	size_t i;
	const json_t *action;
	json_array_foreach(report->roadmap, i, action) {
		json_int_t phase = report_integer(action, "phase");
		if (phase >= 1 && phase <= PHASES) {
			actions[phase - 1]++;
			reduction[phase - 1] += (long)report_integer(action, "risk_reduction");
		}
	}
	static const enum pdf_key labels[PHASES] = {K_PHASE1, K_PHASE2, K_PHASE3};
	struct pdf_timeline_bar bars[PHASES];
	struct strbuf details[PHASES];
	for (int p = 0; p < PHASES; p++) {
		char count[24], risk[24];
		snprintf(count, sizeof(count), "%ld", actions[p]);
		snprintf(risk, sizeof(risk), "%ld", reduction[p]);
		const char *names[] = {"actions", "risk"};
		const char *values[] = {count, risk};
		strbuf_init(&details[p]);
		bars[p] = (struct pdf_timeline_bar){
			.label = P(report, labels[p]),
			.detail = expand(&details[p], T(report, "roadmap.phase_summary"), names,
					 values, 2),
			.start_day = phase_start[p],
			.end_day = phase_end[p],
			.color = &phase_colors[p],
		};
	}
	static const int ticks[] = {0, 30, 90, 180};
	subheading(report, T(report, "roadmap.timeline"), 3 * 24 + 34);
	doc->y -= 6;
	pdf_chart_timeline(doc, bars, PHASES, 180, ticks, 4, T(report, "roadmap.axis"));
	for (int p = 0; p < PHASES; p++)
		strbuf_release(&details[p]);
}

/* Text a roadmap row points into; kept between rows to save allocations. */
struct action_text {
	struct strbuf note, environments, owners, depends;
	char risk[24];
};

static void action_cells(const struct report *report, const json_t *action,
			 struct action_text *text, struct pdf_cell cells[8])
{
	/*
	 * Under the title: whether it fixes a contradicted claim and whether it
	 * is the provider's native capability. The how-to text is for
	 * architects (Markdown, HTML); here it would triple the list's length.
	 */
	strbuf_reset(&text->note);
	if (json_is_true(json_object_get(action, "contradicted")))
		strbuf_addf(&text->note, "%s · ", T(report, "roadmap.contradicted"));
	strbuf_addstr(&text->note, T(report, json_is_string(json_object_get(action, "capability"))
						     ? "roadmap.native"
						     : "roadmap.generic"));
	snprintf(text->risk, sizeof(text->risk), "%lld",
		 (long long)report_integer(action, "risk_reduction"));
	const struct pdf_cell row[8] = {
		{.text = report_string(action, "id"), .bold = true},
		{.text = report_string(action, "title"), .note = text->note.buf},
		{.text = join_list(report, &text->environments,
				   json_object_get(action, "environments"), MAX_LISTED)},
		{.text = join_list(report, &text->owners, json_object_get(action, "owners"),
				   MAX_LISTED)},
		{.text = report_string(action, "effort")},
		{.text = report_string(action, "cost")},
		{.text = text->risk, .bold = true},
		{.text = join_list(report, &text->depends, json_object_get(action, "depends_on"),
				   8)},
	};
	memcpy(cells, row, sizeof(row));
}

/* By phase, then the most risk removed first, ties in plan order. */
static int compare_ranked(const void *left, const void *right)
{
	const struct ranked_action *a = left, *b = right;
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->risk != b->risk)
		return a->risk > b->risk ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Ranks the roadmap once for both the body and the appendix: the body shows
 * the ROADMAP_TOP actions of each phase that remove the most risk, so a
 * manager sees the largest wins first whatever the plan's length.
 */
static void rank_roadmap(struct report *report)
{
	size_t total = json_array_size(report->roadmap), i;
	const json_t *action;
	report->ranked = xcalloc(total + 1, sizeof(*report->ranked));
	report->in_body = xcalloc(total + 1, sizeof(*report->in_body));
	json_array_foreach(report->roadmap, i, action)
		report->ranked[i] = (struct ranked_action){
			.phase = report_integer(action, "phase"),
			.risk = report_integer(action, "risk_reduction"),
			.index = i,
		};
	qsort(report->ranked, total, sizeof(*report->ranked), compare_ranked);
	size_t in_phase = 0;
	for (i = 0; i < total; i++) {
		if (i > 0 && report->ranked[i].phase != report->ranked[i - 1].phase)
			in_phase = 0;
		report->in_body[report->ranked[i].index] = in_phase++ < ROADMAP_TOP;
		if (!report->in_body[report->ranked[i].index])
			report->rest_count++;
	}
}

/* The row that closes a phase whose actions do not all fit the body. */
static void roadmap_more_row(struct report *report, struct pdf_table *table, size_t count,
			     json_int_t risk, struct action_text *text)
{
	char number[24], top[24];
	snprintf(number, sizeof(number), "%zu", count);
	snprintf(top, sizeof(top), "%d", ROADMAP_TOP);
	snprintf(text->risk, sizeof(text->risk), "%lld", (long long)risk);
	const char *names[] = {"count", "top", "appendix"};
	const char *values[] = {number, top, P(report, K_ROADMAP_REST_TITLE)};
	struct pdf_cell row[8] = {{0}};
	row[1].text = expand(&text->note, P(report, K_ROADMAP_MORE), names, values, 3);
	row[1].color = &pdf_muted;
	row[6].text = text->risk;
	row[6].color = &pdf_muted;
	pdf_table_row(&report->doc, table, row);
}

static void roadmap(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	section(report, T(report, "roadmap.title"));
	if (!report->roadmap) {
		body(report, P(report, K_ROADMAP_MISSING));
		return;
	}
	if (json_array_size(report->roadmap) == 0) {
		body(report, T(report, "roadmap.none"));
		return;
	}
	body(report, T(report, "roadmap.intro"));
	roadmap_timeline(report);

	struct pdf_column columns[] = {
		{T(report, "roadmap.id"), 32, PDF_LEFT}, /* "A123" on one line */
		{T(report, "roadmap.action"), 174, PDF_LEFT},
		{T(report, "roadmap.environments"), 92, PDF_LEFT},
		{T(report, "roadmap.owners"), 72, PDF_LEFT},
		{T(report, "roadmap.effort"), 34, PDF_CENTER},
		{T(report, "roadmap.cost"), 30, PDF_CENTER},
		{T(report, "roadmap.risk_reduction"), 42, PDF_RIGHT},
		{T(report, "roadmap.depends_on"), 38, PDF_LEFT},
	};
	struct pdf_table table;
	struct strbuf continued;
	struct action_text text;
	struct pdf_cell cells[8];
	strbuf_init(&continued);
	strbuf_init(&text.note);
	strbuf_init(&text.environments);
	strbuf_init(&text.owners);
	strbuf_init(&text.depends);
	if (report->rest_count) {
		char top[24];
		snprintf(top, sizeof(top), "%d", ROADMAP_TOP);
		const char *names[] = {"top", "appendix"};
		const char *values[] = {top, P(report, K_ROADMAP_REST_TITLE)};
		body(report, expand(&text.note, P(report, K_ROADMAP_TOP), names, values, 2));
	}
	table_start(report, &table, columns, 8, 1, &continued, T(report, "roadmap.title"));
	static const char *const phase_keys[PHASES] = {"roadmap.phase1", "roadmap.phase2",
						       "roadmap.phase3"};
	/* report_check made every phase 1, 2 or 3. */
	size_t total = json_array_size(report->roadmap), left_out = 0;
	json_int_t left_out_risk = 0;
	for (size_t i = 0; i < total; i++) {
		const struct ranked_action *ranked = &report->ranked[i];
		bool starts_phase = i == 0 || ranked->phase != report->ranked[i - 1].phase;
		if (!report->in_body[ranked->index]) {
			left_out++;
			left_out_risk += ranked->risk;
		} else {
			action_cells(report, json_array_get(report->roadmap, ranked->index), &text,
				     cells);
			if (starts_phase && table.rows == 0) {
				/* The heading keeps the header, the phase row and this row. */
				double lead = pdf_table_lead_height(doc, &table, cells);
				subheading(report, T(report, "summary.actions"),
					   lead + pdf_table_row_height(&table.metrics, 1));
			}
			if (starts_phase)
				pdf_table_group(doc, &table,
						T(report, phase_keys[ranked->phase - 1]),
						&phase_tints[ranked->phase - 1]);
			pdf_table_row(doc, &table, cells);
		}
		bool ends_phase = i + 1 == total || report->ranked[i + 1].phase != ranked->phase;
		if (ends_phase && left_out) {
			roadmap_more_row(report, &table, left_out, left_out_risk, &text);
			left_out = 0;
			left_out_risk = 0;
		}
	}
	pdf_table_end(doc, &table);
	note(report, T(report, "roadmap.legend"));
	strbuf_release(&continued);
	strbuf_release(&text.note);
	strbuf_release(&text.environments);
	strbuf_release(&text.owners);
	strbuf_release(&text.depends);
}

/*
 * The actions the body leaves out, one compact row each in plan order:
 * enough to find and assign them; how to carry them out is in the
 * Markdown and HTML reports.
 */
static void roadmap_rest(struct report *report)
{
	if (!report->rest_count)
		return;
	struct pdf_doc *doc = &report->doc;
	section(report, P(report, K_ROADMAP_REST_TITLE));
	body(report, P(report, K_ROADMAP_REST_INTRO));
	struct pdf_column columns[] = {
		{T(report, "roadmap.id"), 32, PDF_LEFT},
		{T(report, "roadmap.action"), 205, PDF_LEFT},
		{T(report, "roadmap.phase"), 34, PDF_CENTER},
		{T(report, "roadmap.environments"), 110, PDF_LEFT},
		{T(report, "roadmap.effort"), 34, PDF_CENTER},
		{T(report, "roadmap.cost"), 30, PDF_CENTER},
		{T(report, "roadmap.risk_reduction"), 45, PDF_RIGHT},
	};
	struct pdf_table table;
	struct strbuf continued, environments;
	strbuf_init(&continued);
	strbuf_init(&environments);
	table_start(report, &table, columns, 7, 1, &continued, P(report, K_ROADMAP_REST_TITLE));
	size_t i;
	const json_t *action;
	json_array_foreach(report->roadmap, i, action) {
		if (report->in_body[i])
			continue;
		char phase[8], risk[24];
		snprintf(phase, sizeof(phase), "%lld", (long long)report_integer(action, "phase"));
		snprintf(risk, sizeof(risk), "%lld",
			 (long long)report_integer(action, "risk_reduction"));
		const struct pdf_cell cells[7] = {
			{.text = report_string(action, "id"), .bold = true},
			{.text = report_string(action, "title")},
			{.text = phase},
			{.text = join_list(report, &environments,
					   json_object_get(action, "environments"), 3)},
			{.text = report_string(action, "effort")},
			{.text = report_string(action, "cost")},
			{.text = risk},
		};
		pdf_table_row(doc, &table, cells);
	}
	pdf_table_end(doc, &table);
	strbuf_release(&continued);
	strbuf_release(&environments);
}

/* --------------------------------------------------------------- gap matrix */

/* The claim column: what was claimed, by what, until when, and any exception. */
static const char *claim_text(const struct report *report, const json_t *cell, struct strbuf *s)
{
	strbuf_reset(s);
	const json_t *claim = json_object_get(cell, "claim");
	if (json_is_object(claim)) {
		const char *status = W(report, "claim_status", report_string(claim, "status"));
		const char *by = report_string(claim, "by");
		if (*by) {
			const char *names[] = {"status", "by"};
			const char *values[] = {status, by};
			report_expand(s, T(report, "matrix.claim_by"), names, values, 2);
		} else {
			strbuf_addstr(s, status);
		}
		static const struct {
			const char *member, *name;
			bool shared;
			union {
				const char *key;
				enum pdf_key pdf;
			} text;
		} parts[] = {
			{"reason", "reason", false, {.pdf = K_CLAIM_REASON}},
			{"due", "due", true, {.key = "matrix.claim_due"}},
			{"note", "note", true, {.key = "matrix.claim_note"}},
		};
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			const char *value = report_string(claim, parts[i].member);
			if (!*value)
				continue;
			const char *names[] = {parts[i].name};
			const char *values[] = {value};
			strbuf_addstr(s, "; ");
			report_expand(s,
				      parts[i].shared ? T(report, parts[i].text.key)
						      : P(report, parts[i].text.pdf),
				      names, values, 1);
		}
	} else {
		strbuf_addstr(s, T(report, "matrix.claim_none"));
	}
	const json_t *exception = json_object_get(cell, "exception");
	if (json_is_object(exception)) {
		const char *names[] = {"owner", "expires"};
		const char *values[] = {report_string(exception, "owner"),
					report_string(exception, "expires")};
		strbuf_addstr(s, "; ");
		report_expand(s,
			      T(report, json_is_true(json_object_get(exception, "expired"))
						? "matrix.exception_expired"
						: "matrix.exception"),
			      names, values, 2);
	}
	return s->buf;
}

/* The name, description, facts and status bar of an environment, kept with `keep` points. */
static void environment_heading(struct report *report, const json_t *environment,
				HPDF_Outline parent, double keep)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *summary = json_object_get(environment, "summary");
	const char *name = report_string(environment, "name");
	const char *description = report_string(environment, "description");
	double height = paragraph_height(doc, &doc->bold, 13, name) + 2 +
			paragraph_height(doc, &doc->regular, BODY_SIZE, description) + 3 * 8 * 1.4 +
			22;
	pdf_ensure(doc, height + keep);
	bookmark(report, parent, name, doc->y + 4);
	pdf_paragraph_lines(doc, &doc->bold, 13, &pdf_accent, name, 0, 3);
	doc->y -= 1;
	if (*description)
		pdf_paragraph(doc, &doc->regular, BODY_SIZE, &pdf_ink, description, 0);

	char coverage[24], risk[24];
	snprintf(coverage, sizeof(coverage), "%.1f",
		 json_number_value(json_object_get(summary, "coverage_percent")));
	snprintf(risk, sizeof(risk), "%lld", (long long)report_integer(summary, "risk"));
	const char *owner = report_string(environment, "owner");
	const char *names[] = {"provider", "service", "registry", "criticality",
			       "internet", "owner",   "coverage", "risk"};
	const char *values[] = {
		report_string(environment, "provider"),
		report_string(environment, "service"),
		report_string(environment, "registry"),
		report_string(environment, "criticality"),
		T(report, json_is_true(json_object_get(environment, "internet_facing"))
				  ? "matrix.yes"
				  : "matrix.no"),
		*owner ? owner : T(report, "matrix.owner_none"),
		coverage,
		risk,
	};
	doc->y -= 1;
	pdf_paragraph(doc, &doc->regular, 8, &pdf_muted,
		      expand(&report->text, T(report, "matrix.environment"), names, values, 8), 0);

	/* The environment's own split, as on the summary page. */
	struct pdf_segment segments[STATUS_COUNT];
	for (int s = 0; s < STATUS_COUNT; s++) {
		segments[s].value = (double)status_count(summary, s);
		segments[s].color = &status_colors[s];
	}
	doc->y -= 14;
	pdf_chart_stacked_bar(doc, doc->left, doc->y, report->content_width, 9, segments,
			      STATUS_COUNT, true);
	doc->y -= 8;
}

static void status_legend(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	struct pdf_column columns[] = {
		{T(report, "matrix.status"), 90, PDF_LEFT},
		{P(report, K_MEANING), 405, PDF_LEFT},
	};
	struct pdf_table table;
	table_start(report, &table, columns, 2, 1, NULL, NULL);
	for (int s = 0; s < STATUS_COUNT; s++) {
		struct pdf_cell cells[2] = {{0},
					    {.text = W(report, "status_legend", status_names[s])}};
		status_cell(report, &cells[0], status_names[s]);
		pdf_table_row(doc, &table, cells);
	}
	pdf_table_end(doc, &table);
}

static void matrix_cells(const struct report *report, const json_t *cell, char risk[24],
			 struct strbuf *claim, struct pdf_cell cells[7])
{
	snprintf(risk, 24, "%lld", (long long)report_integer(cell, "risk"));
	const char *responsibility = report_string(cell, "responsibility");
	int r = name_index(responsibility_names, RESPONSIBILITY_COUNT, responsibility);
	const struct pdf_cell row[7] = {
		{.text = report_string(cell, "control"), .bold = true},
		{.text = report_string(cell, "title")},
		{.text = W(report, "responsibility", responsibility),
		 .swatch = r >= 0 ? &responsibility_colors[r] : NULL},
		{0},
		{.text = W(report, "severity", report_string(cell, "severity"))},
		{.text = risk},
		{.text = claim_text(report, cell, claim)},
	};
	memcpy(cells, row, sizeof(row));
	/* "no claim" is the absence of one: muted, so claims stand out. */
	if (!json_is_object(json_object_get(cell, "claim")) &&
	    !json_is_object(json_object_get(cell, "exception")))
		cells[6].color = &pdf_muted;
	status_cell(report, &cells[3], report_string(cell, "status"));
}

/*
 * The vulnerability part of the roadmap: the first `top` fix actions of the
 * estate's scanner reports (the "vulnerabilities" plan), when there are any.
 */
static void vulnerabilities(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *plan = json_object_get(report->root, "vulnerabilities");
	const json_t *actions = json_object_get(plan, "actions");
	if (!json_is_object(plan) || !json_array_size(actions))
		return;
	const json_t *totals = json_object_get(plan, "totals");
	char reports[24], findings[24], after[24];
	snprintf(reports, sizeof(reports), "%lld",
		 (long long)report_integer(json_object_get(plan, "reports"), "read"));
	snprintf(findings, sizeof(findings), "%lld",
		 (long long)report_integer(json_object_get(totals, "now"), "total"));
	snprintf(after, sizeof(after), "%lld",
		 (long long)report_integer(json_object_get(totals, "after_top"), "total"));
	const char *names[] = {"reports", "findings", "after"};
	const char *values[] = {reports, findings, after};
	struct strbuf intro;
	strbuf_init(&intro);
	report_expand(&intro, T(report, "vulnerabilities.intro"), names, values, 3);
	subheading(report, T(report, "vulnerabilities.title"), 80);
	body(report, intro.buf);
	strbuf_release(&intro);

	struct pdf_column columns[] = {
		{T(report, "vulnerabilities.rank"), 30, PDF_RIGHT},
		{T(report, "vulnerabilities.action"), 230, PDF_LEFT},
		{T(report, "vulnerabilities.fixes"), 110, PDF_LEFT},
		{T(report, "vulnerabilities.images"), 40, PDF_RIGHT},
		{T(report, "vulnerabilities.workloads"), 50, PDF_RIGHT},
		{T(report, "vulnerabilities.score"), 44, PDF_RIGHT},
	};
	struct pdf_table table;
	struct strbuf continued;
	strbuf_init(&continued);
	table_start(report, &table, columns, 6, 1, &continued, T(report, "vulnerabilities.title"));
	size_t top = (size_t)report_integer(plan, "top");
	for (size_t i = 0; i < json_array_size(actions) && i < top; i++) {
		const json_t *action = json_array_get(actions, i);
		const json_t *severity = json_object_get(action, "severity");
		char rank[16], fixes[96], images[16], workloads[24], score[32];
		snprintf(rank, sizeof(rank), "%lld", (long long)report_integer(action, "rank"));
		snprintf(fixes, sizeof(fixes), "%lld critical, %lld high, %lld other",
			 (long long)report_integer(severity, "critical"),
			 (long long)report_integer(severity, "high"),
			 (long long)(report_integer(severity, "total") -
				     report_integer(severity, "critical") -
				     report_integer(severity, "high")));
		snprintf(images, sizeof(images), "%zu",
			 json_array_size(json_object_get(action, "images")));
		snprintf(workloads, sizeof(workloads), "%lld",
			 (long long)report_integer(action, "workloads"));
		snprintf(score, sizeof(score), "%lld", (long long)report_integer(action, "score"));
		const struct pdf_cell cells[6] = {
			{.text = rank},	     {.text = report_string(action, "title")},
			{.text = fixes},     {.text = images},
			{.text = workloads}, {.text = score, .bold = true},
		};
		pdf_table_row(doc, &table, cells);
	}
	pdf_table_end(doc, &table);
	strbuf_release(&continued);
}

static void gap_matrix(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	HPDF_Outline item = section(report, T(report, "matrix.title"));
	body(report, T(report, "matrix.intro"));
	status_legend(report);

	struct pdf_column columns[] = {
		{T(report, "matrix.control"), 40, PDF_LEFT},
		{T(report, "matrix.title_column"), 136, PDF_LEFT},
		{T(report, "matrix.responsibility"), 66, PDF_LEFT},
		{T(report, "matrix.status"), 80, PDF_LEFT}, /* "CONTRADICTED" on one line */
		{T(report, "matrix.severity"), 44, PDF_LEFT},
		{T(report, "matrix.risk"), 26, PDF_RIGHT},
		{T(report, "matrix.claim"), 103, PDF_LEFT},
	};
	scale_columns(report, columns, 7, 1);
	struct strbuf continued, claim;
	char risk[24];
	strbuf_init(&continued);
	strbuf_init(&claim);
	size_t i;
	const json_t *environment;
	json_array_foreach(report->environments, i, environment) {
		if (i > 0)
			pdf_new_page(doc);
		struct pdf_table table;
		pdf_table_init(&table, columns, 7, TABLE_SIZE);
		const char *names[] = {"title"};
		const char *values[] = {report_string(environment, "name")};
		table.continued = expand(&continued, P(report, K_CONTINUED), names, values, 1);
		const json_t *cells_json = json_object_get(environment, "cells");
		struct pdf_cell cells[7];
		double keep = 0;
		if (json_array_size(cells_json)) {
			matrix_cells(report, json_array_get(cells_json, 0), risk, &claim, cells);
			keep = pdf_table_lead_height(doc, &table, cells);
		}
		environment_heading(report, environment, item, keep);
		size_t c;
		const json_t *cell;
		json_array_foreach(cells_json, c, cell) {
			matrix_cells(report, cell, risk, &claim, cells);
			pdf_table_row(doc, &table, cells);
		}
		pdf_table_end(doc, &table);
	}
	strbuf_release(&continued);
	strbuf_release(&claim);
}

/* -------------------------------------------------------- evidence appendix */

static size_t probe_count(const json_t *environment)
{
	size_t count = 0, c;
	const json_t *cell;
	json_array_foreach(json_object_get(environment, "cells"), c, cell)
		count += json_array_size(json_object_get(cell, "probes"));
	return count;
}

/*
 * Row `index` of a probe's summary for one control: the first carries the
 * control, the probe and its counts; each shows one sampled subject (a probe
 * with nothing sampled has one row with none).
 */
static void probe_cells(const struct report *report, const json_t *cell, const json_t *probe,
			size_t index, const char *counts, struct pdf_cell cells[6])
{
	const json_t *item = json_array_get(json_object_get(probe, "sample"), index);
	const char *outcome = report_string(item, "result");
	int o = name_index(outcomes, 4, outcome);
	const char *title = report_string(probe, "title");
	const char *detail = report_string(item, "detail");
	bool failing = report_integer(probe, "fail") > 0;
	const struct pdf_cell row[6] = {
		{.text = index ? NULL : report_string(cell, "control"), .bold = true},
		{.text = index	  ? NULL
			 : *title ? title
				  : report_string(probe, "probe"),
		 .note = !index && *title ? report_string(probe, "probe") : NULL},
		{.text = index ? NULL : counts,
		 .swatch = !index && failing ? &outcome_colors[1] : NULL,
		 .bold = !index && failing},
		{.text = item ? W(report, "probe_result", outcome) : NULL,
		 .swatch = o >= 0 ? &outcome_colors[o] : NULL,
		 .bold = o == 1},
		{.text = report_string(item, "subject"), .note = *detail ? detail : NULL},
		{.text = report_string(item, "location")},
	};
	memcpy(cells, row, sizeof(row));
}

/*
 * Per environment and control, each probe with its counts and the sampled
 * failing (then erroring) subjects, never more: a 40,000-pod environment
 * takes as many pages as a 40-pod one.
 */
static void probe_tables(struct report *report, HPDF_Outline parent)
{
	struct pdf_doc *doc = &report->doc;
	/* The detail goes under the subject, the probe id under its title: six columns fit. */
	struct pdf_column columns[] = {
		{T(report, "evidence.control"), 38, PDF_LEFT},
		{T(report, "evidence.probe"), 108, PDF_LEFT},
		{T(report, "evidence.results"), 64, PDF_LEFT},
		{T(report, "evidence.result"), 38, PDF_LEFT},
		{T(report, "evidence.subject"), 130, PDF_LEFT},
		{T(report, "evidence.location"), 117, PDF_LEFT},
	};
	scale_columns(report, columns, 6, 4);
	struct strbuf counts, continued, more, number;
	strbuf_init(&counts);
	strbuf_init(&continued);
	strbuf_init(&more);
	strbuf_init(&number);
	size_t e;
	const json_t *environment;
	json_array_foreach(report->environments, e, environment) {
		if (probe_count(environment) == 0)
			continue;
		struct pdf_table table;
		pdf_table_init(&table, columns, 6, TABLE_SIZE);
		const char *names[] = {"title"};
		const char *values[] = {report_string(environment, "name")};
		table.continued = expand(&continued, P(report, K_CONTINUED), names, values, 1);
		size_t c;
		const json_t *cell;
		json_array_foreach(json_object_get(environment, "cells"), c, cell) {
			size_t p;
			const json_t *probe;
			json_array_foreach(json_object_get(cell, "probes"), p, probe) {
				report_probe_counts(&counts, probe, report->doc.templates);
				size_t shown = json_array_size(json_object_get(probe, "sample"));
				for (size_t i = 0; i < (shown ? shown : 1); i++) {
					struct pdf_cell cells[6];
					probe_cells(report, cell, probe, i, counts.buf, cells);
					if (table.rows == 0) {
						subheading(
							report, report_string(environment, "name"),
							pdf_table_lead_height(doc, &table, cells));
						bookmark(report, parent,
							 report_string(environment, "name"),
							 doc->y + 18);
					}
					pdf_table_row(doc, &table, cells);
				}
				json_int_t unsampled = report_probe_unsampled(probe);
				if (unsampled) {
					strbuf_reset(&number);
					strbuf_addf(&number, "%lld", (long long)unsampled);
					const char *count_names[] = {"count"};
					const char *count_values[] = {number.buf};
					struct pdf_cell cells[6] = {{0}};
					cells[4].text = expand(&more, T(report, "evidence.more"),
							       count_names, count_values, 1);
					cells[4].color = &pdf_muted;
					pdf_table_row(doc, &table, cells);
				}
			}
		}
		pdf_table_end(doc, &table);
	}
	strbuf_release(&counts);
	strbuf_release(&continued);
	strbuf_release(&more);
	strbuf_release(&number);
}

static void exception_cells(const struct report *report, const json_t *exception,
			    struct pdf_cell cells[6])
{
	/* "state" came after "expired"; older documents only have the flag. */
	const char *state = report_string(exception, "state");
	if (!*state)
		state = json_is_true(json_object_get(exception, "expired")) ? "expired" : "active";
	bool expired = !strcmp(state, "expired");
	const struct pdf_rgb *fill = expired			? &warning_fill
				     : !strcmp(state, "active") ? NULL
								: &caution_fill;
	const char *word = !strcmp(state, "expiring")	 ? P(report, K_EXPIRING)
			   : !strcmp(state, "unmatched") ? P(report, K_UNMATCHED)
			   : expired			 ? T(report, "exceptions.expired")
							 : T(report, "exceptions.active");
	const struct pdf_cell row[6] = {
		{.text = report_string(exception, "environment"), .fill = fill},
		{.text = report_string(exception, "control"), .fill = fill, .bold = true},
		{.text = report_string(exception, "owner"), .fill = fill},
		{.text = report_string(exception, "expires"),
		 .fill = fill,
		 .color = expired ? &warning_ink : NULL,
		 .bold = expired},
		{.text = word,
		 .fill = fill,
		 .color = expired ? &warning_ink : NULL,
		 .bold = fill != NULL},
		{.text = report_string(exception, "reason"), .fill = fill},
	};
	memcpy(cells, row, sizeof(row));
}

static void exceptions_table(struct report *report, HPDF_Outline parent)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *exceptions = json_object_get(report->root, "exceptions");
	struct pdf_column columns[] = {
		{T(report, "exceptions.environment"), 95, PDF_LEFT},
		{T(report, "exceptions.control"), 42, PDF_LEFT},
		{T(report, "exceptions.owner"), 80, PDF_LEFT},
		{T(report, "exceptions.expires"), 56, PDF_LEFT},
		{T(report, "exceptions.state"), 54, PDF_LEFT},
		{T(report, "exceptions.reason"), 168, PDF_LEFT},
	};
	struct pdf_table table;
	struct strbuf continued;
	struct pdf_cell cells[6];
	strbuf_init(&continued);
	table_start(report, &table, columns, 6, 5, &continued, T(report, "exceptions.title"));
	const char *intro =
		T(report, json_array_size(exceptions) ? "exceptions.intro" : "exceptions.none");
	double keep = paragraph_height(doc, &doc->regular, BODY_SIZE, intro) + 4;
	if (json_array_size(exceptions)) {
		exception_cells(report, json_array_get(exceptions, 0), cells);
		keep += pdf_table_lead_height(doc, &table, cells);
	}
	subheading(report, T(report, "exceptions.title"), keep);
	bookmark(report, parent, T(report, "exceptions.title"), doc->y + 18);
	body(report, intro);
	size_t i;
	const json_t *exception;
	json_array_foreach(exceptions, i, exception) {
		exception_cells(report, exception, cells);
		pdf_table_row(doc, &table, cells);
	}
	if (json_array_size(exceptions))
		pdf_table_end(doc, &table);
	strbuf_release(&continued);
}

static void evidence(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	HPDF_Outline item = section(report, T(report, "evidence.title"));
	size_t probes = 0, e;
	const json_t *environment;
	json_array_foreach(report->environments, e, environment)
		probes += probe_count(environment);
	if (probes == 0) {
		body(report, T(report, "evidence.none"));
	} else {
		body(report, T(report, "evidence.intro"));
		probe_tables(report, item);
	}
	doc->y -= 6;
	exceptions_table(report, item);
}

/* -------------------------------------------------------------- methodology */

static void sources_list(struct report *report, const json_t *models)
{
	/* Optional in assessment/1: the catalog's and each service model's sources. */
	struct strbuf all;
	strbuf_init(&all);
	json_t *seen = json_array();
	const json_t *lists[2] = {json_object_get(json_object_get(models, "catalog"), "sources")};
	const char *path;
	const json_t *service;
	/* The catalog's sources, then each service model's; a page cited twice is listed once. */
	json_object_foreach((json_t *)json_object_get(models, "services"), path, service) {
		lists[1] = json_object_get(service, "sources");
		for (int l = 0; l < 2; l++) {
			size_t i;
			const json_t *source;
			json_array_foreach(lists[l], i, source) {
				size_t k;
				const json_t *known;
				bool duplicate = false;
				json_array_foreach(seen, k, known)
					duplicate = duplicate || json_equal(known, source);
				if (json_is_string(source) && !duplicate)
					json_array_append(seen, (json_t *)source);
			}
		}
		lists[0] = NULL;
	}
	size_t i;
	const json_t *source;
	json_array_foreach(seen, i, source) {
		if (i == 0)
			subheading(report, T(report, "methodology.sources"), 20);
		strbuf_reset(&report->text);
		strbuf_addf(&report->text, "• %s", json_string_value(source));
		pdf_paragraph(&report->doc, &report->doc.regular, 7.5, &pdf_ink, report->text.buf,
			      0);
	}
	json_decref(seen);
}

static void methodology(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *models = json_object_get(report->root, "models");
	const json_t *catalog = json_object_get(models, "catalog");
	section(report, T(report, "methodology.title"));
	body(report, T(report, "methodology.intro"));

	subheading(report, T(report, "methodology.catalog"), 14);
	const char *catalog_names[] = {"id", "version", "reviewed"};
	const char *catalog_values[] = {report_string(catalog, "id"),
					report_string(catalog, "version"),
					report_string(catalog, "reviewed")};
	body(report, expand(&report->text, T(report, "methodology.catalog_line"), catalog_names,
			    catalog_values, 3));

	subheading(report, T(report, "methodology.providers"), 14);
	size_t i;
	const json_t *provider;
	json_array_foreach(json_object_get(models, "providers"), i, provider) {
		const char *names[] = {"name", "id", "reviewed"};
		const char *values[] = {report_string(provider, "name"),
					report_string(provider, "id"),
					report_string(provider, "reviewed")};
		pdf_paragraph(doc, &doc->regular, BODY_SIZE, &pdf_ink,
			      expand(&report->text, T(report, "methodology.provider_line"), names,
				     values, 3),
			      0);
	}
	/* A model reviewed long before the assessment: say so under the list. */
	json_array_foreach(json_object_get(models, "providers"), i, provider) {
		if (!report_provider_stale(models, provider))
			continue;
		const char *names[] = {"name", "id", "reviewed", "date"};
		const char *values[] = {
			report_string(provider, "name"), report_string(provider, "id"),
			report_string(provider, "reviewed"),
			report_string(json_object_get(report->root, "assessment"), "date")};
		doc->y -= 3;
		pdf_paragraph(doc, &doc->bold, BODY_SIZE, &pdf_ink,
			      expand(&report->text, T(report, "methodology.provider_stale"), names,
				     values, 4),
			      0);
	}
	doc->y -= 4;

	subheading(report, T(report, "methodology.services"), 40);
	struct pdf_column columns[] = {
		{P(report, K_SERVICE), 150, PDF_LEFT},
		{P(report, K_SERVICE_NAME), 280, PDF_LEFT},
		{P(report, K_SERVICE_KIND), 65, PDF_LEFT},
	};
	struct pdf_table table;
	struct strbuf continued;
	strbuf_init(&continued);
	table_start(report, &table, columns, 3, 1, &continued, T(report, "methodology.services"));
	const char *path;
	const json_t *service;
	struct strbuf name;
	strbuf_init(&name);
	json_object_foreach((json_t *)json_object_get(models, "services"), path, service) {
		/* A model its provider closed says so, and names the suggested successors. */
		strbuf_reset(&name);
		strbuf_addstr(&name, report_string(service, "name"));
		if (json_object_get(service, "availability")) {
			strbuf_addstr(&name, " — ");
			report_service_availability(&name, report->doc.templates, service);
		}
		struct pdf_cell row[3] = {
			{.text = path, .bold = true},
			{.text = name.buf},
			{.text = report_string(service, "kind")},
		};
		pdf_table_row(doc, &table, row);
	}
	strbuf_release(&name);
	pdf_table_end(doc, &table);
	strbuf_release(&continued);

	subheading(report, T(report, "methodology.status_title"), 40);
	body(report, T(report, "methodology.status_intro"));
	body(report, T(report, "methodology.status_rules"));
	subheading(report, T(report, "methodology.scoring_title"), 40);
	body(report, T(report, "methodology.scoring"));
	subheading(report, T(report, "methodology.roadmap_title"), 40);
	body(report, T(report, "methodology.roadmap_rules"));
	sources_list(report, models);
}

/* ------------------------------------------------------------------ footers */

/* Drawn last, when the number of pages is known. The cover has none but counts as page 1. */
static void footers(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *assessment = json_object_get(report->root, "assessment");
	char *left = xasprintf("%s · %s", report_string(report->root, "organization"),
			       report_string(assessment, "title"));
	char pages[24];
	snprintf(pages, sizeof(pages), "%zu", doc->page_count);
	struct strbuf right;
	strbuf_init(&right);
	for (size_t p = 1; p < doc->page_count; p++) {
		pdf_use_page(doc, doc->pages[p]);
		char number[24];
		snprintf(number, sizeof(number), "%zu", p + 1);
		const char *names[] = {"page", "pages"};
		const char *values[] = {number, pages};
		expand(&right, P(report, K_PAGE), names, values, 2);
		double y = doc->bottom - 26;
		pdf_line(doc, doc->left, y + 10, doc->right, y + 10, 0.4, &pdf_rule);
		pdf_text(doc, &doc->regular, 7, &pdf_muted, doc->right, y, PDF_RIGHT, right.buf,
			 right.len);
		double room = report->content_width -
			      pdf_measure(&doc->regular, 7, right.buf, right.len) - 20;
		pdf_text_fit(doc, &doc->regular, 7, &pdf_muted, doc->left, y, room, left);
	}
	strbuf_release(&right);
	free(left);
}

/* ----------------------------------------------------------------- plumbing */

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdf_doc *doc = data;
	if (!doc->error) {
		doc->error = error;
		doc->error_detail = detail;
	}
}

/* What the libharu errors a report can run into mean, for the message. */
static const char *library_meaning(HPDF_STATUS error)
{
	switch (error) {
	case HPDF_ARRAY_COUNT_ERR:
		return ": a PDF array would hold more than 32,767 items";
	case HPDF_DICT_COUNT_ERR:
		return ": a PDF dictionary would hold more than 4,095 entries";
	case HPDF_STRING_OUT_OF_RANGE:
		return ": a string would be longer than 65,535 bytes";
	case HPDF_REAL_OUT_OF_RANGE:
		return ": a number is beyond ±32,767";
	case HPDF_XREF_COUNT_ERR:
		return ": the document would have more than 8,388,607 objects";
	case HPDF_FAILD_TO_ALLOC_MEM:
		return ": out of memory";
	default:
		return "";
	}
}

/*
 * libharu refused valid input: say what could not be drawn and where; the
 * caller exits with status 3, since nothing is wrong with the user's files.
 */
static int library_error(const struct pdf_doc *doc, const char *source, const char *what,
			 struct diag_list *diags)
{
	char page[48] = "";
	if (doc->page_count)
		snprintf(page, sizeof(page), " (on page %zu)", doc->page_count);
	diag_error(diags, source, 0, 0, "report.pdf", "cannot %s%s: libharu error 0x%04lX%s", what,
		   page, (unsigned long)doc->error, library_meaning(doc->error));
	return REPORT_NOT_DRAWN;
}

static bool readable(const char *path)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	fclose(file);
	return true;
}

/*
 * The fonts: $SRGAP_FONT and $SRGAP_FONT_BOLD when set (bold defaults to
 * the regular one, so one font that covers a script is enough), else DejaVu
 * Sans from DATA_DIR/fonts or the usual system places. A variable naming an
 * unreadable file is an error, not a silent fallback.
 */
static int find_fonts(const struct report_options *options, char **regular, char **bold,
		      struct diag_list *diags)
{
	const char *variable = getenv("SRGAP_FONT");
	const char *variable_bold = getenv("SRGAP_FONT_BOLD");
	if (variable && *variable) {
		const char *bold_path = variable_bold && *variable_bold ? variable_bold : variable;
		const char *culprit = !readable(variable)    ? "SRGAP_FONT"
				      : !readable(bold_path) ? "SRGAP_FONT_BOLD"
							     : NULL;
		if (culprit)
			return diag_error(diags, "srgap", 0, 0, "report.font-missing",
					  "cannot read the font '%s' named by %s: %s",
					  !strcmp(culprit, "SRGAP_FONT") ? variable : bold_path,
					  culprit, strerror(errno));
		*regular = xstrdup(variable);
		*bold = xstrdup(bold_path);
		return 0;
	}
	static const char *const directories[] = {
		"/usr/share/fonts/truetype/dejavu",   /* Debian, Ubuntu */
		"/usr/share/fonts/dejavu-sans-fonts", /* Fedora */
		"/usr/share/fonts/dejavu",	      /* Alpine */
		"/usr/share/fonts/TTF",		      /* Arch */
	};
	struct strbuf tried;
	strbuf_init(&tried);
	for (size_t i = 0; i <= sizeof(directories) / sizeof(directories[0]); i++) {
		char *directory;
		if (i == 0) {
			if (!options->data_dir)
				continue;
			directory = xasprintf("%s/fonts", options->data_dir);
		} else {
			directory = xstrdup(directories[i - 1]);
		}
		char *candidate = xasprintf("%s/DejaVuSans.ttf", directory);
		char *candidate_bold = xasprintf("%s/DejaVuSans-Bold.ttf", directory);
		free(directory);
		if (readable(candidate) && readable(candidate_bold)) {
			*regular = candidate;
			*bold = candidate_bold;
			strbuf_release(&tried);
			return 0;
		}
		strbuf_addf(&tried, "%s%s", tried.len ? ", " : "", candidate);
		free(candidate);
		free(candidate_bold);
	}
	diag_error(diags, "srgap", 0, 0, "report.font-missing",
		   "no font for the PDF report: tried %s (and DejaVuSans-Bold.ttf beside each); "
		   "install the Debian package fonts-dejavu-core, or set SRGAP_FONT (and "
		   "SRGAP_FONT_BOLD) to TrueType fonts",
		   tried.buf);
	strbuf_release(&tried);
	return -1;
}

/*
 * libharu 2.3 gives a UTF-8 font a ToUnicode map that is really an encoding
 * CMap (begincidrange), which readers reject: poppler warns on every page
 * and copying text depends on guesswork. The character codes of a UTF-8
 * font are the Unicode code points themselves (two bytes), so the right map
 * is the identity, written as one range per first byte (a range may not
 * cross one), surrogates left out, at most 100 ranges a block.
 */
static void fix_to_unicode(HPDF_Font font)
{
	HPDF_Dict map = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (!map || !map->stream)
		return;
	/* The entries of an encoding CMap's dictionary; a ToUnicode stream needs none. */
	static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		HPDF_Dict_RemoveElement(map, keys[i]);
	HPDF_MemStream_FreeData(map->stream);
	HPDF_Stream_WriteStr(map->stream,
			     "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
			     "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	int ranges[256], count = 0;
	for (int high = 0; high < 256; high++)
		if (high < 0xD8 || high > 0xDF)
			ranges[count++] = high;
	for (int start = 0; start < count; start += 100) {
		int end = start + 100 < count ? start + 100 : count;
		char line[48];
		snprintf(line, sizeof(line), "%d beginbfrange\n", end - start);
		HPDF_Stream_WriteStr(map->stream, line);
		for (int i = start; i < end; i++) {
			snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", ranges[i],
				 ranges[i], ranges[i]);
			HPDF_Stream_WriteStr(map->stream, line);
		}
		HPDF_Stream_WriteStr(map->stream, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(map->stream, "endcmap\nCMapName currentdict /CMap defineresource "
					  "pop\nend\nend\n");
}

static int load_font(struct report *report, struct pdf_font *font, const char *path,
		     struct diag_list *diags)
{
	struct pdf_doc *doc = &report->doc;
	const char *name = HPDF_LoadTTFontFromFile(doc->doc, path, HPDF_TRUE);
	if (name && !pdf_failed(doc))
		font->handle = HPDF_GetFont(doc->doc, name, "UTF-8");
	if (!name || !font->handle || pdf_failed(doc))
		return diag_error(diags, "srgap", 0, 0, "report.font",
				  "cannot use the font '%s': not a TrueType font libharu can embed "
				  "(libharu error 0x%04lX)",
				  path, (unsigned long)doc->error);
	fix_to_unicode(font->handle);
	font_cache(font);
	return 0;
}

static int load_logo(struct report *report, const char *source, struct diag_list *diags)
{
	struct pdf_doc *doc = &report->doc;
	const char *logo = report_string(json_object_get(report->root, "assessment"), "logo");
	if (!*logo)
		return 0;
	char *path = report_logo_path(logo, report->options->source);
	char error[200];
	enum pdf_logo_kind kind = pdf_logo_check(path, error, sizeof(error));
	if (kind == PDF_LOGO_PNG)
		report->logo = HPDF_LoadPngImageFromFile(doc->doc, path);
	else if (kind == PDF_LOGO_JPEG)
		report->logo = HPDF_LoadJpegImageFromFile(doc->doc, path);
	if (kind != PDF_LOGO_INVALID && (!report->logo || pdf_failed(doc)))
		snprintf(error, sizeof(error), "an image libharu cannot embed (error 0x%04lX)",
			 (unsigned long)doc->error);
	int status = 0;
	if (!report->logo || pdf_failed(doc))
		status = diag_error(diags, source, 0, 0, "report.logo",
				    "cannot use the logo '%s': %s", path, error);
	free(path);
	return status;
}

/* Dates from the assessment, never the clock, so the same input gives the same bytes. */
static void set_info(struct report *report)
{
	struct pdf_doc *doc = &report->doc;
	const json_t *assessment = json_object_get(report->root, "assessment");
	const char *names[] = {"organization"};
	const char *values[] = {report_string(report->root, "organization")};
	expand(&report->text, T(report, "report.title"), names, values, 1);
	HPDF_SetInfoAttr(doc->doc, HPDF_INFO_TITLE, label(report, report->text.buf));
	const char *assessor = report_string(assessment, "assessor");
	if (*assessor)
		HPDF_SetInfoAttr(doc->doc, HPDF_INFO_AUTHOR, label(report, assessor));
	HPDF_SetInfoAttr(doc->doc, HPDF_INFO_SUBJECT,
			 label(report, report_string(assessment, "title")));
	const char *generator = report_string(report->root, "generator");
	if (*generator)
		HPDF_SetInfoAttr(doc->doc, HPDF_INFO_CREATOR, generator);
	int year, month, day;
	if (sscanf(report_string(assessment, "date"), "%4d-%2d-%2d", &year, &month, &day) == 3 &&
	    month >= 1 && month <= 12 && day >= 1 && day <= 31) {
		HPDF_Date date = {.year = year, .month = month, .day = day, .ind = 'Z'};
		HPDF_SetInfoDateAttr(doc->doc, HPDF_INFO_CREATION_DATE, date);
		HPDF_SetInfoDateAttr(doc->doc, HPDF_INFO_MOD_DATE, date);
	}
}

static void set_paper(struct report *report, enum report_paper paper)
{
	struct pdf_doc *doc = &report->doc;
	/* ISO A4 and US Letter, in points. */
	doc->page_width = paper == REPORT_PAPER_LETTER ? 612.0 : 595.276;
	doc->page_height = paper == REPORT_PAPER_LETTER ? 792.0 : 841.89;
	doc->left = 50;
	doc->right = doc->page_width - 50;
	doc->top = doc->page_height - 50;
	doc->bottom = 62;
	report->content_width = doc->right - doc->left;
}

static int write_out(struct report *report, FILE *out, const char *source, struct diag_list *diags)
{
	struct pdf_doc *doc = &report->doc;
	if (HPDF_SaveToStream(doc->doc) != HPDF_OK || pdf_failed(doc))
		return library_error(doc, source, "assemble the PDF", diags);
	unsigned char buffer[65536];
	for (;;) {
		HPDF_UINT32 size = sizeof(buffer);
		HPDF_STATUS status = HPDF_ReadFromStream(doc->doc, buffer, &size);
		if (size > 0 && fwrite(buffer, 1, size, out) != size)
			return -1; /* errno says why; the caller reports write errors */
		if (status == HPDF_STREAM_EOF)
			break;
		if (status != HPDF_OK)
			return library_error(doc, source, "read the PDF back", diags);
	}
	return fflush(out) == 0 ? 0 : -1;
}

static int pdf_render(const json_t *assessment, const struct report_templates *templates,
		      const struct report_options *options, FILE *out, struct diag_list *diags)
{
	const char *source = options->source ? options->source : "assessment";
	struct report report = {.root = assessment, .options = options};
	char *regular_path = NULL, *bold_path = NULL;
	int status = -1;
	strbuf_init(&report.doc.scratch);
	strbuf_init(&report.text);
	strbuf_init(&report.label);
	report.doc.templates = templates;
	for (int s = 0; s < STATUS_COUNT; s++) {
		report.status_tints[s].r = 1.0f - (1.0f - status_colors[s].r) * 0.25f;
		report.status_tints[s].g = 1.0f - (1.0f - status_colors[s].g) * 0.25f;
		report.status_tints[s].b = 1.0f - (1.0f - status_colors[s].b) * 0.25f;
	}

	if (!json_is_object(assessment)) {
		diag_error(diags, source, 0, 0, "report.json-shape",
			   "the assessment is not a JSON object");
		goto out;
	}
	report.environments = json_object_get(assessment, "environments");
	report.roadmap = json_object_get(assessment, "roadmap");
	if (!json_is_array(report.roadmap))
		report.roadmap = NULL;
	else
		rank_roadmap(&report);
	if (find_fonts(options, &regular_path, &bold_path, diags))
		goto out;

	report.doc.doc = HPDF_New(on_error, &report.doc);
	if (!report.doc.doc) {
		diag_error(diags, source, 0, 0, "report.pdf", "cannot start a PDF document");
		status = REPORT_NOT_DRAWN;
		goto out;
	}
	HPDF_SetPagesConfiguration(report.doc.doc, PAGES_PER_NODE);
	HPDF_SetCompressionMode(report.doc.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(report.doc.doc);
	/* Document info strings are written as UTF-16 only while UTF-8 is the current encoder. */
	HPDF_SetCurrentEncoder(report.doc.doc, "UTF-8");
	report.utf8 = HPDF_GetEncoder(report.doc.doc, "UTF-8");
	HPDF_SetPageMode(report.doc.doc, HPDF_PAGE_MODE_USE_OUTLINE);
	if (pdf_failed(&report.doc)) {
		status = library_error(&report.doc, source, "set up UTF-8 text", diags);
		goto out;
	}
	if (load_font(&report, &report.doc.regular, regular_path, diags) < 0 ||
	    load_font(&report, &report.doc.bold, bold_path, diags) < 0 ||
	    load_logo(&report, source, diags) < 0)
		goto out;
	set_paper(&report, options->paper);

	/* Stop at the first part libharu fails on: later calls would only pile up errors. */
	static const struct {
		void (*draw)(struct report *report);
		const char *what;
	} parts[] = {
		{set_info, "write the document information"},
		{cover, "draw the cover"},
		{executive_summary, "draw the executive summary"},
		{progress, "draw the progress section"},
		{heat_map, "draw the heat map"},
		{roadmap, "draw the roadmap"},
		{vulnerabilities, "draw the vulnerability remediation"},
		{gap_matrix, "draw the gap matrix"},
		{roadmap_rest, "draw the remaining roadmap actions"},
		{evidence, "draw the evidence appendix"},
		{methodology, "draw the methodology"},
		{footers, "number the pages"},
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		parts[i].draw(&report);
		if (pdf_failed(&report.doc)) {
			status = library_error(&report.doc, source, parts[i].what, diags);
			goto out;
		}
	}
	status = write_out(&report, out, source, diags);
out:
	if (report.doc.doc)
		HPDF_Free(report.doc.doc);
	free(report.doc.pages);
	free(report.ranked);
	free(report.in_body);
	strbuf_release(&report.doc.scratch);
	strbuf_release(&report.text);
	strbuf_release(&report.label);
	free(regular_path);
	free(bold_path);
	return status;
}

const struct report_renderer report_pdf = {
	.name = "pdf",
	.description = "PDF report for management: cover, summary, heat map, roadmap, matrix",
	.render = pdf_render,
};
