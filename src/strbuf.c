#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void mw_strbuf_add(mw_strbuf *sb, const char *s, size_t n)
{
    if (sb->failed || n > SIZE_MAX / 4) { /* no piece is that long: a length computed wrongly */
        sb->failed = true;
        return;
    }
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 64;
        while (cap < sb->len + n + 1)
            cap *= 2;
        char *d = realloc(sb->data, cap);
        if (!d) {
            sb->failed = true;
            return;
        }
        sb->data = d;
        sb->cap = cap;
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
