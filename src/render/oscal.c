/*
 * What every OSCAL export shares: name-based UUIDs, control ids as tokens,
 * properties, dates and the writer. Nothing here knows which document it
 * is part of.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "render/oscal.h"
#include "util/date.h"
#include "util/strbuf.h"

/*
 * srgap's UUID namespace: the version 5 UUID of the name "urn:srgap:oscal"
 * in RFC 9562's URL namespace, 1f6c4343-39ed-592d-aeee-efc1861bc31a. Fixed
 * for good: changing it would change every identifier GRC tools track.
 */
static const unsigned char srgap_uuid_namespace[UUID_SIZE] = {
	0x1f, 0x6c, 0x43, 0x43, 0x39, 0xed, 0x59, 0x2d,
	0xae, 0xee, 0xef, 0xc1, 0x86, 0x1b, 0xc3, 0x1a,
};

static void uuid_of(char text[UUID_TEXT_SIZE], const char *kind, va_list parts)
{
	struct uuid_v5 uuid;
	uuid_v5_begin(&uuid, srgap_uuid_namespace);
	uuid_v5_add(&uuid, kind, strlen(kind) + 1);
	for (const char *part; (part = va_arg(parts, const char *));)
		uuid_v5_add(&uuid, part, strlen(part) + 1);
	uuid_v5_end(&uuid, text);
}

void oscal_uuid(char text[UUID_TEXT_SIZE], const char *kind, ...)
{
	va_list parts;
	va_start(parts, kind);
	uuid_of(text, kind, parts);
	va_end(parts);
}

json_t *oscal_uuid_json(const char *kind, ...)
{
	char text[UUID_TEXT_SIZE];
	va_list parts;
	va_start(parts, kind);
	uuid_of(text, kind, parts);
	va_end(parts);
	return json_string(text);
}

/* A token keeps letters, digits, '.', '-' and '_'; anything else becomes '_'. */
static json_t *token(const char *srgap_id, const char *suffix)
{
	struct strbuf buffer;
	strbuf_init(&buffer);
	strbuf_addstr(&buffer, OSCAL_CONTROL_PREFIX);
	for (const char *c = srgap_id; *c; c++)
		strbuf_addch(&buffer, isalnum((unsigned char)*c) || strchr(".-_", *c) ? *c : '_');
	strbuf_addstr(&buffer, suffix);
	json_t *value = json_string(buffer.buf);
	strbuf_release(&buffer);
	return value;
}

json_t *oscal_control_id(const char *srgap_id)
{
	return token(srgap_id, "");
}

json_t *oscal_part_id(const char *srgap_id, const char *suffix)
{
	return token(srgap_id, suffix);
}

json_t *oscal_line(const char *text)
{
	struct strbuf buffer;
	strbuf_init(&buffer);
	int space = 0;
	for (const char *c = text ? text : ""; *c; c++) {
		if (isspace((unsigned char)*c)) {
			space = buffer.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&buffer, ' ');
		space = 0;
		strbuf_addch(&buffer, *c);
	}
	json_t *value = json_string(buffer.buf);
	strbuf_release(&buffer);
	return value;
}

void oscal_add_prop(json_t *props, const char *ns, const char *name, const char *value)
{
	json_t *line = oscal_line(value);
	if (!json_string_length(line)) {
		json_decref(line);
		return;
	}
	json_t *prop = json_object();
	json_object_set_new(prop, "name", json_string(name));
	if (ns)
		json_object_set_new(prop, "ns", json_string(ns));
	json_object_set_new(prop, "value", line);
	json_array_append_new(props, prop);
}

void oscal_add_srgap_prop(json_t *props, const char *name, const char *value)
{
	oscal_add_prop(props, OSCAL_SRGAP_NAMESPACE, name, value);
}

void oscal_add_srgap_integer_prop(json_t *props, const char *name, long long value)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", value);
	oscal_add_srgap_prop(props, name, text);
}

void oscal_set_array(json_t *object, const char *key, json_t *array)
{
	if (json_array_size(array))
		json_object_set_new(object, key, array);
	else
		json_decref(array);
}

json_t *oscal_datetime(const char *date, long add_days)
{
	long days;
	if (!date || !date_parse(date, &days))
		return NULL;
	char text[16];
	date_format(days + add_days, text, sizeof(text));
	return json_sprintf("%sT00:00:00Z", text);
}

json_t *oscal_catalog_source(const char *catalog_id)
{
	char uuid[UUID_TEXT_SIZE];
	oscal_uuid(uuid, "resource", "catalog", catalog_id, NULL);
	return json_sprintf("#%s", uuid);
}

