/*
 * JSON output ("srgap": "assessment/2", schema in docs/json-schema.md).
 *
 * The document is streamed: the header, then each environment as it is
 * assessed, then the summary, so memory stays flat however large the estate.
 * Each cell is one line; what every cell of a service model would repeat
 * (the model's reason for the responsibility, capability details) is written
 * once under "models"."services" and cells refer to it by control id and
 * capability id. Key order is fixed by construction, so output is
 * byte-identical run to run.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/exceptions.h"
#include "core/inventory.h"
#include "core/models.h"
#include "core/roadmap.h"
#include "render/json.h"
#include "render/render.h"
#include "render/vulns.h"
#include "util/strbuf.h"
#include "util/version.h"
#include "util/xalloc.h"

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(4))

struct json_state {
	size_t environments_written;
	struct strbuf buffer;		   /* one environment, written with a single fwrite */
	struct exception_check exceptions; /* for the exception list's "state" */
};

struct indent_sink {
	struct strbuf *buffer;
	int indent;
};

/* Appends jansson's output, re-indented so nested objects line up in the stream. */
static int append_indented(const char *data, size_t size, void *context)
{
	struct indent_sink *sink = context;
	size_t start = 0;
	for (size_t i = 0; i < size; i++) {
		if (data[i] != '\n')
			continue;
		strbuf_add(sink->buffer, data + start, i + 1 - start);
		strbuf_addchars(sink->buffer, ' ', (size_t)sink->indent);
		start = i + 1;
	}
	strbuf_add(sink->buffer, data + start, size - start);
	return 0;
}

/* Appends `value` (pretty when indent >= 0, one line when -1) and releases it. */
static void append_json(struct strbuf *buffer, json_t *value, int indent)
{
	struct indent_sink sink = {.buffer = buffer, .indent = indent < 0 ? 0 : indent};
	json_dump_callback(value, append_indented, &sink,
			   DUMP_FLAGS | (indent >= 0 ? JSON_INDENT(2) : 0));
	json_decref(value);
}

/* Appends `"key": value` on its own line at `indent`, preceded by a comma unless first. */
static void append_member(struct strbuf *buffer, int indent, int first, const char *key,
			  json_t *value, int value_indent)
{
	strbuf_addstr(buffer, first ? "\n" : ",\n");
	strbuf_addchars(buffer, ' ', (size_t)indent);
	append_json(buffer, json_string(key), -1);
	strbuf_addstr(buffer, ": ");
	append_json(buffer, value, value_indent);
}

static int flush(struct render_context *context, struct strbuf *buffer)
{
	size_t written = fwrite(buffer->buf, 1, buffer->len, context->out);
	int failed = written != buffer->len;
	strbuf_reset(buffer);
	return failed ? -1 : 0;
}

static json_t *string_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

json_t *render_json_summary(const struct summary *summary)
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

/*
 * The length of the well-formed UTF-8 sequence at `text` (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static size_t utf8_length(const unsigned char *text)
{
	unsigned char lead = text[0];
	size_t length = lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
	unsigned char low = 0x80, high = 0xBF; /* the second byte's range */
	if (lead == 0xE0)
		low = 0xA0;
	else if (lead == 0xED)
		high = 0x9F;
	else if (lead == 0xF0)
		low = 0x90;
	else if (lead == 0xF4)
		high = 0x8F;
	for (size_t i = 1; i < length; i++)
		if (text[i] < (i == 1 ? low : 0x80) || text[i] > (i == 1 ? high : 0xBF))
			return 0;
	return length;
}

/*
 * Cells are the hot path (hundreds of thousands per run), so they are
 * written straight into the buffer instead of being built as jansson
 * objects; the format is exactly jansson's one-line form, so readers see no
 * difference. Most strings come from YAML or JSON already checked to be
 * UTF-8, but a probe's detail may quote a host file or be cut in the middle
 * of a character: a byte that is not part of well-formed UTF-8 is written
 * as U+FFFD, so the document always parses.
 */
