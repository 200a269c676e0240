/* links_internal: what the HTML and CSS extractors (links_html.c,
 * links_css.c) share, behind the interface of links.h.
 *
 * Extraction goes in two steps. A scanner reads one text (an attribute
 * value, a srcset, a stylesheet) and collects the references written in it
 * into an mw_link_refs: where each sits in the text and what it says. The
 * extractor then turns each reference into an mw_link with mw_links_add(),
 * which resolves it against the base URL and appends it to the result list.
 * links.c owns both collections. */
#ifndef MW_LINKS_INTERNAL_H
#define MW_LINKS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "links.h"

/* HTML's ASCII whitespace; also what a reference is trimmed of before it is
 * resolved, wherever it was found. */
static inline bool mw_html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* One reference found in a text. */
typedef struct mw_link_ref {
    size_t start, len; /* the raw reference text within the scanned text */
    char *value;       /* the reference itself (CSS escapes undone); owned */
    size_t value_len;
    const char *attr;  /* set by the CSS scanner: "url" or "import" (static) */
} mw_link_ref;

/* The references of one text, in the order written; at most MW_LINKS_MAX. */
typedef struct mw_link_refs {
    mw_link_ref *items;
    size_t count, cap;
    bool failed; /* out of memory: the list is incomplete */
} mw_link_refs;

/* Appends a reference and takes value (a NULL value is a failed allocation
 * and marks the list failed). */
void mw_link_refs_add(mw_link_refs *r, size_t start, size_t len, char *value, size_t value_len, const char *attr);
/* A reference that is a plain stretch s[start, start + len) of the text. */
void mw_link_refs_add_span(mw_link_refs *r, const char *s, size_t start, size_t len, const char *attr);
void mw_link_refs_free(mw_link_refs *r);

/* Reads the references of a text of n bytes into r. */
typedef void mw_link_scanner(const char *s, size_t n, mw_link_refs *r);

/* url(...) and @import references of CSS text (links_css.c); the HTML
 * extractor uses it for <style> elements and style="" attributes. */
void mw_links_scan_css(const char *s, size_t n, mw_link_refs *r);

/* Resolves reference text (n bytes) against base as a browser reads an
 * attribute. False for what is no link to fetch: empty, fragment-only,
 * another scheme than http(s), longer than MW_LINKS_MAX_URL, unparsable. */
bool mw_links_resolve(const mw_url *base, const char *ref, size_t n, mw_url *out);

/* Appends the link proto describes, with the URL ref resolves to, unless it
 * is no link to fetch (see mw_links_resolve) or out is full. Returns 0, -1
 * only when out of memory. */
int mw_links_add(mw_links *out, const mw_url *base, const char *ref, size_t n, const mw_link *proto);

#endif
