/*
 * Loads an "assessment/2" (or "assessment/1") JSON document with jansson and copies the fields a
 * comparison needs into an arena. It checks shape and types, not meaning:
 * whether "met" is a status is the caller's business. Syntax errors have a
 * line and column; field errors carry the JSON path, because jansson keeps
 * no positions for the values it decodes.
 */
#include "io/assessment_json.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/json_text.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_FIELD_ERRORS 10

struct reader {
	struct saved_assessment *assessment;
	struct diag_list *diags;
	struct diag_list fields; /* field errors, kept back until the file is known to be ours */
	int field_errors;
	char where[96];	 /* JSON path of the object being read, for messages */
	char format[32]; /* the "srgap" member when it names another assessment format */
};

static void field_error(struct reader *reader, const char *key, const char *expected)
{
	if (reader->field_errors++ < MAX_FIELD_ERRORS)
		diag_error(&reader->fields, reader->assessment->path, 0, 0, "assessment.bad-field",
			   "%s%s%s: expected %s", reader->where, *reader->where && *key ? "." : "",
			   key, expected);
}

/* A required string, copied; "" after reporting when absent or not a string. */
static const char *text(struct reader *reader, const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);
	if (!json_is_string(value)) {
		field_error(reader, key, "a string");
		return "";
	}
	return arena_strdup(&reader->assessment->arena, json_string_value(value));
}

/* Counts are range-checked here so that sums and differences of them cannot overflow. */
static unsigned long count(struct reader *reader, const json_t *object, const char *key)
{
	const json_t *value = json_object_get(object, key);
	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    json_integer_value(value) > ASSESSMENT_MAX_INTEGER) {
		field_error(reader, key, "an integer from 0 to " ASSESSMENT_MAX_INTEGER_TEXT);
		return 0;
	}
	return (unsigned long)json_integer_value(value);
}

static const json_t *member(struct reader *reader, const json_t *object, const char *key,
			    bool array)
{
	const json_t *value = json_object_get(object, key);
	if (array ? !json_is_array(value) : !json_is_object(value)) {
		field_error(reader, key, array ? "an array" : "an object");
		return NULL;
	}
	return value;
}

/* `value` is the "summary" member of an environment or of the document. */
static void read_summary(struct reader *reader, const json_t *value, struct saved_summary *summary)
{
	if (!json_is_object(value)) {
		field_error(reader, "summary", "an object");
		return;
	}
	size_t length = strlen(reader->where);
	snprintf(reader->where + length, sizeof(reader->where) - length, "%ssummary",
		 length ? "." : "");
	summary->cells = count(reader, value, "cells");
	summary->customer_share = count(reader, value, "customer_share");
	summary->risk = count(reader, value, "risk");
	const json_t *coverage = json_object_get(value, "coverage_percent");
	if (!json_is_number(coverage) || json_number_value(coverage) < 0 ||
	    json_number_value(coverage) > 100)
		field_error(reader, "coverage_percent", "a number from 0 to 100");
	else
		summary->coverage_permille = (unsigned)(json_number_value(coverage) * 10 + 0.5);
	const json_t *status = member(reader, value, "status", false);
	if (status) {
		size_t end = strlen(reader->where);
		snprintf(reader->where + end, sizeof(reader->where) - end, ".status");
		summary->open =
			count(reader, status, "gap") + count(reader, status, "contradicted");
	}
	reader->where[length] = '\0';
}

static void read_cell(struct reader *reader, const json_t *object, struct saved_cell *cell)
{
	if (!json_is_object(object)) {
		field_error(reader, "", "an object");
		return;
	}
	cell->control = text(reader, object, "control");
	cell->title = text(reader, object, "title");
	cell->responsibility = text(reader, object, "responsibility");
	cell->status = text(reader, object, "status");
	cell->severity = text(reader, object, "severity");
	cell->risk = count(reader, object, "risk");
}

static void read_environment(struct reader *reader, size_t index, const json_t *object,
			     struct saved_environment *environment)
{
	struct arena *arena = &reader->assessment->arena;
	snprintf(reader->where, sizeof(reader->where), "environments[%zu]", index);
	if (!json_is_object(object)) {
		field_error(reader, "", "an object");
		return;
	}
	environment->name = text(reader, object, "name");
	environment->provider = text(reader, object, "provider");
	environment->service = text(reader, object, "service");
	environment->registry = text(reader, object, "registry");
	environment->criticality = text(reader, object, "criticality");
	read_summary(reader, json_object_get(object, "summary"), &environment->summary);
	const json_t *cells = member(reader, object, "cells", true);
	if (!cells)
		return;
	environment->cell_count = json_array_size(cells);
	environment->cells =
		arena_alloc_array(arena, environment->cell_count, sizeof(*environment->cells));
	for (size_t i = 0; i < environment->cell_count; i++) {
		snprintf(reader->where, sizeof(reader->where), "environments[%zu].cells[%zu]",
			 index, i);
		read_cell(reader, json_array_get(cells, i), &environment->cells[i]);
	}
}

