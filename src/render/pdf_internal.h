/*
 * Shared between the three files of the PDF report: pdf.c (the document and
 * its sections), pdf_table.c (text wrapping and tables that break across
 * pages) and pdf_chart.c (vector charts). Not a public API: nothing outside
 * src/render/pdf*.c includes it.
 */
#ifndef SRGAP_RENDER_PDF_INTERNAL_H
#define SRGAP_RENDER_PDF_INTERNAL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct report_templates;

/* The keys under `pdf:` in templates/report.yaml the renderer reads; NULL-terminated. */
extern const char *const pdf_template_keys[];

struct pdf_rgb {
	float r, g, b;
};

/* The palette: one place, so every chart and table uses the same colours. */
extern const struct pdf_rgb pdf_ink;	/* body text */
extern const struct pdf_rgb pdf_muted;	/* captions, axis labels */
extern const struct pdf_rgb pdf_accent; /* headings, rules */
extern const struct pdf_rgb pdf_rule;	/* table lines */
extern const struct pdf_rgb pdf_header; /* table header background */
extern const struct pdf_rgb pdf_stripe; /* every other table row */
extern const struct pdf_rgb pdf_white;

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

/* A loaded font with the widths of ASCII cached (1/1000 em): most text is ASCII. */
struct pdf_font {
	HPDF_Font handle;
	unsigned ascii[128];
};

struct pdf_doc {
	HPDF_Doc doc;
	struct pdf_font regular;
	struct pdf_font bold;
	double page_width, page_height;
	double left, right, top, bottom; /* the content box */
	HPDF_Page page;			 /* current page; NULL before the first */
	double y;			 /* top of the free space on the current page */
	HPDF_Page *pages;		 /* every page, for the footers drawn at the end */
	size_t page_count, page_capacity;
	/*
	 * What the current page's content stream last set, so unchanged fonts
	 * and colours are not repeated (they persist across text objects);
	 * forgotten whenever the page changes.
	 */
	const struct pdf_font *state_font;
	double state_size;
	struct pdf_rgb state_fill;
	bool state_fill_set;
	HPDF_STATUS error; /* first libharu error, 0 if none (set by the error handler) */
	HPDF_STATUS error_detail;
	struct strbuf scratch; /* NUL-terminated copies of substrings for libharu */
	const struct report_templates *templates;
};

static inline bool pdf_failed(const struct pdf_doc *doc)
{
	return doc->error != 0;
}

/* ---- drawing primitives (pdf.c) ---- */

void pdf_new_page(struct pdf_doc *doc);
/* Makes `page` (an earlier one: footers) the page drawn on. */
void pdf_use_page(struct pdf_doc *doc, HPDF_Page page);
/* Starts a new page unless `height` points still fit below the cursor. */
void pdf_ensure(struct pdf_doc *doc, double height);
double pdf_measure(const struct pdf_font *font, double size, const char *text, size_t length);
/* Draws text[0..length) with its baseline at y; x is the left, centre or right edge. */
void pdf_text(struct pdf_doc *doc, const struct pdf_font *font, double size,
	      const struct pdf_rgb *color, double x, double y, enum pdf_align align,
	      const char *text, size_t length);
/* The same with `suffix` (may be NULL) drawn right after the text. */
void pdf_text_suffix(struct pdf_doc *doc, const struct pdf_font *font, double size,
		     const struct pdf_rgb *color, double x, double y, enum pdf_align align,
		     const char *text, size_t length, const char *suffix);
/* One line of text at most `width` wide, cut with an ellipsis. */
void pdf_text_fit(struct pdf_doc *doc, const struct pdf_font *font, double size,
		  const struct pdf_rgb *color, double x, double y, double width, const char *text);
void pdf_fill_rect(struct pdf_doc *doc, double x, double y, double width, double height,
		   const struct pdf_rgb *color);
void pdf_line(struct pdf_doc *doc, double x1, double y1, double x2, double y2, double width,
	      const struct pdf_rgb *color);
/*
 * Wrapped text from the cursor down, `indent` points from the left margin;
 * moves the cursor below it and breaks pages between lines.
 */
void pdf_paragraph(struct pdf_doc *doc, const struct pdf_font *font, double size,
		   const struct pdf_rgb *color, const char *text, double indent);
/* The same, cut after `max_lines` lines with an ellipsis. */
void pdf_paragraph_lines(struct pdf_doc *doc, const struct pdf_font *font, double size,
			 const struct pdf_rgb *color, const char *text, double indent,
			 size_t max_lines);

/* ---- text wrapping (pdf_table.c; pure, unit-tested) ---- */

/* Width in points of text[0..length); `context` is whatever the caller measures with. */
typedef double pdf_measure_fn(const void *context, const char *text, size_t length);

struct pdf_span {
	size_t offset, length; /* a line: a slice of the wrapped text, spaces trimmed */
};

/*
 * The most bytes one line of page text holds. A visible line is far
 * shorter (at most ~270 characters across A4 at the smallest size); only
 * runs of zero-width characters come near, and libharu refuses a string
 * over 65,535 bytes.
 */
#define PDF_LINE_MAX_BYTES 2048

/*
 * Breaks `text` into lines no wider than `width` and no longer than
 * PDF_LINE_MAX_BYTES: at spaces, at explicit line breaks, inside a word
 * only when the word alone is too wide (at a UTF-8 character boundary,
 * never inside a character). Writes at most
 * `max_lines` spans and returns how many it wrote. When the text needs more,
 * *truncated is set and the last span is shortened so that it plus
 * `ellipsis_width` still fits. Empty text gives zero lines.
 */
