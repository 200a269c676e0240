/* naming: wget's file names, made safe to join to the target directory. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "miniwget/naming.h"

static void expect_name_mode(const char *url_text, int modes, const char *expected)
{
    mw_url u;
    char err[128];
    cr_assert_eq(mw_url_parse(url_text, &u, err, sizeof err), MW_URL_OK, "%s", url_text);
    char *name = mw_name_from_url_mode(&u, modes);
    cr_assert_str_eq(name, expected, "%s", url_text);
    free(name);
    mw_url_free(&u);
}

static void expect_name(const char *url_text, const char *expected)
{
    expect_name_mode(url_text, 0, expected);
}

static void expect_safe(const char *raw, size_t len, const char *expected)
{
    char *name = mw_name_sanitize(raw, len);
    cr_assert_str_eq(name, expected);
    cr_assert_null(strchr(name, '/'));
    free(name);
}

Test(naming, last_segment_decoded)
{
    expect_name("http://h/a/b/file.tar.gz", "file.tar.gz");
    expect_name("http://h/with%20space.txt", "with space.txt");
    expect_name("http://h/caf%C3%A9", "caf\xc3\xa9");
}

Test(naming, directory_urls_are_index_html)
{
    expect_name("http://h", "index.html");
    expect_name("http://h/", "index.html");
    expect_name("http://h/dir/", "index.html");
}

Test(naming, query_stays_in_the_name)
{
    expect_name("http://h/a?b=c", "a?b=c");
    expect_name("http://h/?q=1", "index.html?q=1");
}

Test(naming, traversal_attempts_stay_one_component)
{
    expect_name("http://h/%2e%2e", "%2E%2E");
    expect_name("http://h/x/..%2f..%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd");
    expect_name("http://h/a%2Fb", "a%2Fb");
    expect_name("http://h/%00evil", "%00evil");
    expect_name("http://h/a%0Ab", "a%0Ab");
    expect_name("http://h/.", "index.html");
}

Test(naming, sanitize_rules)
{
    expect_safe("", 0, "index.html");
    expect_safe(".", 1, "%2E");
    expect_safe("..", 2, "%2E%2E");
    expect_safe("../../x", 7, "..%2F..%2Fx");
    expect_safe("a\0b", 3, "a%00b");
    expect_safe("\x1b[31m", 5, "%1B[31m");
    expect_safe("del\x7f", 4, "del%7F");
    expect_safe("...", 3, "...");
}

Test(naming, long_names_are_cut_where_wget_cuts)
{
    /* NAME_MAX less wget's 19 bytes of room for suffixes */
    cr_assert_eq(MW_NAME_MAX, 236);
    char raw[600];
    memset(raw, 'a', sizeof raw);
    char *name = mw_name_sanitize(raw, sizeof raw);
    cr_assert_eq(strlen(name), MW_NAME_MAX);
    free(name);

    /* a cut that would split an escape drops the whole escape */
    char slashes[300];
    memset(slashes, '/', sizeof slashes);
    name = mw_name_sanitize(slashes, sizeof slashes);
    cr_assert_leq(strlen(name), MW_NAME_MAX);
    cr_assert_eq(strlen(name) % 3, 0);
    free(name);

    /* a cut that would split a UTF-8 sequence drops the whole character */
    char utf8[400];
    for (size_t i = 0; i + 1 < sizeof utf8; i += 2) {
        utf8[i] = '\xc3';
        utf8[i + 1] = '\xa9';
    }
    name = mw_name_sanitize(utf8, sizeof utf8);
    cr_assert_leq(strlen(name), MW_NAME_MAX);
    cr_assert_eq(strlen(name) % 2, 0);
    free(name);
}

/* Found by fuzzing: a long run of bytes that are not valid UTF-8 was cut to "". */
Test(naming, long_invalid_utf8_is_cut_but_never_empty)
{
    char raw[400];
    memset(raw, '\xae', sizeof raw);
    char *name = mw_name_sanitize(raw, sizeof raw);
    cr_assert_gt(strlen(name), 200);
    cr_assert_leq(strlen(name), MW_NAME_MAX);
    free(name);
}

