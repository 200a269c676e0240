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
#include <string.h>

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

/* ---- HTML: a start tag, as both readings of a page give it ---- */

/* A page is read by links_html_scan.c (the tokenizer alone, for the common
 * page) or, when the tree builder would change what a tag means, by gumbo
 * (links_html_tree.c); both hand links_html.c the same start tags. */

/* One attribute: its name in lower case, its value with character
 * references undone and line breaks normalized (NUL-terminated; NULL when
 * the scanner skipped it, see mw_html_attr_is_read()), and its raw text in
 * the document without the quotes (for an attribute without a value, its
 * name, as gumbo gives it). */
typedef struct mw_html_attr {
    const char *name;
    const char *value;
    const char *raw;
    size_t raw_len;
} mw_html_attr;

/* A stretch of text inside an element (<style>): as the parser gives it,
 * and raw in the document. */
typedef struct mw_html_text {
    const char *text;
    size_t len;
    const char *raw;
    size_t raw_len;
} mw_html_text;

typedef struct mw_html_tag {
    int tag;           /* a GumboTag */
    const char *name;  /* gumbo's name for it, "unknown" for any other */
    const mw_html_attr *attrs;
    size_t nattrs;
    const mw_html_text *texts; /* a <style>'s text */
    size_t ntexts;
} mw_html_tag;

/* Called for each start tag with attributes (and each <style>), in the
 * order of the source; returns 0, or -1 to stop (out of memory). */
typedef int mw_html_tag_fn(void *arg, const mw_html_tag *tag);

/* The attributes links_html.c reads the value of: the scanner decodes no
 * other. */
static inline bool mw_html_attr_is_read(const char *name)
{
    static const char *const read[] = { "href", "src", "srcset", "lowsrc", "poster", "data", "background",
                                         "content", "style", "rel", "type", "http-equiv", "name" };
    for (size_t i = 0; i < sizeof read / sizeof read[0]; i++)
        if (strcmp(name, read[i]) == 0)
            return true;
    return false;
}

#endif
