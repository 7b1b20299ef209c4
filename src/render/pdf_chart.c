/*
 * Vector charts for the PDF report, drawn with libharu paths: stacked
 * horizontal bars (responsibility split, status counts), legend items and
 * the roadmap timeline on a day axis. Charts only draw what they are given;
 * choosing the data, colours and wording is pdf.c's job.
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