void render_json_string(struct strbuf *buffer, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_addch(buffer, '"');
	const char *run = text;
	for (const char *c = text; *c; c++) {
		unsigned char byte = (unsigned char)*c;
		if (byte >= 0x80) {
			size_t length = utf8_length((const unsigned char *)c);
			if (length) {
				c += length - 1;
				continue;
			}
			strbuf_add(buffer, run, (size_t)(c - run));
			strbuf_addstr(buffer, "\xef\xbf\xbd"); /* U+FFFD */
			run = c + 1;
			continue;
		}
		if (byte >= 0x20 && byte != '"' && byte != '\\')
			continue;
		strbuf_add(buffer, run, (size_t)(c - run));
		run = c + 1;
		switch (byte) {
		case '"':
			strbuf_addstr(buffer, "\\\"");
			break;
		case '\\':
			strbuf_addstr(buffer, "\\\\");
			break;
		case '\n':
			strbuf_addstr(buffer, "\\n");
			break;
		case '\r':
			strbuf_addstr(buffer, "\\r");
			break;
		case '\t':
			strbuf_addstr(buffer, "\\t");
			break;
		case '\b':
			strbuf_addstr(buffer, "\\b");
			break;
		case '\f':
			strbuf_addstr(buffer, "\\f");
			break;
		default: {
			char escape[7] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15], 0};
			strbuf_addstr(buffer, escape);
		}
		}
	}
	strbuf_add(buffer, run, (size_t)(strlen(run)));
	strbuf_addch(buffer, '"');
}

/* `"key": ` preceded by ", " unless first; keys are program constants. */
static void put_key(struct strbuf *buffer, const char *key, int first)
{
	if (!first)
		strbuf_addstr(buffer, ", ");
	strbuf_addch(buffer, '"');
	strbuf_addstr(buffer, key);
	strbuf_addstr(buffer, "\": ");
}

static void put_string_member(struct strbuf *buffer, const char *key, const char *value, int first)
{
	put_key(buffer, key, first);
	if (value)
		render_json_string(buffer, value);
	else
		strbuf_addstr(buffer, "null");
}

static void put_claim(struct strbuf *buffer, const struct claim *claim)
{
	if (!claim) {
		strbuf_addstr(buffer, "null");
		return;
	}
	strbuf_addch(buffer, '{');
	put_string_member(buffer, "status", claim_status_names[claim->status], 1);
	put_string_member(buffer, "key", claim->key, 0);
	put_string_member(buffer, "by", claim->by, 0);
	put_string_member(buffer, "capability", claim->capability ? claim->capability->id : NULL,
			  0);
	put_string_member(buffer, "reason", claim->reason, 0);
	put_string_member(buffer, "due", claim->due, 0);
	put_string_member(buffer, "note", claim->note, 0);
	strbuf_addch(buffer, '}');
}

static void put_exception(struct strbuf *buffer, const struct cell *cell)
{
	if (!cell->exception) {
		strbuf_addstr(buffer, "null");
		return;
	}
	strbuf_addch(buffer, '{');
	put_string_member(buffer, "control", cell->exception->control, 1);
	put_string_member(buffer, "reason", cell->exception->reason, 0);
	put_string_member(buffer, "owner", cell->exception->owner, 0);
	put_string_member(buffer, "expires", cell->exception->expires, 0);
	put_key(buffer, "expired", 0);
	strbuf_addstr(buffer, cell->exception_expired ? "true" : "false");
	strbuf_addch(buffer, '}');
}

/* file#pointer for JSON evidence; just the file for text (os-release, a Lynis report); null. */
void render_json_location(struct strbuf *buffer, const char *file, const char *pointer)
{
	if (!file) {
		strbuf_addstr(buffer, "null");
		return;
	}
	if (!pointer || !*pointer) {
		render_json_string(buffer, file);
		return;
	}
	/* Both are escaped apart; the closing and opening quotes in between are dropped. */
	render_json_string(buffer, file);
	strbuf_truncate(buffer, buffer->len - 1);
	strbuf_addch(buffer, '#');
	size_t start = buffer->len;
	render_json_string(buffer, pointer);
	memmove(buffer->buf + start, buffer->buf + start + 1, buffer->len - start - 1);
	strbuf_truncate(buffer, buffer->len - 1);
}

