/*
 * Builds the ynode tree from libyaml's event stream with an explicit stack
 * (no recursion, so nesting depth is a checked limit, not a stack overflow).
 * It does not interpret scalars: the loaders decide what a value means.
 */
#include "io/yaml_tree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

struct open_collection {
	struct ynode *node;
	struct ynode **children; /* heap, grown; mappings alternate key, value */
	size_t count;
	size_t capacity;
};

struct builder {
	struct arena *arena;
	const char *file;
	const char *code_prefix;
	struct diag_list *diags;
	struct open_collection stack[YAML_TREE_MAX_DEPTH];
	size_t depth;
	struct ynode *root;
	int failed;
};

static char *code(const char *prefix, const char *suffix, char *buffer, size_t size)
{
	snprintf(buffer, size, "%s.%s", prefix, suffix);
	return buffer;
}

static int builder_error(struct builder *b, int line, int column, const char *suffix,
			 const char *format, ...) __attribute__((format(printf, 5, 6)));

static int builder_error(struct builder *b, int line, int column, const char *suffix,
			 const char *format, ...)
{
	char message[512], code_text[96];
	va_list args;
	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	b->failed = 1;
	return diag_error(b->diags, b->file, line, column,
			  code(b->code_prefix, suffix, code_text, sizeof(code_text)), "%s",
			  message);
}

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, const yaml_mark_t *mark)
{
	struct ynode *node = arena_alloc(b->arena, sizeof(*node));
	node->kind = kind;
	/* libyaml marks are 0-based; this is the one place that converts. */
	node->line = (int)mark->line + 1;
	node->column = (int)mark->column + 1;
	return node;
}

/* By name, then by position, so each run of equal names starts with the first one given. */
static int compare_keys(const void *a, const void *b)
{
	const struct ynode *const *x = a, *const *y = b;
	int order = strcmp((*x)->value, (*y)->value);
	if (order)
		return order;
	if ((*x)->line != (*y)->line)
		return (*x)->line < (*y)->line ? -1 : 1;
	return ((*x)->column > (*y)->column) - ((*x)->column < (*y)->column);
}

static void check_duplicate_keys(struct builder *b, struct ynode *mapping)
{
	size_t count = mapping->count;
	if (count < 2)
		return;
	struct ynode **sorted = xmalloc(count * sizeof(*sorted));
	memcpy(sorted, mapping->keys, count * sizeof(*sorted));
	qsort(sorted, count, sizeof(*sorted), compare_keys);
	const struct ynode *first = sorted[0];
	for (size_t i = 1; i < count; i++) {
		if (strcmp(first->value, sorted[i]->value)) {
			first = sorted[i];
			continue;
		}
		builder_error(b, sorted[i]->line, sorted[i]->column, "duplicate-key",
			      "duplicate key '%s' (first given at line %d)", sorted[i]->value,
			      first->line);
	}
	free(sorted);
}

static int attach(struct builder *b, struct ynode *node)
{
	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	struct open_collection *parent = &b->stack[b->depth - 1];
	if (parent->node->kind == YNODE_MAPPING && parent->count % 2 == 0 &&
	    node->kind != YNODE_SCALAR)
		return builder_error(b, node->line, node->column, "yaml-syntax",
				     "a mapping key must be a plain value, not a %s",
				     ynode_kind_name(node->kind));
	parent->children = xgrow(parent->children, &parent->capacity, parent->count + 1,
				 sizeof(*parent->children));
	parent->children[parent->count++] = node;
	return 0;
}

static int open_collection(struct builder *b, struct ynode *node)
{
	if (attach(b, node) < 0)
		return -1;
	if (b->depth == YAML_TREE_MAX_DEPTH)
		return builder_error(b, node->line, node->column, "yaml-too-deep",
				     "nesting deeper than %d levels", YAML_TREE_MAX_DEPTH);
	struct open_collection *open = &b->stack[b->depth++];
	memset(open, 0, sizeof(*open));
	open->node = node;
	return 0;
}

static int close_collection(struct builder *b)
{
	struct open_collection *open = &b->stack[--b->depth];
	struct ynode *node = open->node;
	if (node->kind == YNODE_SEQUENCE) {
		node->count = open->count;
		node->items = arena_alloc_array(b->arena, open->count, sizeof(*node->items));
		if (open->count) /* `[]`: no children array, and memcpy(NULL) is undefined */
			memcpy(node->items, open->children, open->count * sizeof(*node->items));
	} else {
		node->count = open->count / 2;
		node->keys = arena_alloc_array(b->arena, node->count, sizeof(*node->keys));
		node->items = arena_alloc_array(b->arena, node->count, sizeof(*node->items));
		for (size_t i = 0; i < node->count; i++) {
			node->keys[i] = open->children[2 * i];
			node->items[i] = open->children[2 * i + 1];
		}
		/* Recorded but not fatal: parsing goes on so every duplicate is reported. */
		check_duplicate_keys(b, node);
	}
	free(open->children);
	open->children = NULL;
	return 0;
}