json_t *oscal_catalog_resource(const char *catalog_id, const char *title, const char *reviewed)
{
	json_t *object = json_object();
	json_object_set_new(object, "uuid",
			    oscal_uuid_json("resource", "catalog", catalog_id, NULL));
	json_object_set_new(object, "title", json_string(title));
	json_object_set_new(
		object, "description",
		json_string("srgap's control catalog, which defines every control-id here. "
			    "Write it with 'srgap models controls --format oscal-catalog "
			    "-o " OSCAL_CATALOG_FILE "' beside this file."));
	json_t *props = json_array();
	oscal_add_srgap_prop(props, "catalog-id", catalog_id);
	oscal_add_srgap_prop(props, "reviewed", reviewed);
	json_object_set_new(object, "props", props);
	json_t *rlinks = json_array(), *rlink = json_object();
	json_object_set_new(rlink, "href", json_string(OSCAL_CATALOG_FILE));
	json_object_set_new(rlink, "media-type", json_string("application/oscal.catalog+json"));
	json_array_append_new(rlinks, rlink);
	json_object_set_new(object, "rlinks", rlinks);
	return object;
}

int oscal_write_document(FILE *out, const char *root, json_t *document)
{
	json_t *top = json_object();
	json_object_set_new(top, root, document);
	int failed = json_dumpf(top, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0;
	failed |= fputc('\n', out) == EOF;
	json_decref(top);
	return failed ? -1 : 0;
}

/* ------------------------------------------------------------------ writer */

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)
/* Output collects in the buffer and goes out in pieces of about this size. */
#define WRITER_FLUSH_SIZE (64 * 1024)

void oscal_writer_init(struct oscal_writer *writer, FILE *out)
{
	memset(writer, 0, sizeof(*writer));
	writer->out = out;
	strbuf_init(&writer->buffer);
}

static void flush(struct oscal_writer *writer)
{
	if (writer->buffer.len &&
	    fwrite(writer->buffer.buf, 1, writer->buffer.len, writer->out) != writer->buffer.len)
		writer->failed = true;
	strbuf_reset(&writer->buffer);
}

static void indent(struct oscal_writer *writer, int depth)
{
	strbuf_addchars(&writer->buffer, ' ', 2 * (size_t)depth);
}

/* The separator and indentation before a member or an item, and the key. */
static void begin_value(struct oscal_writer *writer, const char *key)
{
	if (writer->depth > 0) {
		strbuf_addstr(&writer->buffer, writer->has_items[writer->depth] ? ",\n" : "\n");
		writer->has_items[writer->depth] = true;
		indent(writer, writer->depth);
	}
	if (key)
		strbuf_addf(&writer->buffer, "\"%s\": ", key);
}

void oscal_writer_open(struct oscal_writer *writer, const char *key, char bracket)
{
	begin_value(writer, key);
	strbuf_addch(&writer->buffer, bracket);
	if (writer->depth + 1 < OSCAL_WRITER_DEPTH)
		writer->has_items[++writer->depth] = false;
	else
		writer->failed = true; /* deeper than any OSCAL document srgap writes */
}

void oscal_writer_close(struct oscal_writer *writer, char bracket)
{
	writer->depth--;
	strbuf_addch(&writer->buffer, '\n');
	indent(writer, writer->depth);
	strbuf_addch(&writer->buffer, bracket);
}

/* jansson's output of a nested value, indented to the depth it is written at. */
static int write_indented(const char *data, size_t size, void *context)
{
	struct oscal_writer *writer = context;
	size_t start = 0;
	for (size_t i = 0; i < size; i++) {
		if (data[i] != '\n')
			continue;
		strbuf_add(&writer->buffer, data + start, i + 1 - start);
		indent(writer, writer->depth);
		start = i + 1;
	}
	strbuf_add(&writer->buffer, data + start, size - start);
	return 0;
}

void oscal_writer_put(struct oscal_writer *writer, const char *key, json_t *value)
{
	begin_value(writer, key);
	if (json_dump_callback(value, write_indented, writer, DUMP_FLAGS) < 0)
		writer->failed = true;
	json_decref(value);
	if (writer->buffer.len >= WRITER_FLUSH_SIZE)
		flush(writer);
}

int oscal_writer_finish(struct oscal_writer *writer)
{
	strbuf_addch(&writer->buffer, '\n');
	flush(writer);
	strbuf_release(&writer->buffer);
	return writer->failed ? -1 : 0;
}
