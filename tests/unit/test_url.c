/* url: parsing, normalisation and RFC 3986 resolution. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "miniwget/url.h"

static char *roundtrip(const char *text)
{
    mw_url u;
    char err[128] = "";
    cr_assert_eq(mw_url_parse(text, &u, err, sizeof err), MW_URL_OK, "%s: %s", text, err);
    char *s = mw_url_to_string(&u);
    mw_url_free(&u);
    return s;
}

static void expect_string(const char *text, const char *expected)
{
    char *s = roundtrip(text);
    cr_assert_str_eq(s, expected, "%s", text);
    free(s);
}

static void expect_error(const char *text, mw_url_error code, const char *message)
{
    mw_url u;
    char err[128] = "";
    cr_assert_eq(mw_url_parse(text, &u, err, sizeof err), code, "%s", text);
    if (message)
        cr_assert_str_eq(err, message, "%s", text);
}

Test(url, parses_parts_and_default_ports)
{
    mw_url u;
    char err[128];
    cr_assert_eq(mw_url_parse("HTTP://User:p%40ss@Example.COM:8080/a/b?x=1#frag", &u, err, sizeof err), MW_URL_OK);
    cr_assert_eq(u.scheme, MW_SCHEME_HTTP);
    cr_assert_str_eq(u.user, "User");
    cr_assert_str_eq(u.password, "p@ss");
    cr_assert_str_eq(u.host, "example.com");
    cr_assert_eq(u.port, 8080);
    cr_assert_str_eq(u.path, "/a/b");
    cr_assert_str_eq(u.query, "x=1");
    mw_url_free(&u);
    cr_assert_eq(mw_url_parse("https://h", &u, err, sizeof err), MW_URL_OK);
    cr_assert_eq(u.port, 443);
    cr_assert_str_eq(u.path, "/");
    cr_assert_null(u.query);
    mw_url_free(&u);
}

Test(url, text_without_scheme_is_http)
{
    expect_string("example.com/x", "http://example.com/x");
    expect_string("localhost:8080/x", "http://localhost:8080/x");
}

Test(url, prints_without_userinfo_or_default_port)
{
    expect_string("http://u:secret@h:80/p", "http://h/p");
    expect_string("https://h:443/", "https://h/");
    expect_string("http://h:81", "http://h:81/");
}

Test(url, ipv6_literals)
{
    mw_url u;
    char err[128];
    cr_assert_eq(mw_url_parse("http://[::1]:8080/x", &u, err, sizeof err), MW_URL_OK);
    cr_assert_str_eq(u.host, "::1");
    cr_assert(u.host_is_ipv6);
    char *host = mw_url_host_header(&u);
    cr_assert_str_eq(host, "[::1]:8080");
    free(host);
    mw_url_free(&u);
    expect_error("http://[::1", MW_URL_UNTERMINATED_IPV6, "Unterminated IPv6 numeric address.");
    expect_error("http://[zz::1]/", MW_URL_INVALID_IPV6, "Invalid IPv6 numeric address.");
}

Test(url, errors_read_like_wget)
{
    expect_error("gopher://x", MW_URL_UNSUPPORTED_SCHEME, "Unsupported scheme ‘gopher’.");
    expect_error("FTP://x", MW_URL_UNSUPPORTED_SCHEME, "Unsupported scheme ‘ftp’.");
    expect_error("http://", MW_URL_INVALID_HOST, "Invalid host name.");
    expect_error("http://host:99999/", MW_URL_BAD_PORT, "Bad port number.");
    expect_error("http://host:0/", MW_URL_BAD_PORT, "Bad port number.");
    expect_error("http://host:8x/", MW_URL_BAD_PORT, "Bad port number.");
    expect_error("http://ho st/", MW_URL_INVALID_HOST, "Invalid host name.");
    expect_error("http://ho%41st/", MW_URL_INVALID_HOST, "Invalid host name.");
}

Test(url, control_bytes_are_refused_anywhere)
{
    expect_error("http://h/a\r\nX-Evil: 1", MW_URL_INVALID, NULL);
    expect_error("http://h/a\nb", MW_URL_INVALID, NULL);
    expect_error("http://h/a\tb", MW_URL_INVALID, NULL);
    expect_error("http://h\x7f/", MW_URL_INVALID, NULL);
}

Test(url, removes_dot_segments)
{
    expect_string("http://h/a/./b/../c", "http://h/a/c");
    expect_string("http://h/..", "http://h/");
    expect_string("http://h/../../etc/passwd", "http://h/etc/passwd");
    expect_string("http://h/a/b/..", "http://h/a/");
    expect_string("http://h/a/.", "http://h/a/");
}

Test(url, percent_encodes_unsafe_bytes_and_keeps_escapes)
{
    expect_string("http://h/with space", "http://h/with%20space");
    expect_string("http://h/a%20b", "http://h/a%20b");
    expect_string("http://h/100%", "http://h/100%25");
    expect_string("http://h/%zz", "http://h/%25zz");
    expect_string("http://h/\"<>\\^`{|}", "http://h/%22%3C%3E%5C%5E%60%7B%7C%7D");
    expect_string("http://h/caf\xc3\xa9", "http://h/caf%C3%A9");
    expect_string("http://h/p?q=a b&c=/d", "http://h/p?q=a%20b&c=/d");
}

Test(url, request_target_and_host_header)
{
    mw_url u;
    char err[64];
    cr_assert_eq(mw_url_parse("http://h:81/p/q?x", &u, err, sizeof err), MW_URL_OK);
    char *target = mw_url_request_target(&u), *host = mw_url_host_header(&u);
    cr_assert_str_eq(target, "/p/q?x");
    cr_assert_str_eq(host, "h:81");
    free(target);
    free(host);
    mw_url_free(&u);
}

static void expect_resolved(const char *base_text, const char *ref, const char *expected)
{
    mw_url base, out;
    char err[128] = "";
    cr_assert_eq(mw_url_parse(base_text, &base, err, sizeof err), MW_URL_OK);
    cr_assert_eq(mw_url_resolve(&base, ref, &out, err, sizeof err), MW_URL_OK, "%s: %s", ref, err);
    char *s = mw_url_to_string(&out);
    cr_assert_str_eq(s, expected, "ref %s", ref);
    free(s);
    mw_url_free(&out);
    mw_url_free(&base);
}

/* RFC 3986 section 5.4, with http://a/b/c/d;p?q as the base (fragments aside). */
Test(url, resolves_rfc3986_normal_examples)
{
    const char *base = "http://a/b/c/d;p?q";
    const char *cases[][2] = {
        { "g", "http://a/b/c/g" },         { "./g", "http://a/b/c/g" },
        { "g/", "http://a/b/c/g/" },       { "/g", "http://a/g" },
        { "//g", "http://g/" },            { "?y", "http://a/b/c/d;p?y" },
        { "g?y", "http://a/b/c/g?y" },     { "#s", "http://a/b/c/d;p?q" },
        { "g#s", "http://a/b/c/g" },       { ";x", "http://a/b/c/;x" },
        { "g;x", "http://a/b/c/g;x" },     { "", "http://a/b/c/d;p?q" },
        { ".", "http://a/b/c/" },          { "./", "http://a/b/c/" },
        { "..", "http://a/b/" },           { "../", "http://a/b/" },
        { "../g", "http://a/b/g" },        { "../..", "http://a/" },
        { "../../", "http://a/" },         { "../../g", "http://a/g" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_resolved(base, cases[i][0], cases[i][1]);
}

Test(url, resolves_rfc3986_abnormal_examples)
{
    const char *base = "http://a/b/c/d;p?q";
    const char *cases[][2] = {
        { "../../../g", "http://a/g" }, { "../../../../g", "http://a/g" },
        { "/./g", "http://a/g" },       { "/../g", "http://a/g" },
        { "g.", "http://a/b/c/g." },    { ".g", "http://a/b/c/.g" },
        { "g..", "http://a/b/c/g.." },  { "..g", "http://a/b/c/..g" },
        { "./../g", "http://a/b/g" },   { "./g/.", "http://a/b/c/g/" },
        { "g/./h", "http://a/b/c/g/h" }, { "g/../h", "http://a/b/c/h" },
        { "g;x=1/./y", "http://a/b/c/g;x=1/y" }, { "g;x=1/../y", "http://a/b/c/y" },
        { "g?y/./x", "http://a/b/c/g?y/./x" }, { "http:g", "http://g/" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_resolved(base, cases[i][0], cases[i][1]);
}

Test(url, resolving_to_another_scheme_can_fail)
{
    mw_url base, out;
    char err[128];
    cr_assert_eq(mw_url_parse("http://a/b", &base, err, sizeof err), MW_URL_OK);
    cr_assert_eq(mw_url_resolve(&base, "ftp://x/", &out, err, sizeof err), MW_URL_UNSUPPORTED_SCHEME);
    cr_assert_eq(mw_url_resolve(&base, "https://x/y", &out, err, sizeof err), MW_URL_OK);
    cr_assert_eq(out.scheme, MW_SCHEME_HTTPS);
    mw_url_free(&out);
    cr_assert_eq(mw_url_resolve(&base, "/a\r\nb", &out, err, sizeof err), MW_URL_INVALID);
    mw_url_free(&base);
}

Test(url, same_origin)
{
    mw_url a, b, c;
    char err[64];
    mw_url_parse("http://h/x", &a, err, sizeof err);
    mw_url_parse("http://H:80/y", &b, err, sizeof err);
    mw_url_parse("https://h/x", &c, err, sizeof err);
    cr_assert(mw_url_same_origin(&a, &b));
    cr_assert_not(mw_url_same_origin(&a, &c));
    mw_url_free(&a);
    mw_url_free(&b);
    mw_url_free(&c);
}

Test(url, percent_decode_reports_length_with_nul)
{
    size_t len;
    char *s = mw_percent_decode("a%00b%2fc%zz%4", &len);
    cr_assert_eq(len, 10);
    cr_assert_arr_eq(s, "a\0b/c%zz%4", 10);
    free(s);
}

Test(url, host_in_domain_matches_the_domain_and_below_only)
{
    cr_expect(mw_host_in_domain("example.com", "example.com", 11));
    cr_expect(mw_host_in_domain("www.Example.com", ".example.com", 12));
    cr_expect(mw_host_in_domain("example.com", ".example.com", 12));
    cr_expect(!mw_host_in_domain("badexample.com", "example.com", 11));
    cr_expect(!mw_host_in_domain("com", "example.com", 11));
    cr_expect(!mw_host_in_domain("example.com", ".", 1));
    cr_expect(mw_host_in_domain("a.b.c", "b.c,x", 3)); /* only len bytes count */
}