static void builder_release(struct builder *b)
{
	while (b->depth > 0)
		free(b->stack[--b->depth].children);
}

static int handle_event(struct builder *b, const yaml_event_t *event, int *documents)
{
	struct ynode *node;
	switch (event->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1)
			return builder_error(b, (int)event->start_mark.line + 1,
					     (int)event->start_mark.column + 1, "yaml-syntax",
					     "more than one YAML document in the file ('---'); "
					     "keep one per file");
		return 0;
	case YAML_ALIAS_EVENT:
		/* Aliases allow exponential expansion ("billion laughs"); no srgap file needs them.
		 */
		return builder_error(b, (int)event->start_mark.line + 1,
				     (int)event->start_mark.column + 1, "yaml-alias",
				     "YAML aliases ('*%s') are not supported; write the value out",
				     (const char *)event->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		node = new_node(b, YNODE_SCALAR, &event->start_mark);
		node->value = arena_strndup(b->arena, (const char *)event->data.scalar.value,
					    event->data.scalar.length);
		node->plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (strlen(node->value) != event->data.scalar.length)
			return builder_error(b, node->line, node->column, "yaml-syntax",
					     "a value contains a NUL character");
		return attach(b, node);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, new_node(b, YNODE_SEQUENCE, &event->start_mark));
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, new_node(b, YNODE_MAPPING, &event->start_mark));
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(b);
	default:
		return 0;
	}
}

struct ynode *yaml_tree_load_buffer(struct arena *arena, const char *data, size_t length,
				    const char *file_name, const char *code_prefix,
				    struct diag_list *diags)
{
	struct builder b = {
		.arena = arena, .file = file_name, .code_prefix = code_prefix, .diags = diags};
	yaml_parser_t parser;
	yaml_event_t event;
	int documents = 0, done = 0;

