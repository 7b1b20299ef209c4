/*
 * The report as GitHub-flavoured Markdown: headings, paragraphs, pipe
 * tables, text bars for the bar charts and sparklines for the line charts. Every text from the
 * assessment or the templates is escaped (Markdown punctuation, `|`, line breaks as <br>), so a
 * name can never turn into markup. What the report says is decided in document.c; this file only
 * lays it out.
 */
#include <string.h>

#include "render/document.h"
#include "render/report.h"

#define BAR_WIDTH 36 /* characters; a 180-day axis at 5 days per character */

/* Characters that would start markup somewhere in a line, escaped with a backslash. */
static const char escaped[] = "\\`*_[]<>|&~#";

static void put_text(FILE *out, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (*c == '\n')
			fputs("<br>", out);
		else if (*c == '\r' || *c == '\t')
			fputc(' ', out);
		else if ((unsigned char)*c < 0x20)
			continue; /* other control characters carry no meaning in a report */
		else if (strchr(escaped, *c))
			fprintf(out, "\\%c", *c);
		else
			fputc(*c, out);
	}
}

/* A paragraph must not start like a list item or a setext underline. */
static void put_block_text(FILE *out, const char *text)
{
	size_t digits = strspn(text, "0123456789");
	if (*text == '-' || *text == '+' || *text == '=') {
		fprintf(out, "\\%c", *text);
		text++;
	} else if (digits && (text[digits] == '.' || text[digits] == ')')) {
		fwrite(text, 1, digits, out);
		fprintf(out, "\\%c", text[digits]);
		text += digits + 1;
	}
	put_text(out, text);
}

static void markdown_begin(struct document_writer *writer, const char *title, const char *language)
{
	(void)writer;
	(void)title;
	(void)language;
}

static void markdown_end(struct document_writer *writer, const char *footer)
{
	fputs("\n---\n\n_", writer->out);
	put_text(writer->out, footer);
	fputs("_\n", writer->out);
}

static void markdown_heading(struct document_writer *writer, int level, const char *text,
			     const char *anchor)
{
	(void)anchor; /* GitHub derives anchors from the heading text */
	fprintf(writer->out, "%s%.*s ", level > 1 ? "\n" : "", level, "######");
	put_text(writer->out, text);
	fputc('\n', writer->out);
}

static void markdown_paragraph(struct document_writer *writer, const char *text, bool note)
{
	fputs(note ? "\n_" : "\n", writer->out);
	put_block_text(writer->out, text);
	fputs(note ? "_\n" : "\n", writer->out);
}

static void markdown_facts(struct document_writer *writer, const char *const *labels,
			   const char *const *values, size_t count)
{
	if (!count)
		return;
	fputc('\n', writer->out);
	for (size_t i = 0; i < count; i++) {
		fputs("- **", writer->out);
		put_text(writer->out, labels[i]);
		fputs(":** ", writer->out);
		put_text(writer->out, values[i]);
		fputc('\n', writer->out);
	}
}

static void markdown_list(struct document_writer *writer, const char *const *items, size_t count,
			  bool ordered)
{
	fputc('\n', writer->out);
	for (size_t i = 0; i < count; i++) {
		if (ordered)
			fprintf(writer->out, "%zu. ", i + 1);
		else
			fputs("- ", writer->out);
		put_text(writer->out, items[i]);
		fputc('\n', writer->out);
	}
}

static void markdown_table_begin(struct document_writer *writer, const char *caption,
				 const struct document_column *columns, size_t count)
{
	(void)caption; /* the heading above the table names it */
	writer->table = columns;
	writer->columns = count;
	fputs("\n|", writer->out);
	for (size_t i = 0; i < count; i++) {
		fputc(' ', writer->out);
		put_text(writer->out, columns[i].title);
		fputs(" |", writer->out);
	}
	fputs("\n|", writer->out);
	for (size_t i = 0; i < count; i++)
		fputs(columns[i].numeric ? " ---: |" : " --- |", writer->out);
	fputc('\n', writer->out);
}

/* Provider solid, shared half-tone, customer light; a phase solid on a dotted axis. */
static const char *bar_glyph(const char *tag)
{
	if (!tag)
		return "·";
	if (!strcmp(tag, "shared"))
		return "▒";
	if (!strcmp(tag, "customer"))
		return "░";
	return "█";
}

