/* strbuf: a growable string for building text piece by piece; an
 * allocation failure is remembered and reported once, by mw_strbuf_take. */
#ifndef MW_STRBUF_H
#define MW_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mw_strbuf {
    char *data;
    size_t len, cap;
    bool failed;
} mw_strbuf;

void mw_strbuf_add(mw_strbuf *sb, const char *s, size_t n);
void mw_strbuf_str(mw_strbuf *sb, const char *s);
/* The built string ("" when nothing was added); NULL when out of memory.
 * The caller frees it. */
char *mw_strbuf_take(mw_strbuf *sb);

#endif
