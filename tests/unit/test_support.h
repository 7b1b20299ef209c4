/*
 * Helpers shared by the unit tests: cmocka includes in the order it needs,
 * and assertions over diagnostic lists that print every diagnostic when
 * they fail, so a broken fixture explains itself.
 */
#ifndef SRGAP_TEST_SUPPORT_H
#define SRGAP_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/diag.h"

#define FIXTURE(name) SRGAP_TEST_FIXTURES "/" name

static inline void print_diags(const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *d = &diags->items[i];
		print_message("  diag: %s:%d:%d: %s [%s]\n", d->file, d->line, d->column,
			      d->message, d->code);
	}
}

static inline size_t count_code(const struct diag_list *diags, const char *code)
{
	size_t count = 0;
	for (size_t i = 0; i < diags->count; i++)
		count += !strcmp(diags->items[i].code, code);
	return count;
}

/*
 * The diagnostic with `code` at line:column (column 0: any column) whose
 * message contains every non-NULL needle. Fails the test, listing all
 * diagnostics, if there is none.
 */
static inline const struct diag *expect_diag_impl(const struct diag_list *diags, const char *code,
						  int line, int column, const char *needle1,
						  const char *needle2, const char *file, int at)
{
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *d = &diags->items[i];
		if (strcmp(d->code, code) || d->line != line || (column && d->column != column))
			continue;
		if (needle1 && !strstr(d->message, needle1))
			continue;
		if (needle2 && !strstr(d->message, needle2))
			continue;
		return d;
	}
	print_message("%s:%d: no diagnostic [%s] at %d:%d containing '%s' '%s'; got %zu:\n", file,
		      at, code, line, column, needle1 ? needle1 : "", needle2 ? needle2 : "",
		      diags->count);
	print_diags(diags);
	_fail(file, at);
	return NULL;
}

#define expect_diag(diags, code, line, column, needle)                                             \
	expect_diag_impl((diags), (code), (line), (column), (needle), NULL, __FILE__, __LINE__)
#define expect_diag2(diags, code, line, column, needle1, needle2)                                  \
	expect_diag_impl((diags), (code), (line), (column), (needle1), (needle2), __FILE__,        \
			 __LINE__)

/* Exactly `count` errors; lists them when not. */
#define assert_error_count(diags, count)                                                           \
	do {                                                                                       \
		if (diag_error_count(diags) != (size_t)(count)) {                                  \
			print_message("expected %zu errors, got %zu:\n", (size_t)(count),          \
				      diag_error_count(diags));                                    \
			print_diags(diags);                                                        \
			_fail(__FILE__, __LINE__);                                                 \
		}                                                                                  \
	} while (0)

#endif
