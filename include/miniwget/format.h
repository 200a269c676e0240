/* format: numbers, rates and times worded as GNU wget words them. */
#ifndef MINIWGET_FORMAT_H
#define MINIWGET_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "miniwget/export.h"

/* "1.0M", "976K", "12G"; bytes below 1024 as plain digits. */
MW_API void mw_format_size(int64_t bytes, char *buf, size_t buflen);
/* "50.2 MB/s", "812 KB/s", "3.00 B/s"; rate in bytes per second. */
MW_API void mw_format_rate(double bytes_per_second, char *buf, size_t buflen);
/* The rate of bytes received in seconds; a time too short to measure
 * counts as half a millisecond, so a quick small file has a rate too. */
MW_API void mw_format_rate_of(int64_t bytes, double seconds, char *buf, size_t buflen);
/* --report-speed=bits: "629 Mb/s", "812 Kb/s", "24 b/s" (bits, powers of 1000, as wget);
 * rate in bytes per second. */
MW_API void mw_format_rate_bits(double bytes_per_second, char *buf, size_t buflen);
/* "0.04s", "9.9s", "59s", "1m 1s", "1h 2m 5s", "1d 1h 1m 1s". */
MW_API void mw_format_duration(double seconds, char *buf, size_t buflen);
/* Local time "2026-11-24 21:36:08". */
MW_API void mw_format_timestamp(time_t when, char *buf, size_t buflen);

#endif