Test(naming, numbered_alternatives)
{
    char *a = mw_name_numbered("f", 0, 0), *b = mw_name_numbered("f", 0, 3);
    cr_assert_str_eq(a, "f");
    cr_assert_str_eq(b, "f.3");
    free(a);
    free(b);
    /* the extension -E added stays last, as wget names it: page.php.1.html */
    a = mw_name_numbered("page.php.html", 5, 0), b = mw_name_numbered("page.php.html", 5, 2);
    cr_assert_str_eq(a, "page.php.html");
    cr_assert_str_eq(b, "page.php.2.html");
    free(a);
    free(b);
}

/* --- restrict modes ------------------------------------------------------ */

static void expect_mode(const char *raw, size_t len, int modes, const char *expected)
{
    char *name = mw_name_sanitize_mode(raw, len, modes);
    cr_assert_str_eq(name, expected, "modes %d", modes);
    cr_assert_null(strchr(name, '/'));
    cr_assert_leq(strlen(name), MW_NAME_MAX);
    free(name);
}

#define EXPECT_MODE(raw, modes, expected) expect_mode(raw, sizeof raw - 1, modes, expected)

Test(restrict, parse_words_as_wget)
{
    cr_assert_eq(mw_restrict_parse("unix"), MW_RESTRICT_UNIX);
    cr_assert_eq(mw_restrict_parse("windows"), MW_RESTRICT_WINDOWS);
    cr_assert_eq(mw_restrict_parse("unix,lowercase"), MW_RESTRICT_UNIX | MW_RESTRICT_LOWERCASE);
    cr_assert_eq(mw_restrict_parse("windows,nocontrol,ascii,uppercase"),
                 MW_RESTRICT_WINDOWS | MW_RESTRICT_NOCONTROL | MW_RESTRICT_ASCII | MW_RESTRICT_UPPERCASE);
    cr_assert_eq(mw_restrict_parse("nocontrol"), MW_RESTRICT_NOCONTROL);
    /* later words override: unix/windows, lowercase/uppercase */
    cr_assert_eq(mw_restrict_parse("unix,windows"), MW_RESTRICT_WINDOWS);
    cr_assert_eq(mw_restrict_parse("windows,unix"), MW_RESTRICT_UNIX);
    cr_assert_eq(mw_restrict_parse("lowercase,uppercase"), MW_RESTRICT_UPPERCASE);
    cr_assert_eq(mw_restrict_parse("unix,"), MW_RESTRICT_UNIX); /* wget allows it */
}

Test(restrict, parse_rejects_what_wget_rejects)
{
    cr_assert_eq(mw_restrict_parse(""), -1);
    cr_assert_eq(mw_restrict_parse(",unix"), -1);
    cr_assert_eq(mw_restrict_parse("unix,,ascii"), -1);
    cr_assert_eq(mw_restrict_parse("UNIX"), -1);
    cr_assert_eq(mw_restrict_parse("vms"), -1);
    cr_assert_eq(mw_restrict_parse("unixx"), -1);
    cr_assert_eq(mw_restrict_parse("uni"), -1);
}

Test(restrict, default_is_unix_and_unchanged)
{
    EXPECT_MODE("a\\b|c:d\"e*f<g>h?i", 0, "a\\b|c:d\"e*f<g>h?i");
    EXPECT_MODE("a\\b|c:d\"e*f<g>h?i", MW_RESTRICT_UNIX, "a\\b|c:d\"e*f<g>h?i");
    EXPECT_MODE("x\x01y\x7f\x85\xc3\xa9", 0, "x%01y%7F\x85\xc3\xa9");
    EXPECT_MODE("CON.txt", 0, "CON.txt");
    EXPECT_MODE("file. ", 0, "file. ");
    EXPECT_MODE("..", 0, "%2E%2E");
    EXPECT_MODE("", 0, "index.html");
}

Test(restrict, windows_escapes_its_reserved_bytes)
{
    EXPECT_MODE("a\\b|c:d\"e*f<g>h?i", MW_RESTRICT_WINDOWS, "a%5Cb%7Cc%3Ad%22e%2Af%3Cg%3Eh%3Fi");
    /* bytes 0x80-0x9f stay, as in wget 1.21: they are parts of UTF-8 names ('€' is e2 82 ac) */
    EXPECT_MODE("x\x01\x7f\x80\x9f\xa0\xc3\xa9\xe2\x82\xac", MW_RESTRICT_WINDOWS, "x%01%7F\x80\x9f\xa0\xc3\xa9\xe2\x82\xac");
    EXPECT_MODE("..\\..\\x", MW_RESTRICT_WINDOWS, "..%5C..%5Cx");
    EXPECT_MODE("/etc/passwd", MW_RESTRICT_WINDOWS, "%2Fetc%2Fpasswd");
}

