/* Growable strings; see strbuf.h. */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->capacity = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->capacity)
		free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->capacity)
		sb->buf[0] = '\0';
}

void strbuf_truncate(struct strbuf *sb, size_t length)
{
	if (length >= sb->len)
		return;
	sb->len = length;
	sb->buf[length] = '\0';
}

char *strbuf_detach(struct strbuf *sb)
{
	char *text = sb->capacity ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return text;
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
	size_t needed = sb->len + extra + 1;
	if (needed <= sb->capacity)
		return;
	char *old = sb->capacity ? sb->buf : NULL;
	size_t capacity = sb->capacity;
	sb->buf = xgrow(old, &capacity, needed, 1);
	if (!old)
		sb->buf[0] = '\0';
	sb->capacity = capacity;
}

void strbuf_add(struct strbuf *sb, const char *data, size_t length)
{
	strbuf_reserve(sb, length);
	memcpy(sb->buf + sb->len, data, length);
	sb->len += length;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *text)
{
	strbuf_add(sb, text, strlen(text));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_addchars(struct strbuf *sb, char c, size_t count)
{
	strbuf_reserve(sb, count);
	memset(sb->buf + sb->len, c, count);
	sb->len += count;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	int length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (length <= 0)
		return;
	strbuf_reserve(sb, (size_t)length);
	va_start(args, format);
	vsnprintf(sb->buf + sb->len, (size_t)length + 1, format, args);
	va_end(args);
	sb->len += (size_t)length;
}
