/* format: wget's wording of sizes, rates and HTTP dates. */
#include <criterion/criterion.h>

#include "date.h"
#include "miniwget/format.h"
#include "miniwget/miniwget.h"

Test(format, sizes_as_wget_shows_them)
{
    char buf[32];
    mw_format_size(6, buf, sizeof buf);
    cr_assert_str_eq(buf, "6");
    mw_format_size(1024 * 1024, buf, sizeof buf);
    cr_assert_str_eq(buf, "1.0M");
    mw_format_size(5 * 1024 * 1024, buf, sizeof buf);
    cr_assert_str_eq(buf, "5.0M");
    mw_format_size(999 * 1024, buf, sizeof buf);
    cr_assert_str_eq(buf, "999K");
    mw_format_size((int64_t)1 << 30, buf, sizeof buf);
    cr_assert_str_eq(buf, "1.0G");
}

Test(format, rates_with_three_significant_digits)
{
    char buf[32];
    mw_format_rate(50.2 * 1024 * 1024, buf, sizeof buf);
    cr_assert_str_eq(buf, "50.2 MB/s");
    mw_format_rate(812 * 1024, buf, sizeof buf);
    cr_assert_str_eq(buf, "812 KB/s");
    mw_format_rate(3, buf, sizeof buf);
    cr_assert_str_eq(buf, "3.00 B/s");
}

/* wget's secs_to_human_time: decimals under a minute, then units. */
Test(format, durations_as_wget_words_them)
{
    char buf[32];
    struct { double seconds; const char *want; } cases[] = {
        { 0.0, "0s" }, { 0.0003, "0s" }, { 0.0007, "0.001s" }, { 0.04, "0.04s" }, { 0.5, "0.5s" },
        { 1.25, "1.2s" }, { 9.94, "9.9s" }, { 9.96, "10s" }, { 59.4, "59s" }, { 61.0, "1m 1s" },
        { 3725.0, "1h 2m 5s" }, { 90061.0, "1d 1h 1m 1s" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mw_format_duration(cases[i].seconds, buf, sizeof buf);
        cr_assert_str_eq(buf, cases[i].want, "%g s", cases[i].seconds);
    }
}

Test(format, parses_the_three_http_date_forms)
{
    cr_assert_eq(mw_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
    cr_assert_eq(mw_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
    cr_assert_eq(mw_parse_http_date("Sun Nov  6 08:49:37 1994"), 784111777);
    cr_assert_eq(mw_parse_http_date("yesterday"), -1);
}

Test(format, parses_imf_fixdates_across_the_calendar)
{
    cr_assert_eq(mw_parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
    cr_assert_eq(mw_parse_http_date("Tue, 29 Feb 2000 23:59:59 GMT"), 951868799);
    cr_assert_eq(mw_parse_http_date("Wed, 31 Dec 2025 12:00:00 GMT"), 1767182400);
    cr_assert_eq(mw_parse_http_date("Mon, 01 Mar 2100 00:00:00 GMT"), 4107542400);
    /* what is not a date stays none, however close */
    cr_assert_eq(mw_parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), -1);
    cr_assert_eq(mw_parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), -1);
    cr_assert_eq(mw_parse_http_date("Sun, 32 Nov 1994 08:49:37 GMT"), -1);
    cr_assert_eq(mw_parse_http_date("Sun, 06 Nov 1994 24:49:37 GMT"), -1);
    cr_assert_eq(mw_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT "), -1);
    cr_assert_eq(mw_parse_http_date("Sun, 6 Nov 1994 08:49:37 GMT"), 784111777); /* lenient, as wget */
    cr_assert_eq(mw_parse_http_date(""), -1);
}

Test(status, combines_like_wget)
{
    cr_assert_eq(mw_status_worse(MW_OK, MW_ERR_SERVER), MW_ERR_SERVER);
    cr_assert_eq(mw_status_worse(MW_ERR_SERVER, MW_ERR_NETWORK), MW_ERR_NETWORK);
    cr_assert_eq(mw_status_worse(MW_ERR_GENERIC, MW_ERR_SERVER), MW_ERR_SERVER);
    cr_assert_eq(mw_status_worse(MW_ERR_GENERIC, MW_OK), MW_ERR_GENERIC);
    cr_assert_eq(mw_status_worse(MW_ERR_IO, MW_ERR_GENERIC), MW_ERR_IO);
}
