#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int mw_grow(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t most = SIZE_MAX / size;
    if (need > most)
        return -1;
    size_t n = *cap ? *cap : first ? first : need;
    while (n < need)
        n = n > most / 2 ? most : n * 2;
    /* the array's pointer is read and written as bytes, so that callers pass
     * &p for any T *p without a cast (a T * written through a void ** would
     * break the aliasing rules) */
    void *old, *grown;
    memcpy(&old, items, sizeof old);
    if (!(grown = realloc(old, n * size)))
        return -1;
    memcpy(items, &grown, sizeof grown);
    *cap = n;
    return 0;
}

void mw_strbuf_add(mw_strbuf *sb, const char *s, size_t n)
{
    if (sb->failed || n > SIZE_MAX / 4) { /* no piece is that long: a length computed wrongly */
        sb->failed = true;
        return;
    }
    if (mw_grow(&sb->data, &sb->cap, sb->len + n + 1, 1, 64) < 0) {
        sb->failed = true;
        return;
    }
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void mw_strbuf_str(mw_strbuf *sb, const char *s)
{
    mw_strbuf_add(sb, s, strlen(s));
}

char *mw_strbuf_take(mw_strbuf *sb)
{
    if (sb->failed) {
        free(sb->data);
        return NULL;
    }
    return sb->data ? sb->data : strdup("");
}