	if (!yaml_parser_initialize(&parser)) {
		builder_error(&b, 0, 0, "yaml-syntax", "cannot initialize the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, length);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			const yaml_mark_t *mark =
				parser.problem_mark.line || parser.problem_mark.column
					? &parser.problem_mark
					: &parser.context_mark;
			builder_error(&b, (int)mark->line + 1, (int)mark->column + 1, "yaml-syntax",
				      "invalid YAML: %s%s%s",
				      parser.problem ? parser.problem : "syntax error",
				      parser.context ? " " : "",
				      parser.context ? parser.context : "");
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		if (handle_event(&b, &event, &documents) < 0)
			done = 1;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	builder_release(&b);
	if (!b.failed && !b.root)
		builder_error(&b, 0, 0, "empty", "the file is empty");
	return b.failed ? NULL : b.root;
}

struct ynode *yaml_tree_load_file(struct arena *arena, const char *path, const char *code_prefix,
				  struct diag_list *diags)
{
	return yaml_tree_load_file_digest(arena, path, code_prefix, diags, NULL);
}

struct ynode *yaml_tree_load_file_digest(struct arena *arena, const char *path,
					 const char *code_prefix, struct diag_list *diags,
					 unsigned char *digest)
{
	char code_text[96];
	struct ynode *root = NULL;
	char *data = NULL;
	FILE *stream = fopen(path, "rb");
	if (!stream) {
		diag_error(diags, path, 0, 0, code(code_prefix, "unreadable", code_text, 96),
			   "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(stream), &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_error(diags, path, 0, 0, code(code_prefix, "unreadable", code_text, 96),
			   "not a regular file");
		goto out;
	}
	if ((unsigned long long)st.st_size > YAML_TREE_MAX_BYTES) {
		diag_error(diags, path, 0, 0, code(code_prefix, "too-large", code_text, 96),
			   "file is larger than %u MiB", YAML_TREE_MAX_BYTES >> 20);
		goto out;
	}
	size_t size = (size_t)st.st_size;
	data = xmalloc(size + 1);
	if (fread(data, 1, size, stream) != size) {
		diag_error(diags, path, 0, 0, code(code_prefix, "unreadable", code_text, 96),
			   "read error: %s", strerror(errno));
		goto out;
	}
	data[size] = '\0';
	if (digest) {
		struct sha256 hash;
		sha256_init(&hash);
		sha256_update(&hash, data, size);
		sha256_final(&hash, digest);
	}
	root = yaml_tree_load_buffer(arena, data, size, path, code_prefix, diags);
out:
	free(data);
	fclose(stream);
	return root;
}

const char *ynode_kind_name(enum ynode_kind kind)
{
	switch (kind) {
	case YNODE_SCALAR:
		return "value";
	case YNODE_SEQUENCE:
		return "list";
	case YNODE_MAPPING:
		return "mapping";
	}
	return "node";
}

struct ynode *ynode_get(const struct ynode *mapping, const char *key)
{
	if (!mapping || mapping->kind != YNODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < mapping->count; i++)
		if (!strcmp(mapping->keys[i]->value, key))
			return mapping->items[i];
	return NULL;
}

bool ynode_is_null(const struct ynode *node)
{
	if (!node || node->kind != YNODE_SCALAR || !node->plain)
		return false;
	const char *v = node->value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static void reader_add(const struct yreader *reader, int is_error, const struct ynode *node,
		       const char *suffix, const char *format, va_list args)
{
	char message[1024], code_text[96];
	vsnprintf(message, sizeof(message), format, args);
	code(reader->code_prefix, suffix, code_text, sizeof(code_text));
	int line = node ? node->line : 0, column = node ? node->column : 0;
	if (is_error)
		diag_error(reader->diags, reader->file, line, column, code_text, "%s", message);
	else
		diag_warning(reader->diags, reader->file, line, column, code_text, "%s", message);
}

int yreader_error(const struct yreader *reader, const struct ynode *node, const char *code_suffix,
		  const char *format, ...)
{
	va_list args;
	va_start(args, format);
	reader_add(reader, 1, node, code_suffix, format, args);
	va_end(args);
	return -1;
}

void yreader_warning(const struct yreader *reader, const struct ynode *node,
		     const char *code_suffix, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	reader_add(reader, 0, node, code_suffix, format, args);
	va_end(args);
}

int yreader_expect(const struct yreader *reader, const struct ynode *node, enum ynode_kind kind,
		   const char *what)
{
	if (node->kind == kind)
		return 0;
	return yreader_error(reader, node, "wrong-type", "%s must be a %s, not a %s", what,
			     ynode_kind_name(kind), ynode_kind_name(node->kind));
}

int yreader_check_keys(const struct yreader *reader, const struct ynode *mapping,
		       const char *const *allowed, size_t allowed_count, const char *what)
{
	int result = 0;
	for (size_t i = 0; i < mapping->count; i++) {
		const char *key = mapping->keys[i]->value;
		size_t j;
		for (j = 0; j < allowed_count && strcmp(allowed[j], key); j++)
			;
		if (j < allowed_count)
			continue;
		const char *guess = suggest_closest(key, allowed, allowed_count);
		if (guess)
			result = yreader_error(reader, mapping->keys[i], "unknown-key",
					       "unknown key '%s' in %s (did you mean '%s'?)", key,
					       what, guess);
		else
			result = yreader_error(reader, mapping->keys[i], "unknown-key",
					       "unknown key '%s' in %s", key, what);
	}
	return result;
}

const char *yreader_string(const struct yreader *reader, const struct ynode *mapping,
			   const char *key, bool required, const char *what)
{
	const struct ynode *value = ynode_get(mapping, key);
	if (!value || ynode_is_null(value)) {
		if (required)
			yreader_error(reader, value ? value : mapping, "missing-key",
				      "%s needs '%s'", what, key);
		return NULL;
	}
	if (value->kind != YNODE_SCALAR) {
		yreader_error(reader, value, "wrong-type", "'%s' in %s must be a value, not a %s",
			      key, what, ynode_kind_name(value->kind));
		return NULL;
	}
	return value->value;
}

int yreader_enum(const struct yreader *reader, const struct ynode *node, const char *const *names,
		 size_t count, const char *what)
{
	if (node->kind != YNODE_SCALAR)
		return yreader_error(reader, node, "wrong-type", "%s must be a value, not a %s",
				     what, ynode_kind_name(node->kind));
	for (size_t i = 0; i < count; i++)
		if (!strcmp(names[i], node->value))
			return (int)i;
	struct strbuf expected;
	strbuf_init(&expected);
	for (size_t i = 0; i < count; i++)
		strbuf_addf(&expected, "%s%s", i ? ", " : "", names[i]);
	const char *guess = suggest_closest(node->value, names, count);
	if (guess)
		yreader_error(reader, node, "bad-value", "unknown %s '%s' (did you mean '%s'?)",
			      what, node->value, guess);
	else
		yreader_error(reader, node, "bad-value", "unknown %s '%s'; expected one of: %s",
			      what, node->value, expected.buf);
	strbuf_release(&expected);
	return -1;
}
