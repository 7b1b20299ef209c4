/*
 * The four views of a trend. Each says the same things in the same order:
 * one row per assessment (coverage, open risk, cells by status, gaps opened
 * and closed since the assessment before), the largest movers of open risk
 * (for the estate), and whether the newest assessment is worse than the one
 * before it.
 */
#include "render/trend.h"

#include <jansson.h>
#include <string.h>

#include "core/trend.h"
#include "render/render.h"
#include "util/strbuf.h"

/* Lost controls named in the one-line regression summary; the rest are counted. */
#define LOST_NAMED 5

static const struct trend_row *newest(const struct trend *trend)
{
	return trend->row_count ? &trend->rows[trend->row_count - 1] : NULL;
}

static const struct trend_row *before_newest(const struct trend *trend)
{
	return trend->row_count > 1 ? &trend->rows[trend->row_count - 2] : NULL;
}

static long change(unsigned long before, unsigned long after)
{
	return (long)after - (long)before;
}

void render_trend_regression(struct strbuf *out, const struct trend *trend)
{
	const struct trend_regression *regression = &trend->regression;
	if (!trend_regressed(trend))
		return;
	char before[16], after[16];
	const char *separator = "";
	if (regression->coverage_down) {
		render_percent(regression->before.coverage_permille, before, sizeof(before));
		render_percent(regression->after.coverage_permille, after, sizeof(after));
		strbuf_addf(out, "coverage %s%% → %s%%", before, after);
		separator = "; ";
	}
	if (regression->risk_up) {
		strbuf_addf(out, "%sopen risk %lu → %lu", separator, regression->before.risk,
			    regression->after.risk);
		separator = "; ";
	}
	if (regression->lost_count) {
		strbuf_addf(out, "%s%zu met control%s no longer met: ", separator,
			    regression->lost_count, regression->lost_count == 1 ? "" : "s");
		for (size_t i = 0; i < regression->lost_count && i < LOST_NAMED; i++)
			strbuf_addf(out, "%s%s %s (%s)", i ? ", " : "",
				    regression->lost[i].environment, regression->lost[i].control,
				    status_names[regression->lost[i].status]);
		if (regression->lost_count > LOST_NAMED)
			strbuf_addf(out, " and %zu more", regression->lost_count - LOST_NAMED);
	}
}

static const char *subject(const struct trend_view *view)
{
	return view->environment ? view->environment : "the estate";
}

/* ------------------------------------------------------------------ table */

/* The statuses the table shows; every format but the table shows all eight. */
static const enum cell_status table_statuses[] = {
	STATUS_MET, STATUS_CLAIMED, STATUS_PARTIAL, STATUS_GAP, STATUS_CONTRADICTED,
};

#define TABLE_STATUSES (sizeof(table_statuses) / sizeof(table_statuses[0]))

static int status_width(size_t column)
{
	int width = (int)strlen(status_names[table_statuses[column]]);
	return width < 5 ? 5 : width;
}

static void table_rows(FILE *out, const struct trend *trend)
{
	fprintf(out, "%-10s %5s %9s %10s", "date", "envs", "coverage", "open risk");
	for (size_t s = 0; s < TABLE_STATUSES; s++)
		fprintf(out, " %*s", status_width(s), status_names[table_statuses[s]]);
	fputs(" opened closed\n", out);
	for (size_t r = 0; r < trend->row_count; r++) {
		const struct trend_row *row = &trend->rows[r];
		fprintf(out, "%-10s %5zu", row->date, row->environments);
		if (!row->present) {
			fputs("    absent\n", out);
			continue;
		}
		char coverage[16];
		render_percent(row->summary.coverage_permille, coverage, sizeof(coverage));
		fprintf(out, " %8s%% %10lu", coverage, row->summary.risk);
		for (size_t s = 0; s < TABLE_STATUSES; s++)
			fprintf(out, " %*lu", status_width(s), row->status[table_statuses[s]]);
		if (row->compared)
			fprintf(out, " %6zu %6zu\n", row->gaps_opened, row->gaps_closed);
		else
			fprintf(out, " %6s %6s\n", "-", "-");
	}
}

