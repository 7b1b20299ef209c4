/*
 * What the Markdown and HTML reports say, section by section, read from a
 * checked `assessment/2` document (report_check) and worded from the
 * templates. It emits semantic blocks through a document_writer; it never
 * writes markup itself and never decides a status or a risk.
 */
#include "render/document.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/engine.h"
#include "core/provider.h"
#include "render/progress.h"
#include "render/report.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define TOP_RISKS    5

struct logo {
	char *path; /* resolved against the assessment's directory */
	unsigned char *data;
	size_t size;
	const char *mime;
};

/* Everything a section needs, and scratch text that lives until the report is written. */
struct document {
	struct logo logo; /* data NULL: none */
	struct document_writer *writer;
	const struct document_ops *ops;
	const json_t *assessment;
	const struct report_templates *templates;
	char **scratch; /* strings handed to the writer, freed at the end */
	size_t scratch_count;
	size_t scratch_capacity;
};

static const char *text(const struct document *d, const char *key)
{
	return report_text(d->templates, key);
}

/* Keeps `value` (heap) until the end of the report and returns it. */
static const char *keep(struct document *d, char *value)
{
	d->scratch =
		xgrow(d->scratch, &d->scratch_capacity, d->scratch_count + 1, sizeof(*d->scratch));
	d->scratch[d->scratch_count++] = value;
	return value;
}

static const char *keepf(struct document *d, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static const char *keepf(struct document *d, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	char *buffer = xmalloc((size_t)(length > 0 ? length : 0) + 1);
	va_start(args, format);
	vsnprintf(buffer, (size_t)(length > 0 ? length : 0) + 1, format, args);
	va_end(args);
	return keep(d, buffer);
}

/* The writers copy what they are given at once, so scratch text can go after each block. */
static void forget(struct document *d)
{
	for (size_t i = 0; i < d->scratch_count; i++)
		free(d->scratch[i]);
	d->scratch_count = 0;
}

/* A template with its placeholders filled, kept until the end. */
static const char *expand(struct document *d, const char *key, const char *const *names,
			  const char *const *values, size_t count)
{
	struct strbuf sb;
	strbuf_init(&sb);
	report_expand(&sb, text(d, key), names, values, count);
	return keep(d, strbuf_detach(&sb));
}

/* The strings of a JSON array joined with ", ". */
static const char *joined(struct document *d, const json_t *array)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < json_array_size(array); i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, json_string_value(json_array_get(array, i)));
	}
	return keep(d, strbuf_detach(&sb));
}

static const char *tag(struct document *d, const char *kind, const char *name)
{
	return keepf(d, "%s-%s", kind, name);
}

static struct document_cell plain(const char *value)
{
	return (struct document_cell){.text = value};
}

static struct document_cell tagged(const char *value, const char *style)
{
	return (struct document_cell){.text = value, .tag = style};
}

static struct document_cell status_cell(struct document *d, const char *status)
{
	return tagged(report_word(d->templates, "status", status), tag(d, "status", status));
}

static const json_t *member(const json_t *object, const char *key)
{
	return json_object_get(object, key);
}

static const json_t *environments(const struct document *d)
{
	return member(d->assessment, "environments");
}

/* ------------------------------------------------------------------ cover */

static void write_cover(struct document *d)
{
	const json_t *header = member(d->assessment, "assessment");
	const json_t *catalog = member(member(d->assessment, "models"), "catalog");
	const char *names[] = {"id", "version", "reviewed"};
	const char *values[] = {report_string(catalog, "id"), report_string(catalog, "version"),
				report_string(catalog, "reviewed")};
	const char *assessor = report_string(header, "assessor");
	const char *const labels[] = {
		text(d, "cover.organization"), text(d, "cover.title"),
		text(d, "cover.date"),	       text(d, "cover.assessor"),
		text(d, "cover.environments"), text(d, "cover.catalog"),
	};
	const char *const facts[] = {
		report_string(d->assessment, "organization"),
		report_string(header, "title"),
		report_string(header, "date"),
		*assessor ? assessor : text(d, "cover.assessor_none"),
		keepf(d, "%zu", json_array_size(environments(d))),
		expand(d, "methodology.catalog_line", names, values, COUNT(names)),
	};
	const char *organization[] = {report_string(d->assessment, "organization")};
	const char *organization_name[] = {"organization"};
	d->ops->heading(d->writer, 1, expand(d, "report.title", organization_name, organization, 1),
			"cover");
	d->ops->paragraph(d->writer, text(d, "report.subtitle"), false);
	if (d->logo.data)
		d->ops->logo(d->writer, d->logo.path, d->logo.data, d->logo.size, d->logo.mime);
	d->ops->facts(d->writer, labels, facts, COUNT(labels));
}

/* A broken logo stops the report before anything is written, even to standard output. */
static int read_logo(struct document *d)
{
	const char *logo = report_string(member(d->assessment, "assessment"), "logo");
	if (!*logo)
		return 0;
	d->logo.path = report_logo_path(logo, d->writer->options->source);
	return document_read_logo(d->writer, d->logo.path, &d->logo.data, &d->logo.size,
				  &d->logo.mime);
}

/* ------------------------------------------------------------------ executive summary */

