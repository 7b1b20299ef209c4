/*
 * Text layout for the PDF report: wrapping text into lines of a given width,
 * and tables whose rows wrap inside their cells and break across pages with
 * the header row repeated.
 * Wrapping and the page-break rule are pure (a measuring callback, numbers
 * in and out) so the unit tests can check them without libharu.
 */
#include <string.h>

#include "render/pdf_internal.h"

#define MAX_CELL_LINES 64
#define MAX_COLUMNS    12

/* ------------------------------------------------------------ wrapping */

static size_t next_char(const char *text, size_t at)
{
	at++;
	while (((unsigned char)text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Paths, ARNs and URLs read best broken after one of these. */
static bool is_break_after(char c)
{
	return c && strchr("/#-.:_=,;?&", c) != NULL;
}

/*
 * The longest prefix of the word text[start..end) that fits `width`, at
 * least one character; ending after a separator such as '/' when one fits.
 * Widths add up character by character (no kerning), so each character is
 * measured once.
 */
static size_t fit_chars(const char *text, size_t start, size_t end, double width,
			pdf_measure_fn *measure, const void *context)
{
	size_t fit = next_char(text, start);
	size_t separator = 0;
	double used = measure(context, text + start, fit - start);
	while (fit < end) {
		if (is_break_after(text[fit - 1]))
			separator = fit;
		size_t next = next_char(text, fit);
		if (next > end || next - start > PDF_LINE_MAX_BYTES)
			break;
		double grown = used + measure(context, text + fit, next - fit);
		if (grown > width)
			break;
		used = grown;
		fit = next;
	}
	if (fit >= end)
		return end;
	if (is_break_after(text[fit - 1]))
		separator = fit;
	return separator ? separator : fit;
}

/* Appends a span, or reports that there is no room left. */
static bool emit(struct pdf_span *lines, size_t max_lines, size_t *count, size_t offset,
		 size_t length)
{
	if (*count == max_lines)
		return false;
	lines[*count].offset = offset;
	lines[*count].length = length;
	(*count)++;
	return true;
}

/* Shortens the last span so that it and an ellipsis fit. */
static void make_room_for_ellipsis(const char *text, struct pdf_span *line, double width,
				   pdf_measure_fn *measure, const void *context,
				   double ellipsis_width)
{
	double room = width - ellipsis_width;
	while (line->length > 0 && measure(context, text + line->offset, line->length) > room) {
		size_t cut = line->offset + line->length - 1;
		while (cut > line->offset && ((unsigned char)text[cut] & 0xC0) == 0x80)
			cut--;
		line->length = cut - line->offset;
	}
	while (line->length > 0 && is_space(text[line->offset + line->length - 1]))
		line->length--;
}

size_t pdf_wrap(const char *text, double width, pdf_measure_fn *measure, const void *context,
		double ellipsis_width, struct pdf_span *lines, size_t max_lines, bool *truncated)
{
	size_t count = 0;
	size_t length = text ? strlen(text) : 0;
	size_t at = 0;
	*truncated = false;
	if (max_lines == 0)
		return 0;
	while (at < length) {
		/* One paragraph: up to the next explicit line break. */
		size_t end = at;
		while (end < length && text[end] != '\n')
			end++;
		size_t line_start = at;
		while (line_start < end && is_space(text[line_start]))
			line_start++;
		if (line_start == end && !emit(lines, max_lines, &count, line_start, 0))
			goto full;
		while (line_start < end) {
			/* Extend word by word while the line still fits. */
			size_t line_end = line_start;
			size_t scan = line_start;
			while (scan < end) {
				size_t word_end = scan;
				while (word_end < end && !is_space(text[word_end]))
					word_end++;
				if (word_end - line_start > PDF_LINE_MAX_BYTES ||
				    measure(context, text + line_start, word_end - line_start) >
					    width)
					break;
				line_end = word_end;
				scan = word_end;
				while (scan < end && is_space(text[scan]))
					scan++;
			}
			if (line_end == line_start) /* a single word wider than the line */
				line_end =
					fit_chars(text, line_start, end, width, measure, context);
			if (!emit(lines, max_lines, &count, line_start, line_end - line_start))
				goto full;
			line_start = line_end;
			while (line_start < end && is_space(text[line_start]))
				line_start++;
		}
		at = end + 1;
	}
	/* A trailing line break adds no empty line; blank lines inside count. */
	while (count > 0 && lines[count - 1].length == 0)
		count--;
	return count;
full:
	*truncated = true;
	make_room_for_ellipsis(text, &lines[count - 1], width, measure, context, ellipsis_width);
	return count;
}

/* ---------------------------------------------------------- pagination */

double pdf_table_row_height(const struct pdf_table_metrics *metrics, size_t lines)
{
	return (double)(lines ? lines : 1) * metrics->leading + 2 * metrics->padding;
}

bool pdf_table_needs_break(double cursor, double bottom, double header_height, bool header_on_page,
			   double row_height)
{
	double needed = row_height + (header_on_page ? 0 : header_height);
	return cursor - needed < bottom;
}

/* --------------------------------------------------------------- tables */

struct measure_context {
	const struct pdf_font *font;
	double size;
};

static double measure_with_font(const void *context, const char *text, size_t length)
{
	const struct measure_context *m = context;
	return pdf_measure(m->font, m->size, text, length);
}

/* The widest word of `text`: a header is never broken inside a word if it can be helped. */
static double widest_word(const struct pdf_font *font, double size, const char *text)
{
	double widest = 0;
	const char *c = text;
	while (*c) {
		while (*c == ' ')
			c++;
		const char *end = c;
		while (*end && *end != ' ')
			end++;
		double width = pdf_measure(font, size, c, (size_t)(end - c));
		if (width > widest)
			widest = width;
		c = end;
	}
	return widest;
}

void pdf_table_fit_headers(const struct pdf_doc *doc, struct pdf_column *columns, size_t count,
			   double font_size, size_t flexible)
{
	double padding = font_size; /* text_padding on both sides */
	for (size_t c = 0; c < count; c++) {
		if (c == flexible)
			continue;
		double needed = widest_word(&doc->bold, font_size, columns[c].title) + padding + 1;
		if (columns[c].width >= needed ||
		    columns[flexible].width - (needed - columns[c].width) <
			    columns[flexible].width / 2)
			continue;
		columns[flexible].width -= needed - columns[c].width;
		columns[c].width = needed;
	}
}

void pdf_table_init(struct pdf_table *table, const struct pdf_column *columns, size_t count,
		    double font_size)
{
	memset(table, 0, sizeof(*table));
	table->columns = columns;
	table->column_count = count < MAX_COLUMNS ? count : MAX_COLUMNS;
	table->metrics.font_size = font_size;
	table->metrics.leading = font_size * 1.25;
	table->metrics.padding = font_size * 0.45;
	table->zebra = true;
}

static double text_padding(const struct pdf_table *table)
{
	return table->metrics.font_size * 0.5;
}

static double swatch_size(const struct pdf_table *table)
{
	return table->metrics.font_size * 0.8;
}

/* The first baseline of a line box `leading` high whose top is at `top`. */
static double first_baseline(const struct pdf_table_metrics *metrics, double top)
{
	return top - metrics->leading + (metrics->leading - metrics->font_size) / 2 +
	       0.278 * metrics->font_size;
}

static double header_height(const struct pdf_doc *doc, struct pdf_table *table)
{
	if (table->header_height > 0)
		return table->header_height;
	size_t lines = 1;
	struct pdf_span spans[4];
	bool truncated;
	struct measure_context m = {&doc->bold, table->metrics.font_size};
	for (size_t c = 0; c < table->column_count; c++) {
		size_t n = pdf_wrap(table->columns[c].title,
				    table->columns[c].width - 2 * text_padding(table),
				    measure_with_font, &m, 0, spans, 4, &truncated);
		if (n > lines)
			lines = n;
	}
	table->header_height = pdf_table_row_height(&table->metrics, lines);
	return table->header_height;
}

/* Draws the wrapped lines of one cell whose row top is at `top`. */
static void draw_cell_lines(struct pdf_doc *doc, const struct pdf_table *table, double x,
			    double width, double top, const struct pdf_font *font,
			    const struct pdf_rgb *color, enum pdf_align align, const char *text,
			    const struct pdf_span *spans, size_t count, bool truncated)
{
	double pad = text_padding(table);
	double baseline = first_baseline(&table->metrics, top - table->metrics.padding);
	double anchor = align == PDF_LEFT    ? x + pad
			: align == PDF_RIGHT ? x + width - pad
					     : x + width / 2;
	for (size_t i = 0; i < count; i++) {
		/* The ellipsis goes right after the shortened last line. */
		pdf_text_suffix(doc, font, table->metrics.font_size, color, anchor, baseline, align,
				text + spans[i].offset, spans[i].length,
				truncated && i + 1 == count ? "…" : NULL);
		baseline -= table->metrics.leading;
	}
}

static void draw_header(struct pdf_doc *doc, struct pdf_table *table)
{
	if (table->continued && table->rows > 0) {
		double size = table->metrics.font_size;
		doc->y -= size * 1.2;
		pdf_text_fit(doc, &doc->bold, size, &pdf_muted, doc->left, doc->y + size * 0.3,
			     doc->right - doc->left, table->continued);
		doc->y -= size * 0.3;
	}
	double height = header_height(doc, table);
	double top = doc->y;
	double x = doc->left;
	struct measure_context m = {&doc->bold, table->metrics.font_size};
	pdf_fill_rect(doc, doc->left, top - height, doc->right - doc->left, height, &pdf_header);
	for (size_t c = 0; c < table->column_count; c++) {
		const struct pdf_column *column = &table->columns[c];
		struct pdf_span spans[4];
		bool truncated;
		size_t n = pdf_wrap(column->title, column->width - 2 * text_padding(table),
				    measure_with_font, &m, 0, spans, 4, &truncated);
		draw_cell_lines(doc, table, x, column->width, top, &doc->bold, &pdf_white,
				column->align, column->title, spans, n, false);
		x += column->width;
	}
	doc->y = top - height;
	table->header_on_page = true;
	table->page = doc->page;
}

/* Moves to a new page when needed and draws the header if this page lacks it. */
static void place_row(struct pdf_doc *doc, struct pdf_table *table, double row_height)
{
	if (table->page != doc->page)
		table->header_on_page = false;
	double header = header_height(doc, table);
	if (table->continued && table->rows > 0)
		header += table->metrics.font_size * 1.5;
	if (pdf_table_needs_break(doc->y, doc->bottom, header, table->header_on_page, row_height)) {
		pdf_new_page(doc);
		table->header_on_page = false;
	}
	if (!table->header_on_page)
		draw_header(doc, table);
}

/* A row's text broken into lines, per column: the text's lines, then the note's. */
struct row_layout {
	struct pdf_span spans[MAX_COLUMNS][MAX_CELL_LINES];
	size_t counts[MAX_COLUMNS], note_counts[MAX_COLUMNS];
	bool truncated[MAX_COLUMNS], note_truncated[MAX_COLUMNS];
	double height;
};

static void layout_row(const struct pdf_doc *doc, struct pdf_table *table,
		       const struct pdf_cell *cells, struct row_layout *layout)
{
	double size = table->metrics.font_size;
	/*
	 * A row never grows beyond half a page, so it always fits under a
	 * heading and a header on a fresh page; longer text ends in an ellipsis.
	 */
	double room = (doc->top - doc->bottom) / 2;
	size_t max_lines = (size_t)((room - 2 * table->metrics.padding) / table->metrics.leading);
	if (max_lines > MAX_CELL_LINES)
		max_lines = MAX_CELL_LINES;
	if (max_lines < 1)
		max_lines = 1;
	size_t lines = 1;
	for (size_t c = 0; c < table->column_count; c++) {
		const struct pdf_cell *cell = &cells[c];
		const struct pdf_font *font = cell->bold ? &doc->bold : &doc->regular;
		struct measure_context m = {font, size};
		double width = table->columns[c].width - 2 * text_padding(table);
		double ellipsis = pdf_measure(font, size, "…", strlen("…"));
		if (cell->swatch)
			width -= swatch_size(table) + size * 0.4;
		layout->counts[c] = pdf_wrap(cell->text, width, measure_with_font, &m, ellipsis,
					     layout->spans[c], max_lines, &layout->truncated[c]);
		layout->note_counts[c] = 0;
		layout->note_truncated[c] = false;
		if (cell->note && layout->counts[c] < max_lines) {
			m.font = &doc->regular;
			layout->note_counts[c] =
				pdf_wrap(cell->note, width, measure_with_font, &m, ellipsis,
					 layout->spans[c] + layout->counts[c],
					 max_lines - layout->counts[c], &layout->note_truncated[c]);
		}
		if (layout->counts[c] + layout->note_counts[c] > lines)
			lines = layout->counts[c] + layout->note_counts[c];
	}
	layout->height = pdf_table_row_height(&table->metrics, lines);
}

double pdf_table_lead_height(const struct pdf_doc *doc, struct pdf_table *table,
			     const struct pdf_cell *first)
{
	struct row_layout layout;
	layout_row(doc, table, first, &layout);
	return header_height(doc, table) + layout.height;
}

void pdf_table_row(struct pdf_doc *doc, struct pdf_table *table, const struct pdf_cell *cells)
{
	struct row_layout layout;
	double size = table->metrics.font_size;
	layout_row(doc, table, cells, &layout);
	double height = layout.height;
	place_row(doc, table, height);

	double top = doc->y;
	double x = doc->left;
	double gap = table->grid ? 1.0 : 0.0;
	if (table->zebra && table->stripe++ % 2 == 1)
		pdf_fill_rect(doc, doc->left, top - height, doc->right - doc->left, height,
			      &pdf_stripe);
	for (size_t c = 0; c < table->column_count; c++) {
		const struct pdf_cell *cell = &cells[c];
		const struct pdf_column *column = &table->columns[c];
		if (cell->fill)
			pdf_fill_rect(doc, x + gap, top - height + gap, column->width - 2 * gap,
				      height - 2 * gap, cell->fill);
		double text_x = x;
		double text_width = column->width;
		if (cell->swatch) {
			double s = swatch_size(table);
			double baseline =
				first_baseline(&table->metrics, top - table->metrics.padding);
			pdf_fill_rect(doc, x + text_padding(table), baseline - size * 0.1, s, s,
				      cell->swatch);
			text_x += s + size * 0.4;
			text_width -= s + size * 0.4;
		}
		draw_cell_lines(doc, table, text_x, text_width, top,
				cell->bold ? &doc->bold : &doc->regular,
				cell->color ? cell->color : &pdf_ink, column->align, cell->text,
				layout.spans[c], layout.counts[c], layout.truncated[c]);
		if (layout.note_counts[c])
			draw_cell_lines(doc, table, text_x, text_width,
					top - (double)layout.counts[c] * table->metrics.leading,
					&doc->regular, &pdf_muted, column->align, cell->note,
					layout.spans[c] + layout.counts[c], layout.note_counts[c],
					layout.note_truncated[c]);
		x += column->width;
	}
	if (!table->grid)
		pdf_line(doc, doc->left, top - height, doc->right, top - height, 0.4, &pdf_rule);
	doc->y = top - height;
	table->rows++;
}

void pdf_table_group(struct pdf_doc *doc, struct pdf_table *table, const char *text,
		     const struct pdf_rgb *fill)
{
	double size = table->metrics.font_size;
	double height = pdf_table_row_height(&table->metrics, 1);
	/* Keep the group row with at least one row of its own (two lines high). */
	double keep = height + pdf_table_row_height(&table->metrics, 2);
	place_row(doc, table, keep);
	double top = doc->y;
	pdf_fill_rect(doc, doc->left, top - height, doc->right - doc->left, height, fill);
	pdf_text_fit(doc, &doc->bold, size, &pdf_ink, doc->left + text_padding(table),
		     first_baseline(&table->metrics, top - table->metrics.padding),
		     doc->right - doc->left - 2 * text_padding(table), text);
	doc->y = top - height;
	/* Restart the stripes so the first row under a group is never shaded. */
	table->stripe = 0;
}

void pdf_table_end(struct pdf_doc *doc, struct pdf_table *table)
{
	doc->y -= table->metrics.font_size * 1.6;
}
