/*
 * The report as one self-contained HTML file: inline CSS, no JavaScript, no
 * external fetches (a logo is embedded as a data: URI), printable (@media
 * print with page breaks and repeated table headers) and accessible (lang,
 * table headers with scope, status words beside every colour, contrast of
 * at least 4.5:1). Every text is escaped. What the report says is decided in
 * document.c; this file only lays it out.
 */
#include <stdlib.h>
#include <string.h>

#include "render/document.h"
#include "render/report.h"

/* Status, heat and bar colours: dark text on light tints, so contrast holds in print too. */
static const char style_sheet[] =
	":root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--rule:#d0d7de;--accent:#0b4f8a}\n"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
	"color:var(--ink);background:#fff;margin:0;line-height:1.45}\n"
	"main{max-width:72rem;margin:0 auto;padding:2rem 1.5rem}\n"
	"h1{font-size:2rem;color:var(--accent);margin:0 0 .25rem}\n"
	"h2{font-size:1.5rem;color:var(--accent);border-bottom:2px solid var(--accent);"
	"padding-bottom:.2rem;margin-top:2.5rem}\n"
	"h3{font-size:1.15rem;margin-top:1.75rem}\n"
	"p.note{color:var(--muted);font-size:.9rem}\n"
	"img.logo{max-height:5rem;max-width:16rem;display:block;margin:1rem 0}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.25rem}\n"
	"dl.facts div{display:contents}dl.facts dt{font-weight:600}dl.facts dd{margin:0}\n"
	"table{border-collapse:collapse;width:100%;margin:.75rem 0;font-size:.9rem}\n"
	/* Captions name each table for screen readers; the heading above shows the name. */
	"caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
	"white-space:nowrap}\n"
	"th,td{border:1px solid var(--rule);padding:.3rem .45rem;text-align:left;"
	"vertical-align:top}\n"
	"thead th{background:#eef2f6}tbody th{font-weight:600;white-space:nowrap}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.attention{background:#fff8e1}tr.attention>:first-child{border-left:4px solid "
	"#b35900}\n"
	".status-provider{background:#eceff1;color:#263238}"
	".status-met{background:#d8f0dd;color:#0f5132}"
	".status-claimed{background:#d6eef5;color:#084c61}"
	".status-partial{background:#fff0c2;color:#5c4300}"
	".status-contradicted{background:#f3c5cf;color:#6a0f24;font-weight:700}"
	".status-gap{background:#f9d6d5;color:#7a1d15;font-weight:700}"
	".status-accepted{background:#dde6ff;color:#1c3a80}"
	".status-not-applicable{background:#f1f3f4;color:#3c4043}\n"
	".heat-none{background:#f6f8fa;color:#3c4043}.heat-low{background:#fde8d4;color:#5c2c00}"
	".heat-medium{background:#f7b27a;color:#3d1a00}"
	".heat-high{background:#b3261e;color:#fff;font-weight:700}\n"
	".severity-critical{color:#7a1d15;font-weight:700}.severity-high{color:#8a3b00}"
	".probe-fail,.expired{color:#7a1d15;font-weight:700}.probe-skip{color:var(--muted)}\n"
	".bar{display:flex;height:.9rem;min-width:12rem;background:#f6f8fa;"
	"border:1px solid var(--rule)}\n"
	".bar span{display:block;height:100%}.seg-provider{background:#5f6368}"
	".seg-shared{background:#1a73e8}.seg-customer{background:#e8710a}"
	".seg-phase1{background:#0b4f8a}.seg-phase2{background:#1a73e8}"
	".seg-phase3{background:#8ab4f8}\n"
	".chart{display:block;width:100%;max-width:40rem;height:auto;margin:.5rem 0}"
	".chart.small{display:inline-block;width:9rem;margin:0 .5rem 0 0;vertical-align:middle}"
	".chart polyline{fill:none;stroke-width:2;stroke-linejoin:round}"
	".chart .axis{stroke:#d0d7de;stroke-width:1}.chart text{font-size:11px;fill:#57606a}"
	".chart-coverage polyline{stroke:#0f5132}.chart-coverage circle{fill:#0f5132}"
	".chart-risk polyline{stroke:#b3261e}.chart-risk circle{fill:#b3261e}\n"
	"footer{margin-top:3rem;color:var(--muted);font-size:.85rem;"
	"border-top:1px solid var(--rule);padding-top:.5rem}\n"
	"@media print{@page{size:auto;margin:16mm 14mm}"
	"body{font-size:10pt}main{max-width:none;padding:0}"
	"h2{break-before:page}h2,h3{break-after:avoid}"
	"thead{display:table-header-group}tr,dl.facts div{break-inside:avoid}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Escapes text for element content and attribute values alike. */
static void put_text(FILE *out, const char *text)
{
	for (const char *c = text; *c; c++) {
		switch (*c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\n':
			fputs("<br>", out);
			break;
		default:
			/* Control characters are not allowed in HTML text. */
			if ((unsigned char)*c >= 0x20 || *c == '\t')
				fputc(*c, out);
		}
	}
}