static void table_movers(FILE *out, const struct trend *trend)
{
	if (!trend->rising_count && !trend->falling_count)
		return;
	fprintf(out, "\nLargest movers of open risk (%s → %s)\n", trend->rows[0].date,
		newest(trend)->date);
	const struct trend_mover *lists[2] = {trend->rising, trend->falling};
	size_t counts[2] = {trend->rising_count, trend->falling_count};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			const struct trend_mover *mover = &lists[l][i];
			fprintf(out, "  %-8s %-24s %8lu → %-8lu %+8ld\n",
				i   ? ""
				: l ? "falling"
				    : "rising",
				mover->environment, mover->first_risk, mover->last_risk,
				change(mover->first_risk, mover->last_risk));
		}
}

static void table_verdict(FILE *out, const struct trend *trend)
{
	const struct trend_row *last = newest(trend), *previous = before_newest(trend);
	if (!last || !last->compared || !previous)
		return;
	struct strbuf line;
	strbuf_init(&line);
	render_trend_regression(&line, trend);
	if (!line.len) {
		fprintf(out, "\nNo regression from %s to %s.\n", previous->date, last->date);
	} else {
		fprintf(out, "\nRegression from %s to %s: %s\n", previous->date, last->date,
			line.buf);
	}
	strbuf_release(&line);
}

static void table_view(FILE *out, const struct trend *trend, const struct trend_view *view)
{
	fprintf(out, "Trend of %s in %s: %zu assessment%s", subject(view), view->history,
		trend->row_count, trend->row_count == 1 ? "" : "s");
	if (view->since)
		fprintf(out, " since %s", view->since);
	if (trend->skipped)
		fprintf(out, " (%zu file%s skipped)", trend->skipped,
			trend->skipped == 1 ? "" : "s");
	fputc('\n', out);
	if (!trend->row_count)
		return;
	fputc('\n', out);
	table_rows(out, trend);
	table_movers(out, trend);
	table_verdict(out, trend);
}

/* ------------------------------------------------------------------ CSV */

static void csv_view(FILE *out, const struct trend *trend)
{
	static const char *const columns[] = {
		"date",	 "file",	   "environments",     "present",
		"cells", "customer_share", "coverage_percent", "risk",
		"open"};
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		render_csv_field(out, columns[i], false);
	for (size_t s = 0; s < STATUS_COUNT; s++)
		render_csv_field(out, status_names[s], false);
	render_csv_field(out, "gaps_opened", false);
	render_csv_field(out, "gaps_closed", true);
	for (size_t r = 0; r < trend->row_count; r++) {
		const struct trend_row *row = &trend->rows[r];
		char number[32];
		render_csv_field(out, row->date, false);
		render_csv_field(out, row->file, false);
		fprintf(out, "%zu,%s,", row->environments, row->present ? "true" : "false");
		if (row->present) {
			render_percent(row->summary.coverage_permille, number, sizeof(number));
			fprintf(out, "%lu,%lu,%s,%lu,%lu,", row->summary.cells,
				row->summary.customer_share, number, row->summary.risk,
				row->summary.open);
			for (size_t s = 0; s < STATUS_COUNT; s++)
				fprintf(out, "%lu,", row->status[s]);
		} else {
			fputs(",,,,,,,,,,,,,", out);
		}
		if (row->compared)
			fprintf(out, "%zu,%zu\r\n", row->gaps_opened, row->gaps_closed);
		else
			fputs(",\r\n", out);
	}
}

/* ------------------------------------------------------------------ Markdown */

static void md_text(FILE *out, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (strchr("\\`*_[]<>|&~#", *c))
			fputc('\\', out);
		fputc(*c == '\n' || *c == '\r' ? ' ' : *c, out);
	}
}

