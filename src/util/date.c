/*
 * Civil-date arithmetic (proleptic Gregorian) without time zones or libc
 * time parsing, so results never depend on the machine's locale or TZ.
 */
#include "util/date.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long days_from_civil(long year, long month, long day)
{
	year -= month <= 2;
	long era = (year >= 0 ? year : year - 399) / 400;
	long year_of_era = year - era * 400;
	long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + day_of_era - 719468;
}

static void civil_from_days(long days, long *year, long *month, long *day)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long day_of_era = days - era * 146097;
	long year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long mp = (5 * day_of_year + 2) / 153;
	*day = day_of_year - (153 * mp + 2) / 5 + 1;
	*month = mp < 10 ? mp + 3 : mp - 9;
	*year = year_of_era + era * 400 + (*month <= 2);
}

static int digits(const char *text, int count)
{
	int value = 0;
	for (int i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

bool date_parse(const char *text, long *days)
{
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	int year = digits(text, 4), month = digits(text + 5, 2), day = digits(text + 8, 2);
	if (year < 1900 || month < 1 || month > 12 || day < 1)
		return false;
	static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (day > month_days[month - 1] + (month == 2 && leap))
		return false;
	*days = days_from_civil(year, month, day);
	return true;
}

void date_format(long days, char *out, size_t size)
{
	long year, month, day;
	civil_from_days(days, &year, &month, &day);
	snprintf(out, size, "%04ld-%02ld-%02ld", year, month, day);
}

long date_today(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long seconds = strtoll(epoch, &end, 10);
		/* Out of range or not a number: ignore it, as reproducible-builds tools do. */
		if (!*end && errno == 0 && seconds >= 0)
			return (long)(seconds / 86400);
	}
	return (long)(time(NULL) / 86400);
}
