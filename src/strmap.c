#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static mw_strmap_slot *find(const mw_strmap *m, const char *key)
{
    size_t mask = m->capacity - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || strcmp(m->slots[i].key, key) == 0)
            return &m->slots[i];
}

static int grow(mw_strmap *m)
{
    size_t capacity = m->capacity ? m->capacity * 2 : 64;
    mw_strmap_slot *old = m->slots;
    size_t old_capacity = m->capacity;
    m->slots = calloc(capacity, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return -1;
    }
    m->capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++)
        if (old[i].key)
            *find(m, old[i].key) = old[i];
    free(old);
    return 0;
}

int mw_strmap_put(mw_strmap *m, const char *key, const char *value, bool *added)
{
    if ((m->count + 1) * 4 > m->capacity * 3 && grow(m) < 0) /* at most 3/4 full */
        return -1;
    mw_strmap_slot *slot = find(m, key);
    char *copy = value ? strdup(value) : NULL;
    if (value && !copy)
        return -1;
    if (added)
        *added = slot->key == NULL;
    if (!slot->key) {
        if (!(slot->key = strdup(key))) {
            free(copy);
            return -1;
        }
        m->count++;
    }
    free(slot->value);
    slot->value = copy;
    return 0;
}

bool mw_strmap_get(const mw_strmap *m, const char *key, const char **value)
{
    if (!m->capacity)
        return false;
    const mw_strmap_slot *slot = find(m, key);
    if (slot->key && value)
        *value = slot->value;
    return slot->key != NULL;
}

void mw_strmap_free(mw_strmap *m)
{
    for (size_t i = 0; i < m->capacity; i++) {
        free(m->slots[i].key);
        free(m->slots[i].value);
    }
    free(m->slots);
    memset(m, 0, sizeof *m);
}