static void markdown_view(FILE *out, const struct trend *trend, const struct trend_view *view)
{
	fputs("# Trend of ", out);
	md_text(out, subject(view));
	fputs("\n\n", out);
	fprintf(out, "%zu assessment%s in `", trend->row_count, trend->row_count == 1 ? "" : "s");
	for (const char *c = view->history; *c; c++)
		fputc(*c == '`' ? '\'' : *c, out);
	fputc('`', out);
	if (view->since)
		fprintf(out, " since %s", view->since);
	if (trend->skipped)
		fprintf(out, "; %zu file%s skipped", trend->skipped,
			trend->skipped == 1 ? "" : "s");
	fputs(".\n", out);
	if (!trend->row_count)
		return;
	fputs("\n| date | environments | coverage | open risk |", out);
	for (size_t s = 0; s < STATUS_COUNT; s++)
		fprintf(out, " %s |", status_names[s]);
	fputs(" gaps opened | gaps closed |\n|---|---:|---:|---:|", out);
	for (size_t s = 0; s < STATUS_COUNT; s++)
		fputs("---:|", out);
	fputs("---:|---:|\n", out);
	for (size_t r = 0; r < trend->row_count; r++) {
		const struct trend_row *row = &trend->rows[r];
		fprintf(out, "| %s | %zu |", row->date, row->environments);
		if (row->present) {
			char coverage[16];
			render_percent(row->summary.coverage_permille, coverage, sizeof(coverage));
			fprintf(out, " %s%% | %lu |", coverage, row->summary.risk);
			for (size_t s = 0; s < STATUS_COUNT; s++)
				fprintf(out, " %lu |", row->status[s]);
		} else {
			fputs(" absent | |", out);
			for (size_t s = 0; s < STATUS_COUNT; s++)
				fputs(" |", out);
		}
		if (row->compared)
			fprintf(out, " %zu | %zu |\n", row->gaps_opened, row->gaps_closed);
		else
			fputs(" | |\n", out);
	}
	if (trend->rising_count || trend->falling_count) {
		fprintf(out,
			"\n## Largest movers of open risk\n\n| environment | first | open risk | "
			"last | open risk | change |\n|---|---|---:|---|---:|---:|\n");
		const struct trend_mover *lists[2] = {trend->rising, trend->falling};
		size_t counts[2] = {trend->rising_count, trend->falling_count};
		for (size_t l = 0; l < 2; l++)
			for (size_t i = 0; i < counts[l]; i++) {
				const struct trend_mover *mover = &lists[l][i];
				fputs("| ", out);
				md_text(out, mover->environment);
				fprintf(out, " | %s | %lu | %s | %lu | %+ld |\n", mover->first_date,
					mover->first_risk, mover->last_date, mover->last_risk,
					change(mover->first_risk, mover->last_risk));
			}
	}
	const struct trend_row *last = newest(trend), *previous = before_newest(trend);
	if (last->compared && previous) {
		struct strbuf line;
		strbuf_init(&line);
		render_trend_regression(&line, trend);
		fprintf(out, "\n## Newest against the one before\n\n");
		if (line.len) {
			fprintf(out, "**Regression** from %s to %s: ", previous->date, last->date);
			md_text(out, line.buf);
			fputs(".\n", out);
		} else {
			fprintf(out, "No regression from %s to %s.\n", previous->date, last->date);
		}
		strbuf_release(&line);
	}
}

/* ------------------------------------------------------------------ JSON */

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static json_t *row_json(const struct trend_row *row)
{
	json_t *object = json_object();
	json_object_set_new(object, "date", json_string(row->date));
	json_object_set_new(object, "file", json_string(row->file));
	json_object_set_new(object, "environments", json_integer((json_int_t)row->environments));
	json_object_set_new(object, "present", json_boolean(row->present));
	json_object_set_new(object, "cells", json_integer((json_int_t)row->summary.cells));
	json_object_set_new(object, "customer_share",
			    json_integer((json_int_t)row->summary.customer_share));
	json_object_set_new(object, "coverage_percent",
			    json_real(row->summary.coverage_permille / 10.0));
	json_object_set_new(object, "risk", json_integer((json_int_t)row->summary.risk));
	json_object_set_new(object, "open", json_integer((json_int_t)row->summary.open));
	json_t *status = json_object();
	for (size_t s = 0; s < STATUS_COUNT; s++)
		json_object_set_new(status, status_names[s],
				    json_integer((json_int_t)row->status[s]));
	json_object_set_new(object, "status", status);
	json_object_set_new(object, "gaps_opened",
			    row->compared ? json_integer((json_int_t)row->gaps_opened)
					  : json_null());
	json_object_set_new(object, "gaps_closed",
			    row->compared ? json_integer((json_int_t)row->gaps_closed)
					  : json_null());
	return object;
}

