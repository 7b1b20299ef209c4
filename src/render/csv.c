/*
 * CSV output: one row per cell, RFC 4180 (CRLF line ends, fields quoted when
 * they hold a comma, quote or line break). Fields that a spreadsheet would
 * run as a formula (leading = + - @ or a control character) get a leading
 * apostrophe, because environment names and claims come from user files.
 */
#include <stdio.h>
#include <string.h>

#include "core/inventory.h"
#include "core/models.h"
#include "render/render.h"

static const char *const columns[] = {
	"environment",
	"provider",
	"service",
	"registry",
	"criticality",
	"internet_facing",
	"control",
	"group",
	"area",
	"phase",
	"title",
	"model",
	"responsibility",
	"status",
	"severity",
	"risk",
	"claim_status",
	"claim_by",
	"exception_owner",
	"exception_expires",
	"exception_expired",
	"probes_passed",
	"probes_failed",
	"capabilities",
};

void render_csv_field(FILE *out, const char *text, bool last)
{
	if (!text)
		text = "";
	int needs_quotes = strpbrk(text, ",\"\r\n") != NULL;
	int formula = strchr("=+-@\t\r", text[0]) && text[0];
	if (needs_quotes || formula)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			fputc('"', out);
		fputc(*c, out);
	}
	if (needs_quotes || formula)
		fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

static int csv_begin(struct render_context *context)
{
	size_t count = sizeof(columns) / sizeof(columns[0]);
	for (size_t i = 0; i < count; i++)
		render_csv_field(context->out, columns[i], i + 1 == count);
	return ferror(context->out) ? -1 : 0;
}

static int csv_environment(struct render_context *context, const struct environment *environment,
			   const struct cell *cells, const struct summary *summary)
{
	FILE *out = context->out;
	char registry[128], model[128], number[32], passed[16], failed[16];
	char capabilities[1024];
	render_service_path(environment->registry, registry, sizeof(registry));
	for (size_t i = 0; i < context->models->catalog.control_count; i++) {
		const struct cell *cell = &cells[i];
		const struct catalog_control *control = cell->control;
		snprintf(number, sizeof(number), "%u", cell->risk);
		snprintf(passed, sizeof(passed), "%u", cell->probes->tally.pass);
		snprintf(failed, sizeof(failed), "%u", cell->probes->tally.fail);
		size_t used = 0;
		capabilities[0] = '\0';
		for (size_t c = 0; c < cell->entry->capability_count; c++) {
			int n = snprintf(capabilities + used, sizeof(capabilities) - used, "%s%s",
					 c ? " " : "", cell->entry->capabilities[c]->id);
			if (n < 0 || (size_t)n >= sizeof(capabilities) - used)
				break;
			used += (size_t)n;
		}
		render_csv_field(out, environment->name, 0);
		render_csv_field(out, environment->provider->id, 0);
		render_csv_field(out, environment->service->id, 0);
		render_csv_field(out, registry, 0);
		render_csv_field(out, criticality_names[environment->criticality], 0);
		render_csv_field(out, environment->internet_facing ? "true" : "false", 0);
		render_csv_field(out, control->id, 0);
		render_csv_field(out, control->group->id, 0);
		render_csv_field(out, area_names[control->area], 0);
		render_csv_field(out, phase_names[control->phase], 0);
		render_csv_field(out, control->title, 0);
		render_csv_field(out, render_service_path(cell->service, model, sizeof(model)), 0);
		render_csv_field(out, responsibility_names[cell->entry->responsibility], 0);
		render_csv_field(out, status_names[cell->status], 0);
		render_csv_field(out, severity_names[control->severity], 0);
		render_csv_field(out, number, 0);
		render_csv_field(out, cell->claim ? claim_status_names[cell->claim->status] : NULL,
				 0);
		render_csv_field(out, cell->claim ? cell->claim->by : NULL, 0);
		render_csv_field(out, cell->exception ? cell->exception->owner : NULL, 0);
		render_csv_field(out, cell->exception ? cell->exception->expires : NULL, 0);
		render_csv_field(
			out, cell->exception ? (cell->exception_expired ? "true" : "false") : NULL,
			0);
		render_csv_field(out, passed, 0);
		render_csv_field(out, failed, 0);
		render_csv_field(out, capabilities, 1);
	}
	return ferror(out) ? -1 : 0;
}

static int csv_end(struct render_context *context, const struct summary *total)
{
	return ferror(context->out) ? -1 : 0;
}

const struct renderer render_csv = {
	.name = "csv",
	.description = "one row per environment and control, RFC 4180",
	.begin = csv_begin,
	.environment = csv_environment,
	.end = csv_end,
	.cleanup = NULL,
};