/* A class name made only of [a-z0-9-], whatever the tag holds. */
static void put_class(FILE *out, const char *tag)
{
	for (const char *c = tag; *c; c++)
		fputc((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ? *c : '-',
		      out);
}

static void html_begin(struct document_writer *writer, const char *title, const char *language)
{
	FILE *out = writer->out;
	fputs("<!DOCTYPE html>\n<html lang=\"", out);
	put_text(out, *language ? language : "en");
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	put_text(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", style_sheet);
}

static void html_end(struct document_writer *writer, const char *footer)
{
	fputs("<footer><p>", writer->out);
	put_text(writer->out, footer);
	fputs("</p></footer>\n</main>\n</body>\n</html>\n", writer->out);
}

static void html_heading(struct document_writer *writer, int level, const char *text,
			 const char *anchor)
{
	fprintf(writer->out, "<h%d id=\"", level);
	put_class(writer->out, anchor);
	fputs("\">", writer->out);
	put_text(writer->out, text);
	fprintf(writer->out, "</h%d>\n", level);
}

static void html_paragraph(struct document_writer *writer, const char *text, bool note)
{
	fputs(note ? "<p class=\"note\">" : "<p>", writer->out);
	put_text(writer->out, text);
	fputs("</p>\n", writer->out);
}

static void html_facts(struct document_writer *writer, const char *const *labels,
		       const char *const *values, size_t count)
{
	if (!count)
		return;
	fputs("<dl class=\"facts\">\n", writer->out);
	for (size_t i = 0; i < count; i++) {
		fputs("<div><dt>", writer->out);
		put_text(writer->out, labels[i]);
		fputs("</dt><dd>", writer->out);
		put_text(writer->out, values[i]);
		fputs("</dd></div>\n", writer->out);
	}
	fputs("</dl>\n", writer->out);
}

static void html_list(struct document_writer *writer, const char *const *items, size_t count,
		      bool ordered)
{
	fputs(ordered ? "<ol>\n" : "<ul>\n", writer->out);
	for (size_t i = 0; i < count; i++) {
		fputs("<li>", writer->out);
		put_text(writer->out, items[i]);
		fputs("</li>\n", writer->out);
	}
	fputs(ordered ? "</ol>\n" : "</ul>\n", writer->out);
}

static void html_table_begin(struct document_writer *writer, const char *caption,
			     const struct document_column *columns, size_t count)
{
	FILE *out = writer->out;
	writer->table = columns;
	writer->columns = count;
	fputs("<table>\n<caption>", out);
	put_text(out, caption);
	fputs("</caption>\n<thead><tr>", out);
	for (size_t i = 0; i < count; i++) {
		fputs(columns[i].numeric ? "<th scope=\"col\" class=\"num\">"
					 : "<th scope=\"col\">",
		      out);
		put_text(out, columns[i].title);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
}

/* Segment widths in tenths of a percent, rounded by the same rule as the Markdown bars. */
static void put_bar(FILE *out, const struct document_cell *cell)
{
	size_t widths[8];
	size_t count = cell->segment_count < 8 ? cell->segment_count : 8;
	document_bar_widths(cell->segments, count, 1000, widths);
	fputs("<div class=\"bar\" aria-hidden=\"true\">", out);
	for (size_t i = 0; i < count; i++) {
		if (!widths[i])
			continue;
		fputs("<span class=\"seg-", out);
		put_class(out, cell->segments[i].tag ? cell->segments[i].tag : "empty");
		fprintf(out, "\" style=\"width:%zu.%zu%%\"></span>", widths[i] / 10,
			widths[i] % 10);
	}
	fputs("</div>", out);
}

/*
 * A chart as inline SVG: the line broken where a value is missing, a dot for
 * a lone value; full size with its axis and labels, or small (a table cell)
 * with the line alone. Its title and values are its accessible name.
 */
static void put_chart(FILE *out, const struct document_chart *chart, bool small)
{
	const double width = small ? 144 : 640, height = small ? 36 : 180;
	const double left = small ? 3 : 48, right = small ? 3 : 12;
	const double top = small ? 3 : 10, bottom = small ? 3 : 26;
	const double plot_width = width - left - right, plot_height = height - top - bottom;
	long first_day = chart->count ? chart->days[0] : 0;
	long span = chart->count ? chart->days[chart->count - 1] - first_day : 0;
	fputs("<svg class=\"chart chart-", out);
	put_class(out, chart->tag);
	fprintf(out, "%s\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
		small ? " small" : "", width, height);
	put_text(out, chart->title);
	fputs(": ", out);
	put_text(out, chart->summary);
	fputs("\"><title>", out);
	put_text(out, chart->title);
	fputs(": ", out);
	put_text(out, chart->summary);
	fputs("</title>", out);
	if (!small) {
		fprintf(out,
			"<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
			left, top, left, top + plot_height, left, top + plot_height,
			left + plot_width, top + plot_height);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 4, top + 8);
		put_text(out, chart->high_label);
		fprintf(out, "</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">0</text>",
			left - 4, top + plot_height);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", left, height - 8);
		put_text(out, chart->first_label);
		fprintf(out, "</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
			left + plot_width, height - 8);
		put_text(out, chart->last_label);
		fputs("</text>", out);
	}
	size_t run = 0; /* points in the polyline being written */
	for (size_t i = 0; i <= chart->count; i++) {
		bool here = i < chart->count && chart->present[i];
		if (here) {
			double x =
				left + (span ? plot_width * (double)(chart->days[i] - first_day) /
							(double)span
					     : plot_width / 2);
			double value = chart->values[i] < 0 ? 0 : chart->values[i];
			double y = top + plot_height -
				   (chart->high > 0 ? plot_height * value / chart->high : 0);
			bool alone = !(i + 1 < chart->count && chart->present[i + 1]);
			if (!run && alone)
				fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>", x, y);
			else
				fprintf(out, "%s%.1f,%.1f", run ? " " : "<polyline points=\"", x,
					y);
			run = !run && alone ? 0 : run + 1;
		} else if (run) {
			fputs("\"/>", out);
			run = 0;
		}
	}
	fputs("</svg>", out);
}

static void html_chart(struct document_writer *writer, const struct document_chart *chart)
{
	fputs("<figure>", writer->out);
	put_chart(writer->out, chart, false);
	fputs("<figcaption class=\"note\">", writer->out);
	put_text(writer->out, chart->summary);
	fputs("</figcaption></figure>\n", writer->out);
}

static void put_cell(FILE *out, const struct document_cell *cell, size_t column, bool numeric)
{
	fputs(column == 0 ? "<th scope=\"row\"" : "<td", out);
	if (numeric || cell->tag) {
		fputs(" class=\"", out);
		if (numeric)
			fputs(cell->tag ? "num " : "num", out);
		if (cell->tag)
			put_class(out, cell->tag);
		fputc('"', out);
	}
	fputc('>', out);
	if (cell->segment_count)
		put_bar(out, cell);
	if (cell->chart)
		put_chart(out, cell->chart, true);
	if (cell->strong && *cell->text)
		fputs("<strong>", out);
	put_text(out, cell->text);
	if (cell->strong && *cell->text)
		fputs("</strong>", out);
	fputs(column == 0 ? "</th>" : "</td>", out);
}

static void html_table_row(struct document_writer *writer, const struct document_cell *cells,
			   size_t count, bool highlight)
{
	fputs(highlight ? "<tr class=\"attention\">" : "<tr>", writer->out);
	for (size_t i = 0; i < count; i++)
		put_cell(writer->out, &cells[i], i,
			 i < writer->columns && writer->table[i].numeric);
	fputs("</tr>\n", writer->out);
}

static void html_table_end(struct document_writer *writer)
{
	writer->table = NULL;
	writer->columns = 0;
	fputs("</tbody>\n</table>\n", writer->out);
}

static void put_base64(FILE *out, const unsigned char *data, size_t size)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < size; i += 3) {
		unsigned long chunk = (unsigned long)data[i] << 16;
		if (i + 1 < size)
			chunk |= (unsigned long)data[i + 1] << 8;
		if (i + 2 < size)
			chunk |= data[i + 2];
		fputc(alphabet[(chunk >> 18) & 63], out);
		fputc(alphabet[(chunk >> 12) & 63], out);
		fputc(i + 1 < size ? alphabet[(chunk >> 6) & 63] : '=', out);
		fputc(i + 2 < size ? alphabet[chunk & 63] : '=', out);
	}
}

static void html_logo(struct document_writer *writer, const char *path, const unsigned char *data,
		      size_t size, const char *mime)
{
	(void)path; /* embedded: the file need not travel with the report */
	/* Decorative: the organization's name follows in text. */
	fprintf(writer->out, "<img class=\"logo\" alt=\"\" src=\"data:%s;base64,", mime);
	put_base64(writer->out, data, size);
	fputs("\">\n", writer->out);
}

static const struct document_ops html_ops = {
	.begin = html_begin,
	.end = html_end,
	.heading = html_heading,
	.paragraph = html_paragraph,
	.facts = html_facts,
	.list = html_list,
	.table_begin = html_table_begin,
	.table_row = html_table_row,
	.table_end = html_table_end,
	.chart = html_chart,
	.logo = html_logo,
};

static int html_render(const json_t *assessment, const struct report_templates *templates,
		       const struct report_options *options, FILE *out, struct diag_list *diags)
{
	struct document_writer writer = {
		.ops = &html_ops, .out = out, .diags = diags, .options = options};
	return document_write(&writer, assessment, templates);
}

const struct report_renderer report_html = {
	.name = "html",
	.description = "one self-contained, printable and accessible HTML file",
	.render = html_render,
};