static json_t *movers_json(const struct trend_mover *movers, size_t count)
{
	json_t *array = json_array();
	for (size_t i = 0; i < count; i++) {
		const struct trend_mover *mover = &movers[i];
		json_array_append_new(
			array,
			json_pack("{s:s, s:{s:s, s:I}, s:{s:s, s:I}, s:I}", "environment",
				  mover->environment, "first", "date", mover->first_date, "risk",
				  (json_int_t)mover->first_risk, "last", "date", mover->last_date,
				  "risk", (json_int_t)mover->last_risk, "change",
				  (json_int_t)change(mover->first_risk, mover->last_risk)));
	}
	return array;
}

static json_t *regression_json(const struct trend *trend)
{
	const struct trend_row *last = newest(trend), *previous = before_newest(trend);
	if (!last || !last->compared || !previous)
		return json_null();
	const struct trend_regression *regression = &trend->regression;
	json_t *object = json_object();
	json_object_set_new(object, "from", json_string(previous->date));
	json_object_set_new(object, "to", json_string(last->date));
	json_object_set_new(object, "regressed", json_boolean(trend_regressed(trend)));
	json_object_set_new(object, "coverage_down", json_boolean(regression->coverage_down));
	json_object_set_new(object, "risk_up", json_boolean(regression->risk_up));
	json_t *lost = json_array();
	for (size_t i = 0; i < regression->lost_count; i++)
		json_array_append_new(lost, json_pack("{s:s, s:s, s:s}", "environment",
						      regression->lost[i].environment, "control",
						      regression->lost[i].control, "status",
						      status_names[regression->lost[i].status]));
	json_object_set_new(object, "no_longer_met", lost);
	return object;
}

static json_t *trend_json(const struct trend *trend, const struct trend_view *view)
{
	json_t *root = json_object();
	json_object_set_new(root, "srgap", json_string("trend/1"));
	json_object_set_new(root, "history", json_string(view->history));
	json_object_set_new(root, "environment", string_or_null(view->environment));
	json_object_set_new(root, "since", string_or_null(view->since));
	json_object_set_new(root, "skipped", json_integer((json_int_t)trend->skipped));
	json_t *rows = json_array();
	for (size_t r = 0; r < trend->row_count; r++)
		json_array_append_new(rows, row_json(&trend->rows[r]));
	json_object_set_new(root, "assessments", rows);
	if (view->environment) {
		json_object_set_new(root, "movers", json_null());
	} else {
		json_t *movers = json_object();
		json_object_set_new(movers, "rising",
				    movers_json(trend->rising, trend->rising_count));
		json_object_set_new(movers, "falling",
				    movers_json(trend->falling, trend->falling_count));
		json_object_set_new(root, "movers", movers);
	}
	json_object_set_new(root, "regression", regression_json(trend));
	return root;
}

int render_trend(FILE *out, const struct trend *trend, const struct trend_view *view,
		 enum trend_format format)
{
	switch (format) {
	case TREND_FORMAT_TABLE:
		table_view(out, trend, view);
		break;
	case TREND_FORMAT_CSV:
		csv_view(out, trend);
		break;
	case TREND_FORMAT_MARKDOWN:
		markdown_view(out, trend, view);
		break;
	case TREND_FORMAT_JSON: {
		json_t *root = trend_json(trend, view);
		int failed = json_dumpf(root, out,
					JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						JSON_REAL_PRECISION(4)) < 0;
		json_decref(root);
		if (failed || fputc('\n', out) == EOF)
			return -1;
		break;
	}
	}
	return ferror(out) ? -1 : 0;
}