Test(restrict, windows_trailing_dots_and_spaces)
{
    EXPECT_MODE("file. ", MW_RESTRICT_WINDOWS, "file%2E%20");
    EXPECT_MODE("file...", MW_RESTRICT_WINDOWS, "file%2E%2E%2E");
    EXPECT_MODE("a.b", MW_RESTRICT_WINDOWS, "a.b");
    EXPECT_MODE("...", MW_RESTRICT_WINDOWS, "%2E%2E%2E");
    EXPECT_MODE(" ", MW_RESTRICT_WINDOWS, "%20");
    EXPECT_MODE(".", MW_RESTRICT_WINDOWS, "%2E");
    EXPECT_MODE("..", MW_RESTRICT_WINDOWS, "%2E%2E");
}

Test(restrict, windows_device_names)
{
    EXPECT_MODE("CON.txt", MW_RESTRICT_WINDOWS, "CON_.txt");
    EXPECT_MODE("aux", MW_RESTRICT_WINDOWS, "aux_");
    EXPECT_MODE("nul.tar.gz", MW_RESTRICT_WINDOWS, "nul_.tar.gz");
    EXPECT_MODE("Com1", MW_RESTRICT_WINDOWS, "Com1_");
    EXPECT_MODE("lpt9.x", MW_RESTRICT_WINDOWS, "lpt9_.x");
    EXPECT_MODE("COM0", MW_RESTRICT_WINDOWS, "COM0_");
    EXPECT_MODE("COM\xc2\xb9.txt", MW_RESTRICT_WINDOWS, "COM\xc2\xb9_.txt");
    EXPECT_MODE("CONIN$", MW_RESTRICT_WINDOWS, "CONIN$_");
    EXPECT_MODE("CON .txt", MW_RESTRICT_WINDOWS, "CON_ .txt");
    EXPECT_MODE("prn.", MW_RESTRICT_WINDOWS, "prn_%2E");
    EXPECT_MODE("con ", MW_RESTRICT_WINDOWS, "con_%20");
    /* only whole device words */
    EXPECT_MODE("CONSOLE.txt", MW_RESTRICT_WINDOWS, "CONSOLE.txt");
    EXPECT_MODE("COM10", MW_RESTRICT_WINDOWS, "COM10");
    EXPECT_MODE("xCON", MW_RESTRICT_WINDOWS, "xCON");
    EXPECT_MODE("LPT", MW_RESTRICT_WINDOWS, "LPT");
    /* folding keeps the guard */
    EXPECT_MODE("con.txt", MW_RESTRICT_WINDOWS | MW_RESTRICT_UPPERCASE, "CON_.TXT");
}

Test(restrict, nocontrol_keeps_controls_but_never_slash_or_nul)
{
    EXPECT_MODE("a\x01\x1b\x7f" "b", MW_RESTRICT_NOCONTROL, "a\x01\x1b\x7f" "b");
    EXPECT_MODE("a\r\nb", MW_RESTRICT_NOCONTROL, "a\r\nb");
    EXPECT_MODE("a\0b/c", MW_RESTRICT_NOCONTROL, "a%00b%2Fc");
    EXPECT_MODE("\x85:", MW_RESTRICT_WINDOWS | MW_RESTRICT_NOCONTROL, "\x85%3A");
}

Test(restrict, ascii_escapes_high_bytes)
{
    EXPECT_MODE("caf\xc3\xa9\x01", MW_RESTRICT_ASCII, "caf%C3%A9%01");
    EXPECT_MODE("caf\xc3\xa9\x01", MW_RESTRICT_ASCII | MW_RESTRICT_NOCONTROL, "caf%C3%A9\x01");
}

