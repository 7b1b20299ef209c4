/*
 * The fix plan in four formats; see render/vulns.h. The JSON is written by
 * hand with fixed key order (the plan can be large and is written once), and
 * every format names actions with the same phrases, built in one place.
 * Nothing here ranks or counts: core/vulns did that.
 */
#include "render/vulns.h"

#include <string.h>

#include "core/scan_coverage.h"
#include "core/vulns.h"
#include "util/date.h"
#include "util/strbuf.h"

const char *const vulns_format_names[VULNS_FORMAT_COUNT] = {"csv", "json", "md", "table"};

/* Severities as people read them: most severe first. */
static const enum scan_severity display_order[SCAN_SEVERITY_COUNT] = {
	SCAN_SEVERITY_CRITICAL, SCAN_SEVERITY_HIGH,    SCAN_SEVERITY_MEDIUM,
	SCAN_SEVERITY_LOW,	SCAN_SEVERITY_UNKNOWN,
};

static const char *plural(size_t count, const char *one, const char *many)
{
	return count == 1 ? one : many;
}

/* "upgrade musl from 1.1.20-r4 to 1.1.20-r5 (alpine)": the one phrase every format uses. */
static void action_title(struct strbuf *sb, const struct vulns_action *action)
{
	switch (action->kind) {
	case VULNS_ACTION_UPGRADE:
		strbuf_addf(sb, "upgrade %s from %s to %s", action->package,
			    *action->from ? action->from : "(unknown version)", action->to);
		break;
	case VULNS_ACTION_REBUILD:
		strbuf_addf(sb, "rebuild %zu %s on a newer %s %s base image", action->image_count,
			    plural(action->image_count, "image", "images"), action->os_family,
			    action->os_version);
		break;
	case VULNS_ACTION_NO_FIX:
		strbuf_addf(sb, "no fix yet for %s %s", action->package,
			    *action->from ? action->from : "(unknown version)");
		break;
	}
	if (action->kind != VULNS_ACTION_REBUILD && action->type && *action->type)
		strbuf_addf(sb, " (%s)", action->type);
}

/* "2 critical, 1 medium" (or "nothing" when all are zero). */
static void severity_phrase(struct strbuf *sb, const size_t *by_severity)
{
	size_t start = sb->len;
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++) {
		size_t count = by_severity[display_order[i]];
		if (count)
			strbuf_addf(sb, "%s%zu %s", sb->len > start ? ", " : "", count,
				    scan_severity_names[display_order[i]]);
	}
	if (sb->len == start)
		strbuf_addstr(sb, "nothing");
}

/* "1 report, newest 2026-11-11 (7 days old)"; "none" for a stage without reports. */
static void stage_phrase(struct strbuf *sb, const struct scan_coverage *coverage, int stage)
{
	const struct scan_coverage_stage *entry = &coverage->stages[stage];
	char day[16];
	if (!entry->reports) {
		strbuf_addstr(sb, "none");
		return;
	}
	strbuf_addf(sb, "%zu %s", entry->reports, plural(entry->reports, "report", "reports"));
	if (!entry->dated) {
		strbuf_addstr(sb, ", undated");
		return;
	}
	date_format(entry->newest_day, day, sizeof(day));
	strbuf_addf(sb, ", newest %s (%ld %s old%s)", day, entry->age_days,
		    plural((size_t)entry->age_days, "day", "days"), entry->stale ? ": stale" : "");
}

/* ------------------------------------------------------------------ table */

static void table_stages(FILE *out, const struct vulns_plan *plan,
			 const struct scan_coverage *coverage)
{
	char today[16];
	date_format(coverage->today, today, sizeof(today));
	if (!scan_coverage_stage_count(coverage)) {
		fputs("\nScan stages: no report is in a build/, registry/ or runtime/ folder\n",
		      out);
		return;
	}
	fprintf(out, "\nScans by life-cycle stage (stale after %u days; today %s)\n",
		coverage->max_age_days, today);
	struct strbuf sb;
	strbuf_init(&sb);
	for (int s = 0; s < SCAN_STAGE_COUNT; s++) {
		strbuf_reset(&sb);
		stage_phrase(&sb, coverage, s);
		fprintf(out, "  %-10s %s\n", scan_stage_names[s], sb.buf);
	}
	if (coverage->unstaged_reports)
		fprintf(out, "  %zu %s in no build/, registry/ or runtime/ folder\n",
			coverage->unstaged_reports,
			plural(coverage->unstaged_reports, "report", "reports"));
	strbuf_release(&sb);
}

