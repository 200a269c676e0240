/* naming: wget's file names, made safe to join to the target directory. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "miniwget/naming.h"

static void expect_name(const char *url_text, const char *expected)
{
    mw_url u;
    char err[128];
    cr_assert_eq(mw_url_parse(url_text, &u, err, sizeof err), MW_URL_OK, "%s", url_text);
    char *name = mw_name_from_url(&u);
    cr_assert_str_eq(name, expected, "%s", url_text);
    free(name);
    mw_url_free(&u);
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

Test(naming, long_names_are_cut_cleanly)
{
    char raw[600];
    memset(raw, 'a', sizeof raw);
    char *name = mw_name_sanitize(raw, sizeof raw);
    cr_assert_eq(strlen(name), 240);
    free(name);

    /* a cut that would split an escape drops the whole escape */
    char slashes[300];
    memset(slashes, '/', sizeof slashes);
    name = mw_name_sanitize(slashes, sizeof slashes);
    cr_assert_leq(strlen(name), 240);
    cr_assert_eq(strlen(name) % 3, 0);
    free(name);

    /* a cut that would split a UTF-8 sequence drops the whole character */
    char utf8[400];
    for (size_t i = 0; i + 1 < sizeof utf8; i += 2) {
        utf8[i] = '\xc3';
        utf8[i + 1] = '\xa9';
    }
    name = mw_name_sanitize(utf8, sizeof utf8);
    cr_assert_leq(strlen(name), 240);
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
    cr_assert_leq(strlen(name), 240);
    free(name);
}

Test(naming, numbered_alternatives)
{
    char *a = mw_name_numbered("f", 0), *b = mw_name_numbered("f", 3);
    cr_assert_str_eq(a, "f");
    cr_assert_str_eq(b, "f.3");
    free(a);
    free(b);
}
