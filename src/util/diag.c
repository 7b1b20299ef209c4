/*
 * The diagnostic list. It only stores and prints; deciding what is wrong is
 * the loaders' job.
 */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void diag_list_init(struct diag_list *list)
{
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}

void diag_list_release(struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].message);
		free(list->items[i].code);
	}
	free(list->items);
	diag_list_init(list);
}

static void diag_add(struct diag_list *list, enum diag_severity severity, const char *file,
		     int line, int column, const char *code, const char *format, va_list args)
{
	va_list copy;
	va_copy(copy, args);
	int length = vsnprintf(NULL, 0, format, copy);
	va_end(copy);
	char *message = xmalloc((size_t)(length < 0 ? 0 : length) + 1);
	vsnprintf(message, (size_t)(length < 0 ? 0 : length) + 1, format, args);

	list->items = xgrow(list->items, &list->capacity, list->count + 1, sizeof(*list->items));
	struct diag *diag = &list->items[list->count++];
	diag->severity = severity;
	diag->file = xstrdup(file ? file : "srgap");
	diag->line = line;
	diag->column = column;
	diag->code = xstrdup(code);
	diag->message = message;
}

void diag_list_take(struct diag_list *to, struct diag_list *from)
{
	if (!from->count)
		return;
	to->items = xgrow(to->items, &to->capacity, to->count + from->count, sizeof(*to->items));
	memcpy(to->items + to->count, from->items, from->count * sizeof(*from->items));
	to->count += from->count;
	free(from->items);
	diag_list_init(from);
}

int diag_error(struct diag_list *list, const char *file, int line, int column, const char *code,
	       const char *format, ...)
{
	va_list args;
	va_start(args, format);
	diag_add(list, DIAG_ERROR, file, line, column, code, format, args);
	va_end(args);
	return -1;
}

void diag_warning(struct diag_list *list, const char *file, int line, int column, const char *code,
		  const char *format, ...)
{
	va_list args;
	va_start(args, format);
	diag_add(list, DIAG_WARNING, file, line, column, code, format, args);
	va_end(args);
}

size_t diag_error_count(const struct diag_list *list)
{
	size_t errors = 0;
	for (size_t i = 0; i < list->count; i++)
		errors += list->items[i].severity == DIAG_ERROR;
	return errors;
}

bool diag_has_code(const struct diag_list *list, const char *code)
{
	for (size_t i = 0; i < list->count; i++)
		if (!strcmp(list->items[i].code, code))
			return true;
	return false;
}

void diag_list_sort(struct diag_list *list)
{
	/* Insertion sort: stable, and lists are short. */
	for (size_t i = 1; i < list->count; i++) {
		struct diag item = list->items[i];
		size_t j = i;
		while (j > 0) {
			const struct diag *prev = &list->items[j - 1];
			int order = strcmp(prev->file, item.file);
			if (!order)
				order = prev->line != item.line ? (prev->line > item.line ? 1 : -1)
								: (prev->column > item.column);
			if (order <= 0)
				break;
			list->items[j] = list->items[j - 1];
			j--;
		}
		list->items[j] = item;
	}
}

void diag_print(FILE *out, const struct diag *diag)
{
	const char *severity = diag->severity == DIAG_ERROR ? "error" : "warning";
	if (diag->line > 0)
		fprintf(out, "%s:%d:%d: %s: %s [%s]\n", diag->file, diag->line,
			diag->column > 0 ? diag->column : 1, severity, diag->message, diag->code);
	else
		fprintf(out, "%s: %s: %s [%s]\n", diag->file, severity, diag->message, diag->code);
}

void diag_list_print(FILE *out, const struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		diag_print(out, &list->items[i]);
}