static void write_key_figures(struct document *d)
{
	const json_t *summary = member(d->assessment, "summary");
	const json_t *status = member(summary, "status");
	const char *const labels[] = {
		text(d, "summary.coverage"),	 text(d, "summary.open"),
		text(d, "summary.contradicted"), text(d, "summary.risk"),
		text(d, "summary.actions"),
	};
	const char *const values[] = {
		keepf(d, "%.1f%%", json_number_value(member(summary, "coverage_percent"))),
		keepf(d, "%lld",
		      (long long)(report_integer(status, "gap") +
				  report_integer(status, "contradicted"))),
		keepf(d, "%lld", (long long)report_integer(status, "contradicted")),
		keepf(d, "%lld", (long long)report_integer(summary, "risk")),
		keepf(d, "%zu", json_array_size(member(d->assessment, "roadmap"))),
	};
	d->ops->facts(d->writer, labels, values, COUNT(labels));
	d->ops->paragraph(d->writer, text(d, "summary.coverage_note"), true);
}

static void write_status_counts(struct document *d)
{
	const json_t *status = member(member(d->assessment, "summary"), "status");
	const struct document_column columns[] = {
		{text(d, "matrix.status"), false},
		{text(d, "summary.meaning"), false},
		{text(d, "summary.count"), true},
	};
	d->ops->heading(d->writer, 3, text(d, "summary.status_counts"), "status-counts");
	d->ops->table_begin(d->writer, text(d, "summary.status_counts"), columns, COUNT(columns));
	for (size_t s = 0; s < STATUS_COUNT; s++) {
		const struct document_cell cells[] = {
			status_cell(d, status_names[s]),
			plain(report_word(d->templates, "status_legend", status_names[s])),
			plain(keepf(d, "%lld", (long long)report_integer(status, status_names[s]))),
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
}

static void write_split(struct document *d)
{
	const struct document_column columns[] = {
		{text(d, "exceptions.environment"), false},
		{report_word(d->templates, "responsibility", "provider"), true},
		{report_word(d->templates, "responsibility", "shared"), true},
		{report_word(d->templates, "responsibility", "customer"), true},
		{text(d, "summary.split_chart"), false},
	};
	d->ops->heading(d->writer, 3, text(d, "summary.split_title"), "split");
	d->ops->paragraph(d->writer, text(d, "summary.split_intro"), false);
	d->ops->table_begin(d->writer, text(d, "summary.split_title"), columns, COUNT(columns));
	for (size_t e = 0; e < json_array_size(environments(d)); e++) {
		const json_t *environment = json_array_get(environments(d), e);
		const json_t *split = member(member(environment, "summary"), "responsibility");
		struct document_segment segments[RESPONSIBILITY_COUNT];
		struct document_cell cells[2 + RESPONSIBILITY_COUNT];
		cells[0] = plain(report_string(environment, "name"));
		for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++) {
			json_int_t count = report_integer(split, responsibility_names[r]);
			segments[r] = (struct document_segment){
				(unsigned long)(count > 0 ? count : 0), responsibility_names[r]};
			cells[1 + r] = plain(keepf(d, "%lld", (long long)count));
		}
		cells[4] = (struct document_cell){
			.text = "", .segments = segments, .segment_count = RESPONSIBILITY_COUNT};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
}

static void write_top_risks(struct document *d)
{
	struct report_risk top[TOP_RISKS];
	size_t count = report_top_risks(d->assessment, top, TOP_RISKS);
	const struct document_column columns[] = {
		{text(d, "matrix.risk"), true},
		{text(d, "matrix.status"), false},
		{text(d, "exceptions.environment"), false},
		{text(d, "matrix.control"), false},
		{text(d, "matrix.severity"), false},
		{text(d, "matrix.title_column"), false},
	};
	d->ops->heading(d->writer, 3, text(d, "summary.top_risks"), "top-risks");
	if (!count) {
		d->ops->paragraph(d->writer, text(d, "summary.top_risks_none"), false);
		return;
	}
	d->ops->table_begin(d->writer, text(d, "summary.top_risks"), columns, COUNT(columns));
	for (size_t i = 0; i < count; i++) {
		const char *severity = report_string(top[i].cell, "severity");
		const struct document_cell cells[] = {
			plain(keepf(d, "%lld", (long long)report_integer(top[i].cell, "risk"))),
			status_cell(d, report_string(top[i].cell, "status")),
			plain(report_string(top[i].environment, "name")),
			plain(report_string(top[i].cell, "control")),
			tagged(report_word(d->templates, "severity", severity),
			       tag(d, "severity", severity)),
			plain(report_string(top[i].cell, "title")),
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
}

static void write_summary(struct document *d)
{
	struct strbuf paragraph;
	strbuf_init(&paragraph);
	report_summary_paragraph(&paragraph, d->assessment, d->templates);
	d->ops->heading(d->writer, 2, text(d, "summary.title"), "summary");
	d->ops->paragraph(d->writer, keep(d, strbuf_detach(&paragraph)), false);
	write_key_figures(d);
	write_status_counts(d);
	write_split(d);
	write_top_risks(d);
}

/* ------------------------------------------------------------------ progress */

static const char *line_summary(struct document *d, const struct progress_line *line, bool percent)
{
	struct strbuf summary;
	strbuf_init(&summary);
	report_progress_line_summary(&summary, line, percent, d->templates);
	return keep(d, strbuf_detach(&summary));
}

/* A chart of `line` over the progress's assessments, kept until the report is written. */
static const struct document_chart *chart(struct document *d, const struct report_progress *p,
					  const struct progress_line *line, bool percent,
					  const char *title)
{
	struct document_chart *chart = xcalloc(1, sizeof(*chart));
	keep(d, (char *)chart);
	*chart = (struct document_chart){
		.title = title,
		.summary = line_summary(d, line, percent),
		.tag = percent ? "coverage" : "risk",
		.days = p->days,
		.values = line->values,
		.present = line->present,
		.count = p->count,
		.high = line->high,
		.high_label = keepf(d, "%.0f", line->high),
		.first_label = p->dates[0],
		.last_label = p->dates[p->count - 1],
	};
	return chart;
}

static void write_progress_environments(struct document *d, const struct report_progress *p)
{
	if (!p->environment_count)
		return;
	char shown[24], total[24];
	snprintf(shown, sizeof(shown), "%zu", p->environment_count);
	snprintf(total, sizeof(total), "%zu", p->environments_total);
	const char *names[] = {"shown", "total"};
	const char *values[] = {shown, total};
	const struct document_column columns[] = {
		{text(d, "progress.environment"), false},
		{text(d, "progress.coverage"), false},
		{text(d, "progress.risk"), false},
	};
	d->ops->heading(d->writer, 3, text(d, "progress.environments_title"),
			"progress-environments");
	d->ops->paragraph(d->writer, expand(d, "progress.environments_intro", names, values, 2),
			  false);
	d->ops->table_begin(d->writer, text(d, "progress.environments_title"), columns,
			    COUNT(columns));
	for (size_t e = 0; e < p->environment_count; e++) {
		const struct progress_series *series = &p->environments[e];
		const struct document_chart *coverage =
			chart(d, p, &series->coverage, true,
			      keepf(d, "%s: %s", series->name, text(d, "progress.coverage")));
		const struct document_chart *risk =
			chart(d, p, &series->risk, false,
			      keepf(d, "%s: %s", series->name, text(d, "progress.risk")));
		const struct document_cell cells[] = {
			plain(series->name),
			{.text = coverage->summary, .chart = coverage},
			{.text = risk->summary, .chart = risk},
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
}

static void write_progress_changes(struct document *d, const struct report_progress *p)
{
	if (!p->compared)
		return;
	struct strbuf intro;
	strbuf_init(&intro);
	report_progress_changes_intro(&intro, p, d->templates);
	d->ops->heading(d->writer, 3, text(d, "progress.changes_title"), "progress-changes");
	d->ops->paragraph(d->writer, keep(d, strbuf_detach(&intro)), false);
	if (!p->change_count)
		return;
	const struct document_column columns[] = {
		{text(d, "evidence.environment"), false}, {text(d, "matrix.control"), false},
		{text(d, "matrix.title_column"), false},  {text(d, "progress.before"), false},
		{text(d, "progress.now"), false},	  {text(d, "progress.direction"), false},
	};
	d->ops->table_begin(d->writer, text(d, "progress.changes_title"), columns, COUNT(columns));
	for (size_t i = 0; i < p->change_count; i++) {
		const struct diff_cell *change = p->changes[i];
		const struct saved_cell *cell =
			change->new_cell ? change->new_cell : change->old_cell;
		const struct document_cell cells[] = {
			plain(change->environment),
			plain(cell->control),
			plain(cell->title ? cell->title : ""),
			status_cell(d, status_names[change->from]),
			status_cell(d, status_names[change->to]),
			plain(report_progress_direction(change, d->templates)),
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), change->direction > 0);
	}
	d->ops->table_end(d->writer);
	struct strbuf more;
	strbuf_init(&more);
	report_progress_changes_more(&more, p, d->templates);
	if (more.len)
		d->ops->paragraph(d->writer, keep(d, strbuf_detach(&more)), true);
	strbuf_release(&more);
}

static void write_progress(struct document *d, const struct report_progress *p)
{
	struct strbuf intro;
	strbuf_init(&intro);
	report_progress_intro(&intro, p, d->templates);
	d->ops->heading(d->writer, 2, text(d, "progress.title"), "progress");
	d->ops->paragraph(d->writer, keep(d, strbuf_detach(&intro)), false);
	const char *coverage = text(d, "progress.coverage"), *risk = text(d, "progress.risk");
	const struct document_chart *charts[] = {
		chart(d, p, &p->estate.coverage, true, coverage),
		chart(d, p, &p->estate.risk, false, risk),
	};
	for (size_t i = 0; i < COUNT(charts); i++) {
		d->ops->heading(d->writer, 3, charts[i]->title,
				i ? "progress-risk" : "progress-coverage");
		d->ops->chart(d->writer, charts[i]);
	}
	write_progress_environments(d, p);
	write_progress_changes(d, p);
}

/* ------------------------------------------------------------------ heat map */

static void write_heatmap(struct document *d)
{
	struct document_column columns[AREA_COUNT + 2];
	columns[0] = (struct document_column){text(d, "exceptions.environment"), false};
	for (size_t a = 0; a < AREA_COUNT; a++)
		columns[1 + a] = (struct document_column){
			report_word(d->templates, "area", area_names[a]), true};
	columns[AREA_COUNT + 1] = (struct document_column){text(d, "heatmap.total"), true};
	d->ops->heading(d->writer, 2, text(d, "heatmap.title"), "heatmap");
	d->ops->paragraph(d->writer, text(d, "heatmap.intro"), false);
	d->ops->table_begin(d->writer, text(d, "heatmap.title"), columns, COUNT(columns));
	for (size_t e = 0; e < json_array_size(environments(d)); e++) {
		const json_t *environment = json_array_get(environments(d), e);
		struct document_cell cells[AREA_COUNT + 2];
		cells[0] = plain(report_string(environment, "name"));
		for (size_t a = 0; a < AREA_COUNT; a++) {
			json_int_t risk = report_area_risk(environment, area_names[a]);
			const char *level = report_heat_level(risk);
			char key[32];
			snprintf(key, sizeof(key), "heatmap.level_%s", level);
			cells[1 + a] = tagged(
				risk ? keepf(d, "%lld (%s)", (long long)risk, text(d, key)) : "0",
				tag(d, "heat", level));
		}
		json_int_t total = report_integer(member(environment, "summary"), "risk");
		cells[AREA_COUNT + 1] = (struct document_cell){
			.text = keepf(d, "%lld", (long long)total), .strong = true};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
	d->ops->paragraph(d->writer, text(d, "heatmap.legend"), true);
}

/* ------------------------------------------------------------------ roadmap */

static const char *const phase_keys[3] = {"roadmap.phase1", "roadmap.phase2", "roadmap.phase3"};

static void write_timeline(struct document *d, const size_t *counts, const json_int_t *risks)
{
	/* Days 0-30, 31-90 and 91-180 on a 180-day axis. */
	static const unsigned long spans[3][3] = {{0, 30, 150}, {30, 60, 90}, {90, 90, 0}};
	static const char *const phase_tags[3] = {"phase1", "phase2", "phase3"};
	const struct document_column columns[] = {
		{text(d, "roadmap.phase"), false},
		{text(d, "roadmap.count"), true},
		{text(d, "roadmap.risk_reduction"), true},
		{text(d, "roadmap.timeline"), false},
	};
	d->ops->heading(d->writer, 3, text(d, "roadmap.timeline"), "timeline");
	d->ops->table_begin(d->writer, text(d, "roadmap.timeline"), columns, COUNT(columns));
	for (size_t p = 0; p < 3; p++) {
		const struct document_segment segments[3] = {
			{spans[p][0], NULL}, {spans[p][1], phase_tags[p]}, {spans[p][2], NULL}};
		const struct document_cell cells[] = {
			plain(text(d, phase_keys[p])),
			plain(keepf(d, "%zu", counts[p])),
			plain(keepf(d, "%lld", (long long)risks[p])),
			{.text = "", .segments = segments, .segment_count = 3},
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
	d->ops->paragraph(d->writer, text(d, "roadmap.axis"), true);
}

static struct document_cell action_title(struct document *d, const json_t *action)
{
	const char *title = report_string(action, "title");
	if (!json_is_true(member(action, "contradicted")))
		return plain(title);
	return (struct document_cell){
		.text = keepf(d, "%s (%s)", title, text(d, "roadmap.contradicted")),
		.tag = "status-contradicted",
		.strong = true};
}

/* "native capability (aws/ecr-enhanced-scanning): Set the registry scan type ..." */
static const char *action_how(struct document *d, const json_t *action)
{
	const char *capability = report_string(action, "capability");
	if (!*capability)
		return keepf(d, "%s: %s", text(d, "roadmap.generic"),
			     report_string(action, "remediation"));
	return keepf(d, "%s (%s/%s): %s", text(d, "roadmap.native"),
		     report_string(action, "provider"), capability,
		     report_string(action, "remediation"));
}

static void write_phase(struct document *d, size_t phase, size_t count, json_int_t risk)
{
	const json_t *roadmap = member(d->assessment, "roadmap");
	const struct document_column columns[] = {
		{text(d, "roadmap.id"), false},		{text(d, "roadmap.action"), false},
		{text(d, "roadmap.controls"), false},	{text(d, "roadmap.environments"), false},
		{text(d, "roadmap.owners"), false},	{text(d, "roadmap.effort"), false},
		{text(d, "roadmap.cost"), false},	{text(d, "roadmap.risk_reduction"), true},
		{text(d, "roadmap.depends_on"), false},
	};
	const char *names[] = {"actions", "risk"};
	const char *values[] = {keepf(d, "%zu", count), keepf(d, "%lld", (long long)risk)};
	d->ops->heading(d->writer, 3, text(d, phase_keys[phase - 1]), keepf(d, "phase-%zu", phase));
	d->ops->paragraph(d->writer, expand(d, "roadmap.phase_summary", names, values, 2), false);
	d->ops->table_begin(d->writer, text(d, phase_keys[phase - 1]), columns, COUNT(columns));
	const char **ids = xcalloc(count + 1, sizeof(*ids));
	const char **hows = xcalloc(count + 1, sizeof(*hows));
	size_t listed = 0;
	for (size_t i = 0; i < json_array_size(roadmap); i++) {
		const json_t *action = json_array_get(roadmap, i);
		if (report_integer(action, "phase") != (json_int_t)phase)
			continue;
		const struct document_cell cells[] = {
			plain(report_string(action, "id")),
			action_title(d, action),
			plain(joined(d, member(action, "controls"))),
			plain(joined(d, member(action, "environments"))),
			plain(joined(d, member(action, "owners"))),
			plain(report_string(action, "effort")),
			plain(report_string(action, "cost")),
			plain(keepf(d, "%lld",
				    (long long)report_integer(action, "risk_reduction"))),
			plain(joined(d, member(action, "depends_on"))),
		};
		d->ops->table_row(d->writer, cells, COUNT(cells),
				  json_is_true(member(action, "contradicted")));
		ids[listed] = report_string(action, "id");
		hows[listed++] = action_how(d, action);
	}
	d->ops->table_end(d->writer);
	d->ops->facts(d->writer, ids, hows, listed);
	free(ids);
	free(hows);
}

static void write_roadmap(struct document *d)
{
	const json_t *roadmap = member(d->assessment, "roadmap");
	size_t counts[3] = {0, 0, 0};
	json_int_t risks[3] = {0, 0, 0};
	for (size_t i = 0; i < json_array_size(roadmap); i++) {
		const json_t *action = json_array_get(roadmap, i);
		size_t phase = (size_t)report_integer(action, "phase") - 1;
		counts[phase]++;
		risks[phase] += report_integer(action, "risk_reduction");
	}
	d->ops->heading(d->writer, 2, text(d, "roadmap.title"), "roadmap");
	d->ops->paragraph(d->writer, text(d, "roadmap.intro"), false);
	if (!json_array_size(roadmap)) {
		d->ops->paragraph(d->writer, text(d, "roadmap.none"), false);
		return;
	}
	write_timeline(d, counts, risks);
	for (size_t p = 0; p < 3; p++)
		if (counts[p])
			write_phase(d, p + 1, counts[p], risks[p]);
	d->ops->paragraph(d->writer, text(d, "roadmap.legend"), true);
}

/*
 * The vulnerability part of the roadmap: the ranked fix actions of the
 * `vulnerabilities` plan (vulns/1), when the evidence held scanner reports.
 */
static void write_vulnerabilities(struct document *d)
{
	const json_t *plan = member(d->assessment, "vulnerabilities");
	const json_t *actions = member(plan, "actions");
	if (!json_is_object(plan))
		return;
	const struct document_column columns[] = {
		{text(d, "vulnerabilities.rank"), true},
		{text(d, "vulnerabilities.action"), false},
		{text(d, "vulnerabilities.fixes"), false},
		{text(d, "vulnerabilities.images"), true},
		{text(d, "vulnerabilities.workloads"), true},
		{text(d, "vulnerabilities.score"), true},
	};
	const json_t *totals = member(plan, "totals");
	const char *names[] = {"reports", "findings", "after"};
	const char *values[] = {
		keepf(d, "%lld", (long long)report_integer(member(plan, "reports"), "read")),
		keepf(d, "%lld", (long long)report_integer(member(totals, "now"), "total")),
		keepf(d, "%lld", (long long)report_integer(member(totals, "after_top"), "total")),
	};
	d->ops->heading(d->writer, 3, text(d, "vulnerabilities.title"), "vulnerabilities");
	d->ops->paragraph(d->writer, expand(d, "vulnerabilities.intro", names, values, 3), false);
	size_t top = (size_t)report_integer(plan, "top");
	d->ops->table_begin(d->writer, text(d, "vulnerabilities.title"), columns, COUNT(columns));
	for (size_t i = 0; i < json_array_size(actions) && i < top; i++) {
		const json_t *action = json_array_get(actions, i);
		const json_t *severity = member(action, "severity");
		const struct document_cell cells[] = {
			plain(keepf(d, "%lld", (long long)report_integer(action, "rank"))),
			plain(report_string(action, "title")),
			plain(keepf(d, "%lld critical, %lld high, %lld other",
				    (long long)report_integer(severity, "critical"),
				    (long long)report_integer(severity, "high"),
				    (long long)(report_integer(severity, "total") -
						report_integer(severity, "critical") -
						report_integer(severity, "high")))),
			plain(keepf(d, "%zu", json_array_size(member(action, "images")))),
			plain(keepf(d, "%lld", (long long)report_integer(action, "workloads"))),
			plain(keepf(d, "%lld", (long long)report_integer(action, "score"))),
		};
		d->ops->table_row(d->writer, cells, COUNT(cells), false);
	}
	d->ops->table_end(d->writer);
}

/* ------------------------------------------------------------------ gap matrix */

/* "implemented, by Trivy; due 2027-03-31; risk accepted by CISO until 2027-01-31" */
static const char *claim_text(struct document *d, const json_t *cell)
{
	const json_t *claim = member(cell, "claim");
	const json_t *exception = member(cell, "exception");
	struct strbuf sb;
	strbuf_init(&sb);
	if (json_is_object(claim)) {
		const char *status =
			report_word(d->templates, "claim_status", report_string(claim, "status"));
		const char *by = report_string(claim, "by");
		const char *names[] = {"status", "by", "due", "note"};
		const char *values[] = {status, by, report_string(claim, "due"),
					report_string(claim, "note")};
		if (*by)
			report_expand(&sb, text(d, "matrix.claim_by"), names, values, 2);
		else
			strbuf_addstr(&sb, status);
		if (*values[2]) {
			strbuf_addstr(&sb, "; ");
			report_expand(&sb, text(d, "matrix.claim_due"), names + 2, values + 2, 1);
		}
		if (*values[3]) {
			strbuf_addstr(&sb, "; ");
			report_expand(&sb, text(d, "matrix.claim_note"), names + 3, values + 3, 1);
		}
	}
	if (json_is_object(exception)) {
		const char *names[] = {"owner", "expires"};
		const char *values[] = {report_string(exception, "owner"),
					report_string(exception, "expires")};
		if (sb.len)
			strbuf_addstr(&sb, "; ");
		report_expand(&sb,
			      text(d, json_is_true(member(exception, "expired"))
					      ? "matrix.exception_expired"
					      : "matrix.exception"),
			      names, values, 2);
	}
	if (!sb.len)
		strbuf_addstr(&sb, text(d, "matrix.claim_none"));
	return keep(d, strbuf_detach(&sb));
}

static const char *environment_line(struct document *d, const json_t *environment)
{
	const json_t *summary = member(environment, "summary");
	const char *owner = report_string(environment, "owner");
	const char *names[] = {"provider", "service", "registry", "criticality",
			       "internet", "owner",   "coverage", "risk"};
	const char *values[] = {
		report_string(environment, "provider"),
		report_string(environment, "service"),
		report_string(environment, "registry"),
		report_string(environment, "criticality"),
		text(d, json_is_true(member(environment, "internet_facing")) ? "matrix.yes"
									     : "matrix.no"),
		*owner ? owner : text(d, "matrix.owner_none"),
		keepf(d, "%.1f", json_number_value(member(summary, "coverage_percent"))),
		keepf(d, "%lld", (long long)report_integer(summary, "risk")),
	};
	return expand(d, "matrix.environment", names, values, COUNT(names));
}

static void write_environment_matrix(struct document *d, const json_t *environment, size_t index)
{
	const struct document_column columns[] = {
		{text(d, "matrix.control"), false},	   {text(d, "matrix.title_column"), false},
		{text(d, "matrix.responsibility"), false}, {text(d, "matrix.status"), false},
		{text(d, "matrix.severity"), false},	   {text(d, "matrix.risk"), true},
		{text(d, "matrix.claim"), false},
	};
	const char *name = report_string(environment, "name");
	const json_t *cells = member(environment, "cells");
	d->ops->heading(d->writer, 3, name, keepf(d, "environment-%zu", index + 1));
	d->ops->paragraph(d->writer, environment_line(d, environment), false);
	d->ops->table_begin(d->writer, name, columns, COUNT(columns));
	for (size_t i = 0; i < json_array_size(cells); i++) {
		const json_t *cell = json_array_get(cells, i);
		const char *severity = report_string(cell, "severity");
		const json_t *exception = member(cell, "exception");
		const struct document_cell row[] = {
			plain(report_string(cell, "control")),
			plain(report_string(cell, "title")),
			plain(report_word(d->templates, "responsibility",
					  report_string(cell, "responsibility"))),
			status_cell(d, report_string(cell, "status")),
			tagged(report_word(d->templates, "severity", severity),
			       tag(d, "severity", severity)),
			plain(keepf(d, "%lld", (long long)report_integer(cell, "risk"))),
			plain(claim_text(d, cell)),
		};
		d->ops->table_row(d->writer, row, COUNT(row),
				  json_is_true(member(exception, "expired")));
	}
	d->ops->table_end(d->writer);
}

static void write_matrix(struct document *d)
{
	d->ops->heading(d->writer, 2, text(d, "matrix.title"), "matrix");
	d->ops->paragraph(d->writer, text(d, "matrix.intro"), false);
	for (size_t e = 0; e < json_array_size(environments(d)); e++) {
		write_environment_matrix(d, json_array_get(environments(d), e), e);
		forget(d);
	}
}

/* ------------------------------------------------------------------ evidence */

static size_t probe_count(const json_t *environment)
{
	size_t count = 0;
	const json_t *cells = member(environment, "cells");
	for (size_t i = 0; i < json_array_size(cells); i++)
		count += json_array_size(member(json_array_get(cells, i), "probes"));
	return count;
}

/*
 * One probe's summary for one control: its counts beside the first sampled
 * subject, a row for each further one, and how many the sample leaves out.
 */
static void write_probe_rows(struct document *d, const json_t *cell, const json_t *probe)
{
	const json_t *sample = member(probe, "sample");
	size_t shown = json_array_size(sample);
	bool failing = report_integer(probe, "fail") > 0;
	struct strbuf counts;
	strbuf_init(&counts);
	report_probe_counts(&counts, probe, d->templates);
	const char *title = report_string(probe, "title");
	const char *id = report_string(probe, "probe");
	const char *probe_text = *title ? keepf(d, "%s (%s)", title, id) : id;
	const char *counts_text = keep(d, strbuf_detach(&counts));
	for (size_t i = 0; i < (shown ? shown : 1); i++) {
		const json_t *item = json_array_get(sample, i);
		const char *result = report_string(item, "result");
		const struct document_cell row[] = {
			plain(i ? "" : report_string(cell, "control")),
			plain(i ? "" : probe_text),
			(struct document_cell){.text = i ? "" : counts_text,
					       .tag = !i && failing ? "probe-fail" : NULL,
					       .strong = !i && failing},
			plain(report_string(item, "subject")),
			(struct document_cell){
				.text = *result ? report_word(d->templates, "probe_result", result)
						: "",
				.tag = *result ? tag(d, "probe", result) : NULL,
				.strong = !strcmp(result, "fail")},
			plain(report_string(item, "detail")),
			plain(report_string(item, "location")),
		};
		d->ops->table_row(d->writer, row, COUNT(row), !strcmp(result, "fail"));
	}
	json_int_t unsampled = report_probe_unsampled(probe);
	if (unsampled) {
		const char *names[] = {"count"};
		const char *values[] = {keepf(d, "%lld", (long long)unsampled)};
		const struct document_cell row[] = {
			plain(""), plain(""),
			plain(""), plain(expand(d, "evidence.more", names, values, 1)),
			plain(""), plain(""),
			plain(""),
		};
		d->ops->table_row(d->writer, row, COUNT(row), false);
	}
}

/*
 * Per environment, each probe that bears on a control with its counts and
 * sampled failing subjects: as long for 40,000 pods as for 40.
 */
static void write_evidence(struct document *d)
{
	const struct document_column columns[] = {
		{text(d, "evidence.control"), false},  {text(d, "evidence.probe"), false},
		{text(d, "evidence.results"), false},  {text(d, "evidence.subject"), false},
		{text(d, "evidence.result"), false},   {text(d, "evidence.detail"), false},
		{text(d, "evidence.location"), false},
	};
	size_t total = 0;
	for (size_t e = 0; e < json_array_size(environments(d)); e++)
		total += probe_count(json_array_get(environments(d), e));
	d->ops->heading(d->writer, 2, text(d, "evidence.title"), "evidence");
	if (!total) {
		d->ops->paragraph(d->writer, text(d, "evidence.none"), false);
		return;
	}
	d->ops->paragraph(d->writer, text(d, "evidence.intro"), false);
	for (size_t e = 0; e < json_array_size(environments(d)); e++) {
		const json_t *environment = json_array_get(environments(d), e);
		if (!probe_count(environment))
			continue;
		const char *name = report_string(environment, "name");
		d->ops->heading(d->writer, 3, name, keepf(d, "evidence-%zu", e + 1));
		d->ops->table_begin(d->writer, name, columns, COUNT(columns));
		const json_t *cells = member(environment, "cells");
		for (size_t i = 0; i < json_array_size(cells); i++) {
			const json_t *cell = json_array_get(cells, i);
			const json_t *probes = member(cell, "probes");
			for (size_t p = 0; p < json_array_size(probes); p++)
				write_probe_rows(d, cell, json_array_get(probes, p));
			forget(d);
		}
		d->ops->table_end(d->writer);
	}
}

/* ------------------------------------------------------------------ exceptions */

static void write_exceptions(struct document *d)
{
	const json_t *exceptions = member(d->assessment, "exceptions");
	const struct document_column columns[] = {
		{text(d, "exceptions.environment"), false}, {text(d, "exceptions.control"), false},
		{text(d, "exceptions.owner"), false},	    {text(d, "exceptions.expires"), false},
		{text(d, "exceptions.state"), false},	    {text(d, "exceptions.reason"), false},
	};
	d->ops->heading(d->writer, 2, text(d, "exceptions.title"), "exceptions");
	if (!json_array_size(exceptions)) {
		d->ops->paragraph(d->writer, text(d, "exceptions.none"), false);
		return;
	}
	d->ops->paragraph(d->writer, text(d, "exceptions.intro"), false);
	d->ops->table_begin(d->writer, text(d, "exceptions.title"), columns, COUNT(columns));
	for (size_t i = 0; i < json_array_size(exceptions); i++) {
		const json_t *exception = json_array_get(exceptions, i);
		bool expired = json_is_true(member(exception, "expired"));
		const struct document_cell row[] = {
			plain(report_string(exception, "environment")),
			plain(report_string(exception, "control")),
			plain(report_string(exception, "owner")),
			plain(report_string(exception, "expires")),
			expired ? (struct document_cell){.text = text(d, "exceptions.expired"),
							 .tag = "expired",
							 .strong = true}
				: plain(text(d, "exceptions.active")),
			plain(report_string(exception, "reason")),
		};
		d->ops->table_row(d->writer, row, COUNT(row), expired);
	}
	d->ops->table_end(d->writer);
}

/* ------------------------------------------------------------------ methodology */

static void write_string_list(struct document *d, const json_t *array)
{
	size_t count = json_array_size(array);
	if (!count)
		return;
	const char **items = xcalloc(count, sizeof(*items));
	for (size_t i = 0; i < count; i++)
		items[i] = json_string_value(json_array_get(array, i));
	d->ops->list(d->writer, items, count, false);
	free(items);
}

/* A text with one item per line, as a list. */
static void write_lines(struct document *d, const char *lines)
{
	size_t count = 0, capacity = 0;
	const char **items = NULL;
	for (const char *line = lines; *line;) {
		size_t length = strcspn(line, "\n");
		items = xgrow(items, &capacity, count + 1, sizeof(*items));
		items[count++] = keep(d, xstrndup(line, length));
		line += length + (line[length] == '\n');
	}
	d->ops->list(d->writer, items, count, true);
	free(items);
}

static void write_models(struct document *d)
{
	const json_t *models = member(d->assessment, "models");
	const json_t *catalog = member(models, "catalog");
	const json_t *providers = member(models, "providers");
	const char *names[] = {"id", "version", "reviewed", "name"};
	const char *values[] = {report_string(catalog, "id"), report_string(catalog, "version"),
				report_string(catalog, "reviewed")};
	d->ops->heading(d->writer, 3, text(d, "methodology.catalog"), "catalog");
	d->ops->paragraph(d->writer, expand(d, "methodology.catalog_line", names, values, 3),
			  false);
	write_string_list(d, member(catalog, "sources"));
	d->ops->heading(d->writer, 3, text(d, "methodology.providers"), "providers");
	size_t count = json_array_size(providers);
	const char **lines = xcalloc(count + 1, sizeof(*lines));
	for (size_t i = 0; i < count; i++) {
		const json_t *provider = json_array_get(providers, i);
		const char *provider_values[] = {report_string(provider, "id"), "",
						 report_string(provider, "reviewed"),
						 report_string(provider, "name")};
		lines[i] = expand(d, "methodology.provider_line", names, provider_values, 4);
	}
	d->ops->list(d->writer, lines, count, false);
	free(lines);
	/* A model reviewed long before the assessment: say so where the models are named. */
	const char *stale_names[] = {"name", "id", "reviewed", "date"};
	for (size_t i = 0; i < count; i++) {
		const json_t *provider = json_array_get(providers, i);
		if (!report_provider_stale(models, provider))
			continue;
		const char *stale_values[] = {
			report_string(provider, "name"), report_string(provider, "id"),
			report_string(provider, "reviewed"),
			report_string(member(d->assessment, "assessment"), "date")};
		d->ops->paragraph(
			d->writer,
			expand(d, "methodology.provider_stale", stale_names, stale_values, 4),
			false);
	}
}

static void write_services(struct document *d)
{
	const json_t *services = member(member(d->assessment, "models"), "services");
	size_t count = json_object_size(services), i = 0;
	const char **lines = xcalloc(count + 1, sizeof(*lines));
	const char *key;
	const json_t *service;
	/* Keys are sorted in the saved document; iterate in that order. */
	json_object_foreach((json_t *)services, key, service) {
		const char *sources = joined(d, member(service, "sources"));
		struct strbuf note;
		strbuf_init(&note);
		report_service_availability(&note, d->templates, service);
		const char *name =
			note.len ? keepf(d, "%s — %s", report_string(service, "name"), note.buf)
				 : report_string(service, "name");
		strbuf_release(&note);
		lines[i++] = *sources ? keepf(d, "%s: %s (%s: %s)", key, name,
					      text(d, "methodology.sources"), sources)
				      : keepf(d, "%s: %s", key, name);
	}
	d->ops->heading(d->writer, 3, text(d, "methodology.services"), "services");
	d->ops->list(d->writer, lines, i, false);
	free(lines);
}

static void write_methodology(struct document *d)
{
	d->ops->heading(d->writer, 2, text(d, "methodology.title"), "methodology");
	d->ops->paragraph(d->writer, text(d, "methodology.intro"), false);
	write_models(d);
	write_services(d);
	d->ops->heading(d->writer, 3, text(d, "methodology.status_title"), "status-rules");
	d->ops->paragraph(d->writer, text(d, "methodology.status_intro"), false);
	write_lines(d, text(d, "methodology.status_rules"));
	d->ops->paragraph(d->writer, text(d, "methodology.status_exceptions"), false);
	d->ops->heading(d->writer, 3, text(d, "methodology.scoring_title"), "scoring");
	d->ops->paragraph(d->writer, text(d, "methodology.scoring"), false);
	d->ops->heading(d->writer, 3, text(d, "methodology.roadmap_title"), "roadmap-rules");
	d->ops->paragraph(d->writer, text(d, "methodology.roadmap_rules"), false);
}

/* ------------------------------------------------------------------ the whole */

int document_write(struct document_writer *writer, const json_t *assessment,
		   const struct report_templates *templates)
{
	struct document d = {.writer = writer,
			     .ops = writer->ops,
			     .assessment = assessment,
			     .templates = templates};
	const char *organization[] = {report_string(assessment, "organization")};
	const char *organization_name[] = {"organization"};
	const char *generator[] = {report_string(assessment, "generator")};
	const char *generator_name[] = {"generator"};
	int result = -1;
	if (read_logo(&d) < 0)
		goto out;
	writer->ops->begin(writer, expand(&d, "report.title", organization_name, organization, 1),
			   text(&d, "language"));
	write_cover(&d);
	write_summary(&d);
	if (writer->options && writer->options->progress)
		write_progress(&d, writer->options->progress);
	forget(&d);
	write_heatmap(&d);
	forget(&d);
	write_roadmap(&d);
	write_vulnerabilities(&d);
	forget(&d);
	write_matrix(&d);
	write_evidence(&d);
	forget(&d);
	write_exceptions(&d);
	write_methodology(&d);
	writer->ops->end(writer, expand(&d, "report.generated_by", generator_name, generator, 1));
	result = ferror(writer->out) ? -1 : 0;
out:
	free(d.logo.path);
	free(d.logo.data);
	forget(&d);
	free(d.scratch);
	return result;
}

#define LOGO_MAX_BYTES (8u * 1024 * 1024)

int document_read_logo(const struct document_writer *writer, const char *path, unsigned char **data,
		       size_t *size, const char **mime)
{
	const char *source = writer->options->source ? writer->options->source : path;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff};
	*data = NULL;
	FILE *file = fopen(path, "rb");
	if (!file)
		return diag_error(writer->diags, source, 0, 0, "report.logo",
				  "cannot use the logo '%s': %s", path, strerror(errno));
	unsigned char *buffer = xmalloc(LOGO_MAX_BYTES + 1);
	size_t length = fread(buffer, 1, LOGO_MAX_BYTES + 1, file);
	int failed = ferror(file);
	fclose(file);
	const char *problem = failed			? "read error"
			      : length > LOGO_MAX_BYTES ? "larger than 8 MB"
			      : length >= sizeof(png) && !memcmp(buffer, png, sizeof(png)) ? NULL
			      : length >= sizeof(jpeg) && !memcmp(buffer, jpeg, sizeof(jpeg))
				      ? NULL
				      : "neither a PNG nor a JPEG image";
	if (problem) {
		free(buffer);
		return diag_error(writer->diags, source, 0, 0, "report.logo",
				  "cannot use the logo '%s': %s", path, problem);
	}
	*mime = buffer[0] == 0x89 ? "image/png" : "image/jpeg";
	*data = buffer;
	*size = length;
	return 0;
}

void document_bar_widths(const struct document_segment *segments, size_t count, size_t width,
			 size_t *widths)
{
	unsigned long long total = 0, used = 0;
	for (size_t i = 0; i < count; i++)
		total += segments[i].value;
	for (size_t i = 0; i < count; i++) {
		widths[i] =
			total ? (size_t)((unsigned long long)segments[i].value * width / total) : 0;
		used += widths[i];
	}
	/* Hand the leftover columns to the largest remainders, earlier first on a tie. */
	while (total && used < width) {
		size_t best = 0;
		unsigned long long best_remainder = 0;
		for (size_t i = 0; i < count; i++) {
			unsigned long long have = widths[i] * total;
			unsigned long long want = (unsigned long long)segments[i].value * width;
			if (have < want && want - have > best_remainder) {
				best_remainder = want - have;
				best = i;
			}
		}
		widths[best]++;
		used++;
	}
}
