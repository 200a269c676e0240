#include "miniwget/format.h"

#include <stdio.h>
#include <string.h>

void mw_format_size(int64_t bytes, char *buf, size_t buflen)
{
    static const char suffixes[] = "KMGTPE";
    if (bytes < 1024) {
        snprintf(buf, buflen, "%lld", (long long)bytes);
        return;
    }
    double value = (double)bytes / 1024.0;
    size_t i = 0;
    while (value >= 1024.0 && i + 1 < sizeof suffixes - 1) {
        value /= 1024.0;
        i++;
    }
    /* wget shows one decimal below 10, whole numbers above. */
    if (value < 10.0)
        snprintf(buf, buflen, "%.1f%c", value, suffixes[i]);
    else
        snprintf(buf, buflen, "%.0f%c", value, suffixes[i]);
}

void mw_format_rate(double rate, char *buf, size_t buflen)
{
    static const char *units[] = { "B/s", "KB/s", "MB/s", "GB/s", "TB/s" };
    size_t i = 0;
    while (rate >= 1024.0 && i + 1 < sizeof units / sizeof units[0]) {
        rate /= 1024.0;
        i++;
    }
    int decimals = rate >= 99.95 ? 0 : rate >= 9.995 ? 1 : 2;
    snprintf(buf, buflen, "%.*f %s", decimals, rate, units[i]);
}

void mw_format_timestamp(time_t when, char *buf, size_t buflen)
{
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(buf, buflen, "%Y-%m-%d %H:%M:%S", &tm);
}

time_t mw_parse_http_date(const char *text)
{
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
