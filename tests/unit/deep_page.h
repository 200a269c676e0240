/* deep_page: a page of one link and then `depth` unclosed <div>s, for the
 * links tests. Deep nesting is quadratic for gumbo's tree and plain to the
 * tokenizer. The caller frees it. */
#ifndef MW_TEST_DEEP_PAGE_H
#define MW_TEST_DEEP_PAGE_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static inline char *deep_page(size_t depth)
{
    char *page = malloc(depth * 5 + 32);
    cr_assert(page);
    strcpy(page, "<a href=\"first.html\">");
    size_t at = strlen(page);
    for (size_t i = 0; i < depth; i++)
        memcpy(page + at + i * 5, "<div>", 5);
    page[at + depth * 5] = '\0';
    return page;
}

#endif