static void put_probe_counts(struct strbuf *buffer, const struct probe_summary *summary)
{
	strbuf_addch(buffer, '{');
	put_string_member(buffer, "probe", summary->probe, 1);
	put_string_member(buffer, "title", summary->title, 0);
	for (size_t o = 0; o < PROBE_OUTCOME_COUNT; o++) {
		put_key(buffer, probe_outcome_names[o], 0);
		strbuf_addf(buffer, "%lu", summary->outcomes[o]);
	}
}

/*
 * One probe's results for the cell's control: counts by outcome and the
 * sampled failing, then erroring, subjects (docs/json-schema.md).
 */
static void put_probe_summary(struct strbuf *buffer, const struct probe_summary *summary)
{
	put_probe_counts(buffer, summary);
	put_key(buffer, "sample", 0);
	strbuf_addch(buffer, '[');
	for (size_t i = 0; i < summary->sample_count; i++) {
		const struct probe_sample *sample = &summary->samples[i];
		strbuf_addstr(buffer, i ? ", {" : "{");
		put_string_member(buffer, "result", probe_outcome_names[sample->outcome], 1);
		put_string_member(buffer, "subject", sample->subject ? sample->subject : "", 0);
		put_string_member(buffer, "detail", sample->detail ? sample->detail : "", 0);
		put_key(buffer, "location", 0);
		render_json_location(buffer, sample->file, sample->pointer);
		strbuf_addch(buffer, '}');
	}
	strbuf_addstr(buffer, "]}");
}

static void put_cell(struct strbuf *buffer, const struct cell *cell)
{
	const struct catalog_control *control = cell->control;
	strbuf_addch(buffer, '{');
	put_string_member(buffer, "control", control->id, 1);
	put_string_member(buffer, "group", control->group->id, 0);
	put_string_member(buffer, "area", area_names[control->area], 0);
	put_string_member(buffer, "phase", phase_names[control->phase], 0);
	put_string_member(buffer, "title", control->title, 0);
	put_string_member(buffer, "responsibility",
			  responsibility_names[cell->entry->responsibility], 0);
	put_string_member(buffer, "status", status_names[cell->status], 0);
	put_string_member(buffer, "severity", severity_names[control->severity], 0);
	put_key(buffer, "risk", 0);
	strbuf_addf(buffer, "%u", cell->risk);
	put_key(buffer, "claim", 0);
	put_claim(buffer, cell->claim);
	put_key(buffer, "probes", 0);
	strbuf_addch(buffer, '[');
	for (size_t i = 0; i < cell->probes->count; i++) {
		if (i)
			strbuf_addstr(buffer, ", ");
		put_probe_summary(buffer, &cell->probes->probes[i]);
	}
	strbuf_addch(buffer, ']');
	put_key(buffer, "exception", 0);
	put_exception(buffer, cell);
	put_key(buffer, "capabilities", 0);
	strbuf_addch(buffer, '[');
	for (size_t i = 0; i < cell->entry->capability_count; i++) {
		if (i)
			strbuf_addstr(buffer, ", ");
		render_json_string(buffer, cell->entry->capabilities[i]->id);
	}
	strbuf_addstr(buffer, "]}");
}

static json_t *strings_json(const char *const *items, size_t count)
{
	json_t *array = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(array, json_string(items[i]));
	return array;
}

