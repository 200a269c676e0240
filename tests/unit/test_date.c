/* date: HTTP dates written as servers expect them (If-Modified-Since), and
 * read back. The reading cases are in test_format.c, from before the split. */
#include <criterion/criterion.h>

#include "date.h"

Test(date, writes_imf_fixdates_in_utc)
{
    char buf[64];
    mw_format_http_date(784111777, buf, sizeof buf);
    cr_assert_str_eq(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
    mw_format_http_date(0, buf, sizeof buf);
    cr_assert_str_eq(buf, "Thu, 01 Jan 1970 00:00:00 GMT");
}

Test(date, what_it_writes_it_reads_back)
{
    const time_t moments[] = { 0, 951868799, 1767182400, 4107542400 };
    for (size_t i = 0; i < sizeof moments / sizeof moments[0]; i++) {
        char buf[64];
        mw_format_http_date(moments[i], buf, sizeof buf);
        cr_assert_eq(mw_parse_http_date(buf), moments[i], "%s", buf);
    }
}

Test(date, utc_calendar_dates_ignore_the_local_zone)
{
    cr_assert_eq(mw_time_from_utc(1994, 11, 6, 8, 49, 37), 784111777);
    cr_assert_eq(mw_time_from_utc(2000, 2, 29, 23, 59, 59), 951868799);
}
