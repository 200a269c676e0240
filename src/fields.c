/* fields: separated lists and media types, read the one way every user of
 * them needs (see fields.h). */
#include "fields.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

static bool byte_in(char c, const char *set)
{
    return c != '\0' && strchr(set, c) != NULL;
}

bool mw_list_next(const char **cursor, const char *separators, const char *blanks, const char **item, size_t *len)
{
    const char *p = *cursor;
    if (!p)
        return false;
    while (byte_in(*p, separators) || byte_in(*p, blanks))
        p++;
    if (!*p) {
        *cursor = p;
        return false;
    }
    size_t n = strcspn(p, separators);
    *item = p;
    *cursor = p + n;
    while (n > 0 && byte_in(p[n - 1], blanks))
        n--;
    *len = n;
    return true;
}

int mw_list_split(const char *text, const char *separators, const char *blanks, mw_list *out)
{
    *out = (mw_list){ .given = text != NULL };
    size_t cap = 0, len;
    for (const char *p = text, *item; mw_list_next(&p, separators, blanks, &item, &len);) {
        if (mw_grow(&out->items, &cap, out->count + 1, sizeof *out->items, 8) < 0)
            goto fail;
        if (!(out->items[out->count] = strndup(item, len)))
            goto fail;
        out->count++;
    }
    return 0;
fail:
    mw_list_free(out);
    return -1;
}

void mw_list_free(mw_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    *list = (mw_list){ 0 };
}

bool mw_list_has(const mw_list *list, const char *word, size_t len)
{
    for (size_t i = 0; i < list->count; i++)
        if (strlen(list->items[i]) == len && strncasecmp(list->items[i], word, len) == 0)
            return true;
    return false;
}

bool mw_media_type(const char *content_type, char *out, size_t size)
{
    if (size > 0)
        out[0] = '\0';
    if (!content_type)
        return false;
    const char *p = content_type + strspn(content_type, " \t");
    size_t len = strcspn(p, ";");
    while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= size)
        return false;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)p[i]);
    out[len] = '\0';
    return true;
}

bool mw_media_type_is(const char *content_type, const char *type)
{
    char have[128];
    return mw_media_type(content_type, have, sizeof have) && strcmp(have, type) == 0;
}