static int compare_services(const void *a, const void *b)
{
	return strcmp(((const struct saved_service *)a)->path,
		      ((const struct saved_service *)b)->path);
}

static void read_services(struct reader *reader, const json_t *services)
{
	struct saved_assessment *assessment = reader->assessment;
	assessment->services = arena_alloc_array(&assessment->arena, json_object_size(services),
						 sizeof(*assessment->services));
	const char *path;
	const json_t *model;
	json_object_foreach((json_t *)services, path, model) {
		struct saved_service *service = &assessment->services[assessment->service_count++];
		service->path = arena_strdup(&assessment->arena, path);
		snprintf(reader->where, sizeof(reader->where), "models.services[\"%.60s\"]", path);
		const json_t *controls =
			json_is_object(model) ? member(reader, model, "controls", false) : NULL;
		if (!json_is_object(model))
			field_error(reader, "", "an object");
		if (!controls)
			continue;
		service->answers = arena_alloc_array(&assessment->arena, json_object_size(controls),
						     sizeof(*service->answers));
		const char *control;
		const json_t *answer;
		json_object_foreach((json_t *)controls, control, answer) {
			struct saved_answer *saved = &service->answers[service->answer_count++];
			saved->control = arena_strdup(&assessment->arena, control);
			saved->responsibility = json_is_object(answer)
							? text(reader, answer, "responsibility")
							: "";
			if (!json_is_object(answer))
				field_error(reader, control, "an object");
		}
	}
	qsort(assessment->services, assessment->service_count, sizeof(*assessment->services),
	      compare_services);
}

/*
 * The document is read from memory one top-level member at a time, and the
 * environments one element at a time (jansson decodes a single value and
 * says where it stopped), so a large estate needs memory for its text and
 * one environment's tree, not a tree of the whole file.
 */
struct cursor {
	const char *data;
	size_t length;
	size_t at;
};

static void skip_space(struct cursor *cursor)
{
	while (cursor->at < cursor->length && strchr(" \t\r\n", cursor->data[cursor->at]) &&
	       cursor->data[cursor->at])
		cursor->at++;
}

static bool take(struct cursor *cursor, char expected)
{
	skip_space(cursor);
	if (cursor->at >= cursor->length || cursor->data[cursor->at] != expected)
		return false;
	cursor->at++;
	return true;
}

/* A json-syntax error at byte `offset`, as 1-based line and character column. */
static void syntax_error(struct reader *reader, const struct cursor *cursor, size_t offset,
			 const char *message)
{
	int line = 1, column = 0;
	for (size_t i = 0; i < offset && i < cursor->length; i++) {
		if (cursor->data[i] == '\n') {
			line++;
			column = 0;
		} else if ((cursor->data[i] & 0xC0) != 0x80) {
			column++;
		}
	}
	diag_error(reader->diags, reader->assessment->path, line, column ? column : 1,
		   "assessment.json-syntax", "%s", message);
}

static int line_of(const struct cursor *cursor, size_t offset)
{
	int line = 1;
	for (size_t i = 0; i < offset && i < cursor->length; i++)
		line += cursor->data[i] == '\n';
	return line;
}

/* The next value; NULL after a syntax diagnostic. */
static json_t *next_value(struct reader *reader, struct cursor *cursor)
{
	skip_space(cursor);
	json_error_t error;
	json_t *value = json_loadb(
		cursor->data + cursor->at, cursor->length - cursor->at,
		JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &error);
	if (!value) {
		/* jansson's position is just past the offending character. */
		size_t end = cursor->at + (error.position > 0 ? (size_t)error.position : 1);
		syntax_error(reader, cursor, end, error.text);
		return NULL;
	}
	cursor->at += (size_t)error.position;
	/* After a number or literal jansson may have read the following ',', '}' or ']'. */
	if (!json_is_object(value) && !json_is_array(value) && !json_is_string(value) &&
	    cursor->at > 0 && strchr(",}]", cursor->data[cursor->at - 1]))
		cursor->at--;
	return value;
}

