#include <criterion/criterion.h>
#include <string.h>

#include "addr.h"

Test(addr, literals_are_numeric_v4_and_v6)
{
    cr_expect(mw_addr_is_literal("127.0.0.1"));
    cr_expect(mw_addr_is_literal("::1"));
    cr_expect(mw_addr_is_literal("2001:db8::42"));
    cr_expect(mw_addr_is_literal("::ffff:1.2.3.4"));
    cr_expect(!mw_addr_is_literal("example.com"));
    cr_expect(!mw_addr_is_literal("x.1.2.3.4"));
    cr_expect(!mw_addr_is_literal("[::1]"));
    cr_expect(!mw_addr_is_literal("1.2.3"));
    cr_expect(!mw_addr_is_literal(""));
}

Test(addr, host_port_brackets_ipv6)
{
    char out[64];
    cr_expect_eq(mw_addr_host_port(out, sizeof out, "example.com", false, 443), 15);
    cr_expect_str_eq(out, "example.com:443");
    mw_addr_host_port(out, sizeof out, "::1", true, 8080);
    cr_expect_str_eq(out, "[::1]:8080");
    mw_addr_host_port(out, sizeof out, "127.0.0.1", false, 80);
    cr_expect_str_eq(out, "127.0.0.1:80");
}

Test(addr, host_port_truncates_like_snprintf)
{
    char out[6];
    cr_expect_eq(mw_addr_host_port(out, sizeof out, "example.com", false, 80), 14);
    cr_expect_str_eq(out, "examp");
}