Test(restrict, case_folding_as_wget)
{
    EXPECT_MODE("AbC/\x7f?Q", MW_RESTRICT_LOWERCASE, "abc%2f%7f?q");
    EXPECT_MODE("AbC/\x7f?Q", MW_RESTRICT_UPPERCASE, "ABC%2F%7F?Q");
    EXPECT_MODE("\xc3\xa9", MW_RESTRICT_UPPERCASE, "\xc3\xa9"); /* ASCII only */
    EXPECT_MODE("", MW_RESTRICT_UPPERCASE, "INDEX.HTML");
    EXPECT_MODE("Ab", MW_RESTRICT_LOWERCASE | MW_RESTRICT_UPPERCASE, "ab");
}

Test(restrict, long_names_in_windows_mode_stay_short_and_safe)
{
    /* 300 dots: all trailing, all escaped, cut on an escape boundary */
    char raw[300];
    memset(raw, '.', sizeof raw);
    char *name = mw_name_sanitize_mode(raw, sizeof raw, MW_RESTRICT_WINDOWS);
    cr_assert_eq(strlen(name), 234); /* 78 whole escapes under MW_NAME_MAX */
    cr_assert_eq(name[233], 'E');
    free(name);

    /* a cut that lands after a run of dots must not leave them trailing */
    memset(raw, 'a', sizeof raw);
    memset(raw + 200, '.', 60);
    name = mw_name_sanitize_mode(raw, sizeof raw, MW_RESTRICT_WINDOWS);
    size_t len = strlen(name);
    cr_assert_leq(len, MW_NAME_MAX);
    cr_assert_neq(name[len - 1], '.');
    cr_assert_neq(name[len - 1], ' ');
    free(name);

    /* the whole cut-off part being dots and spaces still leaves a name */
    memset(raw, ' ', 240);
    memset(raw + 240, 'x', 60);
    name = mw_name_sanitize_mode(raw, sizeof raw, MW_RESTRICT_WINDOWS);
    cr_assert_eq(strlen(name), 234);
    cr_assert_eq(strspn(name, "%20"), 234);
    free(name);
}

Test(restrict, modes_reach_url_names)
{
    expect_name_mode("http://h/a?b=c", MW_RESTRICT_WINDOWS, "a@b=c");
    expect_name_mode("http://h/?q=1", MW_RESTRICT_WINDOWS, "index.html@q=1");
    expect_name_mode("http://h/x%3Ay?a?b", MW_RESTRICT_WINDOWS, "x%3Ay@a%3Fb");
    expect_name_mode("http://h/con.txt", MW_RESTRICT_WINDOWS, "con_.txt");
    expect_name_mode("http://h/", MW_RESTRICT_UPPERCASE, "INDEX.HTML");
    expect_name_mode("http://h/?q", MW_RESTRICT_UPPERCASE, "INDEX.HTML?Q");
    expect_name_mode("http://h/a%2fb", MW_RESTRICT_UPPERCASE, "A%2FB");
    expect_name("http://h/a?b=c", "a?b=c");
}

/* --- Content-Disposition ------------------------------------------------- */

static void expect_disp_mode(const char *value, int modes, const char *expected)
{
    char *name = mw_name_from_disposition_mode(value, modes);
    if (!expected) {
        cr_assert_null(name, "%s gave %s", value, name);
        return;
    }
    cr_assert_not_null(name, "%s", value);
    cr_assert_str_eq(name, expected, "%s", value);
    free(name);
}

static void expect_disp(const char *value, const char *expected)
{
    expect_disp_mode(value, 0, expected);
}

Test(disposition, quoted_and_token_forms)
{
    expect_disp("attachment; filename=\"a b.txt\"", "a b.txt");
    expect_disp("attachment; filename=a.txt", "a.txt");
    expect_disp("inline; filename=a.txt", "a.txt");
    expect_disp("attachment;filename=a.txt;size=3", "a.txt");
    expect_disp("attachment; filename = \"x.txt\" ; creation-date=\"y\"", "x.txt");
    expect_disp("attachment; filename=a b.txt ; x=1", "a b.txt"); /* lax, as wget */
    expect_disp("attachment; filename=\"a\\\"b.txt\"", "a\"b.txt");
    expect_disp("attachment; filename=\"\\a\\b.txt\"", "ab.txt"); /* quoted-pairs of plain letters */
    expect_disp("attachment; filename=\"a;b.txt\"", "a;b.txt");
}

