/*
 * Calendar dates as days since 1970-01-01, the only form srgap compares.
 * Dates in user files are ISO 8601 `YYYY-MM-DD`.
 */
#ifndef SRGAP_UTIL_DATE_H
#define SRGAP_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses a whole string `YYYY-MM-DD` (a real calendar date) into *days. */
bool date_parse(const char *text, long *days);
/* Writes `YYYY-MM-DD` into out (at least 11 bytes). */
void date_format(long days, char *out, size_t size);
/* The run's date: SOURCE_DATE_EPOCH if set and valid, else today (UTC). */
long date_today(void);

#endif
