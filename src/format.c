/* format: sizes, rates, durations and local timestamps, worded as wget
 * words them in its messages. */
#include "miniwget/format.h"

#include <stdint.h>
#include <stdio.h>

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

void mw_format_rate_bits(double rate, char *buf, size_t buflen)
{
    static const char *units[] = { "b/s", "Kb/s", "Mb/s", "Gb/s", "Tb/s" };
    size_t i = 0;
    rate *= 8.0;
    while (rate >= 1000.0 && i + 1 < sizeof units / sizeof units[0]) {
        rate /= 1000.0;
        i++;
    }
    int decimals = rate >= 99.95 ? 0 : rate >= 9.995 ? 1 : 2;
    snprintf(buf, buflen, "%.*f %s", decimals, rate, units[i]);
}

void mw_format_rate_of(int64_t bytes, double seconds, char *buf, size_t buflen)
{
    mw_format_rate((double)bytes / (seconds > 0.0005 ? seconds : 0.0005), buf, buflen);
}

void mw_format_duration(double seconds, char *buf, size_t buflen)
{
    long whole = (long)(seconds + 0.5);
    long days = whole / 86400, hours = whole / 3600 % 24, minutes = whole / 60 % 60, secs = whole % 60;
    if (days)
        snprintf(buf, buflen, "%ldd %ldh %ldm %lds", days, hours, minutes, secs);
    else if (hours)
        snprintf(buf, buflen, "%ldh %ldm %lds", hours, minutes, secs);
    else if (minutes)
        snprintf(buf, buflen, "%ldm %lds", minutes, secs);
    else if (seconds >= 9.95) /* wget's print_decimal: 9.96 is "10", not "10.0" */
        snprintf(buf, buflen, "%.0fs", seconds);
    else if (seconds >= 0.95)
        snprintf(buf, buflen, "%.1fs", seconds);
    else if (seconds >= 0.001)
        snprintf(buf, buflen, "%.1gs", seconds);
    else if (seconds >= 0.0005)
        snprintf(buf, buflen, "%.3fs", seconds);
    else
        snprintf(buf, buflen, "0s");
}

void mw_format_timestamp(time_t when, char *buf, size_t buflen)
{
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(buf, buflen, "%Y-%m-%d %H:%M:%S", &tm);
}
