/*
 * JSON output ("srgap": "assessment/1", schema in docs/json-schema.md).
 * The document is streamed: the header, then each environment as it is
 * assessed, then the summary, so memory stays flat however large the estate.
 * Key order is fixed by construction, so output is byte-identical run to run.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/inventory.h"
#include "core/models.h"
#include "render/render.h"

struct json_state {
	size_t environments_written;
};

struct indent_writer {
	FILE *out;
	int indent;
	int failed;
};

/* Re-indents jansson's output so nested objects line up inside the stream. */
static int write_indented(const char *buffer, size_t size, void *data)
{
	struct indent_writer *writer = data;
	size_t start = 0;
	for (size_t i = 0; i < size; i++) {
		if (buffer[i] != '\n')
			continue;
		if (fwrite(buffer + start, 1, i + 1 - start, writer->out) != i + 1 - start ||
		    fprintf(writer->out, "%*s", writer->indent, "") < 0)
			writer->failed = 1;
		start = i + 1;
	}
	if (start < size && fwrite(buffer + start, 1, size - start, writer->out) != size - start)
		writer->failed = 1;
	return writer->failed ? -1 : 0;
}

/* Dumps and releases `value`. */
static int dump(FILE *out, json_t *value, int indent)
{
	struct indent_writer writer = {.out = out, .indent = indent};
	int result = json_dump_callback(value, write_indented, &writer,
					JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
						JSON_REAL_PRECISION(4));
	json_decref(value);
	return result || writer.failed ? -1 : 0;
}

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

static json_t *summary_json(const struct summary *summary)
{
	json_t *object = json_object();
	json_object_set_new(object, "cells", json_integer((json_int_t)summary->cells));
	json_object_set_new(object, "customer_share",
			    json_integer((json_int_t)summary_customer_share(summary)));
	/* Tenths of a percent printed with 4 significant digits: exact and byte-stable. */
	json_object_set_new(object, "coverage_percent",
			    json_real(summary_coverage_permille(summary) / 10.0));
	json_object_set_new(object, "risk", json_integer((json_int_t)summary->risk));
	json_t *status = json_object();
	for (size_t s = 0; s < STATUS_COUNT; s++)
		json_object_set_new(status, status_names[s],
				    json_integer((json_int_t)summary->status[s]));
	json_object_set_new(object, "status", status);
	json_t *responsibility = json_object();
	for (size_t r = 0; r < RESPONSIBILITY_COUNT; r++)
		json_object_set_new(responsibility, responsibility_names[r],
				    json_integer((json_int_t)summary->responsibility[r]));
	json_object_set_new(object, "responsibility", responsibility);
	json_t *open = json_object();
	for (size_t s = SEVERITY_COUNT; s-- > 0;)
		json_object_set_new(open, severity_names[s],
				    json_integer((json_int_t)summary->open_by_severity[s]));
	json_object_set_new(object, "open_by_severity", open);
	json_t *areas = json_object();
	for (size_t a = 0; a < AREA_COUNT; a++) {
		json_t *area = json_object();
		for (size_t s = 0; s < STATUS_COUNT; s++)
			json_object_set_new(area, status_names[s],
					    json_integer((json_int_t)summary->area_status[a][s]));
		json_object_set_new(areas, area_names[a], area);
	}
	json_object_set_new(object, "areas", areas);
	json_object_set_new(object, "expired_exceptions",
			    json_integer((json_int_t)summary->expired_exceptions));
	return object;
}

static json_t *claim_json(const struct claim *claim)
{
	if (!claim)
		return json_null();
	json_t *object = json_object();
	json_object_set_new(object, "status", json_string(claim_status_names[claim->status]));
	json_object_set_new(object, "key", json_string(claim->key));
	json_object_set_new(object, "by", string_or_null(claim->by));
	json_object_set_new(object, "capability",
			    string_or_null(claim->capability ? claim->capability->id : NULL));
	json_object_set_new(object, "reason", string_or_null(claim->reason));
	json_object_set_new(object, "due", string_or_null(claim->due));
	json_object_set_new(object, "note", string_or_null(claim->note));
	return object;
}

static json_t *exception_json(const struct cell *cell)
{
	if (!cell->exception)
		return json_null();
	json_t *object = json_object();
	json_object_set_new(object, "control", json_string(cell->exception->control));
	json_object_set_new(object, "reason", json_string(cell->exception->reason));
	json_object_set_new(object, "owner", json_string(cell->exception->owner));
	json_object_set_new(object, "expires", json_string(cell->exception->expires));
	json_object_set_new(object, "expired", json_boolean(cell->exception_expired));
	return object;
}

static json_t *cell_json(const struct cell *cell)
{
	const struct catalog_control *control = cell->control;
	char path[128];
	json_t *object = json_object();
	json_object_set_new(object, "control", json_string(control->id));
	json_object_set_new(object, "group", json_string(control->group->id));
	json_object_set_new(object, "area", json_string(area_names[control->area]));
	json_object_set_new(object, "phase", json_string(phase_names[control->phase]));
	json_object_set_new(object, "title", json_string(control->title));
	json_object_set_new(object, "model",
			    json_string(render_service_path(cell->service, path, sizeof(path))));
	json_object_set_new(object, "responsibility",
			    json_string(responsibility_names[cell->entry->responsibility]));
	json_object_set_new(object, "why", json_string(cell->entry->why));
	json_object_set_new(object, "status", json_string(status_names[cell->status]));
	json_object_set_new(object, "severity", json_string(severity_names[control->severity]));
	json_object_set_new(object, "risk", json_integer(cell->risk));
	json_object_set_new(object, "claim", claim_json(cell->claim));
	json_object_set_new(object, "probes", json_array());
	json_object_set_new(object, "exception", exception_json(cell));
	json_t *capabilities = json_array();
	for (size_t i = 0; i < cell->entry->capability_count; i++) {
		const struct capability *capability = cell->entry->capabilities[i];
		json_t *item = json_object();
		json_object_set_new(item, "id", json_string(capability->id));
		json_object_set_new(item, "name", json_string(capability->name));
		json_object_set_new(
			item, "default",
			json_string(capability_default_names
					    [cell->service->capability_defaults[capability->index]]));
		json_object_set_new(item, "cost", json_string(cost_names[capability->cost]));
		json_array_append_new(capabilities, item);
	}
	json_object_set_new(object, "capabilities", capabilities);
	return object;
}

