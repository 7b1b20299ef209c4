/*
 * Blocks of at least 64 KiB, chained; a large request gets a block of its own.
 * Allocation is a pointer bump, so loading thousands of environments costs
 * few malloc calls.
 */
#include "util/arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define ARENA_BLOCK_SIZE (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *arena)
{
	arena->head = NULL;
}

void arena_release(struct arena *arena)
{
	struct arena_block *block = arena->head;
	while (block) {
		struct arena_block *next = block->next;
		free(block);
		block = next;
	}
	arena->head = NULL;
}

void *arena_alloc(struct arena *arena, size_t size)
{
	const size_t align = alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	struct arena_block *block = arena->head;
	if (!block || block->size - block->used < size) {
		size_t capacity = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
		block = xmalloc(sizeof(*block) + capacity);
		block->used = 0;
		block->size = capacity;
		/* A dedicated big block goes behind the head so the head keeps its free space. */
		if (arena->head && size > ARENA_BLOCK_SIZE) {
			block->next = arena->head->next;
			arena->head->next = block;
		} else {
			block->next = arena->head;
			arena->head = block;
		}
	}
	void *pointer = block->data + block->used;
	block->used += size;
	memset(pointer, 0, size);
	return pointer;
}

void *arena_alloc_array(struct arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return xmalloc(SIZE_MAX); /* dies with the out-of-memory message */
	return arena_alloc(arena, count * size);
}

char *arena_strndup(struct arena *arena, const char *text, size_t length)
{
	char *copy = arena_alloc(arena, length + 1);
	memcpy(copy, text, length);
	return copy;
}

char *arena_strdup(struct arena *arena, const char *text)
{
	return arena_strndup(arena, text, strlen(text));
}

char *arena_printf(struct arena *arena, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	char *text = arena_alloc(arena, (size_t)(length < 0 ? 0 : length) + 1);
	va_start(args, format);
	vsnprintf(text, (size_t)(length < 0 ? 0 : length) + 1, format, args);
	va_end(args);
	return text;
}
