/*
 * Vector charts for the PDF report, drawn with libharu paths: stacked
 * horizontal bars (responsibility split, status counts), legend items, the
 * roadmap timeline on a day axis and line charts over time (Progress). Charts only draw what they
 * are given; choosing the data, colours and wording is pdf.c's job.
 */
#include <stdio.h>
#include <string.h>

#include "render/pdf_internal.h"

#define LABEL_SIZE 7.0

/* White text on dark fills, ink on light ones. */
static const struct pdf_rgb *text_on(const struct pdf_rgb *fill)
{
	double luminance = 0.299 * fill->r + 0.587 * fill->g + 0.114 * fill->b;
	return luminance < 0.6 ? &pdf_white : &pdf_ink;
}

void pdf_chart_stacked_bar(struct pdf_doc *doc, double x, double y, double width, double height,
			   const struct pdf_segment *segments, size_t count, bool labels)
{
	double total = 0;
	for (size_t i = 0; i < count; i++)
		total += segments[i].value;
	if (total <= 0) {
		pdf_line(doc, x, y, x + width, y, 0.5, &pdf_rule);
		return;
	}
	double at = x;
	for (size_t i = 0; i < count; i++) {
		if (segments[i].value <= 0)
			continue;
		double w = width * segments[i].value / total;
		pdf_fill_rect(doc, at, y, w, height, segments[i].color);
		char number[32];
		snprintf(number, sizeof(number), "%.0f", segments[i].value);
		double size = height * 0.55 < LABEL_SIZE ? height * 0.55 : LABEL_SIZE;
		if (labels && pdf_measure(&doc->bold, size, number, strlen(number)) + 4 < w)
			pdf_text(doc, &doc->bold, size, text_on(segments[i].color), at + w / 2,
				 y + (height - size) / 2 + size * 0.15, PDF_CENTER, number,
				 strlen(number));
		at += w;
	}
}

double pdf_chart_legend_item(struct pdf_doc *doc, double x, double y, const struct pdf_rgb *color,
			     const char *label)
{
	double box = LABEL_SIZE;
	pdf_fill_rect(doc, x, y - 0.5, box, box, color);
	pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_ink, x + box + 3, y + 0.5, PDF_LEFT, label,
		 strlen(label));
	return box + 3 + pdf_measure(&doc->regular, LABEL_SIZE, label, strlen(label)) + 10;
}

void pdf_chart_timeline(struct pdf_doc *doc, const struct pdf_timeline_bar *bars, size_t count,
			int axis_days, const int *ticks, size_t tick_count, const char *axis_label)
{
	const double lane = 24, bar = 15, label_width = 90;
	double axis_left = doc->left + label_width;
	double axis_width = doc->right - axis_left - 10;
	double top = doc->y;
	double bottom = top - lane * (double)count;
	double per_day = axis_width / axis_days;

	/* Grid lines at the ticks, behind the bars. */
	for (size_t t = 0; t < tick_count; t++) {
		double tx = axis_left + per_day * ticks[t];
		pdf_line(doc, tx, bottom, tx, top, 0.4, &pdf_rule);
	}
	for (size_t i = 0; i < count; i++) {
		const struct pdf_timeline_bar *b = &bars[i];
		double lane_bottom = top - lane * (double)(i + 1);
		double bar_y = lane_bottom + (lane - bar) / 2;
		double x0 = axis_left + per_day * b->start_day;
		double x1 = axis_left + per_day * b->end_day;
		pdf_text_fit(doc, &doc->bold, 8, &pdf_ink, doc->left, bar_y + 4.5, label_width - 6,
			     b->label);
		pdf_fill_rect(doc, x0, bar_y, x1 - x0, bar, b->color);
		if (!b->detail)
			continue;
		double detail_width =
			pdf_measure(&doc->regular, LABEL_SIZE, b->detail, strlen(b->detail));
		if (detail_width + 8 <= x1 - x0)
			pdf_text(doc, &doc->regular, LABEL_SIZE, text_on(b->color), x0 + 4,
				 bar_y + 5, PDF_LEFT, b->detail, strlen(b->detail));
		else if (x1 + 4 + detail_width <= doc->right)
			pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_ink, x1 + 4, bar_y + 5,
				 PDF_LEFT, b->detail, strlen(b->detail));
		else
			pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_ink, x0 - 4, bar_y + 5,
				 PDF_RIGHT, b->detail, strlen(b->detail));
	}
	/* The axis, its ticks and their day numbers. */
	pdf_line(doc, axis_left, bottom, axis_left + axis_width, bottom, 0.8, &pdf_muted);
	for (size_t t = 0; t < tick_count; t++) {
		double tx = axis_left + per_day * ticks[t];
		char number[16];
		snprintf(number, sizeof(number), "%d", ticks[t]);
		pdf_line(doc, tx, bottom, tx, bottom - 3, 0.8, &pdf_muted);
		pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, tx, bottom - 11, PDF_CENTER,
			 number, strlen(number));
	}
	pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, axis_left + axis_width / 2,
		 bottom - 21, PDF_CENTER, axis_label, strlen(axis_label));
	doc->y = bottom - 30;
}

void pdf_chart_line(struct pdf_doc *doc, double x, double y, double width, double height,
		    const struct pdf_line_chart *chart)
{
	HPDF_Page page = doc->page;
	if (!page || !chart->count)
		return;
	if (chart->high_label) {
		pdf_line(doc, x, y, x, y + height, 0.6, &pdf_rule);
		pdf_line(doc, x, y, x + width, y, 0.6, &pdf_rule);
		pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, x - 3, y + height - LABEL_SIZE,
			 PDF_RIGHT, chart->high_label, strlen(chart->high_label));
		pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, x - 3, y, PDF_RIGHT, "0", 1);
		pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, x, y - LABEL_SIZE - 3,
			 PDF_LEFT, chart->first_label, strlen(chart->first_label));
		pdf_text(doc, &doc->regular, LABEL_SIZE, &pdf_muted, x + width, y - LABEL_SIZE - 3,
			 PDF_RIGHT, chart->last_label, strlen(chart->last_label));
	} else {
		pdf_line(doc, x, y, x + width, y, 0.4, &pdf_rule);
	}
	long first = chart->days[0], span = chart->days[chart->count - 1] - first;
	HPDF_Page_SetRGBStroke(page, chart->color->r, chart->color->g, chart->color->b);
	HPDF_Page_SetLineWidth(page, chart->high_label ? 1.4f : 1.0f);
	HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
	size_t run = 0; /* points in the path being drawn */
	for (size_t i = 0; i <= chart->count; i++) {
		bool here = i < chart->count && chart->present[i];
		if (!here) {
			if (run > 1)
				HPDF_Page_Stroke(page);
			run = 0;
			continue;
		}
		double px = x + (span ? width * (double)(chart->days[i] - first) / (double)span
				      : width / 2);
		double value = chart->values[i] < 0 ? 0 : chart->values[i];
		double py = y + (chart->high > 0 ? height * value / chart->high : 0);
		bool alone = !run && !(i + 1 < chart->count && chart->present[i + 1]);
		if (alone) {
			pdf_fill_rect(doc, px - 1.5, py - 1.5, 3, 3, chart->color);
			continue;
		}
		if (run++)
			HPDF_Page_LineTo(page, (HPDF_REAL)px, (HPDF_REAL)py);
		else
			HPDF_Page_MoveTo(page, (HPDF_REAL)px, (HPDF_REAL)py);
	}
	HPDF_Page_SetLineJoin(page, HPDF_MITER_JOIN);
}
