/* date: HTTP dates and UTC calendar dates; private to the library (the
 * program's own messages use miniwget/format.h). */
#ifndef MW_DATE_H
#define MW_DATE_H

#include <stddef.h>
#include <time.h>

/* The time_t of a UTC date and time of the proleptic Gregorian calendar
 * (month 1-12), whatever the local time zone. */
time_t mw_time_from_utc(int year, int month, int day, int hour, int minute, int second);
/* Parses an HTTP date (IMF-fixdate, RFC 850 or asctime); returns -1 when unparseable. */
time_t mw_parse_http_date(const char *text);
/* Writes when as an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (30 bytes with the NUL). */
void mw_format_http_date(time_t when, char *buf, size_t buflen);

#endif
