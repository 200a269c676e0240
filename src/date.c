/* date: HTTP dates (Last-Modified, If-Modified-Since) read and written,
 * and UTC calendar dates turned into time_t without the local time zone. */
#include "date.h"

#include <stdint.h>
#include <string.h>

static int two_digits(const char *s)
{
    return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

time_t mw_time_from_utc(int year, int month, int day, int hour, int minute, int second)
{
    /* days since 1970-01-01 (H. Hinnant's days_from_civil): no time zone or
     * timegm() normalisation gets involved */
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return (time_t)(days * 86400 + hour * 3600 + minute * 60 + second);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT", the form every current server sends,
 * read by hand: strptime costs more than the rest of a small download. */
static time_t parse_imf_fixdate(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
        s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
        return -1;
    int month = 0;
    while (month < 12 && memcmp(months + 3 * month, s + 8, 3) != 0)
        month++;
    int day = two_digits(s + 5), century = two_digits(s + 12), year = two_digits(s + 14);
    int hour = two_digits(s + 17), minute = two_digits(s + 20), second = two_digits(s + 23);
    if (month == 12 || day < 1 || day > 31 || century < 0 || year < 0 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 60)
        return -1;
    return mw_time_from_utc(century * 100 + year, month + 1, day, hour, minute, second);
}

time_t mw_parse_http_date(const char *text)
{
    time_t fast = parse_imf_fixdate(text);
    if (fast != -1)
        return fast;
    static const char *formats[] = {
        "%a, %d %b %Y %H:%M:%S GMT", /* IMF-fixdate */
        "%A, %d-%b-%y %H:%M:%S GMT", /* RFC 850 */
        "%a %b %e %H:%M:%S %Y",      /* asctime */
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(text, formats[i], &tm);
        if (end && *end == '\0')
            return timegm(&tm);
    }
    return -1;
}

void mw_format_http_date(time_t when, char *buf, size_t buflen)
{
    struct tm tm;
    gmtime_r(&when, &tm);
    strftime(buf, buflen, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}
