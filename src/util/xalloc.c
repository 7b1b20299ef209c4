/*
 * Out-of-memory handling for the whole program: die with exit status 3
 * (internal error) instead of spreading NULL checks through every caller.
 */
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_out_of_memory(size_t size)
{
	fprintf(stderr, "srgap: out of memory (%zu bytes)\n", size);
	exit(3);
}

void *xmalloc(size_t size)
{
	void *pointer = malloc(size ? size : 1);
	if (!pointer)
		die_out_of_memory(size);
	return pointer;
}

void *xcalloc(size_t count, size_t size)
{
	void *pointer = calloc(count ? count : 1, size ? size : 1);
	if (!pointer)
		die_out_of_memory(count * size);
	return pointer;
}

void *xrealloc(void *pointer, size_t size)
{
	void *grown = realloc(pointer, size ? size : 1);
	if (!grown)
		die_out_of_memory(size);
	return grown;
}

void *xgrow(void *pointer, size_t *capacity, size_t needed, size_t item_size)
{
	if (needed <= *capacity)
		return pointer;
	size_t grown = *capacity ? *capacity : 8;
	while (grown < needed) {
		if (grown > SIZE_MAX / 2 / item_size)
			die_out_of_memory(SIZE_MAX);
		grown *= 2;
	}
	*capacity = grown;
	return xrealloc(pointer, grown * item_size);
}

char *xstrdup(const char *text)
{
	return xstrndup(text, strlen(text));
}

char *xstrndup(const char *text, size_t length)
{
	char *copy = xmalloc(length + 1);
	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

char *xasprintf(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (length < 0)
		die_out_of_memory(0);
	char *text = xmalloc((size_t)length + 1);
	va_start(args, format);
	vsnprintf(text, (size_t)length + 1, format, args);
	va_end(args);
	return text;
}
