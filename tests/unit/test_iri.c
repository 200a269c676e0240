#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "iri.h"
#include "miniwget/url.h"

static void expect_ascii(const char *host, const char *want)
{
    char err[200] = "";
    char *got = mw_iri_host_to_ascii(host, err, sizeof err);
    cr_assert(got, "%s: %s", host, err);
    cr_expect_str_eq(got, want, "%s", host);
    free(got);
}

Test(iri, hosts_go_through_idna_2008)
{
    expect_ascii("bücher.example", "xn--bcher-kva.example");
    expect_ascii("BÜCHER.example", "xn--bcher-kva.example"); /* UTS #46 maps case */
    expect_ascii("faß.de", "xn--fa-hia.de");                  /* 2008 keeps ß; 2003 made "fass.de" */
    expect_ascii("παράδειγμα.δοκιμή", "xn--hxajbheg2az3al.xn--jxalpdlp");
}

Test(iri, a_leading_combining_mark_is_no_name)
{
    char err[200] = "";
    cr_expect_null(mw_iri_host_to_ascii("\xcc\x81" "a.example", err, sizeof err));
    cr_expect(strstr(err, "idn_encode failed") != NULL, "%s", err);
}

Test(iri, url_parse_encodes_the_host)
{
    mw_url u;
    cr_assert_eq(mw_url_parse("http://bücher.example/caf\xc3\xa9", &u, NULL, 0), MW_URL_OK);
    cr_expect_str_eq(u.host, "xn--bcher-kva.example");
    cr_expect_str_eq(u.path, "/caf%C3%A9");
    mw_url_free(&u);
    cr_assert_eq(mw_url_parse("http://b%C3%BCcher.example/", &u, NULL, 0), MW_URL_OK);
    cr_expect_str_eq(u.host, "xn--bcher-kva.example");
    mw_url_free(&u);
    cr_expect_eq(mw_url_parse("http://b%C3%BC%00x.example/", &u, NULL, 0), MW_URL_INVALID_HOST);
}

Test(iri, charset_parameters_and_meta)
{
    char cs[64];
    cr_expect(mw_iri_charset_param("text/html; charset=\"ISO-8859-1\"", 32, cs, sizeof cs));
    cr_expect_str_eq(cs, "ISO-8859-1");
    const char *doc = "<html><head><META http-equiv=Content-Type content='text/html; charset=koi8-r'></head>";
    cr_expect(mw_iri_meta_charset(doc, strlen(doc), cs, sizeof cs));
    cr_expect_str_eq(cs, "koi8-r");
    const char *html5 = "<!doctype html><meta charset=windows-1252><p>x";
    cr_expect(mw_iri_meta_charset(html5, strlen(html5), cs, sizeof cs));
    cr_expect_str_eq(cs, "windows-1252");
    const char *none = "<p>charset=utf-8 in text</p><meta name=x>";
    cr_expect_not(mw_iri_meta_charset(none, strlen(none), cs, sizeof cs));
}

Test(iri, conversion_keeps_a_map_back_to_the_original_bytes)
{
    const char latin1[] = "d\xe9j\xe0 <a href=\"caf\xe9\">";
    size_t *map = NULL, len = 0;
    char *utf8 = mw_iri_to_utf8_mapped(latin1, strlen(latin1), "ISO-8859-1", &map, &len);
    cr_assert(utf8);
    cr_expect_str_eq(utf8, "d\xc3\xa9j\xc3\xa0 <a href=\"caf\xc3\xa9\">");
    const char *href = strstr(utf8, "caf");
    size_t at = (size_t)(href - utf8);
    cr_expect_eq(map[at], (size_t)(strstr(latin1, "caf") - latin1));
    cr_expect_eq(map[at + 5], strlen(latin1) - 2); /* the end of "café" is the closing quote in latin1 */
    cr_expect_eq(map[len], strlen(latin1));
    free(utf8);
    free(map);
    cr_expect_null(mw_iri_to_utf8_mapped("x", 1, "no-such-charset", &map, &len));
}

Test(iri, convert_between_charsets)
{
    char *s = mw_iri_convert("caf\xc3\xa9", 5, "UTF-8", "ISO-8859-1");
    cr_assert(s);
    cr_expect_str_eq(s, "caf\xe9");
    free(s);
    cr_expect_null(mw_iri_convert("caf\xe9", 4, "UTF-8", "ISO-8859-1")); /* not UTF-8 */
    cr_expect(mw_iri_is_utf8("utf8") && mw_iri_is_utf8("UTF-8") && !mw_iri_is_utf8("latin1"));
}
