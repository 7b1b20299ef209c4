/*
 * Diagnostics: problems found in user files, collected in a list so that
 * `srgap validate` can report every one of them, then printed compiler style:
 *
 *   acme.yaml:12:5: error: unknown key 'critcality' (did you mean 'criticality'?)
 * [inventory.unknown-key]
 *
 * Lines and columns are 1-based; 0 means "the whole file". The code is stable
 * and what tests match; the message is prose for people.
 */
#ifndef SRGAP_UTIL_DIAG_H
#define SRGAP_UTIL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
};

struct diag {
	enum diag_severity severity;
	char *file;    /* owned */
	int line;      /* 1-based, 0 if unknown */
	int column;    /* 1-based, 0 if unknown */
	char *code;    /* owned, e.g. "inventory.unknown-key" */
	char *message; /* owned */
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t capacity;
};

void diag_list_init(struct diag_list *list);
void diag_list_release(struct diag_list *list);

/* Appends an error; returns -1 so callers can `return diag_error(...)`. */
int diag_error(struct diag_list *list, const char *file, int line, int column, const char *code,
	       const char *format, ...) __attribute__((format(printf, 6, 7)));
void diag_warning(struct diag_list *list, const char *file, int line, int column, const char *code,
		  const char *format, ...) __attribute__((format(printf, 6, 7)));

/* Moves every diagnostic of `from` to the end of `to`; `from` is left empty. */
void diag_list_take(struct diag_list *to, struct diag_list *from);

size_t diag_error_count(const struct diag_list *list);
bool diag_has_code(const struct diag_list *list, const char *code);
/* Sorts by file, line and column (stable) so output follows the documents. */
void diag_list_sort(struct diag_list *list);
void diag_print(FILE *out, const struct diag *diag);
void diag_list_print(FILE *out, const struct diag_list *list);

#endif
