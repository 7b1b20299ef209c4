/*
 * Allocation wrappers that never return NULL. Running out of memory is not a
 * condition srgap can report usefully, so these print one line and exit 3.
 */
#ifndef SRGAP_UTIL_XALLOC_H
#define SRGAP_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
/* Grows an array to hold at least `needed` items of `item_size`; updates *capacity. */
void *xgrow(void *pointer, size_t *capacity, size_t needed, size_t item_size);
char *xstrdup(const char *text);
char *xstrndup(const char *text, size_t length);
/* printf into a new string the caller frees. */
char *xasprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
