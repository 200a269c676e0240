#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "fields.h"

/* Joins the entries mw_list_next() gives as "a|b|c". */
static const char *entries(const char *list, const char *separators, const char *blanks)
{
    static char out[256];
    out[0] = '\0';
    size_t len;
    for (const char *p = list, *item; mw_list_next(&p, separators, blanks, &item, &len);)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s", out[0] ? "|" : "", (int)len, item);
    return out;
}

Test(list, entries_end_at_commas_and_lose_their_blanks)
{
    cr_expect_str_eq(entries("gif, png ,\tjpg", ",", " \t"), "gif|png|jpg");
    cr_expect_str_eq(entries("my file.txt,b", ",", " "), "my file.txt|b");
}

Test(list, empty_entries_and_blank_lists_give_nothing)
{
    cr_expect_str_eq(entries(",,a,, ,b,", ",", " "), "a|b");
    cr_expect_str_eq(entries("", ",", " "), "");
    cr_expect_str_eq(entries(" , ,", ",", " "), "");
    cr_expect_str_eq(entries(NULL, ",", " "), "");
}

Test(list, blanks_may_also_separate)
{
    cr_expect_str_eq(entries("a.com b.com,\tc.com", ", \t", ""), "a.com|b.com|c.com");
}

Test(list, blanks_only_trimmed_where_asked)
{
    cr_expect_str_eq(entries(" a ,b\t", ",", ""), " a |b\t");
    cr_expect_str_eq(entries("a\n, b\f", ",", " \t\n\r\f"), "a|b");
}

Test(list, cursor_stays_at_the_end)
{
    const char *p = "a", *item;
    size_t len;
    cr_assert(mw_list_next(&p, ",", " ", &item, &len));
    cr_expect(!mw_list_next(&p, ",", " ", &item, &len));
    cr_expect(!mw_list_next(&p, ",", " ", &item, &len));
    cr_expect_eq(*p, '\0');
}

Test(list, split_keeps_entries_and_whether_given)
{
    mw_list l;
    cr_assert_eq(mw_list_split(" A ,b,,c", ",", " \t", &l), 0);
    cr_assert_eq(l.count, 3);
    cr_expect(l.given);
    cr_expect_str_eq(l.items[0], "A");
    cr_expect_str_eq(l.items[2], "c");
    cr_expect(mw_list_has(&l, "a", 1));
    cr_expect(mw_list_has(&l, "bx", 1));
    cr_expect(!mw_list_has(&l, "ab", 2));
    mw_list_free(&l);
    cr_expect_eq(l.count, 0);

    cr_assert_eq(mw_list_split(",", ",", " ", &l), 0);
    cr_expect(l.given);
    cr_expect_eq(l.count, 0);
    mw_list_free(&l);
    cr_assert_eq(mw_list_split(NULL, ",", " ", &l), 0);
    cr_expect(!l.given);
    cr_expect(!mw_list_has(&l, "a", 1));
    mw_list_free(&l);
}

Test(media_type, type_without_parameters_lower_cased)
{
    char t[32];
    cr_assert(mw_media_type("Text/HTML; charset=UTF-8", t, sizeof t));
    cr_expect_str_eq(t, "text/html");
    cr_assert(mw_media_type(" \ttext/css \t;x", t, sizeof t));
    cr_expect_str_eq(t, "text/css");
    cr_assert(mw_media_type("application/xhtml+xml", t, sizeof t));
    cr_expect_str_eq(t, "application/xhtml+xml");
}

Test(media_type, none_or_too_long)
{
    char t[8];
    cr_expect(!mw_media_type(NULL, t, sizeof t));
    cr_expect_str_eq(t, "");
    cr_expect(!mw_media_type(" ; charset=x", t, sizeof t));
    cr_expect(!mw_media_type("text/html", t, sizeof t)); /* 9 bytes and the NUL do not fit in 8 */
    cr_expect_str_eq(t, "");
}

Test(media_type, is_compares_the_type_only)
{
    cr_expect(mw_media_type_is("TEXT/html;charset=x", "text/html"));
    cr_expect(mw_media_type_is("text/html ", "text/html"));
    cr_expect(!mw_media_type_is("text/html5", "text/html"));
    cr_expect(!mw_media_type_is("text/html foo", "text/html"));
    cr_expect(!mw_media_type_is(NULL, "text/html"));
}