static void table_totals_row(FILE *out, const char *label, const struct vulns_totals *totals)
{
	fprintf(out, "  %-24s", label);
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
		fprintf(out, " %8zu", totals->by_severity[display_order[i]]);
	fprintf(out, " %8zu\n", totals->total);
}

static void render_table(FILE *out, const struct vulns_plan *plan,
			 const struct vulns_render_options *options)
{
	struct strbuf sb;
	strbuf_init(&sb);
	fprintf(out, "Vulnerability fix plan%s%s\n", options->environment ? ": " : "",
		options->environment ? options->environment : "");
	fprintf(out, "  reports   %zu (%zu Trivy, %zu Grype)", plan->reports,
		plan->reports_by_tool[SCAN_TOOL_TRIVY], plan->reports_by_tool[SCAN_TOOL_GRYPE]);
	if (options->unrecognized_count)
		fprintf(out, "; %zu other JSON %s ignored", options->unrecognized_count,
			plural(options->unrecognized_count, "file", "files"));
	if (options->failed_count)
		fprintf(out, "; %zu with errors", options->failed_count);
	fprintf(out, "\n  images    %zu\n", plan->image_count);
	fprintf(out, "  findings  %zu distinct, %zu across images; %zu with a fix\n",
		plan->finding_count, plan->occurrences,
		plan->finding_count - plan->after_all.total);
	if (plan->has_workloads)
		fprintf(out, "  workloads from the evidence: ranks weigh running and "
			     "internet-facing ones\n");

	size_t shown = plan->top < plan->action_count ? plan->top : plan->action_count;
	if (plan->action_count)
		fprintf(out, "\nFix first (%zu of %zu %s)\n", shown, plan->action_count,
			plural(plan->action_count, "action", "actions"));
	for (size_t a = 0; a < shown; a++) {
		const struct vulns_action *action = &plan->actions[a];
		strbuf_reset(&sb);
		action_title(&sb, action);
		fprintf(out, "  %3zu  %s\n", action->rank, sb.buf);
		strbuf_reset(&sb);
		severity_phrase(&sb, action->by_severity);
		fprintf(out, "       %s %s in %zu %s",
			action->kind == VULNS_ACTION_NO_FIX ? "leaves" : "fixes", sb.buf,
			action->image_count, plural(action->image_count, "image", "images"));
		if (plan->has_workloads)
			fprintf(out, ", %lu %s (%lu internet-facing)", action->workloads,
				plural(action->workloads, "workload", "workloads"),
				action->internet_facing);
		fprintf(out, "; score %llu\n", action->score);
	}
	if (shown < plan->action_count)
		fprintf(out,
			"  ... %zu more: --top %zu shows them, --format json lists every finding\n",
			plan->action_count - shown, plan->action_count);

	char label[64];
	fprintf(out, "\nFindings by severity     ");
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
		fprintf(out, " %8s", scan_severity_names[display_order[i]]);
	fprintf(out, " %8s\n", "total");
	table_totals_row(out, "now", &plan->now);
	snprintf(label, sizeof(label), "after the top %zu %s", shown,
		 plural(shown, "action", "actions"));
	table_totals_row(out, label, &plan->after_top);
	table_totals_row(out, "with no fix available", &plan->after_all);
	if (options->coverage)
		table_stages(out, plan, options->coverage);

	if (plan->secrets || plan->misconfigurations)
		fprintf(out,
			"\nNot ranked: %zu failed misconfiguration %s and %zu %s in the Trivy "
			"reports\n",
			plan->misconfigurations, plural(plan->misconfigurations, "check", "checks"),
			plan->secrets, plural(plan->secrets, "secret", "secrets"));
	if (plan->unscanned_workload_count) {
		fprintf(out, "\nRunning images no report covers (%zu)\n",
			plan->unscanned_workload_count);
		for (size_t i = 0; i < plan->unscanned_workload_count; i++)
			fprintf(out, "  %s\n", plan->unscanned_workloads[i]);
	}
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ JSON */

static void json_string(FILE *out, const char *text)
{
	if (!text) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c < 0x20)
			fprintf(out, "\\u%04x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void json_string_list(FILE *out, const char *const *items, size_t count)
{
	fputc('[', out);
	for (size_t i = 0; i < count; i++) {
		fputs(i ? ", " : "", out);
		json_string(out, items[i]);
	}
	fputc(']', out);
}

static void json_severities(FILE *out, const size_t *by_severity, const size_t *total)
{
	fputc('{', out);
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
		fprintf(out, "%s\"%s\": %zu", i ? ", " : "", scan_severity_names[display_order[i]],
			by_severity[display_order[i]]);
	if (total)
		fprintf(out, ", \"total\": %zu", *total);
	fputc('}', out);
}

static void json_stages(FILE *out, const struct scan_coverage *coverage)
{
	char day[16];
	date_format(coverage->today, day, sizeof(day));
	fprintf(out, "  \"stages\": {\"today\": \"%s\", \"max_age_days\": %u, \"unstaged\": %zu",
		day, coverage->max_age_days, coverage->unstaged_reports);
	for (int s = 0; s < SCAN_STAGE_COUNT; s++) {
		const struct scan_coverage_stage *entry = &coverage->stages[s];
		fprintf(out, ",\n    \"%s\": {\"reports\": %zu, ", scan_stage_names[s],
			entry->reports);
		if (entry->dated) {
			date_format(entry->newest_day, day, sizeof(day));
			fprintf(out, "\"newest\": \"%s\", \"age_days\": %ld, \"stale\": %s}", day,
				entry->age_days, entry->stale ? "true" : "false");
		} else {
			fputs("\"newest\": null, \"age_days\": null, \"stale\": null}", out);
		}
	}
	fputs("},\n", out);
}

static void json_action(FILE *out, const struct vulns_plan *plan, const struct vulns_action *action)
{
	struct strbuf sb;
	strbuf_init(&sb);
	action_title(&sb, action);
	fprintf(out, "    {\n      \"rank\": %zu,\n      \"kind\": \"%s\",\n      \"title\": ",
		action->rank, vulns_action_kind_names[action->kind]);
	json_string(out, sb.buf);
	fputs(",\n      \"package\": ", out);
	json_string(out, action->package);
	fputs(",\n      \"type\": ", out);
	json_string(out, action->kind == VULNS_ACTION_REBUILD ? NULL : action->type);
	fputs(",\n      \"from\": ", out);
	json_string(out, action->from);
	fputs(",\n      \"to\": ", out);
	json_string(out, action->to);
	fputs(",\n      \"base\": ", out);
	if (action->kind == VULNS_ACTION_REBUILD) {
		fputs("{\"os\": ", out);
		json_string(out, action->os_family);
		fputs(", \"version\": ", out);
		json_string(out, action->os_version);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(",\n      \"severity\": ", out);
	json_severities(out, action->by_severity, &action->finding_count);
	fprintf(out, ",\n      \"highest\": \"%s\",\n      \"score\": %llu,\n",
		scan_severity_names[action->highest], action->score);
	fprintf(out, "      \"workloads\": %lu,\n      \"internet_facing\": %lu,\n",
		action->workloads, action->internet_facing);
	fputs("      \"images\": [", out);
	for (size_t i = 0; i < action->image_count; i++) {
		fputs(i ? ", " : "", out);
		json_string(out, plan->images[action->images[i]].name);
	}
	fputs("],\n      \"findings\": [\n", out);
	for (size_t i = 0; i < action->finding_count; i++) {
		const struct vulns_finding *finding = &plan->findings[action->findings[i]];
		fputs("        {\"id\": ", out);
		json_string(out, finding->id);
		fputs(", \"package\": ", out);
		json_string(out, finding->package);
		fputs(", \"installed\": ", out);
		json_string(out, finding->installed);
		fputs(", \"fixed\": ", out);
		json_string(out, finding->fixed);
		fprintf(out, ", \"severity\": \"%s\", \"images\": %zu, \"workloads\": %lu}%s\n",
			scan_severity_names[finding->severity], finding->images, finding->workloads,
			i + 1 < action->finding_count ? "," : "");
	}
	fputs("      ]\n    }", out);
	strbuf_release(&sb);
}

static void render_json(FILE *out, const struct vulns_plan *plan,
			const struct vulns_render_options *options)
{
	fputs("{\n  \"srgap\": \"vulns/1\",\n  \"environment\": ", out);
	json_string(out, options->environment);
	fprintf(out,
		",\n  \"reports\": {\"read\": %zu, \"trivy\": %zu, \"grype\": %zu, "
		"\"unrecognized\": ",
		plan->reports, plan->reports_by_tool[SCAN_TOOL_TRIVY],
		plan->reports_by_tool[SCAN_TOOL_GRYPE]);
	json_string_list(out, options->unrecognized, options->unrecognized_count);
	fputs(", \"failed\": ", out);
	json_string_list(out, options->failed, options->failed_count);
	fprintf(out,
		"},\n  \"findings\": %zu,\n  \"occurrences\": %zu,\n  \"secrets\": %zu,\n"
		"  \"misconfigurations\": %zu,\n  \"workload_evidence\": %s,\n  \"top\": %zu,\n",
		plan->finding_count, plan->occurrences, plan->secrets, plan->misconfigurations,
		plan->has_workloads ? "true" : "false", plan->top);
	if (options->coverage)
		json_stages(out, options->coverage);
	fputs("  \"totals\": {\n    \"now\": ", out);
	json_severities(out, plan->now.by_severity, &plan->now.total);
	fputs(",\n    \"after_top\": ", out);
	json_severities(out, plan->after_top.by_severity, &plan->after_top.total);
	fputs(",\n    \"no_fix\": ", out);
	json_severities(out, plan->after_all.by_severity, &plan->after_all.total);
	fputs("\n  },\n  \"images\": [\n", out);
	for (size_t i = 0; i < plan->image_count; i++) {
		const struct vulns_image *image = &plan->images[i];
		fputs("    {\"name\": ", out);
		json_string(out, image->name);
		fputs(", \"id\": ", out);
		json_string(out, image->key);
		fputs(", \"os\": ", out);
		json_string(out, image->os_family);
		fputs(", \"os_version\": ", out);
		json_string(out, image->os_family ? image->os_version : NULL);
		fprintf(out,
			", \"reports\": %zu, \"weight\": %u, \"workloads\": %lu, "
			"\"internet_facing\": %lu}%s\n",
			image->reports, image->environment_weight, image->workloads,
			image->internet_facing, i + 1 < plan->image_count ? "," : "");
	}
	fputs("  ],\n  \"unscanned_workloads\": ", out);
	json_string_list(out, plan->unscanned_workloads, plan->unscanned_workload_count);
	fputs(",\n  \"actions\": [\n", out);
	for (size_t a = 0; a < plan->action_count; a++) {
		json_action(out, plan, &plan->actions[a]);
		fputs(a + 1 < plan->action_count ? ",\n" : "\n", out);
	}
	fputs("  ]\n}\n", out);
}

/* ------------------------------------------------------------------ CSV */

static void csv_field(FILE *out, const char *text, bool last)
{
	text = text ? text : "";
	if (strpbrk(text, ",\"\r\n")) {
		fputc('"', out);
		for (const char *c = text; *c; c++) {
			if (*c == '"')
				fputc('"', out);
			fputc(*c, out);
		}
		fputc('"', out);
	} else {
		fputs(text, out);
	}
	fputc(last ? '\n' : ',', out);
}

static void render_csv(FILE *out, const struct vulns_plan *plan)
{
	struct strbuf sb;
	strbuf_init(&sb);
	fputs("rank,kind,action,package,type,from,to,base,critical,high,medium,low,unknown,"
	      "findings,images,workloads,internet_facing,score\n",
	      out);
	for (size_t a = 0; a < plan->action_count; a++) {
		const struct vulns_action *action = &plan->actions[a];
		fprintf(out, "%zu,%s,", action->rank, vulns_action_kind_names[action->kind]);
		strbuf_reset(&sb);
		action_title(&sb, action);
		csv_field(out, sb.buf, false);
		csv_field(out, action->package, false);
		csv_field(out, action->kind == VULNS_ACTION_REBUILD ? NULL : action->type, false);
		csv_field(out, action->from, false);
		csv_field(out, action->to, false);
		strbuf_reset(&sb);
		if (action->kind == VULNS_ACTION_REBUILD)
			strbuf_addf(&sb, "%s %s", action->os_family, action->os_version);
		csv_field(out, sb.buf, false);
		for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
			fprintf(out, "%zu,", action->by_severity[display_order[i]]);
		fprintf(out, "%zu,%zu,%lu,%lu,%llu\n", action->finding_count, action->image_count,
			action->workloads, action->internet_facing, action->score);
	}
	strbuf_release(&sb);
}

/* ------------------------------------------------------------------ Markdown */

/* Table cells: a '|' would end the cell, a backslash or '`' would escape or quote. */
static void md_cell(FILE *out, const char *text)
{
	for (const char *c = text; *c; c++) {
		if (*c == '|' || *c == '\\' || *c == '`' || *c == '*' || *c == '<')
			fputc('\\', out);
		fputc(*c, out);
	}
}

static void md_totals_row(FILE *out, const char *label, const struct vulns_totals *totals)
{
	fprintf(out, "| %s |", label);
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
		fprintf(out, " %zu |", totals->by_severity[display_order[i]]);
	fprintf(out, " %zu |\n", totals->total);
}

static void render_md(FILE *out, const struct vulns_plan *plan,
		      const struct vulns_render_options *options)
{
	struct strbuf sb;
	strbuf_init(&sb);
	fputs("# Vulnerability fix plan", out);
	if (options->environment) {
		fputs(": ", out);
		md_cell(out, options->environment);
	}
	fprintf(out,
		"\n\n%zu %s (%zu Trivy, %zu Grype), %zu %s, %zu distinct %s (%zu across "
		"images), %zu with a fix.\n",
		plan->reports, plural(plan->reports, "report", "reports"),
		plan->reports_by_tool[SCAN_TOOL_TRIVY], plan->reports_by_tool[SCAN_TOOL_GRYPE],
		plan->image_count, plural(plan->image_count, "image", "images"),
		plan->finding_count, plural(plan->finding_count, "finding", "findings"),
		plan->occurrences, plan->finding_count - plan->after_all.total);
	size_t shown = plan->top < plan->action_count ? plan->top : plan->action_count;
	if (shown) {
		fprintf(out, "\n## Fix first\n\n| # | action |");
		for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
			fprintf(out, " %s |", scan_severity_names[display_order[i]]);
		fputs(" images |", out);
		if (plan->has_workloads)
			fputs(" workloads | internet-facing |", out);
		fputs(" score |\n|--:|:--|", out);
		for (size_t i = 0; i < SCAN_SEVERITY_COUNT + 2u + (plan->has_workloads ? 2u : 0u);
		     i++)
			fputs("--:|", out);
		fputc('\n', out);
	}
	for (size_t a = 0; a < shown; a++) {
		const struct vulns_action *action = &plan->actions[a];
		strbuf_reset(&sb);
		action_title(&sb, action);
		fprintf(out, "| %zu | ", action->rank);
		md_cell(out, sb.buf);
		fputs(" |", out);
		for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
			fprintf(out, " %zu |", action->by_severity[display_order[i]]);
		fprintf(out, " %zu |", action->image_count);
		if (plan->has_workloads)
			fprintf(out, " %lu | %lu |", action->workloads, action->internet_facing);
		fprintf(out, " %llu |\n", action->score);
	}
	if (shown < plan->action_count)
		fprintf(out, "\n%zu more %s not shown.\n", plan->action_count - shown,
			plural(plan->action_count - shown, "action", "actions"));
	fputs("\n## Findings by severity\n\n| |", out);
	for (size_t i = 0; i < SCAN_SEVERITY_COUNT; i++)
		fprintf(out, " %s |", scan_severity_names[display_order[i]]);
	fputs(" total |\n|:--|--:|--:|--:|--:|--:|--:|\n", out);
	md_totals_row(out, "now", &plan->now);
	char label[64];
	snprintf(label, sizeof(label), "after the top %zu %s", shown,
		 plural(shown, "action", "actions"));
	md_totals_row(out, label, &plan->after_top);
	md_totals_row(out, "with no fix available", &plan->after_all);
	const struct scan_coverage *coverage = options->coverage;
	if (coverage && scan_coverage_stage_count(coverage)) {
		fprintf(out,
			"\n## Scans by life-cycle stage\n\nA stage's newest scan is stale after %u "
			"days.\n\n| stage | reports | newest scan | age (days) | stale |\n"
			"|:--|--:|:--|--:|:--|\n",
			coverage->max_age_days);
		for (int s = 0; s < SCAN_STAGE_COUNT; s++) {
			const struct scan_coverage_stage *entry = &coverage->stages[s];
			char day[16] = "";
			if (entry->dated)
				date_format(entry->newest_day, day, sizeof(day));
			fprintf(out, "| %s | %zu | %s | ", scan_stage_names[s], entry->reports,
				entry->dated ? day : "-");
			if (entry->dated)
				fprintf(out, "%ld | %s |\n", entry->age_days,
					entry->stale ? "yes" : "no");
			else
				fputs("- | - |\n", out);
		}
		if (coverage->unstaged_reports)
			fprintf(out, "\n%zu %s in no build/, registry/ or runtime/ folder.\n",
				coverage->unstaged_reports,
				plural(coverage->unstaged_reports, "report is", "reports are"));
	} else if (coverage) {
		fprintf(out,
			"\nNone of the reports is in a build/, registry/ or runtime/ folder, so no "
			"life-cycle stage shows scan evidence.\n");
	}
	strbuf_release(&sb);
}

int vulns_render(FILE *out, enum vulns_format format, const struct vulns_plan *plan,
		 const struct vulns_render_options *options)
{
	switch (format) {
	case VULNS_FORMAT_CSV:
		render_csv(out, plan);
		break;
	case VULNS_FORMAT_JSON:
		render_json(out, plan, options);
		break;
	case VULNS_FORMAT_MD:
		render_md(out, plan, options);
		break;
	case VULNS_FORMAT_TABLE:
		render_table(out, plan, options);
		break;
	}
	return ferror(out) ? -1 : 0;
}
