/* strbuf: the growable string, and mw_grow, the array growth every module
 * shares. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

Test(grow, starts_at_first_then_doubles_until_the_need_fits)
{
    int *items = NULL;
    size_t cap = 0;
    cr_assert_eq(mw_grow(&items, &cap, 1, sizeof *items, 16), 0);
    cr_expect_eq(cap, 16);
    cr_assert_not_null(items);
    for (int i = 0; i < 16; i++)
        items[i] = i;
    cr_assert_eq(mw_grow(&items, &cap, 17, sizeof *items, 16), 0);
    cr_expect_eq(cap, 32);
    cr_assert_eq(mw_grow(&items, &cap, 100, sizeof *items, 16), 0);
    cr_expect_eq(cap, 128);
    for (int i = 0; i < 16; i++)
        cr_expect_eq(items[i], i, "item %d moved with the array", i);
    free(items);
}

Test(grow, room_enough_leaves_the_array_alone)
{
    char *bytes = malloc(64), *before = bytes;
    cr_assert_not_null(bytes);
    size_t cap = 64;
    cr_expect_eq(mw_grow(&bytes, &cap, 64, 1, 16), 0);
    cr_expect_eq(bytes, before);
    cr_expect_eq(cap, 64);
    cr_expect_eq(mw_grow(&bytes, &cap, 0, 1, 16), 0);
    cr_expect_eq(cap, 64);
    free(bytes);
}

Test(grow, an_empty_array_with_no_first_size_gets_exactly_the_need)
{
    double *items = NULL;
    size_t cap = 0;
    cr_assert_eq(mw_grow(&items, &cap, 5, sizeof *items, 0), 0);
    cr_expect_eq(cap, 5);
    free(items);
}

Test(grow, a_size_that_would_overflow_is_refused_and_nothing_changes)
{
    long *items = malloc(4 * sizeof *items), *before = items;
    cr_assert_not_null(items);
    size_t cap = 4;
    cr_expect_eq(mw_grow(&items, &cap, SIZE_MAX / sizeof *items + 1, sizeof *items, 16), -1);
    cr_expect_eq(items, before);
    cr_expect_eq(cap, 4);
    free(items);
}

Test(strbuf, pieces_join_into_one_string)
{
    mw_strbuf sb = { 0 };
    mw_strbuf_str(&sb, "hello");
    for (int i = 0; i < 100; i++) /* past the first 64 bytes */
        mw_strbuf_add(&sb, ", world", 2);
    char *s = mw_strbuf_take(&sb);
    cr_assert_not_null(s);
    cr_expect_eq(strlen(s), 5 + 200);
    cr_expect_eq(strncmp(s, "hello, , ", 9), 0);
    free(s);
}