static bool expect_char(struct reader *reader, struct cursor *cursor, char expected)
{
	if (take(cursor, expected))
		return true;
	char message[64];
	snprintf(message, sizeof(message), "'%c' expected", expected);
	syntax_error(reader, cursor, cursor->at + 1, message);
	return false;
}

/* "environments": [ ... ], one element at a time. Returns false after a syntax error. */
static bool read_environments(struct reader *reader, struct cursor *cursor)
{
	struct saved_assessment *assessment = reader->assessment;
	skip_space(cursor);
	if (cursor->at >= cursor->length || cursor->data[cursor->at] != '[') {
		json_t *value = next_value(reader, cursor);
		field_error(reader, "environments", "an array");
		json_decref(value);
		return value != NULL;
	}
	cursor->at++;
	struct saved_environment *items = NULL;
	size_t capacity = 0;
	bool ok = true;
	if (!take(cursor, ']')) {
		do {
			json_t *value = next_value(reader, cursor);
			if (!(ok = value != NULL))
				break;
			items = xgrow(items, &capacity, assessment->environment_count + 1,
				      sizeof(*items));
			struct saved_environment *environment =
				&items[assessment->environment_count];
			memset(environment, 0, sizeof(*environment));
			read_environment(reader, assessment->environment_count++, value,
					 environment);
			json_decref(value);
		} while (take(cursor, ','));
		ok = ok && expect_char(reader, cursor, ']');
	}
	assessment->environments = arena_alloc_array(&assessment->arena,
						     assessment->environment_count, sizeof(*items));
	if (assessment->environment_count)
		memcpy(assessment->environments, items,
		       assessment->environment_count * sizeof(*items));
	free(items);
	reader->where[0] = '\0';
	return ok;
}

/* One top-level member other than "environments". */
static void read_member(struct reader *reader, const char *key, const json_t *value,
			bool *is_assessment)
{
	struct saved_assessment *assessment = reader->assessment;
	reader->where[0] = '\0';
	if (!strcmp(key, "srgap")) {
		const char *format = json_string_value(value);
		/* assessment/2 only summarized probe results, which a comparison does not read. */
		*is_assessment = format && (!strcmp(format, "assessment/2") ||
					    !strcmp(format, "assessment/1"));
		/* Another version of ours (a newer srgap's) deserves its own message. */
		if (format && !*is_assessment && !strncmp(format, "assessment/", 11))
			snprintf(reader->format, sizeof(reader->format), "%s", format);
	} else if (!strcmp(key, "generator") || !strcmp(key, "organization")) {
		const char **slot =
			key[0] == 'g' ? &assessment->generator : &assessment->organization;
		if (json_is_string(value))
			*slot = arena_strdup(&assessment->arena, json_string_value(value));
		else
			field_error(reader, key, "a string");
	} else if (!strcmp(key, "assessment")) {
		if (json_is_object(value)) {
			snprintf(reader->where, sizeof(reader->where), "assessment");
			assessment->date = text(reader, value, "date");
		} else {
			field_error(reader, key, "an object");
		}
	} else if (!strcmp(key, "models")) {
		const json_t *catalog = member(reader, value, "catalog", false);
		const json_t *services = member(reader, value, "services", false);
		if (catalog) {
			snprintf(reader->where, sizeof(reader->where), "models.catalog");
			assessment->catalog_version = text(reader, catalog, "version");
		}
		if (services)
			read_services(reader, services);
	} else if (!strcmp(key, "summary")) {
		read_summary(reader, value, &assessment->summary);
	}
	reader->where[0] = '\0';
}

static char *read_whole_file(const char *path, size_t *length)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return NULL;
	struct strbuf text;
	strbuf_init(&text);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		strbuf_add(&text, chunk, got);
	int failed = ferror(in);
	fclose(in);
	if (failed) {
		strbuf_release(&text);
		return NULL;
	}
	*length = text.len;
	return strbuf_detach(&text);
}

