/* fields: the small grammars that option values and header fields share:
 * separated lists ("gif, png,jpg", "auth, auth-int") and media types
 * ("text/html; charset=utf-8"). Floor 1: plain text in, nothing else used. */
#ifndef MW_FIELDS_H
#define MW_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

/* The next entry of a list such as "a, b,,c". An entry ends at any byte of
 * separators; bytes of blanks around it are not part of it; empty entries
 * are skipped. *cursor starts at the list (NULL: an empty list) and moves
 * past the entry; *item and *len are the entry, not NUL-terminated.
 * Returns false at the end of the list.
 *
 *     for (const char *p = list, *item; mw_list_next(&p, ",", " \t", &item, &len);)
 *
 * Pass the blanks as separators too where a blank also ends an entry
 * (no_proxy: "a.com b.com" is two hosts). */
bool mw_list_next(const char **cursor, const char *separators, const char *blanks, const char **item, size_t *len);

/* A list read once, to be searched many times. */
typedef struct mw_list {
    char **items; /* the entries as mw_list_next() gives them, NUL-terminated; owned */
    size_t count;
    bool given;   /* the text was not NULL: "-A ," is given and empty, which differs from no -A */
} mw_list;

/* Splits text as mw_list_next() reads it. Returns 0, or -1 when out of
 * memory (out is then empty). text may be NULL. */
int mw_list_split(const char *text, const char *separators, const char *blanks, mw_list *out);
void mw_list_free(mw_list *list);

/* True when word (len bytes) is an entry, compared without regard to case. */
bool mw_list_has(const mw_list *list, const char *word, size_t len);

/* The media type of a Content-Type value: "Text/HTML ; charset=x" gives
 * "text/html" (spaces and tabs around it dropped, lower-cased, without
 * parameters). Returns false, with out empty, when there is none or it does
 * not fit in size bytes. */
bool mw_media_type(const char *content_type, char *out, size_t size);

/* True when content_type's media type is type (given in lower case). */
bool mw_media_type_is(const char *content_type, const char *type);

#endif
