/*
 * The content of the Markdown and HTML reports, as a sequence of semantic
 * blocks (headings, paragraphs, fact lists, tables with status and heat
 * cells, bars) that a format backend writes. document.c decides what the
 * report says, once; markdown.c and html.c decide only how it looks. Not a
 * public API: only src/render/{document,markdown,html}.c include it.
 */
#ifndef SRGAP_RENDER_DOCUMENT_H
#define SRGAP_RENDER_DOCUMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag_list;
struct report_options;
struct report_templates;

/* One part of a bar: `value` units of kind `tag` ("provider", "phase1"); NULL tag is empty. */
struct document_segment {
	unsigned long value;
	const char *tag;
};

/*
 * A line chart of one quantity over time (the Progress section): a value
 * per point where `present`, on an axis from 0 to `high`; x by day.
 */
struct document_chart {
	const char *title;   /* what it shows, also its accessible name */
	const char *summary; /* the first and the last value in words ("10.0 → 21.9") */
	const char *tag;     /* "coverage" or "risk": the line's colour */
	const long *days;    /* increasing */
	const double *values;
	const bool *present;
	size_t count;
	double high;
	const char *high_label;		      /* the top of the axis, "100" */
	const char *first_label, *last_label; /* the first and the last date */
};

struct document_cell {
	const char *text;
	/*
	 * What the cell shows, for styling: "status-gap", "heat-high",
	 * "severity-critical", ... or NULL. The text always says it too.
	 */
	const char *tag;
	bool strong;
	/* A bar drawn before the text (charts); empty when segment_count is 0. */
	const struct document_segment *segments;
	size_t segment_count;
	/* A small chart drawn instead of a bar (small multiples); NULL: none. */
	const struct document_chart *chart;
};

struct document_column {
	const char *title;
	bool numeric; /* right-aligned */
};

struct document_writer;

struct document_ops {
	void (*begin)(struct document_writer *writer, const char *title, const char *language);
	void (*end)(struct document_writer *writer, const char *footer);
	void (*heading)(struct document_writer *writer, int level, const char *text,
			const char *anchor);
	/* `note`: a legend or aside, set smaller. */
	void (*paragraph)(struct document_writer *writer, const char *text, bool note);
	/* Label: value pairs (the cover, key figures, remediation details). */
	void (*facts)(struct document_writer *writer, const char *const *labels,
		      const char *const *values, size_t count);
	/* `ordered`: numbered, because the order means something (rules applied in turn). */
	void (*list)(struct document_writer *writer, const char *const *items, size_t count,
		     bool ordered);
	void (*table_begin)(struct document_writer *writer, const char *caption,
			    const struct document_column *columns, size_t count);
	/* The first cell heads the row; `highlight` marks a row that needs attention. */
	void (*table_row)(struct document_writer *writer, const struct document_cell *cells,
			  size_t count, bool highlight);
	void (*table_end)(struct document_writer *writer);
	/* A chart on its own, full width (its title is written above it by the caller). */
	void (*chart)(struct document_writer *writer, const struct document_chart *chart);
	/* The organization's logo: a checked PNG or JPEG image, read before anything is written. */
	void (*logo)(struct document_writer *writer, const char *path, const unsigned char *data,
		     size_t size, const char *mime);
};

struct document_writer {
	const struct document_ops *ops;
	FILE *out;
	struct diag_list *diags;
	const struct report_options *options;
	/* The columns of the table being written (valid from table_begin to table_end). */
	const struct document_column *table;
	size_t columns;
};

/*
 * Writes the whole report through `writer`. Returns 0, or -1 when a
 * diagnostic was added (unreadable logo) or the stream failed.
 */
int document_write(struct document_writer *writer, const json_t *assessment,
		   const struct report_templates *templates);

/*
 * Reads a logo (PNG or JPEG, recognized by its first bytes) into a new
 * buffer the caller frees; *mime is "image/png" or "image/jpeg". Returns 0,
 * or -1 with a diagnostic against the writer's source file (unreadable, not
 * a PNG or JPEG, larger than 8 MB).
 */
int document_read_logo(const struct document_writer *writer, const char *path, unsigned char **data,
		       size_t *size, const char **mime);

/*
 * Splits `width` character columns between the segments in proportion to
 * their values (largest remainder, ties to the earlier segment), so the
 * widths add up to exactly `width` whenever the total is not zero.
 */
void document_bar_widths(const struct document_segment *segments, size_t count, size_t width,
			 size_t *widths);

#endif
