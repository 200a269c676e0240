/* strmap: a string-keyed hash map (open addressing), for the URLs a crawl
 * has seen and the files it saved them to. */
#ifndef MW_STRMAP_H
#define MW_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mw_strmap_slot {
    char *key;   /* NULL: empty */
    char *value; /* may be NULL */
} mw_strmap_slot;

typedef struct mw_strmap {
    mw_strmap_slot *slots;
    size_t count, capacity;
} mw_strmap;

/* Sets key to value (a copy; NULL is a value too), replacing an earlier
 * value. *added (when not NULL) tells whether the key is new. -1 when out of memory. */
int mw_strmap_put(mw_strmap *m, const char *key, const char *value, bool *added);
/* True when key is there; *value (when not NULL) receives its value. */
bool mw_strmap_get(const mw_strmap *m, const char *key, const char **value);
void mw_strmap_free(mw_strmap *m);

#endif