/* The part of a service model that cells refer to: reasons and capabilities. */
/* The model's `availability:` as data, or NULL when it is open to everyone. */
json_t *render_availability_json(const struct service *service)
{
	const struct service_availability *availability = service->availability;
	if (!availability)
		return NULL;
	char path[160];
	json_t *object = json_object();
	json_object_set_new(object, "status",
			    json_string(availability_status_names[availability->status]));
	json_object_set_new(object, "since", json_string(availability->since));
	json_object_set_new(object, "source", json_string(availability->source));
	json_t *targets = json_array();
	for (size_t i = 0; i < availability->migrate_count; i++)
		json_array_append_new(targets,
				      json_string(render_service_path(availability->migrate_to[i],
								      path, sizeof(path))));
	json_object_set_new(object, "migrate_to", targets);
	if (availability->note)
		json_object_set_new(object, "note", json_string(availability->note));
	return object;
}

static json_t *service_json(const struct catalog *catalog, const struct service *service)
{
	json_t *object = json_object();
	json_object_set_new(object, "name", json_string(service->name));
	json_object_set_new(object, "kind", json_string(service_kind_names[service->kind]));
	json_t *availability = render_availability_json(service);
	if (availability)
		json_object_set_new(object, "availability", availability);
	json_t *controls = json_object();
	char *used = xcalloc(service->provider->capability_count + 1, 1);
	for (size_t i = 0; i < catalog->control_count; i++) {
		const struct responsibility_entry *entry = service->entries[i];
		if (!entry)
			continue;
		json_t *item = json_object();
		json_object_set_new(item, "responsibility",
				    json_string(responsibility_names[entry->responsibility]));
		json_object_set_new(item, "why", json_string(entry->why));
		json_object_set_new(controls, catalog->controls[i].id, item);
		for (size_t c = 0; c < entry->capability_count; c++)
			used[entry->capabilities[c]->index] = 1;
	}
	json_object_set_new(object, "controls", controls);
	json_t *capabilities = json_object();
	for (size_t c = 0; c < service->provider->capability_count; c++) {
		if (!used[c])
			continue;
		const struct capability *capability = &service->provider->capabilities[c];
		json_t *item = json_object();
		json_object_set_new(item, "name", json_string(capability->name));
		json_object_set_new(
			item, "default",
			json_string(capability_default_names[service->capability_defaults[c]]));
		json_object_set_new(item, "cost", json_string(cost_names[capability->cost]));
		json_object_set_new(item, "effort", json_string(effort_names[capability->effort]));
		json_object_set_new(item, "remediation", json_string(capability->remediation));
		json_object_set_new(capabilities, capability->id, item);
	}
	free(used);
	json_object_set_new(object, "capabilities", capabilities);
	json_object_set_new(object, "sources",
			    strings_json(service->sources, service->source_count));
	return object;
}

void render_probe_result_compact(struct strbuf *buffer, const char *environment,
				 const struct probe_result *result)
{
	strbuf_addch(buffer, '{');
	if (environment) {
		strbuf_addstr(buffer, "\"environment\":");
		render_json_string(buffer, environment);
		strbuf_addch(buffer, ',');
	}
	strbuf_addstr(buffer, "\"probe\":");
	render_json_string(buffer, result->probe);
	strbuf_addstr(buffer, ",\"title\":");
	render_json_string(buffer, result->title);
	strbuf_addstr(buffer, ",\"result\":\"");
	strbuf_addstr(buffer, probe_outcome_names[result->outcome]);
	strbuf_addstr(buffer, "\",\"subject\":");
	render_json_string(buffer, result->subject ? result->subject : "");
	strbuf_addstr(buffer, ",\"detail\":");
	render_json_string(buffer, result->detail ? result->detail : "");
	strbuf_addstr(buffer, ",\"location\":");
	render_json_location(buffer, result->file, result->pointer);
	strbuf_addstr(buffer, ",\"controls\":[");
	for (size_t c = 0; result->controls[c]; c++) {
		if (c)
			strbuf_addch(buffer, ',');
		render_json_string(buffer, result->controls[c]);
	}
	strbuf_addstr(buffer, "]}");
}