static int json_begin(struct render_context *context)
{
	const struct inventory *inventory = context->inventory;
	const struct models *models = context->models;
	context->state = calloc(1, sizeof(struct json_state));
	if (!context->state)
		return -1;
	json_t *assessment = json_object();
	json_object_set_new(assessment, "title", json_string(inventory->title));
	json_object_set_new(assessment, "date", json_string(inventory->date));
	json_object_set_new(assessment, "assessor", string_or_null(inventory->assessor));
	json_t *model_info = json_object();
	json_t *catalog = json_object();
	json_object_set_new(catalog, "id", json_string(models->catalog.id));
	json_object_set_new(catalog, "version", json_string(models->catalog.version));
	json_object_set_new(catalog, "reviewed", json_string(models->catalog.reviewed));
	json_object_set_new(model_info, "catalog", catalog);
	json_t *providers = json_array();
	for (size_t i = 0; i < models->provider_count; i++) {
		json_t *provider = json_object();
		json_object_set_new(provider, "id", json_string(models->providers[i].id));
		json_object_set_new(provider, "reviewed",
				    json_string(models->providers[i].reviewed));
		json_array_append_new(providers, provider);
	}
	json_object_set_new(model_info, "providers", providers);

	FILE *out = context->out;
	if (fputs("{\n  \"srgap\": \"assessment/1\",\n  \"generator\": \"srgap " SRGAP_VERSION
		  "\",\n  \"organization\": ",
		  out) < 0 ||
	    dump(out, json_string(inventory->organization), 2) < 0 ||
	    fputs(",\n  \"assessment\": ", out) < 0 || dump(out, assessment, 2) < 0 ||
	    fputs(",\n  \"models\": ", out) < 0 || dump(out, model_info, 2) < 0 ||
	    fputs(",\n  \"environments\": [", out) < 0)
		return -1;
	return 0;
}

static int json_environment(struct render_context *context, const struct environment *environment,
			    const struct cell *cells, const struct summary *summary)
{
	struct json_state *state = context->state;
	char path[128];
	json_t *object = json_object();
	json_object_set_new(object, "name", json_string(environment->name));
	json_object_set_new(object, "description", string_or_null(environment->description));
	json_object_set_new(object, "provider", json_string(environment->provider->id));
	json_object_set_new(object, "service", json_string(environment->service->id));
	json_object_set_new(object, "registry", json_string(render_service_path(
							environment->registry, path, sizeof(path))));
	json_object_set_new(object, "criticality",
			    json_string(criticality_names[environment->criticality]));
	json_object_set_new(object, "internet_facing", json_boolean(environment->internet_facing));
	json_object_set_new(object, "owner", string_or_null(environment->owner));
	json_object_set_new(object, "summary", summary_json(summary));
	json_t *array = json_array();
	for (size_t i = 0; i < context->models->catalog.control_count; i++)
		json_array_append_new(array, cell_json(&cells[i]));
	json_object_set_new(object, "cells", array);
	if (fputs(state->environments_written++ ? ",\n    " : "\n    ", context->out) < 0)
		return -1;
	return dump(context->out, object, 4);
}

static int json_end(struct render_context *context, const struct summary *total)
{
	const struct inventory *inventory = context->inventory;
	struct json_state *state = context->state;
	json_t *exceptions = json_array();
	for (size_t i = 0; i < inventory->exception_count; i++) {
		const struct exception *exception = &inventory->exceptions[i];
		json_t *item = json_object();
		json_object_set_new(item, "environment", json_string(exception->environment));
		json_object_set_new(item, "control", json_string(exception->control));
		json_object_set_new(item, "reason", json_string(exception->reason));
		json_object_set_new(item, "owner", json_string(exception->owner));
		json_object_set_new(item, "expires", json_string(exception->expires));
		json_object_set_new(item, "expired",
				    json_boolean(exception->expires_day < inventory->date_day));
		json_array_append_new(exceptions, item);
	}
	if (fputs(state->environments_written ? "\n  ],\n  \"exceptions\": " : "],\n  \"exceptions\": ",
		  context->out) < 0 ||
	    dump(context->out, exceptions, 2) < 0 ||
	    fputs(",\n  \"summary\": ", context->out) < 0 ||
	    dump(context->out, summary_json(total), 2) < 0 || fputs("\n}\n", context->out) < 0)
		return -1;
	return 0;
}

static void json_cleanup(struct render_context *context)
{
	free(context->state);
	context->state = NULL;
}

const struct renderer render_json = {
	.name = "json",
	.description = "machine-readable assessment (schema: docs/json-schema.md)",
	.begin = json_begin,
	.environment = json_environment,
	.end = json_end,
	.cleanup = json_cleanup,
};