int assessment_json_load(struct saved_assessment *assessment, const char *path,
			 struct diag_list *diags)
{
	memset(assessment, 0, sizeof(*assessment));
	arena_init(&assessment->arena);
	assessment->path = arena_strdup(&assessment->arena, path);
	assessment->generator = assessment->organization = assessment->date = "";
	assessment->catalog_version = "";
	struct reader reader = {.assessment = assessment, .diags = diags};
	diag_list_init(&reader.fields);
	struct cursor cursor = {0};
	char *data = read_whole_file(path, &cursor.length);
	if (!data)
		return diag_error(diags, path, 0, 0, "assessment.unreadable", "cannot read: %s",
				  strerror(errno));
	cursor.data = data;
	/* Every top-level key read so far -> its offset, to refuse a repeated member. */
	json_t *keys = json_object();
	bool is_assessment = false, seen[4] = {false};
	/* Any JSON but an object (an array, a number) is simply not an assessment. */
	bool object = take(&cursor, '{'), ok = object;
	json_error_t nul;
	if (object && json_text_has_nul(data, cursor.length, &nul)) {
		diag_error(reader.diags, path, nul.line, nul.column, "assessment.json-syntax", "%s",
			   nul.text);
		ok = false;
	}
	if (ok && !take(&cursor, '}')) {
		do {
			skip_space(&cursor);
			size_t key_start = cursor.at;
			json_t *key = next_value(&reader, &cursor);
			if (!(ok = key != NULL))
				break;
			if (!json_is_string(key)) {
				json_decref(key);
				syntax_error(&reader, &cursor, cursor.at, "string or '}' expected");
				ok = false;
				break;
			}
			const char *name = json_string_value(key);
			/*
			 * A repeated member would be read twice into one slot (jansson's
			 * JSON_REJECT_DUPLICATES covers the values, not this loop).
			 */
			if (json_object_get(keys, name)) {
				char message[160];
				snprintf(message, sizeof(message),
					 "duplicate object key '%.100s' (first given at line %d)",
					 name,
					 line_of(&cursor, (size_t)json_integer_value(
								  json_object_get(keys, name))));
				syntax_error(&reader, &cursor, key_start + 1, message);
				json_decref(key);
				ok = false;
				break;
			}
			json_object_set_new(keys, name, json_integer((json_int_t)key_start));
			static const char *const members[] = {"environments", "summary", "models",
							      "assessment"};
			for (size_t r = 0; r < 4; r++)
				seen[r] |= !strcmp(name, members[r]);
			if (!(ok = expect_char(&reader, &cursor, ':'))) {
				json_decref(key);
				break;
			}
			if (!strcmp(name, "environments")) {
				ok = read_environments(&reader, &cursor);
			} else {
				json_t *value = next_value(&reader, &cursor);
				ok = value != NULL;
				if (ok)
					read_member(&reader, name, value, &is_assessment);
				json_decref(value);
			}
			json_decref(key);
		} while (ok && take(&cursor, ','));
		ok = ok && expect_char(&reader, &cursor, '}');
	}
	skip_space(&cursor);
	if (ok && cursor.at < cursor.length) {
		syntax_error(&reader, &cursor, cursor.at + 1, "end of file expected");
		ok = false;
	}
	free(data);
	json_decref(keys);
	int result = -1;
	if (object && !ok) /* a syntax error: the fields read so far mean nothing */
		goto out;
	if (!is_assessment && reader.format[0]) {
		diag_error(diags, path, 0, 0, "assessment.unknown-version",
			   "written as \"%s\", a format this srgap cannot read (it reads "
			   "\"assessment/2\" and \"assessment/1\"); use the srgap that wrote it, "
			   "or a newer one",
			   reader.format);
		goto out;
	}
	if (!is_assessment) {
		/* Field complaints about some other JSON file would only confuse. */
		diag_error(diags, path, 0, 0, "assessment.not-an-assessment",
			   "not an srgap assessment (expected \"srgap\": \"assessment/2\"); "
			   "write one with 'srgap assess INVENTORY --format json'");
		goto out;
	}
	static const char *const members[] = {"environments", "summary", "models", "assessment"};
	for (size_t r = 0; r < 4; r++)
		if (!seen[r])
			field_error(&reader, members[r], "a member of the document");
	for (size_t i = 0; i < reader.fields.count; i++)
		diag_error(diags, path, 0, 0, reader.fields.items[i].code, "%s",
			   reader.fields.items[i].message);
	if (reader.field_errors > MAX_FIELD_ERRORS)
		diag_error(diags, path, 0, 0, "assessment.bad-field", "%d more field errors",
			   reader.field_errors - MAX_FIELD_ERRORS);
	result = reader.field_errors ? -1 : 0;
out:
	diag_list_release(&reader.fields);
	return result;
}

void assessment_json_release(struct saved_assessment *assessment)
{
	arena_release(&assessment->arena);
	memset(assessment, 0, sizeof(*assessment));
}