size_t pdf_wrap(const char *text, double width, pdf_measure_fn *measure, const void *context,
		double ellipsis_width, struct pdf_span *lines, size_t max_lines, bool *truncated);

/* ---- tables (pdf_table.c) ---- */

struct pdf_column {
	const char *title;
	double width; /* points */
	enum pdf_align align;
};

struct pdf_cell {
	const char *text;	      /* NULL: empty */
	const char *note;	      /* NULL, or a second text in muted ink below the first */
	const struct pdf_rgb *fill;   /* background; NULL: the row's */
	const struct pdf_rgb *swatch; /* a colour square before the text (status colours) */
	const struct pdf_rgb *color;  /* text colour; NULL: ink */
	bool bold;
};

/* Row heights and the page-break decision, separated from drawing so they can be tested. */
struct pdf_table_metrics {
	double font_size;
	double leading; /* baseline to baseline */
	double padding; /* above and below the text of a row */
};

double pdf_table_row_height(const struct pdf_table_metrics *metrics, size_t lines);
/*
 * Where the next row goes: true when a new page is needed before it. A table
 * whose header is not yet on this page needs room for the header and the
 * row together, so a header never ends a page on its own.
 */
bool pdf_table_needs_break(double cursor, double bottom, double header_height, bool header_on_page,
			   double row_height);

struct pdf_table {
	const struct pdf_column *columns;
	size_t column_count;
	struct pdf_table_metrics metrics;
	const char *continued; /* caption above the repeated header on later pages, or NULL */
	bool zebra;	       /* shade every other row */
	bool grid;	       /* white gaps between filled cells (heat map) */
	/* state */
	bool header_on_page;
	size_t rows;
	size_t stripe;	      /* rows since the last group row, for the shading */
	double header_height; /* computed once */
	HPDF_Page page;	      /* the page the header was last drawn on */
};

void pdf_table_init(struct pdf_table *table, const struct pdf_column *columns, size_t count,
		    double font_size);
/*
 * Widens columns whose header has a word wider than the column (a longer
 * translation), taking the room from column `flexible`, as long as that one
 * keeps half its width.
 */
void pdf_table_fit_headers(const struct pdf_doc *doc, struct pdf_column *columns, size_t count,
			   double font_size, size_t flexible);
void pdf_table_row(struct pdf_doc *doc, struct pdf_table *table, const struct pdf_cell *cells);
/*
 * The height of the header and the row `first` together: what a heading
 * above the table must keep with it so it never ends a page alone.
 */
double pdf_table_lead_height(const struct pdf_doc *doc, struct pdf_table *table,
			     const struct pdf_cell *first);
/* A bold row across the whole table (a group such as a roadmap phase), kept with the next row. */
void pdf_table_group(struct pdf_doc *doc, struct pdf_table *table, const char *text,
		     const struct pdf_rgb *fill);
/* Leaves some space after the table. */
void pdf_table_end(struct pdf_doc *doc, struct pdf_table *table);

/* ---- logos (pdf_logo.c) ---- */

enum pdf_logo_kind { PDF_LOGO_INVALID, PDF_LOGO_PNG, PDF_LOGO_JPEG };

/*
 * Reads the image at `path` completely: PDF_LOGO_PNG or PDF_LOGO_JPEG when
 * libharu can embed it, else PDF_LOGO_INVALID with the reason in `error`
 * (unreadable, not an image, damaged).
 */
enum pdf_logo_kind pdf_logo_check(const char *path, char *error, size_t size);

/* ---- charts (pdf_chart.c) ---- */

struct pdf_segment {
	double value;
	const struct pdf_rgb *color;
};

/*
 * One horizontal bar split into segments proportional to their values, at
 * (x, y) bottom-left, with each value printed inside its segment when it
 * fits. A zero total draws an empty outline.
 */
void pdf_chart_stacked_bar(struct pdf_doc *doc, double x, double y, double width, double height,
			   const struct pdf_segment *segments, size_t count, bool labels);
/* A colour square and a label; returns the width used. */
double pdf_chart_legend_item(struct pdf_doc *doc, double x, double y, const struct pdf_rgb *color,
			     const char *label);

struct pdf_timeline_bar {
	const char *label;  /* inside or beside the bar */
	const char *detail; /* to the right of the bar */
	int start_day, end_day;
	const struct pdf_rgb *color;
};

/* A quantity over time (the Progress section): x by day, y from 0 to `high`. */
struct pdf_line_chart {
	const long *days; /* increasing */
	const double *values;
	const bool *present; /* the line breaks where false */
	size_t count;
	double high;
	const struct pdf_rgb *color;
	/* Axis lines and their labels; NULL high_label: the line alone (small multiples). */
	const char *high_label, *first_label, *last_label;
};

/* Draws the chart's plot area with its bottom left corner at (x, y); labels go outside it. */
void pdf_chart_line(struct pdf_doc *doc, double x, double y, double width, double height,
		    const struct pdf_line_chart *chart);

/* Bars on a day axis [0, axis_days] with tick marks; drawn from the cursor down. */
void pdf_chart_timeline(struct pdf_doc *doc, const struct pdf_timeline_bar *bars, size_t count,
			int axis_days, const int *ticks, size_t tick_count, const char *axis_label);

#endif
