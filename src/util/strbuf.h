/*
 * A growable, always NUL-terminated string. Owned by whoever called
 * strbuf_init; strbuf_detach hands the buffer over.
 */
#ifndef SRGAP_UTIL_STRBUF_H
#define SRGAP_UTIL_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t capacity;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Shortens to `length` bytes (at most the current length). */
void strbuf_truncate(struct strbuf *sb, size_t length);
char *strbuf_detach(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *data, size_t length);
void strbuf_addstr(struct strbuf *sb, const char *text);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* Appends `count` copies of c. */
void strbuf_addchars(struct strbuf *sb, char c, size_t count);

#endif