int render_probe_result_line(FILE *out, const char *environment, const struct probe_result *result)
{
	struct strbuf line;
	strbuf_init(&line);
	render_probe_result_compact(&line, environment, result);
	strbuf_addch(&line, '\n');
	int written = fwrite(line.buf, 1, line.len, out) == line.len ? 0 : -1;
	strbuf_release(&line);
	return written;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The environments a run writes: the inventory's, or a shard's. */
static const struct environment *environment_at(const struct render_context *context, size_t i)
{
	return context->environments ? context->environments[i]
				     : &context->inventory->environments[i];
}

static size_t environment_count(const struct render_context *context)
{
	return context->environments ? context->environment_count
				     : context->inventory->environment_count;
}

/* The service models the run's environments use, keyed "provider/service", sorted. */
static json_t *services_json(const struct render_context *context)
{
	const struct models *models = context->models;
	size_t count = environment_count(context);
	size_t total = 0;
	for (size_t p = 0; p < models->provider_count; p++)
		total += models->providers[p].service_count;
	const struct service **all = xcalloc(total + 1, sizeof(*all));
	char **keys = xcalloc(total + 1, sizeof(*keys));
	size_t used = 0;
	for (size_t p = 0; p < models->provider_count; p++) {
		for (size_t s = 0; s < models->providers[p].service_count; s++) {
			const struct service *service = &models->providers[p].services[s];
			int in_use = 0;
			for (size_t e = 0; e < count && !in_use; e++)
				in_use = environment_at(context, e)->service == service ||
					 environment_at(context, e)->registry == service;
			if (!in_use)
				continue;
			char path[128];
			keys[used] = xstrdup(render_service_path(service, path, sizeof(path)));
			all[used++] = service;
		}
	}
	json_t *object = json_object();
	/* Providers are sorted by id and services kept in file order; sort keys for stability. */
	char **sorted = xcalloc(used + 1, sizeof(*sorted));
	memcpy(sorted, keys, used * sizeof(*sorted));
	qsort(sorted, used, sizeof(*sorted), compare_strings);
	for (size_t i = 0; i < used; i++)
		for (size_t j = 0; j < used; j++)
			if (sorted[i] == keys[j])
				json_object_set_new(object, keys[j],
						    service_json(&models->catalog, all[j]));
	for (size_t i = 0; i < used; i++)
		free(keys[i]);
	free(sorted);
	free(keys);
	free(all);
	return object;
}

static int json_begin(struct render_context *context)
{
	const struct inventory *inventory = context->inventory;
	const struct models *models = context->models;
	struct json_state *state = xcalloc(1, sizeof(*state));
	strbuf_init(&state->buffer);
	exception_check_init(&state->exceptions, inventory);
	context->state = state;

	json_t *assessment = json_object();
	json_object_set_new(assessment, "title", json_string(inventory->title));
	json_object_set_new(assessment, "date", json_string(inventory->date));
	json_object_set_new(assessment, "assessor", string_or_null(inventory->assessor));
	json_object_set_new(assessment, "logo", string_or_null(inventory->logo));
	json_t *model_info = render_json_models(models, inventory->date_day);
	json_object_set_new(model_info, "services", services_json(context));

	/* A part says which shard of which inventory it is, so merge can check the set. */
	json_t *shard = NULL;
	if (context->shard)
		shard = json_pack("{s:i,s:i,s:s,s:I,s:I}", "index", (int)context->shard->index,
				  "count", (int)context->shard->count, "inventory",
				  inventory->content_hash, "inventory_environments",
				  (json_int_t)inventory->environment_count, "inventory_exceptions",
				  (json_int_t)inventory->exception_count);
	render_json_head(&state->buffer, context->shard ? RENDER_JSON_PART : RENDER_JSON_ASSESSMENT,
			 json_string(inventory->organization), assessment,
			 json_integer((json_int_t)context->evidence_sample), model_info, shard);
	return flush(context, &state->buffer);
}

json_t *render_json_models(const struct models *models, long date_day)
{
	json_t *model_info = json_object();
	json_t *catalog = json_object();
	json_object_set_new(catalog, "id", json_string(models->catalog.id));
	json_object_set_new(catalog, "version", json_string(models->catalog.version));
	json_object_set_new(catalog, "reviewed", json_string(models->catalog.reviewed));
	json_object_set_new(catalog, "sources",
			    strings_json(models->catalog.sources, models->catalog.source_count));
	json_object_set_new(model_info, "catalog", catalog);
	json_t *providers = json_array();
	for (size_t i = 0; i < models->provider_count; i++) {
		json_t *provider = json_object();
		json_object_set_new(provider, "id", json_string(models->providers[i].id));
		json_object_set_new(provider, "name", json_string(models->providers[i].name));
		json_object_set_new(provider, "reviewed",
				    json_string(models->providers[i].reviewed));
		/* Reviewed more than PROVIDER_STALE_DAYS before the assessment date. */
		json_object_set_new(
			provider, "stale",
			json_boolean(provider_is_stale(&models->providers[i], date_day)));
		json_array_append_new(providers, provider);
	}
	json_object_set_new(model_info, "providers", providers);
	return model_info;
}

void render_json_head(struct strbuf *buffer, const char *kind, json_t *organization,
		      json_t *assessment, json_t *evidence_sample, json_t *models, json_t *shard)
{
	strbuf_addstr(buffer, "{");
	append_member(buffer, 2, 1, "srgap", json_string(kind), -1);
	append_member(buffer, 2, 0, "generator", json_string(srgap_generator()), -1);
	append_member(buffer, 2, 0, "organization", organization, -1);
	append_member(buffer, 2, 0, "assessment", assessment, 2);
	append_member(buffer, 2, 0, "evidence_sample", evidence_sample, -1);
	append_member(buffer, 2, 0, "models", models, 2);
	if (shard)
		append_member(buffer, 2, 0, "shard", shard, 2);
	strbuf_addstr(buffer, ",\n  \"environments\": [");
}

void render_json_environment_start(struct strbuf *buffer, int first)
{
	strbuf_addstr(buffer, first ? "\n    {" : ",\n    {");
}

/*
 * What merge needs of one environment of a part, on one line: its place in
 * the inventory, what the roadmap and the summary are built from, and its
 * open cells (control, status, risk).
 */
static void append_partial(struct strbuf *buffer, const struct render_context *context,
			   const struct environment *environment, const struct cell *cells,
			   const struct summary *summary)
{
	char path[128];
	json_t *open = json_array();
	for (size_t i = 0; i < context->models->catalog.control_count; i++)
		if (cells[i].status == STATUS_GAP || cells[i].status == STATUS_PARTIAL ||
		    cells[i].status == STATUS_CONTRADICTED)
			json_array_append_new(open, json_pack("[s,s,i]", cells[i].control->id,
							      status_names[cells[i].status],
							      (int)cells[i].risk));
	json_t *record = json_object();
	json_object_set_new(record, "position", json_integer((json_int_t)environment->index));
	json_object_set_new(record, "name", json_string(environment->name));
	json_object_set_new(record, "owner", string_or_null(environment->owner));
	json_object_set_new(record, "provider", json_string(environment->provider->id));
	json_object_set_new(record, "service", json_string(environment->service->id));
	json_object_set_new(
		record, "registry",
		json_string(render_service_path(environment->registry, path, sizeof(path))));
	json_object_set_new(record, "criticality",
			    json_string(criticality_names[environment->criticality]));
	json_object_set_new(record, "internet_facing", json_boolean(environment->internet_facing));
	json_object_set_new(record, "summary", render_json_summary(summary));
	json_object_set_new(record, "open", open);
	strbuf_addstr(buffer, RENDER_JSON_PARTIAL_KEY);
	append_json(buffer, record, -1);
}

static int json_environment(struct render_context *context, const struct environment *environment,
			    const struct cell *cells, const struct summary *summary)
{
	struct json_state *state = context->state;
	struct strbuf *buffer = &state->buffer;
	char path[128];
	exception_check_add(&state->exceptions, environment, cells, summary->cells);
	render_json_environment_start(buffer, state->environments_written++ == 0);
	append_member(buffer, 6, 1, "name", json_string(environment->name), -1);
	append_member(buffer, 6, 0, "description", string_or_null(environment->description), -1);
	append_member(buffer, 6, 0, "provider", json_string(environment->provider->id), -1);
	append_member(buffer, 6, 0, "service", json_string(environment->service->id), -1);
	append_member(buffer, 6, 0, "registry",
		      json_string(render_service_path(environment->registry, path, sizeof(path))),
		      -1);
	append_member(buffer, 6, 0, "criticality",
		      json_string(criticality_names[environment->criticality]), -1);
	append_member(buffer, 6, 0, "internet_facing", json_boolean(environment->internet_facing),
		      -1);
	append_member(buffer, 6, 0, "owner", string_or_null(environment->owner), -1);
	append_member(buffer, 6, 0, "summary", render_json_summary(summary), 6);
	/* Each probe's results over the environment, each result once: one line per probe. */
	const struct probe_summaries *evidence = context->evidence;
	size_t totals = evidence ? evidence->total_count : 0;
	strbuf_addstr(buffer, ",\n      \"probe_totals\": [");
	for (size_t i = 0; i < totals; i++) {
		strbuf_addstr(buffer, i ? ",\n        " : "\n        ");
		put_probe_counts(buffer, &evidence->totals[i]);
		strbuf_addch(buffer, '}');
	}
	strbuf_addstr(buffer, totals ? "\n      ]" : "]");
	strbuf_addstr(buffer, ",\n      \"cells\": [");
	for (size_t i = 0; i < context->models->catalog.control_count; i++) {
		strbuf_addstr(buffer, i ? ",\n        " : "\n        ");
		put_cell(buffer, &cells[i]);
	}
	strbuf_addstr(buffer, "\n      ]");
	if (context->shard)
		append_partial(buffer, context, environment, cells, summary);
	strbuf_addstr(buffer, RENDER_JSON_ENVIRONMENT_END);
	return flush(context, buffer);
}

static json_t *action_json(const struct roadmap_action *action)
{
	json_t *object = json_object(), *list;
	json_object_set_new(object, "id", json_string(action->id));
	json_object_set_new(object, "title", json_string(action->title));
	json_object_set_new(object, "remediation", json_string(action->remediation));
	json_object_set_new(object, "phase", json_integer(action->phase));
	json_object_set_new(object, "controls", list = json_array());
	for (size_t i = 0; i < action->control_count; i++)
		json_array_append_new(list, json_string(action->controls[i]->id));
	json_object_set_new(object, "environments", list = json_array());
	for (size_t i = 0; i < action->environment_count; i++)
		json_array_append_new(list, json_string(action->environments[i]->name));
	json_object_set_new(object, "owners", strings_json(action->owners, action->owner_count));
	json_object_set_new(object, "effort", json_string(effort_names[action->effort]));
	json_object_set_new(object, "cost", json_string(cost_names[action->cost]));
	json_object_set_new(object, "risk_reduction",
			    json_integer((json_int_t)action->risk_reduction));
	json_object_set_new(object, "depends_on", list = json_array());
	for (size_t i = 0; i < action->dependency_count; i++)
		json_array_append_new(list, json_string(action->depends_on[i]->id));
	json_object_set_new(object, "contradicted", json_boolean(action->contradicted));
	json_object_set_new(object, "capability",
			    string_or_null(action->capability ? action->capability->id : NULL));
	json_object_set_new(
		object, "provider",
		string_or_null(action->capability ? action->capability->provider->id : NULL));
	return object;
}

/* "roadmap": one line per action, in plan order (docs/roadmap.md). */
static void append_roadmap(struct strbuf *buffer, const struct roadmap *roadmap)
{
	size_t count = roadmap ? roadmap->action_count : 0;
	strbuf_addstr(buffer, ",\n  \"roadmap\": [");
	for (size_t i = 0; i < count; i++) {
		strbuf_addstr(buffer, i ? ",\n    " : "\n    ");
		append_json(buffer, action_json(&roadmap->actions[i]), -1);
	}
	strbuf_addstr(buffer, count ? "\n  ]" : "]");
}

/*
 * "vulnerabilities": the `srgap vulns` plan (vulns/1, docs/vulnerabilities.md)
 * of every scanner report in the evidence, or null when there is none. It is
 * rendered by the vulns renderer and re-indented here, so both stay one format.
 */
static int append_vulnerabilities(struct strbuf *buffer, const struct vulns_plan *plan)
{
	if (!plan) {
		append_member(buffer, 2, 0, "vulnerabilities", json_null(), -1);
		return 0;
	}
	static const struct vulns_render_options no_options;
	char *text = NULL;
	size_t length = 0;
	FILE *memory = open_memstream(&text, &length);
	if (!memory)
		return -1;
	int failed = vulns_render(memory, VULNS_FORMAT_JSON, plan, &no_options) < 0;
	failed |= fclose(memory) != 0;
	json_t *value = failed ? NULL : json_loadb(text, length, 0, NULL);
	free(text);
	if (!value)
		return -1;
	append_member(buffer, 2, 0, "vulnerabilities", value, 2);
	return 0;
}

static int json_end(struct render_context *context, const struct summary *total)
{
	const struct inventory *inventory = context->inventory;
	struct json_state *state = context->state;
	struct strbuf *buffer = &state->buffer;
	json_t *exceptions = json_array();
	for (size_t i = 0; i < inventory->exception_count; i++) {
		const struct exception *exception = &inventory->exceptions[i];
		/* A part lists its own environments' exceptions, with their place for merge. */
		if (context->shard && !exception_check_covers(&state->exceptions, i))
			continue;
		json_t *item = json_object();
		json_object_set_new(item, "environment", json_string(exception->environment));
		json_object_set_new(item, "control", json_string(exception->control));
		json_object_set_new(item, "reason", json_string(exception->reason));
		json_object_set_new(item, "owner", json_string(exception->owner));
		json_object_set_new(item, "expires", json_string(exception->expires));
		json_object_set_new(item, "expired",
				    json_boolean(exception->expires_day < inventory->date_day));
		enum exception_state check = exception_check_state(&state->exceptions, i);
		json_object_set_new(item, "state", json_string(exception_state_names[check]));
		if (context->shard)
			json_object_set_new(item, "position", json_integer((json_int_t)i));
		json_array_append_new(exceptions, item);
	}
	if (context->shard) {
		/* No roadmap, fix plan or summary: merge computes them over the whole estate. */
		strbuf_addstr(buffer, state->environments_written ? "\n  ]" : "]");
		append_member(buffer, 2, 0, "exceptions", exceptions, 2);
		append_member(buffer, 2, 0, "vulnerability_estate",
			      render_vulns_estate_json(context->shard->vulns), -1);
		strbuf_addstr(buffer, "\n}\n");
		return flush(context, buffer);
	}
	if (render_json_tail(buffer, state->environments_written, exceptions, context->roadmap,
			     context->vulns, total) < 0)
		return -1;
	return flush(context, buffer);
}

int render_json_tail(struct strbuf *buffer, size_t environments, json_t *exceptions,
		     const struct roadmap *roadmap, const struct vulns_plan *vulns,
		     const struct summary *total)
{
	strbuf_addstr(buffer, environments ? "\n  ]" : "]");
	append_member(buffer, 2, 0, "exceptions", exceptions, 2);
	append_roadmap(buffer, roadmap);
	if (append_vulnerabilities(buffer, vulns) < 0)
		return -1;
	append_member(buffer, 2, 0, "summary", render_json_summary(total), 2);
	strbuf_addstr(buffer, "\n}\n");
	return 0;
}

static void json_cleanup(struct render_context *context)
{
	struct json_state *state = context->state;
	if (state) {
		strbuf_release(&state->buffer);
		exception_check_release(&state->exceptions);
		free(state);
	}
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