static void put_bar(FILE *out, const struct document_cell *cell)
{
	size_t widths[8];
	size_t count = cell->segment_count < 8 ? cell->segment_count : 8;
	document_bar_widths(cell->segments, count, BAR_WIDTH, widths);
	fputc('`', out);
	for (size_t i = 0; i < count; i++)
		for (size_t w = 0; w < widths[i]; w++)
			fputs(bar_glyph(cell->segments[i].tag), out);
	fputc('`', out);
}

/*
 * A chart as a sparkline: at most SPARK_WIDTH eighth-blocks, the values
 * picked evenly over the points, a space where there is none.
 */
#define SPARK_WIDTH 32
static void put_sparkline(FILE *out, const struct document_chart *chart)
{
	static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	size_t width = chart->count < SPARK_WIDTH ? chart->count : SPARK_WIDTH;
	fputc('`', out);
	for (size_t i = 0; i < width; i++) {
		size_t at = width > 1 ? i * (chart->count - 1) / (width - 1) : 0;
		if (!chart->present[at]) {
			fputc(' ', out);
			continue;
		}
		double share = chart->high > 0 ? chart->values[at] / chart->high : 0;
		int level = (int)(share * 7 + 0.5);
		fputs(blocks[level < 0 ? 0 : level > 7 ? 7 : level], out);
	}
	fputs("` ", out);
}

static void markdown_chart(struct document_writer *writer, const struct document_chart *chart)
{
	fputc('\n', writer->out);
	put_sparkline(writer->out, chart);
	put_text(writer->out, chart->summary);
	fputs(" (", writer->out);
	put_text(writer->out, chart->first_label);
	fputs(" – ", writer->out);
	put_text(writer->out, chart->last_label);
	fputs(")\n", writer->out);
}

static void markdown_table_row(struct document_writer *writer, const struct document_cell *cells,
			       size_t count, bool highlight)
{
	(void)highlight; /* the row's words already say it (EXPIRED, FAIL, contradicted) */
	fputc('|', writer->out);
	for (size_t i = 0; i < count; i++) {
		const struct document_cell *cell = &cells[i];
		fputc(' ', writer->out);
		if (cell->segment_count)
			put_bar(writer->out, cell);
		if (cell->chart)
			put_sparkline(writer->out, cell->chart);
		if (cell->strong && *cell->text)
			fputs("**", writer->out);
		put_text(writer->out, cell->text);
		if (cell->strong && *cell->text)
			fputs("**", writer->out);
		fputs(" |", writer->out);
	}
	fputc('\n', writer->out);
}

static void markdown_table_end(struct document_writer *writer)
{
	writer->table = NULL;
	writer->columns = 0;
}

/* Linked, not embedded (Markdown has no inline images); checked all the same. */
static void markdown_logo(struct document_writer *writer, const char *path,
			  const unsigned char *data, size_t size, const char *mime)
{
	(void)data;
	(void)size;
	(void)mime;
	fputs("\n![logo](<", writer->out);
	for (const char *c = path; *c; c++)
		if (*c == '<' || *c == '>' || *c == '\n')
			fprintf(writer->out, "%%%02X", (unsigned char)*c);
		else
			fputc(*c, writer->out);
	fputs(">)\n", writer->out);
}

static const struct document_ops markdown_ops = {
	.begin = markdown_begin,
	.end = markdown_end,
	.heading = markdown_heading,
	.paragraph = markdown_paragraph,
	.facts = markdown_facts,
	.list = markdown_list,
	.table_begin = markdown_table_begin,
	.table_row = markdown_table_row,
	.table_end = markdown_table_end,
	.chart = markdown_chart,
	.logo = markdown_logo,
};

static int markdown_render(const json_t *assessment, const struct report_templates *templates,
			   const struct report_options *options, FILE *out, struct diag_list *diags)
{
	struct document_writer writer = {
		.ops = &markdown_ops, .out = out, .diags = diags, .options = options};
	return document_write(&writer, assessment, templates);
}

const struct report_renderer report_markdown = {
	.name = "markdown",
	.description = "GitHub-flavoured Markdown report for wikis and pull requests",
	.render = markdown_render,
};
