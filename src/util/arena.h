/*
 * A bump allocator for data with one shared lifetime: a loaded catalog,
 * provider model or inventory owns one arena and frees everything at once.
 */
#ifndef SRGAP_UTIL_ARENA_H
#define SRGAP_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *arena);
/* Frees every allocation made from the arena; the arena can be reused. */
void arena_release(struct arena *arena);
/* Zeroed, aligned for any type; never NULL. */
void *arena_alloc(struct arena *arena, size_t size);
void *arena_alloc_array(struct arena *arena, size_t count, size_t size);
char *arena_strdup(struct arena *arena, const char *text);
char *arena_strndup(struct arena *arena, const char *text, size_t length);
char *arena_printf(struct arena *arena, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