Test(disposition, names_case_order_and_duplicates)
{
    expect_disp("attachment; FileName=\"up.txt\"", "up.txt");
    expect_disp("ATTACHMENT; FILENAME*=utf-8''low.txt", "low.txt");
    expect_disp("filename=\"plain.txt\"; attachment", "plain.txt");
    expect_disp("attachment; size=1; filename=last.txt", "last.txt");
    expect_disp("attachment; filename=first.txt; filename=second.txt", "first.txt");
    expect_disp("attachment; name=\"x\"; filenamex=\"y\"", NULL);
    expect_disp("foo-ext; filename=ext.txt", "ext.txt");
}

Test(disposition, ext_value_rfc8187)
{
    expect_disp("attachment; filename*=UTF-8''%e2%82%ac%20rates.txt", "\xe2\x82\xac rates.txt");
    expect_disp("attachment; filename*=UTF-8'en'%41.txt", "A.txt");
    expect_disp("attachment; filename*=ISO-8859-1''%e9t%e9.txt", "\xc3\xa9t\xc3\xa9.txt");
    expect_disp("attachment; filename*=iso-8859-1''caf%E9", "caf\xc3\xa9");
    expect_disp("attachment; filename*=\"UTF-8''q.txt\"", "q.txt"); /* quoted, though it should not be */
    /* filename* wins, in either order */
    expect_disp("attachment; filename*=UTF-8''%e2%82%ac.txt; filename=\"EUR.txt\"", "\xe2\x82\xac.txt");
    expect_disp("attachment; filename=\"EUR.txt\"; filename*=UTF-8''%e2%82%ac.txt", "\xe2\x82\xac.txt");
    /* unknown charset or a malformed ext-value: filename* ignored */
    expect_disp("attachment; filename*=KOI8-R''%e2.txt", NULL);
    expect_disp("attachment; filename*=KOI8-R''%e2.txt; filename=fallback.txt", "fallback.txt");
    expect_disp("attachment; filename*=UTF-8'x.txt; filename=fallback.txt", "fallback.txt");
    expect_disp("attachment; filename*=x.txt", NULL);
    expect_disp("attachment; filename*=UTF-8''dir/; filename=fallback.txt", "fallback.txt");
}

Test(disposition, plain_filename_is_decoded_like_wget)
{
    expect_disp("attachment; filename=\"a%20b.txt\"", "a b.txt");
    expect_disp("attachment; filename=\"100%.txt\"", "100%.txt");
}

Test(disposition, hostile_names_stay_one_component)
{
    expect_disp("attachment; filename=\"../../etc/passwd\"", "passwd");
    expect_disp("attachment; filename=\"/etc/passwd\"", "passwd");
    expect_disp("attachment; filename=\"..\\\\..\\\\x\"", "x");
    expect_disp("attachment; filename=..\\..\\x", "x");
    expect_disp("attachment; filename*=UTF-8''a%2fb", "a%2Fb");
    expect_disp("attachment; filename*=UTF-8''..%2f..%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd");
    expect_disp("attachment; filename*=UTF-8''..%5c..%5cx", "..\\..\\x"); /* not a separator here */
    expect_disp("attachment; filename*=UTF-8''a%00b.txt", "a%00b.txt");
    expect_disp("attachment; filename=\"a\r\nb.txt\"", "a%0D%0Ab.txt");
    expect_disp("attachment; filename=\"\x1b[31mred\"", "%1B[31mred");
    expect_disp("attachment; filename*=UTF-8''%1b%5b31m", "%1B[31m");
}

Test(disposition, no_usable_name)
{
    expect_disp("attachment", NULL);
    expect_disp("", NULL);
    expect_disp("attachment; filename=\"\"", NULL);
    expect_disp("attachment; filename=", NULL);
    expect_disp("attachment; filename", NULL);
    expect_disp("attachment; filename=\"..\"", NULL);
    expect_disp("attachment; filename=\".\"", NULL);
    expect_disp("attachment; filename=\"...\"", NULL);
    expect_disp("attachment; filename=\". .\"", NULL);
    expect_disp("attachment; filename*=UTF-8''%2e%2e", NULL);
    expect_disp("attachment; filename*=UTF-8''", NULL);
    expect_disp("attachment; filename=\"dir/\"", NULL);
    expect_disp("attachment; filename=\"a/..\"", NULL);
    expect_disp("attachment; filename=\"unterminated.txt", NULL);
    expect_disp(";;;", NULL);
    expect_disp("=;=", NULL);
}

