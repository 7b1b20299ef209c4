/*
 * libyaml events to jansson values. Plain scalars are typed the way
 * Kubernetes reads them (null, booleans including YAML 1.1 yes/no/on/off,
 * integers, floats); quoted scalars stay strings. Aliases are refused, as in
 * every srgap YAML reader, because they allow exponential expansion.
 */
#include "io/yaml_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "util/diag.h"
#include "util/xalloc.h"

#define MAX_DEPTH 128

struct frame {
	json_t *container;
	char *pending_key; /* mappings: the key waiting for its value */
};

static json_t *plain_scalar(const char *text, size_t length)
{
	static const char *const true_words[] = {"true", "yes", "on"};
	static const char *const false_words[] = {"false", "no", "off"};
	if (!length || !strcmp(text, "~") || !strcasecmp(text, "null"))
		return json_null();
	for (size_t i = 0; i < 3; i++) {
		if (!strcasecmp(text, true_words[i]))
			return json_true();
		if (!strcasecmp(text, false_words[i]))
			return json_false();
	}
	char *end;
	errno = 0;
	long long integer = strtoll(text, &end, 10);
	if (!*end && errno == 0 && (text[0] != '0' || length == 1))
		return json_integer(integer);
	double real = strtod(text, &end);
	if (!*end && errno == 0 && strpbrk(text, ".eE") && (text[0] != '.' || length > 1))
		return json_real(real);
	return json_stringn(text, length);
}

/* Adds `value` where the parser is; NULL, or what is wrong with the document. */
static const char *add_value(struct frame *stack, size_t depth, json_t **root, json_t *value)
{
	static const char *const not_plain = "a mapping key must be a plain value";
	if (!value) /* jansson refused the text: not UTF-8 */
		return "a value is not valid UTF-8";
	if (depth == 0) {
		*root = value;
		return NULL;
	}
	struct frame *top = &stack[depth - 1];
	if (json_is_array(top->container))
		return json_array_append_new(top->container, value) ? not_plain : NULL;
	if (!top->pending_key) {
		/* A mapping key: keep its text until the value arrives. */
		const char *key = json_is_string(value) ? json_string_value(value) : NULL;
		char number[64];
		if (!key && json_is_integer(value)) {
			snprintf(number, sizeof(number), "%lld",
				 (long long)json_integer_value(value));
			key = number;
		}
		if (!key && json_is_boolean(value))
			key = json_is_true(value) ? "true" : "false";
		if (!key && json_is_null(value))
			key = "null";
		if (key && json_is_string(value) && strlen(key) != json_string_length(value)) {
			json_decref(value);
			return "a mapping key must not contain a NUL character";
		}
		/* A repeated key would silently replace the first value a probe checks. */
		if (key && json_object_get(top->container, key)) {
			json_decref(value);
			return "duplicate key";
		}
		top->pending_key = key ? xstrdup(key) : NULL;
		json_decref(value);
		return top->pending_key ? NULL : not_plain;
	}
	int failed = json_object_set_new(top->container, top->pending_key, value);
	free(top->pending_key);
	top->pending_key = NULL;
	return failed ? "a mapping key is not valid" : NULL;
}

static int deliver(const char *path, int document, json_t *root, json_stream_fn *visit,
		   void *context)
{
	char label[4096];
	const char *file = path;
	if (document > 1) {
		snprintf(label, sizeof(label), "%s (document %d)", path, document);
		file = label;
	}
	json_t *items = json_object_get(root, "items");
	if (json_is_object(root) && json_is_array(items)) {
		size_t index;
		json_t *item;
		char pointer[64];
		json_array_foreach(items, index, item) {
			snprintf(pointer, sizeof(pointer), "/items/%zu", index);
			struct json_stream_document doc = {
				.file = file, .pointer = pointer, .root = item, .line = 1};
			if (visit(context, &doc))
				return 1;
		}
		return 0;
	}
	struct json_stream_document doc = {.file = file, .pointer = "", .root = root, .line = 1};
	return visit(context, &doc);
}

int yaml_json_file(const char *path, const char *code_prefix, json_stream_fn *visit, void *context,
		   struct diag_list *diags)
{
	char code[96];
	FILE *stream = fopen(path, "rb");
	if (!stream) {
		snprintf(code, sizeof(code), "%s.unreadable", code_prefix);
		return diag_error(diags, path, 0, 0, code, "cannot open: %s", strerror(errno));
	}
	snprintf(code, sizeof(code), "%s.yaml-syntax", code_prefix);
	yaml_parser_t parser;
	yaml_event_t event;
	struct frame stack[MAX_DEPTH];
	size_t depth = 0;
	json_t *root = NULL;
	int result = 0, done = 0, document = 0;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stream);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			result = diag_error(diags, path, (int)parser.problem_mark.line + 1,
					    (int)parser.problem_mark.column + 1, code,
					    "invalid YAML: %s",
					    parser.problem ? parser.problem : "syntax error");
			break;
		}
		int line = (int)event.start_mark.line + 1,
		    column = (int)event.start_mark.column + 1;
		json_t *value = NULL;
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			document++;
			root = NULL;
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (root && deliver(path, document, root, visit, context))
				done = 1;
			json_decref(root);
			root = NULL;
			break;
		case YAML_ALIAS_EVENT:
			result = diag_error(diags, path, line, column, code,
					    "YAML aliases are not supported in evidence files");
			done = 1;
			break;
		case YAML_SCALAR_EVENT: {
			const char *text = (const char *)event.data.scalar.value;
			size_t length = event.data.scalar.length;
			value = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
					? plain_scalar(text, length)
					: json_stringn(text, length);
			const char *problem = add_value(stack, depth, &root, value);
			if (problem) {
				result = diag_error(diags, path, line, column, code, "%s", problem);
				done = 1;
			}
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == MAX_DEPTH) {
				result = diag_error(diags, path, line, column, code,
						    "nesting deeper than %d levels", MAX_DEPTH);
				done = 1;
				break;
			}
			value = event.type == YAML_SEQUENCE_START_EVENT ? json_array()
									: json_object();
			const char *problem = add_value(stack, depth, &root, json_incref(value));
			if (problem) {
				json_decref(value);
				result = diag_error(diags, path, line, column, code, "%s", problem);
				done = 1;
				break;
			}
			stack[depth].container = value;
			stack[depth].pending_key = NULL;
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			free(stack[depth].pending_key);
			json_decref(stack[depth].container);
			break;
		default:
			break;
		}
		yaml_event_delete(&event);
	}
	while (depth > 0) {
		depth--;
		free(stack[depth].pending_key);
		json_decref(stack[depth].container);
	}
	json_decref(root);
	yaml_parser_delete(&parser);
	fclose(stream);
	return result;
}
