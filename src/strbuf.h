/* strbuf: a growable string for building text piece by piece; an
 * allocation failure is remembered and reported once, by mw_strbuf_take.
 * Also mw_grow, the one way an array of (items, count, cap) grows. */
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

/* Room for at least `need` items of `size` bytes in the array whose pointer
 * is at `items` (any T **, e.g. &r->fields) and whose capacity, in items, is
 * *cap: doubles from *cap, or from `first` when the array is empty, until
 * `need` fits. 0 when there is room; -1, with the array and *cap untouched,
 * when out of memory or when the size would overflow. */
int mw_grow(void *items, size_t *cap, size_t need, size_t size, size_t first);

#endif