Test(disposition, modes_apply)
{
    expect_disp_mode("attachment; filename=\"CON.txt\"", MW_RESTRICT_WINDOWS, "CON_.txt");
    expect_disp_mode("attachment; filename=\"aux\"", MW_RESTRICT_WINDOWS, "aux_");
    expect_disp_mode("attachment; filename=\"a:b?.txt\"", MW_RESTRICT_WINDOWS, "a%3Ab%3F.txt");
    expect_disp_mode("attachment; filename=\"file. \"", MW_RESTRICT_WINDOWS, "file%2E%20");
    expect_disp_mode("attachment; filename=ab.txt", MW_RESTRICT_UPPERCASE, "AB.TXT");
    expect_disp("attachment; filename=\"CON.txt\"", "CON.txt");
}

Test(disposition, long_names_are_cut)
{
    char value[400];
    char name[301];
    memset(name, 'n', 300);
    name[300] = '\0';
    snprintf(value, sizeof value, "attachment; filename=\"%s\"", name);
    char *got = mw_name_from_disposition(value);
    cr_assert_eq(strlen(got), MW_NAME_MAX);
    free(got);
}

/* --- -E ------------------------------------------------------------------ */

static void expect_ext(const char *name, const char *type, int status, const char *expected)
{
    char *got = mw_name_adjust_extension(name, type, status);
    cr_assert_str_eq(got, expected, "%s %s %d", name, type ? type : "(none)", status);
    free(got);
}

Test(adjust_extension, html)
{
    expect_ext("page.php", "text/html", 200, "page.php.html");
    expect_ext("page.php?x=1", "text/html", 200, "page.php?x=1.html");
    expect_ext("a.html?q", "text/html", 200, "a.html?q.html");
    expect_ext("y.txt", "application/xhtml+xml", 200, "y.txt.html");
    expect_ext("y.txt", "TEXT/HTML; charset=utf-8", 200, "y.txt.html");
    expect_ext("y.txt", "text/html ;x", 200, "y.txt.html");
    expect_ext("a.html.gz", "text/html", 200, "a.html.gz.html");
    expect_ext("a.htmlx", "text/html", 200, "a.htmlx.html");
    expect_ext("a.shtml", "text/html", 200, "a.shtml.html");
    expect_ext("a.ht", "text/html", 200, "a.ht.html");
    expect_ext("nothing", NULL, 200, "nothing.html"); /* no Content-Type: wget assumes HTML */
}

Test(adjust_extension, already_html_or_css)
{
    expect_ext("a.html", "text/html", 200, "a.html");
    expect_ext("a.HTM", "text/html", 200, "a.HTM");
    expect_ext("a.HtMl", "text/html", 200, "a.HtMl");
    expect_ext("index.html", "text/html", 200, "index.html");
    expect_ext(".html", "text/html", 200, ".html");
    expect_ext("x.CSS", "text/css", 200, "x.CSS");
    expect_ext("x.css", "TEXT/CSS", 200, "x.css");
}

Test(adjust_extension, css)
{
    expect_ext("x.scss", "text/css", 200, "x.scss.css");
    expect_ext("y", "text/css;charset=x", 200, "y.css");
    expect_ext("y.html", "text/css", 200, "y.html.css");
}

Test(adjust_extension, other_types_unchanged)
{
    expect_ext("y.txt", "text/htmlx", 200, "y.txt");
    expect_ext("y.txt", "text/plain", 200, "y.txt");
    expect_ext("y.txt", "", 200, "y.txt");
    expect_ext("a.bin", "application/octet-stream", 200, "a.bin");
    cr_assert_null(mw_name_adjust_extension(NULL, "text/html", 200));
}

Test(adjust_extension, statuses_as_wget)
{
    expect_ext("p", "text/html", 404, "p.html"); /* --content-on-error saves it */
    expect_ext("p", "text/html", 500, "p.html");
    expect_ext("p", "text/html", 206, "p.html");
    expect_ext("p", "text/html", 304, "p.html");
    expect_ext("p", "text/html", 305, "p.html");
    for (int s = 300; s <= 308; s++)
        if (s < 304 || s > 306)
            expect_ext("p", "text/html", s, "p");
    expect_ext("p", "text/html", 204, "p");
}

/* Found by fuzzing: in windows mode the escapes of trailing dots, added after
 * case folding, stayed upper-case under "lowercase". */
Test(restrict, trailing_escapes_are_folded_too)
{
    EXPECT_MODE("\x01\xa9/..", MW_RESTRICT_WINDOWS | MW_RESTRICT_NOCONTROL | MW_RESTRICT_LOWERCASE,
                "\x01\xa9%2f%2e%2e");
    EXPECT_MODE("A.", MW_RESTRICT_WINDOWS | MW_RESTRICT_LOWERCASE, "a%2e");
}

/* "index.html" for a query-only URL counts towards the MW_NAME_MAX bytes, so -E and
 * ".NNN" still fit in NAME_MAX. */
Test(naming, index_html_with_a_long_query_is_cut_as_a_whole)
{
    char url[400] = "http://h/?";
    memset(url + strlen(url), 'q', 300);
    mw_url u;
    char err[128];
    cr_assert_eq(mw_url_parse(url, &u, err, sizeof err), MW_URL_OK);
    char *name = mw_name_from_url(&u);
    cr_assert_eq(strlen(name), MW_NAME_MAX);
    cr_assert_eq(strncmp(name, "index.html?qqq", 14), 0);
    char *adjusted = mw_name_adjust_extension(name, "text/html", 200);
    cr_assert_eq(strlen(adjusted), MW_NAME_MAX + 5);
    free(adjusted);
    free(name);
    mw_url_free(&u);
}

Test(naming, bidi_controls_are_escaped_like_control_bytes)
{
    /* U+202E RIGHT-TO-LEFT OVERRIDE would show "invoice\u202Efdp.exe" as "invoiceexe.pdf" */
    expect_safe("invoice\xe2\x80\xae" "fdp.exe", 17, "invoice%E2%80%AEfdp.exe");
    expect_safe("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 12, "%E2%80%AA%E2%80%AB%E2%80%AC%E2%80%AD");
    expect_safe("a\xe2\x81\xa6" "b\xe2\x81\xa7" "c\xe2\x81\xa8" "d\xe2\x81\xa9", 16,
                "a%E2%81%A6b%E2%81%A7c%E2%81%A8d%E2%81%A9");
    expect_name("http://h/x%E2%80%AEtxt.exe", "x%E2%80%AEtxt.exe");
}

Test(naming, neighbouring_characters_and_truncated_sequences_stay)
{
    expect_safe("\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", 12, "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
    expect_safe("\xe2\x82\xac", 3, "\xe2\x82\xac"); /* the euro sign */
    expect_safe("a\xe2\x80", 3, "a\xe2\x80");
}

Test(restrict, bidi_controls_follow_the_control_rule)
{
    EXPECT_MODE("a\xe2\x80\xae" "b", MW_RESTRICT_NOCONTROL, "a\xe2\x80\xae" "b");
    EXPECT_MODE("a\xe2\x80\xae" "b", MW_RESTRICT_WINDOWS, "a%E2%80%AEb");
    EXPECT_MODE("a\xe2\x80\xae" "b", MW_RESTRICT_LOWERCASE, "a%e2%80%aeb");
}

Test(disposition, bidi_controls_in_a_server_name_are_escaped)
{
    char *name = mw_name_from_disposition("attachment; filename*=UTF-8''report%E2%80%AEfdp.exe");
    cr_assert_str_eq(name, "report%E2%80%AEfdp.exe");
    free(name);
}

Test(naming, the_uncut_length_is_what_wget_reports)
{
    char url[400] = "http://h/";
    memset(url + strlen(url), 'n', 250);
    strcat(url, ".txt");
    mw_url u;
    cr_assert_eq(mw_url_parse(url, &u, NULL, 0), MW_URL_OK);
    cr_expect_eq(mw_name_uncut_length(&u, 0), 254);
    char *name = mw_name_from_url(&u);
    cr_expect_eq(strlen(name), MW_NAME_MAX);
    free(name);
    mw_url_free(&u);
}
